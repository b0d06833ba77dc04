/**
 * A DBA's options on the sequence of an entity's serial column (`ALTER SEQUENCE ... INCREMENT 10`), which
 * TypeORM cannot describe, survive the project's migrations through the CLI with real entities: `check`
 * sees nothing to do, a migration that adds a column leaves them alone, and one that drops a serial column
 * writes its options into the migration (TypeScript), so that its downgrade gives the sequence them back.
 * On PostgreSQL 15.
 */
import fs from "node:fs";
import path from "node:path";
import { createTestDatabase, type TestDatabase } from "../support/test-db";
import { cli, migrationFiles, tempProject } from "./cli-support";

let db: TestDatabase;

afterEach(async () => {
  await db.drop();
});

const ENTITY = (columns: string) => `
import { Column, Entity, Generated, PrimaryGeneratedColumn } from "typeorm";

@Entity({ name: "invoices" })
export class Invoice {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: "varchar", length: 120 })
  title: string;
${columns}}
`;

const NUMBER = '\n  @Column()\n  @Generated("increment")\n  number: number;\n';

/** The options of the table's serial sequences, by column. */
const sequences = (db: TestDatabase) =>
  db.query(`
    SELECT a.attname AS column, q.seqincrement::text AS increment, q.seqstart::text AS start, q.seqcache::text AS cache
    FROM pg_attribute a JOIN pg_sequence q ON q.seqrelid = pg_get_serial_sequence('invoices', a.attname)::regclass
    WHERE a.attrelid = 'invoices'::regclass AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attname`);

it("keeps a DBA's serial sequence options: no change found, none reset, and given back by a downgrade", async () => {
  db = await createTestDatabase("serial_opts_cli");
  const dir = tempProject({
    "autogen.config.json": JSON.stringify({ entities: ["entities/*.ts"], databaseUrl: db.url }),
    "entities/invoice.ts": ENTITY(NUMBER),
  });
  expect((await cli(["-m", "create invoices"], dir)).code).toBe(0);
  expect((await cli(["upgrade", "head"], dir)).code).toBe(0);
  await db.query(`
    ALTER SEQUENCE invoices_id_seq INCREMENT 10;
    ALTER SEQUENCE invoices_number_seq INCREMENT 7 START 700 RESTART CACHE 20;
    INSERT INTO invoices (title) VALUES ('first');`);
  const tuned = [
    { column: "id", increment: "10", start: "1", cache: "1" },
    { column: "number", increment: "7", start: "700", cache: "20" },
  ];
  expect(await sequences(db)).toEqual(tuned);

  expect((await cli(["check"], dir)).code).toBe(0);

  fs.writeFileSync(path.join(dir, "entities/invoice.ts"), ENTITY(`${NUMBER}\n  @Column({ type: "text", nullable: true })\n  note: string | null;\n`));
  expect((await cli(["-m", "add note"], dir)).code).toBe(0);
  expect((await cli(["upgrade", "head"], dir)).code).toBe(0);
  expect(await sequences(db)).toEqual(tuned);

  // The serial column dropped: its migration carries the options its downgrade needs.
  fs.writeFileSync(path.join(dir, "entities/invoice.ts"), ENTITY(`\n  @Column({ type: "text", nullable: true })\n  note: string | null;\n`));
  expect((await cli(["-m", "drop number"], dir)).code).toBe(0);
  const dropping = fs.readFileSync(path.join(dir, "migrations", migrationFiles(dir).at(-1)!), "utf8");
  expect(dropping).toMatch(/options: \{[^}]*increment: "7"/);
  expect((await cli(["upgrade", "head"], dir)).code).toBe(0);
  expect(await sequences(db)).toEqual([tuned[0]]);
  expect((await cli(["check"], dir)).code).toBe(0);

  expect((await cli(["downgrade", "-1"], dir)).code).toBe(0);
  expect(await sequences(db)).toEqual(tuned);
  expect(await db.query("SELECT id, title FROM invoices")).toEqual([{ id: 1, title: "first" }]);
});
