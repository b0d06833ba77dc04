/**
 * What an entity's `@Index` cannot say about an index of the same name (a key's operator class, collation,
 * DESC and NULLS placement, INCLUDE columns, NULLS NOT DISTINCT: a DBA's `text_pattern_ops` for LIKE, a
 * covering index) is kept
 * as the database has it in entity mode, as TypeORM's own schema sync leaves it: before, the index was
 * dropped and created again plain on every migration, and `check` reported it. An index the entity changes
 * (its columns, predicate, uniqueness) is created as the entity says. On PostgreSQL 15, judged by pg_dump.
 * The cases share a round trip, a schema each (`sharedRoundTrip`), and assert on their own part.
 */
import { ENTITY_MANAGED_KINDS } from "../../src/compare/managed-kinds";
import { expectEachInOneCase, sharedRoundTrip } from "./catalog-round-trip";

const entityMode = { manage: ENTITY_MANAGED_KINDS };
const TABLE = "CREATE TABLE t (id int PRIMARY KEY, name text, code text, note text);";

/** The cases, in entity mode: A keeps what the entities cannot say, so nothing remains and A comes back, but A does not dump as B. */
const entities = sharedRoundTrip(
  {
    kept: {
      before:
        `${TABLE} CREATE INDEX t_name ON t (name text_pattern_ops, code DESC NULLS LAST) INCLUDE (note);` +
        ` CREATE UNIQUE INDEX t_code ON t (code COLLATE "C") WHERE code IS NOT NULL;` +
        ` CREATE UNIQUE INDEX t_note ON t (note) NULLS NOT DISTINCT;`,
      after:
        `${TABLE} CREATE INDEX t_name ON t (name, code); CREATE UNIQUE INDEX t_code ON t (code) WHERE code IS NOT NULL;` +
        ` CREATE UNIQUE INDEX t_note ON t (note);`,
    },
    besideTableChange: {
      before: `${TABLE} CREATE INDEX t_name ON t (name text_pattern_ops) INCLUDE (note);`,
      after: `${TABLE} ALTER TABLE t ADD COLUMN extra int; CREATE INDEX t_name ON t (name);`,
    },
    changed: { before: `${TABLE} CREATE INDEX t_name ON t (name text_pattern_ops);`, after: `${TABLE} CREATE INDEX t_name ON t (name) WHERE note IS NULL;` },
    retyped: {
      before: "CREATE TABLE t (id int PRIMARY KEY, name text); CREATE INDEX t_name ON t (name text_pattern_ops);",
      after: "CREATE TABLE t (id int PRIMARY KEY, name integer); CREATE INDEX t_name ON t (name);",
    },
  },
  { options: entityMode, targetAsEntities: true },
);

describe("an index's options entities cannot say, in entity mode", () => {
  it(`in one round trip (nothing remains, the downgrade gives A back, each statement one case's): ${entities.names}`, async () => {
    const result = await entities.whole();
    expect(result.remaining).toEqual([]);
    expect(result.downgraded).toEqual(result.original);
    expectEachInOneCase(result, entities.schemas);
  });

  it("are left as the database has them", async () => {
    expect((await entities.of("kept")).upgrade).toEqual([]);
  });

  it("stay beside a change of the table, and the downgrade leaves them", async () => {
    const [result, own] = [await entities.of("besideTableChange"), entities.in("besideTableChange")];
    expect(result.upgradeSql).toEqual([own('ALTER TABLE "public"."t" ADD COLUMN "extra" integer')]);
    expect(result.remaining).toEqual([]);
    expect(result.upgraded).toContain(own("CREATE INDEX t_name ON public.t USING btree (name text_pattern_ops) INCLUDE (note);"));
    expect(result.downgraded).toEqual(result.original);
  });

  it("go with an index the entity changes: it is created as the entity says", async () => {
    const [result, own] = [await entities.of("changed"), entities.in("changed")];
    expect(result.upgradeSql).toEqual(
      ['DROP INDEX "public"."t_name"', 'CREATE INDEX "t_name" ON "public"."t" USING btree (name) WHERE (note IS NULL)'].map(own),
    );
    expect(result.remaining).toEqual([]);
    expect(result.downgraded).toEqual(result.original);
  });

  // An operator class belongs to a type: a column retyped takes the entity's plain key.
  it("are not kept on a key whose column changes type", async () => {
    const [result, own] = [await entities.of("retyped"), entities.in("retyped")];
    expect(result.remaining).toEqual([]);
    expect(result.upgraded).toContain(own("CREATE INDEX t_name ON public.t USING btree (name);"));
    expect(result.downgraded).toEqual(result.original);
  });
});
