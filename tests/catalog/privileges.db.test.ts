/**
 * Privileges on PostgreSQL 15, database to database with privileges managed (`--with-privileges`): GRANTs
 * and REVOKEs on tables, views, sequences, columns, functions and schemas, in the target's ACL order, so
 * that a dump of the result, GRANTs included, reads as the target's; each with its derived downgrade. Not
 * managed (the default), they are left alone but come back on an object the migration recreates.
 *
 * The cases that compare with the same options share one round trip (two databases, four dumps), each in
 * a schema of its own: `app` in a case's SQL, and in the statements its test expects, is `s<n>`. Each
 * case's test checks its part of the round trip (the operations, statements and dump parts that name its
 * schema: `caseIn`); each group's own test checks the whole, and that every statement belongs to one case.
 */
import { ALL_MANAGED_KINDS } from "../../src/compare/managed-kinds";
import { diff } from "../../src/api/diff";
import { createTestDatabase, serverMajor } from "../support/test-db";
import {
  ensureRoles,
  expectEachInOneCase,
  expectRoundTrip,
  expectShared,
  roundTrip,
  sharedRoundTrip,
  type RoundTripCase,
  type SharedCase,
} from "./catalog-round-trip";

const withPrivileges = { manage: new Set(ALL_MANAGED_KINDS) };

const BASE = `
  CREATE SCHEMA app;
  CREATE TABLE app.items (id integer, name text, price numeric);
  CREATE VIEW app.cheap AS SELECT id, name FROM app.items WHERE price < 10;
  CREATE SEQUENCE app.numbers;
  CREATE FUNCTION app.total() RETURNS numeric LANGUAGE sql AS 'SELECT sum(price) FROM app.items';
`;

const GRANTS = `
  GRANT USAGE ON SCHEMA app TO priv_reader;
  GRANT SELECT ON app.items TO priv_reader;
  GRANT INSERT, UPDATE ON app.items TO priv_writer WITH GRANT OPTION;
  GRANT SELECT ON app.items TO PUBLIC;
  GRANT UPDATE (name) ON app.items TO priv_reader;
  GRANT SELECT ON app.cheap TO priv_reader;
  GRANT USAGE, SELECT ON SEQUENCE app.numbers TO priv_writer;
  REVOKE EXECUTE ON FUNCTION app.total() FROM PUBLIC;
  GRANT EXECUTE ON FUNCTION app.total() TO priv_reader;
`;

const TYPES = `
  CREATE SCHEMA app;
  CREATE TYPE app.mood AS ENUM ('ok', 'glad');
  CREATE DOMAIN app.positive AS integer CHECK (VALUE > 0);
  CREATE TYPE app.pair AS (a integer, b integer);
  CREATE TABLE app.t (m app.mood, p app.positive, q app.pair);
`;
const RESTRICTED = `
  REVOKE USAGE ON TYPE app.mood FROM PUBLIC; GRANT USAGE ON TYPE app.mood TO priv_reader;
  REVOKE USAGE ON DOMAIN app.positive FROM PUBLIC;
  GRANT USAGE ON TYPE app.pair TO priv_reader WITH GRANT OPTION;
`;

const ROLES = ["priv_reader", "priv_writer", "priv_owner", "priv_lead", "priv_deputy", "priv_intern"];

/** Cases compared with the same options, in one round trip: each case's `app` becomes a schema of its own. */
const group = <K extends string>(cases: Readonly<Record<K, SharedCase>>, options: Omit<RoundTripCase, "before" | "after" | "schemas">) =>
  sharedRoundTrip(cases, { ...options, renames: "app", setUp: () => ensureRoles(ROLES) });

/** Managed, dumps with their GRANTs: the upgrade reaches B and the downgrade A, case by case. */
const managed = group(
  {
    grants: { before: BASE, after: BASE + GRANTS },
    revokes: { before: BASE + GRANTS, after: BASE },
    reorders: {
      before: `${BASE}
      GRANT SELECT, INSERT ON app.items TO priv_reader;
      GRANT SELECT ON app.items TO priv_writer;`,
      after: `${BASE}
      GRANT SELECT ON app.items TO priv_writer;
      GRANT UPDATE, INSERT ON app.items TO priv_reader WITH GRANT OPTION;`,
    },
    grantOption: {
      before: `${BASE} GRANT SELECT ON app.items TO priv_reader WITH GRANT OPTION; GRANT INSERT ON app.items TO priv_writer;`,
      after: `${BASE} GRANT SELECT ON app.items TO priv_reader; GRANT INSERT ON app.items TO priv_writer WITH GRANT OPTION;`,
    },
    ownerRevoked: {
      before: `${BASE}
      ALTER TABLE app.items OWNER TO priv_owner;
      ALTER SCHEMA app OWNER TO priv_owner;`,
      after: `${BASE}
      ALTER TABLE app.items OWNER TO priv_owner;
      ALTER SCHEMA app OWNER TO priv_owner;
      REVOKE SELECT ON app.items FROM priv_owner;
      GRANT SELECT (name) ON app.items TO priv_owner;
      REVOKE UPDATE ON SEQUENCE app.numbers FROM CURRENT_USER;
      REVOKE ALL ON app.cheap FROM CURRENT_USER;
      REVOKE EXECUTE ON FUNCTION app.total() FROM CURRENT_USER;
      REVOKE CREATE ON SCHEMA app FROM priv_owner;`,
    },
    grantToOwner: {
      before: `${BASE} ALTER TABLE app.items OWNER TO priv_owner; GRANT SELECT, INSERT ON app.items TO priv_owner;`,
      after: `${BASE} ALTER TABLE app.items OWNER TO priv_owner; GRANT UPDATE, INSERT ON app.items TO priv_owner; GRANT DELETE ON app.items TO priv_owner;
        REVOKE SELECT ON app.items FROM priv_owner;`,
    },
    created: {
      before: BASE,
      after: `${BASE} CREATE TABLE app.fresh (id int); REVOKE TRUNCATE ON app.fresh FROM CURRENT_USER;`,
    },
    createdFunction: {
      before: BASE,
      after: `${BASE} CREATE FUNCTION app.secret() RETURNS int LANGUAGE sql AS 'SELECT 1';
        REVOKE EXECUTE ON FUNCTION app.secret() FROM PUBLIC; GRANT EXECUTE ON FUNCTION app.secret() TO priv_reader;`,
    },
    // What an object's removal gives back (EXECUTE to PUBLIC, an owner's own privileges) is GRANTed, and what
    // its addition takes away is REVOKEd: their statements alone would put each at the wrong end of a
    // migration that drops the object, or drops and creates it again (`stage`).
    "its signature changes": {
      before:
        "CREATE SCHEMA app; CREATE FUNCTION app.f(a integer) RETURNS int LANGUAGE sql AS 'SELECT 1'; REVOKE EXECUTE ON FUNCTION app.f(integer) FROM PUBLIC; GRANT EXECUTE ON FUNCTION app.f(integer) TO priv_reader;",
      after:
        "CREATE SCHEMA app; CREATE FUNCTION app.f(a bigint) RETURNS int LANGUAGE sql AS 'SELECT 1'; REVOKE EXECUTE ON FUNCTION app.f(bigint) FROM PUBLIC; GRANT EXECUTE ON FUNCTION app.f(bigint) TO priv_reader;",
    },
    "its return type changes (dropped and created again)": {
      before: "CREATE SCHEMA app; CREATE FUNCTION app.g() RETURNS int LANGUAGE sql AS 'SELECT 1'; REVOKE EXECUTE ON FUNCTION app.g() FROM PUBLIC;",
      after: "CREATE SCHEMA app; CREATE FUNCTION app.g() RETURNS bigint LANGUAGE sql AS 'SELECT 1'; REVOKE EXECUTE ON FUNCTION app.g() FROM PUBLIC;",
    },
    "it is dropped": {
      before: "CREATE SCHEMA app; CREATE FUNCTION app.h() RETURNS int LANGUAGE sql AS 'SELECT 1'; REVOKE EXECUTE ON FUNCTION app.h() FROM PUBLIC;",
      after: "CREATE SCHEMA app;",
    },
    "it is a view created again whose owner revoked some privileges from itself": {
      before:
        "CREATE SCHEMA app; CREATE TABLE app.t (a int, b int); CREATE VIEW app.v AS SELECT a FROM app.t; REVOKE TRUNCATE, DELETE ON app.v FROM CURRENT_USER; GRANT SELECT ON app.v TO priv_reader;",
      after:
        "CREATE SCHEMA app; CREATE TABLE app.t (a int, b int); CREATE VIEW app.v AS SELECT b FROM app.t; REVOKE TRUNCATE, DELETE ON app.v FROM CURRENT_USER; GRANT SELECT ON app.v TO priv_reader;",
    },
    // PostgreSQL's REVOKE on a table takes the same privilege from the grantee's entry on each of its columns
    // (from the same grantor), and removes an entry it empties: what a column's entry keeps is revoked before
    // and granted again after, and the derived downgrade does the same around its REVOKE.
    columnsKept: {
      before: `${BASE} GRANT SELECT ON app.items TO priv_reader; GRANT SELECT (name, price) ON app.items TO priv_reader;`,
      after: `${BASE} GRANT SELECT (name, price) ON app.items TO priv_reader;`,
    },
    // The reader's entry on the column, emptied on the way, comes back before the writer's, as it was.
    columnKeptBeforeAnother: {
      before: `${BASE} GRANT SELECT ON app.items TO priv_reader; GRANT SELECT (price) ON app.items TO priv_reader, priv_writer;`,
      after: `${BASE} GRANT SELECT (price) ON app.items TO priv_reader, priv_writer;`,
    },
    // The entry keeps SELECT on the way: it stays in place, and UPDATE comes back to it.
    columnKeptUpdate: {
      before: `${BASE} GRANT UPDATE ON app.items TO priv_reader; GRANT SELECT, UPDATE (price) ON app.items TO priv_reader;`,
      after: `${BASE} GRANT SELECT, UPDATE (price) ON app.items TO priv_reader;`,
    },
    // The table's SELECT traded for INSERT: one change, at the addition end, whose REVOKE the column's grant follows.
    columnKeptTableTraded: {
      before: `${BASE} GRANT SELECT ON app.items TO priv_reader; GRANT SELECT (price) ON app.items TO priv_reader;`,
      after: `${BASE} GRANT INSERT ON app.items TO priv_reader; GRANT SELECT (price) ON app.items TO priv_reader;`,
    },
    // The other way: the downgrade's REVOKE on the table would take the column's SELECT.
    columnKeptTableGranted: {
      before: `${BASE} GRANT SELECT (price) ON app.items TO priv_reader;`,
      after: `${BASE} GRANT SELECT ON app.items TO priv_reader; GRANT SELECT (price) ON app.items TO priv_reader;`,
    },
    // The owner's own grant on a column, kept while the owner's SELECT on the table comes back: the
    // downgrade's REVOKE on the table would take it.
    ownerColumnTableGranted: {
      before: `${BASE} REVOKE SELECT ON app.items FROM CURRENT_USER; GRANT SELECT (price) ON app.items TO CURRENT_USER;`,
      after: `${BASE} GRANT SELECT (price) ON app.items TO CURRENT_USER;`,
    },
    // The owner's own grants on two columns, one kept and one traded, while the owner's entry on the table
    // trades INSERT for SELECT: a change that also grants, whose REVOKE runs at the addition end.
    ownerColumnsTableTraded: {
      before: `${BASE} REVOKE INSERT ON app.items FROM CURRENT_USER; GRANT SELECT (price), SELECT (name) ON app.items TO CURRENT_USER;`,
      after: `${BASE} REVOKE SELECT ON app.items FROM CURRENT_USER; GRANT SELECT (price), UPDATE (name) ON app.items TO CURRENT_USER;`,
    },
    types: { before: TYPES, after: TYPES + RESTRICTED },
    enumRebuilt: { before: TYPES + RESTRICTED, after: (TYPES + RESTRICTED).replace("ENUM ('ok', 'glad')", "ENUM ('ok')") },
  },
  { options: withPrivileges, privileges: true },
);

/** Managed, dumps without GRANTs: what owners hold. */
const owners = group(
  {
    sameGrants: {
      // Granted by the superuser on objects another role owns: the grantor recorded is the owner.
      before: `${BASE} ALTER TABLE app.items OWNER TO priv_owner; ALTER SCHEMA app OWNER TO priv_owner; GRANT SELECT ON app.items TO priv_reader; GRANT USAGE ON SCHEMA app TO priv_reader;`,
      after: `${BASE} GRANT SELECT ON app.items TO priv_reader; GRANT USAGE ON SCHEMA app TO priv_reader;`,
    },
    sameHeld: {
      before: `${BASE} ALTER TABLE app.items OWNER TO priv_owner; REVOKE TRUNCATE ON app.items FROM priv_owner;`,
      after: `${BASE} ALTER TABLE app.items OWNER TO CURRENT_USER; REVOKE TRUNCATE ON app.items FROM CURRENT_USER;`,
    },
    heldBack: {
      before: `${BASE} ALTER TABLE app.items OWNER TO priv_owner; REVOKE TRUNCATE ON app.items FROM priv_owner;`,
      after: `${BASE} GRANT SELECT ON app.items TO priv_reader;`,
    },
    targetOwnerRevoked: {
      before: `${BASE} ALTER TABLE app.items OWNER TO priv_owner; GRANT SELECT ON app.items TO priv_reader;`,
      after: `${BASE} REVOKE TRUNCATE ON app.items FROM CURRENT_USER;`,
    },
  },
  { options: withPrivileges },
);

/** Managed, the owners looked up when the statements run (the comparison's DO blocks kept). */
const atRunTime = group(
  {
    everyKind: {
      // A's objects are owned by priv_owner, B's by the test role: only A's owners can be named, at run time.
      before: `${BASE}
      ALTER TABLE app.items OWNER TO priv_owner; ALTER SEQUENCE app.numbers OWNER TO priv_owner;
      ALTER FUNCTION app.total() OWNER TO priv_owner; ALTER SCHEMA app OWNER TO priv_owner;
      GRANT SELECT ON app.items TO priv_reader;`,
      after: `${BASE} GRANT SELECT ON app.items TO priv_reader;
      REVOKE TRUNCATE ON app.items FROM CURRENT_USER;
      REVOKE SELECT (name) ON app.items FROM CURRENT_USER;
      REVOKE UPDATE ON SEQUENCE app.numbers FROM CURRENT_USER;
      REVOKE EXECUTE ON FUNCTION app.total() FROM CURRENT_USER;
      REVOKE CREATE ON SCHEMA app FROM CURRENT_USER;`,
    },
    oddName: {
      before: `CREATE SCHEMA app; CREATE TABLE app."50% off ""today"" \\x" (id int); ALTER TABLE app."50% off ""today"" \\x" OWNER TO priv_owner;`,
      after: `CREATE SCHEMA app; CREATE TABLE app."50% off ""today"" \\x" (id int); REVOKE TRUNCATE ON app."50% off ""today"" \\x" FROM CURRENT_USER;`,
    },
  },
  { options: withPrivileges, ownersAtRunTime: true },
);

/**
 * Grants passed on from a grant option: each an ACL entry of its grantor's (`lead=r*` from the owner, then
 * `intern=r` from lead), made and revoked as that role. The grantors need the schema's USAGE to name its
 * objects, on both sides.
 */
const PASSED_BASE = `
  CREATE SCHEMA app;
  GRANT USAGE ON SCHEMA app TO priv_lead, priv_deputy;
  CREATE TABLE app.items (id integer, name text, price numeric);
  CREATE FUNCTION app.total() RETURNS numeric LANGUAGE sql AS 'SELECT sum(price) FROM app.items';
`;
/** `sql` run as `role`. */
const as = (role: string, sql: string) => `SET ROLE ${role}; ${sql} RESET ROLE;`;
const LEAD_OPTION = "GRANT SELECT, INSERT ON app.items TO priv_lead WITH GRANT OPTION;";
/** Lead holds SELECT and INSERT, SELECT's option before and INSERT's after. */
const TRADE_BEFORE = "GRANT SELECT ON app.items TO priv_lead WITH GRANT OPTION; GRANT INSERT ON app.items TO priv_lead;";
const TRADE_AFTER = "GRANT SELECT ON app.items TO priv_lead; GRANT INSERT ON app.items TO priv_lead WITH GRANT OPTION;";
const KEPT_OPTION = "GRANT UPDATE ON app.items TO priv_lead WITH GRANT OPTION;";
/** Lead holds SELECT (price) with its option, and UPDATE (price). */
const COLUMN_OPTION = "GRANT SELECT (price) ON app.items TO priv_lead WITH GRANT OPTION; GRANT UPDATE (price) ON app.items TO priv_lead;";

const passedOn = group(
  {
    passedOnAdded: {
      before: PASSED_BASE + LEAD_OPTION,
      after: PASSED_BASE + LEAD_OPTION + as("priv_lead", "GRANT SELECT ON app.items TO priv_intern;"),
    },
    passedOnRemoved: {
      before: PASSED_BASE + LEAD_OPTION + as("priv_lead", "GRANT SELECT ON app.items TO priv_intern;"),
      after: PASSED_BASE + LEAD_OPTION,
    },
    passedOnChanged: {
      before: PASSED_BASE + LEAD_OPTION + as("priv_lead", "GRANT SELECT ON app.items TO priv_intern;"),
      after: PASSED_BASE + LEAD_OPTION + as("priv_lead", "GRANT INSERT ON app.items TO priv_intern WITH GRANT OPTION;"),
    },
    // The intern holds SELECT twice: from the owner, and from lead (two entries).
    twoGrantors: {
      before: `${PASSED_BASE} ${LEAD_OPTION} GRANT SELECT ON app.items TO priv_intern;`,
      after: `${PASSED_BASE} ${LEAD_OPTION} GRANT SELECT ON app.items TO priv_intern; ${as("priv_lead", "GRANT SELECT ON app.items TO priv_intern;")}`,
    },
    // Lead loses its option: what it passed on goes first.
    optionRevoked: {
      before: PASSED_BASE + LEAD_OPTION + as("priv_lead", "GRANT SELECT ON app.items TO priv_intern;"),
      after: `${PASSED_BASE} GRANT SELECT, INSERT ON app.items TO priv_lead;`,
    },
    chain: {
      before: PASSED_BASE,
      after:
        PASSED_BASE +
        LEAD_OPTION +
        as("priv_lead", "GRANT SELECT ON app.items TO priv_deputy WITH GRANT OPTION;") +
        as("priv_deputy", "GRANT SELECT ON app.items TO priv_intern;"),
    },
    // Deputy keeps SELECT but loses the option it passed SELECT on from: the intern's grant goes first.
    chainCut: {
      before:
        PASSED_BASE +
        LEAD_OPTION +
        as("priv_lead", "GRANT SELECT ON app.items TO priv_deputy WITH GRANT OPTION;") +
        as("priv_deputy", "GRANT SELECT ON app.items TO priv_intern;"),
      after: PASSED_BASE + LEAD_OPTION + as("priv_lead", "GRANT SELECT ON app.items TO priv_deputy;"),
    },
    // From a column's own grant option, and from the grant option on its table.
    columns: {
      before: PASSED_BASE,
      after: `${PASSED_BASE}
        GRANT SELECT (name) ON app.items TO priv_lead WITH GRANT OPTION;
        GRANT UPDATE ON app.items TO priv_deputy WITH GRANT OPTION;
        ${as("priv_lead", "GRANT SELECT (name) ON app.items TO priv_intern;")}
        ${as("priv_deputy", "GRANT UPDATE (price) ON app.items TO priv_intern;")}`,
    },
    execute: {
      before: PASSED_BASE,
      after: `${PASSED_BASE}
        REVOKE EXECUTE ON FUNCTION app.total() FROM PUBLIC;
        GRANT EXECUTE ON FUNCTION app.total() TO priv_lead WITH GRANT OPTION;
        ${as("priv_lead", "GRANT EXECUTE ON FUNCTION app.total() TO priv_intern;")}`,
    },
    // Lead's option moves from SELECT to INSERT, and what it passed on with it: lead gains INSERT's option
    // before the intern's grant moves, and loses SELECT's after, when the intern no longer holds SELECT.
    optionTraded: {
      before: `${PASSED_BASE} ${TRADE_BEFORE} ${as("priv_lead", "GRANT SELECT ON app.items TO priv_intern;")}`,
      after: `${PASSED_BASE} ${TRADE_AFTER} ${as("priv_lead", "GRANT INSERT ON app.items TO priv_intern;")}`,
    },
    // Lead only loses SELECT's option, while what it passed on moves from SELECT to INSERT.
    optionLostPassedOnTraded: {
      before: `${PASSED_BASE} ${LEAD_OPTION} ${as("priv_lead", "GRANT SELECT ON app.items TO priv_intern;")}`,
      after: `${PASSED_BASE} ${TRADE_AFTER} ${as("priv_lead", "GRANT INSERT ON app.items TO priv_intern;")}`,
    },
    // Lead's option moves, while what it passed on only loses SELECT (it keeps UPDATE): a removal, which
    // runs before anything is granted.
    optionTradedPassedOnLost: {
      before: `${PASSED_BASE} ${TRADE_BEFORE} ${KEPT_OPTION} ${as("priv_lead", "GRANT SELECT, UPDATE ON app.items TO priv_intern;")}`,
      after: `${PASSED_BASE} ${TRADE_AFTER} ${KEPT_OPTION} ${as("priv_lead", "GRANT UPDATE ON app.items TO priv_intern;")}`,
    },
    // Lead keeps its options; deputy's, from lead, moves from SELECT to INSERT, and what deputy passed on with it.
    chainTraded: {
      before:
        PASSED_BASE +
        LEAD_OPTION +
        as("priv_lead", "GRANT SELECT ON app.items TO priv_deputy WITH GRANT OPTION;") +
        as("priv_deputy", "GRANT SELECT ON app.items TO priv_intern;"),
      after:
        PASSED_BASE +
        LEAD_OPTION +
        as("priv_lead", "GRANT INSERT ON app.items TO priv_deputy WITH GRANT OPTION;") +
        as("priv_deputy", "GRANT INSERT ON app.items TO priv_intern;"),
    },
    // Every link of the chain moves from SELECT to INSERT: the grants in order, then the revokes the other way.
    chainTradedThrough: {
      before:
        PASSED_BASE +
        TRADE_BEFORE +
        as("priv_lead", "GRANT SELECT ON app.items TO priv_deputy WITH GRANT OPTION;") +
        as("priv_deputy", "GRANT SELECT ON app.items TO priv_intern;"),
      after:
        PASSED_BASE +
        TRADE_AFTER +
        as("priv_lead", "GRANT INSERT ON app.items TO priv_deputy WITH GRANT OPTION;") +
        as("priv_deputy", "GRANT INSERT ON app.items TO priv_intern;"),
    },
    // Lead only loses SELECT's option, deputy (from lead) only loses SELECT, and what deputy passed on moves
    // from SELECT to INSERT: deputy's REVOKE waits for the intern's change, and lead's for deputy's.
    chainLost: {
      before:
        PASSED_BASE +
        LEAD_OPTION +
        as("priv_lead", "GRANT SELECT, INSERT ON app.items TO priv_deputy WITH GRANT OPTION;") +
        as("priv_deputy", "GRANT SELECT ON app.items TO priv_intern;"),
      after:
        PASSED_BASE +
        TRADE_AFTER +
        as("priv_lead", "GRANT INSERT ON app.items TO priv_deputy WITH GRANT OPTION;") +
        as("priv_deputy", "GRANT INSERT ON app.items TO priv_intern;"),
    },
    // Lead's option moves from the table to a column, and what lead passed on with it: the intern's grant
    // on the table goes, at the start, and lead's SELECT on the table after it, before lead gets SELECT's
    // option on the column (a REVOKE on the table would take the column's along).
    optionToColumn: {
      before: `${PASSED_BASE} ${TRADE_BEFORE} ${as("priv_lead", "GRANT SELECT ON app.items TO priv_intern;")}`,
      after: `${PASSED_BASE}
        GRANT INSERT ON app.items TO priv_lead; GRANT SELECT (name) ON app.items TO priv_lead WITH GRANT OPTION;
        ${as("priv_lead", "GRANT SELECT (name) ON app.items TO priv_intern;")}`,
    },
    // The same trade on a column: lead's option on it, and what lead passed on from that option.
    columnTraded: {
      before: `${PASSED_BASE}
        GRANT SELECT (name) ON app.items TO priv_lead WITH GRANT OPTION; GRANT INSERT (name) ON app.items TO priv_lead;
        ${as("priv_lead", "GRANT SELECT (name) ON app.items TO priv_intern;")}`,
      after: `${PASSED_BASE}
        GRANT SELECT (name) ON app.items TO priv_lead; GRANT INSERT (name) ON app.items TO priv_lead WITH GRANT OPTION;
        ${as("priv_lead", "GRANT INSERT (name) ON app.items TO priv_intern;")}`,
    },
    // Lead's option moves from SELECT to INSERT on the table, cut (the intern's grant from lead moves with
    // it), while lead gets SELECT with its option on a column and passes it on there: the table's REVOKE of
    // SELECT, late, would take the column's SELECT too (PostgreSQL revokes a table's privilege from its
    // columns as well), so the column's grants follow it, lead's first.
    optionLateColumnGained: {
      before: `${PASSED_BASE} ${TRADE_BEFORE} ${as("priv_lead", "GRANT SELECT ON app.items TO priv_intern;")}`,
      after: `${PASSED_BASE}
        GRANT INSERT ON app.items TO priv_lead WITH GRANT OPTION; GRANT SELECT (price) ON app.items TO priv_lead WITH GRANT OPTION;
        ${as("priv_lead", "GRANT INSERT ON app.items TO priv_intern; GRANT SELECT (price) ON app.items TO priv_intern;")}`,
    },
    // The same, lead keeping SELECT on the table: only the option's REVOKE is late, and it takes the column's option.
    optionLateColumnOption: {
      before: `${PASSED_BASE} ${TRADE_BEFORE} ${as("priv_lead", "GRANT SELECT ON app.items TO priv_intern;")}`,
      after: `${PASSED_BASE} ${TRADE_AFTER} GRANT SELECT (price) ON app.items TO priv_lead WITH GRANT OPTION;
        ${as("priv_lead", "GRANT INSERT ON app.items TO priv_intern; GRANT SELECT (price) ON app.items TO priv_intern;")}`,
    },
    // Lead gets SELECT on a column without its option, and passes nothing on from it.
    optionLateColumnPrivilege: {
      before: `${PASSED_BASE} ${TRADE_BEFORE} ${as("priv_lead", "GRANT SELECT ON app.items TO priv_intern;")}`,
      after: `${PASSED_BASE} GRANT INSERT ON app.items TO priv_lead WITH GRANT OPTION; GRANT SELECT (price) ON app.items TO priv_lead;
        ${as("priv_lead", "GRANT INSERT ON app.items TO priv_intern;")}`,
    },
    // Down a chain: deputy's option from lead moves from SELECT to INSERT on the table, and deputy gets SELECT's
    // option on a column from lead and passes SELECT on there (lead holds that option on the column: PostgreSQL
    // lets a role grant a column's option only from the column's own).
    chainLateColumn: {
      before: `${PASSED_BASE} ${LEAD_OPTION} GRANT SELECT (price) ON app.items TO priv_lead WITH GRANT OPTION;
        ${as("priv_lead", "GRANT SELECT ON app.items TO priv_deputy WITH GRANT OPTION;")}
        ${as("priv_deputy", "GRANT SELECT ON app.items TO priv_intern;")}`,
      after: `${PASSED_BASE} ${LEAD_OPTION} GRANT SELECT (price) ON app.items TO priv_lead WITH GRANT OPTION;
        ${as("priv_lead", "GRANT INSERT ON app.items TO priv_deputy WITH GRANT OPTION; GRANT SELECT (price) ON app.items TO priv_deputy WITH GRANT OPTION;")}
        ${as("priv_deputy", "GRANT INSERT ON app.items TO priv_intern; GRANT SELECT (price) ON app.items TO priv_intern;")}`,
    },
    // Lead keeps SELECT (price) while its SELECT on the table goes, cut (the intern's grant from lead moves),
    // and another role's entry follows lead's on the column: lead's entry, emptied by the late REVOKE, is
    // granted again after it, and the other's after lead's.
    optionLateColumnKeptBeforeAnother: {
      before: `${PASSED_BASE} ${TRADE_BEFORE} GRANT SELECT (price) ON app.items TO priv_lead, priv_deputy;
        ${as("priv_lead", "GRANT SELECT ON app.items TO priv_intern;")}`,
      after: `${PASSED_BASE} GRANT INSERT ON app.items TO priv_lead WITH GRANT OPTION; GRANT SELECT (price) ON app.items TO priv_lead, priv_deputy;
        ${as("priv_lead", "GRANT INSERT ON app.items TO priv_intern;")}`,
    },
    // Lead keeps SELECT (price) with its option, and what it passed on from it, while its SELECT on the table
    // goes: PostgreSQL would refuse that REVOKE while the intern holds SELECT (price) from lead's option.
    // Lead's entry on the column keeps UPDATE on the way, and its place; the intern's does not.
    columnOptionKeptPassedOn: {
      before: `${PASSED_BASE} GRANT SELECT, INSERT ON app.items TO priv_lead; ${COLUMN_OPTION}
        ${as("priv_lead", "GRANT SELECT (price) ON app.items TO priv_intern;")}`,
      after: `${PASSED_BASE} GRANT INSERT ON app.items TO priv_lead; ${COLUMN_OPTION}
        ${as("priv_lead", "GRANT SELECT (price) ON app.items TO priv_intern;")}`,
    },
    // Lead's SELECT on the table goes, which takes SELECT (price) with its option from lead's entry on the
    // column, while that entry also loses INSERT's option (cut: the intern's grant from lead there moves from
    // SELECT and INSERT to UPDATE). The intern's SELECT goes at the start, lead's REVOKE of INSERT's option last.
    columnCutTouched: {
      before: `${PASSED_BASE} GRANT SELECT ON app.items TO priv_lead;
        GRANT SELECT (price), INSERT (price) ON app.items TO priv_lead WITH GRANT OPTION;
        ${as("priv_lead", "GRANT SELECT (price), INSERT (price) ON app.items TO priv_intern;")}`,
      after: `${PASSED_BASE} GRANT SELECT (price), INSERT (price) ON app.items TO priv_lead;
        GRANT UPDATE (price) ON app.items TO priv_lead WITH GRANT OPTION;
        ${as("priv_lead", "GRANT UPDATE (price) ON app.items TO priv_intern;")}`,
    },
    // The other way: lead's SELECT on the table is granted while lead's option on the column moves from INSERT
    // to SELECT, cut; the downgrade's REVOKE on the table would take SELECT (price) with its option.
    columnCutTableGranted: {
      before: `${PASSED_BASE} GRANT SELECT (price) ON app.items TO priv_lead; GRANT INSERT (price) ON app.items TO priv_lead WITH GRANT OPTION;
        ${as("priv_lead", "GRANT INSERT (price) ON app.items TO priv_intern;")}`,
      after: `${PASSED_BASE} GRANT SELECT ON app.items TO priv_lead;
        GRANT SELECT (price) ON app.items TO priv_lead WITH GRANT OPTION; GRANT INSERT (price) ON app.items TO priv_lead;
        ${as("priv_lead", "GRANT SELECT (price) ON app.items TO priv_intern;")}`,
    },
    // The same down a chain: deputy holds SELECT (price) and INSERT (price) with their options from lead, and
    // the intern from deputy. Deputy's and the intern's SELECT go at the start, before lead's on the table;
    // deputy's INSERT and lead's option on it go last, in that order, once the intern's INSERT is gone.
    columnCutTouchedChain: {
      before: `${PASSED_BASE} GRANT SELECT ON app.items TO priv_lead;
        GRANT SELECT (price), INSERT (price) ON app.items TO priv_lead WITH GRANT OPTION;
        ${as("priv_lead", "GRANT SELECT (price), INSERT (price) ON app.items TO priv_deputy WITH GRANT OPTION;")}
        ${as("priv_deputy", "GRANT SELECT (price), INSERT (price) ON app.items TO priv_intern;")}`,
      after: `${PASSED_BASE} GRANT SELECT (price), UPDATE (price) ON app.items TO priv_lead WITH GRANT OPTION; GRANT INSERT (price) ON app.items TO priv_lead;
        ${as("priv_lead", "GRANT SELECT (price), UPDATE (price) ON app.items TO priv_deputy WITH GRANT OPTION;")}
        ${as("priv_deputy", "GRANT SELECT (price), UPDATE (price) ON app.items TO priv_intern;")}`,
    },
    // As columnCutTouched, lead's change on the table also granting (SELECT, UPDATE to UPDATE, DELETE): its
    // REVOKE of SELECT runs at the addition end, so do lead's grants on the column and the intern's after it
    // (late), and the second half of lead's cut change after those.
    columnCutLateTable: {
      before: `${PASSED_BASE} GRANT SELECT, UPDATE ON app.items TO priv_lead;
        GRANT SELECT (price), INSERT (price) ON app.items TO priv_lead WITH GRANT OPTION;
        ${as("priv_lead", "GRANT SELECT (price), INSERT (price) ON app.items TO priv_intern;")}`,
      after: `${PASSED_BASE} GRANT UPDATE, DELETE ON app.items TO priv_lead; GRANT SELECT (price), INSERT (price) ON app.items TO priv_lead;
        GRANT UPDATE (price) ON app.items TO priv_lead WITH GRANT OPTION;
        ${as("priv_lead", "GRANT UPDATE (price) ON app.items TO priv_intern;")}`,
    },
    // Dropped and created again (another result type): what lead passed on comes back after lead's option.
    executeRecreated: {
      before: `${PASSED_BASE}
        GRANT EXECUTE ON FUNCTION app.total() TO priv_lead WITH GRANT OPTION;
        ${as("priv_lead", "GRANT EXECUTE ON FUNCTION app.total() TO priv_intern;")}`,
      after: `${PASSED_BASE.replace("RETURNS numeric", "RETURNS bigint").replace("sum(price)", "count(*)")}
        GRANT EXECUTE ON FUNCTION app.total() TO priv_lead WITH GRANT OPTION;
        ${as("priv_lead", "GRANT EXECUTE ON FUNCTION app.total() TO priv_intern;")}`,
    },
  },
  { options: withPrivileges, privileges: true },
);

/** Not managed, dumps with their GRANTs. */
const unmanaged = group(
  {
    viewRecreated: {
      before: BASE + GRANTS,
      after: (BASE + GRANTS).replace("GRANT SELECT ON app.items TO PUBLIC;", "").replace("price < 10", "price < 20"),
    },
    enumRebuilt: { before: TYPES + RESTRICTED, after: (TYPES + RESTRICTED).replace("ENUM ('ok', 'glad')", "ENUM ('ok')") },
  },
  { privileges: true },
);

describe("privileges: database to database on PostgreSQL 15", () => {
  it("finds nothing between the same grants on objects of different owners", async () => {
    expect((await owners.of("sameGrants")).upgrade).toEqual([]);
  });

  it("grants on every kind of object, in the target's order", async () => {
    const result = await managed.of("grants");
    const app = managed.in("grants");
    expectRoundTrip(result);
    expect(result.upgradeSql).toContain(app(`GRANT INSERT, UPDATE ON TABLE "app"."items" TO "priv_writer" WITH GRANT OPTION`));
    expect(result.upgradeSql).toContain(app(`GRANT UPDATE ("name") ON TABLE "app"."items" TO "priv_reader"`));
    expect(result.upgradeSql).toContain(app(`REVOKE EXECUTE ON FUNCTION "app"."total"() FROM PUBLIC`));
    expect(result.upgradeSql).toContain(app(`GRANT USAGE ON SCHEMA "app" TO "priv_reader"`));
  });

  it("revokes everything it granted", async () => {
    expectRoundTrip(await managed.of("revokes"));
  });

  it("changes grants in place, and reorders an ACL whose entries are out of the target's order", async () => {
    const result = await managed.of("reorders");
    expectRoundTrip(result);
    // The reader's entry comes first and the writer's must: both are revoked (last first), then granted in order.
    expect(result.upgradeSql).toEqual(
      [
        `REVOKE SELECT ON TABLE "app"."items" FROM "priv_writer"`,
        `REVOKE INSERT, SELECT ON TABLE "app"."items" FROM "priv_reader"`,
        `GRANT SELECT ON TABLE "app"."items" TO "priv_writer"`,
        `GRANT INSERT, UPDATE ON TABLE "app"."items" TO "priv_reader" WITH GRANT OPTION`,
      ].map(managed.in("reorders")),
    );
  });

  it("turns a grant option on and off without moving the entry", async () => {
    const result = await managed.of("grantOption");
    expectRoundTrip(result);
    expect(result.upgradeSql).toEqual(
      [
        `REVOKE GRANT OPTION FOR SELECT ON TABLE "app"."items" FROM "priv_reader"`,
        `GRANT INSERT ON TABLE "app"."items" TO "priv_writer" WITH GRANT OPTION`,
      ].map(managed.in("grantOption")),
    );
  });

  it("sees privileges an owner revoked from itself, on every kind, and gives them back", async () => {
    const result = await managed.of("ownerRevoked");
    const app = managed.in("ownerRevoked");
    expectRoundTrip(result);
    expect(result.upgradeSql).toEqual(
      expect.arrayContaining(
        [
          `REVOKE SELECT ON TABLE "app"."items" FROM "priv_owner"`,
          `GRANT SELECT ("name") ON TABLE "app"."items" TO "priv_owner"`,
          `REVOKE UPDATE ON SEQUENCE "app"."numbers" FROM "autogen"`,
          `REVOKE CREATE ON SCHEMA "app" FROM "priv_owner"`,
          `REVOKE EXECUTE ON FUNCTION "app"."total"() FROM "autogen"`,
        ].map(app),
      ),
    );
    // The view's owner revoked everything from itself: its entry is gone, and the REVOKE names all of it
    // (from PostgreSQL 17 on, an owner also holds MAINTAIN).
    const maintain = (await serverMajor()) >= 17 ? ", MAINTAIN" : "";
    expect(result.upgradeSql.find((sql) => sql.includes(app(`"app"."cheap"`)))).toBe(
      app(`REVOKE INSERT, SELECT, UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER${maintain} ON TABLE "app"."cheap" FROM "autogen"`),
    );
  });

  it("reads a grant to the owner as the no-op it is, and a revoke from the owner as a change (migra's privileges)", async () => {
    const result = await managed.of("grantToOwner");
    expectRoundTrip(result);
    expect(result.upgradeSql).toEqual([managed.in("grantToOwner")(`REVOKE SELECT ON TABLE "app"."items" FROM "priv_owner"`)]);
  });

  it("compares what owners hold, not who they are", async () => {
    expect((await owners.of("sameHeld")).upgrade).toEqual([]);
    // The REVOKE names the owner of the database the migration changes, which is known here.
    const back = await owners.of("heldBack");
    expect(back.upgradeSql).toContain(owners.in("heldBack")(`GRANT TRUNCATE ON TABLE "app"."items" TO "priv_owner"`));
    expect(back.remaining).toEqual([]);
  });

  // When the migrated database's owner holds its default entry, the model does not say who it is: the
  // REVOKE looks the owner up when it runs.
  it("names the migrated database's owner when only the target's owner revoked from itself and the owners differ", async () => {
    const changed = await owners.of("targetOwnerRevoked");
    expect(changed.upgradeSql).toContain(owners.in("targetOwnerRevoked")(`REVOKE TRUNCATE ON TABLE "app"."items" FROM "priv_owner"`));
    expect(changed.remaining).toEqual([]);
  });

  it("without the database at hand, looks each owner up when the statements run, on every kind", async () => {
    const result = await atRunTime.of("everyKind");
    expect(result.remaining).toEqual([]);
    expect(result.downgraded).toEqual(result.original);
    const lookups = result.upgrade.filter((op) => op.kind === "setPrivileges" && op.owner === true);
    expect(lookups.map((op) => op.kind === "setPrivileges" && op.object.kind).sort()).toEqual(["function", "schema", "sequence", "table"]);
    expect(result.upgradeSql).toContain(
      atRunTime.in("everyKind")(
        `DO 'BEGIN EXECUTE pg_catalog.format(''REVOKE TRUNCATE ON TABLE "app"."items" FROM %I'', (SELECT pg_catalog.pg_get_userbyid(relowner) ` +
          `FROM pg_catalog.pg_class WHERE oid = ''"app"."items"''::pg_catalog.regclass)); END'`,
      ),
    );
  });

  it("autogen diff names FROM's owner, which its database knows", async () => {
    await ensureRoles(ROLES);
    const [a, b] = await Promise.all([createTestDatabase("own_a"), createTestDatabase("own_b")]);
    try {
      await a.query(`${BASE} ALTER TABLE app.items OWNER TO priv_owner;`);
      await b.query(`${BASE} REVOKE TRUNCATE ON app.items FROM CURRENT_USER;`);
      const result = await diff(a.url, b.url, { withPrivileges: true });
      expect(result.steps.flatMap((step) => step.statements.map((s) => s.sql))).toEqual([
        `REVOKE TRUNCATE ON TABLE "app"."items" FROM "priv_owner"`,
      ]);
    } finally {
      await Promise.all([a.drop(), b.drop()]);
    }
  });

  it("looks the owner up for objects whose names hold a percent sign, quotes or a backslash", async () => {
    const result = await atRunTime.of("oddName");
    expect(result.remaining).toEqual([]);
    expect(result.downgraded).toEqual(result.original);
    expect(result.upgradeSql).toHaveLength(1);
    expect(result.upgradeSql[0]).toMatch(/^DO /);
  });

  it("keeps the lookup for an object the migration creates, which A cannot name an owner for", async () => {
    const result = await managed.of("created");
    expectRoundTrip(result);
    const blocks = result.upgradeSql.filter((sql) => sql.includes(managed.in("created")(`"app"."fresh"`)) && sql.startsWith("DO "));
    // The owner's lookup, and (privileges managed) the new table's reset to the built-in privileges, before it.
    expect(blocks.map((sql) => sql.startsWith("DO $autogen_acl$"))).toEqual([true, false]);
  });

  it("revokes EXECUTE from PUBLIC on a function the migration creates, once it is created", async () => {
    const result = await managed.of("createdFunction");
    const app = managed.in("createdFunction");
    expectRoundTrip(result);
    const at = (prefix: string) => result.upgradeSql.findIndex((sql) => sql.startsWith(prefix));
    expect(at(app(`REVOKE EXECUTE ON FUNCTION "app"."secret"() FROM PUBLIC`))).toBeGreaterThan(at(app("CREATE OR REPLACE FUNCTION app.secret()")));
  });

  it.each([
    "its signature changes",
    "its return type changes (dropped and created again)",
    "it is dropped",
    "it is a view created again whose owner revoked some privileges from itself",
  ] as const)("keeps what was revoked on a function or view when %s", async (name) => {
    expectRoundTrip(await managed.of(name));
  });

  // PostgreSQL's REVOKE on a table takes the same privilege from the grantee's grants on its columns: the
  // column's grant, which both sides have, is revoked before the table's REVOKE and granted again after it
  // (the derived downgrade's GRANT on the table would not give it back).
  it("keeps a role's grant on a column while its grant on the table goes", async () => {
    await ensureRoles(ROLES);
    const base = "CREATE SCHEMA app; CREATE TABLE app.items (id integer, name text, price numeric); GRANT SELECT (price) ON app.items TO priv_reader;";
    const result = await roundTrip({
      before: `${base} GRANT SELECT ON app.items TO priv_reader;`,
      after: base,
      schemas: ["app"],
      options: withPrivileges,
      privileges: true,
    });
    expectRoundTrip(result);
  });

  // The column's REVOKEs, which only the downgrade needs, may run before or after the table's (both are removals).
  const afterRevoke = (sql: readonly string[], revoke: string, grants: readonly string[]) => {
    expect(grants.map((grant) => sql.indexOf(grant) > sql.indexOf(revoke))).toEqual(grants.map(() => true));
  };

  it("keeps a role's grants on two columns while its grant on the table goes", async () => {
    const result = await managed.of("columnsKept");
    const app = managed.in("columnsKept");
    expectRoundTrip(result);
    const grants = [`GRANT SELECT ("name") ON TABLE "app"."items" TO "priv_reader"`, `GRANT SELECT ("price") ON TABLE "app"."items" TO "priv_reader"`];
    const revokes = [`REVOKE SELECT ("name") ON TABLE "app"."items" FROM "priv_reader"`, `REVOKE SELECT ("price") ON TABLE "app"."items" FROM "priv_reader"`];
    const revoke = `REVOKE SELECT ON TABLE "app"."items" FROM "priv_reader"`;
    expect([...result.upgradeSql].sort()).toEqual([revoke, ...revokes, ...grants].map(app).sort());
    afterRevoke(result.upgradeSql, app(revoke), grants.map(app));
  });

  it("keeps a role's grant on a column in its place before another role's while its grant on the table goes", async () => {
    const result = await managed.of("columnKeptBeforeAnother");
    const app = managed.in("columnKeptBeforeAnother");
    expectRoundTrip(result);
    // The reader's entry empties: the writer's, after it, is revoked too, and both are granted again in order.
    expect(result.upgradeSql.slice(-2)).toEqual(
      [`GRANT SELECT ("price") ON TABLE "app"."items" TO "priv_reader"`, `GRANT SELECT ("price") ON TABLE "app"."items" TO "priv_writer"`].map(app),
    );
    expect(result.upgradeSql).toContain(app(`REVOKE SELECT ("price") ON TABLE "app"."items" FROM "priv_writer"`));
  });

  it("keeps UPDATE on a column, with the SELECT it also holds, while UPDATE on the table goes", async () => {
    const result = await managed.of("columnKeptUpdate");
    const app = managed.in("columnKeptUpdate");
    expectRoundTrip(result);
    const revoke = `REVOKE UPDATE ON TABLE "app"."items" FROM "priv_reader"`;
    const grant = `GRANT UPDATE ("price") ON TABLE "app"."items" TO "priv_reader"`;
    // The entry keeps SELECT on the way: only UPDATE is revoked from it and granted back.
    expect([...result.upgradeSql].sort()).toEqual([revoke, `REVOKE UPDATE ("price") ON TABLE "app"."items" FROM "priv_reader"`, grant].map(app).sort());
    afterRevoke(result.upgradeSql, app(revoke), [app(grant)]);
  });

  it("keeps a role's grant on a column while its grant on the table moves to another privilege", async () => {
    const result = await managed.of("columnKeptTableTraded");
    const app = managed.in("columnKeptTableTraded");
    expectRoundTrip(result);
    const change = result.upgradeSql.findIndex((sql) => sql.startsWith(app(`GRANT INSERT ON TABLE "app"."items"`)));
    expect(result.upgradeSql.slice(change)).toEqual(
      [
        `GRANT INSERT ON TABLE "app"."items" TO "priv_reader"`,
        `REVOKE SELECT ON TABLE "app"."items" FROM "priv_reader"`,
        `GRANT SELECT ("price") ON TABLE "app"."items" TO "priv_reader"`,
      ].map(app),
    );
  });

  it("keeps a role's grant on a column when its table's is granted, and the downgrade revokes it", async () => {
    expectRoundTrip(await managed.of("columnKeptTableGranted"));
  });

  // The owner's own grant on a column, which both sides have, while the owner revokes SELECT on the table
  // from itself: its REVOKE takes the column's SELECT too. The owner's entries are compared apart (`owner`):
  // what the change of the owner's entry on the table touches is taken apart in its entry on the column.
  it("keeps the owner's own grant on a column while it revokes its grant on the table", async () => {
    await ensureRoles(ROLES);
    const base = "CREATE SCHEMA app; CREATE TABLE app.items (id integer, name text, price numeric);";
    const result = await roundTrip({
      before: `${base} GRANT SELECT (price) ON app.items TO CURRENT_USER;`,
      after: `${base} REVOKE SELECT ON app.items FROM CURRENT_USER; GRANT SELECT (price) ON app.items TO CURRENT_USER;`,
      schemas: ["app"],
      options: withPrivileges,
      privileges: true,
    });
    expectRoundTrip(result);
  });

  it("keeps the owner's own grant on a column while its grant on the table comes back, and the downgrade revokes it", async () => {
    const result = await managed.of("ownerColumnTableGranted");
    const app = managed.in("ownerColumnTableGranted");
    expectRoundTrip(result);
    expect(result.upgradeSql.map((sql) => sql.replace(/ (TO|FROM) .*$/, ""))).toEqual(
      [
        `REVOKE SELECT ("price") ON TABLE "app"."items"`,
        `GRANT SELECT ON TABLE "app"."items"`,
        `GRANT SELECT ("price") ON TABLE "app"."items"`,
      ].map(app),
    );
  });

  it("keeps the owner's own grants on columns after its change on the table, which also grants", async () => {
    const result = await managed.of("ownerColumnsTableTraded");
    const app = managed.in("ownerColumnsTableTraded");
    expectRoundTrip(result);
    // SELECT (price) is granted back after the REVOKE of SELECT on the table, which runs with the GRANT of INSERT.
    expect(result.upgradeSql.slice(-3).map((sql) => sql.replace(/ (TO|FROM) .*$/, ""))).toEqual(
      [`GRANT INSERT ON TABLE "app"."items"`, `REVOKE SELECT ON TABLE "app"."items"`, `GRANT SELECT ("price") ON TABLE "app"."items"`].map(app),
    );
  });

  it("leaves grants alone when not managed, and grants again on a view it recreates", async () => {
    const result = await unmanaged.of("viewRecreated");
    const app = unmanaged.in("viewRecreated");
    expect(result.upgrade.map((op) => op.kind)).toEqual([
      "keepOwner",
      "setPrivileges",
      "resetPrivileges",
      "dropView",
      "createView",
      "resetPrivileges",
      "setPrivileges",
      "keepOwner",
    ]);
    expect(result.remaining).toEqual([]);
    expect(result.upgraded).toContain(app("GRANT SELECT ON TABLE app.cheap TO priv_reader;"));
    expect(result.upgraded).toContain(app("GRANT SELECT ON TABLE app.items TO PUBLIC;"));
    expect(result.downgraded).toEqual(result.original);
  });
});

describe("privileges on types and domains", () => {
  it("grants and revokes them, and gives them back", async () => {
    const result = await managed.of("types");
    expectRoundTrip(result);
    expect(result.upgradeSql).toEqual(
      expect.arrayContaining(
        [
          `REVOKE USAGE ON TYPE "app"."mood" FROM PUBLIC`,
          `GRANT USAGE ON TYPE "app"."mood" TO "priv_reader"`,
          `REVOKE USAGE ON DOMAIN "app"."positive" FROM PUBLIC`,
          `GRANT USAGE ON TYPE "app"."pair" TO "priv_reader" WITH GRANT OPTION`,
        ].map(managed.in("types")),
      ),
    );
  });

  it("keeps an enum's privileges when removing a label rebuilds it, managed or not", async () => {
    for (const shared of [managed, unmanaged]) expectRoundTrip(await shared.of("enumRebuilt"));
  });
});

describe("grants passed on from a grant option, managed", () => {
  /** The index of the first statement of the case holding each of `parts`, in order. */
  const positions = (sql: readonly string[], parts: readonly string[]) => parts.map((part) => sql.findIndex((s) => s.includes(part)));
  /** `sql` as the DO block that runs it as `role` holds it. */
  const runAs = (role: string, sql: string) => `SET ROLE "${role}"; EXECUTE ${`'${sql}'`.replace(/'/g, "''")};`;

  it("adds a grantee's grant as the role that passes it on, and the downgrade revokes it as that role", async () => {
    const result = await passedOn.of("passedOnAdded");
    expectRoundTrip(result);
    expect(result.upgradeSql).toHaveLength(1);
    expect(result.upgradeSql[0]).toContain(passedOn.in("passedOnAdded")(runAs("priv_lead", `GRANT SELECT ON TABLE "app"."items" TO "priv_intern"`)));
  });

  it("removes a grantee's grant as the role that passed it on, and the downgrade gives it back", async () => {
    const result = await passedOn.of("passedOnRemoved");
    expectRoundTrip(result);
    expect(result.upgradeSql).toHaveLength(1);
    expect(result.upgradeSql[0]).toContain(passedOn.in("passedOnRemoved")(runAs("priv_lead", `REVOKE SELECT ON TABLE "app"."items" FROM "priv_intern"`)));
  });

  it("changes a grant passed on in place, and tells it from the owner's grant to the same grantee", async () => {
    expectRoundTrip(await passedOn.of("passedOnChanged"));
    const two = await passedOn.of("twoGrantors");
    expectRoundTrip(two);
    expect(two.upgradeSql).toHaveLength(1);
  });

  it("revokes what a role passed on before the grant option it passed it on from", async () => {
    const result = await passedOn.of("optionRevoked");
    const app = passedOn.in("optionRevoked");
    expectRoundTrip(result);
    const [passed, option] = positions(result.upgradeSql, [
      app(runAs("priv_lead", `REVOKE SELECT ON TABLE "app"."items" FROM "priv_intern"`)),
      app(`REVOKE GRANT OPTION FOR INSERT, SELECT ON TABLE "app"."items" FROM "priv_lead"`),
    ]);
    expect(passed).toBeGreaterThanOrEqual(0);
    expect(option).toBeGreaterThan(passed!);
  });

  it("grants a chain of two grantors in order (owner, then lead, then deputy), and the downgrade revokes it the other way", async () => {
    const result = await passedOn.of("chain");
    const app = passedOn.in("chain");
    expectRoundTrip(result);
    const order = positions(result.upgradeSql, [
      app(`GRANT INSERT, SELECT ON TABLE "app"."items" TO "priv_lead" WITH GRANT OPTION`),
      app(runAs("priv_lead", `GRANT SELECT ON TABLE "app"."items" TO "priv_deputy" WITH GRANT OPTION`)),
      app(runAs("priv_deputy", `GRANT SELECT ON TABLE "app"."items" TO "priv_intern"`)),
    ]);
    expect(order).toEqual([0, 1, 2]);
  });

  it("revokes what a role passed on before the grant option it passed it on from is taken from it in place", async () => {
    const result = await passedOn.of("chainCut");
    const app = passedOn.in("chainCut");
    expectRoundTrip(result);
    expect(positions(result.upgradeSql, [
      app(runAs("priv_deputy", `REVOKE SELECT ON TABLE "app"."items" FROM "priv_intern"`)),
      app(runAs("priv_lead", `REVOKE GRANT OPTION FOR SELECT ON TABLE "app"."items" FROM "priv_deputy"`)),
    ])).toEqual([0, 1]);
  });

  it("passes a column's grant on from the column's grant option and from its table's, after that option", async () => {
    const result = await passedOn.of("columns");
    const app = passedOn.in("columns");
    expectRoundTrip(result);
    const [option, passed] = positions(result.upgradeSql, [
      app(`GRANT UPDATE ON TABLE "app"."items" TO "priv_deputy" WITH GRANT OPTION`),
      app(runAs("priv_deputy", `GRANT UPDATE ("price") ON TABLE "app"."items" TO "priv_intern"`)),
    ]);
    expect(option).toBeGreaterThanOrEqual(0);
    expect(passed).toBeGreaterThan(option!);
  });

  it("passes a function's EXECUTE on, and gives it back on the function created again", async () => {
    const result = await passedOn.of("execute");
    expectRoundTrip(result);
    expect(result.upgradeSql).toContainEqual(
      expect.stringContaining(passedOn.in("execute")(runAs("priv_lead", `GRANT EXECUTE ON FUNCTION "app"."total"() TO "priv_intern"`))),
    );
    expectRoundTrip(await passedOn.of("executeRecreated"));
  });

  // Each change that takes away a grant option something was passed on from is cut in two: its GRANTs with
  // the others (the grantor's first, then what it passes on), its REVOKEs after them the other way (what was
  // passed on first, then the grantor's option), so that no entry empties and moves in the ACL on the way.
  it("a grant option and what was passed on from it both change, one privilege for another", async () => {
    const result = await passedOn.of("optionTraded");
    const app = passedOn.in("optionTraded");
    expectRoundTrip(result);
    expect(positions(result.upgradeSql, [
      app(`GRANT INSERT ON TABLE "app"."items" TO "priv_lead" WITH GRANT OPTION`),
      app(runAs("priv_lead", `GRANT INSERT ON TABLE "app"."items" TO "priv_intern"`)),
      app(`REVOKE GRANT OPTION FOR SELECT ON TABLE "app"."items" FROM "priv_lead"`),
    ])).toEqual([0, 1, 2]);
  });

  it("takes a grant option away after what was passed on from it moves to another privilege", async () => {
    const result = await passedOn.of("optionLostPassedOnTraded");
    const app = passedOn.in("optionLostPassedOnTraded");
    expectRoundTrip(result);
    expect(positions(result.upgradeSql, [
      app(runAs("priv_lead", `GRANT INSERT ON TABLE "app"."items" TO "priv_intern"`)),
      app(`REVOKE GRANT OPTION FOR SELECT ON TABLE "app"."items" FROM "priv_lead"`),
    ])).toEqual([0, 1]);
  });

  it("moves a grant option while what was passed on from it only loses a privilege, which goes first", async () => {
    const result = await passedOn.of("optionTradedPassedOnLost");
    const app = passedOn.in("optionTradedPassedOnLost");
    expectRoundTrip(result);
    expect(positions(result.upgradeSql, [
      app(runAs("priv_lead", `REVOKE SELECT ON TABLE "app"."items" FROM "priv_intern"`)),
      app(`GRANT INSERT ON TABLE "app"."items" TO "priv_lead" WITH GRANT OPTION`),
      app(`REVOKE GRANT OPTION FOR SELECT ON TABLE "app"."items" FROM "priv_lead"`),
    ])).toEqual([0, 1, 2]);
  });

  it("moves the options of a chain of three roles, the middle one or every one, grants down the chain and revokes up it", async () => {
    const middle = await passedOn.of("chainTraded");
    const inMiddle = passedOn.in("chainTraded");
    expectRoundTrip(middle);
    expect(positions(middle.upgradeSql, [
      inMiddle(runAs("priv_lead", `GRANT INSERT ON TABLE "app"."items" TO "priv_deputy" WITH GRANT OPTION`)),
      inMiddle(runAs("priv_deputy", `GRANT INSERT ON TABLE "app"."items" TO "priv_intern"`)),
      inMiddle(runAs("priv_lead", `REVOKE SELECT ON TABLE "app"."items" FROM "priv_deputy"`)),
    ])).toEqual([0, 1, 2]);
    const every = await passedOn.of("chainTradedThrough");
    const inEvery = passedOn.in("chainTradedThrough");
    expectRoundTrip(every);
    expect(positions(every.upgradeSql, [
      inEvery(`GRANT INSERT ON TABLE "app"."items" TO "priv_lead" WITH GRANT OPTION`),
      inEvery(runAs("priv_lead", `GRANT INSERT ON TABLE "app"."items" TO "priv_deputy" WITH GRANT OPTION`)),
      inEvery(runAs("priv_deputy", `GRANT INSERT ON TABLE "app"."items" TO "priv_intern"`)),
      inEvery(runAs("priv_lead", `REVOKE SELECT ON TABLE "app"."items" FROM "priv_deputy"`)),
      inEvery(`REVOKE GRANT OPTION FOR SELECT ON TABLE "app"."items" FROM "priv_lead"`),
    ])).toEqual([0, 1, 2, 3, 4]);
    const lost = await passedOn.of("chainLost");
    const inLost = passedOn.in("chainLost");
    expectRoundTrip(lost);
    expect(positions(lost.upgradeSql, [
      inLost(runAs("priv_deputy", `GRANT INSERT ON TABLE "app"."items" TO "priv_intern"`)),
      inLost(runAs("priv_lead", `REVOKE SELECT ON TABLE "app"."items" FROM "priv_deputy"`)),
      inLost(`REVOKE GRANT OPTION FOR SELECT ON TABLE "app"."items" FROM "priv_lead"`),
    ])).toEqual([0, 1, 2]);
  });

  it("moves a grant option from a table to a column: what was passed on on the table goes first, then the option, before the column's", async () => {
    const result = await passedOn.of("optionToColumn");
    const app = passedOn.in("optionToColumn");
    expectRoundTrip(result);
    expect(positions(result.upgradeSql, [
      app(runAs("priv_lead", `REVOKE SELECT ON TABLE "app"."items" FROM "priv_intern"`)),
      app(`REVOKE SELECT ON TABLE "app"."items" FROM "priv_lead"`),
      app(`GRANT SELECT ("name") ON TABLE "app"."items" TO "priv_lead" WITH GRANT OPTION`),
      app(runAs("priv_lead", `GRANT SELECT ("name") ON TABLE "app"."items" TO "priv_intern"`)),
    ])).toEqual([0, 1, 2, 3]);
  });

  it("moves a grant option on a column, and what was passed on from it", async () => {
    const result = await passedOn.of("columnTraded");
    const app = passedOn.in("columnTraded");
    expectRoundTrip(result);
    expect(positions(result.upgradeSql, [
      app(`GRANT INSERT ("name") ON TABLE "app"."items" TO "priv_lead" WITH GRANT OPTION`),
      app(runAs("priv_lead", `GRANT INSERT ("name") ON TABLE "app"."items" TO "priv_intern"`)),
      app(`REVOKE GRANT OPTION FOR SELECT ("name") ON TABLE "app"."items" FROM "priv_lead"`),
    ])).toEqual([0, 1, 2]);
  });

  // A REVOKE on a table takes the same privileges, or grant options, from the grantee's grants on its columns.
  // Where it runs late (the second half of a cut change), the column's grants it would take follow it.
  it("grants a column after a grant option's late REVOKE on its table, which would take the column's along", async () => {
    const result = await passedOn.of("optionLateColumnGained");
    const app = passedOn.in("optionLateColumnGained");
    expectRoundTrip(result);
    expect(positions(result.upgradeSql, [
      app(`GRANT INSERT ON TABLE "app"."items" TO "priv_lead" WITH GRANT OPTION`),
      app(runAs("priv_lead", `GRANT INSERT ON TABLE "app"."items" TO "priv_intern"`)),
      app(`REVOKE SELECT ON TABLE "app"."items" FROM "priv_lead"`),
      app(`GRANT SELECT ("price") ON TABLE "app"."items" TO "priv_lead" WITH GRANT OPTION`),
      app(runAs("priv_lead", `GRANT SELECT ("price") ON TABLE "app"."items" TO "priv_intern"`)),
    ])).toEqual([0, 1, 2, 3, 4]);
  });

  it("grants a column's option after the late REVOKE of the table's, and a column's privilege after the table's", async () => {
    const option = await passedOn.of("optionLateColumnOption");
    const inOption = passedOn.in("optionLateColumnOption");
    expectRoundTrip(option);
    expect(positions(option.upgradeSql, [
      inOption(`REVOKE GRANT OPTION FOR SELECT ON TABLE "app"."items" FROM "priv_lead"`),
      inOption(`GRANT SELECT ("price") ON TABLE "app"."items" TO "priv_lead" WITH GRANT OPTION`),
      inOption(runAs("priv_lead", `GRANT SELECT ("price") ON TABLE "app"."items" TO "priv_intern"`)),
    ])).toEqual([2, 3, 4]);
    const privilege = await passedOn.of("optionLateColumnPrivilege");
    const inPrivilege = passedOn.in("optionLateColumnPrivilege");
    expectRoundTrip(privilege);
    expect(positions(privilege.upgradeSql, [
      inPrivilege(`REVOKE SELECT ON TABLE "app"."items" FROM "priv_lead"`),
      inPrivilege(`GRANT SELECT ("price") ON TABLE "app"."items" TO "priv_lead"`),
    ])).toEqual([2, 3]);
  });

  it("grants a column down a chain after the late REVOKE on its table from the middle role", async () => {
    const result = await passedOn.of("chainLateColumn");
    const app = passedOn.in("chainLateColumn");
    expectRoundTrip(result);
    expect(positions(result.upgradeSql, [
      app(runAs("priv_lead", `GRANT INSERT ON TABLE "app"."items" TO "priv_deputy" WITH GRANT OPTION`)),
      app(runAs("priv_deputy", `GRANT INSERT ON TABLE "app"."items" TO "priv_intern"`)),
      app(runAs("priv_lead", `REVOKE SELECT ON TABLE "app"."items" FROM "priv_deputy"`)),
      app(runAs("priv_lead", `GRANT SELECT ("price") ON TABLE "app"."items" TO "priv_deputy" WITH GRANT OPTION`)),
      app(runAs("priv_deputy", `GRANT SELECT ("price") ON TABLE "app"."items" TO "priv_intern"`)),
    ])).toEqual([0, 1, 2, 3, 4]);
  });

  // The late REVOKE on the table takes SELECT's option from lead's grant on the column, which both sides
  // have: lead's column option is revoked at the start, and granted back after that REVOKE (`late`).
  it("keeps a grant option on a column while a late REVOKE takes it from the table", async () => {
    await ensureRoles(ROLES);
    const result = await roundTrip({
      before: `${PASSED_BASE} ${TRADE_BEFORE} GRANT SELECT (price) ON app.items TO priv_lead WITH GRANT OPTION;
        ${as("priv_lead", "GRANT SELECT ON app.items TO priv_intern;")}`,
      after: `${PASSED_BASE} ${TRADE_AFTER} GRANT SELECT (price) ON app.items TO priv_lead WITH GRANT OPTION;
        ${as("priv_lead", "GRANT INSERT ON app.items TO priv_intern;")}`,
      schemas: ["app"],
      options: withPrivileges,
      privileges: true,
    });
    expectRoundTrip(result);
    const count = result.upgradeSql.length;
    expect(positions(result.upgradeSql, [
      `REVOKE GRANT OPTION FOR SELECT ("price") ON TABLE "app"."items" FROM "priv_lead"`,
      `REVOKE GRANT OPTION FOR SELECT ON TABLE "app"."items" FROM "priv_lead"`,
      `GRANT SELECT ("price") ON TABLE "app"."items" TO "priv_lead" WITH GRANT OPTION`,
    ])).toEqual([0, count - 2, count - 1]);
  });

  // Lead's SELECT on the table goes while lead trades SELECT's option for INSERT's on a column, and the
  // intern's grant from lead there moves from SELECT to INSERT: the table's REVOKE takes lead's SELECT (price)
  // with its option, which PostgreSQL refuses while the intern holds SELECT (price) from it ("dependent
  // privileges exist"). What it takes is revoked from the column's entries at the start, the intern's first;
  // what lead's entry loses besides (nothing here) would wait, cut in two.
  it("revokes a table's privilege from a role whose change on a column is cut in two", async () => {
    await ensureRoles(ROLES);
    const result = await roundTrip({
      before: `${PASSED_BASE} GRANT SELECT ON app.items TO priv_lead;
        GRANT SELECT (price) ON app.items TO priv_lead WITH GRANT OPTION; GRANT INSERT (price) ON app.items TO priv_lead;
        ${as("priv_lead", "GRANT SELECT (price) ON app.items TO priv_intern;")}`,
      after: `${PASSED_BASE} GRANT SELECT (price) ON app.items TO priv_lead; GRANT INSERT (price) ON app.items TO priv_lead WITH GRANT OPTION;
        ${as("priv_lead", "GRANT INSERT (price) ON app.items TO priv_intern;")}`,
      schemas: ["app"],
      options: withPrivileges,
      privileges: true,
    });
    expectRoundTrip(result);
  });

  it("grants a column's entries again in order after a late REVOKE on its table empties the first", async () => {
    const result = await passedOn.of("optionLateColumnKeptBeforeAnother");
    const app = passedOn.in("optionLateColumnKeptBeforeAnother");
    expectRoundTrip(result);
    expect(positions(result.upgradeSql, [
      app(`REVOKE SELECT ON TABLE "app"."items" FROM "priv_lead"`),
      app(`GRANT SELECT ("price") ON TABLE "app"."items" TO "priv_lead"`),
      app(`GRANT SELECT ("price") ON TABLE "app"."items" TO "priv_deputy"`),
    ])).toEqual([result.upgradeSql.length - 3, result.upgradeSql.length - 2, result.upgradeSql.length - 1]);
  });

  it("keeps a column's grant option, and what was passed on from it, while the table's privilege goes", async () => {
    const result = await passedOn.of("columnOptionKeptPassedOn");
    const app = passedOn.in("columnOptionKeptPassedOn");
    expectRoundTrip(result);
    // The intern's grant goes first; lead's on the column, and lead's SELECT on the table, in either order.
    expect(positions(result.upgradeSql, [
      app(runAs("priv_lead", `REVOKE SELECT ("price") ON TABLE "app"."items" FROM "priv_intern"`)),
      app(`GRANT SELECT ("price") ON TABLE "app"."items" TO "priv_lead" WITH GRANT OPTION`),
      app(runAs("priv_lead", `GRANT SELECT ("price") ON TABLE "app"."items" TO "priv_intern"`)),
    ])).toEqual([0, 3, 4]);
    expect(result.upgradeSql.slice(1, 3).sort()).toEqual(
      [`REVOKE SELECT ("price") ON TABLE "app"."items" FROM "priv_lead"`, `REVOKE SELECT ON TABLE "app"."items" FROM "priv_lead"`].map(app).sort(),
    );
  });

  it("revokes a table's privilege from a column's entry whose change is cut in two for another grant option", async () => {
    const result = await passedOn.of("columnCutTouched");
    const app = passedOn.in("columnCutTouched");
    expectRoundTrip(result);
    const last = result.upgradeSql.length - 1;
    expect(positions(result.upgradeSql, [
      app(runAs("priv_lead", `REVOKE SELECT ("price") ON TABLE "app"."items" FROM "priv_intern"`)),
      app(`REVOKE GRANT OPTION FOR INSERT ("price") ON TABLE "app"."items" FROM "priv_lead"`),
    ])).toEqual([0, last]);
    expect(result.upgradeSql.slice(1, 3).sort()).toEqual(
      [`REVOKE SELECT ("price") ON TABLE "app"."items" FROM "priv_lead"`, `REVOKE SELECT ON TABLE "app"."items" FROM "priv_lead"`].map(app).sort(),
    );
  });

  it("revokes a table's privilege from a role whose change on a column is cut in two, down a chain", async () => {
    const result = await passedOn.of("columnCutTouchedChain");
    const app = passedOn.in("columnCutTouchedChain");
    expectRoundTrip(result);
    const count = result.upgradeSql.length;
    expect(positions(result.upgradeSql, [
      app(runAs("priv_deputy", `REVOKE SELECT ("price") ON TABLE "app"."items" FROM "priv_intern"`)),
      app(runAs("priv_lead", `REVOKE SELECT ("price") ON TABLE "app"."items" FROM "priv_deputy"`)),
      app(runAs("priv_lead", `REVOKE INSERT ("price") ON TABLE "app"."items" FROM "priv_deputy"`)),
      app(`REVOKE GRANT OPTION FOR INSERT ("price") ON TABLE "app"."items" FROM "priv_lead"`),
    ])).toEqual([0, 1, count - 2, count - 1]);
  });

  it("grants a table's privilege to a role whose change on a column is cut in two, and the downgrade revokes it", async () => {
    const result = await passedOn.of("columnCutTableGranted");
    const app = passedOn.in("columnCutTableGranted");
    expectRoundTrip(result);
    // SELECT (price) is revoked from lead's entry at the start and granted back with its option, in either
    // order with the table's GRANT: the downgrade's REVOKE on the table, between them, finds nothing there.
    expect(positions(result.upgradeSql, [
      app(runAs("priv_lead", `REVOKE INSERT ("price") ON TABLE "app"."items" FROM "priv_intern"`)),
      app(`REVOKE SELECT ("price") ON TABLE "app"."items" FROM "priv_lead"`),
      app(runAs("priv_lead", `GRANT SELECT ("price") ON TABLE "app"."items" TO "priv_intern"`)),
      app(`REVOKE GRANT OPTION FOR INSERT ("price") ON TABLE "app"."items" FROM "priv_lead"`),
    ])).toEqual([0, 1, 4, 5]);
    expect(result.upgradeSql.slice(2, 4).sort()).toEqual(
      [`GRANT SELECT ON TABLE "app"."items" TO "priv_lead"`, `GRANT SELECT ("price") ON TABLE "app"."items" TO "priv_lead" WITH GRANT OPTION`].map(app).sort(),
    );
  });

  it("revokes a cut grant option on a column after the grants that follow a late REVOKE on its table", async () => {
    const result = await passedOn.of("columnCutLateTable");
    const app = passedOn.in("columnCutLateTable");
    expectRoundTrip(result);
    const count = result.upgradeSql.length;
    expect(positions(result.upgradeSql, [
      app(`REVOKE SELECT ON TABLE "app"."items" FROM "priv_lead"`),
      app(`GRANT UPDATE ("price") ON TABLE "app"."items" TO "priv_lead" WITH GRANT OPTION`),
      app(`GRANT SELECT ("price") ON TABLE "app"."items" TO "priv_lead"`),
      app(runAs("priv_lead", `GRANT UPDATE ("price") ON TABLE "app"."items" TO "priv_intern"`)),
      app(`REVOKE GRANT OPTION FOR INSERT ("price") ON TABLE "app"."items" FROM "priv_lead"`),
    ])).toEqual([count - 5, count - 4, count - 3, count - 2, count - 1]);
  });

  it(`the shared round trip (${passedOn.names}): the upgrade reaches B and the downgrade A; each statement is one case's`, async () => {
    await expectShared(passedOn);
  });
});

describe("the shared round trips", () => {
  it(`managed, with GRANTs in the dumps (${managed.names}): the upgrade reaches B and the downgrade A; each statement is one case's`, async () => {
    await expectShared(managed);
  });

  it(`managed, what owners hold (${owners.names}): nothing remains; each statement is one case's`, async () => {
    const result = await owners.whole();
    expect(result.remaining).toEqual([]);
    expectEachInOneCase(result, owners.schemas);
  });

  it(`managed, owners looked up at run time (${atRunTime.names}): nothing remains, the downgrade reaches A; each statement is one case's`, async () => {
    const result = await atRunTime.whole();
    expect(result.remaining).toEqual([]);
    expect(result.downgraded).toEqual(result.original);
    expectEachInOneCase(result, atRunTime.schemas);
  });

  it(`not managed (${unmanaged.names}): nothing remains, the downgrade reaches A; each statement is one case's`, async () => {
    const result = await unmanaged.whole();
    expect(result.remaining).toEqual([]);
    expect(result.downgraded).toEqual(result.original);
    expectEachInOneCase(result, unmanaged.schemas);
  });
});

describe("the owner of a function with named arguments", () => {
  // `regprocedure` takes no argument names ('"public"."f"(i integer)' is a syntax error for it): the owner
  // of a function is found by its identity arguments, as printed under search_path = pg_catalog.
  const fn = (extra: string) =>
    `CREATE SCHEMA app; CREATE TYPE app.mood AS ENUM ('ok'); ` +
    `CREATE FUNCTION app.f(i integer, m app.mood) RETURNS int LANGUAGE sql AS 'SELECT i'; ${extra}`;
  const revoked = fn("REVOKE EXECUTE ON FUNCTION app.f(integer, app.mood) FROM CURRENT_USER;");

  it("is looked up when the statements run", async () => {
    const result = await roundTrip({ before: fn(""), after: revoked, schemas: ["app"], options: withPrivileges, privileges: true, ownersAtRunTime: true });
    expect(result.upgrade.filter((op) => op.kind === "setPrivileges" && op.owner === true)).toHaveLength(1);
    expectRoundTrip(result);
  });

  it("is named by autogen diff from the database at hand", async () => {
    await ensureRoles(ROLES);
    const [a, b] = await Promise.all([createTestDatabase("own_a"), createTestDatabase("own_b")]);
    try {
      await a.query(`${fn("")} ALTER FUNCTION app.f(integer, app.mood) OWNER TO priv_owner;`);
      await b.query(revoked);
      const result = await diff(a.url, b.url, { withPrivileges: true, schemas: ["app"] });
      expect(result.steps.flatMap((step) => step.statements.map((s) => s.sql))).toEqual([
        `REVOKE EXECUTE ON FUNCTION "app"."f"(i integer, m app.mood) FROM "priv_owner"`,
      ]);
    } finally {
      await Promise.all([a.drop(), b.drop()]);
    }
  });
});
