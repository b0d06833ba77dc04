/**
 * Functions and procedures on PostgreSQL 15, database to database: created (before the defaults, checks
 * and tables that use them; an SQL body may read a table created later in the same migration), changed in
 * place or dropped and created again (with the views and triggers that use them), dropped (after what
 * used them), each with its derived downgrade.
 *
 * The cases share one round trip, a schema each (sharedRoundTrip: `public` in what a test expects is its
 * schema), but the first, whose `SET LOCAL check_function_bodies` no schema would tell apart, and those of a
 * function an event trigger executes: the event trigger is the database's, in no schema, and two of them
 * are refusals, which stop the whole comparison.
 */
import { EventTriggerFunctionError } from "../../src/compare/compare-errors";
import { expectRoundTrip, expectShared, roundTrip, sharedRoundTrip } from "./catalog-round-trip";

const BASE = `CREATE TABLE t (a integer, b text);`;

const LABEL = (volatility: string, body: string) =>
  `CREATE FUNCTION label(i integer) RETURNS text LANGUAGE sql ${volatility} AS $$ ${body} $$;`;
const RECREATED = `
      ${BASE}
      CREATE FUNCTION label(i integer) RETURNS text LANGUAGE sql AS $$ SELECT 'n' || i $$;
      CREATE VIEW v AS SELECT a, label(a) AS l FROM t;
      CREATE VIEW w AS SELECT l FROM v;
      CREATE FUNCTION guard() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;
      CREATE TRIGGER t_guard BEFORE INSERT ON t FOR EACH ROW EXECUTE FUNCTION guard();
    `;
const ROWS_OF_VIEW = `
      ${BASE}
      CREATE VIEW v AS SELECT a, b FROM t;
      CREATE FUNCTION rows_of_v() RETURNS SETOF v LANGUAGE sql AS 'SELECT * FROM v';
    `;
const ENUM_USER = `
      CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy');
      CREATE TABLE people (m mood);
      CREATE FUNCTION is_happy(m mood) RETURNS boolean LANGUAGE sql IMMUTABLE AS $$ SELECT m = 'happy' $$;
    `;
const shared = sharedRoundTrip({
  replaced: {
    before: `${BASE} ${LABEL("IMMUTABLE", "SELECT 'n' || i")} CREATE VIEW v AS SELECT label(a) FROM t;`,
    after: `${BASE} ${LABEL("STABLE", "SELECT 'no ' || i")} CREATE VIEW v AS SELECT label(a) FROM t;`,
  },
  recreated: {
    before: RECREATED,
    after: RECREATED.replace("RETURNS text", "RETURNS character varying").replace(
      "RETURNS trigger LANGUAGE plpgsql",
      () => "RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER",
    ),
  },
  dropped: {
    before: `
        ${BASE}
        CREATE FUNCTION seven() RETURNS integer LANGUAGE sql IMMUTABLE AS 'SELECT 7';
        CREATE FUNCTION f(i integer) RETURNS integer LANGUAGE sql AS 'SELECT i';
        CREATE FUNCTION f(t text) RETURNS text LANGUAGE sql AS 'SELECT t';
        CREATE PROCEDURE bump(INOUT n integer) LANGUAGE plpgsql AS $$ BEGIN n := n + 1; END $$;
        ALTER TABLE t ADD COLUMN c integer DEFAULT seven();
        CREATE VIEW v AS SELECT f(a) FROM t;
        CREATE FUNCTION rows_of_t() RETURNS SETOF t LANGUAGE sql AS 'SELECT * FROM t';
      `,
    after: `${BASE} CREATE FUNCTION f(t text) RETURNS text LANGUAGE sql AS 'SELECT t';`,
  },
  rowsOfView: { before: ROWS_OF_VIEW, after: ROWS_OF_VIEW.replace("SELECT a, b FROM t", "SELECT a, b, 1 AS one FROM t") },
  enumUser: { before: ENUM_USER, after: ENUM_USER.replace("'sad', 'ok', 'happy'", "'sad', 'happy'") },
});

describe("functions: database to database on PostgreSQL 15", () => {
  it("creates functions, overloads and procedures before what uses them", async () => {
    const result = await roundTrip({
      before: BASE,
      after: `
        ${BASE}
        CREATE FUNCTION seven() RETURNS integer LANGUAGE sql IMMUTABLE AS 'SELECT 7';
        CREATE FUNCTION positive(i integer) RETURNS boolean LANGUAGE sql IMMUTABLE RETURN i > 0;
        CREATE FUNCTION f(i integer) RETURNS integer LANGUAGE sql AS 'SELECT i';
        CREATE FUNCTION f(t text, n integer DEFAULT 2) RETURNS text LANGUAGE sql AS 'SELECT repeat(t, n)';
        CREATE PROCEDURE bump(INOUT n integer) LANGUAGE plpgsql AS $$ BEGIN n := n + 1; END $$;
        CREATE TABLE later (id integer DEFAULT seven(), CHECK (positive(id)));
        -- An SQL body reading a table this migration creates after the functions.
        CREATE FUNCTION count_later() RETURNS bigint LANGUAGE sql STABLE AS 'SELECT count(*) FROM later';
        -- A BEGIN ATOMIC body, which Postgres checks: created once the table exists.
        CREATE FUNCTION max_later() RETURNS integer LANGUAGE sql STABLE BEGIN ATOMIC SELECT max(id) FROM later; END;
        CREATE INDEX t_a_idx ON t (f(a));
        ALTER TABLE t ADD COLUMN c integer DEFAULT seven();
      `,
    });
    expectRoundTrip(result);
    const kinds = result.upgrade.map((op) => op.kind);
    expect(kinds.filter((k) => k === "createFunction")).toHaveLength(7);
    // Functions a default, a check or an index uses come before the table, column and index.
    expect(kinds.indexOf("createFunction")).toBeLessThan(kinds.indexOf("createTable"));
    expect(kinds.lastIndexOf("createFunction")).toBeGreaterThan(kinds.indexOf("createTable")); // max_later
    expect(result.upgradeSql).toContain("SET LOCAL check_function_bodies = off");
    expect(result.log).toContain("Detected added function 'public.f(t text, n integer)'");
    expect(result.log).toContain("Detected added procedure 'public.bump(INOUT n integer)'");
  });

  it("replaces a changed function in place, keeping what depends on it", async () => {
    const result = await shared.of("replaced");
    expectRoundTrip(result);
    expect(result.upgrade.map((op) => op.kind)).toEqual(["replaceFunction"]);
    expect(result.upgrade[0]).toMatchObject({ kind: "replaceFunction" });
    expect(result.upgrade[0]).not.toHaveProperty("recreate");
    expect(result.log).toEqual([shared.in("replaced")("Detected changed function 'public.label(i integer)': replaced")]);
  });

  it("drops and creates again a function whose result changes, with the views that call it", async () => {
    const result = await shared.of("recreated");
    expectRoundTrip(result);
    // The two views keep their owners around their drop and create, and start from the built-in privileges
    // (the functions within their own statements).
    expect(result.upgrade.map((op) => op.kind)).toEqual([
      "keepOwner",
      "keepOwner",
      "resetPrivileges",
      "resetPrivileges",
      "dropView",
      "dropView",
      "replaceFunction",
      "replaceFunction",
      "createView",
      "createView",
      "resetPrivileges",
      "resetPrivileges",
      "keepOwner",
      "keepOwner",
    ]);
    expect(result.upgrade[6]).toMatchObject({ kind: "replaceFunction", recreate: true });
    expect(result.log).toContain(
      shared.in("recreated")("View 'public.v' reads function 'public.label(i integer)', which this migration changes: dropped and created again"),
    );
  });

  it("drops functions after what uses them, and keeps the other overload", async () => {
    const result = await shared.of("dropped");
    expectRoundTrip(result);
    expect(result.upgrade.filter((op) => op.kind === "dropFunction")).toHaveLength(4);
    const kinds = result.upgrade.map((op) => op.kind);
    expect(kinds.indexOf("dropColumn")).toBeLessThan(kinds.lastIndexOf("dropFunction"));
  });

  it("drops and creates again a function returning a view's rows around the view", async () => {
    const result = await shared.of("rowsOfView");
    expectRoundTrip(result);
    expect(result.upgrade.map((op) => op.kind)).toEqual([
      "keepOwner",
      "keepOwner",
      "resetPrivileges",
      "resetPrivileges",
      "dropFunction",
      "dropView",
      "createView",
      "createFunction",
      "resetPrivileges",
      "resetPrivileges",
      "keepOwner",
      "keepOwner",
    ]);
  });

  it("drops and creates again a function using an enum that the migration rebuilds", async () => {
    const result = await shared.of("enumUser");
    expectRoundTrip(result);
    expect(result.upgrade.map((op) => op.kind)).toEqual(["keepOwner", "resetPrivileges", "dropFunction", "alterEnum", "createFunction", "resetPrivileges", "keepOwner"]);
    expect(result.log).toContain(
      shared.in("enumUser")(
        "Function 'public.is_happy(m public.mood)' depends on type public.mood, which this migration drops and creates again: " +
          "dropped before and created again after",
      ),
    );
  });

  it(`the shared round trip (${shared.names}): A reaches B and comes back; each statement is one case's`, async () => {
    await expectShared(shared);
  });
});

// Event triggers are not modeled (they are the database's, in no schema, and autogen never creates or drops
// one), but the function one executes is: a target without it (or with another version that CREATE OR
// REPLACE cannot make) would drop the function, and PostgreSQL would stop the upgrade half-way (cannot drop
// function et() because other objects depend on it). The comparison refuses it by name before any
// statement; a change CREATE OR REPLACE makes keeps the event trigger and runs.
describe("a function an event trigger executes", () => {
  const ET = (body: string) => `CREATE FUNCTION et() RETURNS event_trigger LANGUAGE plpgsql AS $$BEGIN ${body} END$$;`;
  const TRIGGER = "CREATE EVENT TRIGGER hunt_et ON ddl_command_end EXECUTE FUNCTION et();";

  it("is refused by name, naming the event trigger, where the target has no such function", async () => {
    // An event trigger belongs to its database: the round trip's databases take it with them.
    const refused = roundTrip({ before: `${ET("")} ${TRIGGER}`, after: "" });
    await expect(refused).rejects.toThrow(EventTriggerFunctionError);
    await expect(refused).rejects.toThrow(/^The migration drops function public\.et\(\), but the database's event trigger hunt_et executes it: /);
  });

  it("is refused by name, naming each event trigger, where the target's version must be dropped and created again", async () => {
    const second = "CREATE EVENT TRIGGER hunt_et2 ON sql_drop EXECUTE FUNCTION et();";
    const refused = roundTrip({ before: `${ET("")} ${TRIGGER} ${second}`, after: "CREATE FUNCTION et() RETURNS void LANGUAGE sql AS $$ $$;" });
    await expect(refused).rejects.toThrow(
      /^The migration drops and creates again function public\.et\(\), but the database's event triggers hunt_et, hunt_et2 execute it: /,
    );
  });

  it("is replaced in place where only its body changes, the event trigger kept", async () => {
    const result = await roundTrip({
      before: `${ET("")} ${TRIGGER}`,
      after: `${ET("RAISE NOTICE 'ddl';")} ${TRIGGER}`,
    });
    expectRoundTrip(result);
    expect(result.upgrade.map((op) => op.kind)).toEqual(["replaceFunction"]);
    expect(result.upgraded).toContain("CREATE EVENT TRIGGER hunt_et ON ddl_command_end");
  });
});
