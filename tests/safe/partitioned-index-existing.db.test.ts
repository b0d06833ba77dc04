/**
 * `op.createPartitionedIndex` finding an index under a name it gives (PostgreSQL 15): the table's index
 * name, or `<partition>_<index>` on a partition, taken before it runs. Its own leftovers (the index `ON
 * ONLY` the table from a failed run, a partition's index built but not attached) are taken and the step
 * ends with the whole tree valid and attached. Anything else under those names (an index of another
 * definition on the table, on a partition or on a sub-partitioned partition, an index of another table, a
 * table, a partition's index attached to another index, an INVALID index of another definition) stops the
 * step before it builds, drops or attaches anything, with one message naming the index, its table and
 * both definitions, online and in the `upgrade --sql` script run by psql; the index found is left as it
 * was, and once it is out of the way the step runs to the end. The check of the table's index takes
 * its own one whose definition holds a backslash in a session where `standard_conforming_strings` is off.
 */
import { execFileSync } from "node:child_process";
import path from "node:path";
import { Client } from "pg";
import { openProject, type Project } from "../../src/api/project";
import { downgrade, upgrade } from "../../src/api/migrate";
import { clientBin } from "../support/pg-cluster";
import { createTestDatabase, type TestDatabase } from "../support/test-db";
import { cli, tempProject } from "../cli/cli-support";
import { EV_CODE_INDEX_MIGRATION as INDEX, writeAsJavaScript } from "./lock-safe-support";
import { operationBuilders as b } from "../../src/ops/builders";
import { compileOperation } from "../../src/sql/compile";

const BASE = `export const revision = "base0";
export const downRevision = null;
export async function upgrade(op: any): Promise<void> {
  await op.execute("CREATE TABLE ev (id integer NOT NULL, day date NOT NULL, kind integer NOT NULL, code text) PARTITION BY RANGE (day)");
  await op.execute("CREATE TABLE ev_a PARTITION OF ev FOR VALUES FROM ('2024-01-01') TO ('2025-01-01')");
  await op.execute("CREATE TABLE ev_b PARTITION OF ev FOR VALUES FROM ('2025-01-01') TO ('2026-01-01') PARTITION BY LIST (kind)");
  await op.execute("CREATE TABLE ev_b_low PARTITION OF ev_b FOR VALUES IN (1, 2, 3)");
  await op.execute("CREATE TABLE ev_b_rest PARTITION OF ev_b DEFAULT");
  await op.execute("CREATE TABLE other (code text)");
  await op.execute("INSERT INTO ev SELECT g, date '2024-01-01' + g % 700, 1 + g % 5, 'c' || g FROM generate_series(1, 2000) g");
}
export async function downgrade(): Promise<void> {}
`;

/** Every index whose name holds `ev_code_idx`, with its table, validity and the index it is attached to. */
async function indexes(db: TestDatabase): Promise<string[]> {
  const rows: { line: string }[] = await db.query(
    "SELECT format('%s on %s%s%s', c.relname, x.indrelid::regclass, CASE WHEN x.indisvalid THEN '' ELSE ' INVALID' END, " +
      "coalesce(' attached to ' || h.inhparent::regclass::text, '')) AS line " +
      "FROM pg_class c JOIN pg_index x ON x.indexrelid = c.oid LEFT JOIN pg_inherits h ON h.inhrelid = c.oid " +
      "WHERE c.relname LIKE '%ev_code_idx%' ORDER BY 1",
  );
  return rows.map((r) => r.line);
}

/** The tree when the step has run to the end. */
const BUILT = [
  "ev_a_ev_code_idx on ev_a attached to ev_code_idx",
  "ev_b_ev_code_idx on ev_b attached to ev_code_idx",
  "ev_b_low_ev_code_idx on ev_b_low attached to ev_b_ev_code_idx",
  "ev_b_rest_ev_code_idx on ev_b_rest attached to ev_b_ev_code_idx",
  "ev_code_idx on ev",
];

const HINT = "drop or rename that index (or give the migration's index another name), then run the step again: the index found is left as it is";

describe("createPartitionedIndex and an index already under a name it gives (PostgreSQL 15)", () => {
  let db: TestDatabase;
  let project: Project;
  let dir: string;
  beforeAll(async () => {
    db = await createTestDatabase("pidxold");
    dir = tempProject({ "autogen.config.json": JSON.stringify({ migrations: "migrations", databaseUrl: db.url }) });
    writeAsJavaScript(path.join(dir, "migrations", "base0.ts"), BASE);
    writeAsJavaScript(path.join(dir, "migrations", "idx1.ts"), INDEX);
    project = await openProject({ cwd: dir, logger: { info: () => undefined, warn: () => undefined } });
    const base = await upgrade(project, "base0");
    expect(base.mode === "online" && base.result.error?.message).toBeFalsy();
  });
  afterAll(async () => {
    await db.drop();
  });
  afterEach(async () => {
    const down = await downgrade(project, "base0");
    expect(down.mode === "online" && down.result.error?.message).toBeFalsy();
    await db.query("DROP INDEX IF EXISTS ev_code_idx, ev_a_ev_code_idx, ev_b_ev_code_idx, ev_b_low_ev_code_idx, other_code_idx");
    await db.query("DROP TABLE IF EXISTS ev_b_rest_ev_code_idx");
  });

  /** The step's error, or null when it ran to the end. */
  const run = async (): Promise<string | null> => {
    const outcome = await upgrade(project, "idx1");
    if (outcome.mode !== "online") throw new Error("unreachable");
    return outcome.result.error === undefined ? null : `${outcome.result.error.message}`;
  };
  /**
   * Runs the step with `setup` done first: it stops with `message`, having built, dropped and attached
   * nothing (`untouched`, and the index ON ONLY the table when the name taken is a partition's: the
   * step's own, which the next run takes), then runs to the end once `clear` is done.
   */
  const refused = async (setup: string, message: string, clear: string, untouched: string[]): Promise<void> => {
    await db.query(setup);
    const before = await indexes(db);
    expect(before).toEqual(untouched);
    const error = await run();
    expect(error).toContain(message);
    expect(error).toContain(HINT);
    const onOnly = message.includes("the index of a partition") || message.startsWith("  public.") ? ["ev_code_idx on ev INVALID"] : [];
    expect(await indexes(db)).toEqual([...before, ...onOnly].sort());
    await db.query(clear);
    expect(await run()).toBeNull();
    expect(await indexes(db)).toEqual(BUILT);
  };

  it("takes its own index ON ONLY the table and a partition's index built but not attached, and ends with the tree valid", async () => {
    await db.query("CREATE INDEX ev_code_idx ON ONLY ev (code); CREATE INDEX ev_a_ev_code_idx ON ev_a (code)");
    const [{ oid }] = await db.query("SELECT 'ev_a_ev_code_idx'::regclass::oid AS oid");
    expect(await run()).toBeNull();
    expect(await indexes(db)).toEqual(BUILT);
    expect(await db.query("SELECT 'ev_a_ev_code_idx'::regclass::oid AS oid")).toEqual([{ oid }]);
  });

  it("takes its own index whose definition holds a backslash, run where standard_conforming_strings is off", async () => {
    // A raw session with the setting off (pg-autogen's own sessions set it on): the check alone.
    const [check] = compileOperation(b.createPartitionedIndex("ev", { name: "ev_code_idx", keys: ["code"], where: "code <> 'a\\b'" }));
    expect(check!.sql).toMatch(/^DO /);
    await db.query("CREATE INDEX ev_code_idx ON ONLY ev (code) WHERE code <> 'a\\b'");
    const raw = new Client({ connectionString: db.url });
    await raw.connect();
    try {
      await raw.query("SET standard_conforming_strings = off; SET escape_string_warning = off");
      await raw.query(check!.sql);
    } finally {
      await raw.end();
    }
  });

  it("refuses an index of another definition under the table's index name", async () => {
    await refused(
      "CREATE INDEX ev_code_idx ON ONLY ev (kind)",
      '"public"."ev_code_idx" already exists and is not the index this step builds on "public"."ev": its definition is another\n' +
        "  it is:  CREATE INDEX ev_code_idx ON ONLY public.ev USING btree (kind)\n" +
        "  wanted: CREATE INDEX ev_code_idx ON ONLY public.ev USING btree (code)",
      "DROP INDEX ev_code_idx",
      ["ev_code_idx on ev INVALID"],
    );
  });

  it("refuses a unique index of the same keys under the table's index name", async () => {
    await refused(
      "CREATE UNIQUE INDEX ev_code_idx ON ONLY ev (code, day)",
      "  it is:  CREATE UNIQUE INDEX ev_code_idx ON ONLY public.ev USING btree (code, day)\n" +
        "  wanted: CREATE INDEX ev_code_idx ON ONLY public.ev USING btree (code)",
      "DROP INDEX ev_code_idx",
      ["ev_code_idx on ev INVALID"],
    );
  });

  it("refuses the table's index name taken by an index of another table", async () => {
    await refused(
      "CREATE INDEX ev_code_idx ON other (code)",
      '"public"."ev_code_idx" already exists and is not the index this step builds on "public"."ev": it is not an index on that table\n' +
        "  it is:  CREATE INDEX ev_code_idx ON public.other USING btree (code)\n",
      "DROP INDEX ev_code_idx",
      ["ev_code_idx on other"],
    );
  });

  it("refuses a partition's index of another definition under the name it gives it, before building any", async () => {
    await refused(
      "CREATE INDEX ev_b_low_ev_code_idx ON ev_b_low (lower(code))",
      'index "public"."ev_code_idx" on "public"."ev": the name this step gives the index of a partition is taken there by another relation, left as it is:\n' +
        "  public.ev_b_low_ev_code_idx on public.ev_b_low: its definition is another\n" +
        "    it is:  CREATE INDEX ev_b_low_ev_code_idx ON public.ev_b_low USING btree (lower(code))\n" +
        "    wanted: CREATE INDEX ev_b_low_ev_code_idx ON public.ev_b_low USING btree (code)",
      "DROP INDEX ev_b_low_ev_code_idx",
      ["ev_b_low_ev_code_idx on ev_b_low"],
    );
  });

  it("refuses a sub-partitioned partition's index of another definition", async () => {
    await refused(
      "CREATE INDEX ev_b_ev_code_idx ON ONLY ev_b (code) WHERE kind > 1",
      "  public.ev_b_ev_code_idx on public.ev_b: its definition is another\n" +
        "    it is:  CREATE INDEX ev_b_ev_code_idx ON ONLY public.ev_b USING btree (code) WHERE (kind > 1)\n" +
        "    wanted: CREATE INDEX ev_b_ev_code_idx ON ONLY public.ev_b USING btree (code)",
      "DROP INDEX ev_b_ev_code_idx",
      ["ev_b_ev_code_idx on ev_b INVALID"],
    );
  });

  it("refuses a partition's index name taken by a table, and a partition's index attached to another index", async () => {
    await refused(
      "CREATE TABLE ev_b_rest_ev_code_idx (id integer)",
      "  public.ev_b_rest_ev_code_idx on public.ev_b_rest: it is not an index on that table\n" +
        "    it is:  not an index\n" +
        "    wanted: CREATE INDEX ev_b_rest_ev_code_idx ON public.ev_b_rest USING btree (code)",
      "DROP TABLE ev_b_rest_ev_code_idx",
      [],
    );
    const down = await downgrade(project, "base0");
    expect(down.mode === "online" && down.result.error?.message).toBeFalsy();
    await refused(
      "CREATE INDEX other_code_idx ON ONLY ev (code); CREATE INDEX ev_a_ev_code_idx ON ev_a (code); ALTER INDEX other_code_idx ATTACH PARTITION ev_a_ev_code_idx",
      "  public.ev_a_ev_code_idx on public.ev_a: it is attached to another index\n",
      "DROP INDEX other_code_idx",
      ["ev_a_ev_code_idx on ev_a attached to other_code_idx"],
    );
  });

  it("refuses an INVALID partition's index of another definition (a failed build of someone else's), which it does not drop", async () => {
    await db.query("INSERT INTO ev VALUES (-1, '2024-02-01', 1, 'c1')");
    await expect(db.query("CREATE UNIQUE INDEX CONCURRENTLY ev_a_ev_code_idx ON ev_a (code)")).rejects.toThrow("could not create unique index");
    await db.query("DELETE FROM ev WHERE id = -1");
    await refused(
      "SELECT 1",
      "  public.ev_a_ev_code_idx on public.ev_a: its definition is another\n" +
        "    it is:  CREATE UNIQUE INDEX ev_a_ev_code_idx ON public.ev_a USING btree (code)\n",
      "DROP INDEX ev_a_ev_code_idx",
      ["ev_a_ev_code_idx on ev_a INVALID"],
    );
  });

  it("refuses in the upgrade --sql script too, run by psql", async () => {
    await db.query("CREATE INDEX ev_a_ev_code_idx ON ev_a (code DESC)");
    const printed = await cli(["upgrade", "base0:idx1", "--sql"], dir);
    expect(printed.code).toBe(0);
    let stderr = "";
    try {
      execFileSync(clientBin("psql"), ["-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", db.url], { input: printed.stdout, encoding: "utf8", stdio: ["pipe", "pipe", "pipe"] });
    } catch (error) {
      stderr = String((error as { stderr: string }).stderr);
    }
    expect(stderr).toContain(
      "  public.ev_a_ev_code_idx on public.ev_a: its definition is another\n" +
        "    it is:  CREATE INDEX ev_a_ev_code_idx ON public.ev_a USING btree (code DESC)\n" +
        "    wanted: CREATE INDEX ev_a_ev_code_idx ON public.ev_a USING btree (code)",
    );
    expect(await indexes(db)).toEqual(["ev_a_ev_code_idx on ev_a", "ev_code_idx on ev INVALID"]);
    await db.query("DROP INDEX ev_a_ev_code_idx");
    expect(await run()).toBeNull();
    expect(await indexes(db)).toEqual(BUILT);
  });
});
