import type { UseFormRegisterReturn } from "react-hook-form";
import { z } from "zod";
import { Field, inputClass } from "@/app/_components/field";
import { splitLines } from "@/app/_lib/forms";
import { labelsFromLines } from "@/lib/docker/object-fields";

/**
 * The labels box as typed (`key=value` lines) → the labels object the API takes, or undefined when
 * the box is empty so that the body leaves labels out.
 */
export function labelLines() {
  return z.string().transform((value) => {
    const lines = splitLines(value);
    return lines.length ? labelsFromLines(lines) : undefined;
  });
}

/** A textarea for `--label key=value`, one per line (parsed by `labelLines`). */
export function LabelsField({ id, problem, field }: { id: string; problem: string | null; field: UseFormRegisterReturn }) {
  return (
    <Field label="Labels" htmlFor={id} problem={problem} hint="One key=value per line.">
      <textarea id={id} rows={2} spellCheck={false} className={inputClass(problem !== null, "font-mono")} {...field} />
    </Field>
  );
}
