/**
 * `autogen lint` on hand-written migration files, offline (no database): every rule fires on the plain
 * statement, typed or raw SQL (the statements a DO block runs too, each arm of its branches apart), at the line of its op call; the lock-safe forms, operations on tables the
 * same migration creates, disable comments and config levels keep it quiet; errors exit 1.
 */
import fs from "node:fs";
import path from "node:path";
import { cli, tempProject } from "../cli/cli-support";

const header = (rev: string, down: string | null) => `import type { MigrationOps } from "pg-autogen";
export const revision = "${rev}";
export const downRevision = ${down === null ? "null" : JSON.stringify(down)};
`;

const BASE = `${header("base1", null)}
export async function upgrade(op: MigrationOps): Promise<void> {
  await op.createTable("users", { columns: [{ name: "id", type: "integer", nullable: false }, { name: "email", type: "text" }], primaryKey: { name: "users_pkey", columns: ["id"] } });
}
export async function downgrade(op: MigrationOps): Promise<void> {
  await op.dropTable("users");
}
`;

const PLAIN = `${header("plain2", "base1")}
export async function upgrade(op: MigrationOps): Promise<void> {
  await op.createIndex("users", { name: "users_email_idx", keys: ["email"] });
  await op.addForeignKey("users", { name: "users_self_fk", columns: ["id"], referencedTable: "users", referencedColumns: ["id"] });
  await op.addUnique("users", { name: "users_email_key", columns: ["email"] });
  await op.alterColumn("users", "email", { nullable: false }, { existing: { type: "text" } });
  await op.addColumn("users", { name: "age", type: "integer", nullable: false });
  await op.alterColumn("users", "id", { type: "bigint" }, { existing: { type: "integer", nullable: false } });
  await op.alterColumn("users", "email", { type: "character varying(200)" }, { existing: { type: "text", nullable: false } });
  await op.dropIndex("users", "old_idx");
  await op.renameColumn("users", "email", "mail");
  await op.execute("CREATE INDEX users_raw_idx ON users (id); ALTER TABLE users ADD CONSTRAINT users_ck CHECK (id > 0)");
  await op.execute("ALTER TYPE mood ADD VALUE 'meh'; UPDATE users SET mood = 'meh'");
  await op.moveTable("users", "archive");
  await op.execute("ALTER TABLE archive.users SET SCHEMA attic");
}
export async function downgrade(op: MigrationOps): Promise<void> {}
`;

function lineOf(text: string, needle: string): number {
  return text.split("\n").findIndex((l) => l.includes(needle)) + 1;
}

describe("autogen lint", () => {
  let dir: string;
  beforeAll(() => {
    dir = tempProject({
      "autogen.config.json": JSON.stringify({ migrations: "migrations" }),
      "migrations/001_base.ts": BASE,
      "migrations/002_plain.ts": PLAIN,
    });
  });

  it("reports every plain hazard with its rule, line, reason and safe form, and exits 1 on errors", async () => {
    const run = await cli(["lint", "--all", "--json"], dir);
    const result = JSON.parse(run.stdout);
    const found = result.findings.map((f: any) => `${f.rule}@${f.line}`);
    const at = (needle: string) => lineOf(PLAIN, needle);
    expect(found).toEqual(
      expect.arrayContaining([
        `require-concurrent-index-creation@${at("users_email_idx")}`,
        `constraint-missing-not-valid@${at("users_self_fk")}`,
        `disallowed-unique-constraint@${at("users_email_key")}`,
        `adding-not-nullable-field@${at("{ nullable: false }, { existing: { type: \"text\" } }")}`,
        `adding-required-field@${at("name: \"age\"")}`,
        `changing-column-type@${at("bigint")}`,
        `require-concurrent-index-deletion@${at("old_idx")}`,
        `renaming-column@${at("renameColumn")}`,
        `require-lock-timeout@${at("users_email_idx")}`,
        `require-statement-timeout@${at("users_email_idx")}`,
        `require-concurrent-index-creation@${at("users_raw_idx")}`,
        `constraint-missing-not-valid@${at("users_raw_idx")}`,
        `enum-value-used-in-transaction@${at("ADD VALUE")}`,
        `moving-table@${at("moveTable")}`,
        `moving-table@${at("SET SCHEMA attic")}`,
      ]),
    );
    // text -> varchar(200) adds a length check, which rewrites; nothing on the new table of base1.
    expect(found.filter((f: string) => f.startsWith("changing-column-type"))).toHaveLength(2);
    // base1 only creates a table: nothing but the timeouts (Squawk asks for them before any DDL too).
    expect(result.findings.filter((f: any) => f.revision === "base1").map((f: any) => f.rule).sort()).toEqual([
      "require-lock-timeout",
      "require-statement-timeout",
    ]);
    for (const f of result.findings.filter((f: any) => f.revision === "plain2")) {
      expect(f.why.length).toBeGreaterThan(20);
      expect(f.safeForm.length).toBeGreaterThan(10);
      expect(f.file).toBe(path.join(dir, "migrations", "002_plain.ts"));
    }
    expect(run.code).toBe(1);
  });

  it("is quiet on the lock-safe forms, on catalog-only type changes and on tables created in the same migration", async () => {
    const safe = `${header("safe3", "plain2")}
export const timeouts = { lockTimeout: "2s", statementTimeout: "1h" };
export async function upgrade(op: MigrationOps): Promise<void> {
  await op.step("build", { transaction: false }, async () => {
    await op.createIndex("users", { name: "users_a_idx", keys: ["id"] }, { concurrently: true });
    await op.createIndex("users", { name: "users_key", keys: ["id"], unique: true }, { concurrently: true });
    await op.dropIndex("users", "users_b_idx", { concurrently: true });
  });
  await op.step("add", async () => {
    await op.addForeignKey("users", { name: "users_fk2", columns: ["id"], referencedTable: "users", referencedColumns: ["id"] }, { notValid: true });
    await op.addCheck("users", { name: "users_id_nn", definition: "id IS NOT NULL" }, { notValid: true });
    await op.addUnique("users", { name: "users_key", columns: ["id"] }, { usingIndex: "users_key" });
    await op.alterColumn("users", "mail", { type: "character varying(300)" }, { existing: { type: "character varying(200)" } });
    await op.alterColumn("users", "mail", { type: "text" }, { existing: { type: "character varying(300)" } });
    await op.createTable("pets", { columns: [{ name: "id", type: "integer", nullable: false }, { name: "owner", type: "integer" }] });
    await op.createIndex("pets", { name: "pets_owner_idx", keys: ["owner"] });
    await op.addForeignKey("pets", { name: "pets_owner_fk", columns: ["owner"], referencedTable: "users", referencedColumns: ["id"] });
    await op.addColumn("pets", { name: "name", type: "text", nullable: false });
  });
  await op.step("validate", async () => {
    await op.validateConstraint("users", "users_fk2");
    await op.validateConstraint("users", "users_id_nn");
  });
  await op.step("not null", async () => {
    await op.alterColumn("users", "id", { nullable: false }, { existing: { type: "bigint" } });
  });
}
export async function downgrade(op: MigrationOps): Promise<void> {}
`;
    fs.writeFileSync(path.join(dir, "migrations", "003_safe.ts"), safe);
    const run = await cli(["lint", "safe3", "--json"], dir);
    expect(JSON.parse(run.stdout).findings).toEqual([]);
    expect(run.code).toBe(0);
  });

  it("honours disable comments and the configured levels", async () => {
    const text = `${header("dis4", "safe3")}
// autogen-lint-disable require-lock-timeout, require-statement-timeout
export async function upgrade(op: MigrationOps): Promise<void> {
  // autogen-lint-disable-next-line require-concurrent-index-creation
  await op.createIndex("users", { name: "users_c_idx", keys: ["id"] });
  await op.createIndex("users", { name: "users_d_idx", keys: ["id"] });
  await op.addColumn("users", { name: "nick", type: "text", nullable: false });
}
export async function downgrade(op: MigrationOps): Promise<void> {}
`;
    fs.writeFileSync(path.join(dir, "migrations", "004_dis.ts"), text);
    const run = await cli(["lint", "dis4", "--json"], dir);
    const found = JSON.parse(run.stdout).findings.map((f: any) => `${f.rule}@${f.line}`);
    expect(found).toEqual([`require-concurrent-index-creation@${lineOf(text, "users_d_idx")}`, `adding-required-field@${lineOf(text, "nick")}`]);
    expect(run.code).toBe(1);

    fs.writeFileSync(
      path.join(dir, "autogen.config.json"),
      JSON.stringify({ migrations: "migrations", lint: { rules: { "adding-required-field": "warn", "require-concurrent-index-creation": "error" } } }),
    );
    const levels = JSON.parse((await cli(["lint", "dis4", "--json"], dir)).stdout).findings.map((f: any) => `${f.rule}:${f.level}`);
    expect(levels).toEqual(["require-concurrent-index-creation:error", "adding-required-field:warn"]);
    fs.writeFileSync(
      path.join(dir, "autogen.config.json"),
      JSON.stringify({ migrations: "migrations", lint: { rules: { "adding-required-field": "warn", "require-concurrent-index-creation": "off" } } }),
    );
    const warnOnly = await cli(["lint", "dis4"], dir);
    expect(warnOnly.code).toBe(0);
    expect(warnOnly.stdout).toContain("0 errors, 1 warning");
    expect((await cli(["lint", "dis4", "--strict"], dir)).code).toBe(1);
  });

  it("reports CONCURRENTLY among other statements of one op.execute, which Postgres runs as one transaction block", async () => {
    const text = `${header("scr5", "dis4")}
export const timeouts = { lockTimeout: "2s", statementTimeout: "1h" };
export async function upgrade(op: MigrationOps): Promise<void> {
  await op.step("build", { transaction: false }, async () => {
    await op.execute("CREATE INDEX CONCURRENTLY users_e_idx ON users (id);");
    await op.execute("CREATE INDEX CONCURRENTLY users_f_idx ON users (id); DROP INDEX CONCURRENTLY users_e_idx");
  });
}
export async function downgrade(op: MigrationOps): Promise<void> {}
`;
    fs.writeFileSync(path.join(dir, "autogen.config.json"), JSON.stringify({ migrations: "migrations" }));
    fs.writeFileSync(path.join(dir, "migrations", "005_scr.ts"), text);
    const run = await cli(["lint", "scr5", "--json"], dir);
    const findings = JSON.parse(run.stdout).findings;
    const at = lineOf(text, "users_f_idx");
    expect(findings.map((f: any) => `${f.rule}:${f.level}@${f.line}`)).toEqual([
      `require-concurrent-index-creation:error@${at}`,
      `require-concurrent-index-deletion:error@${at}`,
    ]);
    expect(findings[0].why).toContain("one op.execute string");
    expect(findings[0].safeForm).toContain("an op.execute of its own");
    expect(run.code).toBe(1);
  });

  it("counts a SET LOCAL timeout only in its own transaction; a plain SET holds for the steps after it", async () => {
    const text = `${header("loc6", "scr5")}
export async function upgrade(op: MigrationOps): Promise<void> {
  await op.step("settings", async () => {
    await op.execute("SET LOCAL lock_timeout = '2s'; SET statement_timeout = '1h'");
  });
  await op.step("change", async () => {
    await op.execute("ALTER TABLE users ADD CONSTRAINT users_self_fk3 FOREIGN KEY (id) REFERENCES users (id) NOT VALID");
  });
  await op.step("more", async () => {
    await op.execute("SET LOCAL lock_timeout = '2s'; ALTER TABLE users ADD CONSTRAINT users_ck2 CHECK (id > 0) NOT VALID");
  });
}
export async function downgrade(op: MigrationOps): Promise<void> {}
`;
    fs.writeFileSync(path.join(dir, "migrations", "006_loc.ts"), text);
    const run = await cli(["lint", "loc6", "--json"], dir);
    const findings = JSON.parse(run.stdout).findings;
    expect(findings.map((f: any) => `${f.rule}@${f.line}`)).toEqual([`require-lock-timeout@${lineOf(text, "users_self_fk3")}`]);
    expect(findings[0].why).toContain("The lock_timeout the migration sets with SET LOCAL ends with its transaction, and this statement runs in another");
  });

  it("tells to name a foreign key added without a name before validating it by name", async () => {
    const text = `${header("unn7", "loc6")}
export const timeouts = { lockTimeout: "2s", statementTimeout: "1h" };
export async function upgrade(op: MigrationOps): Promise<void> {
  await op.execute("ALTER TABLE users ADD COLUMN boss int REFERENCES users (id)");
}
export async function downgrade(op: MigrationOps): Promise<void> {}
`;
    fs.writeFileSync(path.join(dir, "migrations", "007_unn.ts"), text);
    const findings = JSON.parse((await cli(["lint", "unn7", "--json"], dir)).stdout).findings;
    const missing = findings.find((f: any) => f.rule === "constraint-missing-not-valid");
    expect(missing.safeForm).toBe(
      'name it and add it NOT VALID (ALTER TABLE ... ADD CONSTRAINT <name> ... NOT VALID), then validate it by that name in a later ' +
        'transaction: op.validateConstraint("users", "<name>") in the next step.',
    );
  });

  it("judges the statements a DO block runs, in any step, and says what it cannot read there", async () => {
    const text = `${header("do8", "unn7")}
export const timeouts = { lockTimeout: "2s", statementTimeout: "1h" };
export async function upgrade(op: MigrationOps): Promise<void> {
  await op.step("build", { transaction: false }, async () => {
    await op.execute("DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_class WHERE relname = 'users_g_idx') THEN CREATE INDEX CONCURRENTLY users_g_idx ON users (id); END IF; END $$");
  });
  await op.execute(
    "DO $body$ DECLARE r record; BEGIN FOR r IN SELECT 1 LOOP BEGIN " +
      "ALTER TABLE users ADD CONSTRAINT users_do_fk FOREIGN KEY (id) REFERENCES users (id); " +
      "EXCEPTION WHEN duplicate_object THEN DROP INDEX users_h_idx; END; END LOOP; " +
      "EXECUTE 'ALTER TABLE users RENAME COLUMN email TO mail2'; DO $$ BEGIN DROP INDEX users_n_idx; END $$; " +
      "EXECUTE format('ALTER TABLE %I ALTER COLUMN id TYPE bigint', 'users'); END $body$",
  );
  await op.execute("DO LANGUAGE plpython3u $$ plpy.execute('DROP INDEX users_k_idx') $$");
  await op.execute("CREATE FUNCTION make_idx() RETURNS void LANGUAGE plpgsql AS $$ BEGIN CREATE INDEX users_i_idx ON users (id); END $$");
}
export async function downgrade(op: MigrationOps): Promise<void> {}
`;
    fs.writeFileSync(path.join(dir, "migrations", "008_do.ts"), text);
    const run = await cli(["lint", "do8", "--json"], dir);
    const result = JSON.parse(run.stdout);
    const concurrent = lineOf(text, "users_g_idx");
    const block = text.split("\n").findIndex((l) => l.trim() === "await op.execute(") + 1;
    expect(result.findings.map((f: any) => `${f.rule}:${f.level}@${f.line}`)).toEqual([
      `require-concurrent-index-creation:error@${concurrent}`,
      `require-concurrent-index-deletion:warn@${block}`,
      `require-concurrent-index-deletion:warn@${block}`,
      `constraint-missing-not-valid:warn@${block}`,
      `renaming-column:warn@${block}`,
    ]);
    for (const f of result.findings) expect(f.why).toMatch(/^Inside the DO block of this op\.execute: /);
    expect(result.findings[0].why).toContain("in a DO block it runs as a function's statement, inside the DO statement's transaction");
    expect(result.findings[0].safeForm).toContain("outside the DO block, in an op.execute of its own (CREATE INDEX CONCURRENTLY IF NOT EXISTS");
    expect(result.notes.map((n: any) => n.note)).toEqual([
      `upgrade, line ${block}: a DO block runs SQL it builds at run time (EXECUTE of a string that is not a constant), which lint cannot judge; its other statements are judged`,
      `upgrade, line ${lineOf(text, "plpython3u")}: a DO block in plpython3u is not judged (lint reads PL/pgSQL only)`,
    ]);
    expect(run.code).toBe(1);
    const plain = await cli(["lint", "do8"], dir);
    expect(plain.stderr).toContain(`Note: migration do8 could not be linted whole: upgrade, line ${block}: a DO block runs SQL it builds at run time`);
  });

  it("judges a DO block's branches apart: a SET in one arm covers nothing after it, a check added in one arm is not validated by another", async () => {
    const text = `${header("arm9", "do8")}
export const timeouts = { statementTimeout: "1h" };
export async function upgrade(op: MigrationOps): Promise<void> {
  await op.execute("DO $$ BEGIN IF current_setting('lock_timeout') = '0' THEN SET LOCAL lock_timeout = '2s'; END IF; ALTER TABLE users ADD CONSTRAINT users_arm_ck CHECK (id > 0) NOT VALID; END $$");
  await op.execute(
    "DO $$ BEGIN SET LOCAL lock_timeout = '2s'; IF NOT EXISTS (SELECT 1 FROM pg_constraint WHERE conname = 'users_arm2_ck') " +
      "THEN ALTER TABLE users ADD CONSTRAINT users_arm2_ck CHECK (id > 0) NOT VALID; ELSE ALTER TABLE users VALIDATE CONSTRAINT users_arm2_ck; END IF; END $$",
  );
}
export async function downgrade(op: MigrationOps): Promise<void> {}
`;
    fs.writeFileSync(path.join(dir, "migrations", "009_arm.ts"), text);
    const findings = JSON.parse((await cli(["lint", "arm9", "--json"], dir)).stdout).findings;
    expect(findings.map((f: any) => `${f.rule}:${f.level}@${f.line}`)).toEqual([`require-lock-timeout:warn@${lineOf(text, "users_arm_ck")}`]);
    expect(findings[0].why).toContain("The lock_timeout a DO block sets is set in an IF, CASE, loop or exception block that this statement is not in");
  });

  it("lints a range and lists its rules", async () => {
    const run = await cli(["lint", "base1:safe3", "--json"], dir);
    expect(JSON.parse(run.stdout).linted).toBe(2);
    const rules = await cli(["lint", "--rules"], dir);
    expect(rules.stdout).toContain("require-concurrent-index-creation (");
    expect(rules.code).toBe(0);
  });
});
