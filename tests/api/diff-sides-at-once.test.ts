/**
 * `diff(A, B)` between two databases reads both at once, each on its own connection, so that the two
 * servers (or one server's two backends) work side by side (issue 11: the 5,000-table diff). Checked on
 * PostgreSQL 15 without a clock: A's read is held up by a lock on one of its views (printing a view's
 * query opens it), and B's read must still happen meanwhile. Read one after the other, B's backend would
 * stay idle until A's lock is released.
 */
import { Client } from "pg";
import { diff } from "../../src/api/diff";
import { createTestDatabase, type TestDatabase } from "../support/test-db";

/** Polls `probe` until it yields a value or `ms` pass; null then. */
async function waitFor<T>(probe: () => Promise<T | null>, ms: number): Promise<T | null> {
  const until = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value !== null || Date.now() > until) return value;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe("diff between two databases", () => {
  let a: TestDatabase;
  let b: TestDatabase;
  beforeAll(async () => {
    [a, b] = await Promise.all([createTestDatabase("sides_a"), createTestDatabase("sides_b")]);
    const schema = "CREATE TABLE items (id integer PRIMARY KEY, name text); CREATE VIEW named AS SELECT name FROM items;";
    await a.query(schema);
    await b.query(`${schema} ALTER TABLE items ADD COLUMN price numeric;`);
  });
  afterAll(async () => {
    await Promise.all([a.drop(), b.drop()]);
  });

  it("reads the second database while the first one's read is held up", async () => {
    const locker = new Client({ connectionString: a.url });
    await locker.connect();
    const observer = new Client({ connectionString: a.url });
    await observer.connect();
    let running: Promise<unknown> | null = null;
    try {
      await locker.query("BEGIN; LOCK TABLE named IN ACCESS EXCLUSIVE MODE");
      running = diff(a.url, b.url);
      running.catch(() => undefined);
      // A's introspection is waiting for the lock ...
      const waiting = await waitFor(async () => {
        const { rows } = await observer.query(
          "SELECT pid FROM pg_stat_activity WHERE datname = $1 AND wait_event_type = 'Lock' AND pid <> $2",
          [a.name, (await locker.query("SELECT pg_backend_pid() AS pid")).rows[0].pid],
        );
        return rows.length > 0 ? rows[0].pid : null;
      }, 20_000);
      expect(waiting).not.toBeNull();
      // ... and B's is read meanwhile: its backend has run the catalog queries (the read ends with a ROLLBACK
      // of its read-only transaction; before it, B's connection has only been opened).
      const readB = await waitFor(async () => {
        const { rows } = await observer.query<{ query: string }>(
          "SELECT query FROM pg_stat_activity WHERE datname = $1 AND backend_type = 'client backend'",
          [b.name],
        );
        return rows.some((row) => /pg_catalog|ROLLBACK|pg_class|pg_attribute/.test(row.query)) ? rows : null;
      }, 20_000);
      expect(readB).not.toBeNull();
    } finally {
      await locker.query("ROLLBACK");
      await locker.end();
      await observer.end();
    }
    const result = (await running) as Awaited<ReturnType<typeof diff>>;
    expect(result.operations.map((op) => op.kind)).toEqual(["addColumn"]);
  });

  it("reports its phases: both catalogs read as one phase, then the comparison", async () => {
    const events: string[] = [];
    await diff(a.url, b.url, { onProgress: (event) => events.push(`${event.state} ${event.phase}`) });
    expect(events).toEqual(["start readingCatalog", "end readingCatalog", "start comparing", "end comparing"]);
  });
});
