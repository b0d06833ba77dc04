/**
 * Coverage of the migra corpus (shared/corpus/migra, see its README), fixture by fixture.
 *
 * | fixture          | status    | why / restriction (known issue)                                          |
 * |------------------|-----------|---------------------------------------------------------------------------|
 * | collations       | supported | needs ICU; B also gets collation `posix` (collation objects: not modelled) |
 * | constraints      | supported |                                                                           |
 * | dependencies     | skipped   | only views and functions differ; the tables are identical                 |
 * | dependencies2    | supported | views compared and recreated in dependency order                          |
 * | dependencies3    | supported | views and a view that becomes materialized                                |
 * | dependencies4    | supported | a view and a materialized view with an index are added                    |
 * | enumdefaults     | supported |                                                                           |
 * | enumdeps         | supported | views `v`, `v2` recreated around the enum change (both directions)        |
 * | everything       | supported | views, functions, UNLOGGED aligned; also +additions                       |
 * | excludeschema    | supported | migra's `--exclude_schema`: excludedschema out of scope, must stay intact  |
 * | extversions      | supported | versions compared via pg_extension (known issue: pg_trgm has no downgrade) |
 * | generated        | supported |                                                                           |
 * | generated_added  | supported | migra's own expected.sql is stale; ours is checked like any other          |
 * | identitycols     | supported |                                                                           |
 * | inherit          | skipped   | table inheritance (INHERITS) is not in the model                          |
 * | inherit2         | skipped   | table inheritance (INHERITS) is not in the model                          |
 * | partitioning     | skipped   | partitioned tables and partition bounds are not in the model              |
 * | privileges       | skipped   | only GRANTs and a view differ; the tables are identical                   |
 * | rls              | skipped   | only row-level security policies differ; the tables are identical         |
 * | rls2             | supported | B's policy and RLS flag are removed first                                 |
 * | seq              | supported |                                                                           |
 * | singleschema     | supported | `--schema goodschema`                                                     |
 * | singleschema_ext | supported | `--create-extensions-only` has no equivalent: whole database compared      |
 * | triggers         | skipped   | only triggers differ; the tables are identical                            |
 * | triggers2        | supported | triggers identical on both sides stay                                     |
 * | triggers3        | supported | the view (and its INSTEAD OF trigger) dropped on both sides first         |
 * GRANTs are never compared (the dumps are taken with --no-privileges).
 *
 * A fixture whose table part our tool gets wrong is still `supported`, with `knownIssue` naming the
 * checks that fail: the test then expects them to fail (`it.failing`) and alerts when they get fixed.
 */

/** The three checks run per supported fixture. */
export type CorpusCheck =
  /** Upgrade applied to A; re-introspected A compared with B gives no operations. */
  | "noDrift"
  /** `pg_dump --schema-only` of the upgraded A equals B's (column order ignored), extensions too. */
  | "dumpEqual"
  /** The derived downgrade (`invertAll`) applied to the upgraded A gives back A's original dump. */
  | "downgrade";

export interface KnownIssue {
  /** One line: what goes wrong. The reproduction is in the corpus test's report. */
  readonly description: string;
  readonly failing: readonly CorpusCheck[];
}

/** Something the server must provide for the fixture to load; checked before the fixture runs. */
export type Requirement =
  { readonly kind: "icu" } | { readonly kind: "extension"; readonly name: string; readonly version?: string };

export interface SupportedFixture {
  readonly name: string;
  readonly status: "supported";
  readonly requires?: readonly Requirement[];
  /**
   * SQL run on A / B right after loading, to make objects outside the SchemaModel (views, functions,
   * policies, collations, UNLOGGED) the same on both sides, so that the dumps can be compared whole.
   */
  readonly align?: { readonly a?: string; readonly b?: string };
  /**
   * migra's schema filter: only `schemas` are compared, the dumps are restricted with `dumpArgs`, and
   * what lies outside (dumped with `outsideDumpArgs`) must be left exactly as it was. Extensions are then
   * not compared (migra ignores them in these runs). Without it, every non-system schema of A and B.
   */
  readonly scope?: {
    readonly schemas: readonly string[];
    readonly dumpArgs: readonly string[];
    readonly outsideDumpArgs: readonly string[];
  };
  /** Also run a second time from `a.sql` + `additions.sql` (migra's expected2 case). */
  readonly withAdditions?: boolean;
  readonly knownIssue?: KnownIssue;
}

export interface SkippedFixture {
  readonly name: string;
  readonly status: "skipped";
  readonly reason: string;
}

export type MigraFixture = SupportedFixture | SkippedFixture;

const CONTRIB = (...names: string[]): Requirement[] => names.map((name) => ({ kind: "extension", name }));

export const MIGRA_FIXTURES: readonly MigraFixture[] = [
  {
    name: "collations",
    status: "supported",
    requires: [{ kind: "icu" }],
    align: { b: `CREATE COLLATION posix FROM "POSIX";` },
  },
  { name: "constraints", status: "supported" },
  { name: "dependencies", status: "skipped", reason: "only views and functions differ; the tables are identical" },
  {
    name: "dependencies2",
    status: "supported",
  },
  {
    name: "dependencies3",
    status: "supported",
  },
  { name: "dependencies4", status: "supported" },
  { name: "enumdefaults", status: "supported" },
  { name: "enumdeps", status: "supported" },
  {
    name: "everything",
    status: "supported",
    requires: CONTRIB("pg_trgm", "hstore", "citext"),
    align: {
      a:
        "DROP VIEW vvv; DROP MATERIALIZED VIEW matvvv; DROP FUNCTION changed(integer, text[]); " +
        "ALTER TABLE change_to_logged SET LOGGED;",
      b:
        "DROP VIEW vvv; DROP MATERIALIZED VIEW matvvv; DROP FUNCTION changed(integer, text[]); " +
        "DROP FUNCTION newfunc(integer, text[]); ALTER TABLE change_to_unlogged SET LOGGED;",
    },
    withAdditions: true,
  },
  {
    name: "excludeschema",
    status: "supported",
    scope: {
      schemas: ["public", "schema1", "schema2"],
      dumpArgs: ["--exclude-schema=excludedschema"],
      outsideDumpArgs: ["--schema=excludedschema"],
    },
  },
  {
    name: "extversions",
    status: "supported",
    requires: [
      { kind: "extension", name: "pg_trgm", version: "1.3" },
      { kind: "extension", name: "pg_trgm", version: "1.4" },
      { kind: "extension", name: "citext", version: "1.5" },
      { kind: "extension", name: "hstore" },
    ],
    knownIssue: {
      description: "pg_trgm ships no 1.4 -> 1.3 script, so the downgrade's ALTER EXTENSION UPDATE TO '1.3' fails",
      failing: ["downgrade"],
    },
  },
  { name: "generated", status: "supported" },
  { name: "generated_added", status: "supported" },
  { name: "identitycols", status: "supported" },
  { name: "inherit", status: "skipped", reason: "table inheritance (INHERITS) is not in the model" },
  { name: "inherit2", status: "skipped", reason: "table inheritance (INHERITS) is not in the model" },
  { name: "partitioning", status: "skipped", reason: "partitioned tables and partition bounds are not in the model" },
  { name: "privileges", status: "skipped", reason: "only GRANTs and a view differ; the tables are identical" },
  { name: "rls", status: "skipped", reason: "only row-level security policies differ; the tables are identical" },
  {
    name: "rls2",
    status: "supported",
    align: { b: "DROP POLICY example_all ON example; ALTER TABLE example DISABLE ROW LEVEL SECURITY;" },
  },
  { name: "seq", status: "supported" },
  {
    name: "singleschema",
    status: "supported",
    requires: CONTRIB("hstore", "citext"),
    scope: {
      schemas: ["goodschema"],
      dumpArgs: ["--schema=goodschema"],
      outsideDumpArgs: ["--exclude-schema=goodschema"],
    },
  },
  {
    name: "singleschema_ext",
    status: "supported",
    requires: CONTRIB("hstore", "citext"),
  },
  { name: "triggers", status: "skipped", reason: "only triggers differ; the tables are identical" },
  { name: "triggers2", status: "supported" },
  {
    name: "triggers3",
    status: "supported",
    align: { a: "DROP VIEW view_on_table;", b: "DROP VIEW view_on_table;" },
  },
];
