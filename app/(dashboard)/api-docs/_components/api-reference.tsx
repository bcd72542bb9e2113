"use client";

import { useDeferredValue, useState } from "react";
import { inputClass } from "@/app/_components/field";
import { matchesFilter } from "@/lib/openapi/view";

export type ReferenceSection = { tag: string; operations: { id: string; searchText: string; node: React.ReactNode }[] };

/**
 * The operations by section, with a filter box. The operations arrive rendered by the server;
 * this part only chooses which to show.
 */
export function ApiReference({ sections }: { sections: ReferenceSection[] }) {
  const [filter, setFilter] = useState("");
  const deferred = useDeferredValue(filter);
  const shown = sections
    .map((section) => ({ ...section, operations: section.operations.filter((operation) => matchesFilter(operation, deferred)) }))
    .filter((section) => section.operations.length > 0);
  const total = sections.reduce((count, section) => count + section.operations.length, 0);
  const matching = shown.reduce((count, section) => count + section.operations.length, 0);
  return (
    <div className="space-y-5">
      <div className="space-y-2">
        <div className="flex flex-wrap items-center gap-x-3 gap-y-1">
          <label htmlFor="api-filter" className="sr-only">
            Filter operations
          </label>
          <input
            id="api-filter"
            type="search"
            value={filter}
            onChange={(event) => setFilter(event.target.value)}
            placeholder="Filter: method, path, words, role or error code"
            autoComplete="off"
            spellCheck={false}
            className={inputClass(false, "max-w-md")}
            aria-describedby="api-filter-count"
          />
          <p id="api-filter-count" aria-live="polite" className="text-xs text-slate-500">
            {matching === total ? `${total} operations` : `${matching} of ${total} operations`}
          </p>
        </div>
        <nav aria-label="API sections" className="flex flex-wrap gap-1.5">
          {shown.map((section) => (
            <a
              key={section.tag}
              href={`#section-${section.tag}`}
              className="rounded-md bg-white px-2 py-0.5 text-xs font-medium text-slate-600 ring-1 ring-slate-200 ring-inset hover:bg-slate-50 hover:text-slate-900"
            >
              {section.tag} <span className="text-slate-400">{section.operations.length}</span>
            </a>
          ))}
        </nav>
      </div>
      {shown.length === 0 ? (
        <p
          className="rounded-lg border border-dashed border-slate-300 px-4 py-6 text-center text-sm text-slate-500"
          data-testid="api-no-match"
        >
          No operation matches “{deferred}”.
        </p>
      ) : null}
      {shown.map((section) => (
        <section
          key={section.tag}
          id={`section-${section.tag}`}
          aria-labelledby={`section-${section.tag}-title`}
          className="scroll-mt-20 space-y-3"
        >
          <h2 id={`section-${section.tag}-title`} className="text-lg font-semibold tracking-tight">
            {section.tag}
          </h2>
          {section.operations.map((operation) => (
            <div key={operation.id}>{operation.node}</div>
          ))}
        </section>
      ))}
    </div>
  );
}
