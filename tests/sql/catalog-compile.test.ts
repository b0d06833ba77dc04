/** The SQL of the catalog-object operations, and the op API's checks of their arguments. */
import { operationBuilders as op } from "../../src/ops/builders";
import { OpArgumentError } from "../../src/ops/op-specs";
import { compileOperation } from "../../src/sql/compile";
import { UncompilableOperationError } from "../../src/sql/uncompilable-operation-error";
import type { Operation } from "../../src/ops/operation";

const sql = (operation: Operation): string[] => compileOperation(operation).map((s) => s.sql);

describe("compile: catalog objects", () => {
  const definition = "CREATE OR REPLACE FUNCTION public.f(i integer)\n RETURNS integer\n LANGUAGE sql\nAS $$ SELECT i $$";

  it("runs function definitions with body checks off, and drops by signature", () => {
    expect(sql(op.createFunction("f", { arguments: "i integer", definition }))).toEqual([
      "SET LOCAL check_function_bodies = off",
      definition,
    ]);
    expect(sql(op.dropFunction({ schema: "a b", name: 'we"ird' }, "i integer, t text"))).toEqual([
      `DROP FUNCTION "a b"."we""ird"(i integer, t text)`,
    ]);
    expect(sql(op.dropFunction("p", "", { kind: "procedure" }))).toEqual([`DROP PROCEDURE "public"."p"()`]);
    // Created again, the function keeps its owner: read first (by its identity arguments, under the
    // search_path they were printed with), given back last; its privileges brought to the built-in ones before.
    const recreated = sql(op.replaceFunction("f", { arguments: "i integer", definition }, { recreate: true, existing: { definition } }));
    expect(recreated.slice(1, -2)).toEqual([`DROP FUNCTION "public"."f"(i integer)`, "SET LOCAL check_function_bodies = off", definition]);
    expect(recreated.at(-2)).toMatch(/^DO \$autogen_acl\$[^]*pg_get_function_identity_arguments\(p.oid\) = 'i integer'[^]*ON FUNCTION "public"."f"\(i integer\) FROM/);
    expect(recreated[0]).toContain("p.proname = 'f' AND pg_get_function_identity_arguments(p.oid) = 'i integer'");
    expect(recreated.at(-1)).toMatch(/^DO \$autogen_owner\$ BEGIN EXECUTE format\('ALTER FUNCTION "public"."f"\(i integer\) OWNER TO %I'/);
  });

  it("names an aggregate as each statement takes it: AGGREGATE with (*) or ORDER BY, GRANT ON FUNCTION with its argument types", () => {
    const nth = { kind: "aggregate", name: "nth", arguments: "n integer ORDER BY double precision" } as const;
    expect(sql(op.dropFunction("nth", nth.arguments, { kind: "aggregate" }))).toEqual([
      `DROP AGGREGATE "public"."nth"(n integer ORDER BY double precision)`,
    ]);
    expect(sql(op.dropFunction("tally", "", { kind: "aggregate" }))).toEqual([`DROP AGGREGATE "public"."tally"(*)`]);
    expect(sql(op.setComment({ kind: "aggregate", name: "tally", arguments: "" }, "rows"))).toEqual([
      `COMMENT ON AGGREGATE "public"."tally"(*) IS 'rows'`,
    ]);
    const grant = (object: typeof nth | { kind: "aggregate"; name: string; arguments: string }) =>
      sql(op.setPrivileges(object, "bob", { privileges: ["EXECUTE"] }, { existing: { privileges: [] } }));
    expect(grant(nth)).toEqual([`GRANT EXECUTE ON FUNCTION "public"."nth"(n integer, double precision) TO "bob"`]);
    expect(grant({ kind: "aggregate", name: "m", arguments: "ORDER BY anyelement" })).toEqual([
      `GRANT EXECUTE ON FUNCTION "public"."m"(anyelement) TO "bob"`,
    ]);
    // A VARIADIC direct argument stands for the aggregated one too: one argument in pg_proc.
    expect(grant({ kind: "aggregate", name: "r", arguments: `n integer, VARIADIC "any" ORDER BY VARIADIC "any"` })).toEqual([
      `GRANT EXECUTE ON FUNCTION "public"."r"(n integer, VARIADIC "any") TO "bob"`,
    ]);
    const kept = sql(op.keepOwner(nth, "restore"))[0];
    expect(kept).toContain(`ALTER AGGREGATE "public"."nth"(n integer ORDER BY double precision) OWNER TO %I`);
  });

  it("creates triggers in their enabled state and alters the state alone", () => {
    const def = "CREATE TRIGGER t BEFORE INSERT ON public.x FOR EACH ROW EXECUTE FUNCTION public.f()";
    expect(sql(op.createTrigger("x", { name: "t", definition: def, enabled: "always" }))).toEqual([
      def,
      `ALTER TABLE "public"."x" ENABLE ALWAYS TRIGGER "t"`,
    ]);
    expect(sql(op.setTriggerEnabled("x", "t", "replica"))).toEqual([`ALTER TABLE "public"."x" ENABLE REPLICA TRIGGER "t"`]);
    expect(sql(op.dropTrigger("x", "t"))).toEqual([`DROP TRIGGER "t" ON "public"."x"`]);
  });

  it("sets partitions' own trigger states after what reaches every partition, and only those that change where the trigger's stays", () => {
    const def = "CREATE TRIGGER t AFTER INSERT ON public.q FOR EACH ROW EXECUTE FUNCTION public.f()";
    const q1 = { table: "q_1", enabled: "disabled" as const };
    expect(sql(op.createTrigger("q", { name: "t", definition: def, enabled: "replica", partitionStates: [q1] }))).toEqual([
      def,
      `ALTER TABLE "public"."q" ENABLE REPLICA TRIGGER "t"`,
      `ALTER TABLE ONLY "public"."q_1" DISABLE TRIGGER "t"`,
    ]);
    expect(sql(op.setTriggerEnabled("q", "t", "always", { existing: "origin", partitionStates: [q1], existingPartitionStates: [q1] }))).toEqual([
      `ALTER TABLE "public"."q" ENABLE ALWAYS TRIGGER "t"`,
      `ALTER TABLE ONLY "public"."q_1" DISABLE TRIGGER "t"`,
    ]);
    const q2 = { table: "q_2", enabled: "always" as const };
    expect(sql(op.setTriggerEnabled("q", "t", "origin", { existing: "origin", partitionStates: [q1, q2], existingPartitionStates: [q1] }))).toEqual([
      `ALTER TABLE ONLY "public"."q_2" ENABLE ALWAYS TRIGGER "t"`,
    ]);
    expect(sql(op.setTriggerEnabled("q", "t", "origin", { existing: "origin", partitionStates: [], existingPartitionStates: [q1], stage: "release" }))).toEqual([
      `ALTER TABLE ONLY "public"."q_1" ENABLE TRIGGER "t"`,
    ]);
  });

  it("creates policies with their defaults and toggles only the row security flags that change", () => {
    expect(sql(op.createPolicy("x", { name: "p", withCheck: "(a > 0)" }))).toEqual([
      `CREATE POLICY "p" ON "public"."x" AS PERMISSIVE FOR ALL TO PUBLIC WITH CHECK (a > 0)`,
    ]);
    expect(sql(op.setRowSecurity("x", { enabled: true, forced: true }, { existing: { enabled: true } }))).toEqual([
      `ALTER TABLE "public"."x" FORCE ROW LEVEL SECURITY`,
    ]);
    expect(sql(op.setRowSecurity("x", { enabled: false }))).toEqual([
      `ALTER TABLE "public"."x" DISABLE ROW LEVEL SECURITY`,
      `ALTER TABLE "public"."x" NO FORCE ROW LEVEL SECURITY`,
    ]);
  });

  it("grants before it revokes, so that the grantee's entry keeps its place", () => {
    expect(
      sql(
        op.setPrivileges({ kind: "table", name: "x" }, "bob", { privileges: ["SELECT", "UPDATE"], grantable: ["SELECT"] }, {
          existing: { privileges: ["INSERT", "SELECT"] },
        }),
      ),
    ).toEqual([
      `GRANT UPDATE ON TABLE "public"."x" TO "bob"`,
      `GRANT SELECT ON TABLE "public"."x" TO "bob" WITH GRANT OPTION`,
      `REVOKE INSERT ON TABLE "public"."x" FROM "bob"`,
    ]);
    expect(sql(op.setPrivileges({ kind: "column", table: "x", column: "c" }, "public", { privileges: ["UPDATE"] }))).toEqual([
      `REVOKE ALL ("c") ON TABLE "public"."x" FROM PUBLIC`,
      `GRANT UPDATE ("c") ON TABLE "public"."x" TO PUBLIC`,
    ]);
    expect(sql(op.setPrivileges({ kind: "schema", name: "app" }, "bob", { privileges: [] }, { existing: { privileges: ["USAGE"] } }))).toEqual([
      `REVOKE USAGE ON SCHEMA "app" FROM "bob"`,
    ]);
    // cascade: every REVOKE also takes what the grantee granted from its grant option; GRANTs are as they were.
    const cascading = op.setPrivileges({ kind: "table", name: "x" }, "bob", { privileges: ["UPDATE"] }, {
      existing: { privileges: ["INSERT", "SELECT", "UPDATE"], grantable: ["SELECT", "UPDATE"] },
      cascade: true,
    });
    expect(sql(cascading)).toEqual([
      `REVOKE GRANT OPTION FOR UPDATE ON TABLE "public"."x" FROM "bob" CASCADE`,
      `REVOKE INSERT, SELECT ON TABLE "public"."x" FROM "bob" CASCADE`,
    ]);
    const onIndex: Operation = { ...op.setPrivileges({ kind: "index", table: "x", name: "i" }, "bob", { privileges: [] }) };
    expect(() => sql(onIndex)).toThrow(UncompilableOperationError);
  });

  it("comments on every kind of object", () => {
    const on = (object: Parameters<typeof op.setComment>[0]) => sql(op.setComment(object, "it's"))[0];
    expect(on({ kind: "schema", name: "app" })).toBe(`COMMENT ON SCHEMA "app" IS 'it''s'`);
    expect(on({ kind: "materializedView", name: "mv" })).toBe(`COMMENT ON MATERIALIZED VIEW "public"."mv" IS 'it''s'`);
    expect(on({ kind: "constraint", table: "x", name: "c" })).toBe(`COMMENT ON CONSTRAINT "c" ON "public"."x" IS 'it''s'`);
    expect(on({ kind: "domainConstraint", domain: "d", name: "c" })).toBe(`COMMENT ON CONSTRAINT "c" ON DOMAIN "public"."d" IS 'it''s'`);
    expect(on({ kind: "procedure", schema: "s", name: "p", arguments: "INOUT n integer" })).toBe(
      `COMMENT ON PROCEDURE "s"."p"(INOUT n integer) IS 'it''s'`,
    );
    expect(sql(op.setComment({ kind: "index", table: "x", name: "i" }, null))).toEqual([`COMMENT ON INDEX "public"."i" IS NULL`]);
  });

  it("sets a column's comment or grants, with ifColumnExists, only where the column exists when it runs", () => {
    const column = { kind: "column", table: "v", column: "it's" } as const;
    const exists =
      `IF EXISTS (SELECT FROM pg_catalog.pg_attribute WHERE attrelid = ''"public"."v"''::pg_catalog.regclass ` +
      `AND attname = ''it''''s'' AND attnum > 0 AND NOT attisdropped)`;
    expect(sql(op.setComment(column, "it's", { existing: null, ifColumnExists: true }))).toEqual([
      `DO 'BEGIN ${exists} THEN EXECUTE ''COMMENT ON COLUMN "public"."v"."it''''s" IS ''''it''''''''s''''''; END IF; END'`,
    ]);
    expect(sql(op.setPrivileges(column, "bob", { privileges: ["SELECT"] }, { ifColumnExists: true }))).toEqual([
      `DO 'BEGIN ${exists} THEN EXECUTE ''REVOKE ALL ("it''''s") ON TABLE "public"."v" FROM "bob"''; END IF; END'`,
      `DO 'BEGIN ${exists} THEN EXECUTE ''GRANT SELECT ("it''''s") ON TABLE "public"."v" TO "bob"''; END IF; END'`,
    ]);
    const onView: Operation = { ...op.setComment({ kind: "view", name: "v" }, "x"), ifColumnExists: true };
    expect(() => sql(onView)).toThrow(UncompilableOperationError);
  });

  it("runs a grant passed on from a grant option as its grantor, in one DO block that first checks the role may become it", () => {
    const passedOn = op.setPrivileges({ kind: "table", name: "x" }, "it's", { privileges: ["SELECT"] }, {
      existing: { privileges: ["UPDATE"] },
      grantor: "o'clerk",
    });
    const check =
      `IF NOT coalesce(pg_catalog.pg_has_role(session_user, (SELECT oid FROM pg_catalog.pg_roles WHERE rolname = ''o''''clerk''), ''MEMBER''), false) THEN ` +
      `RAISE EXCEPTION USING ERRCODE = ''insufficient_privilege'', MESSAGE = ''cannot set the privileges role o''''clerk granted to it''''s on table x: ` +
      `that is done as role o''''clerk (SET ROLE), and role '' || session_user || '', running the migration, is not a member of it'', ` +
      `HINT = ''GRANT "o''''clerk" TO '' || pg_catalog.quote_ident(session_user) || '', or run the migration as a superuser.''; END IF;`;
    expect(sql(passedOn)).toEqual([
      `DO 'DECLARE previous text := pg_catalog.current_setting(''role''); BEGIN ${check} SET ROLE "o''clerk"; ` +
        `EXECUTE ''GRANT SELECT ON TABLE "public"."x" TO "it''''s"''; EXECUTE ''REVOKE UPDATE ON TABLE "public"."x" FROM "it''''s"''; ` +
        `PERFORM pg_catalog.set_config(''role'', previous, false); END'`,
    ]);
    // On a column that may be gone, all of it (the check included) runs only where the column exists.
    const onColumn = op.setPrivileges({ kind: "column", table: "v", column: "c" }, "bob", { privileges: ["SELECT"] }, {
      existing: { privileges: [] },
      grantor: "clerk",
      ifColumnExists: true,
    });
    expect(sql(onColumn)).toHaveLength(1);
    expect(sql(onColumn)[0]).toMatch(/^DO 'DECLARE previous text := pg_catalog.current_setting\(''role''\); BEGIN IF EXISTS \(SELECT FROM pg_catalog.pg_attribute .* THEN IF NOT coalesce\(/);
    expect(sql(onColumn)[0]).toMatch(/EXECUTE ''GRANT SELECT \("c"\) ON TABLE "public"."v" TO "bob"''; PERFORM pg_catalog.set_config\(''role'', previous, false\); END IF; END'$/);
    // Nothing to change: no statement, and no role to become.
    expect(sql(op.setPrivileges({ kind: "table", name: "x" }, "bob", { privileges: [] }, { existing: { privileges: [] }, grantor: "clerk" }))).toEqual([]);
  });

  it("sets default privileges for a role, in a schema or everywhere, after a check that names both roles", () => {
    const inSchema = sql(op.setDefaultPrivileges({ role: "o'app", schema: "sales", objectType: "tables" }, "it's", { privileges: ["SELECT", "UPDATE"], grantable: ["SELECT"] }, {
      existing: { privileges: ["INSERT", "UPDATE"], grantable: ["UPDATE"] },
    }));
    expect(inSchema).toEqual([
      `DO $autogen_role$ BEGIN IF EXISTS (SELECT FROM pg_catalog.pg_roles WHERE rolname = 'o''app' AND NOT pg_catalog.pg_has_role(oid, 'MEMBER')) THEN ` +
        `RAISE EXCEPTION USING ERRCODE = 'insufficient_privilege', MESSAGE = 'cannot set the default privileges of it''s on new tables of role o''app in schema sales: ` +
        `that is done FOR ROLE o''app, and role ' || current_user || ', running the migration, is not a member of it', ` +
        `HINT = 'GRANT "o''app" TO ' || pg_catalog.quote_ident(current_user) || ', or run the migration as a superuser.'; END IF; END $autogen_role$`,
      `ALTER DEFAULT PRIVILEGES FOR ROLE "o'app" IN SCHEMA "sales" GRANT SELECT ON TABLES TO "it's" WITH GRANT OPTION`,
      `ALTER DEFAULT PRIVILEGES FOR ROLE "o'app" IN SCHEMA "sales" REVOKE GRANT OPTION FOR UPDATE ON TABLES FROM "it's"`,
      `ALTER DEFAULT PRIVILEGES FOR ROLE "o'app" IN SCHEMA "sales" REVOKE INSERT ON TABLES FROM "it's"`,
    ]);
    const everywhere = sql(op.setDefaultPrivileges({ role: "app", objectType: "functions" }, "public", { privileges: [] }, { existing: { privileges: ["EXECUTE"] } }));
    expect(everywhere.slice(1)).toEqual([`ALTER DEFAULT PRIVILEGES FOR ROLE "app" REVOKE EXECUTE ON FUNCTIONS FROM PUBLIC`]);
    // Without what the grantee got: everything revoked first.
    expect(sql(op.setDefaultPrivileges({ role: "app", objectType: "types" }, "bob", { privileges: ["USAGE"] })).slice(1)).toEqual([
      `ALTER DEFAULT PRIVILEGES FOR ROLE "app" REVOKE ALL ON TYPES FROM "bob"`,
      `ALTER DEFAULT PRIVILEGES FOR ROLE "app" GRANT USAGE ON TYPES TO "bob"`,
    ]);
    // Nothing to change: no statement, and no check.
    expect(sql(op.setDefaultPrivileges({ role: "app", objectType: "schemas" }, "bob", { privileges: [] }, { existing: { privileges: [] } }))).toEqual([]);
    // A privilege the kind cannot hold is refused.
    expect(() => sql(op.setDefaultPrivileges({ role: "app", objectType: "sequences" }, "bob", { privileges: ["EXECUTE"] }, { existing: { privileges: [] } }))).toThrow(
      UncompilableOperationError,
    );
  });

  it("creates collations of each provider", () => {
    expect(sql(op.createCollation("c", { provider: "libc", lcCollate: "C", lcCtype: "C" }))).toEqual([
      `CREATE COLLATION "public"."c" (provider = libc, lc_collate = 'C', lc_ctype = 'C')`,
    ]);
    expect(sql(op.createCollation("n", { provider: "icu", locale: "und", rules: "&a < b", deterministic: false }))).toEqual([
      `CREATE COLLATION "public"."n" (provider = icu, locale = 'und', rules = '&a < b', deterministic = false)`,
    ]);
    expect(sql(op.dropCollation("c"))).toEqual([`DROP COLLATION "public"."c"`]);
  });
});

describe("op API: catalog-object arguments are checked", () => {
  it("refuses what would be put into SQL unchecked", () => {
    expect(() => op.setPrivileges({ kind: "table", name: "x" }, "bob", { privileges: ["SELECT; DROP TABLE x" as "SELECT"] })).toThrow(
      OpArgumentError,
    );
    expect(() => op.setPrivileges({ kind: "table", name: "x" }, "bob", { privileges: ["SELECT"], grantable: ["UPDATE"] })).toThrow(
      'UPDATE cannot be grantable without being in "privileges"',
    );
    expect(() => op.createPolicy("x", { name: "p", command: "TRUNCATE" as "ALL" })).toThrow(OpArgumentError);
    expect(() => op.setTriggerEnabled("x", "t", "off" as "disabled")).toThrow(OpArgumentError);
    expect(() => op.createFunction("f", { definition: "CREATE ..." } as never)).toThrow(OpArgumentError);
    expect(() => op.setComment({ kind: "nothing" } as never, "x")).toThrow(OpArgumentError);
    expect(() => op.setComment({ kind: "view", name: "v" }, "x", { ifColumnExists: true })).toThrow(
      "ifColumnExists is for a column, not a view",
    );
    expect(() => op.setPrivileges({ kind: "table", name: "x" }, "bob", { privileges: [] }, { ifColumnExists: true })).toThrow(OpArgumentError);
    expect(() => op.setDefaultPrivileges({ role: "app", objectType: "views" as "tables" }, "bob", { privileges: [] })).toThrow(OpArgumentError);
    expect(() => op.setDefaultPrivileges({ role: "app", schema: "s", objectType: "schemas" }, "bob", { privileges: [] })).toThrow(
      "default privileges on schemas are the role's in every schema",
    );
    expect(() => op.setDefaultPrivileges({ objectType: "tables" } as never, "bob", { privileges: [] })).toThrow(OpArgumentError);
  });
});
