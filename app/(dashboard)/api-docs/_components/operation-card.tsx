import { clsx } from "clsx";
import { Badge, type BadgeTone } from "@/app/_components/badge";
import { CliCommand } from "@/app/_components/cli-command";
import { curlCommandOf, type BodyView, type OperationView } from "@/lib/openapi/view";
import { FieldList } from "./field-list";
import { InlineText } from "./inline-text";

const METHOD_TONES: Record<OperationView["method"], BadgeTone> = {
  GET: "blue",
  POST: "green",
  PUT: "amber",
  PATCH: "amber",
  DELETE: "red",
};

const ACCESS_TONES: Record<OperationView["access"], BadgeTone> = { public: "gray", viewer: "blue", operator: "amber", admin: "violet" };

/** An HTTP method as a fixed-width badge, so the paths beside it line up. */
export function MethodBadge({ method }: { method: OperationView["method"] }) {
  return (
    <span className="inline-flex w-14 shrink-0 justify-center">
      <Badge tone={METHOD_TONES[method]}>{method}</Badge>
    </span>
  );
}

/** Who may call it: anyone, or a role and the ones above it. */
export function AccessBadge({ access }: { access: OperationView["access"] }) {
  const title = access === "public" ? "No sign-in needed" : `Needs the ${access} role${access === "admin" ? "" : " or higher"}`;
  return (
    <Badge tone={ACCESS_TONES[access]} title={title} testId="operation-access">
      {access === "public" ? "public" : `${access}${access === "admin" ? "" : "+"}`}
    </Badge>
  );
}

/** A path with its `{placeholders}` marked; it breaks anywhere rather than widen the page. */
function PathText({ path }: { path: string }) {
  return (
    <code className="min-w-0 font-mono text-sm font-medium break-all text-slate-900" data-testid="operation-path">
      {path.split(/(\{[^}]+\})/).map((part, i) =>
        part.startsWith("{") ? (
          <span key={i} className="text-violet-700">
            {part}
          </span>
        ) : (
          part
        ),
      )}
    </code>
  );
}

function Heading({ children }: { children: React.ReactNode }) {
  return <h4 className="mb-1.5 text-xs font-semibold tracking-wide text-slate-500 uppercase">{children}</h4>;
}

function Body({ body }: { body: BodyView }) {
  return (
    <div className="min-w-0 space-y-1.5">
      <p className="flex flex-wrap items-center gap-x-2 gap-y-1 text-xs text-slate-500">
        <code className="font-mono text-slate-700">{body.contentType}</code>
        {body.lines ? (
          <span>one JSON value per line{body.endsWithErrorLine ? "; a failure after the start ends it with an error line" : ""}</span>
        ) : null}
        {!body.schema ? <span>(sent as it is)</span> : null}
        {body.schema && body.schema.fields.length === 0 ? <span className="font-mono text-violet-700">{body.schema.type}</span> : null}
      </p>
      {body.schema ? <FieldList fields={body.schema.fields} /> : null}
    </div>
  );
}

/** One operation: method, path, role, what it does, its parameters, bodies, answers and error codes. */
export function OperationCard({ operation }: { operation: OperationView }) {
  // Wide screens put what goes in beside what comes back.
  const hasRequest = operation.parameters.length > 0 || operation.requestBody !== null;
  return (
    <article
      id={operation.id}
      aria-labelledby={`${operation.id}-title`}
      data-testid="api-operation"
      className="min-w-0 scroll-mt-20 rounded-lg border border-slate-200 bg-white"
    >
      <header className="space-y-1.5 border-b border-slate-100 px-4 py-3">
        <div className="flex min-w-0 items-start gap-2">
          <MethodBadge method={operation.method} />
          <PathText path={operation.path} />
          <span className="ml-auto shrink-0">
            <AccessBadge access={operation.access} />
          </span>
        </div>
        <h3 id={`${operation.id}-title`} className="text-sm font-semibold text-slate-900">
          {operation.summary}
        </h3>
        {operation.description ? (
          <p className="text-sm break-words text-slate-600">
            <InlineText text={operation.description} />
          </p>
        ) : null}
      </header>
      <div className={clsx("grid gap-x-6 gap-y-4 px-4 py-3", hasRequest && "lg:grid-cols-2")}>
        {hasRequest ? (
          <div className="min-w-0 space-y-4">
            {operation.parameters.length > 0 ? (
              <section>
                <Heading>Parameters</Heading>
                <div className="overflow-x-auto rounded-md border border-slate-200">
                  <table className="w-full text-left text-[13px]">
                    <thead className="bg-slate-50 text-xs text-slate-500">
                      <tr>
                        <th scope="col" className="px-3 py-1.5 font-medium">
                          Name
                        </th>
                        <th scope="col" className="px-3 py-1.5 font-medium">
                          In
                        </th>
                        <th scope="col" className="px-3 py-1.5 font-medium">
                          Type
                        </th>
                        <th scope="col" className="px-3 py-1.5 font-medium">
                          Description
                        </th>
                      </tr>
                    </thead>
                    <tbody className="divide-y divide-slate-100 align-top">
                      {operation.parameters.map((parameter) => (
                        <tr key={`${parameter.in}-${parameter.name}`}>
                          <td className="px-3 py-1.5">
                            <code className="font-mono font-medium break-all text-slate-900">{parameter.name}</code>
                            {parameter.required ? <span className="block text-[11px] font-medium text-amber-700">required</span> : null}
                          </td>
                          <td className="px-3 py-1.5 text-slate-500">{parameter.in}</td>
                          <td className="px-3 py-1.5 font-mono text-xs break-words text-violet-700">{parameter.type}</td>
                          <td className="px-3 py-1.5 break-words text-slate-600">
                            {parameter.description ? <InlineText text={parameter.description} /> : null}
                            {parameter.notes.length > 0 ? (
                              <span className="block text-xs text-slate-500">{parameter.notes.join(" · ")}</span>
                            ) : null}
                          </td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </div>
              </section>
            ) : null}
            {operation.requestBody ? (
              <section>
                <Heading>Request body{operation.requestBody.required ? "" : " (optional)"}</Heading>
                {operation.requestBody.description ? (
                  <p className="mb-1.5 text-sm text-slate-600">{operation.requestBody.description}</p>
                ) : null}
                <div className="space-y-3">
                  {operation.requestBody.bodies.map((body) => (
                    <Body key={body.contentType} body={body} />
                  ))}
                </div>
              </section>
            ) : null}
          </div>
        ) : null}
        <div className="min-w-0 space-y-4">
          <section>
            <Heading>Responses</Heading>
            <div className="space-y-3">
              {operation.responses.map((response) => (
                <div key={response.status} className="min-w-0 space-y-1.5">
                  <p className="flex flex-wrap items-center gap-2 text-sm">
                    <Badge tone={Number(response.status) < 400 ? "green" : "amber"}>{response.status}</Badge>
                    <span className="text-slate-700">{response.description}</span>
                  </p>
                  {response.bodies.map((body) => (
                    <Body key={body.contentType} body={body} />
                  ))}
                </div>
              ))}
            </div>
          </section>
          <section>
            <Heading>Errors</Heading>
            <ul className="space-y-1" data-testid="operation-errors">
              {operation.errors.map((error) => (
                <li key={error.status} className="flex items-start gap-2">
                  <Badge tone={Number(error.status) >= 500 ? "red" : "amber"}>{error.status}</Badge>
                  <span className="flex min-w-0 flex-wrap gap-x-3 gap-y-0.5">
                    {error.codes.map((code) => (
                      <code key={code} className="font-mono text-xs break-all text-slate-700">
                        {code}
                      </code>
                    ))}
                  </span>
                </li>
              ))}
            </ul>
          </section>
        </div>
        <details className={clsx(hasRequest && "lg:col-span-2")}>
          <summary className="cursor-pointer text-xs font-medium text-slate-500 hover:text-slate-700">Call it with curl</summary>
          <div className="mt-2">
            <CliCommand command={curlCommandOf(operation)} wrap />
          </div>
        </details>
      </div>
    </article>
  );
}
