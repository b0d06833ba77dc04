/**
 * Objects a migration drops and creates again, in a database with `ALTER DEFAULT PRIVILEGES`: the new
 * object would get what the default privileges give (grants it never had, or without PUBLIC's built-in
 * EXECUTE or USAGE) on top of, or instead of, the grants set again after it. Each case runs on PostgreSQL
 * 15, upgrade and derived downgrade, judged by pg_dump with its GRANTs: the object ends with the ACL it
 * had (or the target's), both ways. So does what an upgrade drops for good, in its downgrade, and, with
 * privileges managed, what a migration creates for the first time; without, a new object keeps what the
 * default privileges give it. The default privileges are set in both databases, as a legacy database's
 * DBA would have set them once.
 *
 * The cases compared with the same options share one round trip, a schema each (`sharedRoundTrip`): the
 * default privileges name no schema, so they are set once for all of them (`databaseWide`), after every
 * case's objects, as `legacy` sets them after a case's own; each case's assertions are on its own part.
 */
import { ALL_MANAGED_KINDS, ENTITY_MANAGED_KINDS } from "../../src/compare/managed-kinds";
import { ensureRoles, expectEachInOneCase, expectRoundTrip, expectShared, roundTrip, sharedRoundTrip, type SharedCase } from "./catalog-round-trip";

const ROLES = ["dp_auditor", "dp_app"];
const entityMode = { options: { manage: ENTITY_MANAGED_KINDS }, targetAsEntities: true, privileges: true } as const;
const withPrivileges = { options: { manage: new Set(ALL_MANAGED_KINDS) }, privileges: true } as const;
const notManaged = { options: {}, privileges: true } as const;

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

/** Cases compared with `options` in one round trip, the default privileges set after all their objects. */
const legacyGroup = <K extends string>(cases: Readonly<Record<K, SharedCase>>, options: Parameters<typeof sharedRoundTrip>[1]) =>
  sharedRoundTrip(cases, { ...options, databaseWide: DEFAULTS });

const retyped = (type: string, rest: string) => `CREATE TABLE t (a ${type}); ${rest}`;
const recreatedFunction = (type: string) => `CREATE FUNCTION f(a int) RETURNS ${type} LANGUAGE sql AS 'SELECT a';`;
const aggregate = (sfunc: string, type: string) => `CREATE AGGREGATE total(int) (SFUNC = ${sfunc}, STYPE = ${type}, INITCOND = '0');`;
const enumType = (labels: string) => `CREATE TYPE mood AS ENUM (${labels}); CREATE TABLE t (m mood);`;
const partitioned = (key: string) => `CREATE TABLE p (id int, d date) PARTITION BY RANGE (${key});`;
const serialPartitioned = (key: string) =>
  `CREATE TABLE p (id serial, d date) PARTITION BY RANGE (${key}); GRANT USAGE ON SEQUENCE p_id_seq TO dp_app;`;
const serialOrIdentity = (column: string) => `CREATE TABLE t (x ${column}); GRANT USAGE ON SEQUENCE t_x_seq TO dp_app;`;
const view = (type: string, grants: string) => `CREATE TABLE t (a ${type}); CREATE VIEW v AS SELECT a FROM t; ${grants}`;
const takenName = "CREATE SEQUENCE s_id_seq; GRANT SELECT ON SEQUENCE s_id_seq TO dp_app;";

beforeAll(() => ensureRoles(ROLES));

/** Privileges managed: objects created again, and objects created for the first time. */
const managed = legacyGroup(
  {
    partitionKey: { before: partitioned("id"), after: partitioned("d") },
    functionResult: { before: recreatedFunction("int"), after: recreatedFunction("bigint") },
    aggregateResult: { before: aggregate("int4pl", "int"), after: aggregate("int84pl", "bigint") },
    enumRebuilt: { before: enumType("'a', 'b'"), after: enumType("'a'") },
    enumToDomain: { before: "CREATE TYPE mood AS ENUM ('a', 'b');", after: "CREATE DOMAIN mood AS text;" },
    partitionSerial: { before: serialPartitioned("id"), after: serialPartitioned("d") },
    serialToIdentity: { before: serialOrIdentity("serial"), after: serialOrIdentity("int GENERATED ALWAYS AS IDENTITY") },
    viewTargetGrants: {
      before: view("int", "GRANT SELECT ON v TO dp_app;"),
      after: view("bigint", "GRANT SELECT ON v TO dp_app; GRANT SELECT ON v TO dp_auditor;"),
    },
    createdTableViewFunction: {
      before: "",
      after: `
        CREATE TABLE t (id int); CREATE VIEW v AS SELECT id FROM t;
        CREATE FUNCTION f() RETURNS int LANGUAGE sql AS 'SELECT 1';
        GRANT SELECT ON t TO dp_app; GRANT INSERT ON v TO dp_auditor;`,
    },
    createdEnumSerial: { before: "", after: "CREATE TYPE mood AS ENUM ('a'); CREATE TABLE s (id serial);" },
    createdSerialNameTaken: { before: takenName, after: `${takenName} CREATE TABLE s (id serial);` },
    createdSequence: {
      before: "",
      after: "CREATE SEQUENCE counter; GRANT USAGE ON SEQUENCE counter TO dp_app; REVOKE UPDATE ON SEQUENCE counter FROM CURRENT_USER;",
    },
    createdDomainComposite: { before: "", after: "CREATE DOMAIN positive AS int CHECK (VALUE > 0); CREATE TYPE pair AS (a int, b int);" },
    createdIdentitySequences: {
      before: "CREATE TABLE added (x int); CREATE TABLE made (x int NOT NULL);",
      after: `
        CREATE TABLE fresh (id int GENERATED ALWAYS AS IDENTITY);
        CREATE TABLE added (x int, id bigint GENERATED BY DEFAULT AS IDENTITY, n serial);
        CREATE TABLE made (x int GENERATED ALWAYS AS IDENTITY);
        GRANT SELECT ON SEQUENCE added_id_seq TO dp_app; REVOKE UPDATE ON SEQUENCE fresh_id_seq FROM CURRENT_USER;`,
    },
  },
  withPrivileges,
);

/** Entity mode: views created again around a retyped column, tables an entity no longer maps. */
const entity = legacyGroup(
  {
    viewRetyped: {
      before: retyped("int", "CREATE VIEW v AS SELECT a FROM t; GRANT SELECT ON v TO dp_app;"),
      after: retyped("bigint", "CREATE VIEW v AS SELECT a FROM t; GRANT SELECT ON v TO dp_app;"),
    },
    matviewRetyped: {
      before: retyped("int", "CREATE MATERIALIZED VIEW m AS SELECT a FROM t;"),
      after: retyped("bigint", "CREATE MATERIALIZED VIEW m AS SELECT a FROM t;"),
    },
    droppedTable: {
      before: "CREATE TABLE keep (id int); CREATE TABLE orders (id int); GRANT UPDATE ON orders TO dp_app;",
      after: "CREATE TABLE keep (id int);",
    },
    droppedSerialTable: {
      before: "CREATE TABLE keep (id int); CREATE TABLE orders (id serial); GRANT USAGE ON SEQUENCE orders_id_seq TO dp_app;",
      after: "CREATE TABLE keep (id int);",
    },
  },
  entityMode,
);

/** A database diff, privileges not managed: what it drops comes back in the downgrade as it was. */
const plain = legacyGroup(
  {
    droppedTypesSequence: { before: "CREATE TYPE mood AS ENUM ('a'); CREATE DOMAIN positive AS int; CREATE SEQUENCE counter;", after: "" },
    droppedViewFunction: { before: "CREATE VIEW v AS SELECT 1 AS one; CREATE FUNCTION f() RETURNS int LANGUAGE sql AS 'SELECT 1';", after: "" },
  },
  notManaged,
);

/**
 * Entity mode, objects new to A: they get what the default privileges give, which B's (made before B's
 * default privileges) do not have, so A does not dump as B after the upgrade (no `expectShared`).
 */
const entityNew = legacyGroup(
  {
    table: { before: "CREATE TABLE keep (id int);", after: "CREATE TABLE keep (id int); CREATE TABLE added (id int);" },
    enumSerial: {
      before: "CREATE TABLE keep (id int);",
      after: "CREATE TABLE keep (id int); CREATE TYPE added_mood_enum AS ENUM ('a'); CREATE TABLE added (id serial, mood added_mood_enum);",
    },
  },
  entityMode,
);

const kinds = (result: { upgrade: readonly { kind: string }[] }) => result.upgrade.map((op) => op.kind);

describe("an object created again keeps the ACL it had, whatever the default privileges give a new one", () => {
  it(`entity mode, in one round trip: ${entity.names}`, async () => {
    await expectShared(entity);
  });

  it(`privileges managed, in one round trip: ${managed.names}`, async () => {
    await expectShared(managed);
  });

  it("a view around a retyped column, with a grant of its own", async () => {
    const [result, own] = [await entity.of("viewRetyped"), entity.in("viewRetyped")];
    expect(kinds(result)).toContain("resetPrivileges");
    expect(result.upgraded).toContain(own("GRANT SELECT ON TABLE public.v TO dp_app;"));
    expect(result.upgraded).not.toContain(own("public.v TO dp_auditor"));
    expectRoundTrip(result);
  });

  it("a materialized view around a retyped column", async () => {
    const [result, own] = [await entity.of("matviewRetyped"), entity.in("matviewRetyped")];
    expect(result.upgraded).not.toContain(own("public.m TO dp_auditor"));
    expectRoundTrip(result);
  });

  it("a table created again for a new partition key", async () => {
    const [result, own] = [await managed.of("partitionKey"), managed.in("partitionKey")];
    expect(kinds(result)).toEqual(expect.arrayContaining(["dropTable", "createTable", "resetPrivileges"]));
    expect(result.upgraded).not.toContain(own("public.p TO dp_auditor"));
    expectRoundTrip(result);
  });

  it("a function created again for a new result type keeps PUBLIC's EXECUTE and gains no other", async () => {
    const [result, own] = [await managed.of("functionResult"), managed.in("functionResult")];
    // PUBLIC's built-in EXECUTE is not written out by pg_dump; revoked, it would be.
    expect(result.upgraded).not.toContain(own("REVOKE ALL ON FUNCTION public.f(a integer) FROM PUBLIC;"));
    expect(result.upgraded).not.toContain(own("ON FUNCTION public.f(a integer) TO dp_app"));
    expectRoundTrip(result);
  });

  it("an aggregate created again for a new result type keeps PUBLIC's EXECUTE and gains no other", async () => {
    const [result, own] = [await managed.of("aggregateResult"), managed.in("aggregateResult")];
    expect(result.upgradeSql.join("\n")).toContain(own('ON FUNCTION "public"."total"(integer) FROM %s CASCADE'));
    expect(result.upgraded).not.toContain(own("REVOKE ALL ON FUNCTION public.total(integer) FROM PUBLIC;"));
    expect(result.upgraded).not.toContain(own("ON FUNCTION public.total(integer) TO dp_app"));
    expectRoundTrip(result);
  });

  it("an enum rebuilt without a label keeps PUBLIC's USAGE and gains no other", async () => {
    const [result, own] = [await managed.of("enumRebuilt"), managed.in("enumRebuilt")];
    expect(result.upgraded).not.toContain(own("REVOKE ALL ON TYPE public.mood FROM PUBLIC;"));
    expect(result.upgraded).not.toContain(own("TYPE public.mood TO dp_auditor"));
    expectRoundTrip(result);
  });

  it("an enum dropped and created again as a domain of the same name keeps PUBLIC's USAGE and gains no other", async () => {
    const [result, own] = [await managed.of("enumToDomain"), managed.in("enumToDomain")];
    expect(result.upgrade.filter((op) => op.kind === "resetPrivileges").map((op) => [op.object.kind, op.stage])).toEqual([
      ["type", "drop"],
      ["domain", "create"],
    ]);
    expect(result.upgraded).not.toContain(own("TYPE public.mood TO dp_auditor"));
    expectRoundTrip(result);
  });

  it("a table created again for a new partition key: its serial column's sequence keeps its grant and gains no other", async () => {
    const [result, own] = [await managed.of("partitionSerial"), managed.in("partitionSerial")];
    expect(result.upgraded).toContain(own("GRANT USAGE ON SEQUENCE public.p_id_seq TO dp_app;"));
    expect(result.upgraded).not.toContain(own("SEQUENCE public.p_id_seq TO dp_auditor"));
    expectRoundTrip(result);
  });

  it("a serial column made an identity column: the identity's sequence has the serial's grant and gains no other", async () => {
    const [result, own] = [await managed.of("serialToIdentity"), managed.in("serialToIdentity")];
    expect(kinds(result)).toEqual(["setPrivileges", "resetPrivileges", "alterColumn", "resetPrivileges", "setPrivileges"]);
    expect(result.upgraded).not.toContain(own("SEQUENCE public.t_x_seq TO dp_auditor"));
    expectRoundTrip(result);
  });

  it("a view whose target grants what the default privileges give: the target's grant, in the target's place", async () => {
    const [result, own] = [await managed.of("viewTargetGrants"), managed.in("viewTargetGrants")];
    expect(result.upgraded).toContain(own("GRANT SELECT ON TABLE public.v TO dp_auditor;"));
    expectRoundTrip(result);
  });
});

describe("what a migration creates for the first time, privileges managed, ends with the target's ACL", () => {
  // B's objects were created before its default privileges, A has the same ones: a diff with privileges
  // managed finds no default privileges to change, and the objects created on A would get SELECT for
  // dp_auditor, EXECUTE for dp_app instead of PUBLIC's, which B's do not have. Each starts from the
  // built-in privileges right after its create, and B's grants are set on those.
  it("a table, a view and a function, with grants of their own", async () => {
    const [result, own] = [await managed.of("createdTableViewFunction"), managed.in("createdTableViewFunction")];
    const resets = result.upgrade.filter((op) => op.kind === "resetPrivileges");
    expect(resets.map((op) => [op.object.name, op.stage])).toEqual([
      ["f", "create"],
      ["t", "create"],
      ["v", "create"],
    ]);
    expect(result.upgraded).not.toContain(own("public.t TO dp_auditor"));
    expect(result.upgraded).not.toContain(own("SELECT ON TABLE public.v TO dp_auditor"));
    expect(result.upgraded).not.toContain(own("ON FUNCTION public.f() TO dp_app"));
    expectRoundTrip(result);
  });

  it("a new enum and a serial column's sequence end with the target's ACL", async () => {
    const result = await managed.of("createdEnumSerial");
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
    const [result, own] = [await managed.of("createdSerialNameTaken"), managed.in("createdSerialNameTaken")];
    expect(result.upgraded).toContain(own("GRANT SELECT ON SEQUENCE public.s_id_seq TO dp_app;"));
    expect(result.upgraded).not.toContain(own("SEQUENCE public.s_id_seq1 TO dp_auditor"));
    expectRoundTrip(result);
  });

  it("a free-standing sequence, with a grant of its own and less than the built-in for its owner", async () => {
    const [result, own] = [await managed.of("createdSequence"), managed.in("createdSequence")];
    // What only takes away from the built-in ACL runs after the reset too, not before the sequence exists.
    expect(kinds(result)).toEqual(["createSequence", "resetPrivileges", "setPrivileges", "setPrivileges"]);
    expect(result.upgraded).toContain(own("GRANT USAGE ON SEQUENCE public.counter TO dp_app;"));
    expect(result.upgraded).not.toContain(own("SEQUENCE public.counter TO dp_auditor"));
    expectRoundTrip(result);
  });

  it("a domain and a composite type keep PUBLIC's USAGE and gain no other", async () => {
    const [result, own] = [await managed.of("createdDomainComposite"), managed.in("createdDomainComposite")];
    expect(result.upgrade.filter((op) => op.kind === "resetPrivileges").map((op) => op.object.kind)).toEqual(["domain", "type"]);
    expect(result.upgraded).not.toContain(own("REVOKE ALL ON TYPE public.positive FROM PUBLIC;"));
    expect(result.upgraded).not.toContain(own("REVOKE ALL ON TYPE public.pair FROM PUBLIC;"));
    expectRoundTrip(result);
  });

  // PostgreSQL gives an identity column's sequence the default privileges on sequences as it does a serial's,
  // whether it comes with CREATE TABLE, ADD COLUMN or ALTER COLUMN ... ADD GENERATED.
  it("the sequences of identity columns: a new table's, a column added, a column made identity", async () => {
    const [result, own] = [await managed.of("createdIdentitySequences"), managed.in("createdIdentitySequences")];
    expect(result.upgrade.filter((op) => op.kind === "resetPrivileges").map((op) => `${op.object.kind} ${op.object.name}`)).toEqual([
      "sequence added_id_seq",
      "sequence added_n_seq",
      "sequence fresh_id_seq",
      "sequence made_x_seq",
      "table fresh",
    ]);
    // No GRANT to dp_auditor (the default privileges themselves are in no schema's part).
    expect(result.upgraded).not.toMatch(/^GRANT .* TO dp_auditor;$/m);
    expect(result.upgraded).toContain(own("GRANT SELECT ON SEQUENCE public.added_id_seq TO dp_app;"));
    expectRoundTrip(result);
  });
});

describe("what an upgrade drops for good, its downgrade brings back as it was", () => {
  // The downgrade creates it again, then gets what the default privileges give a new object on top of the
  // grants set back; it starts from the built-in privileges first (the reset's drop stage in the upgrade,
  // which runs nothing there, is its create stage in the downgrade).
  it("a table an entity no longer maps, with a grant of its own", async () => {
    const [result, own] = [await entity.of("droppedTable"), entity.in("droppedTable")];
    expect(result.upgrade.filter((op) => op.kind === "resetPrivileges")).toEqual([
      { kind: "resetPrivileges", object: { kind: "table", schema: own("public"), name: "orders" }, stage: "drop" },
    ]);
    expect(result.downgraded).toContain(own("GRANT UPDATE ON TABLE public.orders TO dp_app;"));
    expect(result.downgraded).not.toContain(own("public.orders TO dp_auditor"));
    expectRoundTrip(result);
  });

  it("a table with a serial column an entity no longer maps: its sequence comes back with its grant", async () => {
    const [result, own] = [await entity.of("droppedSerialTable"), entity.in("droppedSerialTable")];
    expect(result.downgraded).toContain(own("GRANT USAGE ON SEQUENCE public.orders_id_seq TO dp_app;"));
    expect(result.downgraded).not.toContain(own("SEQUENCE public.orders_id_seq TO dp_auditor"));
    expectRoundTrip(result);
  });

  it(`privileges not managed, in one round trip: ${plain.names}`, async () => {
    await expectShared(plain);
  });

  it("an enum, a domain and a sequence a database diff drops, privileges not managed", async () => {
    const [result, own] = [await plain.of("droppedTypesSequence"), plain.in("droppedTypesSequence")];
    expect(result.downgraded).not.toContain(own("REVOKE ALL ON TYPE public.mood FROM PUBLIC;"));
    expect(result.downgraded).not.toContain(own("REVOKE ALL ON TYPE public.positive FROM PUBLIC;"));
    expect(result.downgraded).not.toContain(own("SEQUENCE public.counter TO dp_auditor"));
    expectRoundTrip(result);
  });

  it("a view and a function a database diff drops, privileges not managed", async () => {
    const [result, own] = [await plain.of("droppedViewFunction"), plain.in("droppedViewFunction")];
    expect(result.downgraded).not.toContain(own("public.v TO dp_auditor"));
    expect(result.downgraded).not.toContain(own("REVOKE ALL ON FUNCTION public.f() FROM PUBLIC;"));
    expectRoundTrip(result);
  });
});

describe("what the reset leaves alone", () => {
  it(`entity mode, in one round trip, each statement one case's: ${entityNew.names}`, async () => {
    expectEachInOneCase(await entityNew.whole(), entityNew.schemas);
  });

  it("a new entity's table still gets what the default privileges give it", async () => {
    const [result, own] = [await entityNew.of("table"), entityNew.in("table")];
    expect(kinds(result)).not.toContain("resetPrivileges");
    expect(result.upgraded).toContain(own("GRANT SELECT ON TABLE public.added TO dp_auditor;"));
  });

  it("so do a new entity's enum and the sequence of its serial column", async () => {
    const [result, own] = [await entityNew.of("enumSerial"), entityNew.in("enumSerial")];
    expect(kinds(result)).not.toContain("resetPrivileges");
    expect(result.upgraded).toContain(own("GRANT ALL ON TYPE public.added_mood_enum TO dp_auditor;"));
    expect(result.upgraded).toContain(own("GRANT SELECT ON SEQUENCE public.added_id_seq TO dp_auditor;"));
  });

  it("so does a table a database diff creates, privileges not managed: the DBA set them for new objects", async () => {
    // B's table was created before B's default privileges: only a diff managing privileges makes A's like it.
    const result = await roundTrip({ ...notManaged, before: legacy(""), after: legacy("CREATE TABLE added (id int);") });
    expect(kinds(result)).toEqual(["createTable"]);
    expect(result.upgraded).toContain("GRANT SELECT ON TABLE public.added TO dp_auditor;");
  });

  // Another database setting (none), so a round trip of its own.
  it("with no default privileges, a view created again runs the reset and its ACL stays the built-in one", async () => {
    const plainView = (type: string) => `CREATE TABLE t (a ${type}); CREATE VIEW v AS SELECT a FROM t;`;
    const result = await roundTrip({ ...entityMode, before: plainView("int"), after: plainView("bigint") });
    expect(result.upgradeSql.some((sql) => sql.includes("aclexplode"))).toBe(true);
    expect(result.upgraded).not.toContain("GRANT");
    expectRoundTrip(result);
  });
});
