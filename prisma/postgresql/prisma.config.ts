import { defineConfig } from "prisma/config";
import { PrismaPg } from "@prisma/adapter-pg";

// The PostgreSQL counterpart of ../../prisma.config.ts, for `prisma generate` and `prisma migrate
// diff` of the PostgreSQL schema (`--config prisma/postgresql/prisma.config.ts`). Migrations are
// not applied through the CLI (its JS schema engine cannot read PostgreSQL's catalog, prisma/orm#27403):
// see lib/database-migrations.ts.
//
// The schema's `url = env("DATABASE_URL")` must parse as a PostgreSQL URL even where none is
// configured (generating the client at install time): a placeholder then, never connected to.
if (!/^postgres(ql)?:\/\//.test(process.env.DATABASE_URL ?? "")) process.env.DATABASE_URL = "postgresql://localhost/dashboard";

export default defineConfig({
  // Relative to this file.
  schema: "schema.prisma",
  experimental: { adapter: true },
  engine: "js",
  async adapter() {
    return new PrismaPg({ connectionString: process.env.DATABASE_URL });
  },
});
