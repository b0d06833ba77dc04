/**
 * The catalog queries that were rewritten for speed (columns, constraints, indexes, tables: joins and
 * one-pass aggregation instead of per-row functions and subqueries) read exactly what the straightforward
 * queries read. The reference queries are the earlier versions, kept in reference-sql/; both run in one
 * transaction on the same catalog, and the models built from their rows must be identical, key order
 * included.
 */
import fs from "node:fs";
import path from "node:path";
import { buildModel } from "../../src/introspect/build-model";
import type { CatalogRows, ColumnRow, ConstraintRow, IndexRow, TableRow } from "../../src/introspect/catalog-rows";
import { readCatalog } from "../../src/introspect/read-catalog";
import { PIN_SESSION_SETTINGS } from "../../src/introspect/session-settings";
import type { SchemaModel } from "../../src/model/schema-model";
import { createTablespace, tablespaceName, type TestTablespace } from "../support/tablespace";
import { createTestDatabase, type TestDatabase } from "../support/test-db";
import { connectPg, type PgConnection } from "./helpers";

const fixture = (name: string): string => fs.readFileSync(path.join(__dirname, "fixtures", name), "utf8");
const reference = (name: string): string => fs.readFileSync(path.join(__dirname, "reference-sql", name), "utf8");

interface Reads {
  readonly rows: CatalogRows;
  readonly referenceRows: CatalogRows;
}

/** The production rows and the same rows with the four rewritten kinds read by the reference queries. */
async function readBoth(conn: PgConnection, schemas: readonly string[]): Promise<Reads> {
  await conn.query("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
  try {
    await conn.query(PIN_SESSION_SETTINGS);
    const rows = await readCatalog(conn, schemas);
    const readable = [rows.schemas.readable];
    const run = async <R>(name: string): Promise<R[]> => (await conn.query<R>(reference(name), readable)).rows;
    const referenceRows: CatalogRows = {
      ...rows,
      tables: await run<TableRow>("tables.sql"),
      columns: await run<ColumnRow>("columns.sql"),
      constraints: await run<ConstraintRow>("constraints.sql"),
      indexes: await run<IndexRow>("indexes.sql"),
    };
    return { rows, referenceRows };
  } finally {
    await conn.query("ROLLBACK");
  }
}

/** Rows in a canonical order, for comparing row sets whatever order a query returns them in. */
function sorted<R>(rows: readonly R[]): string[] {
  return rows.map((row) => JSON.stringify(row)).sort();
}

/** Checks and exclusions carry their key columns only in the reference rows: the model does not use them. */
function withoutCheckColumns(rows: readonly ConstraintRow[]): ConstraintRow[] {
  return rows.map((row) => (row.type === "c" || row.type === "x" ? { ...row, columns: [] } : row));
}

function expectSameModel(actual: SchemaModel, expected: SchemaModel): void {
  expect(actual).toStrictEqual(expected);
  expect(JSON.stringify(actual)).toBe(JSON.stringify(expected));
}

describe.each([
  { name: "the rich schema", sql: "rich-schema.sql", schemas: ["public", "billing"], exclude: ['"billing"."legacy"'] },
  { name: "the edge cases of the rewritten queries", sql: "reference-read-schema.sql", schemas: ["app"], exclude: [] },
  // Its SQL places relations in a tablespace of the test's own.
  { name: "relations in a tablespace", sql: "reference-read-tablespaces.sql", schemas: ["app"], exclude: [], tablespace: true },
])("catalog queries against their reference read: $name", ({ sql, schemas, exclude, tablespace }) => {
  let ts: TestTablespace | null = null;
  let db: TestDatabase;
  let conn: PgConnection;
  let reads: Reads;

  beforeAll(async () => {
    if (tablespace === true) ts = await createTablespace(tablespaceName("refread_ts"));
    db = await createTestDatabase("refread");
    conn = await connectPg(db.url);
    await conn.client.query(ts === null ? fixture(sql) : fixture(sql).replaceAll("{{tablespace}}", ts.name));
    reads = await readBoth(conn, schemas);
  });

  afterAll(async () => {
    await conn.end();
    await db.drop();
    await ts?.drop();
  });

  it("reads the same rows", () => {
    const { rows, referenceRows } = reads;
    expect(rows.columns.length).toBeGreaterThan(10);
    expect(sorted(rows.tables)).toEqual(sorted(referenceRows.tables));
    expect(sorted(rows.columns)).toEqual(sorted(referenceRows.columns));
    expect(sorted(rows.indexes)).toEqual(sorted(referenceRows.indexes));
    expect(sorted(rows.constraints)).toEqual(sorted(withoutCheckColumns(referenceRows.constraints)));
  });

  it("builds the same model, key order included", () => {
    expectSameModel(buildModel(reads.rows, exclude), buildModel(reads.referenceRows, exclude));
  });
});
