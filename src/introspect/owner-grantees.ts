/**
 * Names the owners that `setPrivileges` ops leave to be looked up when they run (`owner: true`: the
 * comparator changes an owner's own entry without knowing who owns the object in the database the
 * migration changes). When that database is at hand (`autogen diff` from a database URL), its owners are
 * read once and put in the ops, so that the script says `REVOKE ... FROM "app_owner"` instead of a DO
 * block that looks the owner up. An object the database does not have yet (created by the same
 * migration, owned by whoever runs it) keeps the lookup.
 * @internal
 */
import type { Queryable } from "../db/database";
import type { CatalogObjectRef } from "../model/object-ref";
import type { Operation } from "../ops/operation";
import { objectName } from "../sql/object-name";

/** The catalog, owner column and reg* cast that find the owner of an object of each kind (`kind` of its ref). */
const LOOKUPS: Partial<Record<CatalogObjectRef["kind"], { readonly catalog: string; readonly owner: string; readonly cast: string }>> = {
  table: { catalog: "pg_class", owner: "relowner", cast: "to_regclass" },
  view: { catalog: "pg_class", owner: "relowner", cast: "to_regclass" },
  materializedView: { catalog: "pg_class", owner: "relowner", cast: "to_regclass" },
  sequence: { catalog: "pg_class", owner: "relowner", cast: "to_regclass" },
  column: { catalog: "pg_class", owner: "relowner", cast: "to_regclass" },
  function: { catalog: "pg_proc", owner: "proowner", cast: "to_regprocedure" },
  procedure: { catalog: "pg_proc", owner: "proowner", cast: "to_regprocedure" },
  schema: { catalog: "pg_namespace", owner: "nspowner", cast: "to_regnamespace" },
  type: { catalog: "pg_type", owner: "typowner", cast: "to_regtype" },
  domain: { catalog: "pg_type", owner: "typowner", cast: "to_regtype" },
};

/** The name whose owner is looked up: a column's table, else the object itself (as in GRANT ... ON). */
function ownedName(ref: CatalogObjectRef): string {
  return objectName(ref.kind === "column" ? { kind: "table", schema: ref.schema, name: ref.table } : ref);
}

/**
 * `operations` with each `setPrivileges` that has `owner` naming the owner `db` gives its object (and
 * without `owner`); the others unchanged. One query, only when there is such an op.
 */
export async function nameOwnerGrantees(db: Queryable, operations: readonly Operation[]): Promise<Operation[]> {
  const wanted = new Map<string, { readonly kind: CatalogObjectRef["kind"]; readonly name: string }>();
  for (const op of operations) {
    if (op.kind !== "setPrivileges" || op.owner !== true || LOOKUPS[op.object.kind] === undefined) continue;
    wanted.set(`${op.object.kind} ${ownedName(op.object)}`, { kind: op.object.kind, name: ownedName(op.object) });
  }
  if (wanted.size === 0) return [...operations];
  const entries = [...wanted.values()];
  const branches = entries.map((entry, i) => {
    const lookup = LOOKUPS[entry.kind]!;
    return `SELECT ${i} AS i, pg_catalog.pg_get_userbyid(${lookup.owner})::text AS owner FROM pg_catalog.${lookup.catalog} ` +
      `WHERE oid = pg_catalog.${lookup.cast}($${i + 1})`;
  });
  const { rows } = await db.query<{ i: number; owner: string }>(branches.join(" UNION ALL "), entries.map((e) => e.name));
  const owners = new Map<string, string>();
  for (const row of rows) {
    const entry = entries[row.i]!;
    owners.set(`${entry.kind} ${entry.name}`, row.owner);
  }
  return operations.map((op) => {
    if (op.kind !== "setPrivileges" || op.owner !== true) return op;
    const owner = owners.get(`${op.object.kind} ${ownedName(op.object)}`);
    if (owner === undefined) return op;
    const { owner: _, ...named } = op;
    return { ...named, grantee: owner };
  });
}
