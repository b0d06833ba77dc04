/**
 * Autogenerate and enum labels on PostgreSQL 15: a label added and not used is one migration whose
 * transaction holds the `ADD VALUE`; a label added and used by the same migration (here as the column's
 * new default) is written as two revisions, the labels first, each with its own transaction, the cut
 * explained in both files. A failure in the second part leaves the database at the first, and `current`,
 * `check` and the history agree about it.
 */
import fs from "node:fs";
import path from "node:path";
import { createTestDatabase, type TestDatabase } from "../support/test-db";
import { cli, migrationFiles, tempProject } from "./cli-support";

const entity = (labels: readonly string[], defaultLabel: string, extra = "") => `
import { Column, Entity, PrimaryGeneratedColumn } from "typeorm";

@Entity({ name: "tasks" })
export class Task {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: "enum", enum: ${JSON.stringify(labels)}, enumName: "task_state", default: "${defaultLabel}" })
  state: string;
${extra}}
`;

let db: TestDatabase;
let dir: string;

beforeEach(async () => {
  db = await createTestDatabase("enumcli");
  dir = tempProject({
    "autogen.config.json": JSON.stringify({ entities: ["entities/*.ts"], databaseUrl: db.url }),
    "entities/task.ts": entity(["new", "done"], "new"),
  });
  expect((await cli(["-m", "create tasks"], dir)).code).toBe(0);
  expect((await cli(["upgrade", "head"], dir)).code).toBe(0);
  await db.query("INSERT INTO tasks (state) VALUES ('new'), ('done')");
});

afterEach(async () => {
  await db.drop();
});

async function labels(): Promise<string[]> {
  const rows = await db.query<{ label: string }>(
    "SELECT enumlabel AS label FROM pg_enum WHERE enumtypid = 'public.task_state'::regtype ORDER BY enumsortorder",
  );
  return rows.map((row) => row.label);
}

function read(file: string): string {
  return fs.readFileSync(path.join(dir, "migrations", file), "utf8");
}

/** The `//` comments of a file as one line of text (they are wrapped at about 100 characters). */
function comments(text: string): string {
  return text
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => line.startsWith("//"))
    .map((line) => line.replace(/^\/\/\s?/, ""))
    .join(" ");
}

it("a label added and not used: one migration, applied with no notice", async () => {
  fs.writeFileSync(path.join(dir, "entities/task.ts"), entity(["new", "review", "done"], "new"));
  const generated = await cli(["-m", "add review"], dir);
  expect(generated.code).toBe(0);
  expect(migrationFiles(dir)).toHaveLength(2);
  const up = await cli(["upgrade", "head"], dir);
  expect(up.code).toBe(0);
  expect(up.stderr).toBe("");
  expect(await labels()).toEqual(["new", "review", "done"]);
  expect((await cli(["check"], dir)).code).toBe(0);
});

it("a label added and used as the new default: two revisions, labels first, the cut explained", async () => {
  fs.writeFileSync(path.join(dir, "entities/task.ts"), entity(["new", "review", "done"], "review"));
  const generated = await cli(["-m", "default review"], dir);
  expect(generated.code).toBe(0);
  expect(generated.stderr).toContain("written as 2 revisions");
  const files = migrationFiles(dir).filter((f) => f.includes("default_review"));
  expect(files).toHaveLength(2);
  const [first, second] = files.map(read) as [string, string];
  expect(first).toContain("part 1 of 2: default review");
  expect(first).toContain("await op.alterEnum(");
  expect(first).not.toContain("op.alterColumn(");
  expect(comments(first)).toContain("PostgreSQL refuses to use an enum label in the transaction that adds it");
  expect(second).toContain("part 2 of 2: default review");
  expect(second).toContain("op.alterColumn(");
  expect(comments(second)).toMatch(/Uses the label 'review' of enum public\.task_state, added and committed by revision [0-9a-f]{12}/);
  const firstId = /export const revision = "([0-9a-f]+)"/.exec(first)![1]!;
  expect(second).toContain(`export const downRevision: string | readonly string[] | null = "${firstId}"`);

  const up = await cli(["upgrade", "head"], dir);
  expect(up.code).toBe(0);
  expect(up.stderr).toBe("");
  expect(await labels()).toEqual(["new", "review", "done"]);
  expect((await cli(["check"], dir)).code).toBe(0);
  // And back: the downgrade of both parts removes the label again, rows kept.
  expect((await cli(["downgrade", "-2"], dir)).code).toBe(0);
  expect(await labels()).toEqual(["new", "done"]);
  expect(await db.query("SELECT state::text FROM tasks ORDER BY id")).toEqual([{ state: "new" }, { state: "done" }]);
});

it("when the second part fails, the database stays at the first, and current, check and history agree", async () => {
  // A NOT NULL column with no default fails on a table with rows: the second part fails.
  fs.writeFileSync(
    path.join(dir, "entities/task.ts"),
    entity(["new", "review", "done"], "review", `\n  @Column({ type: "integer" })\n  priority: number;\n`),
  );
  expect((await cli(["-m", "review and priority"], dir)).code).toBe(0);
  const [first] = migrationFiles(dir).filter((f) => f.includes("review_and_priority")).map(read) as [string];
  const firstId = /export const revision = "([0-9a-f]+)"/.exec(first)![1]!;

  const up = await cli(["upgrade", "head"], dir);
  expect(up.code).toBe(1);
  expect(up.stderr).toContain(`Its transaction was rolled back: the database is still at revision(s) "${firstId}".`);
  expect(await labels()).toEqual(["new", "review", "done"]);
  expect(await db.query("SELECT version_num FROM autogen_version")).toEqual([{ version_num: firstId }]);
  const current = await cli(["current"], dir);
  expect(current.stdout).toContain(firstId);
  const check = await cli(["check"], dir);
  expect(check.code).toBe(1);
  expect(check.stderr).toContain(`it is at ${firstId}`);
});
