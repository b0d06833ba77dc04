/**
 * Offline (`--sql`) mode: the exact script for a two-revision upgrade and for a downgrade, produced with
 * no database reachable (nothing here connects), plus the literal inlining of parameters.
 */
import { planOffline, renderOfflineSql } from "../../src/runner/offline-sql";
import { inlineParams, MissingParameterError, sqlLiteral } from "../../src/runner/inline-params";
import fs from "node:fs";
import { OfflineMigrationError, OfflineRangeError } from "../../src/runner/runner-errors";
import type { ScriptDirectory } from "../../src/revision/script-directory";
import { loadMigrations, migrationFile, removeMigrationDirs, writeMigrations } from "./support/migrations";

let scripts: ScriptDirectory;
let sum: (id: string) => string;

beforeAll(async () => {
  scripts = await loadMigrations(
    writeMigrations([
      {
        id: "a1",
        down: null,
        message: "create roles",
        upgrade: `await op.createTable("roles", { columns: [{ name: "id", type: "integer", nullable: false }, { name: "name", type: "text" }] });
await op.bulkInsert("roles", [{ id: 1, name: "admin" }, { id: 2, name: "it's me" }]);`,
        downgrade: `await op.dropTable("roles");`,
      },
      {
        id: "b2",
        down: "a1",
        message: "add rank",
        upgrade: `await op.addColumn("roles", { name: "rank", type: "integer" });
await op.execute("UPDATE roles SET rank = $1 WHERE name = $2", [10, "admin"]);`,
        downgrade: `await op.dropColumn("roles", "rank");`,
      },
      {
        id: "c3",
        down: "b2",
        message: "index concurrently",
        upgrade: `op.noTransaction();
await op.createIndex("roles", { name: "roles_name_idx", keys: ["name"] }, { concurrently: true });`,
        downgrade: `op.noTransaction();
await op.dropIndex("roles", "roles_name_idx", { concurrently: true });`,
      },
    ]),
  );
  sum = (id) => scripts.modules.get(id)!.checksum;
});

/** Every script begins with the settings every online session pins (src/db/session-settings.ts). */
const SETTINGS = "SET standard_conforming_strings = on;\nSET client_encoding = 'UTF8';\nSET array_nulls = on;\nSET lc_monetary = 'C';\nSET extra_float_digits = '3';";
/** The version table's schema, created where missing (a hardened database may have dropped public). */
const VERSION_SCHEMA_DDL =
  "DO $autogen_schema$ BEGIN IF NOT EXISTS (SELECT FROM pg_catalog.pg_namespace WHERE nspname = 'public') " +
  'THEN CREATE SCHEMA "public"; END IF; END $autogen_schema$;';
const VERSION_DDL =
  'CREATE TABLE IF NOT EXISTS "public"."autogen_version" ("version_num" varchar(32) NOT NULL, ' +
  'CONSTRAINT "autogen_version_pkc" PRIMARY KEY ("version_num"));';
const CHECKSUM_DDL =
  'CREATE TABLE IF NOT EXISTS "public"."autogen_checksums" ("version_num" varchar(32) NOT NULL, ' +
  '"checksum" text NOT NULL, "applied_at" timestamptz NOT NULL DEFAULT now(), ' +
  'CONSTRAINT "autogen_checksums_pkey" PRIMARY KEY ("version_num"));';

function recordChecksum(id: string): string {
  return (
    `INSERT INTO "public"."autogen_checksums" ("version_num", "checksum") VALUES ('${id}', '${sum(id)}') ` +
    `ON CONFLICT ("version_num") DO UPDATE SET "checksum" = EXCLUDED."checksum", "applied_at" = now();`
  );
}

test("a two-revision upgrade from base, one transaction per migration", async () => {
  const plan = planOffline(scripts.graph, "up", "b2");
  expect(await renderOfflineSql(plan, scripts.modules)).toBe(
    [
      SETTINGS,
      VERSION_SCHEMA_DDL,
      VERSION_DDL,
      CHECKSUM_DDL,
      "-- Running upgrade base -> a1, create roles",
      "BEGIN;",
      'CREATE TABLE "public"."roles" ("id" integer NOT NULL, "name" text);',
      `INSERT INTO "public"."roles" ("id", "name") VALUES ('1', 'admin'), ('2', 'it''s me');`,
      `INSERT INTO "public"."autogen_version" ("version_num") VALUES ('a1');`,
      recordChecksum("a1"),
      "COMMIT;",
      "-- Running upgrade a1 -> b2, add rank",
      "BEGIN;",
      'ALTER TABLE "public"."roles" ADD COLUMN "rank" integer;',
      "UPDATE roles SET rank = '10' WHERE name = 'admin';",
      `UPDATE "public"."autogen_version" SET "version_num" = 'b2' WHERE "version_num" = 'a1';`,
      recordChecksum("b2"),
      "COMMIT;",
    ].join("\n\n") + "\n",
  );
});

test("FROM:TO with one transaction for the run, and a noTransaction migration outside it", async () => {
  const plan = planOffline(scripts.graph, "up", "a1:head");
  expect(await renderOfflineSql(plan, scripts.modules, { transactionPerRun: true })).toBe(
    [
      SETTINGS,
      "BEGIN;",
      "-- Running upgrade a1 -> b2, add rank",
      'ALTER TABLE "public"."roles" ADD COLUMN "rank" integer;',
      "UPDATE roles SET rank = '10' WHERE name = 'admin';",
      `UPDATE "public"."autogen_version" SET "version_num" = 'b2' WHERE "version_num" = 'a1';`,
      recordChecksum("b2"),
      "COMMIT;",
      "-- Running upgrade b2 -> c3, index concurrently",
      'CREATE INDEX CONCURRENTLY "roles_name_idx" ON "public"."roles" USING btree (name);',
      "BEGIN;",
      `UPDATE "public"."autogen_version" SET "version_num" = 'c3' WHERE "version_num" = 'b2';`,
      recordChecksum("c3"),
      "COMMIT;",
    ].join("\n\n") + "\n",
  );
});

test("a downgrade to base, ending with the bookkeeping tables dropped", async () => {
  const plan = planOffline(scripts.graph, "down", "c3:base");
  expect(await renderOfflineSql(plan, scripts.modules)).toBe(
    [
      SETTINGS,
      "-- Running downgrade c3 -> b2, index concurrently",
      'DROP INDEX CONCURRENTLY "public"."roles_name_idx";',
      "BEGIN;",
      `UPDATE "public"."autogen_version" SET "version_num" = 'b2' WHERE "version_num" = 'c3';`,
      `DELETE FROM "public"."autogen_checksums" WHERE "version_num" = 'c3';`,
      "COMMIT;",
      "-- Running downgrade b2 -> a1, add rank",
      "BEGIN;",
      'ALTER TABLE "public"."roles" DROP COLUMN "rank";',
      `UPDATE "public"."autogen_version" SET "version_num" = 'a1' WHERE "version_num" = 'b2';`,
      `DELETE FROM "public"."autogen_checksums" WHERE "version_num" = 'b2';`,
      "COMMIT;",
      "-- Running downgrade a1 -> base, create roles",
      "BEGIN;",
      'DROP TABLE "public"."roles";',
      `DELETE FROM "public"."autogen_version" WHERE "version_num" = 'a1';`,
      `DELETE FROM "public"."autogen_checksums" WHERE "version_num" = 'a1';`,
      "COMMIT;",
      'DROP TABLE "public"."autogen_checksums";',
      'DROP TABLE "public"."autogen_version";',
    ].join("\n\n") + "\n",
  );
});

test("a downgrade needs FROM, and an up-to-date range prints nothing", async () => {
  expect(() => planOffline(scripts.graph, "down", "base")).toThrow(OfflineRangeError);
  expect(() => planOffline(scripts.graph, "down", "base")).toThrow(
    /needs the revision to start from/,
  );
  expect(await renderOfflineSql(planOffline(scripts.graph, "up", "c3:head"), scripts.modules)).toBe(
    "",
  );
});

test("after a migration's own timeouts the script goes back to the config's, not to the server's default", async () => {
  const dir = writeMigrations([
    { id: "t1", down: null, upgrade: `await op.execute("SELECT 1");` },
    { id: "t2", down: "t1", upgrade: `await op.execute("SELECT 2");` },
  ]);
  fs.appendFileSync(migrationFile(dir, "t1"), `exports.timeouts = { lockTimeout: "2s", statementTimeout: "1h" };\n`);
  const timed = await loadMigrations(dir);
  const sql = await renderOfflineSql(planOffline(timed.graph, "up", "head"), timed.modules, { settings: { lockTimeout: "5s" } });
  const after = sql.slice(sql.indexOf("-- Running upgrade base -> t1"), sql.indexOf("-- Running upgrade t1 -> t2"));
  expect(after).toContain("SET lock_timeout = '2s';\n\nSET statement_timeout = '1h';");
  expect(after.trimEnd().split("\n\n").slice(-2)).toEqual(["SET lock_timeout = '5s';", "RESET statement_timeout;"]);
});

test("a migration that throws while its SQL is collected: an error naming it and its file, no script", async () => {
  const dir = writeMigrations([
    { id: "x1", down: null, upgrade: `await op.execute("SELECT 1");` },
    { id: "x2", down: "x1", upgrade: `await op.execute("SELECT 2");\nthrow new Error("boom in x2");` },
  ]);
  const failing = await loadMigrations(dir);
  const error = await renderOfflineSql(planOffline(failing.graph, "up", "head"), failing.modules).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(OfflineMigrationError);
  expect((error as OfflineMigrationError).exitCode).toBe(1);
  expect((error as Error).message).toBe(
    `The upgrade of migration "x2" (${migrationFile(dir, "x2")}) failed while --sql collected its statements: ` +
      "boom in x2. No SQL was printed; fix the migration and run the command again.",
  );
});

describe("inlineParams", () => {
  test("writes each value as pg would send it, as an untyped literal", () => {
    expect(sqlLiteral(null)).toBe("NULL");
    expect(sqlLiteral(true)).toBe("'true'");
    expect(sqlLiteral(12n)).toBe("'12'");
    // A date as pg sends it: local time with this process's offset (tests/runner/offline-dates.test.ts).
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { prepareValue } = require("pg/lib/utils") as { prepareValue: (value: unknown) => string };
    const date = new Date("2024-01-02T03:04:05.000Z");
    expect(sqlLiteral(date)).toBe(`'${prepareValue(date)}'`);
    // A backslash makes it an escape string, read alike whatever standard_conforming_strings says.
    expect(sqlLiteral(Buffer.from([1, 255]))).toBe("E'\\\\x01ff'");
    expect(sqlLiteral({ a: "it's" })).toBe(`'{"a":"it''s"}'`);
    expect(sqlLiteral(["a", null, 'b"c'])).toBe(`E'{"a",NULL,"b\\\\"c"}'`);
  });

  test("leaves placeholders inside literals, identifiers, dollar quotes and comments alone", () => {
    const sql = `SELECT $1, '$1', "$1", $$ $1 $$, $f$ $2 $f$, E'\\' $1', x$1 -- $2\n/* $1 /* $2 */ */ + $2`;
    expect(inlineParams(sql, ["a", 2])).toBe(
      `SELECT 'a', '$1', "$1", $$ $1 $$, $f$ $2 $f$, E'\\' $1', x$1 -- $2\n/* $1 /* $2 */ */ + '2'`,
    );
    expect(() => inlineParams("SELECT $3", [1])).toThrow(MissingParameterError);
  });
});

afterAll(removeMigrationDirs);
