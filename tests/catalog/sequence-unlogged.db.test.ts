/**
 * UNLOGGED sequences (PostgreSQL 15): read, compared between databases (`CREATE UNLOGGED SEQUENCE`,
 * `ALTER SEQUENCE ... SET UNLOGGED / SET LOGGED` beside the other options), created again unlogged by a
 * downgrade, and kept as the database has them in entity mode, where entities never say it. Each case on
 * PostgreSQL 15 against pg_dump, which prints `CREATE UNLOGGED SEQUENCE`.
 */
import { compare } from "../../src/compare";
import { ENTITY_MANAGED_KINDS } from "../../src/compare/managed-kinds";
import { operationBuilders as opBuilders } from "../../src/ops/builders";
import { renderOperation } from "../../src/render/render-operation";
import { compileOperations } from "../../src/sql/compile";
import { createTestDatabase } from "../support/test-db";
import { asEntitySide, expectRoundTrip, expectShared, readModel, roundTrip, sharedRoundTrip } from "./catalog-round-trip";

describe("between databases", () => {
  const group = sharedRoundTrip({
    created: { before: "", after: "CREATE UNLOGGED SEQUENCE q START 5 INCREMENT 2;" },
    dropped: { before: "CREATE UNLOGGED SEQUENCE q CACHE 4;", after: "" },
    toUnlogged: { before: "CREATE SEQUENCE q;", after: "CREATE UNLOGGED SEQUENCE q;" },
    toLogged: { before: "CREATE UNLOGGED SEQUENCE q;", after: "CREATE SEQUENCE q;" },
    withOptions: { before: "CREATE SEQUENCE q AS integer CACHE 1;", after: "CREATE UNLOGGED SEQUENCE q AS bigint CACHE 20 CYCLE;" },
    ownedBy: {
      before: "CREATE TABLE t (id bigint NOT NULL); CREATE SEQUENCE q OWNED BY t.id;",
      after: "CREATE TABLE t (id bigint NOT NULL); CREATE UNLOGGED SEQUENCE q OWNED BY t.id;",
    },
    // ALTER TABLE ... SET UNLOGGED / SET LOGGED takes the sequences its columns own along (PostgreSQL 15).
    withItsTable: {
      before: "CREATE TABLE t (id bigint NOT NULL); CREATE SEQUENCE q OWNED BY t.id;",
      after: "CREATE UNLOGGED TABLE t (id bigint NOT NULL); CREATE UNLOGGED SEQUENCE q OWNED BY t.id;",
    },
  });

  it(group.names, async () => {
    await expectShared(group);
  });

  it("says the change and writes the statements", async () => {
    const created = await group.of("created");
    expect(created.upgradeSql.join("\n")).toMatch(/^CREATE UNLOGGED SEQUENCE "s\d+"\."q" AS bigint INCREMENT BY 2 /m);
    const toUnlogged = await group.of("toUnlogged");
    expect(toUnlogged.log.join("\n")).toMatch(/Detected changed sequence '.*q' \(unlogged\)/);
    expect(toUnlogged.upgradeSql).toEqual([expect.stringMatching(/^ALTER SEQUENCE "s\d+"\."q" SET UNLOGGED$/)]);
    const toLogged = await group.of("toLogged");
    expect(toLogged.upgradeSql).toEqual([expect.stringMatching(/^ALTER SEQUENCE "s\d+"\."q" SET LOGGED$/)]);
    // The other options in one statement, the persistence in its own (it takes none of them).
    const withOptions = await group.of("withOptions");
    expect(withOptions.upgradeSql).toEqual([
      expect.stringMatching(/^ALTER SEQUENCE "s\d+"\."q" AS bigint .*CACHE 20 CYCLE$/),
      expect.stringMatching(/^ALTER SEQUENCE "s\d+"\."q" SET UNLOGGED$/),
    ]);
  });
});

// [known failure] A sequence its table's column owns, logged where its table becomes UNLOGGED: PostgreSQL
// 15's ALTER TABLE ... SET UNLOGGED takes it along, and nothing sets it back, since the sequence itself
// does not change. Fixing it means the table's op knowing which owned sequences are not of its persistence
// on each side, and setting them back after it, in both directions.
it.failing("[known failure] an owned sequence whose table becomes UNLOGGED while it stays logged", async () => {
  const result = await roundTrip({
    before: "CREATE TABLE t (id bigint NOT NULL); CREATE SEQUENCE q OWNED BY t.id;",
    after: "CREATE UNLOGGED TABLE t (id bigint NOT NULL); CREATE SEQUENCE q OWNED BY t.id;",
  });
  expectRoundTrip(result);
});

describe("entity mode", () => {
  it("keeps an unlogged sequence, free-standing or drawn from by a column's default, as the database has it", async () => {
    const db = await createTestDatabase("seq_unlogged");
    try {
      await db.query(
        "CREATE UNLOGGED SEQUENCE free_q; CREATE UNLOGGED SEQUENCE drawn_q AS integer; " +
          "CREATE TABLE t (id integer NOT NULL DEFAULT nextval('drawn_q'), CONSTRAINT t_pkey PRIMARY KEY (id));",
      );
      const current = await readModel(db.url, ["public"]);
      const named = (model: typeof current, name: string) => Object.values(model.sequences).find((s) => s.name === name);
      expect(named(current, "free_q")?.unlogged).toBe(true);
      expect(named(current, "drawn_q")?.unlogged).toBe(true);
      // The entities say nothing of a sequence's persistence.
      const entities = asEntitySide(current);
      expect(named(entities, "drawn_q")).toBeDefined();
      expect(named(entities, "drawn_q")?.unlogged).toBeUndefined();
      expect(compare(current, entities, { manage: ENTITY_MANAGED_KINDS }).operations).toEqual([]);
      // Between databases, the same difference is one for each.
      expect(compare(current, entities).operations.map((op) => op.kind)).toEqual(["alterSequence", "alterSequence"]);
    } finally {
      await db.drop();
    }
  });
});

describe("written by hand", () => {
  it("op.createSequence takes unlogged, and a migration renders it", () => {
    const op = opBuilders.createSequence("q", { unlogged: true, cache: 10 });
    expect(op.sequence.unlogged).toBe(true);
    expect(renderOperation(op)).toBe('await op.createSequence("q", { cache: 10, unlogged: true });');
    expect(compileOperations([op]).map((s) => s.sql)).toEqual([
      'CREATE UNLOGGED SEQUENCE "public"."q" AS bigint INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 10 NO CYCLE',
    ]);
    expect(opBuilders.createSequence("q").sequence).not.toHaveProperty("unlogged");
  });
});
