/**
 * Loads the catalog queries from `sql/` next to this file, once per process.
 * @internal
 */
import fs from "node:fs";
import path from "node:path";

/** The catalog queries, one per object kind, in the order they run. */
export const CATALOG_QUERIES = [
  "schemas.sql",
  "extensions.sql",
  "enums.sql",
  "sequences.sql",
  "tables.sql",
  "columns.sql",
  "constraints.sql",
  "indexes.sql",
  "views.sql",
  "table-kinds.sql",
  "domains.sql",
  "composite-types.sql",
  "range-types.sql",
  "functions.sql",
  "triggers.sql",
  "rules.sql",
  "statistics.sql",
  "row-security.sql",
  "privileges.sql",
  "default-privileges.sql",
  "comments.sql",
  "collations.sql",
  "publications.sql",
  "publication-tables.sql",
] as const;

export type CatalogQueryName = (typeof CATALOG_QUERIES)[number];

const cache = new Map<CatalogQueryName, string>();

/** The text of `sql/<name>`, read synchronously on first use and cached. */
export function loadSql(name: CatalogQueryName): string {
  let text = cache.get(name);
  if (text === undefined) {
    text = fs.readFileSync(path.join(__dirname, "sql", name), "utf8");
    cache.set(name, text);
  }
  return text;
}
