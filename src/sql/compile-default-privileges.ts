/**
 * Default privileges: a `setDefaultPrivileges` becomes the `ALTER DEFAULT PRIVILEGES FOR ROLE r [IN
 * SCHEMA s] GRANT / REVOKE ... ON TABLES TO / FROM grantee` statements that turn what the grantee got
 * (`existing`) into what it must get, GRANTs first as for an object's privileges (compile-privileges.ts).
 * `FOR ROLE` is always written: the entry belongs to that role, whoever runs the migration.
 *
 * PostgreSQL lets a role change the default privileges of another only when it is a member of it (a
 * superuser is a member of every role), and says only `must be member of role "app"`. A DO block runs
 * first and fails with a message naming the role, the grantee, what the privileges are on and the role
 * running the migration, with the GRANT that would allow it. A role that does not exist is left to the
 * statement itself (`role "app" does not exist`).
 * @example
 * // DO $autogen_role$ BEGIN IF EXISTS (SELECT FROM pg_catalog.pg_roles WHERE rolname = 'app' AND NOT ...
 * // ALTER DEFAULT PRIVILEGES FOR ROLE "app" IN SCHEMA "sales" GRANT SELECT ON TABLES TO "reporting"
 */
import { NO_PRIVILEGES, type DefaultPrivilegesObjectType, type PrivilegeName } from "../model/catalog-objects";
import type { SetDefaultPrivilegesOp } from "../ops/catalog-operations";
import { defaultPrivilegesLabel } from "../ops/catalog-labels";
import { statement, type CompiledStatement } from "./compiled-statement";
import { roleName } from "./compile-triggers";
import { privilegeChanges } from "./compile-privileges";
import { dollarQuote } from "./dollar-quote";
import { quoteIdent, quoteLiteral } from "./quote";
import { UncompilableOperationError } from "./uncompilable-operation-error";

const ON: Readonly<Record<DefaultPrivilegesObjectType, string>> = {
  tables: "TABLES",
  sequences: "SEQUENCES",
  functions: "FUNCTIONS",
  types: "TYPES",
  schemas: "SCHEMAS",
};

/** Only the privileges an object of the kind can hold (the names are keywords, written into the SQL). */
const ALLOWED: Readonly<Record<DefaultPrivilegesObjectType, readonly PrivilegeName[]>> = {
  tables: ["INSERT", "SELECT", "UPDATE", "DELETE", "TRUNCATE", "REFERENCES", "TRIGGER", "MAINTAIN"],
  sequences: ["SELECT", "UPDATE", "USAGE"],
  functions: ["EXECUTE"],
  types: ["USAGE"],
  schemas: ["USAGE", "CREATE"],
};

/** `the default privileges of reporting on new tables of role app in schema sales`. */
function subject(op: SetDefaultPrivilegesOp): string {
  return `the default privileges of ${op.grantee === "public" ? "PUBLIC" : op.grantee} on ${defaultPrivilegesLabel(op)}`;
}

/** `SELECT, UPDATE`, each checked against what the kind can hold. */
function privilegeList(op: SetDefaultPrivilegesOp, privileges: readonly PrivilegeName[]): string {
  const allowed = ALLOWED[op.objectType];
  for (const privilege of privileges) {
    if (!allowed.includes(privilege)) {
      throw new UncompilableOperationError(op, subject(op), `"${privilege}" is not a privilege on ${op.objectType}.`);
    }
  }
  return privileges.join(", ");
}

/** The DO block that fails, naming both roles, unless the role running it may set `op.role`'s default privileges. */
function membershipCheck(op: SetDefaultPrivilegesOp): CompiledStatement {
  const role = quoteLiteral(op.role);
  const message =
    `${quoteLiteral(`cannot set ${subject(op)}: that is done FOR ROLE ${op.role}, and role `)} || current_user || ` +
    quoteLiteral(", running the migration, is not a member of it");
  const hint = `${quoteLiteral(`GRANT ${quoteIdent(op.role)} TO `)} || pg_catalog.quote_ident(current_user) || ` +
    quoteLiteral(", or run the migration as a superuser.");
  const body = [
    `BEGIN IF EXISTS (SELECT FROM pg_catalog.pg_roles WHERE rolname = ${role} AND NOT pg_catalog.pg_has_role(oid, 'MEMBER')) THEN`,
    `RAISE EXCEPTION USING ERRCODE = 'insufficient_privilege', MESSAGE = ${message}, HINT = ${hint}; END IF; END`,
  ].join(" ");
  return statement(`DO ${dollarQuote(` ${body} `, "autogen_role")}`);
}

export function compileSetDefaultPrivileges(op: SetDefaultPrivilegesOp): CompiledStatement[] {
  if (op.objectType === "schemas" && op.schema !== null) {
    throw new UncompilableOperationError(op, subject(op), "default privileges on schemas cannot be set IN SCHEMA.");
  }
  const head = `ALTER DEFAULT PRIVILEGES FOR ROLE ${quoteIdent(op.role)}${op.schema === null ? "" : ` IN SCHEMA ${quoteIdent(op.schema)}`}`;
  const on = `ON ${ON[op.objectType]}`;
  const grantee = roleName(op.grantee);
  const statements: CompiledStatement[] = [];
  if (op.existing === undefined) statements.push(statement(`${head} REVOKE ALL ${on} FROM ${grantee}`));
  const change = privilegeChanges(op, op.existing ?? NO_PRIVILEGES);
  if (change.grant.length > 0) statements.push(statement(`${head} GRANT ${privilegeList(op, change.grant)} ${on} TO ${grantee}`));
  if (change.grantWithOption.length > 0) {
    statements.push(statement(`${head} GRANT ${privilegeList(op, change.grantWithOption)} ${on} TO ${grantee} WITH GRANT OPTION`));
  }
  if (change.revokeOption.length > 0) {
    statements.push(statement(`${head} REVOKE GRANT OPTION FOR ${privilegeList(op, change.revokeOption)} ${on} FROM ${grantee}`));
  }
  if (change.revoke.length > 0) statements.push(statement(`${head} REVOKE ${privilegeList(op, change.revoke)} ${on} FROM ${grantee}`));
  return statements.length === 0 ? [] : [membershipCheck(op), ...statements];
}
