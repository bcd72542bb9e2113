/**
 * `npm run db:schema:pg`: writes prisma/postgresql/schema.prisma from prisma/schema.prisma (see
 * lib/database-schema.ts). Run it after changing the SQLite schema, then `npm run db:migration:pg -- NAME`.
 */
import fs from "node:fs";
import path from "node:path";
import { POSTGRES_SCHEMA_PATH, postgresSchemaFrom, SQLITE_SCHEMA_PATH } from "../lib/database-schema";

const root = path.join(__dirname, "..");
const generated = postgresSchemaFrom(fs.readFileSync(path.join(root, SQLITE_SCHEMA_PATH), "utf8"));
const target = path.join(root, POSTGRES_SCHEMA_PATH);
const current = fs.existsSync(target) ? fs.readFileSync(target, "utf8") : null;
if (current === generated) console.log(`${POSTGRES_SCHEMA_PATH} is up to date`);
else {
  fs.mkdirSync(path.dirname(target), { recursive: true });
  fs.writeFileSync(target, generated);
  console.log(`wrote ${POSTGRES_SCHEMA_PATH}`);
}
