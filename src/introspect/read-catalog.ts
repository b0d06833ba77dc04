/**
 * Runs the catalog queries: at most one round trip each whatever the number of tables, each over all the
 * schemas at once (`$1::text[]`); a query with nothing to read in the database is not sent (`PRESENCE`).
 *
 * How the queries stay near the cost of reading the rows (bench/README.md, "Introspection against its
 * floor"): no function or subquery runs once per row where a join or one aggregation over all rows does
 * (comments are joined from pg_description, key column names from pg_attribute, an index's keys are one
 * set aggregated per index); the deparsing functions run once per value and only where the model needs
 * them; objects that belong to an extension are found through their dependency on it
 * (`refclassid = 'pg_extension'`, which pg_depend's reference index finds in one short range) instead of
 * one pg_depend lookup per object; and no large result is sorted in SQL when the model sorts it anyway.
 * tests/introspect/reference-read.test.ts checks the rewritten queries against straightforward ones.
 * @internal
 */
import type { Queryable } from "../db/database";
import type { CatalogObjectRows, CommentRow } from "./catalog-object-rows";
import type { CatalogRows, SchemasRow } from "./catalog-rows";
import { CatalogQueryError, SystemSchemaError, UnsupportedServerVersionError } from "./introspect-errors";
import { type CatalogQueryName, loadSql } from "./load-sql";

/** `server_version_num` of the oldest supported server: `pg_index.indnullsnotdistinct` is new in 15. */
export const MINIMUM_SERVER_VERSION = 150000;

/**
 * Reads every kind of object in `schemas` (the requested names; the ones that do not exist are skipped);
 * the catalog objects (functions, triggers, ...) only when `catalogObjects`.
 * Expects to run inside a transaction with the settings of session-settings.ts pinned.
 * @throws SystemSchemaError when `schemas` names a system schema.
 * @throws UnsupportedServerVersionError on a server older than PostgreSQL 15.
 * @throws CatalogQueryError when a query fails.
 */
export async function readCatalog(
  tx: Queryable,
  schemas: readonly string[],
  catalogObjects = true,
  { everyQuery = false }: { readonly everyQuery?: boolean } = {},
): Promise<CatalogRows> {
  let schemaRow: SchemasAndPresenceRow | undefined;
  try {
    [schemaRow] = (await tx.query<SchemasAndPresenceRow>(schemasAndPresenceSql(), [schemas])).rows;
  } catch (error) {
    throw new CatalogQueryError("schemas.sql", error);
  }
  if (!schemaRow) throw new CatalogQueryError("schemas.sql", new Error("the query returned no row"));
  if (schemaRow.system.length > 0) throw new SystemSchemaError(schemaRow.system);
  if (schemaRow.server_version < MINIMUM_SERVER_VERSION) {
    throw new UnsupportedServerVersionError(schemaRow.server_version, MINIMUM_SERVER_VERSION);
  }
  const { server_version, readable: readableSchemas, system } = schemaRow;
  const holds = new Set(CONDITIONS.filter((_, i) => schemaRow!.present[i] === true));
  const run: RunQuery = (name, params) => {
    const condition = PRESENCE[name];
    return everyQuery || condition === undefined || holds.has(condition) ? runQuery(tx, name, params) : Promise.resolve([]);
  };
  const readable = [readableSchemas];
  return {
    schemas: { server_version, readable: readableSchemas, system },
    extensions: await run("extensions.sql", []),
    enums: await run("enums.sql", readable),
    sequences: await run("sequences.sql", readable),
    tables: await run("tables.sql", readable),
    columns: await run("columns.sql", readable),
    constraints: await run("constraints.sql", readable),
    indexes: await run("indexes.sql", readable),
    views: await run("views.sql", readable),
    tableKinds: await run("table-kinds.sql", readable),
    domains: await run("domains.sql", readable),
    compositeTypes: await run("composite-types.sql", readable),
    rangeTypes: await run("range-types.sql", readable),
    ...(catalogObjects ? await readCatalogObjects(readable, run, schemaCommentRows(schemaRow)) : NO_CATALOG_OBJECT_ROWS),
  };
}

/**
 * For the queries whose objects most databases have none of, a condition that is true whenever the query
 * could return a row: a user row (oid from 16384, `FirstNormalObjectId`: the OID counter never gives a
 * user object less, even after wrapping around) in the catalog the query reads its rows from, anywhere in
 * the database (wider than the query, never narrower). `schemas.sql` evaluates them all in its one round
 * trip, in the transaction's snapshot, and a query whose condition is false is not sent: on a small
 * database this spares the planning of the largest statements (functions.sql's alone is ~12 ms in a new
 * session) and a round trip each. tests/introspect/catalog-presence.db.test.ts reads databases with and
 * without each kind both ways and compares.
 */
const USER_TABLES = "EXISTS (SELECT 1 FROM pg_catalog.pg_class WHERE oid >= 16384 AND relkind IN ('r', 'p'))";
const PRESENCE: Partial<Record<CatalogQueryName, string>> = {
  "extensions.sql": "EXISTS (SELECT 1 FROM pg_catalog.pg_extension WHERE extname <> 'plpgsql')",
  "enums.sql": "EXISTS (SELECT 1 FROM pg_catalog.pg_type WHERE oid >= 16384 AND typtype = 'e')",
  "sequences.sql": "EXISTS (SELECT 1 FROM pg_catalog.pg_class WHERE oid >= 16384 AND relkind = 'S')",
  "tables.sql": USER_TABLES,
  "columns.sql": USER_TABLES,
  "constraints.sql": USER_TABLES,
  "indexes.sql": "EXISTS (SELECT 1 FROM pg_catalog.pg_class WHERE oid >= 16384 AND relkind IN ('r', 'p', 'm'))",
  "views.sql": "EXISTS (SELECT 1 FROM pg_catalog.pg_class WHERE oid >= 16384 AND relkind IN ('v', 'm'))",
  "table-kinds.sql": USER_TABLES,
  "domains.sql": "EXISTS (SELECT 1 FROM pg_catalog.pg_type WHERE oid >= 16384 AND typtype = 'd')",
  "composite-types.sql": "EXISTS (SELECT 1 FROM pg_catalog.pg_class WHERE oid >= 16384 AND relkind = 'c')",
  "range-types.sql": "EXISTS (SELECT 1 FROM pg_catalog.pg_range WHERE rngtypid >= 16384)",
  "functions.sql": "EXISTS (SELECT 1 FROM pg_catalog.pg_proc WHERE oid >= 16384)",
  "triggers.sql": "EXISTS (SELECT 1 FROM pg_catalog.pg_trigger WHERE oid >= 16384 AND NOT tgisinternal)",
  "rules.sql": "EXISTS (SELECT 1 FROM pg_catalog.pg_rewrite WHERE oid >= 16384 AND rulename <> '_RETURN')",
  "statistics.sql": "EXISTS (SELECT 1 FROM pg_catalog.pg_statistic_ext WHERE oid >= 16384)",
  "row-security.sql":
    "(EXISTS (SELECT 1 FROM pg_catalog.pg_policy) OR EXISTS (SELECT 1 FROM pg_catalog.pg_class WHERE oid >= 16384 AND relkind IN ('r', 'p') AND (relrowsecurity OR relforcerowsecurity)))",
  "default-privileges.sql": "EXISTS (SELECT 1 FROM pg_catalog.pg_default_acl)",
  "collations.sql": "EXISTS (SELECT 1 FROM pg_catalog.pg_collation WHERE oid >= 16384)",
  "publications.sql": "EXISTS (SELECT 1 FROM pg_catalog.pg_publication)",
  "publication-tables.sql": "EXISTS (SELECT 1 FROM pg_catalog.pg_publication_rel)",
  // The schemas' own comments (public has one in every database) come with schemas.sql.
  "comments.sql": "EXISTS (SELECT 1 FROM pg_catalog.pg_description WHERE objoid >= 16384 AND classoid <> 'pg_catalog.pg_namespace'::pg_catalog.regclass)",
};

/** The conditions of `PRESENCE`, each once (four queries share one). */
const CONDITIONS = [...new Set(Object.values(PRESENCE))];

let schemasAndPresence: string | undefined;
/** `schemas.sql` with `present`: whether each of `CONDITIONS` holds, in their order. */
function schemasAndPresenceSql(): string {
  schemasAndPresence ??= `SELECT s.*, ARRAY[\n  ${CONDITIONS.join(",\n  ")}\n]::bool[] AS present\nFROM (\n${loadSql("schemas.sql")}\n) s`;
  return schemasAndPresence;
}

async function runQuery<R>(tx: Queryable, name: CatalogQueryName, params: readonly unknown[]): Promise<R[]> {
  try {
    return (await tx.query<R>(loadSql(name), params)).rows;
  } catch (error) {
    throw new CatalogQueryError(name, error);
  }
}

const NO_CATALOG_OBJECT_ROWS: CatalogObjectRows = {
  functions: [],
  triggers: [],
  rules: [],
  statistics: [],
  rowSecurity: [],
  privileges: [],
  comments: [],
  collations: [],
  publications: [],
  publicationTables: [],
};

/** Runs one catalog query (or leaves it out, see `PRESENCE`) on the transaction's session. */
type RunQuery = <R>(name: CatalogQueryName, params: readonly unknown[]) => Promise<R[]>;

/** schemas.sql's row with `present` (see `PRESENCE`). */
interface SchemasAndPresenceRow extends SchemasRow {
  /** The readable schemas that have a comment (not made by an extension), sorted; their comments in `schema_comments`. */
  readonly commented: readonly string[];
  readonly schema_comments: readonly string[];
  readonly present: readonly boolean[];
}

/** The comments on the schemas themselves, which schemas.sql reads, as comments.sql's rows. */
function schemaCommentRows(row: SchemasAndPresenceRow): CommentRow[] {
  return row.commented.map((name, i) => ({ kind: "schema", schema: null, name, parent: null, arguments: null, comment: row.schema_comments[i]! }));
}

async function readCatalogObjects(readable: readonly unknown[], run: RunQuery, schemaComments: readonly CommentRow[]): Promise<CatalogObjectRows> {
  return {
    functions: await run("functions.sql", readable),
    triggers: await run("triggers.sql", readable),
    rules: await run("rules.sql", readable),
    statistics: await run("statistics.sql", readable),
    rowSecurity: await run("row-security.sql", readable),
    privileges: await run("privileges.sql", readable),
    defaultPrivileges: await run("default-privileges.sql", readable),
    comments: [...schemaComments, ...(await run<CommentRow>("comments.sql", readable))],
    collations: await run("collations.sql", readable),
    publications: await run("publications.sql", readable),
    publicationTables: await run("publication-tables.sql", readable),
  };
}
