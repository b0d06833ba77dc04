/**
 * Privileges in the model: what `aclexplode` lists for each object (grantee, grantor, privileges, which of
 * them are grantable), the owner's own entry, and default privileges (`ALTER DEFAULT PRIVILEGES`).
 * Re-exported by catalog-objects.ts.
 */
import { qualifiedName, quoteIdentAlways } from "./names";
import type { CatalogObjectRef } from "./object-ref";

/** `SELECT`, `INSERT`, ..., as `aclexplode` names them. */
export type PrivilegeName =
  | "SELECT"
  | "INSERT"
  | "UPDATE"
  | "DELETE"
  | "TRUNCATE"
  | "REFERENCES"
  | "TRIGGER"
  | "EXECUTE"
  | "USAGE"
  | "CREATE"
  | "CONNECT"
  | "TEMPORARY"
  | "MAINTAIN";

/** Every privilege name, in the order `aclexplode` (and this model) lists them. */
export const PRIVILEGE_NAMES: readonly PrivilegeName[] = [
  "INSERT",
  "SELECT",
  "UPDATE",
  "DELETE",
  "TRUNCATE",
  "REFERENCES",
  "TRIGGER",
  "MAINTAIN",
  "EXECUTE",
  "USAGE",
  "CREATE",
  "TEMPORARY",
  "CONNECT",
];

/** What one grantee holds on one object. */
export interface PrivilegeSet {
  /** Held privileges, in `PRIVILEGE_NAMES` order. */
  readonly privileges: readonly PrivilegeName[];
  /** Those of `privileges` held WITH GRANT OPTION, in the same order. */
  readonly grantable: readonly PrivilegeName[];
}

/** No privilege at all. */
export const NO_PRIVILEGES: PrivilegeSet = Object.freeze({ privileges: [], grantable: [] });

/** Just what `entry` holds (without its grantee or role), or nothing when there is no entry. */
export function heldBy(entry: PrivilegeSet | undefined): PrivilegeSet {
  return entry === undefined ? NO_PRIVILEGES : { privileges: entry.privileges, grantable: entry.grantable };
}

/** One grantee's entry of an access control list: what one grantor granted it. */
export interface PrivilegeGrant extends PrivilegeSet {
  /** A role name, or `public` (which no role can be named) for PUBLIC. */
  readonly grantee: string;
  /**
   * The role that granted it, where that is not the object's owner: a role passing on what it holds
   * WITH GRANT OPTION. Its entry is apart from the owner's to the same grantee, and only that role (or
   * who acts as it: SET ROLE) can change it. Absent for the owner's grants, whoever the owner is.
   */
  readonly grantor?: string;
}

/**
 * What the owner of an object holds on it: by default (`default`) every privilege of the object's kind,
 * less if it revoked some from itself (`REVOKE SELECT ON t FROM <owner>`), more on a column if it granted
 * some to itself.
 */
export interface OwnerPrivileges extends PrivilegeSet {
  /**
   * The owning role, named in the REVOKE or GRANT that changes its entry. Not compared: two databases
   * whose owners differ but whose owners hold the same are the same.
   */
  readonly role: string;
  /** What the owner's entry holds in the default ACL of the object's kind, as the server says. */
  readonly default: PrivilegeSet;
}

/**
 * The access control list of one object, the grants passed on by other roles than the owner included
 * (`PrivilegeGrant.grantor`). The owner's own entry is apart (`owner`), compared by what it holds and not
 * by the role's name, so that the model does not depend on who owns the object. Only objects whose list
 * differs from the default of their kind (`defaultGrants`, and the owner's full default entry) are
 * listed: nothing for tables, views, sequences, columns and schemas; EXECUTE to PUBLIC for functions,
 * procedures and aggregates; USAGE to PUBLIC for enums, domains and composite types.
 */
export interface ObjectPrivileges {
  readonly object: CatalogObjectRef;
  /** In the order of the object's ACL, which is the order `pg_dump` prints its GRANTs in. */
  readonly grants: readonly PrivilegeGrant[];
  /**
   * The owner's entry, only when it differs from the default one: absent, the owner holds every privilege
   * of the object's kind, whoever it is.
   */
  readonly owner?: OwnerPrivileges;
}

/** The kinds of object `ALTER DEFAULT PRIVILEGES` sets privileges for, as its ON clause names them. */
export type DefaultPrivilegesObjectType = "tables" | "sequences" | "functions" | "types" | "schemas";

export const DEFAULT_PRIVILEGES_OBJECT_TYPES: readonly DefaultPrivilegesObjectType[] = [
  "tables",
  "sequences",
  "functions",
  "types",
  "schemas",
];

/**
 * What `ALTER DEFAULT PRIVILEGES` says the objects one role creates get (pg_default_acl): an object of
 * the database, not of its objects, so only a database has them. One entry per role, schema (IN
 * SCHEMA, or the whole database) and kind of object. An entry of the whole database replaces the
 * built-in ACL of its kind (`builtIn`: the role's own entry, and PUBLIC's EXECUTE on functions or USAGE on
 * types), so it can also take privileges away (`REVOKE EXECUTE ON FUNCTIONS FROM PUBLIC` leaves an entry
 * without PUBLIC); an IN SCHEMA entry adds to it (its `builtIn` is empty). PostgreSQL keeps an entry's
 * ACL sorted by grantee, whatever the order of the statements that made it: grantees are compared one by
 * one, not by their order.
 */
export interface DefaultPrivilegesDef {
  /** The role whose new objects get them (`FOR ROLE`). */
  readonly role: string;
  /** `IN SCHEMA`; null for the role's objects in every schema. */
  readonly schema: string | null;
  readonly objectType: DefaultPrivilegesObjectType;
  /** The entry's ACL, one grant per grantee (`public` for PUBLIC; no grantor: always `role`). */
  readonly grants: readonly PrivilegeGrant[];
  /** What the ACL is without an entry: `acldefault` of the kind for `role`, or nothing IN SCHEMA. */
  readonly builtIn: readonly PrivilegeGrant[];
}

/** The key of an entry in `CatalogObjects.defaultPrivileges`: `"app" IN "sales" tables`, `"app" functions`. */
export function defaultPrivilegesKey(entry: Pick<DefaultPrivilegesDef, "role" | "schema" | "objectType">): string {
  const where = entry.schema === null ? "" : ` IN ${quoteIdentAlways(entry.schema)}`;
  return `${quoteIdentAlways(entry.role)}${where} ${entry.objectType}`;
}

/**
 * What an object of this kind holds beyond its owner's entry when its ACL is the default one (NULL in the
 * catalog, and what a newly created object gets, absent `ALTER DEFAULT PRIVILEGES`): EXECUTE for PUBLIC on
 * functions, procedures and aggregates, USAGE for PUBLIC on types and domains, nothing on the other kinds this model
 * reads privileges of.
 */
export function defaultGrants(kind: CatalogObjectRef["kind"]): readonly PrivilegeGrant[] {
  if (kind === "function" || kind === "procedure" || kind === "aggregate") {
    return [{ grantee: "public", privileges: ["EXECUTE"], grantable: [] }];
  }
  if (kind === "type" || kind === "domain") return [{ grantee: "public", privileges: ["USAGE"], grantable: [] }];
  return [];
}
