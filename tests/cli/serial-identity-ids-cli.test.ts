/**
 * An entity's key switched from `@PrimaryGeneratedColumn()` (serial) to
 * `@PrimaryGeneratedColumn("identity")` on PostgreSQL 15 while the rows with the highest ids have been
 * deleted: the migration file written (`-m`, and its lock-safe form `--safe`) printed offline
 * (`upgrade --sql`) and run with psql, its derived downgrade (identity -> serial) run online, and the
 * upgrade again: each time, the next row inserted takes an id above every id ever handed out, not one of
 * a deleted row.
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { clientBin } from "../support/pg-cluster";
import { createTestDatabase, type TestDatabase } from "../support/test-db";
import { cli, tempProject } from "./cli-support";

const entity = (generation: string) => `
import { Column, Entity, PrimaryGeneratedColumn } from "typeorm";

@Entity({ name: "tickets" })
export class Ticket {
  @PrimaryGeneratedColumn(${generation})
  id: number;

  @Column({ type: "text" })
  title: string;
}
`;

let db: TestDatabase;
let dir: string;

beforeEach(async () => {
  db = await createTestDatabase("serialids");
  dir = tempProject({
    "autogen.config.json": JSON.stringify({ entities: ["entities/*.ts"], databaseUrl: db.url }),
    "entities/ticket.ts": entity(""),
  });
  expect((await cli(["-m", "create tickets", "--rev-id", "r1"], dir)).code).toBe(0);
  expect((await cli(["upgrade", "head"], dir)).code).toBe(0);
});

afterEach(async () => {
  await db.drop();
});

/** Deletes the tickets above id 5 (the ids handed out so far stay handed out), inserts one, returns its id. */
async function nextIdAfterDeletes(): Promise<number> {
  await db.query("DELETE FROM tickets WHERE id > 5");
  const [row] = await db.query("INSERT INTO tickets (title) VALUES ('new') RETURNING id");
  return row.id;
}

it.each([
  ["", []],
  [" (lock-safe form)", ["--safe"]],
])("serial -> identity%s with the last rows deleted: no id is handed out twice, offline, downgraded and upgraded online", async (_form, flags) => {
  await db.query("INSERT INTO tickets (title) SELECT 't' || n FROM generate_series(1, 50) n");
  await db.query("DELETE FROM tickets WHERE id > 5");
  fs.writeFileSync(path.join(dir, "entities/ticket.ts"), entity(`"identity"`));
  expect((await cli(["-m", "identity key", "--rev-id", "r2", ...flags], dir)).code).toBe(0);

  const offline = await cli(["upgrade", "r1:r2", "--sql"], dir);
  expect(offline.code).toBe(0);
  expect(offline.stdout).toContain("pg_catalog.set_config(%L, (CASE WHEN is_called THEN last_value::numeric + %s ELSE last_value END)::text, false)");
  execFileSync(clientBin("psql"), ["-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", db.url], { input: offline.stdout, stdio: ["pipe", "pipe", "pipe"] });
  expect((await cli(["check"], dir)).code).toBe(0);
  expect(await nextIdAfterDeletes()).toBe(51);

  const down = await cli(["downgrade", "-1"], dir);
  expect(down.code).toBe(0);
  expect(await db.query("SELECT pg_get_expr(adbin, adrelid) AS d FROM pg_attrdef WHERE adrelid = 'tickets'::regclass")).toEqual([
    { d: "nextval('tickets_id_seq'::regclass)" },
  ]);
  expect(await nextIdAfterDeletes()).toBe(52);

  const up = await cli(["upgrade", "head"], dir);
  expect(up.code).toBe(0);
  expect(await db.query("SELECT attidentity FROM pg_attribute WHERE attrelid = 'tickets'::regclass AND attname = 'id'")).toEqual([
    { attidentity: "d" },
  ]);
  expect(await nextIdAfterDeletes()).toBe(53);
});
