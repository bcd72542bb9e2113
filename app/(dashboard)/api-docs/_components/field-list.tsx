import type { FieldView } from "@/lib/openapi/view";
import { InlineText } from "./inline-text";

/**
 * The fields of a body as a nested list: name, type, whether it is required, constraints and the
 * description. Nested objects below the first level fold, so a large answer stays scannable.
 */
export function FieldList({ fields, depth = 0 }: { fields: FieldView[]; depth?: number }) {
  if (fields.length === 0) return null;
  return (
    <ul className={depth === 0 ? "space-y-1.5" : "mt-1.5 space-y-1.5 border-l border-slate-200 pl-3"}>
      {fields.map((field) => (
        <li key={field.name} className="min-w-0">
          {field.children.length > 0 && depth > 0 ? (
            <details className="group">
              <summary className="cursor-pointer list-none marker:hidden [&::-webkit-details-marker]:hidden">
                <span aria-hidden className="mr-1 inline-block text-slate-400 transition-transform group-open:rotate-90">
                  ▸
                </span>
                <FieldLine field={field} />
              </summary>
              <FieldList fields={field.children} depth={depth + 1} />
            </details>
          ) : (
            <>
              <FieldLine field={field} />
              <FieldList fields={field.children} depth={depth + 1} />
            </>
          )}
        </li>
      ))}
    </ul>
  );
}

function FieldLine({ field }: { field: FieldView }) {
  return (
    <span className="text-[13px] leading-5 break-words">
      <code className="font-mono font-medium text-slate-900">{field.name}</code>{" "}
      <span className="font-mono text-xs text-violet-700">{field.type}</span>
      {field.required ? <span className="ml-1.5 text-[11px] font-medium text-amber-700">required</span> : null}
      {field.notes.length > 0 ? <span className="ml-1.5 text-xs text-slate-500">{field.notes.join(" · ")}</span> : null}
      {field.description ? (
        <span className="block text-xs text-slate-600">
          <InlineText text={field.description} />
        </span>
      ) : null}
    </span>
  );
}
