import { clsx } from "clsx";
import { cloneElement, isValidElement } from "react";

type ControlProps = { "aria-describedby"?: string; "aria-invalid"?: React.AriaAttributes["aria-invalid"] };

/**
 * A labelled form control with an optional hint, or the problem with its value in place of the
 * hint. The control (the one child element, with `id` = `htmlFor`) is given `aria-invalid` and
 * `aria-describedby` pointing at the problem or hint, so a screen reader reads them with it.
 */
export function Field({
  label,
  htmlFor,
  problem,
  hint,
  children,
  className,
}: {
  label: string;
  htmlFor: string;
  problem?: string | null;
  hint?: React.ReactNode;
  children: React.ReactNode;
  className?: string;
}) {
  const problemId = `${htmlFor}-problem`;
  const hintId = `${htmlFor}-hint`;
  const describedBy = problem ? problemId : hint ? hintId : undefined;
  const control = isValidElement<ControlProps>(children)
    ? cloneElement(children, {
        "aria-describedby": clsx(children.props["aria-describedby"], describedBy) || undefined,
        "aria-invalid": problem ? true : (children.props["aria-invalid"] ?? false),
      })
    : children;
  return (
    <div className={clsx("min-w-0", className)}>
      <label htmlFor={htmlFor} className="mb-1 block text-xs font-medium text-slate-600">
        {label}
      </label>
      {control}
      {problem ? (
        // An alert, so the problem is announced as it appears while the user types.
        <p id={problemId} role="alert" className="mt-1 text-xs break-words text-red-700">
          {problem}
        </p>
      ) : hint ? (
        <p id={hintId} className="mt-1 text-xs text-slate-400">
          {hint}
        </p>
      ) : null}
    </div>
  );
}

/** Classes of a text input or select, red while its value has a problem. */
export function inputClass(invalid = false, extra?: string): string {
  return clsx(
    "block w-full rounded-md border bg-white px-2.5 py-1.5 text-sm shadow-xs outline-none focus:ring-2",
    invalid ? "border-red-400 focus:ring-red-200" : "border-slate-300 focus:border-sky-500 focus:ring-sky-200",
    extra,
  );
}

/** The server's (or the form's own) sentence about why a submission failed. */
export function FormError({ children, testId }: { children: React.ReactNode; testId?: string }) {
  return (
    <p role="alert" data-testid={testId} className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm break-words text-red-800">
      {children}
    </p>
  );
}

/** A checkbox with its label and a one-line hint under it; red where ticking it destroys something. */
export function CheckField({
  id,
  checked,
  onChange,
  label,
  hint,
  tone = "sky",
  disabled,
}: {
  id: string;
  checked: boolean;
  onChange: (value: boolean) => void;
  label: string;
  hint: React.ReactNode;
  tone?: "sky" | "red";
  disabled?: boolean;
}) {
  return (
    <div className="flex items-start gap-2.5">
      <input
        id={id}
        type="checkbox"
        checked={checked}
        disabled={disabled}
        onChange={(event) => onChange(event.target.checked)}
        className={clsx("mt-0.5 size-4 rounded border-slate-300", tone === "red" ? "accent-red-600" : "accent-sky-600")}
      />
      <label htmlFor={id} className="text-sm">
        <span className="font-medium">{label}</span>
        <span className="block text-xs text-slate-500">{hint}</span>
      </label>
    </div>
  );
}
