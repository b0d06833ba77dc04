/**
 * The SQL of a table dropped and created again that keeps its columns' sequences (`keepSequences`,
 * `continueSequences`: src/sql/kept-sequences.ts); run on PostgreSQL 15 by
 * tests/catalog/recreated-table-sequences.db.test.ts.
 */
import { compileOperation } from "../../src/sql/compile";
import { column, table } from "../support/model-builders";

const m = table(
  "m",
  [
    column("id", "integer", { nullable: false, identity: { kind: "serial", sequence: "legacy_seq", options: { increment: "10" } } }),
    column("k", "bigint", { nullable: false, identity: { kind: "identity", generation: "ALWAYS" } }),
    column("at", "date"),
  ],
  { partitionBy: "RANGE (at)" },
);

describe("a table created again, keeping its sequences", () => {
  it("drop: releases the serial's sequence and reads the identity's next value, found through the columns, before the DROP", () => {
    const sql = compileOperation({ kind: "dropTable", table: { schema: "public", name: "m" }, keepSequences: ["id"], continueSequences: ["k"] }).map(
      (s) => s.sql,
    );
    expect(sql).toHaveLength(3);
    expect(sql[0]).toContain(`pg_catalog.pg_get_serial_sequence('"public"."m"', 'id')`);
    expect(sql[0]).toContain("ALTER SEQUENCE %s OWNED BY NONE");
    expect(sql[1]).toContain(`pg_catalog.pg_get_serial_sequence('"public"."m"', 'k')`);
    expect(sql[1]).toContain("pg_catalog.set_config(%L, (CASE WHEN is_called THEN last_value::numeric + %s ELSE last_value END)::text, false)");
    expect(sql[2]).toBe(`DROP TABLE "public"."m"`);
  });

  it("create: the serial column draws on its sequence by name and owns it again (the table's owner's), without RESTART; the identity's goes on", () => {
    const sql = compileOperation({ kind: "createTable", table: m, keepSequences: ["id"], continueSequences: ["k"] }).map((s) => s.sql);
    expect(sql).toEqual([
      `CREATE TABLE "public"."m" ("id" integer NOT NULL DEFAULT nextval('"public"."legacy_seq"'::regclass), ` +
        `"k" bigint GENERATED ALWAYS AS IDENTITY NOT NULL, "at" date) PARTITION BY RANGE (at)`,
      "DO $autogen_seq$\nBEGIN\n  EXECUTE pg_catalog.format('ALTER SEQUENCE \"public\".\"legacy_seq\" OWNER TO %I', " +
        "(SELECT pg_catalog.pg_get_userbyid(relowner) FROM pg_catalog.pg_class WHERE oid = '\"public\".\"m\"'::regclass));\nEND\n$autogen_seq$",
      `ALTER SEQUENCE "public"."legacy_seq" AS integer INCREMENT BY 10 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1 NO CYCLE ` +
        `OWNED BY "public"."m"."id"`,
      `ALTER SEQUENCE "public"."legacy_seq" SET LOGGED`,
      expect.stringMatching(/^SELECT setval\(q\.seqrelid, CASE WHEN q\.seqincrement > 0 THEN GREATEST\(.*pg_catalog\.current_setting\('autogen\.next_value_[0-9a-f]{32}'\)::bigint, q\.seqstart\)/),
    ]);
    expect(sql[4]).toContain(`q.seqrelid = pg_catalog.pg_get_serial_sequence('"public"."m"', 'k')::pg_catalog.regclass`);
  });

  it("refuses a kept column that is not serial, or a continued one without a sequence", () => {
    expect(() => compileOperation({ kind: "createTable", table: m, keepSequences: ["k"] })).toThrow(
      `Cannot compile createTable of table "public"."m" to SQL: "k" in keepSequences is not a serial column of the table itself.`,
    );
    expect(() => compileOperation({ kind: "dropTable", table: { schema: "public", name: "m" }, existing: m, continueSequences: ["at"] })).toThrow(
      `Cannot compile dropTable of table "public"."m" to SQL: "at" in continueSequences is not a serial or identity column of the table itself.`,
    );
  });
});
