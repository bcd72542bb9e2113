// In the (list) route group so that it wraps the list page only: a loading boundary above
// images/[ref] would start streaming (status 200) before the detail page can call notFound().
export default function Loading() {
  return (
    <div className="animate-pulse space-y-5" aria-busy="true" aria-label="Loading images">
      <div className="h-8 w-40 rounded bg-slate-200" />
      <div className="grid grid-cols-4 gap-3">
        {[0, 1, 2, 3].map((index) => (
          <div key={index} className="h-24 rounded-lg bg-slate-200" />
        ))}
      </div>
      <div className="h-96 rounded-lg bg-slate-200" />
    </div>
  );
}
