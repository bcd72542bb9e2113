// Folder-level import rules (`npm run lint`). A file-level cycle rule misses a cycle that runs through
// different files of two folders (lib/docker/images.ts -> lib/images/catalog.ts,
// lib/images/actions.ts -> lib/docker/images.ts), so cycles are checked between folders too.
/** Infrastructure lib/docker may use; everything else under lib/ is a feature. */
const INFRASTRUCTURE = ["errors", "env", "format", "archive", "progress", "reference", "secrets", "http", "db", "generated", "docker"];

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: "no-folder-cycles",
      comment: "Two lib folders import each other (type-only imports included): one of them must move the shared piece down.",
      severity: "error",
      scope: "folder",
      from: { path: "^lib/" },
      to: { path: "^lib/", circular: true },
    },
    {
      name: "no-file-cycles",
      severity: "error",
      from: { path: "^(lib|app|e2e|scripts)/" },
      to: { circular: true },
    },
    {
      name: "docker-is-the-engine-adapter",
      comment: "lib/docker turns engine calls into plain data; features build on it, never the other way.",
      severity: "error",
      from: { path: "^lib/docker/", pathNot: "\\.test\\.ts$" },
      to: { path: "^lib/", pathNot: `^lib/(${INFRASTRUCTURE.join("|")})(/|\\.ts$)` },
    },
    {
      name: "lib-does-not-import-app",
      severity: "error",
      from: { path: "^lib/" },
      to: { path: "^app/" },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    // Tests and their helpers may reach across folders; the rules are about the product's structure.
    exclude: { path: ["^(node_modules|\\.next|lib/generated)", "\\.test\\.ts$", "^lib/testing/"] },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    enhancedResolveOptions: { exportsFields: ["exports"], conditionNames: ["import", "require", "node", "default", "types"] },
  },
};
