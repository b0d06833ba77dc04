/**
 * Privileges and comments on catalog objects. A `setPrivileges` becomes the GRANTs and REVOKEs that turn
 * what the grantee held (`existing`) into what it must hold, GRANTs first: an ACL entry that loses every
 * privilege is removed and one granted again goes to the end of the list, so granting before revoking
 * keeps the entry where it is (and a dump of the result lists the grants in the same order). Those of a
 * grant passed on by another role than the owner (`grantor`) run as that role. Either op, on a column,
 * can be made to run only where the column exists (`ifColumnExists`): each statement is then a DO block
 * that looks for the column first.
 */
import { NO_PRIVILEGES, PRIVILEGE_NAMES, type PrivilegeName, type PrivilegeSet } from "../model/catalog-objects";
import type { CatalogObjectRef } from "../model/object-ref";
import { catalogObjectLabel } from "../ops/catalog-labels";
import type { SetCommentOp, SetPrivilegesOp } from "../ops/operation";
import { statement, type CompiledStatement } from "./compiled-statement";
import { commentTarget, objectName } from "./object-name";
import { quoteIdent, quoteLiteral } from "./quote";
import { roleName } from "./compile-triggers";
import { isRoutine, OWNER_LOOKUPS, ownedName, routineOwnerQuery } from "./owner-lookup";
import { UncompilableOperationError } from "./uncompilable-operation-error";

const KNOWN: ReadonlySet<string> = new Set(PRIVILEGE_NAMES);

/** How `GRANT ... ON` names each kind of object. */
export const GRANT_KEYWORDS: Partial<Record<CatalogObjectRef["kind"], string>> = {
  table: "TABLE",
  view: "TABLE",
  materializedView: "TABLE",
  column: "TABLE",
  sequence: "SEQUENCE",
  function: "FUNCTION",
  procedure: "PROCEDURE",
  // An aggregate is granted on as a function (there is no GRANT ... ON AGGREGATE).
  aggregate: "FUNCTION",
  schema: "SCHEMA",
  type: "TYPE",
  domain: "DOMAIN",
};

/** `ON TABLE "s"."t"` (a column's table too), `ON FUNCTION "s"."f"(integer)`, `ON SCHEMA "s"`. */
function onClause(op: SetPrivilegesOp): string {
  const keyword = GRANT_KEYWORDS[op.object.kind];
  if (keyword === undefined) {
    throw new UncompilableOperationError(op, objectName(op.object), `privileges cannot be granted on a ${op.object.kind}.`);
  }
  return `ON ${keyword} ${ownedName(op.object)}`;
}

/** `SELECT, UPDATE` (or `SELECT ("c"), UPDATE ("c")` for a column); names checked, as they are keywords. */
function privilegeList(op: SetPrivilegesOp, privileges: readonly PrivilegeName[]): string {
  for (const privilege of privileges) {
    if (!KNOWN.has(privilege)) {
      throw new UncompilableOperationError(op, objectName(op.object), `"${privilege}" is not a privilege.`);
    }
  }
  const column = op.object.kind === "column" ? ` (${quoteIdent(op.object.column)})` : "";
  return privileges.map((privilege) => `${privilege}${column}`).join(", ");
}

const minus = (a: readonly PrivilegeName[], b: readonly PrivilegeName[]): PrivilegeName[] => a.filter((p) => !b.includes(p));

/** What turns `existing` into `held`, in the order it runs: GRANTs first (see the file comment). */
export interface PrivilegeChanges {
  /** Granted without grant option. */
  readonly grant: readonly PrivilegeName[];
  /** Granted WITH GRANT OPTION (held before or not). */
  readonly grantWithOption: readonly PrivilegeName[];
  /** Kept, but no longer WITH GRANT OPTION: `REVOKE GRANT OPTION FOR`. */
  readonly revokeOption: readonly PrivilegeName[];
  /** Revoked. */
  readonly revoke: readonly PrivilegeName[];
}

export function privilegeChanges(held: PrivilegeSet, existing: PrivilegeSet): PrivilegeChanges {
  return {
    grant: minus(minus(held.privileges, held.grantable), existing.privileges),
    grantWithOption: minus(held.grantable, existing.grantable),
    revokeOption: minus(existing.grantable.filter((p) => held.privileges.includes(p)), held.grantable),
    revoke: minus(existing.privileges, held.privileges),
  };
}

/** The owner of `op`'s object where the statement runs, as a query (`setPrivileges` with `owner`). */
function ownerQuery(op: SetPrivilegesOp): string {
  const lookup = OWNER_LOOKUPS[op.object.kind];
  if (lookup === undefined) {
    throw new UncompilableOperationError(op, objectName(op.object), `the owner of a ${op.object.kind} cannot be looked up.`);
  }
  return `SELECT pg_catalog.pg_get_userbyid(${lookup.owner}) FROM pg_catalog.${lookup.catalog} ` +
    `WHERE oid = ${quoteLiteral(ownedName(op.object))}::pg_catalog.${lookup.type}`;
}

/** A grantee no real role is named (it holds control characters): where the owner's name goes. */
const OWNER_PLACEHOLDER = "\u0001owner\u0001";

/**
 * `sql`, naming OWNER_PLACEHOLDER as its grantee, as a DO block that puts the object's owner in its place
 * (`%I` of `format`) when it runs: the statement then names the owner of that database's object.
 */
function forOwner(op: SetPrivilegesOp, sql: string): string {
  const template = sql.replace(/%/g, "%%").split(quoteIdent(OWNER_PLACEHOLDER)).join("%I");
  if (!isRoutine(op.object)) {
    return `DO ${quoteLiteral(`BEGIN EXECUTE pg_catalog.format(${quoteLiteral(template)}, (${ownerQuery(op)})); END`)}`;
  }
  // A routine's identity arguments match as printed under search_path = pg_catalog (routineOwnerQuery).
  const body = [
    "DECLARE path text := pg_catalog.current_setting('search_path'); owner text; BEGIN",
    "PERFORM pg_catalog.set_config('search_path', 'pg_catalog', true);",
    `owner := (${routineOwnerQuery(op.object)});`,
    "PERFORM pg_catalog.set_config('search_path', path, true);",
    `EXECUTE pg_catalog.format(${quoteLiteral(template)}, owner); END`,
  ];
  return `DO ${quoteLiteral(body.join(" "))}`;
}

/** Whether the column of `op` exists where the statement runs (`pg_attribute`, its table named as GRANT names it). */
function columnExists(op: SetPrivilegesOp | SetCommentOp): string {
  if (op.object.kind !== "column") {
    throw new UncompilableOperationError(op, objectName(op.object), "only a column's statements can depend on whether it exists.");
  }
  return `EXISTS (SELECT FROM pg_catalog.pg_attribute WHERE attrelid = ${quoteLiteral(ownedName(op.object))}::pg_catalog.regclass ` +
    `AND attname = ${quoteLiteral(op.object.column)} AND attnum > 0 AND NOT attisdropped)`;
}

/** `statements`, or with `ifColumnExists` each as a DO block that runs it only where the column exists. */
function whereColumnExists(op: SetPrivilegesOp | SetCommentOp, statements: CompiledStatement[]): CompiledStatement[] {
  if (op.ifColumnExists !== true) return statements;
  const condition = columnExists(op);
  return statements.map((s) => statement(`DO ${quoteLiteral(`BEGIN IF ${condition} THEN EXECUTE ${quoteLiteral(s.sql)}; END IF; END`)}`));
}

/**
 * `statements` run as `op.grantor`: a grant passed on from a grant option is its grantor's own entry,
 * which only that role can make or revoke (PostgreSQL 15 takes GRANTED BY only for the current user).
 * One DO block: it fails, naming both roles and the object, unless the role running it may become the
 * grantor (SET ROLE asks the session's role to be a member of it, or a superuser); then it runs them
 * after SET ROLE and gives the session its role back. One statement, so that no role is left set behind
 * it: a failure inside rolls back its transaction, the SET ROLE with it, in a migration as in a `--sql`
 * script. With `ifColumnExists`, all of it runs only where the column exists.
 */
function asGrantor(op: SetPrivilegesOp, grantor: string, statements: CompiledStatement[]): CompiledStatement[] {
  if (statements.length === 0) return statements;
  const role = quoteLiteral(grantor);
  const member = `pg_catalog.pg_has_role(session_user, (SELECT oid FROM pg_catalog.pg_roles WHERE rolname = ${role}), 'MEMBER')`;
  const grantee = op.grantee === "public" ? "PUBLIC" : op.grantee;
  const what = `the privileges role ${grantor} granted to ${grantee} on ${catalogObjectLabel(op.object)}`;
  const message =
    `${quoteLiteral(`cannot set ${what}: that is done as role ${grantor} (SET ROLE), and role `)} || session_user || ` +
    quoteLiteral(", running the migration, is not a member of it");
  const hint =
    `${quoteLiteral(`GRANT ${quoteIdent(grantor)} TO `)} || pg_catalog.quote_ident(session_user) || ` +
    quoteLiteral(", or run the migration as a superuser.");
  const run = [
    `IF NOT coalesce(${member}, false) THEN`,
    `RAISE EXCEPTION USING ERRCODE = 'insufficient_privilege', MESSAGE = ${message}, HINT = ${hint}; END IF;`,
    `SET ROLE ${quoteIdent(grantor)};`,
    ...statements.map((s) => `EXECUTE ${quoteLiteral(s.sql)};`),
    "PERFORM pg_catalog.set_config('role', previous, false);",
  ];
  const body = op.ifColumnExists === true ? [`IF ${columnExists(op)} THEN`, ...run, "END IF;"] : run;
  return [statement(`DO ${quoteLiteral(["DECLARE previous text := pg_catalog.current_setting('role'); BEGIN", ...body, "END"].join(" "))}`)];
}

export function compileSetPrivileges(op: SetPrivilegesOp): CompiledStatement[] {
  const statements = privilegeStatements(op);
  return op.grantor === undefined ? whereColumnExists(op, statements) : asGrantor(op, op.grantor, statements);
}

/** The GRANTs and REVOKEs of `op`, whether or not its column exists. */
function privilegeStatements(op: SetPrivilegesOp): CompiledStatement[] {
  if (op.owner === true) {
    return privilegeStatements({ ...op, owner: false, grantee: OWNER_PLACEHOLDER }).map((s) => statement(forOwner(op, s.sql)));
  }
  const on = onClause(op);
  const grantee = roleName(op.grantee);
  const from = `FROM ${grantee}${op.cascade === true ? " CASCADE" : ""}`;
  const statements: CompiledStatement[] = [];
  if (op.existing === undefined) {
    const all = op.object.kind === "column" ? `ALL (${quoteIdent(op.object.column)})` : "ALL";
    statements.push(statement(`REVOKE ${all} ${on} ${from}`));
  }
  const change = privilegeChanges(op, op.existing ?? NO_PRIVILEGES);
  if (change.grant.length > 0) statements.push(statement(`GRANT ${privilegeList(op, change.grant)} ${on} TO ${grantee}`));
  if (change.grantWithOption.length > 0) {
    statements.push(statement(`GRANT ${privilegeList(op, change.grantWithOption)} ${on} TO ${grantee} WITH GRANT OPTION`));
  }
  if (change.revokeOption.length > 0) {
    statements.push(statement(`REVOKE GRANT OPTION FOR ${privilegeList(op, change.revokeOption)} ${on} ${from}`));
  }
  if (change.revoke.length > 0) statements.push(statement(`REVOKE ${privilegeList(op, change.revoke)} ${on} ${from}`));
  return statements;
}

/** `COMMENT ON VIEW "s"."v" IS '...'` (or `IS NULL`). */
export function compileSetComment(op: SetCommentOp): CompiledStatement[] {
  return whereColumnExists(op, [
    statement(`COMMENT ON ${commentTarget(op.object)} IS ${op.comment === null ? "NULL" : quoteLiteral(op.comment)}`),
  ]);
}
