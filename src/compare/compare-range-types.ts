/**
 * Range types, when the comparison manages them (see managed-kinds.ts): created before the domains,
 * composite types, functions and tables that may use them and dropped after them, each with the
 * multirange type and constructor functions PostgreSQL makes for it (never compared apart).
 *
 * No `ALTER TYPE` changes a range type's definition. One whose definition differs is dropped and created
 * again where nothing of `from` uses it or its multirange type (`rangeTypeUser`); where something does,
 * PostgreSQL would refuse the drop, and the type is reported and left as it is, as a collation is. It is
 * not rebuilt under its columns as a domain is (renamed, created anew, the columns re-cast): the values of
 * a range over one subtype need not convert to another, and what may use one (columns and arrays of it or
 * of its multirange type, domains, composite types, other range types, functions, views, defaults calling
 * its constructors) is more than a rebuild could carry over. Its subtype rebuilt under it (an enum losing a
 * label, a domain's new base type) is another matter: the same definition is created again over the new
 * type, its values converting through text (src/compare/range-rebuilds.ts).
 */
import { qualifiedName } from "../model/names";
import { collationKey, functionNameKey, objectKeyOfAnchor, typeKey, type Dependency, type ObjectKey } from "../model/object-keys";
import type { RangeTypeDef, SchemaModel, TableRef } from "../model/schema-model";
import { multirangeOf, qualifiedNameParts, typeNamesEnum } from "../ops/type-text";
import type { ChangeCollector } from "./collector";
import { dependencyOrder } from "./compare-domains";
import { differences, mapOf } from "./differences";
import { displayName } from "./display";
import { deepEqual } from "./equality";
import { displayAnchor } from "./hanging";
import { manages, type ManagedKind } from "./managed-kinds";

export function compareRangeTypes(
  from: SchemaModel,
  to: SchemaModel,
  manage: ReadonlySet<ManagedKind> | undefined,
  sink: ChangeCollector,
): void {
  if (!manages(manage, "rangeTypes")) return;
  const diff = differences(mapOf(from.rangeTypes ?? {}), mapOf(to.rangeTypes ?? {}), deepEqual);
  for (const def of dependencyOrder(diff.removed, rangeOverRange).reverse()) {
    sink.emit({ kind: "dropRangeType", type: refOf(def), existing: def }, `Detected removed range type '${displayName(def)}'`);
  }
  for (const def of dependencyOrder(diff.added, rangeOverRange)) {
    sink.emit({ kind: "createRangeType", type: def }, `Detected added range type '${displayName(def)}'`);
  }
  for (const { from: before, to: after } of diff.modified) {
    const user = rangeTypeUser(from, before);
    if (user !== undefined) {
      sink.leaveAsIs(
        `Warning: range type '${displayName(after)}' differs in its definition, which Postgres cannot alter, and ${user} ` +
          `uses it: left as it is (drop and create it by hand, with what uses it)`,
      );
      continue;
    }
    sink.emit({ kind: "alterRangeType", from: before, to: after }, `Detected changed range type '${displayName(after)}': dropped and created again`);
  }
}

/**
 * What of `model` uses the range type (or its multirange type), for the warning: a column, domain,
 * composite type or range type of either type (or an array of it), or a function, view, trigger, rule,
 * policy, statistics object, default or check that depends on either or calls one of their constructor
 * functions; undefined when nothing does.
 */
export function rangeTypeUser(model: SchemaModel, range: RangeTypeDef): string | undefined {
  const types = [refOf(range), multirangeOf(range)];
  const names = (text: string) => types.some((t) => typeNamesEnum(text, t.schema, t.name) !== null);
  for (const table of Object.values(model.tables)) {
    const column = table.columns.find((c) => names(c.type));
    if (column !== undefined) return `column '${displayName(table)}.${column.name}'`;
  }
  const typed: [string, boolean][] = [
    ...Object.values(model.domains ?? {}).map((d): [string, boolean] => [`domain '${displayName(d)}'`, names(d.type)]),
    ...Object.values(model.compositeTypes ?? {}).map((c): [string, boolean] => [
      `composite type '${displayName(c)}'`,
      c.attributes.some((a) => names(a.type)),
    ]),
    ...Object.values(model.rangeTypes ?? {}).map((r): [string, boolean] => [`range type '${displayName(r)}'`, names(r.subtype)]),
  ];
  const byType = typed.find(([, uses]) => uses);
  if (byType !== undefined) return byType[0];
  const keys = new Set(types.map(typeKey));
  const constructors = types.map((t) => `fn:${qualifiedName(t.schema, t.name)}(`);
  const usesKey = (anchor: string) => {
    const key = objectKeyOfAnchor(anchor);
    return key !== null && (keys.has(key) || constructors.some((prefix) => key.startsWith(prefix)));
  };
  return dependents(model).find(([, anchors]) => (anchors ?? []).some(usesKey))?.[0];
}

/** The objects of `model` that know what they depend on, each with its dependency keys, for messages. */
function dependents(model: SchemaModel): [string, readonly string[] | undefined][] {
  const on = (member: { readonly schema: string; readonly table: string }) => `${member.schema}.${member.table}`;
  return [
    ...Object.values(model.functions).map((f): [string, readonly string[] | undefined] => [
      `${f.kind} '${displayName(f)}(${f.arguments})'`,
      f.dependsOn,
    ]),
    ...Object.values(model.views).map((v): [string, readonly string[] | undefined] => [
      `${v.materialized ? "materialized view" : "view"} '${displayName(v)}'`,
      v.dependsOn,
    ]),
    ...Object.values(model.triggers).map((t): [string, readonly string[] | undefined] => [`trigger '${t.name}' on '${on(t)}'`, t.dependsOn]),
    ...Object.values(model.rules ?? {}).map((r): [string, readonly string[] | undefined] => [`rule '${r.name}' on '${on(r)}'`, r.dependsOn]),
    ...Object.values(model.policies).map((p): [string, readonly string[] | undefined] => [`policy '${p.name}' on '${on(p)}'`, p.dependsOn]),
    ...Object.values(model.statistics ?? {}).map((s): [string, readonly string[] | undefined] => [
      `statistics '${displayName(s)}'`,
      s.dependsOn,
    ]),
    ...Object.entries(model.functionCalls ?? {}).flatMap(([owner, calls]) =>
      calls.map((call): [string, readonly string[]] => [`${call.kind} '${call.name}' of '${displayAnchor(owner)}'`, [call.function]]),
    ),
  ];
}

/**
 * The dependencies the model knows of its range types, as object keys: a range type needs its subtype
 * (a type of the model's), its collation and its canonical and difference functions (by name: `regproc`
 * prints no arguments, and creating any overload of the name creates its name's key); a domain or a
 * composite type using a range type of the model (or its multirange type) needs it. They order a range
 * type created after a domain or function of the same migration, and what uses it after it.
 */
export function rangeTypeDependencies(model: SchemaModel): Dependency[] {
  const ranges = Object.values(model.rangeTypes ?? {});
  if (ranges.length === 0) return [];
  const edges: Dependency[] = ranges.flatMap((range) => rangeNeeds(range).map((referenced) => ({ dependent: typeKey(range), referenced })));
  const rangeNamed = (text: string) =>
    ranges.find((range) => [refOf(range), multirangeOf(range)].some((t) => typeNamesEnum(text, t.schema, t.name) !== null));
  const uses = (dependent: TableRef, texts: readonly string[]) => {
    for (const text of texts) {
      const range = rangeNamed(text);
      if (range !== undefined) edges.push({ dependent: typeKey(dependent), referenced: typeKey(range) });
    }
  };
  for (const domain of Object.values(model.domains ?? {})) uses(domain, [domain.type]);
  for (const type of Object.values(model.compositeTypes ?? {})) uses(type, type.attributes.map((a) => a.type));
  return edges;
}

/** The keys of what a range type's definition names outside pg_catalog. */
function rangeNeeds(range: RangeTypeDef): ObjectKey[] {
  const qualified = (text: string | null) => {
    const parts = text === null ? null : qualifiedNameParts(text.endsWith("[]") ? text.slice(0, -2) : text);
    return parts?.length === 2 ? { schema: parts[0]!, name: parts[1]! } : null;
  };
  const subtype = qualified(range.subtype);
  const collation = qualified(range.collation);
  const functions = [range.canonical, range.subtypeDiff].map(qualified).filter((f) => f !== null);
  return [
    ...(subtype === null ? [] : [typeKey(subtype)]),
    ...(collation === null ? [] : [collationKey(collation)]),
    ...functions.map((f) => functionNameKey(f.schema, f.name)),
  ];
}

/** Whether `def` is over `other` (its subtype is `other`, an array of it, or its multirange type). */
function rangeOverRange(def: RangeTypeDef, other: RangeTypeDef): boolean {
  return [refOf(other), multirangeOf(other)].some((t) => typeNamesEnum(def.subtype, t.schema, t.name) !== null);
}

function refOf(def: TableRef): TableRef {
  return { schema: def.schema, name: def.name };
}
