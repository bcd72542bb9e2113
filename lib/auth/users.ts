// Kept only because lib/auth/authenticate.ts (being tuned by another engineer) imports
// ensureBootstrapAdmin from here. User reads live in ./queries.ts, audited mutations in
// ./actions.ts; delete this file once that import points at @/lib/auth/actions.
export { ensureBootstrapAdmin } from "@/lib/auth/actions";
