/** Sign-in and setup: one centred card on an empty page, no dashboard header. */
export default function AuthLayout({ children }: { children: React.ReactNode }) {
  return <main className="flex min-h-screen items-center justify-center bg-slate-100 px-4 py-12">{children}</main>;
}
