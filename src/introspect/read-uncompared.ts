/**
 * The objects of the kinds the model does not describe (uncompared.sql): foreign tables and servers,
 * event triggers, operators, casts, text search objects and the like, each as a kind, a name and a
 * definition text, so that a database-to-database diff can say which of them the two sides do not share
 * (src/api/uncompared.ts).
 */
import fs from "node:fs";
import path from "node:path";
import type { Queryable } from "../db/database";
import { CatalogQueryError } from "./introspect-errors";
import { PIN_SESSION_SETTINGS } from "./session-settings";

/** One object of a kind the model does not describe. */
export interface UncomparedObject {
  /** `foreign table`, `event trigger`, `cast`, ... */
  readonly kind: string;
  /** As a message names it: `public.ft`, `etr`, `(integer AS public.floatrange)`. */
  readonly name: string;
  /** A text that differs when the object does (never a secret or an environment's host). */
  readonly definition: string;
}

const QUERY = "uncompared.sql";
let text: string | undefined;

/**
 * The objects of `db` of the kinds the model does not describe, in `schemas` for the kinds that live in
 * one, sorted by kind and name; read in a read-only transaction of its own, under the introspection's
 * settings (names print schema-qualified alike on every server).
 * @throws CatalogQueryError when the query fails
 */
export async function readUncompared(db: Queryable, schemas: readonly string[]): Promise<UncomparedObject[]> {
  text ??= fs.readFileSync(path.join(__dirname, "sql", QUERY), "utf8");
  await db.query("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
  try {
    await db.query(PIN_SESSION_SETTINGS);
    return (await db.query<UncomparedObject>(text, [schemas])).rows;
  } catch (error) {
    throw new CatalogQueryError(QUERY, error);
  } finally {
    await db.query("ROLLBACK").catch(() => undefined);
  }
}
