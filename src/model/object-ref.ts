/**
 * A reference to any catalog object that can carry a comment or privileges, and the keys that name
 * objects in the model's maps (`objectKey`) and in dependencies (`anchorKey`).
 */
import { qualifiedName, quoteIdentAlways } from "./names";

/** Objects named by schema and name. */
export type SchemaObjectKind =
  | "table"
  | "view"
  | "materializedView"
  | "sequence"
  | "type"
  | "domain"
  | "collation"
  /** An extended statistics object (`CREATE STATISTICS`), in its own schema. */
  | "statistics";

/** Objects that belong to a relation: named by schema, relation and name. */
export type RelationMemberKind = "constraint" | "trigger" | "policy" | "rule";

/** What `pg_proc` holds: named by schema, name and identity arguments. */
export type RoutineKind = "function" | "procedure" | "aggregate";

export type CatalogObjectRef =
  | { readonly kind: "schema"; readonly name: string }
  /** An extension: database-wide, named by its name alone. */
  | { readonly kind: "extension"; readonly name: string }
  /** A publication: database-wide, named by its name alone. */
  | { readonly kind: "publication"; readonly name: string }
  | { readonly kind: SchemaObjectKind; readonly schema: string; readonly name: string }
  /** An index: `table` is the relation it is on (an index's name is unique in its schema). */
  | { readonly kind: "index"; readonly schema: string; readonly table: string; readonly name: string }
  /** A column of a table, view, materialized view or composite type (`table`). */
  | { readonly kind: "column"; readonly schema: string; readonly table: string; readonly column: string }
  | { readonly kind: RelationMemberKind; readonly schema: string; readonly table: string; readonly name: string }
  | { readonly kind: "domainConstraint"; readonly schema: string; readonly domain: string; readonly name: string }
  /** `arguments` as `pg_get_function_identity_arguments` prints them (`ORDER BY` in an ordered-set aggregate's). */
  | { readonly kind: RoutineKind; readonly schema: string; readonly name: string; readonly arguments: string };

export type CatalogObjectKind = CatalogObjectRef["kind"];

/** `"schema"."name"(arguments)`: the key of a function, procedure or aggregate in `SchemaModel.functions`. */
export function functionKey(schema: string, name: string, args: string): string {
  return `${qualifiedName(schema, name)}(${args})`;
}

/** `"schema"."table"."name"`: the key of a trigger or policy. */
export function memberKey(schema: string, table: string, name: string): string {
  return `${qualifiedName(schema, table)}.${quoteIdentAlways(name)}`;
}

/** The quoted, qualified name part of a reference's keys. */
function namePart(ref: CatalogObjectRef): string {
  switch (ref.kind) {
    case "schema":
    case "extension":
    case "publication":
      return quoteIdentAlways(ref.name);
    case "column":
      return memberKey(ref.schema, ref.table, ref.column);
    case "constraint":
    case "trigger":
    case "policy":
    case "rule":
      return memberKey(ref.schema, ref.table, ref.name);
    case "domainConstraint":
      return memberKey(ref.schema, ref.domain, ref.name);
    case "function":
    case "procedure":
    case "aggregate":
      return functionKey(ref.schema, ref.name, ref.arguments);
    default:
      return qualifiedName(ref.schema, ref.name);
  }
}

/** `view "public"."v"`, `column "public"."v"."c"`: the key of an object in the comment and privilege maps. */
export function objectKey(ref: CatalogObjectRef): string {
  return `${ref.kind} ${namePart(ref)}`;
}

/**
 * The kind of anchor an object kind is: tables, views and materialized views are all `relation`s (what
 * depends on one does not care which), procedures and aggregates are `function`s (as `pg_depend` names
 * them), domains are `type`s.
 */
const ANCHOR_KIND: Readonly<Record<CatalogObjectKind, string>> = {
  schema: "schema",
  extension: "extension",
  publication: "publication",
  table: "relation",
  view: "relation",
  materializedView: "relation",
  sequence: "sequence",
  type: "type",
  domain: "type",
  collation: "collation",
  index: "index",
  column: "column",
  constraint: "constraint",
  trigger: "trigger",
  policy: "policy",
  rule: "rule",
  statistics: "statistics",
  domainConstraint: "constraint",
  function: "function",
  procedure: "function",
  aggregate: "function",
};

/**
 * The dependency key of an object: `relation "s"."t"`, `column "s"."t"."c"`, `function "s"."f"(integer)`,
 * `index "s"."i"`, `type "s"."e"`. What depends on objects names them by these keys, and a migration's
 * drops and re-creations are expressed in them (src/compare/migration-events.ts).
 */
export function anchorKey(ref: CatalogObjectRef): string {
  if (ref.kind === "index") return `index ${qualifiedName(ref.schema, ref.name)}`;
  return `${ANCHOR_KIND[ref.kind]} ${namePart(ref)}`;
}

/** `relation "s"."t"`. */
export function relationAnchor(schema: string, name: string): string {
  return `relation ${qualifiedName(schema, name)}`;
}

/** `publication "p"`: a publication is an object of the database, not of a schema. */
export function publicationAnchor(name: string): string {
  return `publication ${quoteIdentAlways(name)}`;
}

/** `column "s"."t"."c"`. */
export function columnAnchor(schema: string, table: string, column: string): string {
  return `column ${memberKey(schema, table, column)}`;
}

/** `function "s"."f"(args)`. */
export function functionAnchor(schema: string, name: string, args: string): string {
  return `function ${functionKey(schema, name, args)}`;
}

/**
 * The anchors an object goes with: itself, and for a column, index, constraint, trigger or policy also
 * its relation (dropping a table drops its constraints without a drop of their own), for a domain
 * constraint its domain.
 */
export function anchorsOf(ref: CatalogObjectRef): string[] {
  const own = anchorKey(ref);
  switch (ref.kind) {
    case "column":
    case "index":
    case "constraint":
    case "trigger":
    case "policy":
    case "rule":
      return [own, relationAnchor(ref.schema, ref.table)];
    case "domainConstraint":
      return [own, `type ${qualifiedName(ref.schema, ref.domain)}`];
    default:
      return [own];
  }
}

/** The relation an object is or belongs to, if any (what include/exclude decide on). */
export function relationOfObject(ref: CatalogObjectRef): { schema: string; name: string } | null {
  switch (ref.kind) {
    case "table":
    case "view":
    case "materializedView":
    case "sequence":
      return ref;
    case "column":
    case "index":
    case "constraint":
    case "trigger":
    case "policy":
    case "rule":
      return { schema: ref.schema, name: ref.table };
    default:
      return null;
  }
}
