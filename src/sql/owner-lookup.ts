/**
 * Where the owner of a catalog object is found, for the privileges of an object's owner (SetPrivilegesOp
 * `owner`): in the statements themselves (compile-privileges.ts, a DO block) and, where the database
 * being migrated is at hand, read beforehand (src/introspect/owner-grantees.ts).
 * @internal
 */
import type { CatalogObjectRef } from "../model/object-ref";
import { grantName } from "./object-name";
import { quoteLiteral } from "./quote";

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

/** A function, procedure or aggregate, whose owner is found by its identity arguments (routineOwnerQuery). */
export function isRoutine(ref: CatalogObjectRef): ref is Extract<CatalogObjectRef, { kind: "function" | "procedure" | "aggregate" }> {
  return ref.kind === "function" || ref.kind === "procedure" || ref.kind === "aggregate";
}

/**
 * The owner of a function, procedure or aggregate, as a query of one role name: by its schema, name and
 * identity arguments as the model has them, which `pg_get_function_identity_arguments` prints so only
 * under search_path = pg_catalog (the caller runs it under that path). Not by a `regprocedure` cast,
 * which takes no argument names (`'"s"."f"(i integer)'::regprocedure` is a syntax error).
 */
export function routineOwnerQuery(ref: RoutineName): string {
  return `SELECT pg_catalog.pg_get_userbyid(proowner)::text FROM pg_catalog.pg_proc WHERE oid = (${routineOidQuery(ref)})`;
}

interface RoutineName {
  readonly schema: string;
  readonly name: string;
  readonly arguments: string;
}

/** The oid of a function, procedure or aggregate, as a query; under search_path = pg_catalog (see routineOwnerQuery). */
export function routineOidQuery(ref: RoutineName): string {
  return (
    "SELECT p.oid FROM pg_catalog.pg_proc p " +
    `JOIN pg_catalog.pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname = ${quoteLiteral(ref.schema)} ` +
    `AND p.proname = ${quoteLiteral(ref.name)} AND pg_catalog.pg_get_function_identity_arguments(p.oid) = ${quoteLiteral(ref.arguments)}`
  );
}
