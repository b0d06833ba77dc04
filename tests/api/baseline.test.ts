/**
 * The programmatic `baseline()` on PostgreSQL 15: what a baseline leaves out (TypeORM's bookkeeping tables,
 * the tools' own tables, what the config excludes, schemas outside the compared ones), extensions created
 * at whatever version the replaying server offers, a dry run, and the refusal of an empty database.
 */
import fs from "node:fs";
import path from "node:path";
import { baseline, openProject } from "../../src";
import { NothingToAdoptError } from "../../src/api/baseline";
import { createTestDatabase, type TestDatabase } from "../support/test-db";
import { tempProject } from "../cli/cli-support";

const SQL = `
  CREATE EXTENSION IF NOT EXISTS "uuid-ossp";
  CREATE TABLE things (id uuid PRIMARY KEY DEFAULT uuid_generate_v4(), label text NOT NULL);
  CREATE TABLE legacy_import (id int);
  -- TypeORM's migration history under the name a DataSource gave it, and its metadata table.
  CREATE TABLE typeorm_history (id SERIAL PRIMARY KEY, "timestamp" bigint NOT NULL, name varchar NOT NULL);
  INSERT INTO typeorm_history ("timestamp", name) VALUES (1700000000000, 'Init1700000000000');
  CREATE TABLE typeorm_metadata (type varchar NOT NULL, database varchar, schema varchar, "table" varchar, name varchar, value text);
`;

describe("baseline() from the programmatic API", () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase("apibase");
    await db.query(SQL);
  });
  afterAll(async () => {
    await db.drop();
  });

  const project = (extra: Record<string, unknown> = {}) =>
    openProject({
      cwd: tempProject({
        "autogen.config.json": JSON.stringify({ schemas: ["public"], migrations: "migrations", databaseUrl: db.url, ...extra }),
      }),
    });

  it("dry run: the rendered baseline, without TypeORM's tables, the excluded table or the extension's version; nothing written or stamped", async () => {
    const p = await project({ exclude: ["public.legacy_*"] });
    const result = await baseline(p, { message: "baseline", dryRun: true });
    expect(result.stamped).toBe(false);
    expect(result.file).toBeNull();
    expect(result.schemas).toEqual(["public"]);
    expect(result.operations.map((op) => op.kind)).toEqual(["createExtension", "createTable"]);
    expect(result.operations[0]).toEqual({ kind: "createExtension", extension: { name: "uuid-ossp", schema: "public", version: null } });
    expect(result.content).toContain('op.createTable("things"');
    for (const absent of ["typeorm_history", "typeorm_metadata", "legacy_import", "autogen_version"]) {
      expect(result.content).not.toContain(absent);
    }
    expect(result.content).toContain('op.dropExtension("uuid-ossp")');
    expect(fs.existsSync(path.join(p.config.migrationsDir))).toBe(false);
    expect(await db.query("SELECT to_regclass('public.autogen_version') IS NULL AS missing")).toEqual([{ missing: true }]);
  });

  it("refuses a database with nothing in the compared schemas, naming them", async () => {
    const p = await project({ schemas: ["nowhere"] });
    const attempt = baseline(p, { message: "baseline" });
    await expect(attempt).rejects.toBeInstanceOf(NothingToAdoptError);
    await expect(attempt).rejects.toThrow("in schema nowhere");
  });

  it("writes the file and stamps the database; TypeORM's history table keeps its rows", async () => {
    const p = await project();
    const result = await baseline(p, { message: "baseline", revId: "feed01" });
    expect(result.stamped).toBe(true);
    expect(fs.readFileSync(result.file!, "utf8")).toContain('op.createTable("legacy_import"');
    expect(await db.query("SELECT version_num FROM autogen_version")).toEqual([{ version_num: "feed01" }]);
    expect(await db.query("SELECT name FROM typeorm_history")).toEqual([{ name: "Init1700000000000" }]);
  });
});

describe("baseline() when an entity maps a table shaped like TypeORM's migration history", () => {
  it("keeps that table in the baseline, and leaves out the real history table", async () => {
    const db = await createTestDatabase("apibase");
    try {
      await db.query(`
        CREATE TABLE events (id serial CONSTRAINT events_pkey PRIMARY KEY, name varchar NOT NULL, "timestamp" bigint NOT NULL);
        CREATE TABLE migrations (id serial PRIMARY KEY, "timestamp" bigint NOT NULL, name varchar NOT NULL);
      `);
      const cwd = tempProject({
        "autogen.config.json": JSON.stringify({ entities: ["entities/*.ts"], databaseUrl: db.url }),
        "entities/event.ts": `
import { Column, Entity, PrimaryGeneratedColumn } from "typeorm";

@Entity("events")
export class Event {
  @PrimaryGeneratedColumn({ primaryKeyConstraintName: "events_pkey" })
  id!: number;

  @Column({ type: "varchar" })
  name!: string;

  @Column({ type: "bigint" })
  timestamp!: string;
}
`,
      });
      const result = await baseline(await openProject({ cwd }), { message: "baseline", dryRun: true });
      expect(result.operations.map((op) => (op.kind === "createTable" ? op.table.name : op.kind))).toEqual(["events"]);
    } finally {
      await db.drop();
    }
  });
});
