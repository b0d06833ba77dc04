/**
 * Autogenerate from entities on PostgreSQL 15, when an entity's enum loses a label while the database has
 * a range type over that enum (created by hand, with a table of its columns the config leaves out of the
 * comparison): the migration rebuilds the range type with the enum and re-casts its columns with their
 * rows. Written in the lock-safe form (`--safe`), printed offline (`upgrade --sql`) and run with psql, the
 * downgrade (derived from the ops) run online, and the upgrade again: the rows are the same at every stage.
 * Then with more around the enum: a range type over a domain on it, a range type over the range type and
 * a composite type of the range type nothing uses, all carried through the rebuild and back.
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { clientBin } from "../support/pg-cluster";
import { createTestDatabase, type TestDatabase } from "../support/test-db";
import { cli, migrationFiles, tempProject } from "./cli-support";

const entity = (labels: readonly string[]) => `
import { Column, Entity, PrimaryColumn } from "typeorm";

@Entity({ name: "tasks" })
export class Task {
  @PrimaryColumn()
  id: number;

  @Column({ type: "enum", enum: ${JSON.stringify(labels)}, enumName: "task_state", nullable: true })
  state: string;
}
`;

let db: TestDatabase;
let dir: string;

beforeEach(async () => {
  db = await createTestDatabase("enumrange");
  dir = tempProject({
    "autogen.config.json": JSON.stringify({ entities: ["entities/*.ts"], databaseUrl: db.url, exclude: ["public.plans"] }),
    "entities/task.ts": entity(["new", "review", "done"]),
  });
  expect((await cli(["-m", "create tasks", "--rev-id", "r1"], dir)).code).toBe(0);
  expect((await cli(["upgrade", "head"], dir)).code).toBe(0);
  await db.query(
    "CREATE TYPE state_span AS RANGE (subtype = task_state); " +
      "CREATE TABLE plans (id int, span state_span DEFAULT state_span('new', 'done'), spans state_span[], many state_span_multirange, " +
      "CHECK (span <> 'empty'::state_span)); CREATE INDEX plans_span ON plans USING gist (span); " +
      "INSERT INTO tasks VALUES (1, 'new'), (2, 'done'), (3, NULL); " +
      "INSERT INTO plans VALUES (1, '[new,done)', '{\"[new,new]\",\"(new,done]\"}', '{[new,new],[done,done]}'), (2, NULL, NULL, NULL);",
  );
});

afterEach(async () => {
  await db.drop();
});

const rows = () =>
  db.query(
    "SELECT 'tasks' AS t, id, state::text AS v FROM tasks UNION ALL " +
      "SELECT 'plans', id, concat_ws(' | ', span, spans, many) FROM plans ORDER BY 1, 2",
  );
const kept = [
  { t: "plans", id: 1, v: '[new,done) | {"[new,new]","(new,done]"} | {[new,new],[done,done]}' },
  { t: "plans", id: 2, v: "" },
  { t: "tasks", id: 1, v: "new" },
  { t: "tasks", id: 2, v: "done" },
  { t: "tasks", id: 3, v: null },
];
const labels = async () => (await db.query("SELECT enum_range(NULL::task_state)::text AS l"))[0].l;

it("a label removed under a range type over the enum: the range type is rebuilt, --safe and --sql run, the downgrade restores it, rows kept", async () => {
  fs.writeFileSync(path.join(dir, "entities/task.ts"), entity(["new", "done"]));
  const generated = await cli(["-m", "drop review", "--rev-id", "r2", "--safe"], dir);
  expect(generated.stderr).toContain(
    "WARNING: removes label 'review' from enum task_state; rows that hold it make the migration fail. Review the migration before applying it.\n",
  );
  expect(generated.code).toBe(0);
  const file = fs.readFileSync(path.join(dir, "migrations", migrationFiles(dir).find((f) => f.includes("drop_review"))!), "utf8");
  expect(file).toMatch(/ranges: \[\s*\{\s*name: "state_span",\s*spec: \{ subtype: "public.task_state" \}/);
  expect(file).toContain('{ table: "plans", column: "many", multirange: true }');

  const offline = await cli(["upgrade", "r1:r2", "--sql"], dir);
  expect(offline.code).toBe(0);
  expect(offline.stdout).toContain('ALTER TYPE "public"."state_span_multirange" RENAME TO "state_span_multirange__old"');
  execFileSync(clientBin("psql"), ["-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", db.url], { input: offline.stdout, stdio: ["pipe", "pipe", "pipe"] });
  expect(await labels()).toBe("{new,done}");
  expect(await rows()).toEqual(kept);
  expect((await cli(["check"], dir)).code).toBe(0);
  const dump = await db.query("SELECT pg_get_constraintdef(oid) AS c FROM pg_constraint WHERE conrelid = 'plans'::regclass");
  expect(dump).toEqual([{ c: "CHECK ((span <> 'empty'::state_span))" }]);

  const down = await cli(["downgrade", "-1"], dir);
  expect(down.stderr).toBe("");
  expect(down.code).toBe(0);
  expect(await labels()).toBe("{new,review,done}");
  expect(await rows()).toEqual(kept);

  const up = await cli(["upgrade", "head"], dir);
  expect(up.stderr).toBe("");
  expect(up.code).toBe(0);
  expect(await labels()).toBe("{new,done}");
  expect(await rows()).toEqual(kept);
  expect(await db.query("SELECT count(*)::int AS n FROM pg_type WHERE typname LIKE '%\\_\\_old'")).toEqual([{ n: 0 }]);
});

it("a label removed under a range type over a domain on the enum, a range type over the range type and a composite type of it: all rebuilt or retyped, the downgrade restores them, rows kept", async () => {
  await db.query(
    "CREATE DOMAIN state_d AS task_state; CREATE TYPE state_d_span AS RANGE (subtype = state_d); " +
      "CREATE TYPE span_span AS RANGE (subtype = state_span); CREATE TYPE span_pair AS (a state_span, b state_span_multirange[]); " +
      "ALTER TABLE plans ADD COLUMN dspan state_d_span, ADD COLUMN nested span_span; " +
      "UPDATE plans SET dspan = '[new,done]', nested = '[\"[new,new]\",\"[done,done]\"]' WHERE id = 1;",
  );
  const extra = () => db.query("SELECT id, dspan::text AS d, nested::text AS n FROM plans ORDER BY id");
  const extraKept = [
    { id: 1, d: "[new,done]", n: '["[new,new]","[done,done]"]' },
    { id: 2, d: null, n: null },
  ];
  const definitions = () =>
    db.query(
      "SELECT t.typname AS name, format_type(a.atttypid, NULL) AS attribute FROM pg_type t JOIN pg_attribute a ON a.attrelid = t.typrelid " +
        "WHERE t.typname = 'span_pair' UNION ALL SELECT r.rngtypid::regtype::text, r.rngsubtype::regtype::text FROM pg_range r " +
        "WHERE r.rngtypid::regtype::text IN ('state_d_span', 'span_span') ORDER BY 1, 2",
    );
  const shapes = await definitions();
  fs.writeFileSync(path.join(dir, "entities/task.ts"), entity(["new", "done"]));
  const generated = await cli(["-m", "drop review", "--rev-id", "r2"], dir);
  expect(generated.code).toBe(0);
  const file = fs.readFileSync(path.join(dir, "migrations", migrationFiles(dir).find((f) => f.includes("drop_review"))!), "utf8");
  expect(file).toMatch(/name: "state_d_span",\s*spec: \{ subtype: "public.state_d" \}/);
  expect(file).toMatch(/name: "span_span",\s*spec: \{ subtype: "public.state_span" \}/);
  expect(file).toContain('{ type: "span_pair", attribute: "b", array: true, multirange: true }');

  const offline = await cli(["upgrade", "r1:r2", "--sql"], dir);
  expect(offline.code).toBe(0);
  execFileSync(clientBin("psql"), ["-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", db.url], { input: offline.stdout, stdio: ["pipe", "pipe", "pipe"] });
  expect(await labels()).toBe("{new,done}");
  expect(await rows()).toEqual(kept);
  expect(await extra()).toEqual(extraKept);
  expect(await definitions()).toEqual(shapes);
  expect((await cli(["check"], dir)).code).toBe(0);

  const down = await cli(["downgrade", "-1"], dir);
  expect(down.stderr).toBe("");
  expect(down.code).toBe(0);
  expect(await labels()).toBe("{new,review,done}");
  expect(await rows()).toEqual(kept);
  expect(await extra()).toEqual(extraKept);
  expect(await definitions()).toEqual(shapes);
  expect(await db.query("SELECT count(*)::int AS n FROM pg_type WHERE typname LIKE '%\\_\\_old'")).toEqual([{ n: 0 }]);
});
