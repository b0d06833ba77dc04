/**
 * The cases of range-rebuild.db.test.ts that share round trips (`sharedRoundTrip`), a schema each: a
 * range type over an enum that loses, gains or reorders labels, or over a domain whose base type changes,
 * with what uses it and the rows each keeps (its `rows` query, run in its schema).
 */
import type { SharedCase } from "./catalog-round-trip";

/** Range types over the enum e, used every way the rebuild carries over, with rows. */
const enumRanges = (labels: string) =>
  `CREATE TYPE e AS ENUM (${labels}); ` +
  "CREATE TYPE er AS RANGE (subtype = e); COMMENT ON TYPE er IS 'spans'; REVOKE USAGE ON TYPE er FROM PUBLIC; " +
  "CREATE TYPE er2 AS RANGE (subtype = e, multirange_type_name = er2_many); " +
  "CREATE DOMAIN der AS er CONSTRAINT der_check CHECK (NOT isempty(VALUE)); " +
  "CREATE TABLE t (id int PRIMARY KEY, x e, r er DEFAULT er('a', 'c'), rs er[], m er_multirange, m2 er2_many, d der, " +
  "CONSTRAINT t_r_check CHECK (r <> '[c,c]'::er), CONSTRAINT t_excl EXCLUDE USING gist (r WITH &&) WHERE (id > 100)); " +
  "CREATE INDEX t_r ON t USING gist (r); CREATE INDEX t_m ON t (id) WHERE m <> '{}'::er_multirange; " +
  "CREATE VIEW v AS SELECT id, r, m FROM t; " +
  "CREATE TABLE p (k int, r er) PARTITION BY RANGE (k); CREATE TABLE p1 PARTITION OF p FOR VALUES FROM (0) TO (10); " +
  "CREATE TABLE parent (r er); CREATE TABLE child (n int) INHERITS (parent);";

const enumRows =
  "INSERT INTO t VALUES (1, 'a', '[a,c)', '{\"[a,a]\",empty}', '{[a,a],[c,c]}', '{(a,c]}', '[a,c]'), " +
  "(2, NULL, NULL, NULL, NULL, NULL, NULL), (3, 'c', '(,c)', '{}', '{}', '{}', '[c,)'); " +
  "INSERT INTO t (id) VALUES (4); INSERT INTO p VALUES (1, '[a,c]'); INSERT INTO parent VALUES ('empty'); INSERT INTO child VALUES ('[c,c]', 7);";

const enumRowsQuery =
  "SELECT 't' AS tab, id::text AS k, concat_ws(' | ', x, r, rs, m, m2, d) AS v FROM t " +
  "UNION ALL SELECT 'p', k::text, r::text FROM p UNION ALL SELECT 'parent', tableoid::regclass::text, r::text FROM parent ORDER BY 1, 2";

/** `side(from)` with `rows` as A and `side(to)` as B, A's rows read with `query`. */
const changed = (side: (labels: string) => string, from: string, to: string, rows = "", query?: string): SharedCase => ({
  before: side(from) + rows,
  after: side(to),
  ...(query !== undefined && { rows: query }),
});

const ABC = "'a', 'b', 'c'";
const AC = "'a', 'c'";
const AB = "'a', 'b'";

const domainOnIt = (labels: string) =>
  `CREATE TYPE e AS ENUM (${labels}); CREATE DOMAIN de AS e; CREATE TYPE der AS RANGE (subtype = de); ` +
  "CREATE DOMAIN dm AS der_multirange; CREATE TYPE er AS RANGE (subtype = e); " +
  "CREATE TABLE t (k int, x de, r der DEFAULT der('a', 'c') CHECK (r <> '[c,c]'::der), rs der[], m dm, s er); CREATE INDEX t_r ON t USING gist (r);";

const functions = (labels: string) =>
  `CREATE TYPE e AS ENUM (${labels}); CREATE TYPE er AS RANGE (subtype = e); CREATE TABLE t (k int, r er); ` +
  "CREATE FUNCTION widen(x er) RETURNS er_multirange LANGUAGE sql IMMUTABLE AS 'SELECT er_multirange(x)'; " +
  "CREATE FUNCTION firsts(xs er_multirange[]) RETURNS int LANGUAGE sql BEGIN ATOMIC SELECT cardinality(xs); END; " +
  "CREATE FUNCTION span(x e) RETURNS er LANGUAGE sql BEGIN ATOMIC SELECT er(x, x, '[]'); END; " +
  "CREATE PROCEDURE touch(x er[]) LANGUAGE sql AS 'SELECT 1'; COMMENT ON FUNCTION widen(er) IS 'one range as many';";

const composite = (labels: string) =>
  `CREATE TYPE e AS ENUM (${labels}); CREATE TYPE er AS RANGE (subtype = e); ` +
  "CREATE TYPE c AS (s er, m er_multirange[], n int); CREATE TYPE c2 AS (k int, s er); COMMENT ON TYPE c IS 'spans'; CREATE TABLE t (k int, r er);";

const rangeOverRange = (labels: string) =>
  `CREATE TYPE e AS ENUM (${labels}); CREATE TYPE er AS RANGE (subtype = e); CREATE TYPE er2 AS RANGE (subtype = er); ` +
  "CREATE TABLE t (k int, r er, r2 er2 CHECK (r2 <> 'empty'::er2), m2 er2_multirange[]);";

const subtypeDiff = (labels: string) =>
  `CREATE TYPE e AS ENUM (${labels}); CREATE FUNCTION ediff(a e, b e) RETURNS float8 LANGUAGE sql IMMUTABLE AS 'SELECT (array_position(enum_range(a), b) - 1)::float8'; ` +
  "REVOKE EXECUTE ON FUNCTION ediff(e, e) FROM PUBLIC; COMMENT ON FUNCTION ediff(e, e) IS 'label distance'; " +
  "CREATE TYPE er AS RANGE (subtype = e, subtype_diff = ediff); CREATE TABLE t (k int, x er); CREATE INDEX t_x ON t USING gist (x);";

const domainRanges = (base: string) =>
  `CREATE DOMAIN d AS ${base}; CREATE TYPE dr AS RANGE (subtype = d); ` +
  "CREATE TABLE t (id int, x d, r dr DEFAULT dr(1, 5) CHECK (r <> 'empty'::dr), rs dr[], m dr_multirange); CREATE INDEX t_r ON t USING gist (r); " +
  "CREATE VIEW v AS SELECT id, r FROM t;";

/** Each shared case, by name (see the tests of the same name). */
export const rangeCases = {
  enumRanges: changed(enumRanges, ABC, AC, enumRows, enumRowsQuery),
  reordered: changed(
    (labels) => `CREATE TYPE e AS ENUM (${labels}); CREATE TYPE er AS RANGE (subtype = e); CREATE TABLE t (k int, r er, m er_multirange);`,
    ABC,
    "'a', 'c', 'b'",
    " INSERT INTO t VALUES (1, '[a,b)', '{[b,b],[c,c]}'), (2, '(,c]', '{}');",
    "SELECT k, r::text, m::text FROM t ORDER BY k",
  ),
  domainOnIt: changed(
    domainOnIt,
    ABC,
    AC,
    "INSERT INTO t VALUES (1, 'a', '[a,c)', '{\"[a,a]\"}', '{[a,a],[c,c]}', '[a,c]'), (2, NULL, NULL, NULL, NULL, NULL), (3, 'c', DEFAULT, '{}', '{}', 'empty');",
    "SELECT k, x::text, r::text, rs::text, m::text, s::text FROM t ORDER BY k",
  ),
  functions: changed(
    functions,
    ABC,
    AC,
    "INSERT INTO t VALUES (1, '[a,c)');",
    "SELECT k, r::text, widen(r)::text AS w, span('c')::text AS s, firsts(ARRAY[widen(r)]) AS f FROM t",
  ),
  composite: changed(composite, ABC, AC, "INSERT INTO t VALUES (1, '[a,c)');", "SELECT k, r::text, ROW(r, ARRAY[er_multirange(r)], 1)::c::text AS v FROM t"),
  rangeOverRange: changed(
    rangeOverRange,
    ABC,
    AC,
    `INSERT INTO t VALUES (1, '[a,c]', '["[a,a]","[c,c]"]', '{"{[\\"[a,a]\\",\\"[a,c]\\"]}"}'), (2, NULL, '(,"[c,c]")', NULL);`,
    "SELECT k, r::text, r2::text, m2::text FROM t ORDER BY k",
  ),
  unused: changed((labels) => `CREATE TYPE e AS ENUM (${labels}); CREATE TYPE er AS RANGE (subtype = e);`, AB, "'a'"),
  droppedWithColumn: {
    before: "CREATE TYPE e AS ENUM ('a', 'b'); CREATE TYPE er AS RANGE (subtype = e); CREATE TABLE t (k int, x er); INSERT INTO t VALUES (1, '[a,a]');",
    after: "CREATE TYPE e AS ENUM ('a'); CREATE TABLE t (k int);",
    rows: "SELECT k FROM t",
  },
  createdSame: {
    before: "CREATE TYPE e AS ENUM ('a', 'b', 'c'); CREATE TABLE t (k int, x e); INSERT INTO t VALUES (1, 'c');",
    after:
      "CREATE TYPE e AS ENUM ('a', 'c'); CREATE TYPE er AS RANGE (subtype = e); CREATE DOMAIN de AS e; CREATE TYPE der AS RANGE (subtype = de); " +
      "CREATE TABLE t (k int, x e, r er DEFAULT er('a', 'c'), d der_multirange);",
    rows: "SELECT k, x::text FROM t",
  },
  subtypeDiff: changed(subtypeDiff, ABC, AC, "INSERT INTO t VALUES (1, '[a,c]');", "SELECT k, x::text, ediff('a', 'c') AS d FROM t"),
  addedLabel: changed(
    (labels) => `CREATE TYPE e AS ENUM (${labels}); CREATE TYPE er AS RANGE (subtype = e); CREATE TABLE t (k int, x er, m er_multirange);`,
    AB,
    ABC,
    "INSERT INTO t VALUES (1, '[a,b)', '{[a,a],[b,b]}'), (2, NULL, NULL);",
    "SELECT k, x::text, m::text FROM t ORDER BY k",
  ),
  addedLabelNested: changed(
    (labels) =>
      `CREATE TYPE e AS ENUM (${labels}); CREATE DOMAIN de AS e; CREATE TYPE der AS RANGE (subtype = de); CREATE TYPE er AS RANGE (subtype = e); ` +
      "CREATE TYPE er2 AS RANGE (subtype = er); CREATE TYPE c AS (s er2); CREATE TABLE t (k int, d der, r2 er2);",
    AB,
    ABC,
    `INSERT INTO t VALUES (1, '[a,b)', '["[a,a]","[b,b]"]'), (2, NULL, NULL);`,
    "SELECT k, d::text, r2::text FROM t ORDER BY k",
  ),
  addedLabelFunction: changed(
    (labels) =>
      `CREATE TYPE e AS ENUM (${labels}); CREATE TYPE er AS RANGE (subtype = e); ` +
      "CREATE FUNCTION f(x er) RETURNS boolean LANGUAGE sql AS 'SELECT isempty(x)'; CREATE TABLE t (k int, r er);",
    AB,
    ABC,
  ),
  addedLabelSubtypeDiff: changed(
    (labels) =>
      `CREATE TYPE e AS ENUM (${labels}); CREATE FUNCTION ediff(a e, b e) RETURNS float8 LANGUAGE sql IMMUTABLE AS 'SELECT 0::float8'; ` +
      "REVOKE EXECUTE ON FUNCTION ediff(e, e) FROM PUBLIC; COMMENT ON FUNCTION ediff(e, e) IS 'label distance'; " +
      "CREATE TYPE er AS RANGE (subtype = e, subtype_diff = ediff); CREATE TABLE t (k int, x er);",
    AB,
    ABC,
  ),
  addedLabelGrants: changed(
    (labels) =>
      `CREATE TYPE e AS ENUM (${labels}); CREATE TYPE er AS RANGE (subtype = e); REVOKE USAGE ON TYPE er FROM PUBLIC; COMMENT ON TYPE er IS 'spans'; ` +
      "CREATE DOMAIN de AS e; REVOKE USAGE ON DOMAIN de FROM PUBLIC; COMMENT ON DOMAIN de IS 'named'; " +
      "CREATE TYPE der AS RANGE (subtype = de); COMMENT ON TYPE der IS 'named spans'; CREATE TABLE t (k int, x er, d de, r der);",
    AB,
    ABC,
  ),
  domainBase: changed(
    domainRanges,
    "int",
    "bigint",
    "INSERT INTO t VALUES (1, 7, '[1,5)', '{\"[2,3)\",\"(,4]\"}', '{[1,2),[4,9)}'), (2, NULL, NULL, NULL, NULL);",
    "SELECT id, x::text, r::text, rs::text, m::text FROM t ORDER BY id",
  ),
  domainBaseFunction: changed(
    (base) =>
      `CREATE DOMAIN d AS ${base}; CREATE TYPE dr AS RANGE (subtype = d); CREATE TABLE t (id int, r dr); ` +
      "CREATE FUNCTION widen(x dr) RETURNS dr_multirange LANGUAGE sql IMMUTABLE AS 'SELECT dr_multirange(x)';",
    "int",
    "bigint",
    "INSERT INTO t VALUES (1, '[1,5)');",
    "SELECT id, widen(r)::text AS w FROM t",
  ),
  domainBaseSubtypeDiff: changed(
    (base) =>
      `CREATE DOMAIN d AS ${base}; CREATE FUNCTION ddiff(d, d) RETURNS float8 LANGUAGE sql IMMUTABLE AS 'SELECT ($1 - $2)::float8'; ` +
      "CREATE TYPE dr AS RANGE (subtype = d, subtype_diff = ddiff); CREATE TABLE t (id int, r dr); CREATE INDEX t_r ON t USING gist (r);",
    "int",
    "bigint",
    "INSERT INTO t VALUES (1, '[1,5)');",
    "SELECT id, r::text FROM t",
  ),
} satisfies Record<string, SharedCase>;

export type RangeCase = keyof typeof rangeCases;

/** The named cases, for a group. */
export function rangeCasesOf<K extends RangeCase>(...names: K[]): Record<K, SharedCase> {
  return Object.fromEntries(names.map((name) => [name, rangeCases[name]])) as Record<K, SharedCase>;
}
