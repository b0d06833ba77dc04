/**
 * A table a migration drops while a foreign key, a view or a rule the migrations do not manage still
 * holds on to it: PostgreSQL refused the DROP TABLE halfway through the run, after the migrations before
 * it had been committed. The runner now refuses the run before its first statement, naming what holds
 * the table and the migration that drops it, on PostgreSQL 15; and runs it when a migration of the same
 * run removes the holder first, whether by a typed op or raw SQL.
 */
import type { Database } from "../../src/db/database";
import { migrate } from "../../src/runner/runner";
import { DroppedTableHeldError } from "../../src/runner/runner-errors";
import { createTestDatabase, type TestDatabase } from "../support/test-db";
import {
  connect,
  loadMigrations,
  removeMigrationDirs,
  tableNames,
  versionRows,
  writeMigrations,
  type MigrationSpec,
} from "./support/migrations";

const ACCOUNTS: MigrationSpec = {
  id: "a1",
  down: null,
  upgrade: `await op.createTable("accounts", { columns: [{ name: "id", type: "integer", nullable: false }], primaryKey: { name: "accounts_pkey", columns: ["id"] } });`,
  downgrade: `await op.dropTable("accounts");`,
};

/** Made by hand after a1, as years of history do. */
const NOTES = "CREATE TABLE notes (id int, account_id int REFERENCES accounts (id), body text)";
const FK = "notes_account_id_fkey";

let testDb: TestDatabase;
let db: Database;

beforeEach(async () => {
  testDb = await createTestDatabase("rundropheld");
  db = await connect(testDb.url);
});

afterEach(async () => {
  await db.close();
  await testDb.drop();
  removeMigrationDirs();
});

async function run(specs: readonly MigrationSpec[], direction: "up" | "down", target: string) {
  const { graph, modules } = await loadMigrations(writeMigrations(specs));
  return migrate(db, { graph, modules, direction, target });
}

/** The error `work` was refused with. */
async function refusal(work: Promise<unknown>): Promise<DroppedTableHeldError> {
  const error = await work.then(() => null, (e: unknown) => e);
  expect(error).toBeInstanceOf(DroppedTableHeldError);
  return error as DroppedTableHeldError;
}

const before = (upgrade: string): MigrationSpec => ({ id: "b2", down: "a1", upgrade });
const created = (name: string): string => `await op.createTable(${JSON.stringify(name)}, { columns: [{ name: "id", type: "integer" }] });`;

describe("a table a foreign key holds", () => {
  beforeEach(async () => {
    await run([ACCOUNTS], "up", "head");
    await db.query(NOTES);
  });

  // The key dropped after the table (in the same migration) is no help: PostgreSQL refuses at the DROP TABLE.
  it.each([
    ["dropping the key", `await op.dropConstraint("notes", "${FK}");`],
    ["dropping its column", `await op.dropColumn("notes", "account_id");`],
    ["dropping its table", `await op.dropTable("notes");`],
    ["dropping its table renamed", `await op.renameTable("notes", "old_notes");\nawait op.dropTable("old_notes");`],
    ["raw SQL dropping the key", `await op.execute("ALTER TABLE notes DROP CONSTRAINT ${FK}");`],
  ])("refuses an upgrade before its first migration runs, and runs it once a migration before the drop removes the key by %s", async (_, removal) => {
    const refused = await refusal(run([ACCOUNTS, before(created("extra")), { id: "c3", down: "b2", upgrade: `await op.dropTable("accounts");\n${removal}` }], "up", "head"));
    expect(refused.message).toContain(`The upgrade was not run: foreign key ${FK} of public.notes references public.accounts, which migration "c3" (`);
    expect(refused.message).toContain('Nothing was applied: the database is still at revision(s) "a1".');
    expect(await versionRows(db)).toEqual(["a1"]);
    expect(await tableNames(db)).toEqual(["accounts", "autogen_checksums", "autogen_version", "notes"]);

    const result = await run([ACCOUNTS, before(`${created("extra")}\n${removal}`), { id: "c3", down: "b2", upgrade: `await op.dropTable("accounts");` }], "up", "head");
    expect(result.error).toBeUndefined();
    expect(await versionRows(db)).toEqual(["c3"]);
    expect(await tableNames(db)).not.toContain("accounts");
  });

  it("names the table as the catalog does and as the migration that drops it after a rename does", async () => {
    const renamed: MigrationSpec = { id: "b2", down: "a1", upgrade: `await op.renameTable("accounts", "clients");`, downgrade: `await op.renameTable("clients", "accounts");` };
    const refused = await refusal(run([ACCOUNTS, renamed, { id: "c3", down: "b2", upgrade: `await op.dropTable("clients");` }], "up", "head"));
    expect(refused.message).toContain(`foreign key ${FK} of public.notes references public.accounts, which migration "c3" (`);
    expect(refused.message).toMatch(/ drops \(as public\.clients\), and no migration of the run removes it before\. /);
    expect(await tableNames(db)).toContain("accounts");
  });

  it("reads raw SQL: refuses its DROP TABLE, and runs its DROP TABLE ... CASCADE, which drops the key with it", async () => {
    const raw = (sql: string): MigrationSpec => ({ id: "b2", down: "a1", upgrade: `await op.execute(${JSON.stringify(sql)});` });
    const refused = await refusal(run([ACCOUNTS, raw("DROP TABLE accounts")], "up", "head"));
    expect(refused.message).toContain(`foreign key ${FK} of public.notes references public.accounts, which migration "b2" (`);
    expect(await versionRows(db)).toEqual(["a1"]);

    expect((await run([ACCOUNTS, raw("DROP TABLE accounts CASCADE")], "up", "head")).error).toBeUndefined();
    expect(await tableNames(db)).toEqual(["autogen_checksums", "autogen_version", "notes"]);
  });

  // What comes after op.inspect() or a DO block building its SQL is not known before the run: left to PostgreSQL.
  it("refuses a drop before op.inspect() or SQL built at run time, and not one after them", async () => {
    const inspects = `await op.inspect();`;
    const built = `await op.execute("DO $$ BEGIN EXECUTE 'ALTER TABLE notes DROP CONSTRAINT ' || quote_ident('${FK}'); END $$");`;
    for (const unknown of [inspects, built]) {
      await refusal(run([ACCOUNTS, { id: "b2", down: "a1", upgrade: `await op.dropTable("accounts");\n${unknown}` }], "up", "head"));
    }
    const failed = await run([ACCOUNTS, before(inspects), { id: "c3", down: "b2", upgrade: `await op.dropTable("accounts");` }], "up", "head");
    expect(failed.error?.message).toContain(`Detail: constraint ${FK} on table notes depends on table accounts`);
    expect(await versionRows(db)).toEqual(["b2"]);
    expect((await run([ACCOUNTS, before(inspects), { id: "c3", down: "b2", upgrade: `${built}\nawait op.dropTable("accounts");` }], "up", "head")).error).toBeUndefined();
    expect(await versionRows(db)).toEqual(["c3"]);
  });
});

describe("a table a view holds", () => {
  const renamed: MigrationSpec = { id: "b2", down: "a1", upgrade: `await op.renameTable("accounts", "clients");`, downgrade: "" };

  // Downgrading to base: b2's downgrade runs first, a1's drops the table the view reads.
  it("refuses downgrade base naming the view and the table, and runs it once the run drops the view first", async () => {
    await run([ACCOUNTS, renamed], "up", "head");
    await db.query("CREATE VIEW client_ids AS SELECT id FROM clients");
    await db.query("CREATE MATERIALIZED VIEW client_count AS SELECT count(*) FROM clients");
    const refused = await refusal(run([ACCOUNTS, { ...renamed, downgrade: `await op.renameTable("clients", "accounts");` }], "down", "base"));
    expect(refused.message).toContain('The downgrade was not run: materialized view public.client_count reads public.clients, which migration "a1" (');
    expect(refused.message).toContain('; view public.client_ids reads public.clients, which migration "a1" (');
    expect(refused.message).toContain('Nothing was applied: the database is still at revision(s) "b2".');
    expect(await versionRows(db)).toEqual(["b2"]);
    expect(await tableNames(db)).toContain("clients");

    const dropsViews = `await op.execute("DROP VIEW client_ids");\nawait op.dropView("client_count", { materialized: true });\nawait op.renameTable("clients", "accounts");`;
    expect((await run([ACCOUNTS, { ...renamed, downgrade: dropsViews }], "down", "base")).error).toBeUndefined();
    expect(await tableNames(db)).toEqual(["autogen_checksums", "autogen_version"]);
  });
});

describe("a view replaced by raw SQL", () => {
  // CREATE OR REPLACE VIEW that no longer reads the table: the DROP TABLE after it runs; it was refused.
  it("no longer holds the table it read: the run goes ahead", async () => {
    await run([ACCOUNTS], "up", "head");
    await db.query("CREATE VIEW account_ids AS SELECT id FROM accounts");
    const upgrade = `await op.execute("CREATE OR REPLACE VIEW account_ids AS SELECT 1 AS id");\nawait op.dropTable("accounts");`;
    const result = await run([ACCOUNTS, { id: "b2", down: "a1", upgrade }], "up", "head");
    expect(result.error).toBeUndefined();
    expect(await versionRows(db)).toEqual(["b2"]);
    expect(await tableNames(db)).toEqual(["autogen_checksums", "autogen_version"]);
  });
});

describe("what goes with the table", () => {
  const EVENTS: MigrationSpec = {
    id: "a1",
    down: null,
    upgrade: `await op.execute("CREATE TABLE events (id int PRIMARY KEY, parent_id int) PARTITION BY RANGE (id)");`,
    downgrade: `await op.dropTable("events");`,
  };

  // Its own key into itself and a partition's key into it go with it; a rule of another table reading it does not.
  it("names only a rule of another table, and runs once the run drops the rule first", async () => {
    await run([EVENTS], "up", "head");
    await db.query("CREATE TABLE events_1 PARTITION OF events FOR VALUES FROM (0) TO (100)");
    await db.query("ALTER TABLE events ADD CONSTRAINT events_parent FOREIGN KEY (parent_id) REFERENCES events (id)");
    await db.query("ALTER TABLE events_1 ADD CONSTRAINT events_1_parent FOREIGN KEY (parent_id) REFERENCES events (id)");
    await db.query("CREATE TABLE audit (id int)");
    await db.query("CREATE RULE audit_events AS ON INSERT TO audit DO ALSO SELECT count(*) FROM events");
    const refused = await refusal(run([EVENTS], "down", "base"));
    expect(refused.holds.map((h) => h.holder)).toEqual(["rule audit_events on public.audit reads public.events"]);

    expect((await run([{ ...EVENTS, downgrade: `await op.dropRule("audit", "audit_events");\n${EVENTS.downgrade}` }], "down", "base")).error).toBeUndefined();
    expect(await tableNames(db)).toEqual(["audit", "autogen_checksums", "autogen_version"]);
  });
});
