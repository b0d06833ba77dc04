/**
 * What an `@Index` on a materialized view's entity (`@ViewEntity({ materialized: true })`) cannot say about an
 * index of the same name is kept in entity mode as a table's index keeps it (index-options.db.test.ts): a
 * key's operator class, collation, DESC and NULLS placement, INCLUDE columns, NULLS NOT DISTINCT, beside its
 * storage parameters and the view's CLUSTER index. Before, the index was dropped and created again plain by
 * every migration. An index the entity changes is created as the entity says. As on a table, an index with
 * an operator class or collation keeps its options only while the columns keep their types, which the model
 * does not hold for a view: while the view's query and what it reads stay (a view created again for a new
 * query, or over a retyped column, takes the entity's index). On PostgreSQL 15, judged by pg_dump.
 */
import { ENTITY_MANAGED_KINDS } from "../../src/compare/managed-kinds";
import { sharedRoundTrip } from "./catalog-round-trip";

const T = "CREATE TABLE t (id int PRIMARY KEY, name text, code text, note text);";
const QUERY = "SELECT id, name, code, note FROM t";

/** Table t (`table`) and materialized view mv over it (`query`), with `indexes` on mv. */
const mv = (indexes: string, query = QUERY, table = T) => `${table} CREATE MATERIALIZED VIEW mv AS ${query}; ${indexes}`;

/** The DBA's indexes, and the entity's: the same columns, predicates and uniqueness. */
const DBA =
  "CREATE INDEX mv_name ON mv (name text_pattern_ops, code DESC NULLS LAST) INCLUDE (note) WITH (fillfactor=70);" +
  ' CREATE UNIQUE INDEX mv_code ON mv (code COLLATE "C") WHERE code IS NOT NULL;' +
  " CREATE UNIQUE INDEX mv_note ON mv (note) NULLS NOT DISTINCT; CREATE INDEX mv_id ON mv (id DESC) INCLUDE (name);" +
  " ALTER TABLE mv CLUSTER ON mv_name;";
const ENTITY =
  "CREATE INDEX mv_name ON mv (name, code); CREATE UNIQUE INDEX mv_code ON mv (code) WHERE code IS NOT NULL;" +
  " CREATE UNIQUE INDEX mv_note ON mv (note); CREATE INDEX mv_id ON mv (id);";

const NEW_QUERY = `${QUERY} WHERE id > 0`;
const RETYPED = "CREATE TABLE t (id int PRIMARY KEY, name integer, code text, note text);";
const V = `CREATE VIEW v AS ${QUERY};`;
const OVER_V = "SELECT id, name, code, note FROM v";

describe("a materialized view's index options entities cannot say, in entity mode", () => {
  const group = sharedRoundTrip(
    {
      kept: { before: mv(DBA), after: mv(ENTITY) },
      changed: {
        before: mv("CREATE INDEX mv_name ON mv (name text_pattern_ops) INCLUDE (note); ALTER TABLE mv CLUSTER ON mv_name;"),
        after: mv("CREATE INDEX mv_name ON mv (name, code);"),
      },
      requery: { before: mv(DBA), after: mv(ENTITY, NEW_QUERY) },
      retyped: { before: mv(DBA), after: mv(ENTITY, QUERY, RETYPED) },
      // Over a view v over t: v created again over the retyped column, and mv with it.
      retypedUnderView: { before: mv(DBA, OVER_V, `${T} ${V}`), after: mv(ENTITY, OVER_V, `${RETYPED} ${V}`) },
    },
    { options: { manage: ENTITY_MANAGED_KINDS }, targetAsEntities: true },
  );

  it("are left as the database has them, with the CLUSTER index on one of them", async () => {
    const kept = await group.of("kept");
    expect(kept.upgrade).toEqual([]);
    expect(kept.log).toEqual([]);
    expect(kept.original).toContain("CLUSTER ON mv_name");
  });

  it("go with an index the entity changes: it is created as the entity says, CLUSTER ON set again", async () => {
    const changed = await group.of("changed");
    expect(changed.upgradeSql).toEqual([
      expect.stringMatching(/^ALTER TABLE "s\d+"\."mv" SET WITHOUT CLUSTER$/),
      expect.stringMatching(/^DROP INDEX "s\d+"\."mv_name"$/),
      expect.stringMatching(/^CREATE INDEX "mv_name" ON "s\d+"\."mv" USING btree \(name, code\)$/),
      expect.stringMatching(/^ALTER TABLE "s\d+"\."mv" CLUSTER ON "mv_name"$/),
    ]);
    expect(changed.remaining).toEqual([]);
    expect(changed.downgraded).toEqual(changed.original);
  });

  // The view's column types are unknown to the model: a new query may change them, and a retyped column
  // does (text_pattern_ops would be refused on an integer). The indexes without either keep their options.
  it("keep no operator class or collation on a view created again, for a new query or over a retyped column", async () => {
    for (const name of ["requery", "retyped", "retypedUnderView"] as const) {
      const result = await group.of(name);
      expect(result.remaining).toEqual([]);
      expect(result.upgraded).toMatch(/CREATE INDEX mv_name ON s\d+\.mv USING btree \(name, code\) WITH \(fillfactor='70'\);/);
      expect(result.upgraded).toMatch(/CREATE UNIQUE INDEX mv_code ON s\d+\.mv USING btree \(code\) WHERE \(code IS NOT NULL\);/);
      expect(result.upgraded).toMatch(/CREATE UNIQUE INDEX mv_note ON s\d+\.mv USING btree \(note\) NULLS NOT DISTINCT;/);
      expect(result.upgraded).toMatch(/CREATE INDEX mv_id ON s\d+\.mv USING btree \(id DESC\) INCLUDE \(name\);/);
      expect(result.upgraded).toMatch(/ALTER TABLE s\d+\.mv CLUSTER ON mv_name;/);
      expect(result.downgraded).toEqual(result.original);
    }
  });
});

/** Function f (its result column `name` of `type`, the value `value`) and materialized view mv over it. */
const overFunction = (type: string, value: string, index: string) =>
  `CREATE FUNCTION f() RETURNS TABLE (name ${type}) LANGUAGE sql AS $$ SELECT ${value} $$;` +
  ` CREATE MATERIALIZED VIEW mv AS SELECT name FROM f(); CREATE INDEX mv_name ON mv (${index});`;

describe("a materialized view's index over a function, where the comparison manages functions", () => {
  const group = sharedRoundTrip(
    {
      body: { before: overFunction("text", "'a'::text", "name text_pattern_ops"), after: overFunction("text", "'b'::text", "name") },
      result: { before: overFunction("text", "'a'::text", "name text_pattern_ops"), after: overFunction("integer", "1", "name") },
    },
    { options: { manage: new Set(["functions"]) }, targetAsEntities: true },
  );

  it("keeps its operator class while the function's result stays, and not once it changes", async () => {
    const body = await group.of("body");
    expect(body.upgrade.map((op) => op.kind)).toEqual(["replaceFunction"]);
    expect(body.upgraded).toMatch(/CREATE INDEX mv_name ON s\d+\.mv USING btree \(name text_pattern_ops\);/);
    const result = await group.of("result");
    expect(result.remaining).toEqual([]);
    expect(result.upgraded).toMatch(/CREATE INDEX mv_name ON s\d+\.mv USING btree \(name\);/);
    for (const done of [body, result]) expect(done.downgraded).toEqual(done.original);
  });
});
