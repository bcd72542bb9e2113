"use client";

import { Button } from "@/app/_components/button";
import { inputClass } from "@/app/_components/field";
import type { LabelRow, Row } from "@/lib/containers/launch-form";

let lastRowId = 0;
/** A fresh row id: unique for the page's life, which is all React keys need. */
export function nextRowId(): number {
  lastRowId += 1;
  return lastRowId;
}

/** How a row's inputs are named and whether (and where) their problem is said. */
type RowInputState = { name: string; invalid: boolean; describedBy: string | undefined };

type RowListProps<T extends { id: number }> = {
  id: string;
  legend: string;
  rows: T[];
  onChange: (rows: T[]) => void;
  problems: Record<number, string>;
  problem?: string;
  hint?: React.ReactNode;
  addLabel: string;
  /** Drawn after a row's inputs, before its remove button. */
  renderAfter?: (row: T) => React.ReactNode;
};

/**
 * A list of inputs that repeat one flag (`-e`, `-p`, `-v`, `-l`): a legend and hint, one line per
 * row with a remove button and the row's problem under it, and an add button. `renderInputs`
 * draws a row's inputs; `update` merges a change into that row.
 */
function RowList<T extends { id: number }>({
  id,
  legend,
  rows,
  onChange,
  problems,
  problem,
  hint,
  addLabel,
  renderAfter,
  blank,
  renderInputs,
}: RowListProps<T> & {
  blank: () => Omit<T, "id">;
  renderInputs: (row: T, input: RowInputState, update: (change: Partial<Omit<T, "id">>) => void) => React.ReactNode;
}) {
  return (
    <fieldset data-testid={`${id}-rows`} className="min-w-0">
      <legend className="mb-1 block text-xs font-medium text-slate-600">{legend}</legend>
      {hint ? <div className="mb-1.5 text-xs text-slate-400">{hint}</div> : null}
      <ul className="space-y-1.5">
        {rows.map((row, index) => {
          const rowProblem = problems[row.id];
          const problemId = `${id}-row-${row.id}-problem`;
          const update = (change: Partial<Omit<T, "id">>) =>
            onChange(rows.map((each) => (each.id === row.id ? { ...each, ...change } : each)));
          return (
            <li key={row.id} data-testid={`${id}-row`}>
              <div className="flex items-center gap-1.5">
                {renderInputs(
                  row,
                  { name: `${legend} ${index + 1}`, invalid: rowProblem !== undefined, describedBy: rowProblem ? problemId : undefined },
                  update,
                )}
                {renderAfter?.(row)}
                <Button
                  variant="ghost"
                  size="sm"
                  onClick={() => onChange(rows.filter((each) => each.id !== row.id))}
                  aria-label={`Remove ${legend} ${index + 1}`}
                >
                  ×
                </Button>
              </div>
              {rowProblem ? (
                <p id={problemId} role="alert" data-testid="field-problem" className="mt-1 text-xs break-words text-red-700">
                  {rowProblem}
                </p>
              ) : null}
            </li>
          );
        })}
      </ul>
      <div className="mt-1.5 flex flex-wrap items-center gap-x-3 gap-y-1">
        <Button variant="ghost" size="sm" onClick={() => onChange([...rows, { ...blank(), id: nextRowId() } as T])}>
          + {addLabel}
        </Button>
        {problem ? (
          <p role="alert" data-testid="field-problem" className="text-xs break-words text-red-700">
            {problem}
          </p>
        ) : null}
      </div>
    </fieldset>
  );
}

function RowInput({
  name,
  value,
  onChange,
  placeholder,
  invalid,
  describedBy,
}: {
  name: string;
  value: string;
  onChange: (value: string) => void;
  placeholder: string;
  invalid: boolean;
  describedBy?: string;
}) {
  return (
    <input
      aria-label={name}
      aria-describedby={describedBy}
      autoComplete="off"
      spellCheck={false}
      value={value}
      placeholder={placeholder}
      onChange={(event) => onChange(event.target.value)}
      aria-invalid={invalid}
      className={inputClass(invalid, "font-mono")}
    />
  );
}

/** Rows of one value each, in the flag's own syntax (`KEY=value`, `8080:80`, `data:/data`). */
export function ValueRows({ placeholder, ...props }: RowListProps<Row> & { placeholder: string }) {
  return (
    <RowList
      {...props}
      blank={() => ({ value: "" })}
      renderInputs={(row, input, update) => (
        <RowInput
          name={input.name}
          value={row.value}
          onChange={(value) => update({ value })}
          placeholder={placeholder}
          invalid={input.invalid}
          describedBy={input.describedBy}
        />
      )}
    />
  );
}

/** Rows of a key and a value (`-l key=value`). */
export function KeyValueRows(props: RowListProps<LabelRow>) {
  return (
    <RowList
      {...props}
      blank={() => ({ key: "", value: "" })}
      renderInputs={(row, input, update) => (
        <>
          <RowInput
            name={`${input.name} key`}
            value={row.key}
            onChange={(key) => update({ key })}
            placeholder="key"
            invalid={input.invalid}
            describedBy={input.describedBy}
          />
          <span className="text-slate-400" aria-hidden>
            =
          </span>
          <RowInput
            name={`${input.name} value`}
            value={row.value}
            onChange={(value) => update({ value })}
            placeholder="value"
            invalid={false}
          />
        </>
      )}
    />
  );
}
