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
      /**
       * Drop the column (header and cells) on screens narrower than this breakpoint: the
       * priority of a column. A row should repeat what matters of it elsewhere for phones.
       */
      hideBelow?: Breakpoint;
      /** The column the rows are sorted by, and how (the label is then usually a sort button). */
      sort?: "ascending" | "descending" | "none";
      /** Extra classes for the header cell (a width, say). */
      className?: string;
    };

/** Tailwind's breakpoints, in CSS pixels. */
const BREAKPOINTS = { sm: 640, md: 768, lg: 1024, xl: 1280 } as const;
export type Breakpoint = keyof typeof BREAKPOINTS;

/** Columns a table may have; more than this and a column's hiding rule does not exist. */
const MAX_COLUMNS = 16;

/**
 * One stylesheet for every table: `data-hide="md-3"` drops the third cell of every row below
 * the md breakpoint. Rules by attribute rather than a class per cell, so a row component need
 * not know which of its cells give way on a phone. No child combinator: React would escape ">".
 */
const HIDE_CSS = Object.entries(BREAKPOINTS)
  .map(([name, px]) => {
    const selectors = Array.from({ length: MAX_COLUMNS }, (_, index) => {
      const nth = index + 1;
      return `table[data-hide~=${name}-${nth}] :is(thead,tbody) tr :is(th,td):nth-child(${nth})`;
    });
    return `@media (max-width: ${px - 0.02}px) { ${selectors.join(", ")} { display: none; } }`;
  })
  .join("\n");

/** The `data-hide` value of a table whose columns carry `hideBelow`. */
function hideTokens(headers: readonly { hideBelow?: Breakpoint }[]): string | undefined {
  const tokens = headers.flatMap((header, index) => (header.hideBelow ? [`${header.hideBelow}-${index + 1}`] : []));
  return tokens.length ? tokens.join(" ") : undefined;
}

/**
 * The dashboard's table: a header row, columns that give way on narrow screens (`hideBelow`),
 * horizontal scrolling as the last resort, and by default a last, unlabelled column for each row's
 * actions. `framed` draws it as a bordered card of its own;
 * without, it fits inside a card that already has one. `below` sits under the table, inside the frame.
 *
 * @example
 * <ListTable columns={["Name", { label: "Size", align: "right", hideBelow: "md" }]} actions={false}>
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
  const hide = hideTokens(headers);
  const table = (
    // relative: screen-reader-only text in cells is absolutely positioned, and would otherwise hang
    // outside the scroll box and widen the page.
    <div className="relative overflow-x-auto">
      {hide ? (
        // React hoists this into <head> once, however many tables render it.
        <style href="list-table-priority" precedence="default">
          {HIDE_CSS}
        </style>
      ) : null}
      <table aria-label={label} data-testid={testId} data-hide={hide} className={clsx("w-full", dense ? "text-[13px]" : "text-sm")}>
        <thead className={clsx(hiddenHead ? "sr-only" : "border-b border-slate-200 bg-slate-50 text-left text-xs text-slate-500")}>
          <tr>
            {headers.map((header, index) => (
              <th
                key={header.key ?? String(header.label)}
                scope="col"
                title={header.title}
                aria-sort={header.sort}
                className={clsx(
                  "py-2 font-medium",
                  index === 0 ? "pr-3 pl-4" : "px-3",
                  header.align === "right" && "text-right",
                  header.hidden && "sr-only",
                  header.className,
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
