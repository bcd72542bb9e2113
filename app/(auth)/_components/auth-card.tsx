import { LogoMark } from "@/app/_components/logo-mark";

/** The card the sign-in and setup forms sit in, under the product name. */
export function AuthCard({ title, subtitle, children }: { title: string; subtitle?: React.ReactNode; children: React.ReactNode }) {
  return (
    <div className="w-full max-w-sm">
      <div className="mb-6 flex items-center justify-center gap-2 text-slate-900">
        <LogoMark />
        <span className="text-lg font-semibold tracking-tight">Image dashboard</span>
      </div>
      <section className="rounded-xl border border-slate-200 bg-white p-6 shadow-sm">
        <h1 className="text-lg font-semibold">{title}</h1>
        {subtitle ? <p className="mt-1 text-sm text-slate-500">{subtitle}</p> : null}
        <div className="mt-5">{children}</div>
      </section>
    </div>
  );
}
