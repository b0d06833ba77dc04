/**
 * Introspection of the catalog objects (functions, triggers, row-level security, privileges, default
 * privileges, comments, collations) on PostgreSQL 15: every field as Postgres prints it, extension-owned objects left out, and
 * what hangs on an excluded table left out with it.
 */
import { introspect } from "../../src/introspect";
import { createTestDatabase, type TestDatabase } from "../support/test-db";
import { connectPg, type PgConnection } from "./helpers";

const SCHEMA = `
  DO $$ BEGIN CREATE ROLE cat_reader; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;
  CREATE EXTENSION citext;
  CREATE SCHEMA cat;
  CREATE COLLATION cat.posix FROM "POSIX";
  CREATE COLLATION cat.nd (provider = icu, locale = 'und-u-ks-level2', deterministic = false);
  CREATE TYPE cat.mood AS ENUM ('sad', 'ok');
  CREATE TABLE cat.t (a integer, b text COLLATE cat.posix, m cat.mood);
  CREATE TABLE cat.skipped (a integer);
  CREATE SEQUENCE cat.s;
  CREATE VIEW cat.v AS SELECT a, b FROM cat.t;
  CREATE FUNCTION cat.f(i integer, t text DEFAULT 'x') RETURNS SETOF cat.t LANGUAGE sql AS $$ SELECT * FROM cat.t $$;
  CREATE FUNCTION cat.f(i bigint) RETURNS integer LANGUAGE sql IMMUTABLE RETURN i::integer;
  CREATE FUNCTION cat.by_mood(m cat.mood) RETURNS bigint LANGUAGE sql BEGIN ATOMIC SELECT count(*) FROM cat.t WHERE t.m = by_mood.m; END;
  CREATE PROCEDURE cat.p(INOUT n integer) LANGUAGE plpgsql AS $$ BEGIN n := n + 1; END $$;
  CREATE FUNCTION cat.trg() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;
  CREATE TRIGGER t_upd BEFORE UPDATE OF b ON cat.t FOR EACH ROW WHEN (old.a IS DISTINCT FROM new.a) EXECUTE FUNCTION cat.trg();
  CREATE TRIGGER t_stmt AFTER TRUNCATE ON cat.t FOR EACH STATEMENT EXECUTE FUNCTION cat.trg();
  CREATE CONSTRAINT TRIGGER t_c AFTER INSERT ON cat.t DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION cat.trg();
  ALTER TABLE cat.t DISABLE TRIGGER t_stmt;
  CREATE TRIGGER v_ins INSTEAD OF INSERT ON cat.v FOR EACH ROW EXECUTE FUNCTION cat.trg();
  CREATE TRIGGER skipped_trg BEFORE INSERT ON cat.skipped FOR EACH ROW EXECUTE FUNCTION cat.trg();
  ALTER TABLE cat.t ENABLE ROW LEVEL SECURITY;
  ALTER TABLE cat.t FORCE ROW LEVEL SECURITY;
  CREATE POLICY p_upd ON cat.t AS RESTRICTIVE FOR UPDATE TO cat_reader USING (a > 0) WITH CHECK (a < cat.f(a::bigint));
  CREATE POLICY p_all ON cat.t USING (true);
  GRANT SELECT ON cat.t TO cat_reader;
  GRANT INSERT, SELECT ON cat.t TO PUBLIC;
  GRANT TRUNCATE ON cat.t TO cat_reader WITH GRANT OPTION;
  GRANT UPDATE (b) ON cat.t TO cat_reader;
  GRANT USAGE ON SEQUENCE cat.s TO cat_reader;
  GRANT SELECT ON cat.v TO cat_reader;
  GRANT SELECT ON cat.skipped TO cat_reader;
  REVOKE EXECUTE ON FUNCTION cat.trg() FROM PUBLIC;
  GRANT EXECUTE ON FUNCTION cat.trg() TO cat_reader;
  GRANT USAGE ON SCHEMA cat TO cat_reader;
  COMMENT ON SCHEMA cat IS 'Catalog';
  COMMENT ON TABLE cat.t IS 'not here: the table comment is the table''s';
  COMMENT ON VIEW cat.v IS 'A view';
  COMMENT ON COLUMN cat.v.a IS 'The a';
  COMMENT ON SEQUENCE cat.s IS 'Numbers';
  COMMENT ON TYPE cat.mood IS 'Moods';
  COMMENT ON FUNCTION cat.f(bigint) IS 'Narrows';
  COMMENT ON PROCEDURE cat.p(integer) IS 'Adds one';
  COMMENT ON TRIGGER t_upd ON cat.t IS 'On update';
  COMMENT ON POLICY p_all ON cat.t IS 'Everyone';
  COMMENT ON COLLATION cat.posix IS 'Bytes';
  COMMENT ON TRIGGER skipped_trg ON cat.skipped IS 'left out with its table';
`;

describe("introspect: catalog objects on PostgreSQL 15", () => {
  let db: TestDatabase;
  let conn: PgConnection;

  beforeAll(async () => {
    db = await createTestDatabase("catobjects");
    conn = await connectPg(db.url);
    await conn.client.query(SCHEMA);
  });

  afterAll(async () => {
    await conn.end();
    await db.drop();
  });

  it("reads functions and procedures by signature, with what they depend on", async () => {
    const model = await introspect(conn, { schemas: ["cat"] });
    expect(Object.keys(model.functions)).toEqual([
      '"cat"."by_mood"(m cat.mood)',
      '"cat"."f"(i bigint)',
      '"cat"."f"(i integer, t text)',
      '"cat"."p"(INOUT n integer)',
      '"cat"."trg"()',
    ]);
    expect(model.functions['"cat"."f"(i integer, t text)']).toStrictEqual({
      schema: "cat",
      name: "f",
      kind: "function",
      arguments: "i integer, t text",
      signature: "i integer, t text DEFAULT 'x'::text",
      returns: "SETOF cat.t",
      definition:
        "CREATE OR REPLACE FUNCTION cat.f(i integer, t text DEFAULT 'x'::text)\n RETURNS SETOF cat.t\n LANGUAGE sql\n" +
        "AS $function$ SELECT * FROM cat.t $function$",
      dependsOn: ['relation "cat"."t"'],
    });
    expect(model.functions['"cat"."by_mood"(m cat.mood)']).toMatchObject({
      definition:
        "CREATE OR REPLACE FUNCTION cat.by_mood(m cat.mood)\n RETURNS bigint\n LANGUAGE sql\nBEGIN ATOMIC\n" +
        " SELECT count(*) AS count\n    FROM cat.t\n   WHERE (t.m = by_mood.m);\nEND",
      dependsOn: ['relation "cat"."t"', 'type "cat"."mood"'],
    });
    expect(model.functions['"cat"."p"(INOUT n integer)']).toStrictEqual({
      schema: "cat",
      name: "p",
      kind: "procedure",
      arguments: "INOUT n integer",
      signature: "INOUT n integer",
      returns: null,
      definition: "CREATE OR REPLACE PROCEDURE cat.p(INOUT n integer)\n LANGUAGE plpgsql\nAS $procedure$ BEGIN n := n + 1; END $procedure$",
      dependsOn: [],
    });
    // citext's own functions belong to the extension: not read.
    expect(Object.values(model.functions).filter((f) => f.schema === "public")).toEqual([]);
  });

  it("reads triggers (row, statement, constraint, INSTEAD OF, disabled) without those of excluded tables", async () => {
    const model = await introspect(conn, { schemas: ["cat"], excludeTables: ['"cat"."skipped"'] });
    expect(model.triggers).toStrictEqual({
      '"cat"."t"."t_c"': {
        schema: "cat",
        table: "t",
        name: "t_c",
        definition:
          "CREATE CONSTRAINT TRIGGER t_c AFTER INSERT ON cat.t DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION cat.trg()",
        enabled: "origin",
        dependsOn: ['function "cat"."trg"()', 'relation "cat"."t"'],
      },
      '"cat"."t"."t_stmt"': {
        schema: "cat",
        table: "t",
        name: "t_stmt",
        definition: "CREATE TRIGGER t_stmt AFTER TRUNCATE ON cat.t FOR EACH STATEMENT EXECUTE FUNCTION cat.trg()",
        enabled: "disabled",
        dependsOn: ['function "cat"."trg"()', 'relation "cat"."t"'],
      },
      '"cat"."t"."t_upd"': {
        schema: "cat",
        table: "t",
        name: "t_upd",
        definition:
          "CREATE TRIGGER t_upd BEFORE UPDATE OF b ON cat.t FOR EACH ROW WHEN ((old.a IS DISTINCT FROM new.a)) " +
          "EXECUTE FUNCTION cat.trg()",
        enabled: "origin",
        dependsOn: ['column "cat"."t"."a"', 'column "cat"."t"."b"', 'function "cat"."trg"()', 'relation "cat"."t"'],
      },
      '"cat"."v"."v_ins"': {
        schema: "cat",
        table: "v",
        name: "v_ins",
        definition: "CREATE TRIGGER v_ins INSTEAD OF INSERT ON cat.v FOR EACH ROW EXECUTE FUNCTION cat.trg()",
        enabled: "origin",
        dependsOn: ['function "cat"."trg"()', 'relation "cat"."v"'],
      },
    });
    const all = await introspect(conn, { schemas: ["cat"] });
    expect(Object.keys(all.triggers)).toContain('"cat"."skipped"."skipped_trg"');
  });

  it("reads row-level security flags and policies", async () => {
    const model = await introspect(conn, { schemas: ["cat"] });
    expect(model.rowSecurity).toStrictEqual({ '"cat"."t"': { schema: "cat", name: "t", enabled: true, forced: true } });
    expect(model.policies).toStrictEqual({
      '"cat"."t"."p_all"': {
        schema: "cat",
        table: "t",
        name: "p_all",
        permissive: true,
        command: "ALL",
        roles: ["public"],
        using: "true",
        withCheck: null,
        dependsOn: ['relation "cat"."t"'],
      },
      '"cat"."t"."p_upd"': {
        schema: "cat",
        table: "t",
        name: "p_upd",
        permissive: false,
        command: "UPDATE",
        roles: ["cat_reader"],
        using: "(a > 0)",
        withCheck: "(a < cat.f((a)::bigint))",
        dependsOn: ['column "cat"."t"."a"', 'function "cat"."f"(i bigint)', 'relation "cat"."t"'],
      },
    });
  });

  it("reads privileges in ACL order, without the owner's entry when it is the default, only where they differ from the default", async () => {
    const model = await introspect(conn, { schemas: ["cat"], excludeTables: ['"cat"."skipped"'] });
    const grant = (grantee: string, privileges: string[], grantable: string[] = []) => ({ grantee, privileges, grantable });
    expect(model.privileges).toStrictEqual({
      'column "cat"."t"."b"': {
        object: { kind: "column", schema: "cat", table: "t", column: "b" },
        grants: [grant("cat_reader", ["UPDATE"])],
      },
      'function "cat"."trg"()': {
        object: { kind: "function", schema: "cat", name: "trg", arguments: "" },
        grants: [grant("cat_reader", ["EXECUTE"])],
      },
      'schema "cat"': { object: { kind: "schema", name: "cat" }, grants: [grant("cat_reader", ["USAGE"])] },
      'sequence "cat"."s"': {
        object: { kind: "sequence", schema: "cat", name: "s" },
        grants: [grant("cat_reader", ["USAGE"])],
      },
      'table "cat"."t"': {
        object: { kind: "table", schema: "cat", name: "t" },
        grants: [grant("cat_reader", ["SELECT", "TRUNCATE"], ["TRUNCATE"]), grant("public", ["INSERT", "SELECT"])],
      },
      'view "cat"."v"': { object: { kind: "view", schema: "cat", name: "v" }, grants: [grant("cat_reader", ["SELECT"])] },
    });
  });

  it("reads an owner's entry that lacks what it revoked from itself, and an entry gone altogether", async () => {
    await conn.query(`
      CREATE SCHEMA cat_own;
      CREATE TABLE cat_own.a (x int);
      CREATE TABLE cat_own.b (x int);
      REVOKE SELECT, TRIGGER ON cat_own.a FROM CURRENT_USER;
      REVOKE ALL ON cat_own.b FROM CURRENT_USER;`);
    try {
      const model = await introspect(conn, { schemas: ["cat_own"] });
      const { rows } = await conn.query<{ role: string }>("SELECT current_user::text AS role");
      const holds = (key: string) => {
        const owner = model.privileges[key]?.owner;
        expect(owner?.role).toBe(rows[0]!.role);
        return owner && { privileges: owner.privileges, grants: model.privileges[key]?.grants };
      };
      expect(holds('table "cat_own"."a"')).toEqual({ privileges: ["INSERT", "UPDATE", "DELETE", "TRUNCATE", "REFERENCES"].concat(
        model.privileges['table "cat_own"."a"']!.owner!.default.privileges.includes("MAINTAIN") ? ["MAINTAIN"] : [],
      ), grants: [] });
      expect(holds('table "cat_own"."b"')).toEqual({ privileges: [], grants: [] });
    } finally {
      await conn.query("DROP SCHEMA cat_own CASCADE");
    }
  });

  it("reads default privileges of the schemas read and of the whole database, with what those of the whole database replace", async () => {
    await conn.query(`
      CREATE SCHEMA cat_dp;
      CREATE SCHEMA cat_dp_other;
      ALTER DEFAULT PRIVILEGES IN SCHEMA cat_dp GRANT SELECT ON TABLES TO cat_reader WITH GRANT OPTION;
      ALTER DEFAULT PRIVILEGES IN SCHEMA cat_dp_other GRANT SELECT ON TABLES TO cat_reader;
      ALTER DEFAULT PRIVILEGES FOR ROLE cat_reader REVOKE EXECUTE ON FUNCTIONS FROM PUBLIC;
      ALTER DEFAULT PRIVILEGES FOR ROLE cat_reader GRANT USAGE ON SEQUENCES TO PUBLIC;`);
    try {
      const model = await introspect(conn, { schemas: ["cat_dp"] });
      const { rows } = await conn.query<{ role: string }>("SELECT current_user::text AS role");
      const grant = (grantee: string, privileges: string[], grantable: string[] = []) => ({ grantee, privileges, grantable });
      // Not cat_dp_other's: that schema is not read.
      expect(model.defaultPrivileges).toStrictEqual({
        '"cat_reader" functions': {
          role: "cat_reader",
          schema: null,
          objectType: "functions",
          grants: [grant("cat_reader", ["EXECUTE"])],
          builtIn: [grant("public", ["EXECUTE"]), grant("cat_reader", ["EXECUTE"])],
        },
        '"cat_reader" sequences': {
          role: "cat_reader",
          schema: null,
          objectType: "sequences",
          grants: [grant("public", ["USAGE"]), grant("cat_reader", ["SELECT", "UPDATE", "USAGE"])],
          builtIn: [grant("cat_reader", ["SELECT", "UPDATE", "USAGE"])],
        },
        [`"${rows[0]!.role}" IN "cat_dp" tables`]: {
          role: rows[0]!.role,
          schema: "cat_dp",
          objectType: "tables",
          grants: [grant("cat_reader", ["SELECT"], ["SELECT"])],
          builtIn: [],
        },
      });
    } finally {
      await conn.query(`
        DROP SCHEMA cat_dp, cat_dp_other;
        ALTER DEFAULT PRIVILEGES FOR ROLE cat_reader GRANT EXECUTE ON FUNCTIONS TO PUBLIC;
        ALTER DEFAULT PRIVILEGES FOR ROLE cat_reader REVOKE USAGE ON SEQUENCES FROM PUBLIC;`);
    }
  });

  it("reads comments on every kind of object but tables and their columns", async () => {
    const model = await introspect(conn, { schemas: ["cat"], excludeTables: ['"cat"."skipped"'] });
    expect(Object.fromEntries(Object.entries(model.comments).map(([key, c]) => [key, c.comment]))).toStrictEqual({
      'collation "cat"."posix"': "Bytes",
      'column "cat"."v"."a"': "The a",
      'function "cat"."f"(i bigint)': "Narrows",
      'policy "cat"."t"."p_all"': "Everyone",
      'procedure "cat"."p"(INOUT n integer)': "Adds one",
      'schema "cat"': "Catalog",
      'sequence "cat"."s"': "Numbers",
      'trigger "cat"."t"."t_upd"': "On update",
      'type "cat"."mood"': "Moods",
      'view "cat"."v"': "A view",
    });
    expect(model.comments['column "cat"."v"."a"']!.object).toStrictEqual({ kind: "column", schema: "cat", table: "v", column: "a" });
    expect(model.tables['"cat"."t"']!.comment).toBe("not here: the table comment is the table's");
  });

  it("reads collations of every provider", async () => {
    const model = await introspect(conn, { schemas: ["cat"] });
    expect(model.collations).toStrictEqual({
      '"cat"."nd"': {
        schema: "cat",
        name: "nd",
        provider: "icu",
        deterministic: false,
        lcCollate: null,
        lcCtype: null,
        locale: "und-u-ks-level2",
        rules: null,
      },
      '"cat"."posix"': {
        schema: "cat",
        name: "posix",
        provider: "libc",
        deterministic: true,
        lcCollate: "POSIX",
        lcCtype: "POSIX",
        locale: null,
        rules: null,
      },
    });
  });
});
