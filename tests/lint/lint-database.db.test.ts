/**
 * `autogen lint` with a database (PostgreSQL 15): a view that reads a dropped or retyped column is an
 * error; size-dependent rules stay quiet under `lint.rowThreshold`; a validated NOT NULL check already in
 * the database makes SET NOT NULL safe; the current type of a column retyped by raw SQL is read from the
 * catalog; an index on a partitioned table, which PostgreSQL refuses to build concurrently, gets the safe
 * form that works there (op.createPartitionedIndex), and CONCURRENTLY on it is an error; that op in a
 * transaction is an error, and on a table that is not partitioned a warning. CREATE INDEX CONCURRENTLY inside
 * a DO block is an error, and PostgreSQL refuses it when the migration runs; so is an enum label added and
 * used in one DO block in a step without a transaction (the DO block is one), or in one op.execute string of
 * several statements (PostgreSQL runs them as one implicit transaction), up to a COMMIT there; a SET LOCAL in
 * such a string holds for that string only; statements in arms of a DO block that never both take effect
 * (IF and ELSE, a block and its exception handler) are not combined. Rewrites measured with the table's relfilenode on
 * PostgreSQL 15: an identity column added, a USING that computes the values, a cast to an array type.
 */
import fs from "node:fs";
import path from "node:path";
import { openProject, type Project } from "../../src/api/project";
import { createRevision } from "../../src/api/revision";
import { cli, tempProject } from "../cli/cli-support";
import { createTestDatabase, type TestDatabase } from "../support/test-db";

const MIGRATION = `import type { MigrationOps } from "pg-autogen";
export const revision = "m1";
export const downRevision = null;
export const timeouts = { lockTimeout: "2s", statementTimeout: "1h" };
export async function upgrade(op: MigrationOps): Promise<void> {
  await op.dropColumn("big", "old");
  await op.createIndex("small", { name: "small_a_idx", keys: ["a"] });
  await op.createIndex("big", { name: "big_a_idx", keys: ["a"] });
  await op.alterColumn("big", "checked", { nullable: false }, { existing: { type: "integer" } });
  await op.execute("ALTER TABLE big ALTER COLUMN label TYPE varchar(50)");
  await op.execute("ALTER TABLE big ALTER COLUMN code TYPE bigint");
}
export async function downgrade(op: MigrationOps): Promise<void> {}
`;

/** A migration m1 (the first) whose upgrade runs `body` with the usual timeouts, and whose downgrade does nothing. */
const migration = (body: string) => `export const revision = "m1";
export const downRevision = null;
export const timeouts = { lockTimeout: "2s", statementTimeout: "1h" };
export async function upgrade(op: any): Promise<void> {${body}}
export async function downgrade(): Promise<void> {}
`;

describe("autogen lint with a database", () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase("lintdb");
    await db.query(`
      CREATE TABLE small (a integer);
      CREATE TABLE big (a integer, old text, checked integer, label varchar(20), code integer, CONSTRAINT big_checked_nn CHECK (checked IS NOT NULL));
      INSERT INTO small VALUES (1);
      INSERT INTO big SELECT g, 'o', g, 'l', g FROM generate_series(1, 2000) g;
      ANALYZE small; ANALYZE big;
      CREATE VIEW old_values AS SELECT old FROM big;
      CREATE TABLE events (id integer, day date) PARTITION BY RANGE (day);
      CREATE TABLE events_2024 PARTITION OF events FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
      INSERT INTO events SELECT g, date '2024-01-01' + g % 300 FROM generate_series(1, 2000) g;
      CREATE TABLE people (id integer, email varchar(50), tags text, name varchar(50));
      INSERT INTO people SELECT g, 'E' || g, 't', 'n' FROM generate_series(1, 2000) g;
      ANALYZE people;
    `);
  });
  afterAll(async () => {
    await db.drop();
  });

  it("uses sizes, views, checks and types from the catalog", async () => {
    const dir = tempProject({
      "autogen.config.json": JSON.stringify({ migrations: "migrations", databaseUrl: db.url, lint: { rowThreshold: 1000 } }),
      "migrations/m1.ts": MIGRATION,
    });
    const run = await cli(["lint", "--json"], dir);
    const result = JSON.parse(run.stdout);
    expect(result.withDatabase).toBe(true);
    expect(result.findings.map((f: any) => `${f.rule}:${f.level}:${f.line}`)).toEqual([
      "dropping-object-read-by-view:error:6",
      "require-concurrent-index-creation:warn:8",
      "changing-column-type:warn:11",
    ]);
    expect(result.findings[0].why).toContain("view old_values");
    expect(run.code).toBe(1);
    const offline = JSON.parse((await cli(["lint", "--json", "--offline"], dir)).stdout);
    expect(offline.withDatabase).toBe(false);
    expect(offline.findings.map((f: any) => f.rule)).toEqual([
      "require-concurrent-index-creation",
      "require-concurrent-index-creation",
      "adding-not-nullable-field",
      "changing-column-type",
      "changing-column-type",
    ]);
  });

  it("reports the raw SQL that rewrites a table whatever the types say, and only that", async () => {
    const dir = tempProject({
      "autogen.config.json": JSON.stringify({ migrations: "migrations", databaseUrl: db.url }),
      "migrations/m1.ts": migration(`
  await op.execute("ALTER TABLE people ADD COLUMN seq integer GENERATED ALWAYS AS IDENTITY");
  await op.addColumn("people", { name: "num", type: "integer", nullable: false, identity: { kind: "serial" } });
  await op.execute("ALTER TABLE people ALTER COLUMN email TYPE text USING lower(email)");
  await op.execute("ALTER TABLE people ALTER COLUMN tags TYPE text[] USING tags::text[]");
  await op.alterColumn("people", "name", { type: "text" }, { existing: { type: "character varying(50)" }, using: 'upper("name")' });
  await op.execute("ALTER TABLE people ALTER COLUMN email TYPE varchar(80) USING email::varchar(80)");
  await op.alterColumn("people", "name", { type: "character varying(90)" }, { existing: { type: "text" }, using: '"name"::character varying(90)' });
  await op.execute("ALTER TABLE people ALTER COLUMN name TYPE text USING name::text");
`),
    });
    const result = JSON.parse((await cli(["lint", "--json"], dir)).stdout);
    expect(result.findings.map((f: any) => `${f.rule}:${f.line}`)).toEqual([
      "adding-field-with-default:5",
      "adding-field-with-default:6",
      "changing-column-type:7",
      "changing-column-type:8",
      "changing-column-type:9",
      "changing-column-type:11",
    ]);
    expect(result.findings[0].why).toContain("people.seq (identity or serial)");
    expect(result.findings[1].why).toContain("people.num (identity or serial)");
    expect(result.findings[2].why).toContain("USING expression");
    expect(result.findings[3].why).toContain("text[]");
    // Line 11: text to varchar(90) checks every value's length, which rewrites (as without USING); lines 10 and 12 are catalog-only.
    expect(result.findings[5].why).not.toContain("USING");
  });

  it("gives an index on a partitioned table the safe form PostgreSQL accepts there, and refuses CONCURRENTLY on it", async () => {
    const dir = tempProject({
      "autogen.config.json": JSON.stringify({ migrations: "migrations", databaseUrl: db.url, lint: { rowThreshold: 1000 } }),
      "migrations/m1.ts": migration(`
  await op.createIndex("events", { name: "events_day_idx", keys: ["day"] });
  await op.step("build", { transaction: false }, async () => {
    await op.createIndex("events", { name: "events_id_idx", keys: ["id"] }, { concurrently: true });
  });
`),
    });
    const run = await cli(["lint", "--json"], dir);
    const result = JSON.parse(run.stdout);
    expect(result.findings.map((f: any) => `${f.rule}:${f.level}:${f.line}`)).toEqual([
      "require-concurrent-index-creation:warn:5",
      "require-concurrent-index-creation:error:7",
    ]);
    expect(result.findings[0].why).toContain("the partitioned table events and every partition");
    expect(result.findings[0].safeForm).toContain("ON ONLY");
    expect(result.findings[0].safeForm).toContain("await op.createPartitionedIndex(");
    expect(result.findings[0].safeForm).not.toContain("concurrently: true");
    expect(result.findings[1].why).toContain("Postgres refuses CONCURRENTLY on the partitioned table events");
    expect(run.code).toBe(1);
  });

  it("takes op.createPartitionedIndex outside a transaction on a partitioned table, flags it in a transaction or on a plain table, and advises no USING INDEX there", async () => {
    const dir = tempProject({
      "autogen.config.json": JSON.stringify({ migrations: "migrations", databaseUrl: db.url, lint: { rowThreshold: 1000 } }),
      "migrations/m1.ts": migration(`
  await op.step("build", { transaction: false }, async () => {
    await op.createPartitionedIndex("events", { name: "events_day_idx", keys: ["day"] });
    await op.createPartitionedIndex("big", { name: "big_code_idx", keys: ["code"] });
  });
  await op.step("in a transaction", async () => {
    await op.createPartitionedIndex("events", { name: "events_id_idx", keys: ["id"] });
    await op.addUnique("events", { name: "events_id_day_key", columns: ["id", "day"] });
  });
`),
    });
    const run = await cli(["lint", "--json"], dir);
    const result = JSON.parse(run.stdout);
    expect(result.findings.map((f: any) => `${f.rule}:${f.level}:${f.line}`)).toEqual([
      "require-concurrent-index-creation:warn:7",
      "require-concurrent-index-creation:error:10",
      "disallowed-unique-constraint:warn:11",
    ]);
    expect(result.findings[0].why).toContain("big is not partitioned");
    // No USING INDEX on a partitioned table: the advice is not the one PostgreSQL would refuse.
    expect(result.findings[2].safeForm).toContain("PostgreSQL takes no USING INDEX on a partitioned table");
    expect(result.findings[2].safeForm).not.toContain("usingIndex");
    expect(result.findings[0].safeForm).toContain("concurrently: true");
    expect(result.findings[1].why).toContain("cannot run inside a transaction block");
    expect(run.code).toBe(1);
  });

  it("calls CREATE INDEX CONCURRENTLY inside a DO block an error whatever the step and the table's size, as PostgreSQL refuses it there", async () => {
    const dir = tempProject({
      "autogen.config.json": JSON.stringify({ migrations: "migrations", databaseUrl: db.url, lint: { rowThreshold: 1000 } }),
      "migrations/m1.ts": migration(`
  await op.step("build", { transaction: false }, async () => {
    await op.execute("DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_class WHERE relname = 'small_do_idx') THEN CREATE INDEX CONCURRENTLY small_do_idx ON small (a); END IF; END $$");
  });
`),
    });
    const lint = await cli(["lint", "--json"], dir);
    const findings = JSON.parse(lint.stdout).findings;
    // small has 1 row, under the threshold: a sure failure is reported all the same.
    expect(findings.map((f: any) => `${f.rule}:${f.level}:${f.line}`)).toEqual(["require-concurrent-index-creation:error:6"]);
    expect(lint.code).toBe(1);
    const up = await cli(["upgrade", "head"], dir);
    expect(up.code).not.toBe(0);
    expect(up.stderr).toContain("CREATE INDEX CONCURRENTLY cannot be executed from a function");
    expect(await db.query("SELECT 1 FROM pg_class WHERE relname = 'small_do_idx'")).toEqual([]);
  });

  it("takes the statements of a DO block as one transaction in a step without one, as PostgreSQL runs them", async () => {
    await db.query("CREATE TYPE do_mood AS ENUM ('ok'); CREATE TABLE moods (m do_mood)");
    const dir = tempProject({
      "autogen.config.json": JSON.stringify({ migrations: "migrations", databaseUrl: db.url }),
      "migrations/m1.ts": migration(`
  await op.step("label", { transaction: false }, async () => {
    await op.execute("DO $$ BEGIN ALTER TYPE do_mood ADD VALUE 'meh'; INSERT INTO moods VALUES ('meh'); END $$");
  });
`),
    });
    const lint = await cli(["lint", "--json"], dir);
    const findings = JSON.parse(lint.stdout).findings;
    expect(findings.map((f: any) => `${f.rule}:${f.level}:${f.line}`)).toEqual(["enum-value-used-in-transaction:error:6"]);
    expect(findings[0].why).toMatch(/^Inside the DO block of this op\.execute: 'meh' is added to enum do_mood and used in the same transaction/);
    const up = await cli(["upgrade", "head"], dir);
    expect(up.code).not.toBe(0);
    expect(up.stderr).toContain('unsafe use of new value "meh" of enum type do_mood');
    expect(await db.query("SELECT m FROM moods")).toEqual([]);
  });

  it("takes an op.execute of several statements as one transaction in a migration without one, as PostgreSQL runs it, up to a COMMIT among them", async () => {
    await db.query("CREATE TYPE script_mood AS ENUM ('ok'); CREATE TABLE script_moods (m script_mood)");
    const dir = tempProject({
      "autogen.config.json": JSON.stringify({ migrations: "migrations", databaseUrl: db.url }),
      "migrations/m1.ts": migration(`
  op.noTransaction();
  await op.execute("ALTER TYPE script_mood ADD VALUE 'fine'; COMMIT; INSERT INTO script_moods VALUES ('fine')");
  await op.execute("ALTER TYPE script_mood ADD VALUE 'meh'; INSERT INTO script_moods VALUES ('meh')");
`),
    });
    const lint = await cli(["lint", "--json"], dir);
    const findings = JSON.parse(lint.stdout).findings;
    expect(findings.map((f: any) => `${f.rule}:${f.level}:${f.line}`)).toEqual(["enum-value-used-in-transaction:error:7"]);
    expect(findings[0].why).toContain("'meh' is added to enum script_mood and used in the same transaction");
    const up = await cli(["upgrade", "head"], dir);
    expect(up.code).not.toBe(0);
    expect(up.stderr).toContain('unsafe use of new value "meh" of enum type script_mood');
    // The first op.execute ran (its COMMIT ended the implicit transaction before the label was used); the second rolled back whole.
    expect(await db.query("SELECT m::text FROM script_moods")).toEqual([{ m: "fine" }]);
    expect(await db.query("SELECT enum_range(NULL::script_mood)::text AS labels")).toEqual([{ labels: "{ok,fine}" }]);
  });

  it("counts a SET LOCAL in a step without a transaction for the statements of its own op.execute only, as PostgreSQL scopes it", async () => {
    // A database of its own: its migrations are applied, which the other cases' m1 must not find done.
    const own = await createTestDatabase("lintscoped");
    try {
      await own.query("CREATE TABLE scoped (a integer)");
      // Fails unless lock_timeout is 2s where it runs.
      const check = "DO $$ BEGIN IF current_setting('lock_timeout') <> '2s' THEN RAISE EXCEPTION 'lock_timeout is %', current_setting('lock_timeout'); END IF; END $$";
      const file = (revision: string, down: string | null, body: string) => `export const revision = "${revision}";
export const downRevision = ${JSON.stringify(down)};
export const timeouts = { statementTimeout: "1h" };
export async function upgrade(op: any): Promise<void> {
  await op.step("no transaction", { transaction: false }, async () => {${body}
  });
}
export async function downgrade(): Promise<void> {}
`;
      const dir = tempProject({
        "autogen.config.json": JSON.stringify({ migrations: "migrations", databaseUrl: own.url }),
        "migrations/m1.ts": file("m1", null, `
    await op.execute("SET LOCAL lock_timeout = '2s'; ${check}; ALTER TABLE scoped ADD COLUMN b integer");`),
      });
      expect(JSON.parse((await cli(["lint", "m1", "--json"], dir)).stdout).findings).toEqual([]);
      const up = await cli(["upgrade", "head"], dir);
      expect(up.stderr).toBe("");
      expect(up.code).toBe(0);
      expect(await own.query("SELECT count(*)::int AS n FROM information_schema.columns WHERE table_name = 'scoped' AND column_name = 'b'")).toEqual([{ n: 1 }]);

      fs.writeFileSync(path.join(dir, "migrations", "m2.ts"), file("m2", "m1", `
    await op.execute("SET LOCAL lock_timeout = '2s'");
    await op.execute("${check}; ALTER TABLE scoped ADD COLUMN c integer");`));
      const findings = JSON.parse((await cli(["lint", "m2", "--json"], dir)).stdout).findings;
      expect(findings.map((f: any) => `${f.rule}:${f.level}:${f.line}`)).toEqual(["require-lock-timeout:warn:7"]);
      expect(findings[0].why).toContain("The lock_timeout the migration sets with SET LOCAL ends with its transaction, and this statement runs in another");
      const failed = await cli(["upgrade", "head"], dir);
      expect(failed.code).not.toBe(0);
      expect(failed.stderr).toContain("lock_timeout is 0");
    } finally {
      await own.drop();
    }
  });

  it("does not combine statements of a DO block that never both take effect (IF and ELSE, a block and its handler), and splits it where it commits", async () => {
    await db.query("CREATE TYPE arm_mood AS ENUM ('ok'); CREATE TABLE arm_moods (m arm_mood); INSERT INTO arm_moods VALUES ('ok')");
    const dir = tempProject({
      "autogen.config.json": JSON.stringify({ migrations: "migrations", databaseUrl: db.url }),
      "migrations/m1.ts": migration(`
  await op.step("labels", { transaction: false }, async () => {
    await op.execute("DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_enum WHERE enumlabel = 'new') THEN ALTER TYPE arm_mood ADD VALUE 'new'; ELSE UPDATE arm_moods SET m = 'new'; END IF; END $$");
    await op.execute("DO $$ BEGIN BEGIN ALTER TYPE arm_mood ADD VALUE 'new'; EXCEPTION WHEN duplicate_object THEN UPDATE arm_moods SET m = 'new'; END; END $$");
    await op.execute("DO $$ BEGIN ALTER TYPE arm_mood ADD VALUE 'later'; COMMIT; INSERT INTO arm_moods VALUES ('later'); END $$");
    await op.execute("DO $$ BEGIN BEGIN ALTER TYPE arm_mood ADD VALUE 'used'; EXCEPTION WHEN duplicate_object THEN NULL; END; INSERT INTO arm_moods VALUES ('used'); END $$");
  });
`),
    });
    const lint = await cli(["lint", "--json"], dir);
    const findings = JSON.parse(lint.stdout).findings;
    // Only the last: when its block adds 'used', the INSERT after the block uses it in the same transaction.
    expect(findings.map((f: any) => `${f.rule}:${f.level}:${f.line}`)).toEqual(["enum-value-used-in-transaction:error:9"]);
    const up = await cli(["upgrade", "head"], dir);
    expect(up.code).not.toBe(0);
    expect(up.stderr).toContain('unsafe use of new value "used" of enum type arm_mood');
    // The first three ran: 'new' added by the IF, then the handler's UPDATE; 'later' used after the DO block's COMMIT.
    expect(await db.query("SELECT m::text FROM arm_moods ORDER BY 1")).toEqual([{ m: "later" }, { m: "new" }]);
    expect(await db.query("SELECT enum_range(NULL::arm_mood)::text AS labels")).toEqual([{ labels: "{ok,new,later}" }]);
  });

  it("takes a view an earlier migration of the run drops as gone, until one creates it again", async () => {
    // A migration cut in parts (an enum label added, then used) drops a view in one part and retypes a
    // column it read in the next: that part was an error, and -m reported one in its own output.
    const step = (revision: string, down: string | null, body: string) => `export const revision = "${revision}";
export const downRevision = ${down === null ? "null" : `"${down}"`};
export const timeouts = { lockTimeout: "2s", statementTimeout: "1h" };
export async function upgrade(op: any): Promise<void> {${body}}
export async function downgrade(): Promise<void> {}
`;
    const retype = (from: string, to: string) => `await op.alterColumn("big", "old", { type: "${to}" }, { existing: { type: "${from}" } });`;
    const dir = tempProject({
      "autogen.config.json": JSON.stringify({ migrations: "migrations", databaseUrl: db.url }),
      "migrations/m1.ts": step("m1", null, `await op.dropView("old_values");`),
      "migrations/m2.ts": step("m2", "m1", retype("text", "varchar(10)")),
      "migrations/m3.ts": step("m3", "m2", `await op.createView("old_values", { definition: "SELECT old FROM big" });`),
      "migrations/m4.ts": step("m4", "m3", retype("varchar(10)", "text")),
    });
    const result = JSON.parse((await cli(["lint", "--json", "--all"], dir)).stdout);
    expect(result.linted).toBe(4);
    expect(result.findings.filter((f: any) => f.rule === "dropping-object-read-by-view").map((f: any) => f.revision)).toEqual(["m4"]);
  });
});

describe("autogen -m's lint of the new migration (PostgreSQL 15)", () => {
  it("uses the database's facts read on the session it compared with, and opens no second session", async () => {
    const own = await createTestDatabase("lintm");
    try {
      // One row: under lint.rowThreshold, so a plain CREATE INDEX on it is not worth a warning, which only
      // the database's facts can tell (offline, a table's size is unknown and the index is reported).
      await own.query("CREATE TABLE tiny (id integer PRIMARY KEY, a integer NOT NULL); INSERT INTO tiny VALUES (1, 1); ANALYZE tiny");
      const dir = tempProject({
        "autogen.config.json": JSON.stringify({ entities: ["entities/*.ts"], migrations: "migrations", databaseUrl: own.url, lint: { rowThreshold: 1000 } }),
        "entities/tiny.ts": `
import { Column, Entity, Index, PrimaryColumn } from "typeorm";
@Entity({ name: "tiny" })
export class Tiny {
  @PrimaryColumn({ primaryKeyConstraintName: "tiny_pkey" }) id: number;
  @Index("tiny_a_idx") @Column() a: number;
}
`,
      });
      const info: string[] = [];
      const project = await openProject({ cwd: dir, logger: { info: (m) => info.push(m), warn: (m) => info.push(m) } });
      let sessions = 0;
      const counted: Project = Object.create(project, {
        connect: { value: () => ((sessions += 1), project.connect()) },
      });
      const made = await createRevision(counted, { message: "index a", autogenerate: true });
      expect(made.status).toBe("created");
      expect(made.operations.map((op) => op.kind)).toEqual(["createIndex"]);
      // The timeouts' rules, which need no facts; not the index's, which the table's size keeps quiet.
      expect(made.lint?.map((f) => f.rule)).toEqual(["require-lock-timeout", "require-statement-timeout"]);
      expect(sessions).toBe(1);
      const offline = JSON.parse((await cli(["lint", "--json", "--offline"], dir)).stdout);
      expect(offline.findings.map((f: any) => f.rule)).toEqual(["require-concurrent-index-creation", "require-lock-timeout", "require-statement-timeout"]);
    } finally {
      await own.drop();
    }
  });
});
