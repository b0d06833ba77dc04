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
import type { RenameResolver } from "../../src/compare/compare-options";
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
    // The sequence keeps its persistence while its table's changes: set back after the table's statement.
    notWithItsTable: {
      before: "CREATE TABLE t (id bigint NOT NULL); CREATE SEQUENCE q OWNED BY t.id;",
      after: "CREATE UNLOGGED TABLE t (id bigint NOT NULL); CREATE SEQUENCE q OWNED BY t.id;",
    },
    // Each becomes what the other was; the downgrade sets the sequence back after the table's SET LOGGED.
    crossed: {
      before: "CREATE TABLE t (id bigint NOT NULL); CREATE UNLOGGED SEQUENCE q OWNED BY t.id; CREATE SEQUENCE other;",
      after: "CREATE UNLOGGED TABLE t (id bigint NOT NULL); CREATE SEQUENCE q OWNED BY t.id; CREATE SEQUENCE other;",
    },
  });

  it(group.names, async () => {
    await expectShared(group);
  });

  it("sets back the owned sequence its table's SET UNLOGGED / SET LOGGED took along, in both directions", async () => {
    const kept = await group.of("notWithItsTable");
    expect(kept.upgradeSql).toEqual([
      expect.stringMatching(/^ALTER TABLE "s\d+"\."t" SET UNLOGGED$/),
      expect.stringMatching(/^ALTER SEQUENCE "s\d+"\."q" SET LOGGED$/),
    ]);
    const op = kept.upgrade[0]!;
    expect(renderOperation(op)).toMatch(
      /\nawait op\.alterTableStorage\(\{ schema: "(s\d+)", name: "t" \}, \{ from: \{\}, to: \{ unlogged: true, sequencesKept: \[\{ schema: "\1", name: "q" \}\] \} \}\);$/,
    );
    // As a migration written by hand gives it: the same statements.
    const byHand = opBuilders.alterTableStorage("t", { from: {}, to: { unlogged: true, sequencesKept: ["q"] } });
    expect(compileOperations([byHand]).map((statement) => statement.sql)).toEqual([
      'ALTER TABLE "public"."t" SET UNLOGGED',
      'ALTER SEQUENCE "public"."q" SET LOGGED',
    ]);
    const crossed = await group.of("crossed");
    expect(crossed.upgradeSql).toEqual([
      expect.stringMatching(/^ALTER TABLE "s\d+"\."t" SET UNLOGGED$/),
      expect.stringMatching(/^ALTER SEQUENCE "s\d+"\."q" SET LOGGED$/),
      expect.stringMatching(/^ALTER SEQUENCE "s\d+"\."q" SET LOGGED$/),
    ]);
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

it("a table moved to another schema and made UNLOGGED: its sequence moves along and is set back there", async () => {
  const renames: RenameResolver = {
    resolveTables: ({ created, deleted }) => ({ created: [], renamed: [{ from: deleted[0]!, to: created[0]! }], deleted: [] }),
    resolveColumns: ({ created, deleted }) => ({ created, renamed: [], deleted }),
  };
  const result = await roundTrip({
    before: "CREATE SCHEMA app; CREATE SCHEMA arch; CREATE TABLE app.t (id bigint NOT NULL); CREATE SEQUENCE app.q OWNED BY app.t.id;",
    after: "CREATE SCHEMA app; CREATE SCHEMA arch; CREATE UNLOGGED TABLE arch.t (id bigint NOT NULL); CREATE SEQUENCE arch.q OWNED BY arch.t.id;",
    options: { renames },
    schemas: ["app", "arch"],
  });
  expectRoundTrip(result);
  expect(result.upgradeSql).toEqual([
    'ALTER TABLE "app"."t" SET SCHEMA "arch"',
    'ALTER TABLE "arch"."t" SET UNLOGGED',
    'ALTER SEQUENCE "arch"."q" SET LOGGED',
  ]);
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
