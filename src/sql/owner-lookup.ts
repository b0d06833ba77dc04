/**
 * Where the owner of a catalog object is found, for the privileges of an object's owner (SetPrivilegesOp
 * `owner`): in the statements themselves (compile-privileges.ts, a DO block) and, where the database
 * being migrated is at hand, read beforehand (src/introspect/owner-grantees.ts).
 * @internal
 */
import type { CatalogObjectRef } from "../model/object-ref";
import { grantName } from "./object-name";

export interface OwnerLookup {
  /** The catalog that holds the object. */
  readonly catalog: string;
  /** Its owner column there. */
  readonly owner: string;
  /** The reg* type that turns the object's name into its oid (`to_<type>` gives NULL where it is missing). */
  readonly type: string;
}

const RELATION: OwnerLookup = { catalog: "pg_class", owner: "relowner", type: "regclass" };
const ROUTINE: OwnerLookup = { catalog: "pg_proc", owner: "proowner", type: "regprocedure" };
const TYPE: OwnerLookup = { catalog: "pg_type", owner: "typowner", type: "regtype" };

/** By the kind of the object (a column's owner is its table's). */
export const OWNER_LOOKUPS: Partial<Record<CatalogObjectRef["kind"], OwnerLookup>> = {
  table: RELATION,
  view: RELATION,
  materializedView: RELATION,
  sequence: RELATION,
  column: RELATION,
  function: ROUTINE,
  procedure: ROUTINE,
  aggregate: ROUTINE,
  schema: { catalog: "pg_namespace", owner: "nspowner", type: "regnamespace" },
  type: TYPE,
  domain: TYPE,
};

/** The name whose owner is looked up: a column's table, else the object itself (as in GRANT ... ON). */
export function ownedName(ref: CatalogObjectRef): string {
  return grantName(ref.kind === "column" ? { kind: "table", schema: ref.schema, name: ref.table } : ref);
}
