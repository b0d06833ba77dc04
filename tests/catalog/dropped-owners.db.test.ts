/**
 * The owner of what an upgrade drops for good comes back with it in the downgrade. The downgrade runs in
 * another session than the upgrade, so the owner is read where the migration is generated (`autogen diff`
 * from a database URL here; autogenerate does the same) and written into the migration; on PostgreSQL 15,
 * each direction applied on a connection of its own, judged by pg_dump with owners.
 */
import { Client } from "pg";
import { diff } from "../../src/api/diff";
import type { Operation } from "../../src/ops/operation";
import { applyOperations } from "../support/apply";
import { pgDump } from "../support/pg-dump";
import { createTestDatabase } from "../support/test-db";
import { invertAll } from "../../src/ops/invert";
import { compileOperations } from "../../src/sql/compile";
import { ensureRoles } from "./catalog-round-trip";

const OWNER = "dropped_owner";

/** Diffs `before` against `after`, applies the upgrade and the downgrade: the dumps, with owners. */
async function dropAndBack(before: string, after: string) {
  await ensureRoles([OWNER]);
  const [a, b] = await Promise.all([createTestDatabase("dro_a"), createTestDatabase("dro_b")]);
  try {
    await Promise.all([a.query(before), b.query(after)]);
    const dump = () => pgDump(a.url, { owners: true });
    const original = dump();
    const { operations } = await diff(a.url, b.url);
    await applyOperations(a.url, operations);
    const upgraded = dump();
    await applyOperations(a.url, invertAll(operations));
    return { operations, original, upgraded, downgraded: dump(), target: pgDump(b.url, { owners: true }) };
  } finally {
    await Promise.all([a.drop(), b.drop()]);
  }
}

const remembered = (operations: readonly Operation[]) =>
  operations.flatMap((op) => (op.kind === "keepOwner" ? [`${op.stage} ${op.object.kind} ${op.object.name} ${op.owner ?? "-"}`] : []));

describe("what an upgrade drops for good comes back with its owner", () => {
  it("a table, a view and a function owned by another role than the one generating", async () => {
    const objects =
      `CREATE TABLE orders (id int); CREATE VIEW recent AS SELECT id FROM orders; ` +
      `CREATE FUNCTION total(a int) RETURNS int LANGUAGE sql AS 'SELECT a'; ` +
      `ALTER TABLE orders OWNER TO ${OWNER}; ALTER VIEW recent OWNER TO ${OWNER}; ALTER FUNCTION total(int) OWNER TO ${OWNER};`;
    const result = await dropAndBack(`CREATE TABLE keep (id int); ${objects}`, "CREATE TABLE keep (id int);");
    expect(remembered(result.operations)).toEqual([
      `remember function total ${OWNER}`,
      `remember table orders ${OWNER}`,
      `remember view recent ${OWNER}`,
    ]);
    expect(result.upgraded).toEqual(result.target);
    expect(result.downgraded).toEqual(result.original);
  });

  it("an enum, a domain and a free-standing sequence; a serial column's sequence takes its table's", async () => {
    // PostgreSQL refuses a sequence a column owns another owner than its table's: ALTER TABLE ... OWNER TO
    // gives it the table's, so it gets no owner of its own written.
    const objects =
      `CREATE TYPE mood AS ENUM ('a'); CREATE DOMAIN positive AS int; CREATE SEQUENCE counter; CREATE TABLE orders (id serial); ` +
      `ALTER TYPE mood OWNER TO ${OWNER}; ALTER DOMAIN positive OWNER TO ${OWNER}; ALTER SEQUENCE counter OWNER TO ${OWNER}; ` +
      `ALTER TABLE orders OWNER TO ${OWNER};`;
    const result = await dropAndBack(`CREATE TABLE keep (id int); ${objects}`, "CREATE TABLE keep (id int);");
    expect(remembered(result.operations)).toEqual([
      `remember domain positive ${OWNER}`,
      `remember sequence counter ${OWNER}`,
      `remember table orders ${OWNER}`,
      `remember type mood ${OWNER}`,
    ]);
    expect(result.upgraded).toEqual(result.target);
    expect(result.downgraded).toEqual(result.original);
  });

  it("an object owned by the role generating the migration gets no owner written: the running role keeps it", async () => {
    const result = await dropAndBack("CREATE TABLE keep (id int); CREATE TABLE orders (id int);", "CREATE TABLE keep (id int);");
    expect(remembered(result.operations)).toEqual([]);
    expect(result.downgraded).toEqual(result.original);
  });

  it("a table dropped and created again keeps its session-read owner, without one written", async () => {
    const table = (key: string) => `CREATE TABLE p (id int, d date) PARTITION BY RANGE (${key}); ALTER TABLE p OWNER TO ${OWNER};`;
    const result = await dropAndBack(table("id"), table("d"));
    expect(remembered(result.operations)).toEqual(["remember table p -", "restore table p -"]);
    expect(result.upgraded).toEqual(result.target);
    expect(result.downgraded).toEqual(result.original);
  });
});

describe("the downgrade where the owner does not exist", () => {
  it("runs, and leaves the table to the role running it with a notice", async () => {
    const db = await createTestDatabase("dro_missing");
    try {
      const op: Operation = { kind: "keepOwner", object: { kind: "table", schema: "public", name: "orders" }, stage: "restore", owner: "no_such_role_here" };
      const [restore] = compileOperations([op]);
      await db.query("CREATE TABLE orders (id int);");
      const client = new Client({ connectionString: db.url });
      await client.connect();
      const notices: string[] = [];
      try {
        client.on("notice", (notice) => notices.push(notice.message ?? ""));
        await client.query(restore!.sql);
      } finally {
        await client.end();
      }
      const [{ role }] = await db.query<{ role: string }>("SELECT current_user::text AS role");
      expect(notices).toEqual([
        `role no_such_role_here, the owner of "public"."orders" where the migration was generated, does not exist here: it stays with ${role}`,
      ]);
      expect(await db.query("SELECT pg_get_userbyid(relowner)::text AS owner FROM pg_class WHERE relname = 'orders'")).toEqual([{ owner: role }]);
    } finally {
      await db.drop();
    }
  });
});
