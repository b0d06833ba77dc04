/**
 * `autogen diff A B` between two PostgreSQL 15 databases that keep the same extensions in different schemas
 * (one in `public`, the other in `extensions`, as hosted platforms do). The script moves each one with
 * `ALTER EXTENSION ... SET SCHEMA`, and what uses the extensions' types, functions and operators follows it
 * with nothing else to change: columns, an array column, a domain and its check, an index's operator
 * class, a default calling an extension's function, a view using their operators, a SQL-standard function
 * body. Before, the columns looked retyped to types that did not exist yet, and the script failed. An
 * extension PostgreSQL cannot move, and a difference no statement resolves (a collation's definition),
 * are warnings and keep the diff from being up to date (exit 1). A domain's base type that changes under
 * a range type over it is rebuilt with the range type.
 */
import { execFileSync } from "node:child_process";
import { cli, tempProject } from "./cli-support";
import { clientBin } from "../support/pg-cluster";
import { diff, downgradeSteps } from "../../src/api/diff";
import { applyOperations } from "../support/apply";
import { pgDumpAsync } from "../support/pg-dump";
import { createTestDatabase, type TestDatabase } from "../support/test-db";

const made: TestDatabase[] = [];

async function database(sql: string): Promise<TestDatabase> {
  const db = await createTestDatabase("extmove");
  made.push(db);
  await db.query(sql);
  return db;
}

/** The objects, with the extensions' schema as `s` (and search_path set to find them). */
const OBJECTS = (s: string) => `
  CREATE EXTENSION citext SCHEMA ${s};
  CREATE EXTENSION "uuid-ossp" SCHEMA ${s};
  CREATE EXTENSION hstore SCHEMA ${s};
  SET search_path = public, ${s};
  CREATE TABLE p (id uuid DEFAULT ${s}.uuid_generate_v4() PRIMARY KEY, email citext, attrs hstore, tags citext[]);
  CREATE INDEX p_email ON p (email ${s}.citext_ops);
  CREATE DOMAIN email_d AS citext CHECK (VALUE ~~* '%@%');
  CREATE TABLE q (d email_d);
  CREATE VIEW pv AS SELECT id, email::text AS e, attrs -> 'k' AS k, attrs ? 'x' AS hx FROM p WHERE email = 'a'::citext;
  CREATE FUNCTION is_x(e citext) RETURNS boolean LANGUAGE sql BEGIN ATOMIC SELECT e = 'x'::citext; END;
  CREATE FUNCTION norm(e citext) RETURNS text LANGUAGE plpgsql AS $$ BEGIN RETURN lower(e::text); END $$;
  COMMENT ON COLUMN p.email IS 'public.citext stays public.citext here';
  INSERT INTO p (email, attrs, tags) VALUES ('A@x', 'k=>v', '{a,B}');
  RESET search_path;`;

let inPublic: TestDatabase;
let inExtensions: TestDatabase;

beforeAll(async () => {
  [inPublic, inExtensions] = await Promise.all([database(OBJECTS("public")), database(`CREATE SCHEMA extensions; ${OBJECTS("extensions")}`)]);
}, 60_000);

afterAll(async () => {
  await Promise.all(made.map((db) => db.drop()));
});

describe("autogen diff between databases that keep their extensions in different schemas", () => {
  it("moves each extension, and nothing that uses them changes; the downgrade moves them back", async () => {
    const result = await diff(inPublic.url, inExtensions.url);
    expect(result.steps.flatMap((s) => s.statements.map((st) => st.sql))).toEqual([
      'CREATE SCHEMA "extensions"',
      'ALTER EXTENSION "citext" SET SCHEMA "extensions"',
      'ALTER EXTENSION "hstore" SET SCHEMA "extensions"',
      'ALTER EXTENSION "uuid-ossp" SET SCHEMA "extensions"',
    ]);
    const before = await pgDumpAsync(inPublic.url);
    await applyOperations(inPublic.url, result.operations);
    expect(await pgDumpAsync(inPublic.url)).toEqual(await pgDumpAsync(inExtensions.url));
    expect((await diff(inPublic.url, inExtensions.url)).upToDate).toBe(true);
    expect(await inPublic.query("SELECT email::text, tags::text FROM p")).toEqual([{ email: "A@x", tags: "{a,B}" }]);
    await applyOperations(inPublic.url, downgradeSteps(result).map((s) => s.operation));
    expect(await pgDumpAsync(inPublic.url)).toEqual(before);
  });

  it("the other way: moves them back to public and drops the schema left empty", async () => {
    const run = await cli(["diff", inExtensions.url, inPublic.url], tempProject({}));
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('ALTER EXTENSION "citext" SET SCHEMA "public";');
    expect(run.stdout).toContain('DROP SCHEMA "extensions";');
    expect(run.stdout).not.toMatch(/ALTER TABLE|DROP VIEW|CREATE OR REPLACE FUNCTION/);
    expect(run.stdout.indexOf('SET SCHEMA "public"')).toBeLessThan(run.stdout.indexOf("DROP SCHEMA"));
  });
});

describe("differences a database-to-database diff leaves as they are", () => {
  it("an extension PostgreSQL cannot move (not relocatable) is a warning and a difference", async () => {
    const [a, b] = await Promise.all([database("CREATE EXTENSION xml2 SCHEMA public;"), database("CREATE SCHEMA ext; CREATE EXTENSION xml2 SCHEMA ext;")]);
    const run = await cli(["diff", a.url, b.url], tempProject({}));
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(
      "WARNING: extension 'xml2' is in schema public but ext is wanted, and it is not relocatable (PostgreSQL cannot " +
        "ALTER EXTENSION ... SET SCHEMA it): not moved (drop it and create it in ext by hand, with what uses it).",
    );
    expect(run.stdout).not.toContain("xml2");
  });

  it("a collation whose definition differs is a difference too, though no statement changes it", async () => {
    const [a, b] = await Promise.all([
      database("CREATE COLLATION nat (provider = icu, locale = 'de');"),
      database("CREATE COLLATION nat (provider = icu, locale = 'de-u-kn-true');"),
    ]);
    const result = await diff(a.url, b.url);
    expect(result.operations).toEqual([]);
    expect(result.warnings.join("\n")).toContain("collation 'public.nat' differs in its definition");
    expect(result.upToDate).toBe(false);
  });
});

describe("autogen diff between databases where a domain's base type changes under a range type over it", () => {
  it("rebuilds the range type with the domain, re-casting its columns with their rows, in the script it prints (run with psql); re-diff finds nothing; the downgrade brings it back", async () => {
    const side = (base: string) =>
      `CREATE DOMAIN d AS ${base}; CREATE TYPE dr AS RANGE (subtype = d); CREATE TABLE t (id int, x d, r dr, rs dr[], m dr_multirange);`;
    const [a, b] = await Promise.all([
      database(side("int") + " INSERT INTO t VALUES (1, 7, '[1,5)', '{\"[2,3)\"}', '{[1,2),[4,9)}'), (2, NULL, NULL, NULL, NULL);"),
      database(side("bigint")),
    ]);
    const rows = "SELECT id, x::text, r::text, rs::text, m::text FROM t ORDER BY id";
    const kept = [
      { id: 1, x: "7", r: "[1,5)", rs: '{"[2,3)"}', m: "{[1,2),[4,9)}" },
      { id: 2, x: null, r: null, rs: null, m: null },
    ];
    const result = await diff(a.url, b.url);
    // Before, the domain was left as it is with a warning: rebuilt under its column, the old domain could
    // not be dropped (the range type depends on it).
    expect(result.warnings).toEqual([]);
    expect(result.steps.flatMap((s) => s.statements.map((st) => st.sql))).toContain(
      'ALTER TABLE "public"."t" ALTER COLUMN "m" TYPE "public"."dr_multirange" USING "m"::text::"public"."dr_multirange"',
    );
    const before = await pgDumpAsync(a.url);
    // The script `autogen diff` prints, run as it is with psql.
    const script = await cli(["diff", a.url, b.url], tempProject({}));
    expect(script.code).toBe(1);
    execFileSync(clientBin("psql"), ["-X", "-q", "-1", "-v", "ON_ERROR_STOP=1", "-d", a.url], { input: script.stdout, stdio: ["pipe", "pipe", "pipe"] });
    expect(await pgDumpAsync(a.url)).toEqual(await pgDumpAsync(b.url));
    expect((await diff(a.url, b.url)).upToDate).toBe(true);
    expect(await a.query(rows)).toEqual(kept);
    await applyOperations(a.url, downgradeSteps(result).map((s) => s.operation));
    expect(await pgDumpAsync(a.url)).toEqual(before);
    expect(await a.query(rows)).toEqual(kept);
  });
});
