"use client";

import { useCallback, useState } from "react";
import { Button } from "./button";
import type { Column } from "./list-table";

/**
 * The IDs of the rows ticked for a bulk action, with toggling one and ticking or clearing all shown.
 *
 * @example const selection = useSelection(); selection.toggle(id); selection.setAll(rows.map((row) => row.id), true)
 */
export function useSelection() {
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const toggle = useCallback(
    (id: string) =>
      setSelected((current) => {
        const next = new Set(current);
        if (next.has(id)) next.delete(id);
        else next.add(id);
        return next;
      }),
    [],
  );
  const setAll = useCallback(
    (ids: readonly string[], on: boolean) =>
      setSelected((current) => {
        const next = new Set(current);
        for (const id of ids) {
          if (on) next.add(id);
          else next.delete(id);
        }
        return next;
      }),
    [],
  );
  const clear = useCallback(() => setSelected(new Set()), []);
  return { selected, toggle, setAll, clear };
}

/** The header's box: ticks or clears every row shown; half-ticked when only some are. */
export function SelectAll({
  rows,
  selected,
  label,
  onChange,
}: {
  rows: number;
  selected: number;
  label: string;
  onChange: (all: boolean) => void;
}) {
  return (
    <input
      type="checkbox"
      aria-label={label}
      data-testid="select-all"
      disabled={rows === 0}
      checked={rows > 0 && selected === rows}
      ref={(element) => {
        if (element) element.indeterminate = selected > 0 && selected < rows;
      }}
      onChange={(event) => onChange(event.target.checked)}
      className="size-4 rounded border-slate-300 accent-sky-600"
    />
  );
}

/**
 * The first column of a list with bulk actions: its header box ticks or clears every row shown.
 *
 * @example columns={[selectColumn({ ids: rows.map((row) => row.id), selection, label: "Select all images shown" }), ...]}
 */
export function selectColumn({
  ids,
  selection,
  label,
}: {
  /** The rows shown, in order. */
  ids: readonly string[];
  selection: Pick<ReturnType<typeof useSelection>, "selected" | "setAll">;
  label: string;
}): Column {
  return {
    key: "select",
    className: "w-8",
    label: (
      <SelectAll
        rows={ids.length}
        selected={ids.filter((id) => selection.selected.has(id)).length}
        label={label}
        onChange={(all) => selection.setAll(ids, all)}
      />
    ),
  };
}

/** A row's own box in the select column. */
export function SelectRow({
  checked,
  onChange,
  label,
  testId,
}: {
  checked: boolean;
  onChange: () => void;
  /** "Select web-1". */
  label: string;
  testId: string;
}) {
  return (
    <td className="py-2.5 pr-1 pl-4">
      <input
        type="checkbox"
        checked={checked}
        onChange={onChange}
        data-testid={testId}
        aria-label={label}
        className="size-4 rounded border-slate-300 accent-sky-600"
      />
    </td>
  );
}

/** "N selected" with the bulk actions, above the table while something is ticked. */
export function SelectionBar({
  count,
  noun,
  actions,
  onClear,
}: {
  count: number;
  noun: string;
  actions: React.ReactNode;
  onClear: () => void;
}) {
  return (
    <div
      data-testid="bulk-bar"
      role="status"
      className="flex flex-wrap items-center gap-2 border-b border-sky-200 bg-sky-50 px-4 py-2 text-sm text-sky-950"
    >
      <span className="font-medium">
        {count} {noun}
        {count === 1 ? "" : "s"} selected
      </span>
      <span className="ml-auto flex flex-wrap gap-2">
        <Button size="sm" variant="ghost" onClick={onClear}>
          Clear selection
        </Button>
        {actions}
      </span>
    </div>
  );
}
