/**
 * What an entity's `@Index` cannot say about an index of the same name (a key's operator class, collation,
 * DESC and NULLS placement, INCLUDE columns, NULLS NOT DISTINCT: a DBA's `text_pattern_ops` for LIKE, a
 * covering index) is kept
 * as the database has it in entity mode, as TypeORM's own schema sync leaves it: before, the index was
 * dropped and created again plain on every migration, and `check` reported it. An index the entity changes
 * (its columns, predicate, uniqueness) is created as the entity says. On PostgreSQL 15, judged by pg_dump.
 */
import { ENTITY_MANAGED_KINDS } from "../../src/compare/managed-kinds";
import { roundTrip } from "./catalog-round-trip";

const entityMode = { manage: ENTITY_MANAGED_KINDS };
const TABLE = "CREATE TABLE t (id int PRIMARY KEY, name text, code text, note text);";

describe("an index's options entities cannot say, in entity mode", () => {
  it("are left as the database has them", async () => {
    const result = await roundTrip({
      before:
        `${TABLE} CREATE INDEX t_name ON t (name text_pattern_ops, code DESC NULLS LAST) INCLUDE (note);` +
        ` CREATE UNIQUE INDEX t_code ON t (code COLLATE "C") WHERE code IS NOT NULL;` +
        ` CREATE UNIQUE INDEX t_note ON t (note) NULLS NOT DISTINCT;`,
      after:
        `${TABLE} CREATE INDEX t_name ON t (name, code); CREATE UNIQUE INDEX t_code ON t (code) WHERE code IS NOT NULL;` +
        ` CREATE UNIQUE INDEX t_note ON t (note);`,
      options: entityMode,
      targetAsEntities: true,
    });
    expect(result.upgrade).toEqual([]);
  });

  it("stay beside a change of the table, and the downgrade leaves them", async () => {
    const result = await roundTrip({
      before: `${TABLE} CREATE INDEX t_name ON t (name text_pattern_ops) INCLUDE (note);`,
      after: `${TABLE} ALTER TABLE t ADD COLUMN extra int; CREATE INDEX t_name ON t (name);`,
      options: entityMode,
      targetAsEntities: true,
    });
    expect(result.upgradeSql).toEqual(['ALTER TABLE "public"."t" ADD COLUMN "extra" integer']);
    expect(result.remaining).toEqual([]);
    expect(result.upgraded).toContain("CREATE INDEX t_name ON public.t USING btree (name text_pattern_ops) INCLUDE (note);");
    expect(result.downgraded).toEqual(result.original);
  });

  it("go with an index the entity changes: it is created as the entity says", async () => {
    const result = await roundTrip({
      before: `${TABLE} CREATE INDEX t_name ON t (name text_pattern_ops);`,
      after: `${TABLE} CREATE INDEX t_name ON t (name) WHERE note IS NULL;`,
      options: entityMode,
      targetAsEntities: true,
    });
    expect(result.upgradeSql).toEqual([
      'DROP INDEX "public"."t_name"',
      'CREATE INDEX "t_name" ON "public"."t" USING btree (name) WHERE (note IS NULL)',
    ]);
    expect(result.remaining).toEqual([]);
    expect(result.downgraded).toEqual(result.original);
  });

  // An operator class belongs to a type: a column retyped takes the entity's plain key.
  it("are not kept on a key whose column changes type", async () => {
    const result = await roundTrip({
      before: "CREATE TABLE t (id int PRIMARY KEY, name text); CREATE INDEX t_name ON t (name text_pattern_ops);",
      after: "CREATE TABLE t (id int PRIMARY KEY, name integer); CREATE INDEX t_name ON t (name);",
      options: entityMode,
      targetAsEntities: true,
    });
    expect(result.remaining).toEqual([]);
    expect(result.upgraded).toContain("CREATE INDEX t_name ON public.t USING btree (name);");
    expect(result.downgraded).toEqual(result.original);
  });
});
