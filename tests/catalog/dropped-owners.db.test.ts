/**
 * The owner of what an upgrade drops for good comes back with it in the downgrade. The downgrade runs in
 * another session than the upgrade, so the owner is read where the migration is generated (`autogen diff`
 * from a database URL here; autogenerate does the same) and written into the migration; on PostgreSQL 15,
 * each direction applied on a connection of its own, judged by pg_dump with owners.
 *
 * The four cases share one pair of databases, a schema each, and assert on their schema's part of the
 * operations and of each dump; the whole is checked too (A dumps as B, then as A again; each operation one
 * case's). The owner role is the cluster's, the same for every case.
 */
import { Client } from "pg";
import { diff } from "../../src/api/diff";
import type { Operation } from "../../src/ops/operation";
import { applyOperations } from "../support/apply";
import { pgDumpBySchemaAsync } from "../support/pg-dump";
import { createTestDatabase } from "../support/test-db";
import { invertAll } from "../../src/ops/invert";
import { compileOperations } from "../../src/sql/compile";
import { ensureRoles, namesSchema } from "./catalog-round-trip";

const OWNER = "dropped_owner";

/** Diffs `before` against `after`, applies the upgrade and the downgrade: the dumps, with owners, and each schema's part. */
async function dropAndBack(before: string, after: string) {
  await ensureRoles([OWNER]);
  const [a, b] = await Promise.all([createTestDatabase("dro_a"), createTestDatabase("dro_b")]);
  try {
    await Promise.all([a.query(before), b.query(after)]);
    const dump = (url: string) => pgDumpBySchemaAsync(url, { owners: true });
    const original = await dump(a.url);
    const { operations } = await diff(a.url, b.url);
    await applyOperations(a.url, operations);
    const upgraded = await dump(a.url);
    await applyOperations(a.url, invertAll(operations));
    return { operations, original, upgraded, downgraded: await dump(a.url), target: await dump(b.url) };
  } finally {
    await Promise.all([a.drop(), b.drop()]);
  }
}

const remembered = (operations: readonly Operation[]) =>
  operations.flatMap((op) => (op.kind === "keepOwner" ? [`${op.stage} ${op.object.kind} ${op.object.name} ${op.owner ?? "-"}`] : []));

const KEEP = "CREATE TABLE keep (id int);";
const partitioned = (key: string) => `CREATE TABLE p (id int, d date) PARTITION BY RANGE (${key}); ALTER TABLE p OWNER TO ${OWNER};`;

/**
 * The cases, `before` and `after` each, in one pair of databases (the owner is one role of the cluster for
 * all), a schema each: each case's SQL runs with its schema as the search path.
 */
const CASES = {
  tableViewFunction: {
    before:
      `${KEEP} CREATE TABLE orders (id int); CREATE VIEW recent AS SELECT id FROM orders; ` +
      `CREATE FUNCTION total(a int) RETURNS int LANGUAGE sql AS 'SELECT a'; ` +
      `ALTER TABLE orders OWNER TO ${OWNER}; ALTER VIEW recent OWNER TO ${OWNER}; ALTER FUNCTION total(int) OWNER TO ${OWNER};`,
    after: KEEP,
  },
  // PostgreSQL refuses a sequence a column owns another owner than its table's: ALTER TABLE ... OWNER TO
  // gives it the table's, so it gets no owner of its own written.
  typesAndSequences: {
    before:
      `${KEEP} CREATE TYPE mood AS ENUM ('a'); CREATE DOMAIN positive AS int; CREATE SEQUENCE counter; CREATE TABLE orders (id serial); ` +
      `ALTER TYPE mood OWNER TO ${OWNER}; ALTER DOMAIN positive OWNER TO ${OWNER}; ALTER SEQUENCE counter OWNER TO ${OWNER}; ` +
      `ALTER TABLE orders OWNER TO ${OWNER};`,
    after: KEEP,
  },
  generatingRole: { before: `${KEEP} CREATE TABLE orders (id int);`, after: KEEP },
  createdAgain: { before: partitioned("id"), after: partitioned("d") },
};
type CaseName = keyof typeof CASES;
const names = Object.keys(CASES) as CaseName[];
const schemaOf = (name: CaseName) => `owners_case_${names.indexOf(name)}`;
const side = (which: "before" | "after") =>
  names.map((name) => `CREATE SCHEMA ${schemaOf(name)}; SET search_path = ${schemaOf(name)}; ${CASES[name][which]}`).join("\n") + "\nRESET search_path;";

let shared: ReturnType<typeof dropAndBack> | null = null;
const whole = () => (shared ??= dropAndBack(side("before"), side("after")));

/** A case's part of the shared run: the operations naming its schema (in their order), and its schema's part of each dump. */
async function of(name: CaseName) {
  const result = await whole();
  const schema = schemaOf(name);
  return {
    operations: result.operations.filter((op) => namesSchema(JSON.stringify(op), schema)),
    original: result.original.schemas[schema],
    upgraded: result.upgraded.schemas[schema],
    downgraded: result.downgraded.schemas[schema],
    target: result.target.schemas[schema],
  };
}

describe("what an upgrade drops for good comes back with its owner", () => {
  it(`in one run (${names.join("; ")}): A dumps as B and then as A again; each operation is one case's`, async () => {
    const result = await whole();
    expect(result.upgraded.whole).toEqual(result.target.whole);
    expect(result.downgraded.whole).toEqual(result.original.whole);
    const schemas = names.map(schemaOf);
    expect(result.operations.filter((op) => schemas.filter((schema) => namesSchema(JSON.stringify(op), schema)).length !== 1)).toEqual([]);
    for (const schema of schemas) expect(result.original.schemas[schema]).toContain(`CREATE SCHEMA ${schema};`);
  });

  it("a table, a view and a function owned by another role than the one generating", async () => {
    const result = await of("tableViewFunction");
    expect(remembered(result.operations)).toEqual([
      `remember function total ${OWNER}`,
      `remember table orders ${OWNER}`,
      `remember view recent ${OWNER}`,
    ]);
    expect(result.upgraded).toEqual(result.target);
    expect(result.downgraded).toEqual(result.original);
  });

  it("an enum, a domain and a free-standing sequence; a serial column's sequence takes its table's", async () => {
    const result = await of("typesAndSequences");
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
    const result = await of("generatingRole");
    expect(remembered(result.operations)).toEqual([]);
    expect(result.downgraded).toEqual(result.original);
  });

  it("a table dropped and created again keeps its session-read owner, without one written", async () => {
    const result = await of("createdAgain");
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
