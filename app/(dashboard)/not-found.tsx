import Link from "next/link";

export default function NotFound() {
  return (
    <section data-testid="page-not-found" className="mx-auto max-w-lg space-y-3 py-16 text-center">
      <p className="text-5xl font-semibold text-slate-300">404</p>
      <h1 className="text-xl font-semibold">This page does not exist</h1>
      <p className="text-sm text-slate-500">
        Nothing lives at this address. The images on the engine and the audit log of changes made to them are here:
      </p>
      <div className="flex justify-center gap-2 pt-2">
        <Link href="/images" className="rounded-md bg-sky-600 px-3 py-1.5 text-sm font-medium text-white hover:bg-sky-700">
          Images
        </Link>
        <Link
          href="/audit"
          className="rounded-md px-3 py-1.5 text-sm font-medium text-slate-700 ring-1 ring-slate-300 ring-inset hover:bg-slate-50"
        >
          Audit log
        </Link>
      </div>
    </section>
  );
}
