/**
 * What hangs on an object that a migration drops and creates again (or changes by dropping part of it)
 * comes back after it, whether the comparison manages that kind or not: comments, grants, triggers and
 * policies on recreated indexes, checks, functions, views, domains (a changed check, a new base type),
 * composite types and rebuilt enums. The upgrade and the derived downgrade run on PostgreSQL 15 (every case
 * in a schema of its own, all at once: sharedRoundTrip, `public` in what a test expects is its schema), and
 * pg_dump (GRANTs included) must read as the target, then as the start.
 */
import { ALL_MANAGED_KINDS, ENTITY_MANAGED_KINDS } from "../../src/compare/managed-kinds";
import { ensureRoles, expectRoundTrip, expectShared, roundTrip, sharedRoundTrip, type SharedCase } from "./catalog-round-trip";
const managed = { manage: new Set(ALL_MANAGED_KINDS) };
const T = "CREATE TABLE t (a int, b int, c text);";
const cases: Array<[string, string, string]> = [
  ["index recreated keeps comment", `${T} CREATE INDEX t_a ON t (a); COMMENT ON INDEX t_a IS 'ix';`, `${T} CREATE INDEX t_a ON t (a, b); COMMENT ON INDEX t_a IS 'ix';`],
  ["check recreated keeps comment", `${T} ALTER TABLE t ADD CONSTRAINT ck CHECK (a > 0); COMMENT ON CONSTRAINT ck ON t IS 'ck';`, `${T} ALTER TABLE t ADD CONSTRAINT ck CHECK (a > 1); COMMENT ON CONSTRAINT ck ON t IS 'ck';`],
  ["function recreated keeps comment", "CREATE FUNCTION f() RETURNS int LANGUAGE sql AS 'SELECT 1'; COMMENT ON FUNCTION f() IS 'eff';", "CREATE FUNCTION f() RETURNS bigint LANGUAGE sql AS 'SELECT 1'; COMMENT ON FUNCTION f() IS 'eff';"],
  ["domain check changed keeps comment+grant", "CREATE DOMAIN d AS int CONSTRAINT pos CHECK (VALUE > 0); COMMENT ON DOMAIN d IS 'dee'; COMMENT ON CONSTRAINT pos ON DOMAIN d IS 'p'; REVOKE USAGE ON DOMAIN d FROM PUBLIC; CREATE TABLE td (x d);",
    "CREATE DOMAIN d AS int CONSTRAINT pos CHECK (VALUE > 1); COMMENT ON DOMAIN d IS 'dee'; COMMENT ON CONSTRAINT pos ON DOMAIN d IS 'p'; REVOKE USAGE ON DOMAIN d FROM PUBLIC; CREATE TABLE td (x d);"],
  ["composite attr added keeps grant+comment", "CREATE TYPE cp AS (a int); COMMENT ON TYPE cp IS 'cp'; REVOKE USAGE ON TYPE cp FROM PUBLIC;", "CREATE TYPE cp AS (a int, b int); COMMENT ON TYPE cp IS 'cp'; REVOKE USAGE ON TYPE cp FROM PUBLIC;"],
  ["view recreated keeps instead-of trigger", `${T} CREATE VIEW v AS SELECT a FROM t; CREATE FUNCTION trg() RETURNS trigger LANGUAGE plpgsql AS 'BEGIN RETURN NEW; END'; CREATE TRIGGER vt INSTEAD OF INSERT ON v FOR EACH ROW EXECUTE FUNCTION trg(); COMMENT ON TRIGGER vt ON v IS 'tt';`,
    `${T} CREATE VIEW v AS SELECT a, b FROM t; CREATE FUNCTION trg() RETURNS trigger LANGUAGE plpgsql AS 'BEGIN RETURN NEW; END'; CREATE TRIGGER vt INSTEAD OF INSERT ON v FOR EACH ROW EXECUTE FUNCTION trg(); COMMENT ON TRIGGER vt ON v IS 'tt';`],
  ["column retyped with policy using it", `${T} ALTER TABLE t ENABLE ROW LEVEL SECURITY; CREATE POLICY p ON t USING (a > 0); COMMENT ON POLICY p ON t IS 'pp';`,
    `CREATE TABLE t (a bigint, b int, c text); ALTER TABLE t ENABLE ROW LEVEL SECURITY; CREATE POLICY p ON t USING (a > 0); COMMENT ON POLICY p ON t IS 'pp';`],
  ["trigger function recreated (return change) keeps trigger", `${T} CREATE FUNCTION trg2() RETURNS trigger LANGUAGE plpgsql AS 'BEGIN RETURN NEW; END'; CREATE TRIGGER tt BEFORE INSERT ON t FOR EACH ROW EXECUTE FUNCTION trg2();`,
    `${T} CREATE FUNCTION trg2() RETURNS trigger LANGUAGE plpgsql AS 'BEGIN RETURN NULL; END'; CREATE TRIGGER tt BEFORE INSERT ON t FOR EACH ROW EXECUTE FUNCTION trg2();`],
  ["enum rebuild used by function arg", "CREATE TYPE e AS ENUM ('a','b'); CREATE FUNCTION fe(x e) RETURNS int LANGUAGE sql AS 'SELECT 1'; REVOKE EXECUTE ON FUNCTION fe(e) FROM PUBLIC;",
    "CREATE TYPE e AS ENUM ('a'); CREATE FUNCTION fe(x e) RETURNS int LANGUAGE sql AS 'SELECT 1'; REVOKE EXECUTE ON FUNCTION fe(e) FROM PUBLIC;"],
  ["domain base type changed keeps comment+grant", "CREATE DOMAIN d2 AS int CONSTRAINT pos CHECK (VALUE > 0); COMMENT ON DOMAIN d2 IS 'dee'; COMMENT ON CONSTRAINT pos ON DOMAIN d2 IS 'p'; REVOKE USAGE ON DOMAIN d2 FROM PUBLIC;",
    "CREATE DOMAIN d2 AS bigint CONSTRAINT pos CHECK (VALUE > 0); COMMENT ON DOMAIN d2 IS 'dee'; COMMENT ON CONSTRAINT pos ON DOMAIN d2 IS 'p'; REVOKE USAGE ON DOMAIN d2 FROM PUBLIC;"],
];
/** Every case in a schema of its own, all in one pair of databases: one round trip per mode. */
const combined = Object.fromEntries(cases.map(([name, before, after]) => [name, { before, after }])) as Record<string, SharedCase>;

// The grants and comments changed on a recreated view (below), compared with every kind managed too.
const VIEW_CHANGED = {
  before: `CREATE TABLE t (a int, b int); CREATE VIEW v AS SELECT a FROM t;
        GRANT SELECT ON v TO priv_reader; GRANT UPDATE (a) ON v TO priv_reader; COMMENT ON COLUMN v.a IS 'x';`,
  after: `CREATE TABLE t (a int, b int); CREATE VIEW v AS SELECT a, b FROM t;
        GRANT SELECT, INSERT ON v TO priv_reader; GRANT UPDATE (a), REFERENCES (a) ON v TO priv_reader; COMMENT ON COLUMN v.a IS 'y';`,
};
const setUp = () => ensureRoles(["priv_reader"]);
const modes = {
  managed: sharedRoundTrip({ ...combined, "view recreated, its grants and comments changed": VIEW_CHANGED }, { options: managed, privileges: true, setUp }),
  "not managed": sharedRoundTrip(combined, { privileges: true, setUp }),
};

describe("what hangs on a recreated object comes back", () => {
  it.each([
    ["managed", modes.managed.names],
    ["not managed", modes["not managed"].names],
  ] as const)("%s: %s", async (mode, _names) => {
    await expectShared(modes[mode]);
  });
});

describe("what hangs on a recreated object and changes with it", () => {
  // The recreate takes every grant away: a change in place (GRANT INSERT to a holder of SELECT) would
  // leave only what it adds. They are revoked before and granted again as the target has them.
  it("grants and comments changed on a view created again for its query are set as the target has them", async () => {
    const result = await modes.managed.of("view recreated, its grants and comments changed");
    const name = modes.managed.in("view recreated, its grants and comments changed");
    expectRoundTrip(result);
    const created = result.upgradeSql.findIndex((sql) => sql.startsWith(name(`CREATE VIEW "public"."v"`)));
    expect(created).toBeGreaterThanOrEqual(0);
    expect(result.upgradeSql.slice(created)).toContain(name(`GRANT INSERT, SELECT ON TABLE "public"."v" TO "priv_reader"`));
  });
});

describe("what hangs on a column of a recreated view whose new columns are unknown", () => {
  beforeAll(() => ensureRoles(["priv_reader"]));
  // Entity mode, the view's new query reading a column the same migration adds: Postgres could not print
  // the query beforehand, so the model does not know which columns the view keeps. Alone: the one case
  // here compared in entity mode, with the view's columns unknown.
  it("comes back on the column the new query keeps, not on the one it drops, and all of it in the downgrade", async () => {
    const grantsAndComments = (columns: string) =>
      `COMMENT ON COLUMN bodies.id IS 'The key''s \\ part'; GRANT SELECT (${columns}) ON bodies TO priv_reader;`;
    const result = await roundTrip({
      before: `CREATE TABLE notes (id int, body text); CREATE VIEW bodies AS SELECT id, body FROM notes;
        COMMENT ON COLUMN bodies.body IS 'Text'; ${grantsAndComments("id, body")}`,
      after: `CREATE TABLE notes (id int, body text, tag text); CREATE VIEW bodies AS SELECT id, tag FROM notes; ${grantsAndComments("id")}`,
      options: { manage: ENTITY_MANAGED_KINDS },
      targetAsEntities: true,
      viewColumnsUnknown: true,
      privileges: true,
    });
    expectRoundTrip(result);
    expect(result.upgraded).toContain("COMMENT ON COLUMN public.bodies.id IS 'The key''s \\ part';");
    expect(result.upgraded).toContain("GRANT SELECT(id) ON TABLE public.bodies TO priv_reader;");
    expect(result.original).toContain("COMMENT ON COLUMN public.bodies.body IS 'Text';");
    expect(result.original).toContain("GRANT SELECT(body) ON TABLE public.bodies TO priv_reader;");
    // Both columns' comments and grants are set again after the view, each only where its column exists
    // (the comment holding a backslash in an escape string).
    expect(result.upgradeSql.filter((sql) => /^DO E?'BEGIN IF EXISTS \(SELECT FROM pg_catalog\.pg_attribute/.test(sql))).toHaveLength(4);
  });
});
