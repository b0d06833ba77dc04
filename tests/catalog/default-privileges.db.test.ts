/**
 * Objects a migration drops and creates again, in a database with `ALTER DEFAULT PRIVILEGES`: the new
 * object would get what the default privileges give (grants it never had, or without PUBLIC's built-in
 * EXECUTE or USAGE) on top of, or instead of, the grants set again after it. Each case runs on PostgreSQL
 * 15, upgrade and derived downgrade, judged by pg_dump with its GRANTs: the object ends with the ACL it
 * had (or the target's), both ways. So does what an upgrade drops for good, in its downgrade, and, with
 * privileges managed, what a migration creates for the first time; without, a new object keeps what the
 * default privileges give it. The default privileges are set in both databases, as a legacy database's
 * DBA would have set them once.
 */
import { ALL_MANAGED_KINDS, ENTITY_MANAGED_KINDS } from "../../src/compare/managed-kinds";
import { ensureRoles, expectRoundTrip, roundTrip } from "./catalog-round-trip";

const ROLES = ["dp_auditor", "dp_app"];
const entityMode = { options: { manage: ENTITY_MANAGED_KINDS }, targetAsEntities: true, privileges: true } as const;
const withPrivileges = { options: { manage: new Set(ALL_MANAGED_KINDS) }, privileges: true } as const;

/** Default privileges that touch every kind an object created again can be. */
const DEFAULTS = `
  ALTER DEFAULT PRIVILEGES GRANT SELECT ON TABLES TO dp_auditor;
  ALTER DEFAULT PRIVILEGES REVOKE EXECUTE ON FUNCTIONS FROM PUBLIC;
  ALTER DEFAULT PRIVILEGES GRANT EXECUTE ON FUNCTIONS TO dp_app;
  ALTER DEFAULT PRIVILEGES REVOKE USAGE ON TYPES FROM PUBLIC;
  ALTER DEFAULT PRIVILEGES GRANT USAGE ON TYPES TO dp_auditor;
  ALTER DEFAULT PRIVILEGES GRANT SELECT ON SEQUENCES TO dp_auditor;
`;

/** `sql` run before the default privileges exist, as in a database that had its objects first. */
const legacy = (sql: string) => `${sql} ${DEFAULTS}`;

beforeAll(() => ensureRoles(ROLES));

describe("an object created again keeps the ACL it had, whatever the default privileges give a new one", () => {
  it("a view around a retyped column, with a grant of its own", async () => {
    const view = (type: string) => legacy(`CREATE TABLE t (a ${type}); CREATE VIEW v AS SELECT a FROM t; GRANT SELECT ON v TO dp_app;`);
    const result = await roundTrip({ ...entityMode, before: view("int"), after: view("bigint") });
    expect(result.upgrade.map((op) => op.kind)).toContain("resetPrivileges");
    expect(result.upgraded).toContain("GRANT SELECT ON TABLE public.v TO dp_app;");
    expect(result.upgraded).not.toContain("public.v TO dp_auditor");
    expectRoundTrip(result);
  });

  it("a materialized view around a retyped column", async () => {
    const view = (type: string) => legacy(`CREATE TABLE t (a ${type}); CREATE MATERIALIZED VIEW m AS SELECT a FROM t;`);
    const result = await roundTrip({ ...entityMode, before: view("int"), after: view("bigint") });
    expect(result.upgraded).not.toContain("public.m TO dp_auditor");
    expectRoundTrip(result);
  });

  it("a table created again for a new partition key", async () => {
    const table = (key: string) => legacy(`CREATE TABLE p (id int, d date) PARTITION BY RANGE (${key});`);
    const result = await roundTrip({ ...withPrivileges, before: table("id"), after: table("d") });
    expect(result.upgrade.map((op) => op.kind)).toEqual(expect.arrayContaining(["dropTable", "createTable", "resetPrivileges"]));
    expect(result.upgraded).not.toContain("public.p TO dp_auditor");
    expectRoundTrip(result);
  });

  it("a function created again for a new result type keeps PUBLIC's EXECUTE and gains no other", async () => {
    const fn = (type: string) => legacy(`CREATE FUNCTION f(a int) RETURNS ${type} LANGUAGE sql AS 'SELECT a';`);
    const result = await roundTrip({ ...withPrivileges, before: fn("int"), after: fn("bigint") });
    // PUBLIC's built-in EXECUTE is not written out by pg_dump; revoked, it would be.
    expect(result.upgraded).not.toContain("REVOKE ALL ON FUNCTION public.f(a integer) FROM PUBLIC;");
    expect(result.upgraded).not.toContain("ON FUNCTION public.f(a integer) TO dp_app");
    expectRoundTrip(result);
  });

  it("an aggregate created again for a new result type keeps PUBLIC's EXECUTE and gains no other", async () => {
    const aggregate = (sfunc: string, type: string) => legacy(`CREATE AGGREGATE total(int) (SFUNC = ${sfunc}, STYPE = ${type}, INITCOND = '0');`);
    const result = await roundTrip({ ...withPrivileges, before: aggregate("int4pl", "int"), after: aggregate("int84pl", "bigint") });
    expect(result.upgradeSql.join("\n")).toContain('ON FUNCTION "public"."total"(integer) FROM %s CASCADE');
    expect(result.upgraded).not.toContain("REVOKE ALL ON FUNCTION public.total(integer) FROM PUBLIC;");
    expect(result.upgraded).not.toContain("ON FUNCTION public.total(integer) TO dp_app");
    expectRoundTrip(result);
  });

  it("an enum rebuilt without a label keeps PUBLIC's USAGE and gains no other", async () => {
    const enumType = (labels: string) => legacy(`CREATE TYPE mood AS ENUM (${labels}); CREATE TABLE t (m mood);`);
    const result = await roundTrip({ ...withPrivileges, before: enumType("'a', 'b'"), after: enumType("'a'") });
    expect(result.upgraded).not.toContain("REVOKE ALL ON TYPE public.mood FROM PUBLIC;");
    expect(result.upgraded).not.toContain("TYPE public.mood TO dp_auditor");
    expectRoundTrip(result);
  });

  it("an enum dropped and created again as a domain of the same name keeps PUBLIC's USAGE and gains no other", async () => {
    const result = await roundTrip({
      ...withPrivileges,
      before: legacy("CREATE TYPE mood AS ENUM ('a', 'b');"),
      after: legacy("CREATE DOMAIN mood AS text;"),
    });
    expect(result.upgrade.filter((op) => op.kind === "resetPrivileges").map((op) => [op.object.kind, op.stage])).toEqual([
      ["type", "drop"],
      ["domain", "create"],
    ]);
    expect(result.upgraded).not.toContain("TYPE public.mood TO dp_auditor");
    expectRoundTrip(result);
  });

  it("a table created again for a new partition key: its serial column's sequence keeps its grant and gains no other", async () => {
    const table = (key: string) =>
      legacy(`CREATE TABLE p (id serial, d date) PARTITION BY RANGE (${key}); GRANT USAGE ON SEQUENCE p_id_seq TO dp_app;`);
    const result = await roundTrip({ ...withPrivileges, before: table("id"), after: table("d") });
    expect(result.upgraded).toContain("GRANT USAGE ON SEQUENCE public.p_id_seq TO dp_app;");
    expect(result.upgraded).not.toContain("SEQUENCE public.p_id_seq TO dp_auditor");
    expectRoundTrip(result);
  });

  it("a serial column made an identity column: the identity's sequence has the serial's grant and gains no other", async () => {
    const table = (column: string) => legacy(`CREATE TABLE t (x ${column}); GRANT USAGE ON SEQUENCE t_x_seq TO dp_app;`);
    const result = await roundTrip({ ...withPrivileges, before: table("serial"), after: table("int GENERATED ALWAYS AS IDENTITY") });
    expect(result.upgrade.map((op) => op.kind)).toEqual(["setPrivileges", "resetPrivileges", "alterColumn", "resetPrivileges", "setPrivileges"]);
    expect(result.upgraded).not.toContain("SEQUENCE public.t_x_seq TO dp_auditor");
    expectRoundTrip(result);
  });

  it("a view whose target grants what the default privileges give: the target's grant, in the target's place", async () => {
    const view = (type: string, grants: string) =>
      legacy(`CREATE TABLE t (a ${type}); CREATE VIEW v AS SELECT a FROM t; ${grants}`);
    const result = await roundTrip({
      ...withPrivileges,
      before: view("int", "GRANT SELECT ON v TO dp_app;"),
      after: view("bigint", "GRANT SELECT ON v TO dp_app; GRANT SELECT ON v TO dp_auditor;"),
    });
    expect(result.upgraded).toContain("GRANT SELECT ON TABLE public.v TO dp_auditor;");
    expectRoundTrip(result);
  });
});

describe("what a migration creates for the first time, privileges managed, ends with the target's ACL", () => {
  // B's objects were created before its default privileges, A has the same ones: a diff with privileges
  // managed finds no default privileges to change, and the objects created on A would get SELECT for
  // dp_auditor, EXECUTE for dp_app instead of PUBLIC's, which B's do not have. Each starts from the
  // built-in privileges right after its create, and B's grants are set on those.
  it("a table, a view and a function, with grants of their own", async () => {
    const result = await roundTrip({
      ...withPrivileges,
      before: legacy(""),
      after: legacy(`
        CREATE TABLE t (id int); CREATE VIEW v AS SELECT id FROM t;
        CREATE FUNCTION f() RETURNS int LANGUAGE sql AS 'SELECT 1';
        GRANT SELECT ON t TO dp_app; GRANT INSERT ON v TO dp_auditor;`),
    });
    const resets = result.upgrade.filter((op) => op.kind === "resetPrivileges");
    expect(resets.map((op) => [op.object.name, op.stage])).toEqual([
      ["f", "create"],
      ["t", "create"],
      ["v", "create"],
    ]);
    expect(result.upgraded).not.toContain("public.t TO dp_auditor");
    expect(result.upgraded).not.toContain("SELECT ON TABLE public.v TO dp_auditor");
    expect(result.upgraded).not.toContain("ON FUNCTION public.f() TO dp_app");
    expectRoundTrip(result);
  });

  it("a new enum and a serial column's sequence end with the target's ACL", async () => {
    const result = await roundTrip({
      ...withPrivileges,
      before: legacy(""),
      after: legacy(`CREATE TYPE mood AS ENUM ('a'); CREATE TABLE s (id serial);`),
    });
    // The sequence's reset runs once CREATE TABLE has created it.
    expect(result.upgrade.map((op) => (op.kind === "resetPrivileges" ? `reset ${op.object.kind} ${op.object.name}` : op.kind))).toEqual([
      "createEnum",
      "createTable",
      "reset sequence s_id_seq",
      "reset table s",
      "reset type mood",
    ]);
    expectRoundTrip(result);
  });

  // A legacy database where `s_id_seq` is another sequence (left from an older table): PostgreSQL names the
  // new serial column's sequence `s_id_seq1`. The reset finds it through its column; by the name it would
  // usually have, it took the other sequence back to its built-in ACL, and dp_app lost its grant there.
  it("a serial column's sequence named around a sequence that held its name: the other one keeps its grants", async () => {
    const other = "CREATE SEQUENCE s_id_seq; GRANT SELECT ON SEQUENCE s_id_seq TO dp_app;";
    const result = await roundTrip({ ...withPrivileges, before: legacy(other), after: legacy(`${other} CREATE TABLE s (id serial);`) });
    expect(result.upgraded).toContain("GRANT SELECT ON SEQUENCE public.s_id_seq TO dp_app;");
    expect(result.upgraded).not.toContain("SEQUENCE public.s_id_seq1 TO dp_auditor");
    expectRoundTrip(result);
  });

  it("a free-standing sequence, with a grant of its own and less than the built-in for its owner", async () => {
    const result = await roundTrip({
      ...withPrivileges,
      before: legacy(""),
      after: legacy("CREATE SEQUENCE counter; GRANT USAGE ON SEQUENCE counter TO dp_app; REVOKE UPDATE ON SEQUENCE counter FROM CURRENT_USER;"),
    });
    // What only takes away from the built-in ACL runs after the reset too, not before the sequence exists.
    expect(result.upgrade.map((op) => op.kind)).toEqual(["createSequence", "resetPrivileges", "setPrivileges", "setPrivileges"]);
    expect(result.upgraded).toContain("GRANT USAGE ON SEQUENCE public.counter TO dp_app;");
    expect(result.upgraded).not.toContain("SEQUENCE public.counter TO dp_auditor");
    expectRoundTrip(result);
  });

  it("a domain and a composite type keep PUBLIC's USAGE and gain no other", async () => {
    const result = await roundTrip({
      ...withPrivileges,
      before: legacy(""),
      after: legacy("CREATE DOMAIN positive AS int CHECK (VALUE > 0); CREATE TYPE pair AS (a int, b int);"),
    });
    expect(result.upgrade.filter((op) => op.kind === "resetPrivileges").map((op) => op.object.kind)).toEqual(["domain", "type"]);
    expect(result.upgraded).not.toContain("REVOKE ALL ON TYPE public.positive FROM PUBLIC;");
    expect(result.upgraded).not.toContain("REVOKE ALL ON TYPE public.pair FROM PUBLIC;");
    expectRoundTrip(result);
  });

  // PostgreSQL gives an identity column's sequence the default privileges on sequences as it does a serial's,
  // whether it comes with CREATE TABLE, ADD COLUMN or ALTER COLUMN ... ADD GENERATED.
  it("the sequences of identity columns: a new table's, a column added, a column made identity", async () => {
    const result = await roundTrip({
      ...withPrivileges,
      before: legacy("CREATE TABLE added (x int); CREATE TABLE made (x int NOT NULL);"),
      after: legacy(`
        CREATE TABLE fresh (id int GENERATED ALWAYS AS IDENTITY);
        CREATE TABLE added (x int, id bigint GENERATED BY DEFAULT AS IDENTITY, n serial);
        CREATE TABLE made (x int GENERATED ALWAYS AS IDENTITY);
        GRANT SELECT ON SEQUENCE added_id_seq TO dp_app; REVOKE UPDATE ON SEQUENCE fresh_id_seq FROM CURRENT_USER;`),
    });
    expect(result.upgrade.filter((op) => op.kind === "resetPrivileges").map((op) => `${op.object.kind} ${op.object.name}`)).toEqual([
      "sequence added_id_seq",
      "sequence added_n_seq",
      "sequence fresh_id_seq",
      "sequence made_x_seq",
      "table fresh",
    ]);
    // No GRANT to dp_auditor but those in the default privileges themselves.
    expect(result.upgraded).not.toMatch(/^GRANT .* TO dp_auditor;$/m);
    expect(result.upgraded).toContain("GRANT SELECT ON SEQUENCE public.added_id_seq TO dp_app;");
    expectRoundTrip(result);
  });
});

describe("what an upgrade drops for good, its downgrade brings back as it was", () => {
  // The downgrade creates it again, then gets what the default privileges give a new object on top of the
  // grants set back; it starts from the built-in privileges first (the reset's drop stage in the upgrade,
  // which runs nothing there, is its create stage in the downgrade).
  it("a table an entity no longer maps, with a grant of its own", async () => {
    const result = await roundTrip({
      ...entityMode,
      before: legacy("CREATE TABLE keep (id int); CREATE TABLE orders (id int); GRANT UPDATE ON orders TO dp_app;"),
      after: legacy("CREATE TABLE keep (id int);"),
    });
    expect(result.upgrade.filter((op) => op.kind === "resetPrivileges")).toEqual([
      { kind: "resetPrivileges", object: { kind: "table", schema: "public", name: "orders" }, stage: "drop" },
    ]);
    expect(result.downgraded).toContain("GRANT UPDATE ON TABLE public.orders TO dp_app;");
    expect(result.downgraded).not.toContain("public.orders TO dp_auditor");
    expectRoundTrip(result);
  });

  it("a table with a serial column an entity no longer maps: its sequence comes back with its grant", async () => {
    const result = await roundTrip({
      ...entityMode,
      before: legacy("CREATE TABLE keep (id int); CREATE TABLE orders (id serial); GRANT USAGE ON SEQUENCE orders_id_seq TO dp_app;"),
      after: legacy("CREATE TABLE keep (id int);"),
    });
    expect(result.downgraded).toContain("GRANT USAGE ON SEQUENCE public.orders_id_seq TO dp_app;");
    expect(result.downgraded).not.toContain("SEQUENCE public.orders_id_seq TO dp_auditor");
    expectRoundTrip(result);
  });

  it("an enum, a domain and a sequence a database diff drops, privileges not managed", async () => {
    const result = await roundTrip({
      options: {},
      privileges: true,
      before: legacy("CREATE TYPE mood AS ENUM ('a'); CREATE DOMAIN positive AS int; CREATE SEQUENCE counter;"),
      after: legacy(""),
    });
    expect(result.downgraded).not.toContain("REVOKE ALL ON TYPE public.mood FROM PUBLIC;");
    expect(result.downgraded).not.toContain("REVOKE ALL ON TYPE public.positive FROM PUBLIC;");
    expect(result.downgraded).not.toContain("SEQUENCE public.counter TO dp_auditor");
    expectRoundTrip(result);
  });

  it("a view and a function a database diff drops, privileges not managed", async () => {
    const result = await roundTrip({
      options: {},
      privileges: true,
      before: legacy("CREATE VIEW v AS SELECT 1 AS one; CREATE FUNCTION f() RETURNS int LANGUAGE sql AS 'SELECT 1';"),
      after: legacy(""),
    });
    expect(result.downgraded).not.toContain("public.v TO dp_auditor");
    expect(result.downgraded).not.toContain("REVOKE ALL ON FUNCTION public.f() FROM PUBLIC;");
    expectRoundTrip(result);
  });
});

describe("what the reset leaves alone", () => {
  it("a new entity's table still gets what the default privileges give it", async () => {
    const result = await roundTrip({ ...entityMode, before: legacy("CREATE TABLE keep (id int);"), after: legacy("CREATE TABLE keep (id int); CREATE TABLE added (id int);") });
    expect(result.upgrade.map((op) => op.kind)).not.toContain("resetPrivileges");
    expect(result.upgraded).toContain("GRANT SELECT ON TABLE public.added TO dp_auditor;");
  });

  it("so do a new entity's enum and the sequence of its serial column", async () => {
    const result = await roundTrip({
      ...entityMode,
      before: legacy("CREATE TABLE keep (id int);"),
      after: legacy("CREATE TABLE keep (id int); CREATE TYPE added_mood_enum AS ENUM ('a'); CREATE TABLE added (id serial, mood added_mood_enum);"),
    });
    expect(result.upgrade.map((op) => op.kind)).not.toContain("resetPrivileges");
    expect(result.upgraded).toContain("GRANT ALL ON TYPE public.added_mood_enum TO dp_auditor;");
    expect(result.upgraded).toContain("GRANT SELECT ON SEQUENCE public.added_id_seq TO dp_auditor;");
  });

  it("so does a table a database diff creates, privileges not managed: the DBA set them for new objects", async () => {
    // B's table was created before B's default privileges: only a diff managing privileges makes A's like it.
    const result = await roundTrip({ options: {}, privileges: true, before: legacy(""), after: legacy("CREATE TABLE added (id int);") });
    expect(result.upgrade.map((op) => op.kind)).toEqual(["createTable"]);
    expect(result.upgraded).toContain("GRANT SELECT ON TABLE public.added TO dp_auditor;");
  });

  it("with no default privileges, a view created again runs the reset and its ACL stays the built-in one", async () => {
    const view = (type: string) => `CREATE TABLE t (a ${type}); CREATE VIEW v AS SELECT a FROM t;`;
    const result = await roundTrip({ ...entityMode, before: view("int"), after: view("bigint") });
    expect(result.upgradeSql.some((sql) => sql.includes("aclexplode"))).toBe(true);
    expect(result.upgraded).not.toContain("GRANT");
    expectRoundTrip(result);
  });
});
