/**
 * Keys naming catalog objects for dependency ordering: the same text whether it is built from an
 * operation (src/ops/operation-objects.ts) or from the catalog's dependency records
 * (src/introspect/read-dependencies.ts). A key is a path: an object inside another (a column, a
 * constraint, a trigger of a table; a constraint of a domain) extends its owner's key with `/`, so that
 * what creates or drops a table creates or drops all it holds.
 *
 * @example columnKey({ schema: "public", name: "users" }, "id") // 'rel:"public"."users"/col:"id"'
 */
import { qualifiedName, quoteIdentAlways } from "./names";
import type { TableRef } from "./schema-model";

/** A key built by the functions of this file. */
export type ObjectKey = string;

/** "`dependent` needs `referenced`", both as object keys. */
export interface Dependency {
  readonly dependent: ObjectKey;
  readonly referenced: ObjectKey;
}

/** A database's dependencies between objects (read by src/introspect/read-dependencies.ts). */
export interface ObjectDependencies {
  readonly edges: readonly Dependency[];
}

/** Tables, views, materialized views, sequences, indexes: everything in `pg_class` but composite types. */
export function relationKey(ref: TableRef): ObjectKey {
  return `rel:${qualifiedName(ref.schema, ref.name)}`;
}

/** Enums, domains, composite types, range types. */
export function typeKey(ref: TableRef): ObjectKey {
  return `type:${qualifiedName(ref.schema, ref.name)}`;
}

/** A function or procedure, by `pg_get_function_identity_arguments` (read with `search_path` pinned). */
export function functionKey(schema: string, name: string, identityArguments: string): ObjectKey {
  return `fn:${qualifiedName(schema, name)}(${identityArguments})`;
}

/**
 * A function's name without its arguments: every overload of it. Dropping one overload and creating
 * another both name it, so that the drop runs first: while both exist, a call that fits both (`f()`
 * for `f()` and `f(a int DEFAULT 1)`) is ambiguous, and a default or check set again in between fails.
 */
export function functionNameKey(schema: string, name: string): ObjectKey {
  return `fname:${qualifiedName(schema, name)}`;
}

/** An extended statistics object (`CREATE STATISTICS`). */
export function statisticsKey(ref: TableRef): ObjectKey {
  return `stx:${qualifiedName(ref.schema, ref.name)}`;
}

/** A publication (an object of the database). */
export function publicationKey(name: string): ObjectKey {
  return `pub:${quoteIdentAlways(name)}`;
}

/** A table a publication lists. */
export function publicationTableKey(publication: string, table: TableRef): ObjectKey {
  return `${publicationKey(publication)}/${relationKey(table)}`;
}

export function schemaKey(schema: string): ObjectKey {
  return `schema:${quoteIdentAlways(schema)}`;
}

export function extensionKey(name: string): ObjectKey {
  return `ext:${quoteIdentAlways(name)}`;
}

export function collationKey(ref: TableRef): ObjectKey {
  return `coll:${qualifiedName(ref.schema, ref.name)}`;
}

/** What a table (or a domain: `typeKey`) holds: a column, constraint, trigger, policy or rule. */
export type MemberKind = "col" | "con" | "trigger" | "policy" | "rule" | "def";

export function memberKey(owner: ObjectKey, kind: MemberKind, name: string): ObjectKey {
  return `${owner}/${kind}:${quoteIdentAlways(name)}`;
}

export function columnKey(table: TableRef, column: string): ObjectKey {
  return memberKey(relationKey(table), "col", column);
}

/**
 * A column's default or generation expression (pg_attrdef): inside its column, so that what creates,
 * drops or alters the column does so to its default too, while setting or removing a default alone
 * (`alterColumn`) is told apart from changing the column.
 */
export function defaultKey(table: TableRef, column: string): ObjectKey {
  return memberKey(columnKey(table, column), "def", "default");
}

/** What a default adds to its column's (or domain's) key: `/def:"default"`. */
const DEFAULT_SUFFIX = memberKey("", "def", "default");

/**
 * Whether `key` is the default of the column (or domain) `owner`. Asked of every dependency record read
 * (160,000 at 5,000 tables): compared in place, without building the default's key.
 */
export function isDefaultOf(key: ObjectKey, owner: ObjectKey): boolean {
  return key.length === owner.length + DEFAULT_SUFFIX.length && key.endsWith(DEFAULT_SUFFIX) && key.startsWith(owner);
}

/** A domain's default: inside its domain, set and removed on its own (see `defaultKey`). */
export function domainDefaultKey(domain: TableRef): ObjectKey {
  return memberKey(typeKey(domain), "def", "default");
}

export function constraintKey(table: TableRef, name: string): ObjectKey {
  return memberKey(relationKey(table), "con", name);
}

/**
 * The key and every key it is inside, innermost first: `rel:"s"."t"/col:"c"` gives itself, then
 * `rel:"s"."t"`. A `/` inside a quoted name is part of the name.
 */
export function keyAndOwners(key: ObjectKey): ObjectKey[] {
  const cuts: number[] = [];
  let quoted = false;
  for (let i = 0; i < key.length; i++) {
    const c = key[i];
    if (c === '"') quoted = !quoted;
    else if (c === "/" && !quoted) cuts.push(i);
  }
  return [key, ...cuts.reverse().map((cut) => key.slice(0, cut))];
}

/** The quoted identifiers of `text` (`"a"."b""c"` gives a, b"c), and what follows the last of them. */
function quotedNames(text: string): { names: string[]; rest: string } {
  const names: string[] = [];
  let i = 0;
  while (text[i] === '"') {
    let name = "";
    i++;
    for (; i < text.length; i++) {
      if (text[i] !== '"') {
        name += text[i];
      } else if (text[i + 1] === '"') {
        name += '"';
        i++;
      } else {
        break;
      }
    }
    names.push(name);
    i++; // the closing quote
    if (text[i] !== ".") break;
    i++;
  }
  return { names, rest: text.slice(i) };
}

/** What names the outermost object of a key: a relation, type, function or collation; a schema; an extension. */
export type TopLevelName =
  | { readonly kind: "named"; readonly schema: string; readonly name: string }
  | { readonly kind: "schema"; readonly schema: string }
  | { readonly kind: "extension"; readonly name: string };

/**
 * The outermost object of `key` (the table of a column, the domain of a domain constraint), by its names;
 * null for a key of a kind this file does not build.
 * @example topLevelName('rel:"public"."t"/col:"c"') // { kind: "named", schema: "public", name: "t" }
 */
export function topLevelName(key: ObjectKey): TopLevelName | null {
  const colon = key.indexOf(":");
  if (colon < 0) return null;
  const { names } = quotedNames(key.slice(colon + 1));
  switch (key.slice(0, colon)) {
    case "rel":
    case "type":
    case "fn":
    case "coll":
      return names.length >= 2 ? { kind: "named", schema: names[0]!, name: names[1]! } : null;
    case "schema":
      return names.length >= 1 ? { kind: "schema", schema: names[0]! } : null;
    case "ext":
      return names.length >= 1 ? { kind: "extension", name: names[0]! } : null;
    default:
      return null;
  }
}

/**
 * The object key of a dependency key as the model stores it (`anchorKey` of src/model/object-ref.ts:
 * `relation "s"."t"`, `column "s"."t"."c"`, `function "s"."f"(args)`, ...; a bare `"s"."t"` is a
 * relation, as in `ViewDef.dependsOn`), or null for one this file has no key for. Indexes and sequences
 * are relations here, as in `pg_class`, whose names they share.
 * @example objectKeyOfAnchor('column "public"."t"."c"') // 'rel:"public"."t"/col:"c"'
 */
export function objectKeyOfAnchor(anchor: string): ObjectKey | null {
  const space = anchor.startsWith('"') ? -1 : anchor.indexOf(" ");
  const kind = space < 0 ? "relation" : anchor.slice(0, space);
  const { names, rest } = quotedNames(anchor.slice(space + 1));
  const [schema, name, member] = names;
  if (schema === undefined) return null;
  if (kind === "schema") return names.length === 1 ? schemaKey(schema) : null;
  if (kind === "extension") return names.length === 1 ? extensionKey(schema) : null;
  if (name === undefined) return null;
  const ref = { schema, name };
  switch (kind) {
    case "relation":
    case "index":
    case "sequence":
      return names.length === 2 ? relationKey(ref) : null;
    case "type":
    case "domain":
      return names.length === 2 ? typeKey(ref) : null;
    case "collation":
      return names.length === 2 ? collationKey(ref) : null;
    case "function":
    case "procedure":
      return names.length === 2 && rest.startsWith("(") && rest.endsWith(")") ? functionKey(schema, name, rest.slice(1, -1)) : null;
    case "column":
      return member === undefined ? null : memberKey(relationKey(ref), "col", member);
    case "constraint":
      return member === undefined ? null : memberKey(relationKey(ref), "con", member);
    case "trigger":
    case "policy":
    case "rule":
      return member === undefined ? null : memberKey(relationKey(ref), kind, member);
    case "statistics":
      return names.length === 2 ? statisticsKey(ref) : null;
    default:
      return null;
  }
}
