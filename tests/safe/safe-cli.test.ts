/**
 * `autogen -m MSG --safe` and the CI gate end to end through the CLI on PostgreSQL 15, from TypeORM
 * entities: the gate flags the plain change as unsafe, the lock-safe file lints clean, the gate passes it
 * when pending, it applies with every row kept and ends in the schema the plain form gives (pg_dump), and
 * both downgrades bring back the same schema.
 */
import fs from "node:fs";
import path from "node:path";
import { pgDump } from "../support/pg-dump";
import { createTestDatabase, type TestDatabase } from "../support/test-db";
import { cli, migrationFiles, tempProject } from "../cli/cli-support";

const V1 = `
import { Column, Entity, PrimaryGeneratedColumn } from "typeorm";
@Entity({ name: "notes" })
export class Note {
  @PrimaryGeneratedColumn() id: number;
  @Column({ type: "varchar", length: 120, nullable: true }) title: string | null;
  @Column({ type: "integer", nullable: true }) owner: number | null;
}
`;
const V2 = `
import { Column, Entity, Index, PrimaryGeneratedColumn, Unique } from "typeorm";
@Entity({ name: "notes" })
@Unique("notes_owner_title_key", ["owner", "title"])
export class Note {
  @PrimaryGeneratedColumn() id: number;
  @Index("notes_title_idx") @Column({ type: "varchar", length: 200 }) title: string;
  @Column({ type: "integer", nullable: true }) owner: number | null;
  @Column({ type: "integer", default: 0 }) rank: number;
}
`;
const dump = (url: string) => pgDump(url, { args: ["--exclude-table=public.autogen_version_steps", "--exclude-table=public.autogen_checksums"] });

describe("autogen -m --safe and check --fail-on (PostgreSQL 15)", () => {
  let plainDb: TestDatabase;
  let safeDb: TestDatabase;
  beforeAll(async () => {
    [plainDb, safeDb] = await Promise.all([createTestDatabase("plain"), createTestDatabase("safe")]);
  });
  afterAll(async () => {
    await Promise.all([plainDb.drop(), safeDb.drop()]);
  });

  async function project(db: TestDatabase): Promise<string> {
    const dir = tempProject({
      "autogen.config.json": JSON.stringify({ entities: ["entities/*.ts"], migrations: "migrations", databaseUrl: db.url }),
      "entities/note.ts": V1,
    });
    expect((await cli(["-m", "v1", "--rev-id", "v1"], dir)).code).toBe(0);
    expect((await cli(["upgrade", "head"], dir)).code).toBe(0);
    await db.query("INSERT INTO notes (title, owner) SELECT 't' || g, g FROM generate_series(1, 500) g");
    fs.writeFileSync(path.join(dir, "entities", "note.ts"), V2);
    return dir;
  }

  it("gates, writes, lints, applies and downgrades the lock-safe form", async () => {
    const plainDir = await project(plainDb);
    const safeDir = await project(safeDb);
    const v1Dump = dump(plainDb.url);

    const gate = await cli(["check", "--fail-on", "unsafe"], safeDir);
    expect(gate.code).toBe(1);
    expect(gate.stdout).toMatch(/\[unsafe\]: require-concurrent-index-creation/);
    expect(gate.stdout).toMatch(/\[unsafe\]: disallowed-unique-constraint/);
    expect((await cli(["check", "--fail-on", "sometimes"], safeDir)).code).toBe(2);

    const plain = await cli(["-m", "v2", "--rev-id", "v2"], plainDir);
    expect(plain.code).toBe(0);
    expect(plain.stdout).toContain("lint: ");
    expect(plain.stdout).toContain("autogen -m ... --safe");
    const safe = await cli(["-m", "v2", "--rev-id", "v2", "--safe"], safeDir);
    expect(safe.code).toBe(0);
    expect(safe.stdout).not.toContain("lint: ");
    const text = fs.readFileSync(path.join(safeDir, "migrations", migrationFiles(safeDir).find((f) => f.includes("v2"))!), "utf8");
    expect(text).toContain('export const timeouts = { lockTimeout: "2s", statementTimeout: "1h" };');
    expect(text).toContain("// Runs in ");
    expect(text).toContain("{ concurrently: true }");
    expect(text).toContain('{ usingIndex: "notes_owner_title_key" }');
    expect(text).toContain("op.validateConstraint(");
    const lint = await cli(["lint", "--strict"], safeDir);
    expect(lint.stdout).toContain("0 errors, 0 warnings");
    expect(lint.code).toBe(0);
    // The downgrade narrows varchar(200) back to varchar(120): a rewrite no step can avoid, and lint says so.
    const down = JSON.parse((await cli(["lint", "--downgrade", "--json"], safeDir)).stdout);
    expect(down.findings.map((f: any) => `${f.direction} ${f.rule}`)).toEqual(["down changing-column-type"]);

    const pendingGate = await cli(["check", "--fail-on", "unsafe"], safeDir);
    expect(pendingGate.stdout).toContain("Gate: nothing destructive or unsafe in 1 migration(s) not applied yet (v2)");
    expect(pendingGate.code).toBe(0);
    // NOT NULL on a column that may hold NULL fails on such a row and loses nothing: a warning in the file,
    // not a destructive change, so the destructive gate passes it as well.
    const destructive = await cli(["check", "--fail-on", "destructive,unsafe"], safeDir);
    expect(destructive.stdout).toContain("Gate: nothing destructive or unsafe in 1 migration(s) not applied yet (v2)");
    expect(destructive.code).toBe(0);
    const pendingPlain = await cli(["check", "--fail-on", "unsafe"], plainDir);
    expect(pendingPlain.stdout).toContain("[unsafe] v2: require-concurrent-index-creation");
    expect(pendingPlain.code).toBe(1);

    for (const [dir, db] of [[plainDir, plainDb], [safeDir, safeDb]] as const) {
      const up = await cli(["upgrade", "head"], dir);
      expect(up.stderr).toBe("");
      expect(up.code).toBe(0);
      const [{ n }] = await db.query("SELECT count(*)::int AS n FROM notes");
      expect(n).toBe(500);
      expect((await cli(["check"], dir)).code).toBe(0);
    }
    expect(dump(safeDb.url)).toBe(dump(plainDb.url));
    const inSyncGate = await cli(["check", "--fail-on", "destructive,unsafe"], safeDir);
    expect(inSyncGate.code).toBe(0);

    // A pending migration that drops a column loses its data: the destructive gate stops it, naming it.
    fs.writeFileSync(path.join(safeDir, "entities", "note.ts"), V2.replace(/^.*owner: number \| null;\n/m, "").replace('@Unique("notes_owner_title_key", ["owner", "title"])\n', ""));
    expect((await cli(["-m", "v3", "--rev-id", "v3", "--safe"], safeDir)).code).toBe(0);
    const dropGate = await cli(["check", "--fail-on", "destructive"], safeDir);
    expect(dropGate.stdout).toContain("[destructive] v3: drops column notes.owner and its data");
    expect(dropGate.code).toBe(1);
    fs.rmSync(path.join(safeDir, "migrations", migrationFiles(safeDir).find((f) => f.includes("v3"))!));
    fs.writeFileSync(path.join(safeDir, "entities", "note.ts"), V2);

    for (const [dir] of [[plainDir], [safeDir]] as const) {
      const down = await cli(["downgrade", "-1"], dir);
      expect(down.code).toBe(0);
    }
    expect(dump(safeDb.url)).toBe(v1Dump);
    expect(dump(plainDb.url)).toBe(v1Dump);
  }, 240_000);

  it("sets NOT NULL on a column with a default without the plain form's UPDATE once the backfill and the check leave no NULL", async () => {
    const entity = (nullable: boolean) => `
import { Column, Entity, PrimaryGeneratedColumn } from "typeorm";
@Entity({ name: "tasks" })
export class Task {
  @PrimaryGeneratedColumn() id: number;
  @Column({ type: "integer", default: 0, nullable: ${nullable} }) rank: number;
}
`;
    const db = await createTestDatabase("safenn");
    try {
      const safeDir = tempProject({
        "autogen.config.json": JSON.stringify({ entities: ["entities/*.ts"], migrations: "migrations", databaseUrl: db.url }),
        "entities/task.ts": entity(true),
      });
      expect((await cli(["-m", "t1", "--rev-id", "t1"], safeDir)).code).toBe(0);
      expect((await cli(["upgrade", "head"], safeDir)).code).toBe(0);
      await db.query("INSERT INTO tasks (rank) SELECT CASE WHEN g % 4 = 0 THEN NULL ELSE g END FROM generate_series(1, 400) g");
      fs.writeFileSync(path.join(safeDir, "entities", "task.ts"), entity(false));
      // The plain form of the same change, from a copy of the project compared with the same database.
      const plainDir = tempProject({});
      fs.cpSync(safeDir, plainDir, { recursive: true });
      expect((await cli(["-m", "t2", "--rev-id", "t2"], plainDir)).code).toBe(0);
      expect((await cli(["-m", "t2", "--rev-id", "t2", "--safe"], safeDir)).code).toBe(0);

      const update = 'UPDATE "public"."tasks" SET "rank" = DEFAULT WHERE "rank" IS NULL';
      const plainSql = await cli(["upgrade", "t1:t2", "--sql"], plainDir);
      expect(plainSql.code).toBe(0);
      expect(plainSql.stdout).toContain(update);
      const safeSql = await cli(["upgrade", "t1:t2", "--sql"], safeDir);
      expect(safeSql.code).toBe(0);
      expect(safeSql.stdout).toContain("UPDATE ONLY"); // the batched backfill
      expect(safeSql.stdout).toContain('ALTER TABLE "public"."tasks" ALTER COLUMN "rank" SET NOT NULL');
      expect(safeSql.stdout).not.toContain(update);

      const up = await cli(["upgrade", "head"], safeDir);
      expect(up.stderr).toBe("");
      expect(up.code).toBe(0);
      expect(await db.query("SELECT count(*)::int AS n, count(*) FILTER (WHERE rank = 0)::int AS zero FROM tasks")).toEqual([{ n: 400, zero: 100 }]);
      const [{ attnotnull }] = await db.query("SELECT attnotnull FROM pg_attribute WHERE attrelid = 'tasks'::regclass AND attname = 'rank'");
      expect(attnotnull).toBe(true);
      expect((await cli(["check"], safeDir)).code).toBe(0);
    } finally {
      await db.drop();
    }
  }, 120_000);

  it("check --json --fail-on prints one JSON document, the gate's findings in it", async () => {
    const db = await createTestDatabase("gatejson");
    try {
      const dir = await project(db);
      const operations = await cli(["check", "--json", "--fail-on", "unsafe"], dir);
      expect(operations.code).toBe(1);
      const found = JSON.parse(operations.stdout);
      expect(found.upToDate).toBe(false);
      expect(found.gate.pending).toBeNull();
      expect(found.gate.hazards).toContainEqual(expect.objectContaining({ class: "unsafe", revision: null, description: expect.stringContaining("require-concurrent-index-creation") }));

      expect((await cli(["-m", "v2", "--rev-id", "v2"], dir)).code).toBe(0);
      const pending = await cli(["check", "--json", "--fail-on", "destructive,unsafe"], dir);
      expect(pending.code).toBe(1);
      const gate = JSON.parse(pending.stdout).gate;
      expect(gate.pending).toEqual(["v2"]);
      expect(gate.hazards).toContainEqual(expect.objectContaining({ class: "unsafe", revision: "v2", description: expect.stringContaining("require-concurrent-index-creation") }));

      expect((await cli(["upgrade", "head"], dir)).code).toBe(0);
      const inSync = await cli(["check", "--json", "--fail-on", "destructive"], dir);
      expect(inSync.code).toBe(0);
      expect(JSON.parse(inSync.stdout)).toEqual({ upToDate: true, log: [], warnings: [], operations: [], gate: { pending: null, hazards: [] } });
    } finally {
      await db.drop();
    }
  }, 120_000);
});
