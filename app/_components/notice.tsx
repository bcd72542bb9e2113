import { clsx } from "clsx";

const TONES = {
  error: "border-red-200 bg-red-50 text-red-900",
  warning: "border-amber-200 bg-amber-50 text-amber-900",
  info: "border-sky-200 bg-sky-50 text-sky-900",
} as const;

/** A full-width message box for states a page cannot render its data in. */
export function Notice({
  tone,
  title,
  children,
  testId,
}: {
  tone: "error" | "warning" | "info";
  title: React.ReactNode;
  children?: React.ReactNode;
  testId?: string;
}) {
  return (
    <div
      role={tone === "error" ? "alert" : "status"}
      data-testid={testId}
      className={clsx("rounded-lg border px-4 py-3 text-sm", TONES[tone])}
    >
      <p className="font-semibold">{title}</p>
      {children ? <div className="mt-1 opacity-90">{children}</div> : null}
    </div>
  );
}
