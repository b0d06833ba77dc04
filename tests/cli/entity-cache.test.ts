/**
 * The incremental entity side (issue 11 item 1), through real `autogen check` processes on PostgreSQL 15:
 * when nothing the entities were built from changed, no entity module is loaded (the entity file logs each
 * load); editing an imported non-entity module (a shared enum, a constants file), an environment variable
 * an entity reads, or what the glob matches is seen at once; `AUTOGEN_NO_CACHE=1` turns it off. And the
 * normalised model: content-addressed, so a changed database is normalised again.
 */
import fs from "node:fs";
import path from "node:path";
import { cachedNormalisation } from "../../src/cache/entity-model-cache";
import { openDatabase } from "../../src/db/open";
import { normaliseModel } from "../../src/normalise";
import type { Queryable } from "../../src/db/database";
import { model, table, column } from "../support/model-builders";
import { whileCatalogStill } from "../support/catalog-still";
import { createTestDatabase, type TestDatabase } from "../support/test-db";
import { autogenProcess, REPOSITORY } from "./check-process";
import { cli, tempProject } from "./cli-support";

const entity = (log: string) => `
import { Column, Entity, PrimaryGeneratedColumn } from "typeorm";
import { Status } from "../shared/status";
import { TITLE_LENGTH } from "../shared/limits";
require("node:fs").appendFileSync(${JSON.stringify(log)}, "loaded\\n");

@Entity({ name: process.env.NOTES_TABLE ?? "notes" })
export class Note {
  @PrimaryGeneratedColumn() id: number;
  @Column({ type: "varchar", length: TITLE_LENGTH }) title: string;
  @Column({ type: "enum", enum: Status, default: Status.Draft }) status: Status;
}
`;
const STATUS = `export enum Status { Draft = "draft", Done = "done" }\n`;
const LIMITS = `export const TITLE_LENGTH = 120;\n`;

const check = (dir: string, env: Record<string, string> = {}) => autogenProcess(dir, env);

describe("the entity side from the cache (PostgreSQL 15, real processes)", () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase("entitycache");
  });
  afterAll(async () => {
    await db.drop();
  });

  it("loads no entity module when nothing changed, and sees every change to what the entities read", async () => {
    const dir = tempProject({
      "autogen.config.json": JSON.stringify({ entities: ["entities/*.ts"], migrations: "migrations", databaseUrl: db.url }),
      "shared/status.ts": STATUS,
      "shared/limits.ts": LIMITS,
    });
    const log = path.join(dir, "loads.log");
    fs.mkdirSync(path.join(dir, "entities"));
    fs.writeFileSync(path.join(dir, "entities", "note.ts"), entity(log));
    expect((await cli(["-m", "notes"], dir)).code).toBe(0);
    expect((await cli(["upgrade", "head"], dir)).code).toBe(0);
    const loads = () => (fs.existsSync(log) ? fs.readFileSync(log, "utf8").split("\n").filter(Boolean).length : 0);
    const before = loads();

    const first = await check(dir);
    // stderr may hold progress lines (phases over a second, without a terminal), nothing else.
    expect(first.stderr).not.toMatch(/ERROR|WARNING/);
    expect(first.stdout).toBe("No changes in schema detected.\n");
    expect(loads()).toBe(before + 1);
    const second = await check(dir);
    expect(second.stdout).toBe("No changes in schema detected.\n");
    expect(second.code).toBe(0);
    expect(loads()).toBe(before + 1); // from the cache: the entity module did not run

    // A constants file the entity imports.
    fs.writeFileSync(path.join(dir, "shared", "limits.ts"), "export const TITLE_LENGTH = 200;\n");
    const widened = await check(dir);
    expect(widened.code).toBe(1);
    expect(widened.stdout).toContain("title");
    expect(loads()).toBe(before + 2);
    fs.writeFileSync(path.join(dir, "shared", "limits.ts"), LIMITS);

    // A shared enum.
    fs.writeFileSync(path.join(dir, "shared", "status.ts"), `export enum Status { Draft = "draft", Done = "done", Gone = "gone" }\n`);
    const relabelled = await check(dir);
    expect(relabelled.code).toBe(1);
    expect(relabelled.stdout).toContain("enum");
    fs.writeFileSync(path.join(dir, "shared", "status.ts"), STATUS);

    // An environment variable the entity reads.
    const renamed = await check(dir, { NOTES_TABLE: "memos" });
    expect(renamed.code).toBe(1);
    expect(renamed.stdout).toContain("memos");

    // A new file the glob matches.
    fs.writeFileSync(path.join(dir, "entities", "tag.ts"), `import { Entity, PrimaryGeneratedColumn } from "typeorm";\n@Entity({ name: "tags" }) export class Tag { @PrimaryGeneratedColumn() id: number; }\n`);
    const added = await check(dir);
    expect(added.code).toBe(1);
    expect(added.stdout).toContain("tags");
    fs.rmSync(path.join(dir, "entities", "tag.ts"));

    // Back as it was: from the cache again (the entry was rebuilt by the runs above, then stays).
    const loadsNow = loads();
    expect((await check(dir)).stdout).toBe("No changes in schema detected.\n");
    expect((await check(dir)).stdout).toBe("No changes in schema detected.\n");
    expect(loads()).toBe(loadsNow + 1);

    // Off: every run loads.
    await check(dir, { AUTOGEN_NO_CACHE: "1" });
    expect(loads()).toBe(loadsNow + 2);
  }, 300_000);

  // The developer's loop: one entity file of several edited. The file is compiled in a worker thread
  // (src/loader/compile-worker.ts) while the main thread loads TypeORM and the other entities, so the
  // main thread never loads TypeScript; what the worker compiled is the edited content.
  it("compiles an edited entity file in a worker thread, and the edit is seen", async () => {
    const own = await createTestDatabase("entityahead");
    const dir = tempProject({
      "autogen.config.json": JSON.stringify({ entities: ["entities/*.ts"], migrations: "migrations", databaseUrl: own.url }),
    });
    const log = path.join(dir, "compilers.log");
    const tagged = (name: string, length: number) => `
import { Column, Entity, PrimaryGeneratedColumn } from "typeorm";
const typescriptHere = Object.keys(require.cache).some((file) => /[\\/]node_modules[\\/]typescript[\\/]/.test(file));
require("node:fs").appendFileSync(${JSON.stringify(log)}, "${name} " + (typescriptHere ? "typescript" : "none") + "\\n");

@Entity({ name: "${name}" })
export class Tagged_${name} {
  @PrimaryGeneratedColumn() id: number;
  @Column({ type: "varchar", length: ${length} }) label: string;
}
`;
    fs.mkdirSync(path.join(dir, "entities"));
    for (const name of ["alpha", "beta", "gamma"]) fs.writeFileSync(path.join(dir, "entities", `${name}.ts`), tagged(name, 40));
    const lines = () => fs.readFileSync(log, "utf8").split("\n").filter(Boolean);
    expect((await cli(["-m", "tagged"], dir)).code).toBe(0);
    expect((await cli(["upgrade", "head"], dir)).code).toBe(0);
    expect((await check(dir)).stdout).toBe("No changes in schema detected.\n");

    fs.writeFileSync(path.join(dir, "entities", "beta.ts"), tagged("beta", 90));
    const seen = lines().length;
    const edited = await check(dir);
    expect(edited.code).toBe(1);
    expect(edited.stdout).toContain("beta.label");
    // Every entity ran (TypeORM's metadata is global), and none saw TypeScript loaded in this thread.
    expect(lines().slice(seen).sort()).toEqual(["alpha none", "beta none", "gamma none"]);
    await own.drop();
  }, 300_000);
});

describe("the normalised entity model from the cache (PostgreSQL 15)", () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase("normcache");
  });
  afterAll(async () => {
    await db.drop();
  });

  it("normalises again when the database changes, and not otherwise", async () => {
    const cacheDir = fs.mkdtempSync(path.join(REPOSITORY, ".tmp", "normcache-"));
    fs.chmodSync(cacheDir, 0o700);
    const raw = model({ tables: [table("items", [column("id", "int4", { nullable: false }), column("price", "numeric(10, 2)", { default: "0" })])] });
    const database = await openDatabase({ url: db.url, projectDir: cacheDir });
    try {
      let normalised = 0;
      const run = async () => {
        return cachedNormalisation(cacheDir, database as Queryable, raw, (model) => {
          normalised += 1;
          return normaliseModel(database, model);
        });
      };
      /** `run()` twice, the catalog state still through both: the second's result, and how often it normalised. */
      const againWhileStill = () =>
        whileCatalogStill(database as Queryable, async () => {
          await run();
          const count = normalised;
          const result = await run();
          return { result, normalisedNow: normalised - count };
        });
      const first = await run();
      expect(first.cached).toBe(false);
      expect(normalised).toBe(1);
      const second = await againWhileStill();
      expect(second.normalisedNow).toBe(0);
      expect(second.result.cached).toBe(true);
      expect(second.result.model).toEqual(first.model);
      expect(second.result.model.tables['"public"."items"']!.columns[0]!.type).toBe("integer");
      // A type created outside the compared model (another schema) changes the fingerprint.
      await db.query("CREATE SCHEMA elsewhere; CREATE DOMAIN elsewhere.money2 AS numeric(10, 2)");
      const before = normalised;
      const third = await run();
      expect(third.cached).toBe(false);
      expect(normalised).toBe(before + 1);
      // A table in the compared schema changes the introspected model.
      await db.query("CREATE TABLE public.other (id int)");
      const fourth = await run();
      expect(fourth.cached).toBe(false);
      expect(normalised).toBe(before + 2);
      const fifth = await againWhileStill();
      expect(fifth.normalisedNow).toBe(0);
      expect(fifth.result.cached).toBe(true);
    } finally {
      await database.close();
    }
  }, 120_000);
});
