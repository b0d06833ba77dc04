/**
 * Entities whose defaults hold constants the server parses by the session's settings (a timestamptz by
 * TimeZone, a date by DateStyle, an interval by IntervalStyle), on a database whose settings differ from
 * the server's defaults (`ALTER DATABASE ... SET`), on PostgreSQL 15. The entities were read under the
 * user's settings: the migration's defaults depended on who generated it, `check` found differences as soon
 * as a setting changed, and `check --shadow` (the embedded database, default settings) disagreed with the
 * database the migration built (found probing server settings, 2026-12-06). And the migration applied
 * under other settings, by the runner or as `upgrade --sql` through psql, builds what the entities say.
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { clientBin } from "../support/pg-cluster";
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

/** A constant of each kind whose input or output a setting changes. */
const LITERALS_ENTITY = `
import { Column, Entity, PrimaryGeneratedColumn } from "typeorm";

@Entity({ name: "literals" })
export class Literals {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: "timestamptz", default: () => "'2020-01-01 00:00:00+05'" })
  at: Date;

  @Column({ type: "timestamp", default: () => "'2020-01-01 00:00:00'" })
  localAt: Date;

  @Column({ type: "date", default: () => "'2020-01-31'" })
  day: string;

  @Column({ type: "interval", default: () => "'-1 day -2 hours'" })
  span: string;

  @Column({ type: "double precision", default: 0.1 })
  ratio: number;

  @Column({ type: "real", default: 0.1 })
  small: number;

  @Column({ type: "numeric", precision: 10, scale: 3, default: 1.5 })
  amount: string;

  @Column({ type: "bytea", default: () => "'\\\\x0102'" })
  raw: Buffer;

  @Column({ type: "boolean", default: true })
  flag: boolean;

  @Column({ type: "text", default: "a\\\\b" })
  path: string;

  @Column({ type: "text", array: true, default: () => "'{NULL,a,\\"b c\\"}'" })
  tags: string[];

  @Column({ type: "jsonb", default: { a: 1, b: "x\\\\y" } })
  doc: object;

  @Column({ type: "json", default: () => "'[1, 2]'" })
  list: object;
}
`;

/** Settings other than the server's defaults, for each thing they change. */
const ODD_SETTINGS = [
  "TimeZone = 'Asia/Kolkata'",
  "DateStyle = 'SQL, DMY'",
  "IntervalStyle = 'sql_standard'",
  "extra_float_digits = -3",
  "bytea_output = 'escape'",
  "standard_conforming_strings = off",
  "array_nulls = off",
  "transform_null_equals = on",
];

let db: TestDatabase;

afterEach(async () => {
  await db.drop();
});

async function setDatabase(settings: string, on: TestDatabase = db): Promise<void> {
  await on.query(`ALTER DATABASE "${on.name}" RESET ALL`);
  for (const setting of settings.split(";")) await on.query(`ALTER DATABASE "${on.name}" SET ${setting}`);
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

it("applies the migration under other settings, live and as --sql through psql, and check finds it in sync", async () => {
  db = await createTestDatabase("settings_apply");
  const offline = await createTestDatabase("settings_apply_sql");
  try {
    const dir = tempProject({
      "autogen.config.json": JSON.stringify({ entities: ["entities/*.ts"], databaseUrl: db.url }),
      "entities/literals.ts": LITERALS_ENTITY,
    });
    expect((await cli(["-m", "create literals"], dir)).code).toBe(0);
    const script = await cli(["upgrade", "head", "--sql"], dir);
    expect(script.code).toBe(0);
    await setDatabase(ODD_SETTINGS.join(";"));
    await setDatabase(ODD_SETTINGS.join(";"), offline);

    const up = await cli(["upgrade", "head"], dir);
    expect(up.stderr).toBe("");
    expect(up.code).toBe(0);
    const live = await cli(["check"], dir);
    expect(live.stdout).toContain("No changes in schema detected.");
    expect(live.code).toBe(0);
    const inserted = await db.query<{ tags: (string | null)[] }>("INSERT INTO literals DEFAULT VALUES RETURNING tags");
    expect(inserted).toEqual([{ tags: [null, "a", "b c"] }]);

    execFileSync(clientBin("psql"), ["-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", offline.url], {
      input: script.stdout,
      encoding: "utf8",
      stdio: ["pipe", "pipe", "pipe"],
    });
    const applied = await cli(["check", "--url", offline.url], dir);
    expect(applied.stdout).toContain("No changes in schema detected.");
    expect(applied.code).toBe(0);

    const rows = await offline.query<{ tags: (string | null)[] }>("INSERT INTO literals DEFAULT VALUES RETURNING tags");
    expect(rows).toEqual([{ tags: [null, "a", "b c"] }]);
  } finally {
    await offline.drop();
  }
});
