import type { Metadata } from "next";
import Link from "next/link";
import { connection } from "next/server";
import { requirePagePrincipal } from "@/lib/auth/authenticate";
import { Notice } from "@/app/_components/notice";
import { AUDIT_OUTCOMES, auditQuerySchema } from "@/lib/audit/schemas";
import { listAuditActions, listAuditEntries } from "@/lib/audit/queries";
import type { AuditQuery } from "@/lib/audit/types";
import { engineLabel } from "@/lib/docker/client";
import { listEngineConnections } from "@/lib/engines/queries";
import { isAppError } from "@/lib/errors";
import { parsePageQuery } from "@/lib/http/parse";
import { AuditTable } from "./_components/audit-table";

export const metadata: Metadata = { title: "Audit log" };

/** The API's default page size: links leave it out. */
const DEFAULT_LIMIT = auditQuerySchema.shape.limit.parse(undefined);

type SearchParams = Record<string, string | string[] | undefined>;
type Filters = {
  action: string;
  outcome: string;
  target: string;
  engineId: string;
  from: string;
  to: string;
  limit: string;
  session: string;
};

function text(params: SearchParams, name: string, max = 200): string {
  const value = params[name];
  return typeof value === "string" ? value.trim().slice(0, max) : "";
}

/** The page's own URL with these filters, for the pagination links. */
function auditHref(filters: Filters, cursor?: string): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(filters)) if (value) params.set(key, value);
  if (cursor) params.set("cursor", cursor);
  const search = params.toString();
  return search ? `/audit?${search}` : "/audit";
}

/**
 * One page of entries from the cursor. A cursor the API would refuse (hand-edited, or from another
 * database) is dropped here and the newest entries are shown: a page never answers 400.
 */
async function listFromCursor(
  query: Omit<AuditQuery, "cursor">,
  cursor: string,
): Promise<{ page: Awaited<ReturnType<typeof listAuditEntries>>; cursor: string; cursorDropped: boolean }> {
  if (cursor && auditQuerySchema.shape.cursor.safeParse(cursor).success) {
    try {
      return { page: await listAuditEntries({ ...query, cursor }), cursor, cursorDropped: false };
    } catch (error) {
      if (!isAppError(error) || !error.code.startsWith("bad_request:")) throw error;
    }
  }
  return { page: await listAuditEntries(query), cursor: "", cursorDropped: cursor !== "" };
}

/**
 * The audit log, newest first. Filters are a plain GET form and pages are links carrying a
 * cursor, so the page works without JavaScript and every view has a URL.
 */
export default async function AuditPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  await requirePagePrincipal("viewer");
  await connection();
  const params = await searchParams;
  // The API's own query schema: what it would refuse is dropped here, so a page never answers 400.
  const { cursor: _cursor, ...query } = parsePageQuery(auditQuerySchema, params);
  const filters: Filters = {
    action: query.action ?? "",
    outcome: query.outcome ?? "",
    target: query.target ?? "",
    engineId: query.engineId ?? "",
    from: query.from ? text(params, "from", 40) : "",
    to: query.to ? text(params, "to", 40) : "",
    limit: query.limit === DEFAULT_LIMIT ? "" : String(query.limit),
    session: query.session ?? "",
  };
  const requestedCursor = text(params, "cursor", 100);
  const [{ page, cursor, cursorDropped }, actions, connections] = await Promise.all([
    listFromCursor(query, requestedCursor),
    listAuditActions(),
    listEngineConnections(),
  ]);
  const engines = connections.map((engine) => ({ id: engine.id, label: engineLabel(engine) }));
  // A filter from a link may name an engine removed since: its rows stay, and so does the choice.
  if (filters.engineId && !engines.some((engine) => engine.id === filters.engineId)) {
    engines.push({ id: filters.engineId, label: `${filters.engineId} (removed)` });
  }
  const filtered = [filters.action, filters.outcome, filters.target, filters.engineId, filters.from, filters.to, filters.session].some(
    Boolean,
  );

  return (
    <div className="space-y-5">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">Audit log</h1>
        <p className="text-sm text-slate-500">
          Every change made through the dashboard, recorded before it runs, with the equivalent docker command; and every sign-in, refused
          request, user and token change.
        </p>
      </div>

      <form
        method="get"
        action="/audit"
        className="flex flex-wrap items-end gap-3 rounded-lg border border-slate-200 bg-white px-4 py-3"
        aria-label="Filter audit entries"
      >
        <Field label="Action" htmlFor="audit-action">
          <select id="audit-action" name="action" defaultValue={filters.action} className={controlClass}>
            <option value="">All actions</option>
            {actions.map((action) => (
              <option key={action} value={action}>
                {action}
              </option>
            ))}
          </select>
        </Field>
        <Field label="Outcome" htmlFor="audit-outcome">
          <select id="audit-outcome" name="outcome" defaultValue={filters.outcome} className={controlClass}>
            <option value="">Any outcome</option>
            {AUDIT_OUTCOMES.map((outcome) => (
              <option key={outcome} value={outcome}>
                {outcome}
              </option>
            ))}
          </select>
        </Field>
        <Field label="Target contains" htmlFor="audit-target">
          <input
            id="audit-target"
            name="target"
            type="search"
            defaultValue={filters.target}
            placeholder="e.g. seed/web"
            className={`${controlClass} w-52`}
          />
        </Field>
        {/* `engineId`, not `engine`: in a page's address `?engine=` picks the engine the dashboard works on. */}
        <Field label="Engine" htmlFor="audit-engine">
          <select id="audit-engine" name="engineId" defaultValue={filters.engineId} className={`${controlClass} max-w-64`}>
            <option value="">All engines</option>
            {engines.map((engine) => (
              <option key={engine.id} value={engine.id}>
                {engine.label}
              </option>
            ))}
          </select>
        </Field>
        <Field label="From (UTC)" htmlFor="audit-from">
          <input id="audit-from" name="from" type="datetime-local" defaultValue={filters.from} className={controlClass} />
        </Field>
        <Field label="To (UTC)" htmlFor="audit-to">
          <input id="audit-to" name="to" type="datetime-local" defaultValue={filters.to} className={controlClass} />
        </Field>
        {filters.limit ? <input type="hidden" name="limit" value={filters.limit} /> : null}
        {filters.session ? <input type="hidden" name="session" value={filters.session} /> : null}
        <div className="flex gap-2">
          <button type="submit" className="rounded-md bg-sky-600 px-3 py-1.5 text-sm font-medium text-white hover:bg-sky-700">
            Apply
          </button>
          {filtered ? (
            <Link
              href="/audit"
              className="rounded-md px-3 py-1.5 text-sm font-medium text-slate-600 ring-1 ring-slate-300 ring-inset hover:bg-slate-50"
            >
              Reset
            </Link>
          ) : null}
        </div>
      </form>

      {filters.session ? (
        <Notice tone="info" title="One session: a clean-up run and each removal it made" testId="audit-session">
          Only the rows of session <code className="font-mono text-xs">{filters.session}</code> are shown, on every page.{" "}
          <Link href={auditHref({ ...filters, session: "" })} className="font-medium text-sky-700 hover:underline">
            Show every entry
          </Link>
        </Notice>
      ) : null}

      {cursorDropped ? (
        <Notice tone="info" title="That page link does not lead anywhere in this log" testId="audit-cursor-dropped">
          Its cursor is not an entry of this audit log; the newest entries are shown instead.
        </Notice>
      ) : null}

      <AuditTable
        entries={page.entries}
        showEngine={engines.length > 1}
        below={
          <>
            {page.entries.length === 0 ? (
              <p data-testid="audit-empty" className="px-4 py-12 text-center text-sm text-slate-500">
                {filtered || cursor
                  ? "No entries match these filters."
                  : "Nothing recorded yet: tag or remove an image and it shows up here."}
              </p>
            ) : null}
            <nav
              aria-label="Pages"
              className="flex flex-wrap items-center justify-between gap-2 border-t border-slate-200 px-4 py-2 text-sm"
            >
              <span className="text-xs text-slate-500">
                {page.entries.length} entr{page.entries.length === 1 ? "y" : "ies"} on this page · newest first
              </span>
              <div className="flex gap-2">
                {cursor ? (
                  <Link
                    href={auditHref(filters)}
                    className="rounded-md px-3 py-1 font-medium text-slate-700 ring-1 ring-slate-300 ring-inset hover:bg-slate-50"
                  >
                    Newest
                  </Link>
                ) : null}
                {page.nextCursor ? (
                  <Link
                    href={auditHref(filters, page.nextCursor)}
                    className="rounded-md px-3 py-1 font-medium text-slate-700 ring-1 ring-slate-300 ring-inset hover:bg-slate-50"
                  >
                    Older →
                  </Link>
                ) : null}
              </div>
            </nav>
          </>
        }
      />
    </div>
  );
}

const controlClass =
  "block rounded-md border border-slate-300 bg-white px-2.5 py-1.5 text-sm focus:border-sky-500 focus:ring-2 focus:ring-sky-200 focus:outline-none";

function Field({ label, htmlFor, children }: { label: string; htmlFor: string; children: React.ReactNode }) {
  return (
    <div>
      <label htmlFor={htmlFor} className="mb-1 block text-xs font-medium text-slate-600">
        {label}
      </label>
      {children}
    </div>
  );
}
