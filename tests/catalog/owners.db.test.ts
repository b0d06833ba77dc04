/**
 * Owners of objects a migration drops and creates again. Found by probing PostgreSQL 15 (2026-12-05): a
 * view recreated because a column it reads is retyped (entity mode too), an enum rebuilt to remove a label,
 * ... came back owned by the role that runs the migration. Owners are not in the model, and the migration
 * may run on another database than the one it was generated from, so each such object's owner is read when
 * the migration runs and given back to the new object (keepOwner). Upgrade and derived downgrade alike.
 */
import { compare } from "../../src/compare";
import { ENTITY_MANAGED_KINDS } from "../../src/compare/managed-kinds";
import { invertAll } from "../../src/ops/invert";
import type { Operation } from "../../src/ops/operation";
import { compileOperations } from "../../src/sql/compile";
import { applyOperations } from "../support/apply";
import { createTestDatabase } from "../support/test-db";
import { asEntitySide, ensureRoles, readModel } from "./catalog-round-trip";

const OWNER = "autogen_app_owner";

interface Owners {
  readonly upgraded: string[];
  readonly downgraded: string[];
  readonly upgrade: readonly Operation[];
}

/** Runs the migration from `before` to `after` and back; the owners of `owned` (owner lookups) after each. */
async function owners(before: string, after: string, owned: readonly string[], entityMode: boolean): Promise<Owners> {
  await ensureRoles([OWNER]);
  const a = await createTestDatabase("own_a");
  const b = await createTestDatabase("own_b");
  try {
    await a.query(before);
    await b.query(after);
    const target = await readModel(b.url, ["public"]);
    const upgrade = compare(await readModel(a.url, ["public"]), entityMode ? asEntitySide(target) : target, entityMode ? { manage: ENTITY_MANAGED_KINDS } : {}).operations;
    const read = async () => {
      const rows = (await a.query(`SELECT ${owned.map((o, i) => `pg_get_userbyid(${o}) AS o${i}`).join(", ")}`)) as Record<string, string>[];
      return owned.map((_, i) => rows[0]![`o${i}`]!);
    };
    await applyOperations(a.url, upgrade);
    const upgraded = await read();
    await applyOperations(a.url, invertAll(upgrade));
    return { upgraded, downgraded: await read(), upgrade };
  } finally {
    await Promise.all([a.drop(), b.drop()]);
  }
}

const relowner = (name: string) => `(SELECT relowner FROM pg_class WHERE oid = '${name}'::regclass)`;
const typowner = (name: string) => `(SELECT typowner FROM pg_type WHERE oid = '${name}'::regtype)`;
const proowner = (signature: string) => `(SELECT proowner FROM pg_proc WHERE oid = '${signature}'::regprocedure)`;

describe("owners of objects a migration drops and creates again", () => {
  it("a view and a materialized view recreated around a retyped column, in entity mode", async () => {
    const sql = (type: string) =>
      `CREATE TABLE t (a ${type}); CREATE VIEW v AS SELECT a FROM t; CREATE MATERIALIZED VIEW m AS SELECT a FROM t; ` +
      `ALTER TABLE t OWNER TO ${OWNER}; ALTER VIEW v OWNER TO ${OWNER}; ALTER MATERIALIZED VIEW m OWNER TO ${OWNER};`;
    const result = await owners(sql("int"), sql("bigint"), [relowner("v"), relowner("m")], true);
    expect(result).toMatchObject({ upgraded: [OWNER, OWNER], downgraded: [OWNER, OWNER] });
    // Read when the migration runs, never written into it.
    const text = compileOperations(result.upgrade).map((s) => s.sql).join("\n");
    expect(text).not.toContain(OWNER);
    expect(text).toContain(`EXECUTE format('ALTER VIEW "public"."v" OWNER TO %I'`);
  });

  it("an enum rebuilt to remove a label, with a domain on it, in entity mode", async () => {
    const sql = (labels: string) =>
      `CREATE TYPE e AS ENUM (${labels}); CREATE DOMAIN d AS e; CREATE TABLE t (x e, y d); ` +
      `ALTER TYPE e OWNER TO ${OWNER}; ALTER DOMAIN d OWNER TO ${OWNER}; ALTER TABLE t OWNER TO ${OWNER};`;
    const result = await owners(sql("'a', 'b', 'c'"), sql("'a', 'b'"), [typowner("e"), typowner("d")], true);
    expect(result).toMatchObject({ upgraded: [OWNER, OWNER], downgraded: [OWNER, OWNER] });
  });

  it("between databases: a domain with a new base type, a composite type rebuilt, a function with a new return type, a table with a new partition key", async () => {
    const sql = (base: string, attribute: string, returns: string, key: string) =>
      `CREATE DOMAIN d AS ${base}; CREATE TYPE c AS (x ${attribute}); CREATE TABLE t (a d, b c); ` +
      `CREATE FUNCTION f(i integer, m text) RETURNS ${returns} LANGUAGE sql AS 'SELECT 1'; CREATE TABLE p (k int, v int) PARTITION BY LIST (${key}); ` +
      `ALTER DOMAIN d OWNER TO ${OWNER}; ALTER TYPE c OWNER TO ${OWNER}; ALTER FUNCTION f(integer, text) OWNER TO ${OWNER}; ALTER TABLE t OWNER TO ${OWNER}; ` +
      `ALTER TABLE p OWNER TO ${OWNER};`;
    const result = await owners(
      sql("varchar(5)", "int", "int", "k"),
      sql("varchar(9)", "bigint", "bigint", "v"),
      [typowner("d"), typowner("c"), proowner("f(integer, text)"), relowner("p")],
      false,
    );
    expect(result).toMatchObject({ upgraded: [OWNER, OWNER, OWNER, OWNER], downgraded: [OWNER, OWNER, OWNER, OWNER] });
  });
});

// Found while writing the case above (2026-12-05): a domain rebuilt for a new base type (renamed to d__old,
// created again, its columns re-cast, dropped) while a function whose signature names it was created again
// for a new return type, in one step before the domain's: the function still named d__old when the old
// domain was dropped, and PostgreSQL refused ("cannot drop type d__old because other objects depend on it").
// Such a function is now dropped before the rebuild and created after it (compare-functions.ts).
describe("a type rebuilt while a function naming it is created again", () => {
  it("a domain with a new base type, the function with a new return type, both ways", async () => {
    const sql = (base: string, returns: string) =>
      `CREATE DOMAIN d AS ${base}; CREATE TABLE t (a d); CREATE FUNCTION f(m d) RETURNS ${returns} LANGUAGE sql AS 'SELECT 1'; ` +
      `ALTER DOMAIN d OWNER TO ${OWNER}; ALTER FUNCTION f(d) OWNER TO ${OWNER};`;
    const result = await owners(sql("varchar(5)", "int"), sql("varchar(9)", "bigint"), [typowner("d"), proowner("f(d)")], false);
    expect(result).toMatchObject({ upgraded: [OWNER, OWNER], downgraded: [OWNER, OWNER] });
    expect(result.upgrade.map((op) => op.kind)).toEqual(["keepOwner", "resetPrivileges", "dropFunction", "alterDomain", "createFunction", "resetPrivileges", "keepOwner"]);
  });

  it("an enum losing a label, the function returning it with a new argument default", async () => {
    const sql = (labels: string, fallback: string) =>
      `CREATE TYPE e AS ENUM (${labels}); CREATE TABLE t (a e); ` +
      `CREATE FUNCTION f(m e DEFAULT ${fallback}) RETURNS e LANGUAGE sql AS 'SELECT m'; ALTER FUNCTION f(e) OWNER TO ${OWNER};`;
    const result = await owners(sql("'a', 'b', 'c'", "'a'"), sql("'a', 'b'", "'b'"), [proowner("f(e)")], false);
    expect(result).toMatchObject({ upgraded: [OWNER], downgraded: [OWNER] });
    const kinds = result.upgrade.map((op) => op.kind);
    expect(kinds.indexOf("dropFunction")).toBeLessThan(kinds.indexOf("alterEnum") === -1 ? kinds.length : kinds.indexOf("alterEnum"));
  });
});

describe("names that hold the DO blocks' own quote marks", () => {
  // The owner is read and given back in dollar-quoted DO blocks that name the object; an identifier may
  // hold `$`, and one holding the block's tag ended the block early and ran the rest of its name as SQL.
  it("a view and a function named with `$autogen_owner$` keep their owners, and nothing else runs", async () => {
    const view = '"v$autogen_owner$ x"';
    const fn = '"f$autogen_owner$"';
    const sql = (type: string) =>
      `CREATE TABLE t (a ${type}); CREATE VIEW ${view} AS SELECT a FROM t; ALTER VIEW ${view} OWNER TO ${OWNER}; ` +
      `CREATE FUNCTION ${fn}() RETURNS ${type} LANGUAGE sql AS 'SELECT 1'; ALTER FUNCTION ${fn}() OWNER TO ${OWNER};`;
    const result = await owners(sql("int"), sql("bigint"), [relowner(view), proowner(`${fn}()`)], false);
    expect(result).toMatchObject({ upgraded: [OWNER, OWNER], downgraded: [OWNER, OWNER] });
  });
});
