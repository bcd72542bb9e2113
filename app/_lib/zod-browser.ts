import { z } from "zod";

// zod compiles object schemas with `new Function` when it may, and finds out by trying when a
// schema is built: under the dashboard's CSP (script-src with a nonce, no 'unsafe-eval') that try
// is reported as a securitypolicyviolation, even though zod catches it. In the browser, zod runs
// without that compilation. Imported first by the root layout's ToastProvider, so it runs before
// any page module builds a schema; on the server, where eval is allowed, nothing changes.
// (zod's `jitless` option; its own probe skips the try then.)
if (typeof window !== "undefined") z.config({ jitless: true });
