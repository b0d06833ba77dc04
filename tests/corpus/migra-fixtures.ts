/**
 * The migra corpus (shared/corpus/migra, see its README), fixture by fixture: how migra's own tests run
 * each one (tests/test_migra.py), which the corpus test mirrors, and what our diff still gets wrong.
 *
 * - `flags`: the `autogen diff` options matching migra's (`--with-privileges` where migra passes it;
 *   `--schema` / `--exclude-schema`). migra's `--create-extensions-only` (singleschema_ext) has no
 *   equivalent: that fixture is diffed whole.
 * - `dumpArgs`: how both sides are dumped, as shared/corpus/oracle/oracle.sh does: GRANTs kept where migra
 *   compares privileges, `--no-privileges` elsewhere; a scoped fixture dumps its scope only, and what lies
 *   outside it (`outsideDumpArgs`) must be left exactly as it was.
 * - `extensions`: installed extensions compared by name and version, unless migra ignores them (a scoped
 *   run).
 * - `withAdditions`: also run from `a.sql` + `additions.sql` (migra's expected2 case), as its own case.
 * - `asGrantee`: also run as its own case with the objects owned by the role the fixture grants to
 *   (`postgres`), as in migra's own runs, where `postgres` connects: its GRANTs to that role are then
 *   no-ops and its REVOKEs take privileges from the owner itself.
 */

/** One way a case is checked. */
export type Direction =
  /** `autogen diff A B` applied to a copy of A gives B's dump; a second diff prints nothing and exits 0. */
  | "upgrade"
  /** The derived downgrade of that diff, applied after it, gives back A's dump. */
  | "downgrade"
  /** `autogen diff B A` applied to a copy of B gives A's dump; a second diff prints nothing and exits 0. */
  | "reverse";

export const DIRECTIONS: readonly Direction[] = ["upgrade", "downgrade", "reverse"];

/** Something the server must provide for the fixture to load; checked before the fixture runs. */
export type Requirement =
  { readonly kind: "icu" } | { readonly kind: "extension"; readonly name: string; readonly version?: string };

export interface MigraFixture {
  readonly name: string;
  readonly flags: readonly string[];
  readonly dumpArgs: readonly string[];
  /** What must stay untouched outside a scoped fixture's schemas. */
  readonly outsideDumpArgs?: readonly string[];
  readonly extensions: boolean;
  readonly requires?: readonly Requirement[];
  readonly withAdditions?: boolean;
  readonly asGrantee?: boolean;
}

/** The role the fixtures grant to, and that owns everything in an `asGrantee` case. */
export const FIXTURE_GRANTEE = "postgres";

/** migra's `test_fixtures` and `test_rls`: `--with-privileges`, dumps with GRANTs. */
function withPrivileges(name: string, extra: Partial<MigraFixture> = {}): MigraFixture {
  return { name, flags: ["--with-privileges"], dumpArgs: [], extensions: true, ...extra };
}

const CONTRIB = (...names: string[]): Requirement[] => names.map((name) => ({ kind: "extension", name }));

export const MIGRA_FIXTURES: readonly MigraFixture[] = [
  withPrivileges("collations", { requires: [{ kind: "icu" }] }),
  withPrivileges("constraints"),
  withPrivileges("dependencies", { withAdditions: true }),
  withPrivileges("dependencies2"),
  withPrivileges("dependencies3"),
  withPrivileges("dependencies4"),
  withPrivileges("enumdefaults"),
  withPrivileges("enumdeps"),
  withPrivileges("everything", { requires: CONTRIB("pg_trgm", "hstore", "citext"), withAdditions: true, asGrantee: true }),
  {
    name: "excludeschema",
    flags: ["--exclude-schema", "excludedschema"],
    dumpArgs: ["--no-privileges", "--exclude-schema=excludedschema"],
    outsideDumpArgs: ["--no-privileges", "--schema=excludedschema"],
    extensions: false,
  },
  {
    name: "extversions",
    flags: [],
    dumpArgs: ["--no-privileges"],
    extensions: true,
    requires: [
      { kind: "extension", name: "pg_trgm", version: "1.3" },
      { kind: "extension", name: "pg_trgm", version: "1.4" },
      { kind: "extension", name: "citext", version: "1.5" },
      { kind: "extension", name: "hstore" },
    ],
  },
  withPrivileges("generated"),
  // No migra test uses it (its expected.sql is stale); ours is checked like any other.
  withPrivileges("generated_added"),
  withPrivileges("identitycols"),
  withPrivileges("inherit"),
  withPrivileges("inherit2"),
  withPrivileges("partitioning"),
  withPrivileges("privileges", { withAdditions: true, asGrantee: true }),
  withPrivileges("rls"),
  withPrivileges("rls2"),
  withPrivileges("seq"),
  {
    name: "singleschema",
    flags: ["--schema", "goodschema"],
    dumpArgs: ["--no-privileges", "--schema=goodschema"],
    outsideDumpArgs: ["--no-privileges", "--exclude-schema=goodschema"],
    extensions: false,
    requires: CONTRIB("hstore", "citext"),
  },
  {
    name: "singleschema_ext",
    flags: [],
    dumpArgs: ["--no-privileges"],
    extensions: true,
    requires: CONTRIB("hstore", "citext"),
  },
  withPrivileges("triggers"),
  withPrivileges("triggers2"),
  withPrivileges("triggers3"),
];

/**
 * A fixture, or a fixture run from `a.sql` + `additions.sql` (named `<fixture>+additions`), either as the
 * test cluster's superuser or, for an `asGrantee` fixture, also as the role it grants to (named
 * `<case> owned by postgres`).
 */
export interface CorpusCase {
  readonly name: string;
  readonly fixture: MigraFixture;
  readonly withAdditions: boolean;
  /** The role that connects, loads the fixture and applies the diffs (owning what they create). */
  readonly ownedBy?: string;
}

export const CORPUS_CASES: readonly CorpusCase[] = MIGRA_FIXTURES.flatMap((fixture) => {
  const plain: CorpusCase[] = [
    { name: fixture.name, fixture, withAdditions: false },
    ...(fixture.withAdditions ? [{ name: `${fixture.name}+additions`, fixture, withAdditions: true }] : []),
  ];
  const owned = fixture.asGrantee
    ? plain.map((c) => ({ ...c, name: `${c.name} owned by ${FIXTURE_GRANTEE}`, ownedBy: FIXTURE_GRANTEE }))
    : [];
  return [...plain, ...owned];
});
