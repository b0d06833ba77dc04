/**
 * `autogen -m` for a removed entity whose table a DBA gave to another role: the migration names that owner
 * (read from the database it is generated from), and `autogen downgrade` (another process, another session
 * than the upgrade) creates the table again owned by it. On PostgreSQL 15.
 */
import fs from "node:fs";
import path from "node:path";
import { ensureRoles } from "../catalog/catalog-round-trip";
import { createTestDatabase, type TestDatabase } from "../support/test-db";
import { cli, migrationFiles, NOTE_ENTITY, tempProject } from "./cli-support";

const OWNER = "cli_notes_owner";
let db: TestDatabase;

afterEach(async () => {
  await db.drop();
});

const KEEP_ENTITY = NOTE_ENTITY.replace('@Entity({ name: "notes" })', '@Entity({ name: "keep" })').replace("class Note", "class Keep");

it("the downgrade of a removed entity's migration gives its table back to the role that owned it", async () => {
  await ensureRoles([OWNER]);
  db = await createTestDatabase("cli_owner");
  const dir = tempProject({
    "autogen.config.json": JSON.stringify({ entities: ["entities/*.ts"], databaseUrl: db.url }),
    "entities/note.ts": NOTE_ENTITY,
    "entities/keep.ts": KEEP_ENTITY,
  });
  expect((await cli(["-m", "create notes"], dir)).code).toBe(0);
  expect((await cli(["upgrade", "head"], dir)).code).toBe(0);
  await db.query(`ALTER TABLE notes OWNER TO ${OWNER}`);

  fs.rmSync(path.join(dir, "entities/note.ts"));
  expect((await cli(["-m", "drop notes"], dir)).code).toBe(0);
  const file = fs.readFileSync(path.join(dir, "migrations", migrationFiles(dir).find((f) => f.includes("drop_notes"))!), "utf8");
  expect(file).toContain(`await op.keepOwner({ kind: "table", name: "notes" }, "remember", { owner: "${OWNER}" });`);
  expect((await cli(["upgrade", "head"], dir)).code).toBe(0);
  expect(await db.query("SELECT to_regclass('public.notes') IS NULL AS gone")).toEqual([{ gone: true }]);
  expect((await cli(["downgrade", "-1"], dir)).code).toBe(0);
  expect(await db.query("SELECT pg_get_userbyid(relowner)::text AS owner FROM pg_class WHERE oid = 'public.notes'::regclass")).toEqual([{ owner: OWNER }]);
});
