/**
 * Comments on every kind of object but tables and their columns, on PostgreSQL 15, database to database:
 * set, changed and removed, each with its derived downgrade; and kept through what the migration
 * recreates (a view and its columns, an index, a trigger, a function, a serial column's sequence, a composite
 * type's attributes). Setting them and changing them share a round trip, a schema each (`app` renamed,
 * `sharedRoundTrip`); a composite type's and a serial sequence's share another. The view, index and function
 * created again run alone: they are compared with functions alone managed.
 */
import { expectRoundTrip, expectShared, roundTrip, sharedRoundTrip } from "./catalog-round-trip";

const BASE = `
  CREATE SCHEMA app;
  CREATE TYPE app.mood AS ENUM ('sad', 'ok');
  CREATE TABLE app.t (a integer CONSTRAINT a_positive CHECK (a > 0), b text, m app.mood);
  CREATE INDEX t_b_idx ON app.t (b);
  CREATE SEQUENCE app.s;
  CREATE VIEW app.v AS SELECT a, b FROM app.t;
  CREATE MATERIALIZED VIEW app.mv AS SELECT a FROM app.t;
  CREATE FUNCTION app.f(i integer) RETURNS integer LANGUAGE sql AS 'SELECT i';
  CREATE PROCEDURE app.p() LANGUAGE sql AS 'SELECT 1';
  CREATE FUNCTION app.trg() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;
  CREATE TRIGGER t_trg BEFORE INSERT ON app.t FOR EACH ROW EXECUTE FUNCTION app.trg();
  CREATE POLICY t_all ON app.t USING (true);
  CREATE COLLATION app.bytes FROM "C";
`;

const COMMENTS = `
  COMMENT ON SCHEMA app IS 'The app';
  COMMENT ON TYPE app.mood IS 'Moods';
  COMMENT ON CONSTRAINT a_positive ON app.t IS 'No zero';
  COMMENT ON INDEX app.t_b_idx IS 'By b';
  COMMENT ON SEQUENCE app.s IS 'Numbers';
  COMMENT ON VIEW app.v IS 'A view';
  COMMENT ON COLUMN app.v.a IS 'The a';
  COMMENT ON MATERIALIZED VIEW app.mv IS 'Cached';
  COMMENT ON FUNCTION app.f(integer) IS 'Identity';
  COMMENT ON PROCEDURE app.p() IS 'Nothing';
  COMMENT ON TRIGGER t_trg ON app.t IS 'Trigger';
  COMMENT ON POLICY t_all ON app.t IS 'Everyone';
  COMMENT ON COLLATION app.bytes IS 'Bytewise';
`;

const changed = COMMENTS.replace("'Moods'", "'How one feels'").replace("COMMENT ON INDEX app.t_b_idx IS 'By b';", "");
const between = sharedRoundTrip({ set: { before: BASE, after: BASE + COMMENTS }, changed: { before: BASE + COMMENTS, after: BASE + changed } }, { renames: "app" });

const types = (x: string) => `
  CREATE TYPE pair AS (x ${x}, y text); COMMENT ON TYPE pair IS 'A pair'; COMMENT ON COLUMN pair.x IS 'The x';
  CREATE TABLE t (v pair); INSERT INTO t VALUES (ROW(1, 'one'));`;
const tables = (key: string, gone: string) => `
  CREATE TABLE p (id serial, d date) PARTITION BY RANGE (${key}); COMMENT ON SEQUENCE p_id_seq IS 'Ids';
  ${gone}`;

/** The cases whose objects the migration creates again, written in `public` (the search path): a schema each. */
const rebuilt = sharedRoundTrip({
  compositeType: { before: types("integer"), after: types("bigint"), rows: "SELECT (v).x::text, (v).y FROM t" },
  serialSequence: {
    before: tables("id", "CREATE TABLE gone (id serial); COMMENT ON SEQUENCE gone_id_seq IS 'Gone ids';"),
    after: tables("d", ""),
  },
});

describe("comments: database to database on PostgreSQL 15", () => {
  it(`in one round trip: ${between.names}`, async () => {
    await expectShared(between);
  });

  it("sets comments on every kind of object", async () => {
    const [result, own] = [await between.of("set"), between.in("set")];
    expectRoundTrip(result);
    expect(result.upgrade.map((op) => op.kind)).toEqual(Array(13).fill("setComment"));
    expect(result.upgradeSql).toContain(own(`COMMENT ON CONSTRAINT "a_positive" ON "app"."t" IS 'No zero'`));
    expect(result.upgradeSql).toContain(own(`COMMENT ON COLUMN "app"."v"."a" IS 'The a'`));
  });

  it("changes and removes them", async () => {
    const result = await between.of("changed");
    expectRoundTrip(result);
    expect(result.upgradeSql).toEqual(
      [`COMMENT ON INDEX "app"."t_b_idx" IS NULL`, `COMMENT ON TYPE "app"."mood" IS 'How one feels'`].map(between.in("changed")),
    );
  });

  it("keeps comments on a view, its columns, an index and a function that the migration recreates", async () => {
    const after = (BASE + COMMENTS)
      .replace("SELECT a, b FROM app.t", "SELECT a, b, m FROM app.t")
      .replace("CREATE INDEX t_b_idx ON app.t (b)", "CREATE INDEX t_b_idx ON app.t (lower(b))")
      .replace("RETURNS integer LANGUAGE sql AS 'SELECT i'", "RETURNS bigint LANGUAGE sql AS 'SELECT i'");
    const result = await roundTrip({ before: BASE + COMMENTS, after, schemas: ["app"], options: { manage: new Set(["functions"]) } });
    expectRoundTrip(result);
    expect(result.upgradeSql.filter((sql) => sql.startsWith("COMMENT"))).toEqual([
      `COMMENT ON COLUMN "app"."v"."a" IS NULL`,
      `COMMENT ON FUNCTION "app"."f"(i integer) IS NULL`,
      `COMMENT ON INDEX "app"."t_b_idx" IS NULL`,
      `COMMENT ON VIEW "app"."v" IS NULL`,
      `COMMENT ON COLUMN "app"."v"."a" IS 'The a'`,
      `COMMENT ON FUNCTION "app"."f"(i integer) IS 'Identity'`,
      `COMMENT ON INDEX "app"."t_b_idx" IS 'By b'`,
      `COMMENT ON VIEW "app"."v" IS 'A view'`,
    ]);
  });

  it(`in one round trip: ${rebuilt.names}`, async () => {
    await expectShared(rebuilt);
  });

  it("keeps the comments on a composite type's attributes when a retyped attribute rebuilds the type under a column of it", async () => {
    // The rebuild creates the type anew under its name: the comment on its attribute went with the old
    // type and was not set again (the type's own comment was), so B's dump had it and the upgraded A not.
    const [result, own] = [await rebuilt.of("compositeType"), rebuilt.in("compositeType")];
    expectRoundTrip(result);
    expect(result.upgraded).toContain(own("COMMENT ON COLUMN public.pair.x IS 'The x';"));
    expect(result.upgradeSql).toContain(own(`COMMENT ON COLUMN "public"."pair"."x" IS 'The x'`));
    expect(result.rows!.upgraded).toEqual(result.rows!.original);
  });

  it("keeps the comment on a serial column's sequence, which goes and comes back with its table", async () => {
    // p is created again for its new partition key, keeping its sequence (released before the drop and taken
    // back after), so the comment on it is never touched; gone is dropped: its downgrade brings it back.
    const [result, own] = [await rebuilt.of("serialSequence"), rebuilt.in("serialSequence")];
    expectRoundTrip(result);
    expect(result.upgradeSql.filter((sql) => sql.startsWith("COMMENT"))).toEqual([
      own(`COMMENT ON SEQUENCE "public"."gone_id_seq" IS NULL`),
    ]);
    expect(result.upgraded).toContain(own("COMMENT ON SEQUENCE public.p_id_seq IS 'Ids';"));
  });
});
