/**
 * Bringing an object the migration creates (again) to the built-in privileges of its kind. A new object
 * gets its ACL from `ALTER DEFAULT PRIVILEGES` (pg_default_acl) of the role that creates it, in its
 * schema and everywhere: grants the old object never had (a SELECT for an auditing role), or without the
 * built-in ones (EXECUTE revoked from PUBLIC on new functions). The model knows the old object's grants,
 * or the target's, not the default ones of the role that will run the migration, so the grants set after
 * the create (setPrivileges, from the built-in ACL) would land on top of them. Right after the create, one DO block
 * compares the object's ACL with `acldefault` for its owner when it runs, and revokes what is extra and
 * grants what is missing; with no default privileges in play it finds nothing and runs nothing.
 *
 * An object a rebuild creates again within one op, whose ACL the comparison may not know (the enum
 * rebuilt by the derived downgrade of an appended label: the upgrade, an ADD VALUE, brought no privilege
 * op), keeps the old one's instead: read into a session setting before the rebuild (`rememberPrivileges`),
 * and set again on the new object once it has its owner back (`restorePrivileges`).
 * @example // DO $autogen_acl$ ... statements := ARRAY(WITH o AS (SELECT COALESCE(relacl, pg_catalog.acldefault('r', relowner)) ...
 */
import { createHash } from "node:crypto";
import { objectKey } from "../model/object-ref";
import type { OwnedObjectRef, ResetPrivilegesOp } from "../ops/catalog-operations";
import { statement, type CompiledStatement } from "./compiled-statement";
import { grantName, objectName } from "./object-name";
import { dollarQuote } from "./dollar-quote";
import { GRANT_KEYWORDS } from "./compile-privileges";
import { isRoutine, OWNER_LOOKUPS, routineOidQuery, type OwnerLookup } from "./owner-lookup";
import { quoteLiteral, serialSequenceOf } from "./quote";

const RELATION = { column: "relacl", kind: "r" };
const ROUTINE = { column: "proacl", kind: "f" };
const TYPE = { column: "typacl", kind: "T" };

/**
 * Per kind of object: its ACL column, and `acldefault`'s letter for it. A domain's ACL is a type's (USAGE
 * for PUBLIC); a sequence's is its own (the owner's SELECT, UPDATE, USAGE, nothing for PUBLIC). The array
 * type PostgreSQL creates with a type has no ACL of its own: it is checked against its element type's.
 */
const ACLS: Readonly<Record<OwnedObjectRef["kind"], { readonly column: string; readonly kind: string }>> = {
  table: RELATION,
  view: RELATION,
  materializedView: RELATION,
  sequence: { column: "relacl", kind: "s" },
  function: ROUTINE,
  procedure: ROUTINE,
  aggregate: ROUTINE,
  type: TYPE,
  domain: TYPE,
};

/**
 * The object's oid. A routine is found by its identity arguments as the introspection printed them (under
 * search_path = pg_catalog, which the statement sets): `regprocedure` does not take argument names. A
 * column's sequence is found through its column (`pg_get_serial_sequence`: null, so nothing, when the
 * column owns none), never by the name PostgreSQL would have given it, which may be another relation's.
 */
export function oidOf(ref: OwnedObjectRef, lookup: OwnerLookup = OWNER_LOOKUPS[ref.kind]!): string {
  if (isRoutine(ref)) return `(${routineOidQuery(ref)})`;
  if (ref.kind === "sequence" && ref.ownedBy !== undefined) {
    return `${serialSequenceOf({ schema: ref.schema, name: ref.ownedBy.table }, ref.ownedBy.column)}::pg_catalog.regclass`;
  }
  return `${quoteLiteral(objectName(ref))}::pg_catalog.${lookup.type}`;
}

/**
 * The object as GRANT and REVOKE name it, for format()'s template (a % in a name doubled) and its
 * arguments: a column's sequence by the name found when the statement runs (`o.target`).
 */
function grantTarget(ref: OwnedObjectRef): { readonly template: string; readonly args: string[] } {
  const on = `ON ${GRANT_KEYWORDS[ref.kind]!} `;
  if (ref.kind === "sequence" && ref.ownedBy !== undefined) return { template: `${on}%s`, args: ["(SELECT target FROM o)"] };
  return { template: `${on}${grantName(ref)}`.replace(/%/g, "%%"), args: [] };
}

/** The statement that leaves `ref` with the built-in ACL of its kind (see the file comment). */
export function resetPrivileges(ref: OwnedObjectRef): CompiledStatement {
  const lookup = OWNER_LOOKUPS[ref.kind]!;
  const acl = ACLS[ref.kind];
  const on = grantTarget(ref);
  const grantee =
    "CASE WHEN grantee = 0 THEN 'PUBLIC' ELSE pg_catalog.quote_ident(pg_catalog.pg_get_userbyid(grantee)) END";
  const args = ["privilege_type", ...on.args, grantee].join(", ");
  const builtIn = `pg_catalog.acldefault(${quoteLiteral(acl.kind)}, ${lookup.owner})`;
  const body = [
    "DECLARE",
    "  s text;",
    "  statements text[];",
    "  path text := pg_catalog.current_setting('search_path');",
    "BEGIN",
    "  PERFORM pg_catalog.set_config('search_path', 'pg_catalog', true);",
    "  statements := ARRAY(",
    `    WITH o AS (SELECT COALESCE(${acl.column}, ${builtIn}) AS held, ${builtIn} AS built_in${on.args.length > 0 ? ", oid::pg_catalog.regclass::text AS target" : ""}`,
    `      FROM pg_catalog.${lookup.catalog} WHERE oid = ${oidOf(ref, lookup)}),`,
    "    held AS (SELECT a.grantee, a.privilege_type FROM o, pg_catalog.aclexplode(o.held) a),",
    "    built_in AS (SELECT a.grantee, a.privilege_type FROM o, pg_catalog.aclexplode(o.built_in) a)",
    `    SELECT pg_catalog.format(${quoteLiteral(`REVOKE %s ${on.template} FROM %s CASCADE`)}, ${args})`,
    "    FROM (SELECT * FROM held EXCEPT SELECT * FROM built_in) extra",
    "    UNION ALL",
    `    SELECT pg_catalog.format(${quoteLiteral(`GRANT %s ${on.template} TO %s`)}, ${args})`,
    "    FROM (SELECT * FROM built_in EXCEPT SELECT * FROM held) missing",
    "  );",
    // The statements run under the migration's own path: an event trigger they fire may name its tables unqualified.
    "  PERFORM pg_catalog.set_config('search_path', path, true);",
    "  FOREACH s IN ARRAY statements LOOP",
    "    EXECUTE s;",
    "  END LOOP;",
    "END",
  ].join("\n");
  return statement(`DO ${dollarQuote(`\n${body}\n`, "autogen_acl")}`);
}

/** The session setting that holds the object's ACL in between: one per object. */
function aclSetting(ref: OwnedObjectRef): string {
  return quoteLiteral(`autogen.acl_${createHash("md5").update(objectKey(ref)).digest("hex")}`);
}

/** `lines` as a DO block (`$tag$`) that runs its catalog query under search_path = pg_catalog (`oidOf`), its path put back after. */
export function underCatalogPath(tag: string, declarations: readonly string[], lines: readonly string[]): CompiledStatement {
  const body = [
    "DECLARE",
    ...declarations,
    "  path text := pg_catalog.current_setting('search_path');",
    "BEGIN",
    "  PERFORM pg_catalog.set_config('search_path', 'pg_catalog', true);",
    ...lines,
    "END",
  ].join("\n");
  return statement(`DO ${dollarQuote(`\n${body}\n`, tag)}`);
}

/** Reads the object's ACL (the built-in one of its owner when it has none) into its setting, before a rebuild. */
export function rememberPrivileges(ref: OwnedObjectRef): CompiledStatement {
  const lookup = OWNER_LOOKUPS[ref.kind]!;
  const acl = ACLS[ref.kind];
  return underCatalogPath(
    "autogen_acl",
    [],
    [
      `  PERFORM pg_catalog.set_config(${aclSetting(ref)}, COALESCE(${acl.column}, pg_catalog.acldefault(${quoteLiteral(acl.kind)}, ${lookup.owner}))::text, false)`,
      `    FROM pg_catalog.${lookup.catalog} WHERE oid = ${oidOf(ref, lookup)};`,
      "  PERFORM pg_catalog.set_config('search_path', path, true);",
    ],
  );
}

/**
 * The query parts that take an object's ACL from `held` to `kept` (columns of `o`, given as its query,
 * with the object's `owner`): a CTE `steps` of rows (n, sql, grantor). When they differ (ACL entries in
 * order), every grantee loses all it holds (CASCADE takes what they passed on), and each kept entry is
 * granted again in order, with its grant option, by its grantor where that is not the owner (`grantor`,
 * else NULL). `on` names the object in a GRANT: a `format` template and its arguments.
 */
export function aclStepsCte(o: string, on: { readonly template: string; readonly args: readonly string[] }): string[] {
  const name = (column: string) =>
    `CASE WHEN ${column} = 0 THEN 'PUBLIC' ELSE pg_catalog.quote_ident(pg_catalog.pg_get_userbyid(${column})) END`;
  const args = (column: string) => [...on.args, name(column)].join(", ");
  return [
    `WITH o AS (${o}),`,
    "changed AS (SELECT * FROM o WHERE held::text <> kept::text),",
    "steps AS (",
    `  SELECT 0 AS n, pg_catalog.format(${quoteLiteral(`REVOKE ALL ${on.template} FROM %s CASCADE`)}, ${args("grantee")}) AS sql, NULL::text AS grantor`,
    "  FROM (SELECT DISTINCT a.grantee FROM changed, pg_catalog.aclexplode(changed.held) a) g",
    "  UNION ALL",
    `  SELECT a.n, pg_catalog.format(${quoteLiteral(`GRANT %s ${on.template} TO %s%s`)}, a.privilege_type, ${args("a.grantee")},`,
    "    CASE WHEN a.is_grantable THEN ' WITH GRANT OPTION' ELSE '' END),",
    "    CASE WHEN a.grantor = changed.owner THEN NULL ELSE pg_catalog.pg_get_userbyid(a.grantor)::text END",
    "  FROM changed, pg_catalog.aclexplode(changed.kept) WITH ORDINALITY a(grantor, grantee, privilege_type, is_grantable, n))",
  ];
}

/**
 * PL/pgSQL lines that run one step of `aclStepsCte` (`sql`, `grantor`: its expressions), as its grantor
 * where it names one (SET ROLE, then the session's role, `role`, set back), as setPrivileges does.
 */
export function runAclStep(sql: string, grantor: string, indent: string): string[] {
  return [
    `IF ${grantor} IS NOT NULL THEN EXECUTE pg_catalog.format('SET ROLE %I', ${grantor}); END IF;`,
    `EXECUTE ${sql};`,
    `IF ${grantor} IS NOT NULL AND role = 'none' THEN RESET ROLE; END IF;`,
    `IF ${grantor} IS NOT NULL AND role <> 'none' THEN EXECUTE pg_catalog.format('SET ROLE %I', role); END IF;`,
  ].map((line) => indent + line);
}

/**
 * Gives the object, created again and given its owner back, exactly the ACL its setting holds
 * (`aclStepsCte`).
 */
export function restorePrivileges(ref: OwnedObjectRef): CompiledStatement {
  const lookup = OWNER_LOOKUPS[ref.kind]!;
  const acl = ACLS[ref.kind];
  const on = grantTarget(ref);
  const o =
    `SELECT COALESCE(${acl.column}, pg_catalog.acldefault(${quoteLiteral(acl.kind)}, ${lookup.owner})) AS held, ` +
    `pg_catalog.current_setting(${aclSetting(ref)})::pg_catalog.aclitem[] AS kept, ${lookup.owner} AS owner` +
    `${on.args.length > 0 ? ", oid::pg_catalog.regclass::text AS target" : ""} ` +
    `FROM pg_catalog.${lookup.catalog} WHERE oid = ${oidOf(ref, lookup)}`;
  return underCatalogPath(
    "autogen_acl",
    ["  statements text[];", "  grantors text[];", "  i int;", "  role text := pg_catalog.current_setting('role');"],
    [
      ...aclStepsCte(o, on).map((line) => `  ${line}`),
      "  SELECT pg_catalog.array_agg(sql ORDER BY n), pg_catalog.array_agg(grantor ORDER BY n) INTO statements, grantors FROM steps;",
      // The statements run under the migration's own path: an event trigger they fire may name its tables unqualified.
      "  PERFORM pg_catalog.set_config('search_path', path, true);",
      "  FOR i IN 1 .. COALESCE(pg_catalog.array_length(statements, 1), 0) LOOP",
      ...runAclStep("statements[i]", "grantors[i]", "    "),
      "  END LOOP;",
    ],
  );
}

export function compileResetPrivileges(op: ResetPrivilegesOp): CompiledStatement[] {
  return op.stage === "create" ? [resetPrivileges(op.object)] : [];
}
