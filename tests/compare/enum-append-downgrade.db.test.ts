/**
 * A label added to an enum is `ADD VALUE` in the upgrade, and its inverse in the downgrade is a rebuild
 * (PostgreSQL cannot remove a label) that re-casts every column of the type. A check or exclusion
 * constraint, or an index predicate or expression, holding a constant of the type (`"status" = 'live'`,
 * what TypeORM entities write in `@Check` and `@Index({ where })`) is re-parsed at each re-cast as
 * `status = 'live'::e__old` and has no operator once the column has the new type. The upgrade's own
 * rebuilds are preceded by drops of those (src/compare/retype-dependents.ts), but an append's inverse
 * has none around it: the rebuild sets them aside itself, as the database has them when it runs. Found by
 * probing entity edits (2026-12-06): the downgrade failed with "operator does not exist: status_t <>
 * status_t__old".
 *
 * The cases compared with the same options share a round trip, a schema each (`sharedRoundTrip`: `public`,
 * or `app` where a case names its schema, in what a test expects is its schema).
 */
import { compare } from "../../src/compare";
import { ALL_MANAGED_KINDS } from "../../src/compare/managed-kinds";
import { ensureRoles, expectRoundTrip, expectShared, readModel, roundTrip, sharedRoundTrip } from "../catalog/catalog-round-trip";
import { invertAll } from "../../src/ops/invert";
import { applyOperations } from "../support/apply";
import { createTestDatabase } from "../support/test-db";

/** An enum with constraints and indexes naming its labels, and a row. */
const CONSTRAINED = (labels: string) => `
    CREATE EXTENSION IF NOT EXISTS btree_gist;
    CREATE TYPE status AS ENUM (${labels});
    CREATE TABLE accounts (
      id int PRIMARY KEY, name text, room int, span int4range, status status NOT NULL DEFAULT 'draft', history status[] NOT NULL DEFAULT '{}',
      CONSTRAINT named_when_live CHECK (status <> 'draft' OR name IS NOT NULL),
      CONSTRAINT some_history CHECK ('draft' = ANY (history) OR cardinality(history) = 0),
      CONSTRAINT no_overlap EXCLUDE USING gist (room WITH =, span WITH &&) WHERE (status = 'live')
    );
    ALTER TABLE accounts ADD CONSTRAINT later CHECK (status <> 'live' OR room IS NOT NULL) NOT VALID;
    COMMENT ON CONSTRAINT named_when_live ON accounts IS 'a live account has a name';
    CREATE UNIQUE INDEX live_name ON accounts (name) WHERE status = 'live';
    CREATE INDEX is_draft ON accounts ((status = 'draft'));
    COMMENT ON INDEX live_name IS 'one live account per name';
    CREATE INDEX plain ON accounts (status);
    ALTER TABLE accounts CLUSTER ON is_draft;
    INSERT INTO accounts VALUES (1, 'a', 1, '[1,2)', 'live', '{draft}');`;
const CONSTRAINED_CASE = { before: CONSTRAINED(`'draft', 'live'`), after: CONSTRAINED(`'draft', 'live', 'archived'`).replace(/INSERT INTO .*;/, "") };

/** An enum a composite type holds, and a column of that type with a row. */
const HELD = (labels: string) => `CREATE TYPE e AS ENUM (${labels}); CREATE TYPE c AS (x e); CREATE TABLE t (v c); INSERT INTO t VALUES (ROW('a'));`;

/** The cases compared between two databases with the default options, dumps without privileges. */
const plain = sharedRoundTrip({
  constrained: CONSTRAINED_CASE,
  composite: { before: HELD("'a'"), after: HELD("'a', 'b'"), rows: "SELECT (v).x::text FROM t" },
});

describe("the downgrade of a label added to an enum that a constraint or index names", () => {
  // As between two databases, and as autogenerate compares entities (which manage no optional kind: options
  // of its own, so its round trip is its own).
  it("two databases", async () => {
    const result = await plain.of("constrained");
    expect(result.upgrade.map((op) => op.kind)).toEqual(["alterEnum"]);
    expectRoundTrip(result);
  });

  it("entities", async () => {
    const result = await roundTrip({ ...CONSTRAINED_CASE, targetAsEntities: true, options: { manage: new Set<never>() } });
    expect(result.upgrade.map((op) => op.kind)).toEqual(["alterEnum"]);
    expectRoundTrip(result);
  });
});

describe("the downgrade of a label added to an enum with grants and a comment", () => {
  // The upgrade only adds the label (ADD VALUE), so no privilege or comment op comes with it; its inverse
  // creates the type again, which would start with the default ACL and no comment: the rebuild itself
  // sets the old type's on the new one. Found while carrying range types' subtype_diff functions through
  // rebuilds (2026-12-06): such a function, created again by that downgrade, lost its grants and comment
  // the same way. (Its own round trip: the cases below set default privileges for the whole database.)
  it("keeps the type's grants and comment", async () => {
    const side = (labels: string) => `CREATE TYPE e AS ENUM (${labels}); REVOKE USAGE ON TYPE e FROM PUBLIC; COMMENT ON TYPE e IS 'x'; CREATE TABLE t (k int, x e);`;
    expectRoundTrip(await roundTrip({ before: side("'a', 'b'"), after: side("'a', 'b', 'c'"), privileges: true }));
  });

  // The rebuild keeps them when the migration runs (src/sql/keep-grants-and-comments.ts), with an owner other
  // than the migration's role, a grant option and a grant passed on from it, on the type; and a domain on
  // it, without an ACL of its own, which default privileges of the migration's role would give a grant
  // when it is created again. The other way (a label removed) the comparison's own ops set them around
  // the rebuild: with privileges compared or not, each direction ends with exactly the ACLs and comments
  // of its target.
  //
  // The cases of each mode share a round trip, a schema each (`app`, which eacl_mid may use to find the type
  // it grants on); the default privileges name no schema, so they are set once, after every case's SQL.
  const compared = { manage: new Set(ALL_MANAGED_KINDS) };
  const side = (labels: string, changes = "") =>
    "CREATE SCHEMA app; GRANT USAGE ON SCHEMA app TO eacl_mid; SET search_path = app; " +
    `CREATE TYPE e AS ENUM (${labels}); ALTER TYPE e OWNER TO eacl_owner; REVOKE USAGE ON TYPE e FROM PUBLIC; ` +
    "GRANT USAGE ON TYPE e TO eacl_mid WITH GRANT OPTION; SET ROLE eacl_mid; GRANT USAGE ON TYPE e TO eacl_reader; RESET ROLE; " +
    "COMMENT ON TYPE e IS 'a state'; CREATE DOMAIN d AS e; COMMENT ON DOMAIN d IS 'a state, named'; CREATE TABLE t (k int, x e, y d); " +
    `${changes} RESET search_path;`;
  const DEFAULTS = "ALTER DEFAULT PRIVILEGES GRANT USAGE ON TYPES TO eacl_auditor;";
  beforeAll(() => ensureRoles(["eacl_owner", "eacl_mid", "eacl_reader", "eacl_auditor"]));
  // The ACLs with their grantors and order, which the dumps (without owners) do not show.
  const acls =
    "SELECT typname, pg_get_userbyid(typowner) AS owner, COALESCE(typacl, acldefault('T', typowner))::text AS acl " +
    "FROM pg_type WHERE typnamespace = 'app'::regnamespace AND typname IN ('e', 'd') ORDER BY 1";
  const changes = {
    added: { before: side("'a', 'b'"), after: side("'a', 'b', 'c'"), rows: acls },
    removed: { before: side("'a', 'b', 'c'"), after: side("'a', 'b'"), rows: acls },
  };
  const modes = {
    compared: sharedRoundTrip(
      {
        ...changes,
        // The type's grants and comment changed too (compared): the rebuild takes what the type has when it
        // runs, whichever side of it the downgrade's own ops put the original ones back.
        changedToo: {
          before: side("'a', 'b'"),
          after: side("'a', 'b', 'c'", "GRANT USAGE ON TYPE e TO eacl_auditor; REVOKE USAGE ON TYPE e FROM eacl_mid CASCADE; COMMENT ON TYPE e IS 'other';"),
        },
      },
      { options: compared, privileges: true, renames: "app", databaseWide: DEFAULTS },
    ),
    notCompared: sharedRoundTrip(changes, { privileges: true, renames: "app", databaseWide: DEFAULTS }),
  };

  describe.each([
    ["privileges compared", "compared"],
    ["privileges not compared", "notCompared"],
  ] as const)("%s", (_mode, mode) => {
    it.each([
      ["a label added", "added"],
      ["a label removed", "removed"],
    ] as const)("%s", async (_change, change) => {
      const result = await modes[mode].of(change);
      expectRoundTrip(result);
      const kept = [
        { typname: "d", owner: "autogen", acl: "{=U/autogen,autogen=U/autogen}" },
        { typname: "e", owner: "eacl_owner", acl: "{eacl_owner=U/eacl_owner,eacl_mid=U*/eacl_owner,eacl_reader=U/eacl_mid}" },
      ];
      expect(result.rows).toEqual({ original: kept, upgraded: kept, downgraded: kept });
    });

    it(`the shared round trip (${modes[mode].names}): A reaches B and comes back; each statement is one case's`, async () => {
      await expectShared(modes[mode]);
    });
  });

  it("a label added, the type's grants and comment changed", async () => {
    expectRoundTrip(await modes.compared.of("changedToo"));
  });
});

// Found by the database-to-database hunt (2026-12-06): the upgrade's ADD VALUE works, but its inverse
// rebuilds the enum, which retypes the composite type's attribute (ALTER TYPE c ALTER ATTRIBUTE x TYPE e),
// and PostgreSQL refuses that while a column holds the composite type (cannot alter type "c" because column
// "t.v" uses it). The rebuild now holds such columns as text while the attribute is retyped
// (src/sql/composite-holders.ts), their rows, defaults and the composite type itself kept.
describe("the downgrade of a label added to an enum that a composite type used by a column holds", () => {
  it("removes the label again, giving back A", async () => {
    expectRoundTrip(await plain.of("composite"));
  });

  it("keeps the rows, defaults and arrays of the type, with a comment on it, through an entity-side comparison too", async () => {
    const side = (labels: string) =>
      `CREATE TYPE e AS ENUM (${labels}); CREATE TYPE c AS (n int, x e, xs e[]); COMMENT ON TYPE c IS 'a pair';` +
      ` CREATE TABLE t (id int, v c DEFAULT ROW(1, 'a', '{a}')::c, vs c[] NOT NULL DEFAULT '{}');` +
      ` INSERT INTO t VALUES (1, ROW(2, 'a', '{a,a}'), ARRAY[ROW(3, 'a', NULL)::c]), (2, NULL, '{}'), (3, ROW(NULL, NULL, NULL), '{}');`;
    const rows = "SELECT id, v::text, vs::text FROM t ORDER BY id";
    const result = await roundTrip({ before: side("'a'"), after: side("'a', 'b'").replace(/INSERT INTO .*;/, ""), rows, targetAsEntities: true });
    expectRoundTrip(result);
    expect(result.upgrade.map((op) => op.kind)).toEqual(["alterEnum"]);
    expect(result.rows!.downgraded).toEqual(result.rows!.original);
  });

  // A row holding the label the downgrade removes, inside a composite value (or an array of them): the
  // downgrade stops before changing anything, naming the column, as for a column of the enum itself.
  it.each([
    ["a column of the composite type", "INSERT INTO t (v) VALUES (ROW('b', '{}'))", "v", "x"],
    ["an array of it, the label in an array attribute", "INSERT INTO t (vs) VALUES (ARRAY[ROW('a', '{a,b}')::c])", "vs", "xs"],
  ])("stops before anything changes where %s holds the label removed", async (_case, insert, column, attribute) => {
    const side = (labels: string) => `CREATE TYPE e AS ENUM (${labels}); CREATE TYPE c AS (x e, xs e[]); CREATE TABLE t (v c, vs c[]);`;
    const [a, b] = [await createTestDatabase("held_rows_a"), await createTestDatabase("held_rows_b")];
    try {
      await Promise.all([a.query(side("'a'")), b.query(side("'a', 'b'"))]);
      const { operations } = compare(await readModel(a.url, ["public"]), await readModel(b.url, ["public"]));
      await applyOperations(a.url, operations);
      await a.query(insert);
      await expect(applyOperations(a.url, invertAll(operations))).rejects.toThrow(
        `Cannot remove label 'b' from enum public.e: column ${column} of table public.t (of composite type public.c, attribute ${attribute}) holds it in some rows.`,
      );
      expect(await a.query("SELECT enum_range(NULL::e)::text AS labels")).toEqual([{ labels: "{a,b}" }]);
    } finally {
      await Promise.all([a.drop(), b.drop()]);
    }
  });

  // Held further in (a column of another composite type built on it), the attribute is still refused; the
  // comparison says so when it writes the ADD VALUE, where the user can act, as for a function it cannot set aside.
  it("warns, naming the column, where a column holds the composite type inside another one", async () => {
    const side = (labels: string) => `CREATE TYPE e AS ENUM (${labels}); CREATE TYPE c AS (x e); CREATE TYPE c2 AS (y c); CREATE TABLE t (w c2, v c);`;
    const [a, b] = [await createTestDatabase("held_a"), await createTestDatabase("held_b")];
    try {
      await Promise.all([a.query(side("'a'")), b.query(side("'a', 'b'"))]);
      const { operations, log } = compare(await readModel(a.url, ["public"]), await readModel(b.url, ["public"]));
      expect(operations.map((op) => op.kind)).toEqual(["alterEnum"]);
      expect(log.filter((line) => line.startsWith("Warning:"))).toEqual([
        "Warning: the downgrade of this migration removes the label added to enum 'public.e' by rebuilding the type, which " +
          "retypes an attribute of composite type 'public.c', but column public.t.w (of composite type public.c2, built on " +
          "public.c) holds that type inside another type, which the rebuild cannot set aside: that downgrade will stop " +
          "(cannot alter type because a column uses it) until that column is changed first",
      ]);
    } finally {
      await Promise.all([a.drop(), b.drop()]);
    }
    // As warned: the upgrade runs, the downgrade stops there.
    await expect(roundTrip({ before: side("'a'"), after: side("'a', 'b'") })).rejects.toThrow(/cannot alter type "c" because column "t\.w" uses it/);
  });
});

it(`the shared round trip (${plain.names}): A reaches B and comes back; each statement is one case's`, async () => {
  await expectShared(plain);
});
