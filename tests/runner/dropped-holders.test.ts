/**
 * The pre-check of dropped tables knew foreign keys, views and rules only: an inheritance child, a column
 * or composite type attribute of the table's row type, a function of it, a default using its sequence,
 * a policy or a view reading one of its partitions let the run through, and PostgreSQL then refused the
 * DROP TABLE halfway. The holders are now whatever PostgreSQL 15 refuses a DROP TABLE without CASCADE
 * for; partitions still go with their table.
 */
import type { Database } from "../../src/db/database";
import { migrate } from "../../src/runner/runner";
import { DroppedTableHeldError } from "../../src/runner/runner-errors";
import { createTestDatabase, type TestDatabase } from "../support/test-db";
import { connect, loadMigrations, removeMigrationDirs, tableNames, versionRows, writeMigrations, type MigrationSpec } from "./support/migrations";

const ACCOUNTS: MigrationSpec = {
  id: "a1",
  down: null,
  upgrade: `await op.createTable("accounts", { columns: [{ name: "id", type: "integer", nullable: false }], primaryKey: { name: "accounts_pkey", columns: ["id"] } });`,
};

let testDb: TestDatabase;
let db: Database;

beforeEach(async () => {
  testDb = await createTestDatabase("rundropholders");
  db = await connect(testDb.url);
  await run([ACCOUNTS]);
});

afterEach(async () => {
  await db.close();
  await testDb.drop();
  removeMigrationDirs();
});

async function run(specs: readonly MigrationSpec[]) {
  const { graph, modules } = await loadMigrations(writeMigrations(specs));
  return migrate(db, { graph, modules, direction: "up", target: "head" });
}

/** a1, b2 creating a table, then c3 running `removal` (if any) and dropping accounts. */
const dropsAccounts = (removal = ""): MigrationSpec[] => [
  ACCOUNTS,
  { id: "b2", down: "a1", upgrade: `await op.createTable("extra", { columns: [{ name: "id", type: "integer" }] });` },
  { id: "c3", down: "b2", upgrade: `${removal}\nawait op.dropTable("accounts");` },
];

/** The holders named by the refusal of the run, which ran nothing. */
async function holders(work: Promise<unknown>): Promise<string[]> {
  const error = await work.then(() => null, (e: unknown) => e);
  expect(error).toBeInstanceOf(DroppedTableHeldError);
  expect((error as Error).message).toContain('which migration "c3" (');
  expect(await versionRows(db)).toEqual(["a1"]);
  expect(await tableNames(db)).not.toContain("extra");
  return (error as DroppedTableHeldError).holds.map((h) => h.holder);
}

async function runs(work: Promise<{ error?: unknown }>): Promise<void> {
  expect((await work).error).toBeUndefined();
  expect(await versionRows(db)).toEqual(["c3"]);
  expect(await tableNames(db)).not.toContain("accounts");
}

describe("an inheritance child", () => {
  beforeEach(async () => {
    await db.query("CREATE TABLE vip_accounts (level int) INHERITS (accounts)");
  });

  it.each([
    ["dropping the child", `await op.dropTable("vip_accounts");`],
    ["a typed dropInheritance", `await op.dropInheritance("vip_accounts", "accounts");`],
    ["raw NO INHERIT", `await op.execute("ALTER TABLE vip_accounts NO INHERIT accounts");`],
  ])("holds its parent, until the run removes it by %s", async (_, removal) => {
    expect(await holders(run(dropsAccounts()))).toEqual(["table public.vip_accounts inherits from public.accounts"]);
    await runs(run(dropsAccounts(removal)));
  });
});

describe("a partitioned table", () => {
  // Partitions (and a sub-partition) go with the table; what reads one of them holds the table.
  it("is held by a view or a foreign key on one of its partitions, and not by the partitions", async () => {
    await db.exec(
      "CREATE TABLE events (id int PRIMARY KEY) PARTITION BY RANGE (id);" +
        "CREATE TABLE events_1 PARTITION OF events FOR VALUES FROM (0) TO (100);" +
        "CREATE TABLE events_2 PARTITION OF events FOR VALUES FROM (100) TO (200) PARTITION BY RANGE (id);" +
        "CREATE TABLE events_2a PARTITION OF events_2 FOR VALUES FROM (100) TO (150);" +
        "CREATE VIEW recent_events AS SELECT id FROM events_2a;" +
        "CREATE TABLE marks (event_id int REFERENCES events_1 (id))",
    );
    const drops: MigrationSpec = { id: "b2", down: "a1", upgrade: `await op.dropTable("events");` };
    const error = await run([ACCOUNTS, drops]).then(() => null, (e: unknown) => e);
    expect(error).toBeInstanceOf(DroppedTableHeldError);
    expect((error as DroppedTableHeldError).holds.map((h) => h.holder)).toEqual([
      "foreign key marks_event_id_fkey of public.marks references public.events",
      "view public.recent_events reads public.events",
    ]);
    await db.exec("DROP VIEW recent_events; DROP TABLE marks");
    expect((await run([ACCOUNTS, drops])).error).toBeUndefined();
    expect(await tableNames(db)).toEqual(["accounts", "autogen_checksums", "autogen_version"]);
  });
});

describe("a holder that goes with another drop", () => {
  beforeEach(async () => {
    await db.exec("CREATE TABLE notes (account_id int REFERENCES accounts (id))");
  });

  // One DROP TABLE of both is one deletion: the key goes with its table; two statements in that order are refused.
  it("runs a raw DROP TABLE naming the table and the holder's table together", async () => {
    expect(await holders(run(dropsAccounts(`await op.execute("DROP TABLE accounts; DROP TABLE notes");`)))).toEqual([
      "foreign key notes_account_id_fkey of public.notes references public.accounts",
    ]);
    const together: MigrationSpec[] = [...dropsAccounts().slice(0, 2), { id: "c3", down: "b2", upgrade: `await op.execute("DROP TABLE accounts, notes");` }];
    expect((await run(together)).error).toBeUndefined();
    expect(await tableNames(db)).toEqual(["autogen_checksums", "autogen_version", "extra"]);
  });

  // A partition's own key (not a copy of its parent's) goes with the partitioned table.
  it("runs once the run drops the partitioned table of the partition whose key holds the table", async () => {
    await db.exec(
      "CREATE TABLE logs (id int, account_id int) PARTITION BY RANGE (id);" +
        "CREATE TABLE logs_1 PARTITION OF logs FOR VALUES FROM (0) TO (10);" +
        "ALTER TABLE logs_1 ADD CONSTRAINT logs_1_account FOREIGN KEY (account_id) REFERENCES accounts (id);" +
        "DROP TABLE notes",
    );
    expect(await holders(run(dropsAccounts()))).toEqual(["foreign key logs_1_account of public.logs_1 references public.accounts"]);
    await runs(run(dropsAccounts(`await op.dropTable("logs");`)));
  });
});

describe("a user of the table's row type", () => {
  it.each([
    ["a column", "CREATE TABLE snapshots (id int, account accounts)", ["column account of public.snapshots is of the row type of public.accounts"], `await op.dropColumn("snapshots", "account");`],
    ["an array column", "CREATE TABLE batches (members accounts[])", ["column members of public.batches is an array of the row type of public.accounts"], `await op.alterColumn("batches", "members", { type: "integer[]" }, { using: "NULL" });`],
    [
      "a composite type",
      "CREATE TYPE account_pair AS (a accounts, b int)",
      ["attribute a of composite type public.account_pair is of the row type of public.accounts"],
      `await op.execute("DROP TYPE account_pair");`,
    ],
    [
      "a function",
      "CREATE FUNCTION account_label(a accounts) RETURNS text LANGUAGE sql AS 'SELECT $1.id::text'",
      ["function public.account_label(a accounts) uses public.accounts"],
      `await op.dropFunction("account_label", "a accounts");`,
    ],
    ["a domain", "CREATE DOMAIN known_account AS accounts", ["domain public.known_account is over public.accounts"], `await op.dropDomain("known_account");`],
    [
      "a default using its sequence",
      "ALTER TABLE accounts ALTER id ADD GENERATED BY DEFAULT AS IDENTITY; CREATE TABLE tickets (n int DEFAULT nextval('accounts_id_seq'))",
      ["the default of column n of public.tickets uses public.accounts"],
      `await op.dropTable("tickets");`,
    ],
  ])("%s holds it, until a migration before the drop removes it", async (_, sql, named, removal) => {
    await db.exec(sql);
    expect(await holders(run(dropsAccounts()))).toEqual(named);
    await runs(run(dropsAccounts(removal)));
  });

  it("names each holder of several, and runs once raw SQL removes them all first", async () => {
    await db.exec("CREATE TABLE snapshots (account accounts); CREATE TABLE t2 (id int); CREATE POLICY p ON t2 USING (EXISTS (SELECT FROM accounts))");
    expect(await holders(run(dropsAccounts()))).toEqual([
      "column account of public.snapshots is of the row type of public.accounts",
      "policy p on public.t2 reads public.accounts",
    ]);
    await runs(run(dropsAccounts(`await op.execute("DROP POLICY p ON t2; ALTER TABLE snapshots DROP COLUMN account");`)));
  });
});
