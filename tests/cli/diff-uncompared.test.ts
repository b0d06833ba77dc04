/**
 * `autogen diff A B` between two PostgreSQL 15 databases whose objects include kinds the model does not
 * describe (foreign tables, servers, user mappings, event triggers, operators, operator classes, casts,
 * text search objects, conversions, languages, access methods, shell types, subscriptions, the statistics
 * target of an exclusion constraint's index expression; a plain index's is compared). The script
 * cannot create, drop or change them, so each one the sides do not share is a warning naming it, and
 * the diff is not up to date (exit 1): a drift check must not pass over them in silence. The same
 * objects on both sides, in databases of their own (other oids), are no difference; a changed one is.
 */
import fs from "node:fs";
import path from "node:path";
import { cli, tempProject } from "./cli-support";
import { diff } from "../../src/api/diff";
import { EventTriggerFunctionError } from "../../src/compare/compare-errors";
import { createTestDatabase, type TestDatabase } from "../support/test-db";

const made: TestDatabase[] = [];
let cwd: string;

async function database(sql: string): Promise<TestDatabase> {
  const db = await createTestDatabase("uncompared");
  made.push(db);
  if (sql !== "") await db.query(sql);
  return db;
}

const CONFIG = JSON.stringify({ entities: ["entities/*.ts"], migrations: "migrations" });
const NO_SERVER = { DATABASE_URL: undefined };
const BASE = "CREATE TABLE items (id int PRIMARY KEY, body text);";

/** One object of every kind src/introspect/read-uncompared.ts reads that a superuser can make in plain SQL. */
const OBJECTS = `
  CREATE EXTENSION postgres_fdw;
  CREATE SERVER films_srv FOREIGN DATA WRAPPER postgres_fdw OPTIONS (host 'films.internal', dbname 'films');
  CREATE USER MAPPING FOR PUBLIC SERVER films_srv OPTIONS (user 'reader', password 's3cret-pw');
  CREATE FOREIGN TABLE films (code char(5) NOT NULL, title text) SERVER films_srv OPTIONS (table_name 'films');
  CREATE FUNCTION audit_ddl() RETURNS event_trigger LANGUAGE plpgsql AS $$ BEGIN END $$;
  CREATE EVENT TRIGGER audit_ddl ON ddl_command_end EXECUTE FUNCTION audit_ddl();
  CREATE FUNCTION len_is(text, int) RETURNS bool LANGUAGE sql IMMUTABLE AS 'SELECT length($1) = $2';
  CREATE OPERATOR === (LEFTARG = text, RIGHTARG = int, FUNCTION = len_is);
  CREATE OPERATOR CLASS rev_int_ops FOR TYPE int4 USING btree AS
    OPERATOR 1 > , OPERATOR 2 >= , OPERATOR 3 = , OPERATOR 4 <= , OPERATOR 5 < , FUNCTION 1 btint4cmp(int4, int4);
  CREATE FUNCTION items_of(int) RETURNS items LANGUAGE sql AS 'SELECT $1, NULL::text';
  CREATE CAST (int AS items) WITH FUNCTION items_of(int) AS ASSIGNMENT;
  CREATE TEXT SEARCH DICTIONARY plain_dict (TEMPLATE = simple, STOPWORDS = english);
  CREATE TEXT SEARCH CONFIGURATION plain_cfg (COPY = simple);
  CREATE CONVERSION latin_to_utf FOR 'LATIN1' TO 'UTF8' FROM iso8859_1_to_utf8;
  CREATE LANGUAGE plsample HANDLER plpgsql_call_handler;
  CREATE ACCESS METHOD sorted TYPE INDEX HANDLER bthandler;
  CREATE TYPE later_t;
  CREATE INDEX items_lower ON items (lower(body));
  ALTER INDEX items_lower ALTER COLUMN 1 SET STATISTICS 250;
  ALTER TABLE items ADD CONSTRAINT items_ex EXCLUDE USING btree ((lower(body)) WITH =);
  ALTER INDEX items_ex ALTER COLUMN 1 SET STATISTICS 300;
  CREATE PUBLICATION pub FOR ALL TABLES;
  CREATE SUBSCRIPTION copy_sub CONNECTION 'dbname=elsewhere password=sub-pw' PUBLICATION pub WITH (connect = false);`;

/** What the diff from BASE to BASE + OBJECTS must name, as `kind name`. */
const NAMED = [
  "access method sorted",
  "base type public.later_t",
  "cast (integer AS public.items)",
  "conversion public.latin_to_utf",
  "event trigger audit_ddl",
  "foreign server films_srv",
  "foreign table public.films",
  "index statistics target public.items_ex",
  "language plsample",
  "operator class public.rev_int_ops USING btree",
  "operator family public.rev_int_ops USING btree",
  "operator public.===(text,integer)",
  "subscription copy_sub",
  "text search configuration public.plain_cfg",
  "text search dictionary public.plain_dict",
];

let plain: TestDatabase;
let plainWithHandler: TestDatabase;
let full: TestDatabase;
let alike: TestDatabase;
let changed: TestDatabase;

beforeAll(async () => {
  cwd = tempProject({});
  [plain, plainWithHandler, full, alike, changed] = await Promise.all([
    database(BASE),
    database(BASE + "CREATE FUNCTION audit_ddl() RETURNS event_trigger LANGUAGE plpgsql AS $$ BEGIN END $$;"),
    database(BASE + OBJECTS),
    database(BASE + OBJECTS),
    database(
      BASE +
        OBJECTS.replace("ON ddl_command_end", "ON ddl_command_start")
          .replace("AS ASSIGNMENT", "AS IMPLICIT")
          .replace("title text)", "title text, year int)")
          .replace("SET STATISTICS 300", "SET STATISTICS 400") +
        " ALTER TEXT SEARCH CONFIGURATION plain_cfg ALTER MAPPING FOR asciiword WITH plain_dict;",
    ),
  ]);
}, 60_000);

afterAll(async () => {
  // A subscription made with connect = false has no slot; it must be disabled and detached to be dropped.
  for (const db of made) {
    await db.query("DO $$ BEGIN IF EXISTS (SELECT 1 FROM pg_subscription WHERE subname = 'copy_sub' AND subdbid = (SELECT oid FROM pg_database WHERE datname = current_database())) THEN ALTER SUBSCRIPTION copy_sub DISABLE; ALTER SUBSCRIPTION copy_sub SET (slot_name = NONE); END IF; END $$").catch(() => undefined);
    await db.query("DROP SUBSCRIPTION IF EXISTS copy_sub").catch(() => undefined);
  }
  await Promise.all(made.map((db) => db.drop()));
});

describe("autogen diff between databases with objects it does not compare", () => {
  it("names each object only TO has, exits 1, and prints no statement for them", async () => {
    const run = await cli(["diff", plain.url, full.url], cwd);
    expect(run.code).toBe(1);
    const warned = run.stderr.split("\n").filter((line) => line.startsWith("WARNING: only TO has "));
    expect(warned.map((line) => line.replace(/^WARNING: only TO has (.*?): the script does not create it, .*$/, "$1")).sort()).toEqual(
      [...NAMED, "user mapping for public server films_srv"].sort(),
    );
    expect(warned[0]).toMatch(/since autogen diff does not compare [a-z -]+; write that change by hand/);
    // The extension is created (it is compared); its own foreign-data wrapper is not named.
    expect(run.stdout).toContain('CREATE EXTENSION IF NOT EXISTS "postgres_fdw"');
    expect(run.stderr).not.toContain("foreign-data wrapper");
    // Nothing environment's or secret is printed.
    for (const secret of ["s3cret-pw", "sub-pw", "films.internal"]) {
      expect(run.stdout + run.stderr).not.toContain(secret);
    }
    // The functions are compared as ever, and so is a plain index's statistics target.
    expect(run.stdout).toContain("CREATE OR REPLACE FUNCTION public.audit_ddl()");
    expect(run.stdout).toContain('ALTER INDEX "public"."items_lower" ALTER COLUMN 1 SET STATISTICS 250');
  });

  // The reverse diff drops function audit_ddl, which the event trigger only FROM has executes (and which the
  // script leaves, not comparing event triggers): PostgreSQL refuses that drop, so the diff is refused by name.
  it("refuses the reverse diff by name: it would drop the function FROM's event trigger executes", async () => {
    const refused = diff(full.url, plain.url);
    await expect(refused).rejects.toThrow(EventTriggerFunctionError);
    await expect(refused).rejects.toThrow("The migration drops function public.audit_ddl(), but the database's event trigger audit_ddl executes it");
  });

  it("names each object only FROM has in the reverse diff (to a database that keeps the event trigger's function)", async () => {
    const result = await diff(full.url, plainWithHandler.url);
    expect(result.upToDate).toBe(false);
    expect(result.uncompared.every((d) => d.side === "from")).toBe(true);
    expect(result.uncompared.map((d) => `${d.kind} ${d.name}`)).toContain("event trigger audit_ddl");
    expect(result.warnings).toContain(
      "WARNING: only FROM has event trigger audit_ddl: the script does not drop it, since autogen diff does not " +
        "compare event triggers; write that change by hand (op.execute in a migration).",
    );
    expect(JSON.stringify(result)).not.toContain("s3cret-pw");
  });

  it("finds no difference between two databases holding the same objects", async () => {
    const run = await cli(["diff", full.url, alike.url], cwd);
    expect(run.stderr).toBe("");
    expect(run.stdout).toBe("");
    expect(run.code).toBe(0);
  });

  it("names each object whose definition differs, and only those", async () => {
    const result = await diff(full.url, changed.url);
    expect(result.operations).toEqual([]);
    expect(result.upToDate).toBe(false);
    expect(result.uncompared).toEqual([
      { kind: "cast", name: "(integer AS public.items)", side: "both" },
      { kind: "event trigger", name: "audit_ddl", side: "both" },
      { kind: "foreign table", name: "public.films", side: "both" },
      { kind: "index statistics target", name: "public.items_ex", side: "both" },
      { kind: "text search configuration", name: "public.plain_cfg", side: "both" },
    ]);
    expect(result.warnings).toContain(
      "WARNING: event trigger audit_ddl differs between FROM and TO: the script leaves it as it is, since autogen " +
        "diff does not compare event triggers; write that change by hand (op.execute in a migration).",
    );
  });

  it("writes no migration for them with --ts, and says why", async () => {
    const project = tempProject({ "autogen.config.json": CONFIG });
    const run = await cli(["diff", full.url, changed.url, "--ts", "-m", "drift"], project, NO_SERVER);
    expect(run.stderr).toContain("WARNING: cast (integer AS public.items) differs between FROM and TO");
    expect(run.code).toBe(1);
    expect(fs.existsSync(path.join(project, "migrations"))).toBe(false);
  });

  it("reads the migration history's embedded database too", async () => {
    // No migration yet: the history is an empty database, which has none of the objects.
    const project = tempProject({ "autogen.config.json": CONFIG, "migrations/.keep": "" });
    const run = await cli(["diff", "migrations", full.url], project, NO_SERVER);
    expect(run.stderr).toContain("WARNING: only TO has event trigger audit_ddl: the script does not create it");
    expect(run.stderr).toContain("WARNING: only TO has foreign table public.films: the script does not create it");
    expect(run.code).toBe(1);
  }, 120_000);

  it("is said in --json", async () => {
    const run = await cli(["diff", full.url, changed.url, "--json"], cwd);
    expect(run.code).toBe(1);
    const parsed = JSON.parse(run.stdout) as { upToDate: boolean; uncompared: { kind: string }[]; statements: string[] };
    expect(parsed.upToDate).toBe(false);
    expect(parsed.statements).toEqual([]);
    expect(parsed.uncompared.map((d) => d.kind)).toEqual(["cast", "event trigger", "foreign table", "index statistics target", "text search configuration"]);
  });
});
