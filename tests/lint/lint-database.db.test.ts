/**
 * `autogen lint` with a database (PostgreSQL 15): a view that reads a dropped or retyped column is an
 * error; size-dependent rules stay quiet under `lint.rowThreshold`; a validated NOT NULL check already in
 * the database makes SET NOT NULL safe; the current type of a column retyped by raw SQL is read from the
 * catalog.
 */
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
});
