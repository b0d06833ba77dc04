/**
 * Runs the catalog queries: a fixed number of round trips whatever the number of tables, each over all
 * the schemas at once (`$1::text[]`).
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
import type { CatalogObjectRows } from "./catalog-object-rows";
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
): Promise<CatalogRows> {
  const [schemaRow] = await run<SchemasRow>(tx, "schemas.sql", [schemas]);
  if (!schemaRow) throw new CatalogQueryError("schemas.sql", new Error("the query returned no row"));
  if (schemaRow.system.length > 0) throw new SystemSchemaError(schemaRow.system);
  if (schemaRow.server_version < MINIMUM_SERVER_VERSION) {
    throw new UnsupportedServerVersionError(schemaRow.server_version, MINIMUM_SERVER_VERSION);
  }
  const readable = [schemaRow.readable];
  return {
    schemas: schemaRow,
    extensions: await run(tx, "extensions.sql", []),
    enums: await run(tx, "enums.sql", readable),
    sequences: await run(tx, "sequences.sql", readable),
    tables: await run(tx, "tables.sql", readable),
    columns: await run(tx, "columns.sql", readable),
    constraints: await run(tx, "constraints.sql", readable),
    indexes: await run(tx, "indexes.sql", readable),
    views: await run(tx, "views.sql", readable),
    tableKinds: await run(tx, "table-kinds.sql", readable),
    domains: await run(tx, "domains.sql", readable),
    compositeTypes: await run(tx, "composite-types.sql", readable),
    rangeTypes: await run(tx, "range-types.sql", readable),
    ...(catalogObjects ? await readCatalogObjects(tx, readable) : NO_CATALOG_OBJECT_ROWS),
  };
}

async function run<R>(tx: Queryable, name: CatalogQueryName, params: readonly unknown[]): Promise<R[]> {
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

async function readCatalogObjects(tx: Queryable, readable: readonly unknown[]): Promise<CatalogObjectRows> {
  return {
    functions: await run(tx, "functions.sql", readable),
    triggers: await run(tx, "triggers.sql", readable),
    rules: await run(tx, "rules.sql", readable),
    statistics: await run(tx, "statistics.sql", readable),
    rowSecurity: await run(tx, "row-security.sql", readable),
    privileges: await run(tx, "privileges.sql", readable),
    defaultPrivileges: await run(tx, "default-privileges.sql", readable),
    comments: await run(tx, "comments.sql", readable),
    collations: await run(tx, "collations.sql", readable),
    publications: await run(tx, "publications.sql", readable),
    publicationTables: await run(tx, "publication-tables.sql", readable),
  };
}
