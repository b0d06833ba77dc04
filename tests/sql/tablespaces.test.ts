/**
 * Tablespaces in the SQL of the ops that create a relation: `CREATE TABLE ... TABLESPACE`, `CREATE INDEX
 * ... TABLESPACE`, a key's or exclusion's `USING INDEX TABLESPACE` (in CREATE TABLE and in ADD
 * CONSTRAINT), `CREATE MATERIALIZED VIEW ... TABLESPACE`, and the index the lock-safe form builds for a
 * key. Run on PostgreSQL 15 with a tablespace of the test's own, and read back from pg_class; the inverse
 * of each drop puts the relation back in it.
 */
import { Client } from "pg";
import { invert } from "../../src/ops/invert";
import type { Operation } from "../../src/ops/operation";
import { compileOperation } from "../../src/sql/compile";
import { withIndexTablespace } from "../../src/sql/compile-constraints";
import { safeSteps } from "../../src/safe/safe-form";
import { column, exclusion, index, primaryKey, ref, table, unique, view } from "../support/model-builders";
import { createTablespace, tablespaceName, tablespacesIn, type TestTablespace } from "../support/tablespace";
import { createTestDatabase, type TestDatabase } from "../support/test-db";

let db: TestDatabase;
let ts: TestTablespace;
let client: Client;

beforeAll(async () => {
  ts = await createTablespace(tablespaceName("sql_ts"));
  db = await createTestDatabase("sql_tablespaces");
  client = new Client({ connectionString: db.url });
  await client.connect();
});

afterAll(async () => {
  await client?.end();
  await db?.drop();
  await ts?.drop();
});

async function apply(ops: readonly Operation[]): Promise<string[]> {
  const statements = ops.flatMap((op) => compileOperation(op));
  for (const s of statements) await client.query(s.sql, s.params as unknown[] | undefined);
  return statements.map((s) => s.sql);
}

const where = () => tablespacesIn(db.url, ["public"]);

describe("relations created in a tablespace", () => {
  it("creates a table, its keys' and exclusion's indexes, an index and a materialized view where they say, and drops them back there", async () => {
    const slots = table("slots", [column("id", "integer", { nullable: false }), column("r", "int4range"), column("a", "integer")], {
      primaryKey: primaryKey("slots_pkey", ["id"], { tablespace: ts.name, deferrable: true }),
      uniques: [unique("slots_a_key", ["a"], { tablespace: ts.name })],
      exclusions: [exclusion("slots_r_excl", "EXCLUDE USING gist (r WITH &&) WHERE ((a > 0)) DEFERRABLE", { tablespace: ts.name })],
      tablespace: ts.name,
    });
    const slotsA = index("slots_a_idx", ["a"], { where: "(a > 1)", tablespace: ts.name });
    const slotIds = view("slot_ids", "SELECT id FROM public.slots", {
      materialized: true,
      indexes: [index("slot_ids_id", ["id"], { tablespace: ts.name })],
      tablespace: ts.name,
    });
    const created: Operation[] = [
      { kind: "createTable", table: slots },
      { kind: "createIndex", table: ref("slots"), index: slotsA },
      { kind: "createView", view: slotIds },
    ];
    const sql = await apply(created);
    expect(sql).toEqual([
      `CREATE TABLE "public"."slots" ("id" integer NOT NULL, "r" int4range, "a" integer, ` +
        `CONSTRAINT "slots_pkey" PRIMARY KEY ("id") USING INDEX TABLESPACE "${ts.name}" DEFERRABLE, ` +
        `CONSTRAINT "slots_a_key" UNIQUE ("a") USING INDEX TABLESPACE "${ts.name}", ` +
        `CONSTRAINT "slots_r_excl" EXCLUDE USING gist (r WITH &&) USING INDEX TABLESPACE "${ts.name}" WHERE ((a > 0)) DEFERRABLE) ` +
        `TABLESPACE "${ts.name}"`,
      `CREATE INDEX "slots_a_idx" ON "public"."slots" USING btree (a) TABLESPACE "${ts.name}" WHERE (a > 1)`,
      `CREATE MATERIALIZED VIEW "public"."slot_ids" TABLESPACE "${ts.name}" AS SELECT id FROM public.slots`,
      `CREATE INDEX "slot_ids_id" ON "public"."slot_ids" USING btree (id) TABLESPACE "${ts.name}"`,
    ]);
    const all = {
      "public.slots": ts.name,
      "public.slots_pkey": ts.name,
      "public.slots_a_key": ts.name,
      "public.slots_r_excl": ts.name,
      "public.slots_a_idx": ts.name,
      "public.slot_ids": ts.name,
      "public.slot_ids_id": ts.name,
    };
    expect(await where()).toEqual(all);

    // Dropped, then created again from what each drop carries.
    const drops: Operation[] = [
      { kind: "dropView", view: ref("slot_ids"), materialized: true, existing: slotIds },
      { kind: "dropIndex", table: ref("slots"), name: "slots_a_idx", existing: slotsA },
      { kind: "dropTable", table: ref("slots"), existing: slots },
    ];
    await apply(drops);
    expect(await where()).toEqual({});
    await apply([...drops].reverse().map(invert));
    expect(await where()).toEqual(all);
    await apply(drops);
  });

  it("adds keys and an exclusion with their index's tablespace", async () => {
    await client.query("CREATE TABLE rooms (id integer NOT NULL, during int4range, code text)");
    const sql = await apply([
      { kind: "addConstraint", table: ref("rooms"), constraint: primaryKey("rooms_pkey", ["id"], { tablespace: ts.name }) },
      { kind: "addConstraint", table: ref("rooms"), constraint: unique("rooms_code_key", ["code"], { tablespace: ts.name, deferrable: true, initiallyDeferred: true }) },
      { kind: "addConstraint", table: ref("rooms"), constraint: exclusion("rooms_during", "EXCLUDE USING gist (during WITH &&)", { tablespace: ts.name }) },
    ]);
    expect(sql).toEqual([
      `ALTER TABLE "public"."rooms" ADD CONSTRAINT "rooms_pkey" PRIMARY KEY ("id") USING INDEX TABLESPACE "${ts.name}"`,
      `ALTER TABLE "public"."rooms" ADD CONSTRAINT "rooms_code_key" UNIQUE ("code") USING INDEX TABLESPACE "${ts.name}" DEFERRABLE INITIALLY DEFERRED`,
      `ALTER TABLE "public"."rooms" ADD CONSTRAINT "rooms_during" EXCLUDE USING gist (during WITH &&) USING INDEX TABLESPACE "${ts.name}"`,
    ]);
    expect(await where()).toEqual({
      "public.rooms": "-",
      "public.rooms_code_key": ts.name,
      "public.rooms_during": ts.name,
      "public.rooms_pkey": ts.name,
    });
    await client.query("DROP TABLE rooms");
  });

  it("builds the index a key takes over in the lock-safe form in the key's tablespace", async () => {
    await client.query("CREATE TABLE desks (id integer NOT NULL)");
    const steps = safeSteps([{ kind: "addConstraint", table: ref("desks"), constraint: primaryKey("desks_pkey", ["id"], { tablespace: ts.name }) }]);
    expect(steps.map((step) => step.operations.map((op) => op.kind))).toEqual([["createIndex"], ["addConstraint"]]);
    await apply(steps.flatMap((step) => step.operations));
    expect(await where()).toEqual({ "public.desks": "-", "public.desks_pkey": ts.name });
    await client.query("DROP TABLE desks");
  });
});

describe("an exclusion's tablespace clause", () => {
  const clause = ' USING INDEX TABLESPACE "fast"';
  it.each([
    ["EXCLUDE USING gist (r WITH &&)", 'EXCLUDE USING gist (r WITH &&) USING INDEX TABLESPACE "fast"'],
    ["EXCLUDE USING gist (r WITH &&) WHERE ((a > 0))", 'EXCLUDE USING gist (r WITH &&) USING INDEX TABLESPACE "fast" WHERE ((a > 0))'],
    ["EXCLUDE USING gist (r WITH &&) DEFERRABLE INITIALLY DEFERRED", 'EXCLUDE USING gist (r WITH &&) USING INDEX TABLESPACE "fast" DEFERRABLE INITIALLY DEFERRED'],
    [
      "EXCLUDE USING gist (r WITH &&) INCLUDE (b) WITH (fillfactor='70') WHERE ((c <> 'WHERE x'::text))",
      `EXCLUDE USING gist (r WITH &&) INCLUDE (b) WITH (fillfactor='70') USING INDEX TABLESPACE "fast" WHERE ((c <> 'WHERE x'::text))`,
    ],
    ['EXCLUDE USING gist ("where" WITH &&, (("deferrable" + 1)) WITH =)', 'EXCLUDE USING gist ("where" WITH &&, (("deferrable" + 1)) WITH =) USING INDEX TABLESPACE "fast"'],
    ["exclude using gist (r with &&) where (a > 0)", 'exclude using gist (r with &&) USING INDEX TABLESPACE "fast" where (a > 0)'],
  ])("%s", (definition, expected) => {
    expect(withIndexTablespace(definition, clause)).toBe(expected);
  });
});
