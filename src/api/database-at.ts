/**
 * Autogenerate compares against the latest schema only: the database must be at the head revisions. Its
 * own module, so that `autogen check` loads it without what writing a revision needs.
 */
import type { Database } from "../db/database";
import { AutogenError } from "../errors";
import { DEFAULT_VERSION_TABLE_CONFIG, readHeads } from "../runner/version-table";

export class DatabaseNotUpToDateError extends AutogenError {
  constructor(
    readonly databaseHeads: readonly string[],
    readonly expected: readonly string[],
  ) {
    const at = databaseHeads.length ? databaseHeads.join(", ") : "base (no revision)";
    const advice =
      expected.length > 1
        ? `The migrations have ${expected.length} heads (${expected.join(", ")}): run "autogen upgrade heads" to ` +
          `apply every branch, or join them first with "autogen merge heads -m <message>" and upgrade to ` +
          `the merge`
        : `Run "autogen upgrade head" first`;
    super(
      `Target database is not up to date: it is at ${at} but needs to be at ` +
        `${expected.length ? expected.join(", ") : "base"}. ${advice} (or "autogen stamp" if the schema is ` +
        `already there), so that autogenerate compares against the latest schema.`,
    );
  }
}

/** Autogenerate compares against the latest schema only: the database must be exactly at `expected`. */
export async function assertDatabaseAt(db: Database, expected: readonly string[]): Promise<void> {
  const dbHeads = await readHeads(db, DEFAULT_VERSION_TABLE_CONFIG);
  const same = dbHeads.length === expected.length && expected.every((h) => dbHeads.includes(h));
  if (!same) throw new DatabaseNotUpToDateError(dbHeads, expected);
}

