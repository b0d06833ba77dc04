/**
 * `privileges.sql` rows -> ObjectPrivileges, `default-privileges.sql` rows -> DefaultPrivilegesDef, and
 * `comments.sql` / `collations.sql` rows -> CommentDef and CollationDef.
 * @internal
 */
import {
  defaultGrants,
  type DefaultPrivilegesDef,
  type DefaultPrivilegesObjectType,
  heldBy,
  PRIVILEGE_NAMES,
  type CollationDef,
  type CommentDef,
  type ObjectPrivileges,
  type PrivilegeGrant,
  type PrivilegeName,
} from "../model/catalog-objects";
import type { CatalogObjectRef } from "../model/object-ref";
import type { CollationRow, CommentRow, DefaultPrivilegesRow, PrivilegeRow } from "./catalog-object-rows";
import { UnsupportedCatalogObjectError } from "./introspect-errors";

const KNOWN_PRIVILEGES: ReadonlySet<string> = new Set(PRIVILEGE_NAMES);

function byName(a: PrivilegeName, b: PrivilegeName): number {
  return PRIVILEGE_NAMES.indexOf(a) - PRIVILEGE_NAMES.indexOf(b);
}

/** The object a privilege or comment row is about. */
function objectOf(row: { kind: string; schema: string | null; name: string; member?: string | null; parent?: string | null; arguments: string | null }): CatalogObjectRef {
  const schema = row.schema ?? "";
  const parent = row.parent ?? null;
  switch (row.kind) {
    case "schema":
      return { kind: "schema", name: row.name };
    case "table":
    case "view":
    case "materializedView":
    case "sequence":
    case "type":
    case "domain":
    case "collation":
    case "statistics":
      return { kind: row.kind, schema, name: row.name };
    case "column":
      // privileges.sql names the relation in `name` and the column in `member`; comments.sql the column in
      // `name` and the relation in `parent`.
      return row.member !== undefined && row.member !== null
        ? { kind: "column", schema, table: row.name, column: row.member }
        : { kind: "column", schema, table: parent ?? "", column: row.name };
    case "index":
    case "constraint":
    case "trigger":
    case "policy":
    case "rule":
      return { kind: row.kind, schema, table: parent ?? "", name: row.name };
    case "domainConstraint":
      return { kind: "domainConstraint", schema, domain: parent ?? "", name: row.name };
    case "function":
    case "procedure":
    case "aggregate":
      return { kind: row.kind, schema, name: row.name, arguments: row.arguments ?? "" };
    default:
      throw new UnsupportedCatalogObjectError(`${row.kind} ${row.name}`, "its kind of object is unknown");
  }
}

/**
 * Entries gathered per grantee and grantor (an ACL entry) in ACL order, privileges in `PRIVILEGE_NAMES`
 * order; the grantor named only where it is not the owner (null).
 */
function gather(entries: readonly { grantee: string; grantor?: string | null; privilege: string; grantable: boolean }[]): PrivilegeGrant[] {
  const byEntry = new Map<string, { grantee: string; grantor: string | null; privileges: PrivilegeName[]; grantable: PrivilegeName[] }>();
  for (const entry of entries) {
    if (!KNOWN_PRIVILEGES.has(entry.privilege)) continue;
    const privilege = entry.privilege as PrivilegeName;
    const grantor = entry.grantor ?? null;
    const key = JSON.stringify([entry.grantee, grantor]);
    let held = byEntry.get(key);
    if (held === undefined) byEntry.set(key, (held = { grantee: entry.grantee, grantor, privileges: [], grantable: [] }));
    held.privileges.push(privilege);
    if (entry.grantable) held.grantable.push(privilege);
  }
  return [...byEntry.values()].map(({ grantee, grantor, privileges, grantable }) => ({
    grantee,
    ...(grantor !== null && { grantor }),
    privileges: privileges.sort(byName),
    grantable: grantable.sort(byName),
  }));
}

/**
 * One object's ACL, its entries in ACL order, the owner's own entry apart; null when it holds what the
 * default ACL of its kind holds (see `defaultGrants`), the owner's full entry included. Privileges this
 * model does not name are left out.
 */
export function mapPrivileges(row: PrivilegeRow): ObjectPrivileges | null {
  const object = objectOf(row);
  const all = gather(row.grants);
  const ownEntry = (grant: PrivilegeGrant) => grant.grantee === row.owner && grant.grantor === undefined;
  const grants = all.filter((grant) => !ownEntry(grant));
  // An owner with no entry at all (it revoked everything from itself) holds nothing.
  const holds = heldBy(all.find(ownEntry));
  const ownerDefault = heldBy(gather(row.owner_default.map((entry) => ({ grantee: row.owner, ...entry })))[0]);
  // Both lists are built field by field in the same order: their JSON texts are equal exactly when they are.
  const ownerChanged = JSON.stringify(holds) !== JSON.stringify(ownerDefault);
  if (!ownerChanged && JSON.stringify(grants) === JSON.stringify(defaultGrants(object.kind))) return null;
  // The owner's entry is kept only when it differs: who owns an object is not part of the model.
  return ownerChanged ? { object, grants, owner: { role: row.owner, ...holds, default: ownerDefault } } : { object, grants };
}

/** pg_default_acl's letters (the query reads no other). */
const DEFAULT_ACL_OBJECT_TYPES: Readonly<Record<string, DefaultPrivilegesObjectType>> = {
  r: "tables",
  S: "sequences",
  f: "functions",
  T: "types",
  n: "schemas",
};

/** One entry of default privileges, its grants in ACL order (PostgreSQL keeps it sorted by grantee). */
export function mapDefaultPrivileges(row: DefaultPrivilegesRow): DefaultPrivilegesDef {
  const objectType = DEFAULT_ACL_OBJECT_TYPES[row.object_type];
  if (objectType === undefined) {
    throw new UnsupportedCatalogObjectError(`default privileges of role ${row.role}`, `its kind of object (${row.object_type}) is unknown`);
  }
  return { role: row.role, schema: row.schema, objectType, grants: gather(row.grants), builtIn: gather(row.built_in) };
}

export function mapComment(row: CommentRow): CommentDef {
  return { object: objectOf(row), comment: row.comment };
}

const PROVIDERS: Readonly<Record<string, CollationDef["provider"]>> = { c: "libc", i: "icu", b: "builtin" };

/** One collation; null for one of the database-default provider (`d`), which cannot be created. */
export function mapCollation(row: CollationRow): CollationDef | null {
  const provider = PROVIDERS[row.provider];
  if (provider === undefined) return null;
  return {
    schema: row.schema,
    name: row.name,
    provider,
    deterministic: row.deterministic,
    lcCollate: provider === "libc" ? row.lc_collate : null,
    lcCtype: provider === "libc" ? row.lc_ctype : null,
    locale: provider === "libc" ? null : row.locale,
    rules: provider === "icu" ? row.rules : null,
  };
}
