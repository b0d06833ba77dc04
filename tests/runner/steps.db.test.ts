/**
 * Migrations in steps (`op.step()`) and lock-timeout retries on PostgreSQL 15: a failed step leaves the
 * completed ones applied and recorded, and a rerun resumes at the failed one; an invalid index left by a
 * failed concurrent build is rebuilt; a plain migration that times out on a lock is retried whole, and
 * the final error names the blocking process; `--sql` prints each step in its own transaction.
 */
import fs from "node:fs";
import path from "node:path";
import { Client } from "pg";
import { openProject, type Project } from "../../src/api/project";
import { downgrade, upgrade } from "../../src/api/migrate";
import { createTestDatabase, type TestDatabase } from "../support/test-db";
import { tempProject } from "../cli/cli-support";
import { writeAsJavaScript } from "../safe/lock-safe-support";

const BASE = `import type { MigrationOps } from "pg-autogen";
export const revision = "s0";
export const downRevision = null;
export async function upgrade(op: MigrationOps): Promise<void> {
  await op.createTable("items", { columns: [{ name: "id", type: "integer", nullable: false }, { name: "n", type: "integer" }] });
  await op.execute("INSERT INTO items SELECT g, g % 10 FROM generate_series(1, 1000) g");
}
export async function downgrade(op: MigrationOps): Promise<void> {
  await op.dropTable("items");
}
`;

const stepped = (stepOne = "add column") => `import type { MigrationOps } from "pg-autogen";
export const revision = "s1";
export const downRevision = "s0";
export const timeouts = { lockTimeout: "1s", statementTimeout: "1min" };
export async function upgrade(op: MigrationOps): Promise<void> {
  await op.step(${JSON.stringify(stepOne)}, async () => {
    await op.addColumn("items", { name: "x", type: "integer" });
  });
  await op.step("build unique index", { transaction: false }, async () => {
    await op.createIndex("items", { name: "items_n_key", keys: ["n"], unique: true }, { concurrently: true });
  });
  await op.step("check n", async () => {
    await op.addCheck("items", { name: "items_n_check", definition: "n >= 0" }, { notValid: true });
  });
  await op.step("validate n", async () => {
    await op.validateConstraint("items", "items_n_check");
  });
}
export async function downgrade(op: MigrationOps): Promise<void> {
  await op.step("drop check", async () => {
    await op.dropConstraint("items", "items_n_check");
  });
  await op.step("drop index", { transaction: false }, async () => {
    await op.dropIndex("items", "items_n_key", { concurrently: true });
  });
  await op.step("drop column", async () => {
    await op.dropColumn("items", "x");
  });
}
`;

describe("migrations in steps, and lock-timeout retries (PostgreSQL 15)", () => {
  let db: TestDatabase;
  let dir: string;
  let log: string[];
  let project: Project;

  beforeAll(async () => {
    db = await createTestDatabase("steps");
    dir = tempProject({
      "autogen.config.json": JSON.stringify({ migrations: "migrations", databaseUrl: db.url, lockRetry: { attempts: 3, delayMs: 50, maxDelayMs: 50 } }),
    });
    writeAsJavaScript(path.join(dir, "migrations", "s0.ts"), BASE);
    log = [];
    const logger = { info: (m: string) => log.push(m), warn: (m: string) => log.push(m) };
    project = await openProject({ cwd: dir, logger });
    const base = await upgrade(project, "head");
    expect(base.mode === "online" && base.result.error).toBeFalsy();
  });
  afterAll(async () => {
    await db.drop();
  });

  const heads = async () => (await db.query("SELECT version_num FROM autogen_version")).map((r: any) => r.version_num);
  const progress = async () =>
    (await db.query("SELECT step, name FROM autogen_version_steps ORDER BY step").catch(() => [])).map((r: any) => `${r.step}:${r.name}`);

  it("stops at a failed step, keeps what completed, rebuilds the invalid index and resumes where it stopped", async () => {
    writeAsJavaScript(path.join(dir, "migrations", "s1.ts"), stepped());
    // Duplicates make the unique concurrent build fail, leaving an INVALID index.
    const first = await upgrade(project, "head");
    if (first.mode !== "online") throw new Error("unreachable");
    expect(first.result.error?.message).toMatch(/could not create unique index|duplicate key/);
    expect(first.result.error?.message).toContain("It runs in steps, each committed on its own: step 1 is applied and recorded.");
    expect(first.result.error?.message).toContain("it resumes at the first step not completed");
    expect(await heads()).toEqual(["s0"]);
    expect(await progress()).toEqual(["0:add column"]);
    const [invalid] = await db.query("SELECT indisvalid FROM pg_index WHERE indexrelid = 'items_n_key'::regclass");
    expect(invalid.indisvalid).toBe(false);

    // Fix the data; now the check fails (a negative n).
    await db.query("UPDATE items SET n = id; UPDATE items SET n = -1 WHERE id = 1");
    const second = await upgrade(project, "head");
    if (second.mode !== "online") throw new Error("unreachable");
    expect(second.result.error?.message).toContain("steps 1-3 are applied and recorded. Step 4 (\"validate n\") was rolled back.");
    expect(log.some((l) => l.includes("INVALID (left by a failed concurrent build): dropped and built again"))).toBe(true);
    expect(log.some((l) => l.includes('step 1 "add column" of s1: already done'))).toBe(true);
    expect(await progress()).toEqual(["0:add column", "1:build unique index", "2:check n"]);

    await db.query("UPDATE items SET n = 1001 WHERE id = 1");
    const third = await upgrade(project, "head");
    if (third.mode !== "online") throw new Error("unreachable");
    expect(third.result.error).toBeUndefined();
    expect(await heads()).toEqual(["s1"]);
    expect(await progress()).toEqual([]);
    const [check] = await db.query("SELECT convalidated FROM pg_constraint WHERE conname = 'items_n_check'");
    expect(check.convalidated).toBe(true);
    const [index] = await db.query("SELECT indisvalid FROM pg_index WHERE indexrelid = 'items_n_key'::regclass");
    expect(index.indisvalid).toBe(true);

    const down = await downgrade(project, "s0");
    expect(down.mode === "online" && down.result.error).toBeFalsy();
    const columns = (await db.query("SELECT column_name FROM information_schema.columns WHERE table_name = 'items' ORDER BY 1")).map((r: any) => r.column_name);
    expect(columns).toEqual(["id", "n"]);
  });

  it("refuses to resume when a completed step was changed", async () => {
    await db.query("UPDATE items SET n = -1 WHERE id = 2");
    fs.rmSync(path.join(dir, "migrations", "s1.js"));
    writeAsJavaScript(path.join(dir, "migrations", "s1.ts"), stepped());
    const failed = await upgrade(project, "head");
    expect(failed.mode === "online" && failed.result.error?.message).toContain("Step 4");
    fs.rmSync(path.join(dir, "migrations", "s1.js"));
    writeAsJavaScript(path.join(dir, "migrations", "s1b.ts"), stepped("add the column x").replace('"s1"', '"s1"'));
    const changed = await upgrade(project, "head");
    expect(changed.mode === "online" && changed.result.error?.message).toMatch(/whose step 1 was "add column"; the file now has "add the column x"/);
    await db.query("UPDATE items SET n = 2000 WHERE id = 2");
    fs.rmSync(path.join(dir, "migrations", "s1b.js"));
    writeAsJavaScript(path.join(dir, "migrations", "s1.ts"), stepped());
    const resumed = await upgrade(project, "head");
    expect(resumed.mode === "online" && resumed.result.error).toBeFalsy();
    expect(await heads()).toEqual(["s1"]);
    await downgrade(project, "s0");
  });

  it("retries a plain migration that times out on a lock, and names the blocking process when it gives up", async () => {
    fs.rmSync(path.join(dir, "migrations", "s1.js"));
    writeAsJavaScript(
      path.join(dir, "migrations", "p1.ts"),
      `import type { MigrationOps } from "pg-autogen";
export const revision = "p1";
export const downRevision = "s0";
export const timeouts = { lockTimeout: "100ms" };
export async function upgrade(op: MigrationOps): Promise<void> {
  await op.addColumn("items", { name: "y", type: "integer" });
}
export async function downgrade(op: MigrationOps): Promise<void> {
  await op.dropColumn("items", "y");
}
`,
    );
    const holder = new Client({ connectionString: db.url, application_name: "the-holder" });
    await holder.connect();
    const { rows } = await holder.query("SELECT pg_backend_pid() AS pid");
    await holder.query("BEGIN");
    await holder.query("SELECT * FROM items LIMIT 1");
    log.length = 0;
    const given = await upgrade(project, "head");
    if (given.mode !== "online") throw new Error("unreachable");
    expect(given.result.error?.message).toContain(`canceling statement due to lock timeout: blocked by process ${rows[0].pid} (application "the-holder"`);
    expect(given.result.error?.message).toContain("after 3 attempts");
    expect(log.filter((l) => l.startsWith("Lock timeout in p1"))).toHaveLength(2);
    expect(await heads()).toEqual(["s0"]);
    // The previous lock_timeout of the session is back after the migration (checked through --sql's RESET too).

    const retried = upgrade(project, "head");
    await new Promise((r) => setTimeout(r, 120));
    await holder.query("COMMIT");
    await holder.end();
    const done = await retried;
    expect(done.mode === "online" && done.result.error).toBeFalsy();
    expect(await heads()).toEqual(["p1"]);
    await downgrade(project, "s0");
  });

  it("says no step is applied when the first step fails", async () => {
    const failing = `import type { MigrationOps } from "pg-autogen";
export const revision = "f1";
export const downRevision = "p1";
export async function upgrade(op: MigrationOps): Promise<void> {
  await op.step("add n again", async () => {
    await op.addColumn("items", { name: "n", type: "integer" });
  });
  await op.step("add z", async () => {
    await op.addColumn("items", { name: "z", type: "integer" });
  });
}
export async function downgrade(op: MigrationOps): Promise<void> {
  await op.dropColumn("items", "z");
}
`;
    writeAsJavaScript(path.join(dir, "migrations", "f1.ts"), failing);
    const failed = await upgrade(project, "head");
    if (failed.mode !== "online") throw new Error("unreachable");
    expect(failed.result.error?.message).toContain(
      'It runs in steps, each committed on its own: no step is applied and recorded. Step 1 ("add n again") was rolled back.',
    );
    expect(await heads()).toEqual(["p1"]);
    fs.rmSync(path.join(dir, "migrations", "f1.js"));
    await downgrade(project, "s0");
  });

  it("prints each step in its own transaction in --sql mode, with the timeouts set and reset", async () => {
    writeAsJavaScript(path.join(dir, "migrations", "s1.ts"), stepped().replace('"s0";', '"p1";'));
    const out = await upgrade(project, "p1:s1", { sql: true });
    if (out.mode !== "offline") throw new Error("unreachable");
    const sql = out.sql;
    expect(sql).toContain("SET lock_timeout = '1s';");
    expect(sql).toContain("-- Runs in 4 steps, each committed on its own");
    expect(sql).toMatch(/-- Step 2 of 4: build unique index \(outside a transaction\)\n\nCREATE UNIQUE INDEX CONCURRENTLY "items_n_key"/);
    expect(sql).toMatch(/-- Step 4 of 4: validate n\n\nBEGIN;\n\nALTER TABLE "public"."items" VALIDATE CONSTRAINT "items_n_check";\n\nCOMMIT;/);
    expect(sql).toContain("RESET lock_timeout;");
  });

  it("says a migration of one step runs in 1 step in --sql mode", async () => {
    const oneStep = `import type { MigrationOps } from "pg-autogen";
export const revision = "one1";
export const downRevision = "s0";
export async function upgrade(op: MigrationOps): Promise<void> {
  await op.step("build unique index", { transaction: false }, async () => {
    await op.createIndex("items", { name: "items_n_key", keys: ["n"], unique: true }, { concurrently: true });
  });
}
export async function downgrade(op: MigrationOps): Promise<void> {
  await op.dropIndex("items", "items_n_key");
}
`;
    writeAsJavaScript(path.join(dir, "migrations", "one1.ts"), oneStep);
    const out = await upgrade(project, "s0:one1", { sql: true });
    if (out.mode !== "offline") throw new Error("unreachable");
    expect(out.sql).toContain("-- Runs in 1 step, committed on its own; if it fails");
    expect(out.sql).toMatch(/-- Step 1 of 1: build unique index \(outside a transaction\)\n\nCREATE UNIQUE INDEX CONCURRENTLY "items_n_key"/);
    expect(out.sql).not.toContain("1 steps");
  });
});
