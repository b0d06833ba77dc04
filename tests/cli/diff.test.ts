/**
 * `autogen diff FROM TO` between two PostgreSQL 15 databases, as a user runs it: the SQL printed, applied
 * to FROM with psql in one transaction, gives FROM the schema of TO (pg_dump compared), a second diff then
 * prints nothing and exits 0, and the reverse diff takes it back. Also the options (--schema,
 * --exclude-schema, --json, --with-privileges), a Unix socket URL, and the usage errors (exit 2).
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { cli, tempProject } from "./cli-support";
import { PG_BIN } from "../support/pg-cluster";
import { pgDump } from "../support/pg-dump";
import { createTestDatabase, type TestDatabase } from "../support/test-db";

const made: TestDatabase[] = [];
let cwd: string;

async function database(sql: string): Promise<TestDatabase> {
  const db = await createTestDatabase("diff");
  made.push(db);
  if (sql !== "") await db.query(sql);
  return db;
}

/**
 * Applies a script as a DBA would: psql, stop at the first error, in one transaction unless the script
 * says that it commits part-way.
 */
function psqlApply(url: string, sql: string): void {
  const single = sql.startsWith("-- This script commits part-way") ? [] : ["-1"];
  execFileSync(path.join(PG_BIN, "psql"), ["-X", "-q", ...single, "-v", "ON_ERROR_STOP=1", "-d", url], {
    input: sql,
    encoding: "utf8",
    stdio: ["pipe", "pipe", "pipe"],
  });
}

const A = `
  CREATE TYPE mood AS ENUM ('ok', 'sad');
  CREATE TABLE authors (id serial PRIMARY KEY, name text NOT NULL, mood mood DEFAULT 'ok');
  CREATE TABLE books (id int PRIMARY KEY, author_id int REFERENCES authors, title varchar(100));
  CREATE VIEW titles AS SELECT title FROM books;
  CREATE SCHEMA side;
  CREATE TABLE side.notes (id int);`;
const B = `
  CREATE TYPE mood AS ENUM ('ok', 'sad', 'glad');
  CREATE TABLE authors (id serial PRIMARY KEY, name text, mood mood DEFAULT 'ok', born date);
  CREATE TABLE books (id int PRIMARY KEY, author_id int REFERENCES authors ON DELETE CASCADE, title varchar(200));
  CREATE INDEX books_title ON books (title);
  CREATE VIEW titles AS SELECT title, id FROM books;
  CREATE SCHEMA side;
  CREATE TABLE side.notes (id int, body text);
  CREATE SCHEMA extra;
  CREATE TABLE extra.t (x int, m mood DEFAULT 'glad');`;

beforeAll(() => {
  cwd = tempProject({});
});

afterAll(async () => {
  await Promise.all(made.map((db) => db.drop()));
});

describe("autogen diff URL URL", () => {
  it("names each step that can fail on FROM's rows once: in the script and on stderr, or as --ts writes it", async () => {
    const [a, b] = await Promise.all([
      database("CREATE TABLE t (id int PRIMARY KEY, code text)"),
      database("CREATE TABLE t (id int PRIMARY KEY, code text NOT NULL)"),
    ]);
    const reason = "makes column t.code NOT NULL, which fails if any row holds NULL";
    const plain = await cli(["diff", a.url, b.url], cwd);
    expect(plain.code).toBe(1);
    expect(plain.stderr).toBe(`WARNING: ${reason}.\n`);
    expect(plain.stdout).toBe(`-- WARNING: ${reason}\nALTER TABLE "public"."t" ALTER COLUMN "code" SET NOT NULL;\n`);
    const project = tempProject({ "autogen.config.json": JSON.stringify({ migrations: "migrations" }) });
    fs.mkdirSync(path.join(project, "migrations"));
    const ts = await cli(["diff", "--ts", "-m", "code required", a.url, b.url], project, { DATABASE_URL: undefined });
    expect(ts.code).toBe(1);
    expect(ts.stderr.split("\n").filter((line) => line.includes(reason))).toHaveLength(1);
  });

  it("prints the SQL that turns FROM into TO, exits 1; applied, a second diff prints nothing and exits 0; the reverse diff undoes it", async () => {
    const [a, b, a0] = await Promise.all([database(A), database(B), database(A)]);
    const up = await cli(["diff", a.url, b.url], cwd);
    // The one step that can fail on the rows of FROM is named, on stderr and above it in the script.
    const fkWarning = "adds foreign key books_author_id_fkey on books (author_id), which fails if an existing row refers to a missing row of authors";
    expect(up.stderr).toBe(`WARNING: ${fkWarning}.\n`);
    expect(up.stdout).toContain(`-- WARNING: ${fkWarning}\nALTER TABLE "public"."books" ADD CONSTRAINT "books_author_id_fkey"`);
    expect(up.code).toBe(1);
    expect(up.stdout).toContain('ALTER TABLE "public"."books" ALTER COLUMN "title" TYPE character varying(200)');
    expect(up.stdout).toContain('CREATE SCHEMA "extra"');
    // The new label must be committed before the default uses it: the script says so and commits it first.
    expect(up.stdout).toMatch(/^-- This script commits part-way/);
    expect(up.stdout).toMatch(/ALTER TYPE "public"."mood" ADD VALUE IF NOT EXISTS 'glad';\n\nCOMMIT;\n\nBEGIN;\n\n/);
    expect(up.stdout.indexOf("ADD VALUE")).toBeLessThan(up.stdout.indexOf("DEFAULT 'glad'"));
    psqlApply(a.url, up.stdout);
    expect(pgDump(a.url, { ignoreColumnOrder: true })).toEqual(pgDump(b.url, { ignoreColumnOrder: true }));

    const again = await cli(["diff", a.url, b.url], cwd);
    expect(again).toEqual({ code: 0, stdout: "", stderr: "" });

    const down = await cli(["diff", a.url, a0.url], cwd);
    expect(down.code).toBe(1);
    expect(down.stderr).toMatch(/WARNING: destructive change: drops column (public\.)?authors\.born/);
    expect(down.stdout).toMatch(/-- DESTRUCTIVE: drops column (public\.)?authors\.born/);
    psqlApply(a.url, down.stdout);
    expect(pgDump(a.url, { ignoreColumnOrder: true })).toEqual(pgDump(a0.url, { ignoreColumnOrder: true }));
  });

  it("--schema compares only the schemas named; --exclude-schema leaves a schema out", async () => {
    const [a, b] = await Promise.all([database(A), database(B)]);
    const only = await cli(["diff", "--schema", "side", a.url, b.url], cwd);
    expect(only.code).toBe(1);
    expect(only.stdout.trim()).toBe('ALTER TABLE "side"."notes" ADD COLUMN "body" text;');

    const without = await cli(["diff", a.url, b.url, "--exclude-schema", "public", "--exclude-schema", "extra"], cwd);
    expect(without.stdout.trim()).toBe('ALTER TABLE "side"."notes" ADD COLUMN "body" text;');

    const none = await cli(["diff", a.url, b.url, "--schema", "side", "--exclude-schema", "side"], cwd);
    expect(none).toEqual({ code: 0, stdout: "", stderr: "" });
  });

  it("creates public again when FROM has dropped it and TO has objects in it (owner and grants aside)", async () => {
    const [a, b] = await Promise.all([
      database("DROP SCHEMA public CASCADE; CREATE SCHEMA app; CREATE TABLE app.t (id int);"),
      database("CREATE TYPE e AS ENUM ('x'); CREATE TABLE t (id int PRIMARY KEY, k e);"),
    ]);
    const up = await cli(["diff", a.url, b.url], cwd);
    expect(up.stdout).toMatch(/^CREATE SCHEMA "public";/);
    psqlApply(a.url, up.stdout);
    expect(pgDump(a.url, { ignoreColumnOrder: true })).toEqual(pgDump(b.url, { ignoreColumnOrder: true }));
    expect(await cli(["diff", a.url, b.url], cwd)).toEqual({ code: 0, stdout: "", stderr: "" });
  });

  // Under --schema/--exclude-schema only the compared schemas are read: the rebuild that removes a label
  // would re-cast the columns it knows and stop at DROP TYPE "s"."e__old" ("column c of table t depends on
  // type s.e__old"). A diff of some schemas may not re-cast a table of another, so it is refused before
  // anything is printed or written, naming the enum, the label and the column (pg_depend of FROM); compared
  // whole, the same databases give a script that runs.
  it("--schema: removing a label of an enum that a table in a schema left out uses is refused, naming the column; --ts writes nothing", async () => {
    const [a, b] = await Promise.all([
      database("CREATE SCHEMA s; CREATE TYPE s.e AS ENUM ('a', 'b'); CREATE TABLE t (c s.e); CREATE TABLE s.own (c s.e);"),
      database("CREATE SCHEMA s; CREATE TYPE s.e AS ENUM ('a'); CREATE TABLE t (c s.e); CREATE TABLE s.own (c s.e);"),
    ]);
    const refusal =
      "ERROR: The migration cannot run as generated: it removes the label 'b' from enum s.e, which creates the type " +
      "again and drops the old one (PostgreSQL has no ALTER TYPE ... DROP VALUE), but column public.t.c uses it. " +
      "PostgreSQL refuses to drop or retype a type while anything uses it, and this comparison does not compare schema public";
    for (const args of [["--schema", "s"], ["--exclude-schema", "public"]]) {
      const run = await cli(["diff", ...args, a.url, b.url], cwd);
      expect(run.code).toBe(1);
      expect(run.stdout).toBe("");
      expect(run.stderr.trim().split("\n")).toHaveLength(1);
      expect(run.stderr).toContain(refusal);
    }
    const project = tempProject({ "autogen.config.json": JSON.stringify({ entities: ["entities/*.ts"], migrations: "migrations" }) });
    const ts = await cli(["diff", "--ts", "--schema", "s", a.url, b.url], project, { DATABASE_URL: undefined });
    expect(ts.code).toBe(1);
    expect(ts.stderr).toContain(refusal);
    expect(fs.existsSync(path.join(project, "migrations"))).toBe(false);

    const whole = await cli(["diff", a.url, b.url], cwd);
    psqlApply(a.url, whole.stdout);
    expect(await cli(["diff", a.url, b.url], cwd)).toEqual({ code: 0, stdout: "", stderr: "" });
  });

  // A label appended is ADD VALUE, which a column of a schema left out does not stop, but the downgrade
  // `--ts` writes for it removes the label again by a rebuild, which stops at DROP TYPE "s"."e__old" ("column c
  // of table t depends on type s.e__old"). Was a named known failure (silent until the downgrade ran); the
  // upgrade runs, so the migration is written, and its generation says which downgrade cannot run, and why.
  it("--schema --ts: a label appended to an enum a table of a schema left out uses is written, warning that its downgrade cannot run", async () => {
    const [a, b] = await Promise.all([
      database("CREATE SCHEMA s; CREATE TYPE s.e AS ENUM ('a'); CREATE TABLE t (c s.e);"),
      database("CREATE SCHEMA s; CREATE TYPE s.e AS ENUM ('a', 'b'); CREATE TABLE t (c s.e);"),
    ]);
    const project = tempProject({ "autogen.config.json": JSON.stringify({ entities: ["entities/*.ts"], migrations: "migrations" }) });
    const noServer = { DATABASE_URL: undefined };
    const ts = await cli(["diff", "--ts", "--schema", "s", a.url, b.url], project, noServer);
    expect(ts.code).toBe(1);
    expect(ts.stderr).toContain("WARNING: The downgrade cannot run as generated: it removes the label 'b' from enum s.e");
    expect(ts.stderr).toContain("but column public.t.c uses it, in schema public, which this comparison does not compare.");
    expect(fs.readdirSync(path.join(project, "migrations"))).toHaveLength(1);
    // What the warning says is what happens: the upgrade runs, the downgrade is refused by PostgreSQL.
    expect((await cli(["upgrade", "head", "--url", a.url], project, noServer)).code).toBe(0);
    const down = await cli(["downgrade", "base", "--url", a.url], project, noServer);
    expect(down.code).toBe(1);
    expect(down.stderr).toContain('depends on type s.e__old');
  });

  // The same for a view left out (a schema --schema leaves out) reading a column of the enum: the downgrade's
  // rebuild re-casts the column under it, which PostgreSQL refuses.
  it("--schema: a label appended to an enum whose column a view of a schema left out reads is diffed, warning that the downgrade cannot run", async () => {
    const schema = (labels: string) => `CREATE SCHEMA s; CREATE TYPE s.e AS ENUM (${labels}); CREATE TABLE s.t (c s.e); CREATE VIEW v AS SELECT c FROM s.t;`;
    const [a, b] = await Promise.all([database(schema("'a'")), database(schema("'a', 'b'"))]);
    const run = await cli(["diff", "--schema", "s", a.url, b.url], cwd);
    expect(run.stdout).toContain(`ALTER TYPE "s"."e" ADD VALUE IF NOT EXISTS 'b'`);
    expect(run.stderr).toContain(
      "WARNING: The downgrade cannot run as generated: view public.v reads column s.t.c, which the downgrade re-casts to the enum s.e created again.",
    );
    expect(run.stderr).not.toContain("WARNING: WARNING:");
  });

  // The same for a domain whose base type changes: created again, it would stop at DROP DOMAIN "s"."d__old".
  it("--schema: a domain whose base type changes under a column of a schema left out is refused, naming the column", async () => {
    const domain = (type: string) => `CREATE SCHEMA s; CREATE DOMAIN s.d AS ${type}; CREATE TABLE t (c s.d); CREATE TABLE s.own (x s.d);`;
    const [a, b] = await Promise.all([database(domain("integer")), database(domain("bigint"))]);
    const run = await cli(["diff", "--schema", "s", a.url, b.url], cwd);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe("");
    expect(run.stderr).toContain(
      "it changes the base type of domain s.d from integer to bigint, which creates the domain again and drops the old one, " +
        "but column public.t.c uses it.",
    );
  });

  it("--json prints the operations, the statements and what was found", async () => {
    const [a, b] = await Promise.all([database("CREATE TABLE t (id int)"), database("CREATE TABLE t (id int, n int)")]);
    const run = await cli(["diff", "--json", a.url, b.url], cwd);
    expect(run.code).toBe(1);
    const out = JSON.parse(run.stdout);
    expect(out.upToDate).toBe(false);
    expect(out.operations).toEqual([
      expect.objectContaining({ kind: "addColumn", table: { schema: "public", name: "t" }, column: expect.objectContaining({ name: "n", type: "integer" }) }),
    ]);
    expect(out.statements).toEqual(['ALTER TABLE "public"."t" ADD COLUMN "n" integer']);
    expect(out.log).toEqual(["Detected added column 'public.t.n'"]);
    expect(out.managed).not.toContain("privileges");
    const withPrivileges = JSON.parse((await cli(["diff", "--json", "--with-privileges", a.url, b.url], cwd)).stdout);
    expect(withPrivileges.managed).toContain("privileges");
  });

  // The socket directory is known only for the suite's own cluster (not with TEST_DATABASE_URL).
  const clusterDir = process.env.AUTOGEN_TEST_CLUSTER_DIR;
  (clusterDir ? it : it.skip)("reaches a database through a Unix socket URL and a keyword/value string", async () => {
    const [a, b] = await Promise.all([database("CREATE TABLE t (id int)"), database("CREATE TABLE t (id int, n int)")]);
    const socketDir = path.join(clusterDir!, "sock");
    const port = new URL(a.url).port;
    const socketUrl = `postgresql://autogen@/${a.name}?host=${socketDir}&port=${port}`;
    const keywords = `host=${socketDir} port=${port} user=autogen dbname=${b.name}`;
    const run = await cli(["diff", socketUrl, keywords], cwd);
    expect(run.stderr).toBe("");
    expect(run.stdout.trim()).toBe('ALTER TABLE "public"."t" ADD COLUMN "n" integer;');
  });

  // The enum is rebuilt without 'glad' and the column's new default is set by the rebuild itself: restoring
  // the old default 'glad' around the re-cast would fail (tests/compare/enum-removal.db.test.ts has the
  // downgrade and more shapes).
  it("adds an enum label, commits it, then changes the check of a domain over the enum that names it", async () => {
    const types = (labels: string, excluded: string) =>
      `CREATE TYPE feeling AS ENUM (${labels}); CREATE DOMAIN calm AS feeling CHECK (VALUE <> '${excluded}');
       CREATE TABLE moods (id int PRIMARY KEY, f calm); INSERT INTO moods VALUES (1, 'ok');`;
    const [a, b] = await Promise.all([database(types("'ok', 'sad'", "sad")), database(types("'ok', 'sad', 'angry'", "angry"))]);
    const up = await cli(["diff", a.url, b.url], cwd);
    expect(up.code).toBe(1);
    expect(up.stdout).toMatch(/^-- This script commits part-way/);
    expect(up.stdout.indexOf("ADD VALUE IF NOT EXISTS 'angry'")).toBeLessThan(up.stdout.indexOf("COMMIT;"));
    expect(up.stdout.indexOf("COMMIT;")).toBeLessThan(up.stdout.indexOf("CHECK ((VALUE <> 'angry'"));
    psqlApply(a.url, up.stdout);
    expect(pgDump(a.url)).toEqual(pgDump(b.url));
    expect((await cli(["diff", a.url, b.url], cwd)).code).toBe(0);
  });

  it("the diff removes an enum label that the old default of a column used", async () => {
    const [a, b] = await Promise.all([
      database("CREATE TYPE mood AS ENUM ('ok', 'glad'); CREATE TABLE t (m mood DEFAULT 'glad')"),
      database("CREATE TYPE mood AS ENUM ('ok'); CREATE TABLE t (m mood DEFAULT 'ok')"),
    ]);
    const run = await cli(["diff", a.url, b.url], cwd);
    psqlApply(a.url, run.stdout);
    expect(pgDump(a.url)).toEqual(pgDump(b.url));
  });

  it("exits 1 with one paragraph, printing no SQL, when an enum rebuild cannot carry over a partition key", async () => {
    const partitioned = (labels: string) =>
      `CREATE TYPE region AS ENUM (${labels}); CREATE TABLE sales (r region, n int) PARTITION BY LIST (r); ` +
      `CREATE TABLE sales_eu PARTITION OF sales FOR VALUES IN ('eu');`;
    const [a, b] = await Promise.all([database(partitioned("'eu', 'us'")), database(partitioned("'eu'"))]);
    const run = await cli(["diff", a.url, b.url], cwd);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe("");
    expect(run.stderr.trim().split("\n")).toHaveLength(1);
    expect(run.stderr).toContain("Enum public.region changes from ('eu', 'us') to ('eu')");
    expect(run.stderr).toContain("column public.sales.r is in its table's partition key");
  });

  it("exits 1 with one paragraph, printing no SQL, when a view of a schema --schema leaves out reads a retyped column", async () => {
    const table = (type: string) => `CREATE TABLE t (a ${type}); CREATE SCHEMA reports; CREATE VIEW reports.v AS SELECT a FROM t;`;
    const [a, b] = await Promise.all([database(table("int")), database(table("bigint"))]);
    const run = await cli(["diff", "--schema", "public", a.url, b.url], cwd);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe("");
    expect(run.stderr.trim().split("\n")).toHaveLength(1);
    expect(run.stderr).toContain("view reports.v reads column public.t.a, which the migration retypes to bigint");
  });

  it("exits 2 on usage errors, with one paragraph naming the problem", async () => {
    const missing = await cli(["diff", "postgresql:///x"], cwd);
    expect(missing.code).toBe(2);
    const bad = await cli(["diff", "nonsense", "postgresql:///x"], cwd);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('"nonsense"');
    expect(bad.stderr).toMatch(/a PostgreSQL URL, "migrations", "migrations@REV" or "entities"/);
    const badUrl = await cli(["diff", "postgresql://u:topsecret@h/db?colour=x", "postgresql:///x"], cwd);
    expect(badUrl.code).toBe(2);
    expect(badUrl.stderr).not.toContain("topsecret");
  });
});
