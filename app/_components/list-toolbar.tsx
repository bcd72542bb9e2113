"use client";

import { clsx } from "clsx";
import { useState } from "react";
import { inputClass } from "./field";
import { Notice } from "./notice";

/**
 * A list page's query (filter, search, sort) held in state and mirrored into the URL, so a filtered
 * view can be bookmarked or shared. `toParams` leaves out what is at its default.
 *
 * @example const [query, setQuery] = useUrlQuery(initialQuery, (q) => new URLSearchParams(q.q ? { q: q.q } : {}))
 */
export function useUrlQuery<Query extends object>(
  initial: Query,
  toParams: (query: Query) => URLSearchParams,
): [Query, (patch: Partial<Query>) => void] {
  const [query, setQueryState] = useState<Query>(initial);
  const setQuery = (patch: Partial<Query>) => {
    setQueryState((current) => {
      const next = { ...current, ...patch };
      const search = toParams(next).toString();
      // replaceState: typing in the search box should not fill the back button's history.
      window.history.replaceState(null, "", search ? `?${search}` : window.location.pathname);
      return next;
    });
  };
  return [query, setQuery];
}

/**
 * The tabs above a list that narrow it (All, Running, Stopped…), each with how many rows it keeps
 * once the list has loaded. `onCard` when the toolbar sits on a white card rather than the page.
 */
export function FilterTabs<Value extends string>({
  label,
  testId,
  options,
  value,
  countOf,
  onChange,
  onCard = false,
}: {
  /** Names the group for screen readers, e.g. "Filter containers". */
  label: string;
  testId: string;
  options: readonly { value: Value; label: string }[];
  value: Value;
  /** Rows each tab keeps; null while the list is loading. */
  countOf: ((value: Value) => number) | null;
  onChange: (value: Value) => void;
  onCard?: boolean;
}) {
  return (
    <div
      data-testid={testId}
      role="group"
      aria-label={label}
      className={clsx("inline-flex rounded-md p-0.5", onCard ? "bg-slate-100" : "bg-slate-200/60")}
    >
      {options.map((option) => {
        const active = value === option.value;
        const count = countOf ? countOf(option.value) : null;
        return (
          <button
            key={option.value}
            type="button"
            aria-pressed={active}
            aria-label={count === null ? option.label : `${option.label} (${count})`}
            onClick={() => onChange(option.value)}
            className={clsx(
              "rounded px-3 py-1 text-sm font-medium transition-colors",
              active ? "bg-white text-slate-900 shadow-sm" : "text-slate-600 hover:text-slate-900",
            )}
          >
            {option.label}
            {count === null ? null : <span className="ml-1.5 text-xs text-slate-400 tabular-nums">{count}</span>}
          </button>
        );
      })}
    </div>
  );
}

/** A list's search box: it filters the rows already loaded as one types. */
export function ListSearch({
  label,
  testId,
  placeholder,
  value,
  onChange,
}: {
  label: string;
  testId: string;
  placeholder: string;
  value: string;
  onChange: (value: string) => void;
}) {
  return (
    <div className="relative min-w-60 flex-1 sm:max-w-sm">
      <svg viewBox="0 0 20 20" className="pointer-events-none absolute top-1/2 left-2.5 size-4 -translate-y-1/2 text-slate-400" aria-hidden>
        <circle cx="8.5" cy="8.5" r="5.5" fill="none" stroke="currentColor" strokeWidth="1.6" />
        <path d="M13 13l4 4" stroke="currentColor" strokeWidth="1.6" strokeLinecap="round" />
      </svg>
      <input
        type="search"
        data-testid={testId}
        aria-label={label}
        placeholder={placeholder}
        value={value}
        onChange={(event) => onChange(event.target.value)}
        className={inputClass(false, "pl-8")}
      />
    </div>
  );
}

/** "3 of 12 shown", at the toolbar's end; empty while the list is loading. */
export function ShownCount({ shown, total, refreshing }: { shown: number; total: number | null; refreshing: boolean }) {
  return (
    <span className="ml-auto text-xs text-slate-400" aria-live="polite">
      {total === null ? null : `${shown} of ${total} shown${refreshing ? " · refreshing" : ""}`}
    </span>
  );
}

/**
 * What stands in a list's place when it has no rows to show: loading, nothing on the engine, or
 * nothing that matches the filter and search (with a way back to everything).
 */
export function ListPlaceholder({
  noun,
  testId,
  total,
  shown,
  filterWord,
  q,
  onClear,
}: {
  /** Plural, e.g. "containers". */
  noun: string;
  testId: string;
  /** Rows the engine has; null while loading. */
  total: number | null;
  shown: number;
  /** The active filter in words ("running"), or null for all. */
  filterWord: string | null;
  q: string;
  onClear: () => void;
}) {
  if (total === null) return <div className="px-4 py-12 text-center text-sm text-slate-400">Loading {noun}…</div>;
  if (shown > 0) return null;
  return (
    <div data-testid={testId} className="px-4 py-12 text-center text-sm text-slate-500">
      {total === 0 ? (
        `No ${noun} on this engine yet.`
      ) : (
        <>
          <p>
            No {filterWord ? `${filterWord} ` : ""}
            {noun}
            {q ? ` match “${q}”` : ""}.
          </p>
          <button type="button" className="mt-2 text-sky-700 hover:underline" onClick={onClear}>
            Clear filters
          </button>
        </>
      )}
    </div>
  );
}

/**
 * Why a list could not be read, above whatever was received last. A 503 means the engine itself
 * is not reachable, which is said in the title.
 */
export function ListError({
  noun,
  problem,
  engineDown,
  stale,
  testId,
}: {
  /** Plural, e.g. "images". */
  noun: string;
  problem: string;
  engineDown: boolean;
  /** An earlier list is still shown under it. */
  stale: boolean;
  testId: string;
}) {
  return (
    <Notice
      tone="error"
      title={engineDown ? `Cannot list ${noun}: the Docker engine is not reachable` : `Cannot list ${noun}`}
      testId={testId}
    >
      <p>{problem}</p>
      <p className="mt-1 text-xs">
        {stale ? "Showing the last list received. " : null}This page retries on its own and updates as soon as the engine answers.
      </p>
    </Notice>
  );
}
