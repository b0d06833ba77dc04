/**
 * The compiler's SQL means the same whatever the session's `standard_conforming_strings`: its own
 * literals (comments, enum labels) and the string constants inside the expressions Postgres printed
 * (defaults, CHECK, index predicates, views). A schema full of backslashes and quotes is read from one
 * database, compiled, and run on a raw connection to a database where the setting is off (no pinning by
 * pg-autogen's own sessions); reading it back must find no difference.
 */
import { Client } from "pg";
import { compare } from "../../src/compare/compare";
import { connectPostgres } from "../../src/db/postgres";
import { introspect } from "../../src/introspect";
import type { SchemaModel } from "../../src/model/schema-model";
import { orderOperations } from "../../src/ops/phases";
import { compileOperations } from "../../src/sql/compile";
import { portableStrings } from "../../src/sql/portable-strings";
import { quoteLiteral, UnrepresentableLiteralError } from "../../src/sql/quote";
import { createTestDatabase, type TestDatabase } from "../support/test-db";

describe("quoteLiteral and portableStrings", () => {
  it("write backslashes in the escape-string form only", () => {
    expect(quoteLiteral("it's")).toBe("'it''s'");
    expect(quoteLiteral("a\\'; DROP TABLE victim; --")).toBe("E'a\\\\''; DROP TABLE victim; --'");
    expect(quoteLiteral("日本 ✓ ${x} `b` */")).toBe("'日本 ✓ ${x} `b` */'");
    expect(() => quoteLiteral("a\u0000b")).toThrow(UnrepresentableLiteralError);
    expect(() => quoteLiteral("a\u0000b")).toThrow(/NUL character/);
  });

  it("rewrite plain constants holding a backslash and leave everything else", () => {
    expect(portableStrings(`DEFAULT 'a\\'::text`)).toBe(`DEFAULT E'a\\\\'::text`);
    expect(portableStrings(`CHECK ((x <> 'it''s \\ ok'::text))`)).toBe(`CHECK ((x <> E'it''s \\\\ ok'::text))`);
    const untouched = [
      `E'a\\\\b'`,
      `U&'d\\0061t'`,
      `B'101'`,
      `"col\\name" = 'plain'`,
      `$$ 'a\\' $$`,
      `$fn$ x\\y $fn$`,
      `-- 'a\\'\nSELECT 1`,
      `/* 'a\\' */ SELECT 1`,
      `'unterminated \\`,
    ];
    for (const sql of untouched) expect(portableStrings(sql)).toBe(sql);
    const once = portableStrings(`SELECT 'x\\y', "q\\", 'z'`);
    expect(once).toBe(`SELECT E'x\\\\y', "q\\", 'z'`);
    expect(portableStrings(once)).toBe(once);
  });
});

const SCHEMA = String.raw`
  CREATE TYPE "kind\" AS ENUM ('a\', 'it''s', 'b\''; DROP TABLE victim; --', '日本');
  CREATE TABLE "t\x" (
    id integer PRIMARY KEY,
    label text DEFAULT 'C:\dir\''s' NOT NULL,
    k "kind\" DEFAULT 'a\',
    CONSTRAINT "chk\" CHECK (label <> 'x\y')
  );
  COMMENT ON TABLE "t\x" IS 'tab\''; DROP TABLE victim; --';
  COMMENT ON COLUMN "t\x".label IS 'multi
line \n ✓';
  CREATE INDEX "idx\" ON "t\x" (label) WHERE label <> '\\';
  CREATE VIEW "v\" AS SELECT id, 'v\al''s'::text AS s FROM "t\x";
`;

describe("compiled SQL on a session with standard_conforming_strings = off", () => {
  let source: TestDatabase;
  let target: TestDatabase;
  beforeAll(async () => {
    [source, target] = await Promise.all([createTestDatabase("lit_src"), createTestDatabase("lit_off")]);
    await source.query(SCHEMA);
    await target.query(`ALTER DATABASE "${target.name}" SET standard_conforming_strings = off`);
    await target.query(`CREATE TABLE victim (id int PRIMARY KEY)`);
    await target.query(`INSERT INTO victim VALUES (1)`);
  });
  afterAll(async () => {
    await Promise.all([source.drop(), target.drop()]);
  });

  async function read(url: string): Promise<SchemaModel> {
    const db = await connectPostgres(url);
    try {
      return await introspect(db, { schemas: ["public"] });
    } finally {
      await db.close();
    }
  }

  it("creates exactly the schema it was compiled from, and drops nothing", async () => {
    const wanted = await read(source.url);
    const empty = await read(target.url);
    const victim = empty.tables['"public"."victim"']!;
    const { operations } = compare(empty, { ...wanted, tables: { ...wanted.tables, '"public"."victim"': victim } });
    const statements = compileOperations(orderOperations(operations));
    expect(statements.map((s) => s.sql).join("\n")).toContain("E'");

    const raw = new Client({ connectionString: target.url });
    await raw.connect();
    try {
      expect((await raw.query("SHOW standard_conforming_strings")).rows).toEqual([{ standard_conforming_strings: "off" }]);
      for (const statement of statements) await raw.query(statement.sql);
    } finally {
      await raw.end();
    }

    expect(await target.query(`SELECT id FROM victim`)).toEqual([{ id: 1 }]);
    const after = await read(target.url);
    const { operations: left } = compare(after, { ...wanted, tables: { ...wanted.tables, '"public"."victim"': victim } });
    expect(left).toEqual([]);
    const pinned = await connectPostgres(target.url);
    try {
      await pinned.query(String.raw`INSERT INTO "t\x" (id) VALUES (1)`);
      const { rows } = await pinned.query(String.raw`SELECT label, k::text AS k, s FROM "t\x" JOIN "v\" USING (id)`);
      expect(rows).toEqual([{ label: String.raw`C:\dir\'s`, k: "a\\", s: String.raw`v\al's` }]);
    } finally {
      await pinned.close();
    }
  });
});
