import packageJson from "@/package.json";
import * as audit from "@/app/api/audit/route";
import * as authLogin from "@/app/api/auth/login/route";
import * as authLogout from "@/app/api/auth/logout/route";
import * as authMe from "@/app/api/auth/me/route";
import * as authSetup from "@/app/api/auth/setup/route";
import * as buildsIdCancel from "@/app/api/builds/[id]/cancel/route";
import * as buildsIdLog from "@/app/api/builds/[id]/log/route";
import * as buildsIdRebuild from "@/app/api/builds/[id]/rebuild/route";
import * as buildsId from "@/app/api/builds/[id]/route";
import * as builds from "@/app/api/builds/route";
import * as cleanupCounts from "@/app/api/cleanup/counts/route";
import * as cleanupPlansId from "@/app/api/cleanup/plans/[id]/route";
import * as cleanupPlansIdRun from "@/app/api/cleanup/plans/[id]/run/route";
import * as cleanupPlans from "@/app/api/cleanup/plans/route";
import * as cleanupPoliciesIdRun from "@/app/api/cleanup/policies/[id]/run/route";
import * as cleanupPoliciesId from "@/app/api/cleanup/policies/[id]/route";
import * as cleanupPolicies from "@/app/api/cleanup/policies/route";
import * as containersIdAction from "@/app/api/containers/[id]/[action]/route";
import * as containersIdCommit from "@/app/api/containers/[id]/commit/route";
import * as containersIdDiff from "@/app/api/containers/[id]/diff/route";
import * as containersIdExec from "@/app/api/containers/[id]/exec/route";
import * as containersIdExport from "@/app/api/containers/[id]/export/route";
import * as containersIdLogs from "@/app/api/containers/[id]/logs/route";
import * as containersIdStats from "@/app/api/containers/[id]/stats/route";
import * as containersId from "@/app/api/containers/[id]/route";
import * as containersPreview from "@/app/api/containers/preview/route";
import * as containers from "@/app/api/containers/route";
import * as diskUsage from "@/app/api/disk-usage/route";
import * as dockerfileLint from "@/app/api/dockerfile/lint/route";
import * as engine from "@/app/api/engine/route";
import * as enginesIdTest from "@/app/api/engines/[id]/test/route";
import * as enginesId from "@/app/api/engines/[id]/route";
import * as enginesCurrent from "@/app/api/engines/current/route";
import * as engines from "@/app/api/engines/route";
import * as health from "@/app/api/health/route";
import * as events from "@/app/api/events/route";
import * as execSessionInput from "@/app/api/exec/[session]/input/route";
import * as execSessionOutput from "@/app/api/exec/[session]/output/route";
import * as execSessionResize from "@/app/api/exec/[session]/resize/route";
import * as execSession from "@/app/api/exec/[session]/route";
import * as fleetImages from "@/app/api/fleet/images/route";
import * as imagesRefAnalysis from "@/app/api/images/[ref]/analysis/route";
import * as imagesRefCopy from "@/app/api/images/[ref]/copy/route";
import * as imagesRefLayersIndexFile from "@/app/api/images/[ref]/layers/[index]/file/route";
import * as imagesRefLayersIndexFiles from "@/app/api/images/[ref]/layers/[index]/files/route";
import * as imagesRefPush from "@/app/api/images/[ref]/push/route";
import * as imagesRef from "@/app/api/images/[ref]/route";
import * as imagesRefSave from "@/app/api/images/[ref]/save/route";
import * as imagesRefTag from "@/app/api/images/[ref]/tag/route";
import * as imagesCompare from "@/app/api/images/compare/route";
import * as imagesImport from "@/app/api/images/import/route";
import * as imagesLoad from "@/app/api/images/load/route";
import * as imagesPull from "@/app/api/images/pull/route";
import * as images from "@/app/api/images/route";
import * as networksId from "@/app/api/networks/[id]/route";
import * as networks from "@/app/api/networks/route";
import * as registriesIdRepositories from "@/app/api/registries/[id]/repositories/route";
import * as registriesId from "@/app/api/registries/[id]/route";
import * as registriesIdTags from "@/app/api/registries/[id]/tags/route";
import * as registriesIdTest from "@/app/api/registries/[id]/test/route";
import * as registries from "@/app/api/registries/route";
import * as tokensId from "@/app/api/tokens/[id]/route";
import * as tokens from "@/app/api/tokens/route";
import * as usersId from "@/app/api/users/[id]/route";
import * as users from "@/app/api/users/route";
import * as volumesName from "@/app/api/volumes/[name]/route";
import * as volumes from "@/app/api/volumes/route";
import { buildOpenApiDocument, type OpenApiDocument } from "@/lib/openapi/document";
import { contractsOf, type RouteModule } from "@/lib/openapi/route-index";
import { openApiDocumentContract } from "./contract";

/**
 * Every route module of the API, by file. Next.js finds routes by their place on disk and a
 * bundle cannot list a folder at run time, so the list is written out; `lib/openapi/routes.test.ts`
 * fails when a `route.ts` is missing here or a handler has no contract.
 */
export const API_ROUTE_MODULES: Readonly<Record<string, RouteModule>> = {
  "app/api/audit/route.ts": audit,
  "app/api/auth/login/route.ts": authLogin,
  "app/api/auth/logout/route.ts": authLogout,
  "app/api/auth/me/route.ts": authMe,
  "app/api/auth/setup/route.ts": authSetup,
  "app/api/builds/[id]/cancel/route.ts": buildsIdCancel,
  "app/api/builds/[id]/log/route.ts": buildsIdLog,
  "app/api/builds/[id]/rebuild/route.ts": buildsIdRebuild,
  "app/api/builds/[id]/route.ts": buildsId,
  "app/api/builds/route.ts": builds,
  "app/api/cleanup/counts/route.ts": cleanupCounts,
  "app/api/cleanup/plans/[id]/route.ts": cleanupPlansId,
  "app/api/cleanup/plans/[id]/run/route.ts": cleanupPlansIdRun,
  "app/api/cleanup/plans/route.ts": cleanupPlans,
  "app/api/cleanup/policies/[id]/route.ts": cleanupPoliciesId,
  "app/api/cleanup/policies/[id]/run/route.ts": cleanupPoliciesIdRun,
  "app/api/cleanup/policies/route.ts": cleanupPolicies,
  "app/api/containers/[id]/[action]/route.ts": containersIdAction,
  "app/api/containers/[id]/commit/route.ts": containersIdCommit,
  "app/api/containers/[id]/diff/route.ts": containersIdDiff,
  "app/api/containers/[id]/exec/route.ts": containersIdExec,
  "app/api/containers/[id]/export/route.ts": containersIdExport,
  "app/api/containers/[id]/logs/route.ts": containersIdLogs,
  "app/api/containers/[id]/stats/route.ts": containersIdStats,
  "app/api/containers/[id]/route.ts": containersId,
  "app/api/containers/preview/route.ts": containersPreview,
  "app/api/containers/route.ts": containers,
  "app/api/disk-usage/route.ts": diskUsage,
  "app/api/dockerfile/lint/route.ts": dockerfileLint,
  "app/api/engine/route.ts": engine,
  "app/api/engines/[id]/route.ts": enginesId,
  "app/api/engines/[id]/test/route.ts": enginesIdTest,
  "app/api/engines/current/route.ts": enginesCurrent,
  "app/api/engines/route.ts": engines,
  "app/api/health/route.ts": health,
  "app/api/events/route.ts": events,
  "app/api/exec/[session]/input/route.ts": execSessionInput,
  "app/api/exec/[session]/output/route.ts": execSessionOutput,
  "app/api/exec/[session]/resize/route.ts": execSessionResize,
  "app/api/exec/[session]/route.ts": execSession,
  "app/api/fleet/images/route.ts": fleetImages,
  "app/api/images/[ref]/analysis/route.ts": imagesRefAnalysis,
  "app/api/images/[ref]/copy/route.ts": imagesRefCopy,
  "app/api/images/[ref]/layers/[index]/file/route.ts": imagesRefLayersIndexFile,
  "app/api/images/[ref]/layers/[index]/files/route.ts": imagesRefLayersIndexFiles,
  "app/api/images/[ref]/push/route.ts": imagesRefPush,
  "app/api/images/[ref]/route.ts": imagesRef,
  "app/api/images/[ref]/save/route.ts": imagesRefSave,
  "app/api/images/[ref]/tag/route.ts": imagesRefTag,
  "app/api/images/compare/route.ts": imagesCompare,
  "app/api/images/import/route.ts": imagesImport,
  "app/api/images/load/route.ts": imagesLoad,
  "app/api/images/pull/route.ts": imagesPull,
  "app/api/images/route.ts": images,
  "app/api/networks/[id]/route.ts": networksId,
  "app/api/networks/route.ts": networks,
  "app/api/registries/[id]/repositories/route.ts": registriesIdRepositories,
  "app/api/registries/[id]/route.ts": registriesId,
  "app/api/registries/[id]/tags/route.ts": registriesIdTags,
  "app/api/registries/[id]/test/route.ts": registriesIdTest,
  "app/api/registries/route.ts": registries,
  "app/api/tokens/[id]/route.ts": tokensId,
  "app/api/tokens/route.ts": tokens,
  "app/api/users/[id]/route.ts": usersId,
  "app/api/users/route.ts": users,
  "app/api/volumes/[name]/route.ts": volumesName,
  "app/api/volumes/route.ts": volumes,
  // This route imports this file, so it is listed by its contract alone (the test checks that the
  // route's handler carries this very contract).
  "app/api/openapi.json/route.ts": { GET: { contract: openApiDocumentContract } },
};

let cached: OpenApiDocument | undefined;

/**
 * The API's OpenAPI document, built once per process from the routes' contracts.
 *
 * @example apiDocument().paths["/api/images/{ref}"]?.get?.summary // "An image in detail"
 */
export function apiDocument(): OpenApiDocument {
  cached ??= buildOpenApiDocument(contractsOf(API_ROUTE_MODULES), {
    version: packageJson.version,
    description:
      'The JSON API of the dashboard. Sign in with `POST /api/auth/login` (a session cookie) or send `Authorization: Bearer <token>`. Errors answer `{"error": "<message>", "code": "type:surface"}`; the HTTP status follows from the type.',
  });
  return cached;
}
