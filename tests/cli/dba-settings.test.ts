/**
 * What a DBA sets on a project's tables by hand survives the project's next migrations, through the CLI
 * with real entities: a fillfactor on the primary key's index, an INCLUDE column on a unique key's index,
 * REPLICA IDENTITY FULL, the serial sequence renamed. `check` sees nothing to do, and a migration that
 * adds a column, then one that changes the unique key's columns (the key is added again), keep them all.
 * On PostgreSQL 15.
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
