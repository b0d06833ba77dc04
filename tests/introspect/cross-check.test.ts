/**
 * Cross-checks our model against an independent reader, @databases/pg-schema-introspect, on what it
 * covers: tables, column names, nullability, enum label sets (it sorts labels alphabetically) and base
 * types (it reports type oids, not format_type text, and orders columns by name).
 */
import fs from "node:fs";
import path from "node:path";
import getSchema, { connect, type ConnectionPool, type Schema } from "@databases/pg-schema-introspect";
import { introspect } from "../../src/introspect";
import type { SchemaModel } from "../../src/model/schema-model";
import { createTestDatabase, type TestDatabase } from "../support/test-db";
import { connectPg, type PgConnection } from "./helpers";

/** Built-in type oids (fixed in every PostgreSQL release) -> format_type text without typmod. */
const BUILTIN_TYPES: Readonly<Record<number, string>> = {
  16: "boolean",
  20: "bigint",
  21: "smallint",
  23: "integer",
  25: "text",
  1009: "text[]",
  1043: "character varying",
  1082: "date",
  1114: "timestamp without time zone",
  1184: "timestamp with time zone",
  1700: "numeric",
  2950: "uuid",
  3802: "jsonb",
  3910: "tstzrange",
};

/** The type name pg-schema-introspect implies for a column, in format_type spelling. */
function theirTypeName(typeId: number, schemas: readonly Schema[]): string {
  const builtin = BUILTIN_TYPES[typeId];
  if (builtin !== undefined) return builtin;
  for (const schema of schemas) {
    const type = schema.types.find((t) => t.typeID === typeId);
    if (type === undefined) continue;
    if (type.kind === "array") return `${type.schemaName}.${type.subtypeName}[]`;
    return `${type.schemaName}.${type.typeName}`;
  }
  throw new Error(`type oid ${typeId} is neither a known built-in nor a type of the compared schemas`);
}

/** format_type text without its typmod: `character varying(255)` -> `character varying`. */
function withoutTypmod(type: string): string {
  return type.replace(/\(\d+(,\d+)?\)/, "");
}

describe("cross-check with @databases/pg-schema-introspect", () => {
  let db: TestDatabase;
  let conn: PgConnection;
  let pool: ConnectionPool;
  let ours: SchemaModel;
  let theirs: Schema[];
  const SCHEMAS = ["billing", "public"];

  beforeAll(async () => {
    db = await createTestDatabase("crosscheck");
    conn = await connectPg(db.url);
    await conn.client.query(fs.readFileSync(path.join(__dirname, "fixtures", "rich-schema.sql"), "utf8"));
    pool = connect({ connectionString: db.url, bigIntMode: "number" });
    ours = await introspect(conn, { schemas: SCHEMAS });
    theirs = [];
    for (const schemaName of SCHEMAS) theirs.push(await getSchema(pool, { schemaName }));
  });

  afterAll(async () => {
    await pool.dispose();
    await conn.end();
    await db.drop();
  });

  it("finds the same tables (ordinary and partitioned; not views, not autogen_version)", () => {
    const theirTables = theirs
      .flatMap((s) => s.classes)
      .filter((c) => (c.kind === "r" || c.kind === "p") && c.className !== "autogen_version")
      .map((c) => `"${c.schemaName}"."${c.className}"`)
      .sort();
    expect(Object.keys(ours.tables)).toEqual(theirTables);
    expect(theirTables).toHaveLength(8);
  });

  it("finds the same columns with the same nullability and base types", () => {
    let compared = 0;
    for (const cls of theirs.flatMap((s) => s.classes)) {
      const table = ours.tables[`"${cls.schemaName}"."${cls.className}"`];
      if (table === undefined) continue;
      const theirColumns = cls.attributes
        .map((a) => ({ name: a.attributeName, nullable: !a.notNull, type: theirTypeName(a.typeID, theirs) }))
        .sort((a, b) => (a.name < b.name ? -1 : 1));
      const ourColumns = table.columns
        .map((c) => ({ name: c.name, nullable: c.nullable, type: withoutTypmod(c.type) }))
        .sort((a, b) => (a.name < b.name ? -1 : 1));
      expect(ourColumns).toEqual(theirColumns);
      compared += ourColumns.length;
    }
    expect(compared).toBe(38);
  });

  it("finds the same enums with the same label sets", () => {
    const theirEnums = Object.fromEntries(
      theirs
        .flatMap((s) => s.types)
        .filter((t) => t.kind === "e")
        .map((t) => [`"${t.schemaName}"."${t.typeName}"`, [...(t as { values: string[] }).values].sort()]),
    );
    const ourEnums = Object.fromEntries(
      Object.entries(ours.enums).map(([key, e]) => [key, [...e.labels].sort()]),
    );
    expect(ourEnums).toEqual(theirEnums);
    expect(Object.keys(ourEnums)).toHaveLength(3);
  });
});
