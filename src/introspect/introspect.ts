/**
 * Reads the live catalog into a SchemaModel (see src/model/schema-model.ts for what every field holds).
 *
 * Rules the model leaves open, decided here:
 * - Collations (columns and index keys) and operator classes print as Postgres prints them in DDL with
 *   `search_path = pg_catalog`: `quote_ident(name)`, schema-qualified unless in pg_catalog (`"C"`,
 *   `"en_US"`, `ucs_basic`, `public.german`, `text_pattern_ops`). A column's collation is kept only when
 *   it is not its type's default; an index key's only when it is not the column's (for an expression key:
 *   only when `pg_get_indexdef` prints it); an operator class only when it is not the default one.
 * - `IndexKey.nullsFirst` is the NULLS FIRST flag as stored: true for plain `DESC`, false for
 *   `DESC NULLS LAST` and plain `ASC`.
 * - Serial: a column whose default is exactly `nextval('<seq>'::regclass)` of a sequence it owns.
 * - Partitions and inheritance children keep only what is theirs: the columns they have only from a
 *   parent are flagged `inherited`, and the constraints and indexes Postgres derives from the parent's
 *   (copies on partitions, inherited checks) belong to the parent alone.
 * - Objects that belong to an extension (tables, enums, sequences, views, domains, composite types,
 *   functions, ...) are left out.
 */
import type { Queryable } from "../db/database";
import type { QualifiedName, SchemaModel } from "../model/schema-model";
import { buildModel } from "./build-model";
import { readCatalog } from "./read-catalog";
import { PIN_SESSION_SETTINGS } from "./session-settings";

export interface IntrospectOptions {
  /**
   * The schemas to read. Names that do not exist are skipped; system schemas (pg_catalog,
   * information_schema, TOAST, other sessions' temporary schemas) are refused. The session's own
   * temporary schema (`SELECT nspname FROM pg_namespace WHERE oid = pg_my_temp_schema()`) may be read.
   */
  readonly schemas: readonly string[];
  /**
   * Tables to leave out, as `qualifiedName(schema, name)` keys (`"public"."legacy"`). The sequences
   * they own are left out with them. The tools' own tables (`TOOL_OWNED_TABLES`: `autogen_version`,
   * `autogen_checksums`, `typeorm_metadata`) are always left out, in every schema.
   */
  readonly excludeTables?: readonly QualifiedName[];
  /**
   * Read the catalog objects too (functions, triggers, row security, privileges and default privileges,
   * comments, collations, ...). Default true; false leaves their maps empty (and `defaultPrivileges`
   * absent) and sends 11 queries fewer (the normaliser's scratch schema holds none of them).
   */
  readonly catalogObjects?: boolean;
}

/**
 * Reads `options.schemas` from the database in its own read-only transaction:
 * `BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY`, the catalog queries, `ROLLBACK`. Every query sees the
 * same snapshot, and the number of round trips does not grow with the number of tables: at most one per
 * catalog query of `load-sql.ts`, plus three (a query whose kind of object the database holds none of
 * is not sent, see read-catalog.ts).
 *
 * `db` must be one connection (a `pg.Client`, a `Database`, a PGlite instance), never a pool, and must
 * not already be inside a transaction: use {@link introspectInTransaction} there.
 *
 * @example
 * const model = await introspect(db, { schemas: ["public"] });
 * model.tables['"public"."users"'].columns[0];
 * // { name: "id", type: "integer", nullable: false, default: null,
 * //   identity: { kind: "serial" }, generated: null, collation: null, comment: null }
 *
 * @throws SystemSchemaError, UnsupportedServerVersionError, UnsupportedCatalogObjectError,
 *   CatalogQueryError (src/introspect/introspect-errors.ts).
 */
export async function introspect(db: Queryable, options: IntrospectOptions): Promise<SchemaModel> {
  await db.query("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
  let model: SchemaModel;
  try {
    model = await introspectInTransaction(db, options);
  } catch (error) {
    await db.query("ROLLBACK").catch(() => undefined);
    throw error;
  }
  await db.query("ROLLBACK");
  return model;
}

/**
 * Reads `options.schemas` inside a transaction the caller has already opened on `tx`: pins the settings
 * the deparsed texts depend on for the rest of that transaction (the equivalent of
 * `SET LOCAL search_path = pg_catalog` and a few more, see session-settings.ts) and runs the catalog
 * queries (one statement each). Nothing is restored: `search_path` stays `pg_catalog`, `TimeZone` UTC,
 * and so on, until the caller's transaction ends.
 *
 * Objects in the session's temporary schema are the exception to qualification: Postgres always
 * searches that schema first, so their names print unqualified (`nextval('users_id_seq'::regclass)`).
 */
export async function introspectInTransaction(tx: Queryable, options: IntrospectOptions): Promise<SchemaModel> {
  await tx.query(PIN_SESSION_SETTINGS);
  const rows = await readCatalog(tx, options.schemas, options.catalogObjects ?? true);
  return buildModel(rows, options.excludeTables ?? []);
}
