/** Three stacked layers: the app's subject in one glyph. */
export function LogoMark({ className = "size-6" }: { className?: string }) {
  return (
    <svg viewBox="0 0 24 24" className={className} aria-hidden>
      <rect x="3" y="15" width="18" height="5" rx="1.5" className="fill-sky-500" />
      <rect x="5" y="9" width="14" height="5" rx="1.5" className="fill-sky-400" />
      <rect x="7" y="3" width="10" height="5" rx="1.5" fill="none" strokeDasharray="2 1.5" className="stroke-sky-300" strokeWidth="1.2" />
    </svg>
  );
}
