/**
 * The transaction the entities are normalised in: temporary objects only, always rolled back, opened READ
 * WRITE so that a database or role with `default_transaction_read_only = on` allows them (a standby does
 * not: NormaliseOnStandbyError), and with the settings the entities' constants are read under pinned.
 */
import type { Database, Queryable } from "../db/database";
import { AutogenError } from "../errors";

/**
 * The server cannot hold the temporary objects: it is a standby (in recovery), where no transaction may
 * write, not even to `pg_temp`. A database or role with `default_transaction_read_only = on` is not this:
 * the scratch transaction asks for READ WRITE, which such a default allows, and commits nothing.
 */
export class NormaliseOnStandbyError extends AutogenError {
  constructor(options?: { cause?: unknown }) {
    super(
      "The database is a standby (in recovery): the entities are normalised by PostgreSQL in temporary " +
        "objects, inside a transaction that is always rolled back, and a standby refuses every write, " +
        "temporary ones included. Run the command against the primary (it changes nothing there), or " +
        "compare the standby with what the migrations build (`autogen diff <url> migrations`), which only " +
        "reads its catalog.",
      options,
    );
  }
}

/** Opens the scratch transaction: READ WRITE, whatever `default_transaction_read_only` says (see above). */
async function beginScratch(db: Database): Promise<void> {
  try {
    await db.query("BEGIN READ WRITE");
  } catch (error) {
    await db.query("ROLLBACK").catch(() => undefined);
    const { rows } = await db.query<{ standby: boolean }>("SELECT pg_is_in_recovery() AS standby");
    if (rows[0]?.standby === true) throw new NormaliseOnStandbyError({ cause: error });
    throw error;
  }
}

/**
 * The settings the entities' texts are read under, for the scratch transaction only (`set_config(...,
 * true)` is `SET LOCAL`). A constant in a default, check, index predicate or view is parsed when it is
 * created: `'2020-01-01 00:00:00'` as a timestamptz is an instant in the session's `TimeZone`,
 * `'01/02/2020'` a date in its `DateStyle` order, `'-1 2:00:00'` an interval whose sign reaches the hours
 * or not by its `IntervalStyle`, `'... IST'` Israel or India time by its `timezone_abbreviations`, and
 * `"n" = NULL` in a check is `"n" IS NULL` under `transform_null_equals` (`array_nulls`, which decides
 * whether `'{NULL,a}'` holds a null, every session pins: src/db/session-settings.ts). Under the user's own
 * settings (`ALTER DATABASE/ROLE ... SET`, `PGOPTIONS`) the same entities would print other values for
 * each user and each server, and differ from the database the migration built as soon as a setting
 * changed, or from the shadow database. They are read as introspection prints them
 * (src/introspect/session-settings.ts): UTC, ISO with month before day, and Postgres's interval style; the
 * other two as the server's defaults have them. What is printed then (ISO dates, instants with `+00`,
 * intervals with a sign on each part, `NULL::integer`, which `transform_null_equals` leaves alone) reads
 * back the same under any setting, so the migration means the same wherever it runs. `search_path` is left
 * as the session has it: the entities' expressions name things through it.
 */
const PIN_INPUT_SETTINGS =
  "SELECT set_config('DateStyle', 'ISO, MDY', true), " +
  "set_config('IntervalStyle', 'postgres', true), " +
  "set_config('TimeZone', 'UTC', true), " +
  "set_config('timezone_abbreviations', 'Default', true), " +
  "set_config('transform_null_equals', 'off', true)";

/**
 * Runs `fn` in the scratch transaction, always rolled back: opened READ WRITE (see NormaliseOnStandbyError),
 * with the entities' texts read under PIN_INPUT_SETTINGS.
 */
export async function withScratchTransaction<T>(db: Database, fn: (tx: Queryable) => Promise<T>): Promise<T> {
  await beginScratch(db);
  try {
    await db.query(PIN_INPUT_SETTINGS);
    return await fn(db);
  } finally {
    await db.query("ROLLBACK");
  }
}
