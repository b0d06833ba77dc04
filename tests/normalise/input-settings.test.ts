/**
 * The entities' constants are read the same whatever the session's TimeZone, DateStyle and IntervalStyle.
 * A constant in a default, check or view is parsed when the scratch object is created, and the scratch
 * transaction ran under the user's own settings (`ALTER DATABASE/ROLE ... SET`, `PGOPTIONS`): a
 * timestamptz `'2020-01-01 00:00:00'` was midnight in New York for one user and in Kolkata for another,
 * `'01/02/2020'` the 2nd of January or the 1st of February, `'-1 2:00:00'` -1 day +2 hours or -26 hours,
 * `'... IST'` Israel or India time, and `"n" = NULL` stayed so or became `"n" IS NULL` (found probing
 * server settings, 2026-12-06). They are now read under the settings introspection prints with: UTC, ISO
 * with month before day, Postgres's interval style, and the server's defaults for timezone_abbreviations
 * and transform_null_equals. (`array_nulls`, which every session pins, is tested with the sessions:
 * tests/db/session-settings.test.ts.)
 */
import { connectPostgres } from "../../src/db/postgres";
import { normaliseModel } from "../../src/normalise";
import { check, column, model, table, view } from "../support/model-builders";
import { createTestDatabase, type TestDatabase } from "../support/test-db";

const raw = model({
  tables: [
    table(
      "settings_items",
      [
        column("at", "timestamptz", { default: "'2020-01-01 00:00:00'" }),
        column("at_list", "timestamptz[]", { default: `'{"2020-01-01 00:00:00"}'` }),
        column("noon", "timetz", { default: "'12:00:00'" }),
        column("day", "date", { default: "'01/02/2020'" }),
        column("stamp", "timestamp", { default: "'02/01/2020 10:00'" }),
        column("span", "interval", { default: "'-1 2:00:00'" }),
        column("zoned", "timestamptz", { default: "'2020-01-01 00:00 IST'" }),
        column("tags", "text[]", { default: "'{NULL,a}'" }),
      ],
      { checks: [check("CHK_settings_at", `CHECK ("at" > '2019-06-01 00:00:00' AND ("span" = NULL OR "zoned" IS NOT NULL))`)] },
    ),
  ],
  views: [view("settings_recent", `SELECT 1 AS one WHERE now() > '2020-01-01 00:00:00'::timestamptz`)],
});

/** What normalising `raw` prints of the table's defaults and check, and of the view. */
async function printed(url: string, settings: string): Promise<{ defaults: (string | null)[]; check: string; view: string }> {
  const db = await connectPostgres(url);
  try {
    if (settings !== "") await db.exec(settings);
    const got = await normaliseModel(db, raw);
    const t = got.tables['"public"."settings_items"']!;
    return {
      defaults: t.columns.map((c) => c.default),
      check: t.checks[0]!.definition,
      view: got.views['"public"."settings_recent"']!.definition,
    };
  } finally {
    await db.close();
  }
}

describe("normalising constants under the session's own settings", () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase("norm_settings");
  });
  afterAll(async () => {
    await db?.drop();
  });

  it("prints what the server's defaults print, whatever the session's settings that parse constants say", async () => {
    const expected = await printed(db.url, "");
    expect(expected.defaults).toEqual([
      "'2020-01-01 00:00:00+00'::timestamp with time zone",
      `'{"2020-01-01 00:00:00+00"}'::timestamp with time zone[]`,
      "'12:00:00+00'::time with time zone",
      "'2020-01-02'::date",
      "'2020-02-01 10:00:00'::timestamp without time zone",
      "'-1 days +02:00:00'::interval",
      "'2019-12-31 22:00:00+00'::timestamp with time zone",
      "'{NULL,a}'::text[]",
    ]);
    expect(expected.check).toBe(
      "CHECK (((at > '2019-06-01 00:00:00+00'::timestamp with time zone) AND ((span = NULL::interval) OR (zoned IS NOT NULL))))",
    );
    expect(expected.view).toContain("'2020-01-01 00:00:00+00'::timestamp with time zone");
    const sessions = [
      "SET TimeZone = 'America/New_York'",
      "SET TimeZone = 'Asia/Kolkata'",
      "SET DateStyle = 'SQL, DMY'",
      "SET DateStyle = 'German'",
      "SET IntervalStyle = 'sql_standard'",
      "SET IntervalStyle = 'iso_8601'",
      "SET timezone_abbreviations = 'India'",
      "SET transform_null_equals = on",
    ];
    const got = [];
    for (const settings of sessions) got.push({ settings, printed: await printed(db.url, settings) });
    expect(got).toEqual(sessions.map((settings) => ({ settings, printed: expected })));
  });

  it("leaves the session's own settings as they were", async () => {
    const conn = await connectPostgres(db.url);
    try {
      await conn.exec("SET TimeZone = 'Asia/Kolkata'; SET DateStyle = 'SQL, DMY'; SET IntervalStyle = 'sql_standard'");
      await normaliseModel(conn, raw);
      const { rows } = await conn.query<{ tz: string; ds: string; iv: string }>(
        "SELECT current_setting('TimeZone') AS tz, current_setting('DateStyle') AS ds, current_setting('IntervalStyle') AS iv",
      );
      expect(rows[0]).toEqual({ tz: "Asia/Kolkata", ds: "SQL, DMY", iv: "sql_standard" });
    } finally {
      await conn.close();
    }
  });
});
