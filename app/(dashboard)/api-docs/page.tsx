import type { Metadata } from "next";
import { connection } from "next/server";
import { apiDocument } from "@/app/api/openapi.json/routes";
import { requirePagePrincipal } from "@/lib/auth/authenticate";
import { viewApiDocument, viewSchema } from "@/lib/openapi/view";
import { ApiReference } from "./_components/api-reference";
import { FieldList } from "./_components/field-list";
import { InlineText } from "./_components/inline-text";
import { OperationCard } from "./_components/operation-card";

export const metadata: Metadata = { title: "API" };

/**
 * The JSON API, rendered from the same OpenAPI document `GET /api/openapi.json` serves (built here
 * from the route index, no fetch and no CDN). Operations are rendered on the server; the client
 * part only filters them.
 */
export default async function ApiDocsPage() {
  await requirePagePrincipal("viewer");
  await connection();
  const document = apiDocument();
  const sections = viewApiDocument(document);
  const errorBody = viewSchema({ $ref: "#/components/schemas/ErrorBody" }, document);
  const count = sections.reduce((total, section) => total + section.operations.length, 0);
  return (
    <div className="min-w-0 space-y-5">
      <div className="space-y-1">
        <h1 className="text-2xl font-semibold tracking-tight">API</h1>
        <p className="text-sm text-slate-500">
          The dashboard&apos;s JSON API: {count} operations, generated from the schemas the routes validate with. Also as an{" "}
          <a href="/api/openapi.json" className="font-medium text-sky-700 underline-offset-2 hover:underline" data-testid="openapi-link">
            OpenAPI 3.1 document
          </a>
          .
        </p>
      </div>
      <section
        aria-labelledby="api-basics"
        className="grid gap-4 rounded-lg border border-slate-200 bg-white px-4 py-4 text-sm lg:grid-cols-2"
      >
        <h2 id="api-basics" className="sr-only">
          Calling the API
        </h2>
        <div className="min-w-0 space-y-2 text-slate-600">
          <p className="font-medium text-slate-900">Signing in</p>
          <p>
            <InlineText
              text={
                "A browser sends its session cookie (`POST /api/auth/login`); a script sends `Authorization: Bearer <token>` with an API token, which acts with its own role. Each operation names the lowest role that may call it; a mutation from a browser must also come from this dashboard's own pages (its `Origin`)."
              }
            />
          </p>
          <p>
            <InlineText text="Paths are complete (`/api/images/{ref}`): there is no base path. A `{placeholder}` is percent-encoded (`alpine%3A3`)." />
          </p>
          <p>
            <InlineText
              text={
                'Long operations (pull, push, import, load) answer their result as JSON, or with `Accept: application/x-ndjson` stream progress lines and then `{"result": ...}`.'
              }
            />
          </p>
        </div>
        <div className="min-w-0 space-y-2 text-slate-600">
          <p className="font-medium text-slate-900">Errors</p>
          <p>
            <InlineText text="Every error answers JSON with `error` (a sentence) and `code` (`type:surface`); the status follows from the type, so a code always comes with the same status." />
          </p>
          <FieldList fields={errorBody.fields} />
        </div>
      </section>
      <ApiReference
        sections={sections.map((section) => ({
          tag: section.tag,
          operations: section.operations.map((operation) => ({
            id: operation.id,
            searchText: operation.searchText,
            node: <OperationCard operation={operation} />,
          })),
        }))}
      />
    </div>
  );
}
