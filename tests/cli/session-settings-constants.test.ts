/**
 * Entities whose defaults hold constants the server parses by the session's settings (a timestamptz by
 * TimeZone, a date by DateStyle, an interval by IntervalStyle), on a database whose settings differ from
 * the server's defaults (`ALTER DATABASE ... SET`), on PostgreSQL 15. The entities were read under the
 * user's settings: the migration's defaults depended on who generated it, `check` found differences as soon
 * as a setting changed, and `check --shadow` (the embedded database, default settings) disagreed with the
 * database the migration built (found probing server settings, 2026-12-06).
 */
import fs from "node:fs";
import path from "node:path";
import { createTestDatabase, type TestDatabase } from "../support/test-db";
import { cli, migrationFiles, tempProject } from "./cli-support";

const EVENT_ENTITY = `
import { Column, Entity, PrimaryGeneratedColumn } from "typeorm";

@Entity({ name: "events" })
export class Event {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: "timestamptz", default: () => "'2020-01-01 00:00:00'" })
  startsAt: Date;

  @Column({ type: "timetz", default: () => "'12:00:00'" })
  noon: string;

  @Column({ type: "date", default: () => "'01/02/2020'" })
  day: string;

  @Column({ type: "interval", default: () => "'-1 2:00:00'" })
  span: string;
}
`;

let db: TestDatabase;

afterEach(async () => {
  await db.drop();
});

async function setDatabase(settings: string): Promise<void> {
  await db.query(`ALTER DATABASE "${db.name}" RESET ALL`);
  for (const setting of settings.split(";")) await db.query(`ALTER DATABASE "${db.name}" SET ${setting}`);
}

it("generates, applies and checks the same defaults whatever the database's TimeZone, DateStyle and IntervalStyle", async () => {
  db = await createTestDatabase("settings_constants");
  await setDatabase("TimeZone = 'America/New_York';DateStyle = 'SQL, DMY';IntervalStyle = 'sql_standard'");
  const dir = tempProject({
    "autogen.config.json": JSON.stringify({ entities: ["entities/*.ts"], databaseUrl: db.url }),
    "entities/event.ts": EVENT_ENTITY,
  });
  expect((await cli(["-m", "create events"], dir)).code).toBe(0);
  const [file] = migrationFiles(dir);
  const migration = fs.readFileSync(path.join(dir, "migrations", file!), "utf8");
  for (const printed of [
    `"'2020-01-01 00:00:00+00'::timestamp with time zone"`,
    `"'12:00:00+00'::time with time zone"`,
    `"'2020-01-02'::date"`,
    `"'-1 days +02:00:00'::interval"`,
  ]) {
    expect(migration).toContain(printed);
  }
  expect((await cli(["upgrade", "head"], dir)).code).toBe(0);
  const same = await cli(["check"], dir);
  expect(same.stdout).toContain("No changes in schema detected.");
  expect(same.code).toBe(0);

  await setDatabase("TimeZone = 'Asia/Kolkata';DateStyle = 'German';IntervalStyle = 'iso_8601'");
  const changed = await cli(["check"], dir);
  expect(changed.stdout).toContain("No changes in schema detected.");
  expect(changed.code).toBe(0);

  const shadow = await cli(["check", "--shadow"], dir);
  expect(shadow.stdout).toContain("No changes in schema detected.");
  expect(shadow.code).toBe(0);
});
