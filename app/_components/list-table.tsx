/**
 * The bordered, horizontally scrolling table of an admin list (users, tokens), with a last,
 * unlabelled column for each row's actions. `below` sits under the table inside the border.
 */
export function ListTable({ columns, children, below }: { columns: string[]; children: React.ReactNode; below?: React.ReactNode }) {
  return (
    <section className="rounded-lg border border-slate-200 bg-white">
      <div className="overflow-x-auto">
        <table className="w-full text-sm">
          <thead className="border-b border-slate-200 bg-slate-50 text-left text-xs text-slate-500">
            <tr>
              {columns.map((column, index) => (
                <th key={column} scope="col" className={index === 0 ? "py-2 pr-3 pl-4 font-medium" : "px-3 py-2 font-medium"}>
                  {column}
                </th>
              ))}
              <th scope="col" className="px-3 py-2 pr-4 text-right font-medium">
                <span className="sr-only">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">{children}</tbody>
        </table>
      </div>
      {below}
    </section>
  );
}
