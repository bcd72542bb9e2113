import { clsx } from "clsx";

/** A column header: its label, or the label with how the column is drawn. */
export type Column =
  | string
  | {
      label: React.ReactNode;
      /** React key when the label is not a string. */
      key?: string;
      align?: "left" | "right";
      /** The header's tooltip. */
      title?: string;
      /** Read by screen readers only (a key/value table shows no header row). */
      hidden?: boolean;
    };

/**
 * The dashboard's table: a header row, horizontal scrolling for narrow screens, and by default a
 * last, unlabelled column for each row's actions. `framed` draws it as a bordered card of its own;
 * without, it fits inside a card that already has one. `below` sits under the table, inside the frame.
 *
 * @example
 * <ListTable columns={["Name", { label: "Size", align: "right" }]} actions={false}>
 *   {rows.map((row) => <tr key={row.id}>…</tr>)}
 * </ListTable>
 */
export function ListTable({
  columns,
  children,
  below,
  actions = true,
  framed = true,
  dense = false,
  label,
  testId,
}: {
  columns: Column[];
  children: React.ReactNode;
  below?: React.ReactNode;
  actions?: boolean;
  framed?: boolean;
  /** Smaller text for key/value lists. */
  dense?: boolean;
  /** The table's accessible name. */
  label?: string;
  testId?: string;
}) {
  const headers = columns.map((column) => (typeof column === "string" ? { label: column, key: column } : column));
  const hiddenHead = headers.every((header) => header.hidden) && !actions;
  const table = (
    <div className="overflow-x-auto">
      <table aria-label={label} data-testid={testId} className={clsx("w-full", dense ? "text-[13px]" : "text-sm")}>
        <thead className={clsx(hiddenHead ? "sr-only" : "border-b border-slate-200 bg-slate-50 text-left text-xs text-slate-500")}>
          <tr>
            {headers.map((header, index) => (
              <th
                key={header.key ?? String(header.label)}
                scope="col"
                title={header.title}
                className={clsx(
                  "py-2 font-medium",
                  index === 0 ? "pr-3 pl-4" : "px-3",
                  header.align === "right" && "text-right",
                  header.hidden && "sr-only",
                )}
              >
                {header.label}
              </th>
            ))}
            {actions ? (
              <th scope="col" className="px-3 py-2 pr-4 text-right font-medium">
                <span className="sr-only">Actions</span>
              </th>
            ) : null}
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">{children}</tbody>
      </table>
    </div>
  );
  if (!framed) {
    return below ? (
      <div>
        {table}
        {below}
      </div>
    ) : (
      table
    );
  }
  return (
    <section className="rounded-lg border border-slate-200 bg-white">
      {table}
      {below}
    </section>
  );
}

/**
 * KEY=value pairs (environment, labels) as a two-column ListTable, or `empty` when there are none.
 *
 * @example <PairTable pairs={[["PATH", "/usr/bin"]]} empty="no variables" names={["Variable", "Value"]} />
 */
export function PairTable({
  pairs,
  empty,
  names = ["Name", "Value"],
  testId,
}: {
  pairs: readonly (readonly [string, string])[];
  empty: string;
  /** The two columns' names, for screen readers. */
  names?: readonly [string, string];
  testId?: string;
}) {
  if (pairs.length === 0) {
    return (
      <p data-testid={testId} className="py-1 text-sm">
        <span className="text-slate-400 italic">{empty}</span>
      </p>
    );
  }
  return (
    <ListTable
      columns={[
        { label: names[0], hidden: true },
        { label: names[1], hidden: true },
      ]}
      actions={false}
      framed={false}
      dense
      testId={testId}
    >
      {pairs.map(([key, value], index) => (
        <tr key={`${key}-${index}`}>
          <td className="py-1 pr-3 align-top font-mono font-medium break-all text-slate-700">{key}</td>
          <td className="py-1 font-mono break-all text-slate-600">{value}</td>
        </tr>
      ))}
    </ListTable>
  );
}
