/**
 * The views, materialized views and rules that read given relations and types, as the database's
 * pg_depend records them (rules-reading.sql): whatever the comparison knows of them, so that a change
 * they would stop is found before the migration is written (src/compare/rule-readers.ts).
 */
import fs from "node:fs";
import path from "node:path";
import type { RuleReading } from "../compare/rule-readers";
import type { Queryable } from "../db/database";
import type { TableRef } from "../model/schema-model";
import { CatalogQueryError } from "./introspect-errors";

const QUERY = "rules-reading.sql";
let text: string | undefined;

/**
 * The rules reading any of `objects` (relations or types, by schema and name), or a column of one.
 * @throws CatalogQueryError when the query fails
 */
export async function readRuleReaders(db: Queryable, objects: readonly TableRef[]): Promise<RuleReading[]> {
  if (objects.length === 0) return [];
  text ??= fs.readFileSync(path.join(__dirname, "sql", QUERY), "utf8");
  try {
    return (await db.query<RuleReading>(text, [objects.map((o) => o.schema), objects.map((o) => o.name)])).rows;
  } catch (error) {
    throw new CatalogQueryError(QUERY, error);
  }
}
