/**
 * What a DBA sets on a project's tables by hand survives the project's next migrations, through the CLI
 * with real entities: a fillfactor on the primary key's index, an INCLUDE column on a unique key's index,
 * REPLICA IDENTITY FULL, the serial sequence renamed. `check` sees nothing to do, and a migration that
 * adds a column, then one that changes the unique key's columns (the key is added again), keep them all.
 * A DBA's operator class and INCLUDE on an entity's index are kept too, on a table's and on a materialized
 * view's (with its fillfactor and CLUSTER ON). On PostgreSQL 15.
 */
import fs from "node:fs";
import path from "node:path";
import { createTestDatabase, type TestDatabase } from "../support/test-db";
import { cli, tempProject } from "./cli-support";

let db: TestDatabase;

afterEach(async () => {
  await db.drop();
});

const ENTITY = (columns: string, unique: string) => `
import { Column, Entity, PrimaryGeneratedColumn, Unique } from "typeorm";

@Entity({ name: "notes" })
@Unique("notes_title_key", [${unique}])
export class Note {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: "varchar", length: 120 })
  title: string;

  @Column({ type: "int", default: 0 })
  rank: number;
${columns}}
`;

/** The settings the test's DBA made, as the catalog has them. */
const settings = (db: TestDatabase) =>
  db.query(`
    SELECT (SELECT relreplident FROM pg_class WHERE oid = 'notes'::regclass) AS identity,
      (SELECT reloptions FROM pg_class WHERE oid = (SELECT conindid FROM pg_constraint WHERE contype = 'p' AND conrelid = 'notes'::regclass)) AS pk_options,
      (SELECT pg_get_constraintdef(oid) FROM pg_constraint WHERE conname = 'notes_title_key') AS unique_key,
      pg_get_serial_sequence('notes', 'id') AS sequence`);

it("keeps a DBA's fillfactor, INCLUDE, REPLICA IDENTITY and renamed sequence across migrations", async () => {
  db = await createTestDatabase("dba_settings");
  const dir = tempProject({
    "autogen.config.json": JSON.stringify({ entities: ["entities/*.ts"], databaseUrl: db.url }),
    "entities/note.ts": ENTITY("", '"title"'),
  });
  expect((await cli(["-m", "create notes"], dir)).code).toBe(0);
  expect((await cli(["upgrade", "head"], dir)).code).toBe(0);
  const pk = (await db.query<{ conname: string }>("SELECT conname FROM pg_constraint WHERE contype = 'p' AND conrelid = 'notes'::regclass"))[0]!.conname;
  await db.query(`
    ALTER INDEX "${pk}" SET (fillfactor = 70);
    ALTER TABLE notes DROP CONSTRAINT notes_title_key, ADD CONSTRAINT notes_title_key UNIQUE (title) INCLUDE (rank);
    ALTER TABLE notes REPLICA IDENTITY FULL;
    ALTER SEQUENCE notes_id_seq RENAME TO legacy_notes_seq;
    INSERT INTO notes (title) VALUES ('first');`);
  const before = await settings(db);
  expect(before).toEqual([{ identity: "f", pk_options: ["fillfactor=70"], unique_key: "UNIQUE (title) INCLUDE (rank)", sequence: "public.legacy_notes_seq" }]);

  const check = await cli(["check"], dir);
  expect(check.code).toBe(0);

  fs.writeFileSync(path.join(dir, "entities/note.ts"), ENTITY('\n  @Column({ type: "text", nullable: true })\n  body: string | null;\n', '"title"'));
  expect((await cli(["-m", "add body"], dir)).code).toBe(0);
  expect((await cli(["upgrade", "head"], dir)).code).toBe(0);
  expect(await settings(db)).toEqual(before);

  // The unique key on two columns: dropped and added again, with its INCLUDE column.
  fs.writeFileSync(path.join(dir, "entities/note.ts"), ENTITY('\n  @Column({ type: "text", nullable: true })\n  body: string | null;\n', '"title", "id"'));
  expect((await cli(["-m", "widen key"], dir)).code).toBe(0);
  expect((await cli(["upgrade", "head"], dir)).code).toBe(0);
  expect(await settings(db)).toEqual([{ ...before[0], unique_key: "UNIQUE (title, id) INCLUDE (rank)" }]);
  expect((await cli(["check"], dir)).code).toBe(0);
  expect((await cli(["downgrade", "-2"], dir)).code).toBe(0);
  expect(await settings(db)).toEqual(before);
  expect(await db.query("SELECT id, title FROM notes")).toEqual([{ id: 1, title: "first" }]);
});

const TUNED_ENTITY = (columns: string) => `
import { Check, Column, Entity, Index, PrimaryGeneratedColumn } from "typeorm";

@Entity({ name: "tasks" })
@Index("tasks_title_idx", ["title"])
@Check("tasks_rank_check", '"rank" >= 0')
export class Task {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: "varchar", length: 120 })
  title: string;

  @Column({ type: "int", default: 0 })
  rank: number;
${columns}}
`;

it("keeps a DBA's operator class and INCLUDE on an entity's index, and its check NOT VALID over legacy rows", async () => {
  db = await createTestDatabase("dba_settings");
  const dir = tempProject({
    "autogen.config.json": JSON.stringify({ entities: ["entities/*.ts"], databaseUrl: db.url }),
    "entities/task.ts": TUNED_ENTITY(""),
  });
  expect((await cli(["-m", "create tasks"], dir)).code).toBe(0);
  expect((await cli(["upgrade", "head"], dir)).code).toBe(0);
  // The DBA rebuilds the index for LIKE 'abc%' and covering reads, and the check NOT VALID over old rows.
  await db.query(`
    DROP INDEX tasks_title_idx;
    CREATE INDEX tasks_title_idx ON tasks (title varchar_pattern_ops) INCLUDE (rank);
    ALTER TABLE tasks DROP CONSTRAINT tasks_rank_check;
    INSERT INTO tasks (title, rank) VALUES ('legacy', -1);
    ALTER TABLE tasks ADD CONSTRAINT tasks_rank_check CHECK (rank >= 0) NOT VALID;`);
  const tuned = () =>
    db.query(`SELECT pg_get_indexdef('tasks_title_idx'::regclass) AS idx,
      (SELECT pg_get_constraintdef(oid) FROM pg_constraint WHERE conname = 'tasks_rank_check') AS chk`);
  const before = await tuned();
  expect(before).toEqual([
    { idx: "CREATE INDEX tasks_title_idx ON public.tasks USING btree (title varchar_pattern_ops) INCLUDE (rank)", chk: "CHECK ((rank >= 0)) NOT VALID" },
  ]);

  const check = await cli(["check"], dir);
  expect(check.stdout).toBe("No changes in schema detected.\n");
  expect(check.code).toBe(0);

  fs.writeFileSync(path.join(dir, "entities/task.ts"), TUNED_ENTITY('\n  @Column({ type: "text", nullable: true })\n  note: string | null;\n'));
  expect((await cli(["-m", "add note"], dir)).code).toBe(0);
  const upgrade = await cli(["upgrade", "head"], dir);
  expect(upgrade.stderr).toBe("");
  expect(upgrade.code).toBe(0);
  expect(await tuned()).toEqual(before);
  expect((await cli(["downgrade", "-1"], dir)).code).toBe(0);
  expect(await tuned()).toEqual(before);
});

const VIEW_ENTITIES = (columns: string, indexed: string) => `
import { Column, Entity, Index, PrimaryGeneratedColumn, ViewColumn, ViewEntity } from "typeorm";

@Entity({ name: "tasks" })
export class Task {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: "varchar", length: 120 })
  title: string;

  @Column({ type: "int", default: 0 })
  rank: number;
${columns}}

@ViewEntity({ name: "task_titles", materialized: true, expression: 'SELECT "id", "title", "rank" FROM "tasks"' })
@Index("task_titles_title_idx", [${indexed}])
export class TaskTitle {
  @ViewColumn()
  id: number;

  @ViewColumn()
  title: string;

  @ViewColumn()
  rank: number;
}
`;

it("keeps a DBA's operator class, INCLUDE, fillfactor and CLUSTER ON on a materialized view entity's index", async () => {
  db = await createTestDatabase("dba_settings");
  const dir = tempProject({
    "autogen.config.json": JSON.stringify({ entities: ["entities/*.ts"], databaseUrl: db.url }),
    "entities/task.ts": VIEW_ENTITIES("", '"title"'),
  });
  expect((await cli(["-m", "create tasks"], dir)).code).toBe(0);
  expect((await cli(["upgrade", "head"], dir)).code).toBe(0);
  // The DBA rebuilds the view's index for LIKE 'abc%' and covering reads, and clusters the view on it.
  await db.query(`
    DROP INDEX task_titles_title_idx;
    CREATE INDEX task_titles_title_idx ON task_titles (title varchar_pattern_ops) INCLUDE (rank) WITH (fillfactor = 70);
    ALTER MATERIALIZED VIEW task_titles CLUSTER ON task_titles_title_idx;`);
  const tuned = () =>
    db.query(`SELECT pg_get_indexdef(i.indexrelid) AS idx, i.indisclustered AS clustered FROM pg_index i
      WHERE i.indrelid = 'task_titles'::regclass`);
  const before = await tuned();
  expect(before).toEqual([
    {
      idx: "CREATE INDEX task_titles_title_idx ON public.task_titles USING btree (title varchar_pattern_ops) INCLUDE (rank) WITH (fillfactor='70')",
      clustered: true,
    },
  ]);

  const check = await cli(["check"], dir);
  expect(check.stdout).toBe("No changes in schema detected.\n");
  expect(check.code).toBe(0);

  const note = '\n  @Column({ type: "text", nullable: true })\n  note: string | null;\n';
  fs.writeFileSync(path.join(dir, "entities/task.ts"), VIEW_ENTITIES(note, '"title"'));
  expect((await cli(["-m", "add note"], dir)).code).toBe(0);
  const upgrade = await cli(["upgrade", "head"], dir);
  expect(upgrade.stderr).toBe("");
  expect(upgrade.code).toBe(0);
  expect(await tuned()).toEqual(before);

  // The entity's index on two columns: created as the entity says, with its fillfactor, and clustered again.
  fs.writeFileSync(path.join(dir, "entities/task.ts"), VIEW_ENTITIES(note, '"title", "rank"'));
  expect((await cli(["-m", "widen index"], dir)).code).toBe(0);
  expect((await cli(["upgrade", "head"], dir)).code).toBe(0);
  expect(await tuned()).toEqual([
    { idx: "CREATE INDEX task_titles_title_idx ON public.task_titles USING btree (title, rank) WITH (fillfactor='70')", clustered: true },
  ]);
  expect((await cli(["check"], dir)).code).toBe(0);
  expect((await cli(["downgrade", "-2"], dir)).code).toBe(0);
  expect(await tuned()).toEqual(before);
});

it("finds a materialized view entity's partial index in sync once created (its predicate printed by Postgres, as a table's)", async () => {
  db = await createTestDatabase("dba_settings");
  const entities = VIEW_ENTITIES("", '"title"').replace(
    '@Index("task_titles_title_idx", ["title"])',
    '@Index("task_titles_title_idx", ["title"], { where: \'"rank" > 10\' })\n@Index("task_titles_rank_idx", ["rank", "title"])',
  );
  expect(entities).toContain("where:");
  const dir = tempProject({
    "autogen.config.json": JSON.stringify({ entities: ["entities/*.ts"], databaseUrl: db.url }),
    "entities/task.ts": entities,
  });
  expect((await cli(["-m", "create tasks"], dir)).code).toBe(0);
  expect((await cli(["upgrade", "head"], dir)).code).toBe(0);
  expect(await db.query("SELECT pg_get_indexdef('task_titles_title_idx'::regclass) AS idx")).toEqual([
    { idx: "CREATE INDEX task_titles_title_idx ON public.task_titles USING btree (title) WHERE (rank > 10)" },
  ]);
  const check = await cli(["check"], dir);
  expect(check.stdout).toBe("No changes in schema detected.\n");
  expect(check.code).toBe(0);
});
