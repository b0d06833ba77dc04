/**
 * Domains and composite types: created, dropped or altered, when the comparison manages them (see
 * managed-kinds.ts). Created in dependency order (a domain over another domain, a composite type with an
 * attribute of another one after it), dropped in the reverse order. A domain whose base type or collation
 * changes is created again (an `alterDomain` that compiles so), and the columns of it are re-cast to the
 * new one (its `usages`: the surviving columns of `from` under their new names, since such an op runs
 * after drops and renames, as an enum rebuild does), and the range types over it rebuilt with it
 * (src/compare/range-rebuilds.ts). One that a table left out of the comparison uses is left as it is, with a warning. A composite type
 * whose attribute changes type or collation under columns of it is rebuilt the same way, each value
 * converted (`compositeUsages`); attributes added and dropped are altered in place.
 */
import type { CompositeTypeDef, DomainDef, SchemaModel, TableDef } from "../model/schema-model";
import type { EnumUsage, Operation } from "../ops/operation";
import { retypedAttributes } from "../ops/domain-change";
import { rangeColumns } from "../ops/enum-change";
import { rangeRebuildBlockers, rangeRebuilds, type RangeSides } from "./range-rebuilds";
import { compositeTypeUser, domainTypeUser, enumUsages, survivingTables, takeDefaultChange, withoutInheritedUsages } from "./compare-enums";
import type { RenamedFrom } from "./compare-tables";
import type { TableScope } from "./scope";
import { typeNamesEnum } from "../ops/type-text";
import type { ChangeCollector } from "./collector";
import { CompositeRetypeBlockedError } from "./compare-errors";
import { refuseConstraintsOnHeldDomain } from "./domain-constraint-holders";
import { columnThroughOtherTypes } from "./held-types";
import { differences, mapOf } from "./differences";
import { displayName } from "./display";
import { deepEqual } from "./equality";
import { manages, type ManagedKind } from "./managed-kinds";

interface TypeLike {
  readonly schema: string;
  readonly name: string;
}

/** Compares the domains and composite types that the comparison manages. */
export function compareDomainsAndTypes(
  from: SchemaModel,
  renamed: RenamedFrom,
  to: SchemaModel,
  manage: ReadonlySet<ManagedKind> | undefined,
  inScope: TableScope,
  sink: ChangeCollector,
): void {
  if (manages(manage, "domains")) compareDomains({ from, to, manage }, renamed, inScope, sink);
  if (manages(manage, "compositeTypes")) compareCompositeTypes(from, renamed, to, inScope, sink);
}

function compareDomains(sides: RangeSides, renamed: RenamedFrom, inScope: TableScope, sink: ChangeCollector): void {
  const { from, to } = sides;
  const diff = differences(mapOf(from.domains ?? {}), mapOf(to.domains ?? {}), deepEqual);
  for (const def of dependencyOrder(diff.removed, domainDependsOn).reverse()) {
    sink.emit({ kind: "dropDomain", domain: refOf(def), existing: def }, `Detected removed domain '${displayName(def)}'`);
  }
  for (const def of dependencyOrder(diff.added, domainDependsOn)) {
    sink.emit({ kind: "createDomain", domain: def }, `Detected added domain '${displayName(def)}'`);
  }
  let surviving: TableDef[] | undefined;
  for (const { from: before, to: after } of diff.modified) {
    const retyped = before.type !== after.type || before.collation !== after.collation;
    const excludedUser = retyped ? usersOf(from, before, (t) => !inScope(t))[0] : undefined;
    // A range type over it is rebuilt with it, unless something of it cannot be carried over; a composite
    // type or a domain built on it is not (the old domain could not be dropped from under it).
    const typeUser = retyped ? domainTypeUser(from, before) : undefined;
    const blocker =
      typeUser !== undefined
        ? `${typeUser} is built on it (the rebuild carries over only its columns and range types)`
        : retyped
          ? rangeRebuildBlockers(sides, before, sink.operations)[0]
          : undefined;
    if (blocker !== undefined) {
      sink.leaveAsIs(`Warning: the base type or collation of domain '${displayName(after)}' changes, but ${blocker}: the domain is left as it is`);
      continue;
    }
    if (excludedUser !== undefined) {
      sink.leaveAsIs(
        `Warning: the base type or collation of domain '${displayName(after)}' changes, but column '${excludedUser}' ` +
          `(of a table left out of the comparison) uses it: the domain is left as it is`,
      );
      continue;
    }
    if (!retyped) refuseConstraintsOnHeldDomain(from, (surviving ??= survivingTables(renamed, sink.operations)), before, after);
    const tables = retyped ? (surviving ??= survivingTables(renamed, sink.operations)) : [];
    const usages = withoutInheritedUsages(tables.flatMap((t) => enumUsages(t, before)), tables).map((u) => takeDefaultChange(u, sink));
    const ranges = retyped ? rangeRebuilds(sides, before, tables, sink) : [];
    const recast = [...usages, ...rangeColumns(ranges)];
    const withRanges = ranges.length === 0 ? "" : ` with range type${ranges.length === 1 ? "" : "s"} ${ranges.map((r) => `'${displayName(r.range)}'`).join(", ")}`;
    const line = !retyped
      ? `Detected changed domain '${displayName(after)}'`
      : recast.length === 0
        ? `Detected changed base type of domain '${displayName(after)}': ${ranges.length === 0 ? "dropped and created again" : `created again${withRanges}`}`
        : `Detected changed base type of domain '${displayName(after)}': created again${withRanges} and its columns re-cast ` +
          `(${recast.map((u) => `'${displayName(u.table)}.${u.column}'`).join(", ")})`;
    sink.emit({ kind: "alterDomain", from: before, to: after, ...(usages.length > 0 && { usages }), ...(ranges.length > 0 && { ranges }) }, line);
  }
}

function compareCompositeTypes(from: SchemaModel, renamed: RenamedFrom, to: SchemaModel, inScope: TableScope, sink: ChangeCollector): void {
  const diff = differences(mapOf(from.compositeTypes ?? {}), mapOf(to.compositeTypes ?? {}), deepEqual);
  for (const def of dependencyOrder(diff.removed, compositeDependsOn).reverse()) {
    sink.emit(
      { kind: "dropCompositeType", type: refOf(def), existing: def },
      `Detected removed composite type '${displayName(def)}'`,
    );
  }
  for (const def of dependencyOrder(diff.added, compositeDependsOn)) {
    sink.emit({ kind: "createCompositeType", type: def }, `Detected added composite type '${displayName(def)}'`);
  }
  for (const { from: before, to: after } of diff.modified) {
    const usages = compositeUsages(from, renamed, inScope, sink.operations, before, after).map((u) => takeDefaultChange(u, sink));
    const line =
      usages.length === 0
        ? `Detected changed attributes of composite type '${displayName(after)}'`
        : `Detected changed attributes of composite type '${displayName(after)}': created again and its columns re-cast ` +
          `(${usages.map((u) => `'${displayName(u.table)}.${u.column}'`).join(", ")})`;
    sink.emit({ kind: "alterCompositeType", from: before, to: after, ...(usages.length > 0 && { usages }) }, line);
  }
}

/**
 * The columns a composite type is rebuilt under: when an attribute kept by name changes type or collation
 * (which ALTER ATTRIBUTE cannot do while a column uses the type), its columns among the surviving tables;
 * none otherwise (attributes added and dropped are altered in place, in use or not). Throws
 * `CompositeRetypeBlockedError` where a rebuild cannot convert the values: an array of the type, a column
 * of a table left out of the comparison, another composite type or a domain using a type rebuilt under
 * columns. With no column of it, the attribute is altered in place (PostgreSQL allows it then), unless a
 * column holds it inside another type (a composite type or domain built on it), which is refused too.
 */
function compositeUsages(
  from: SchemaModel,
  renamed: RenamedFrom,
  inScope: TableScope,
  ops: readonly Operation[],
  before: CompositeTypeDef,
  after: CompositeTypeDef,
): EnumUsage[] {
  const retyped = retypedAttributes(before, after);
  if (retyped.length === 0) return [];
  const changes = retyped.map((a) => {
    const was = before.attributes.find((b) => b.name === a.name);
    return was?.type === a.type ? `attribute ${a.name}'s collation` : `attribute ${a.name} from ${was?.type} to ${a.type}`;
  });
  const blocked = (user: string) => new CompositeRetypeBlockedError(displayName(before), changes, user);
  const excluded = usersOf(from, before, (t) => !inScope(t))[0];
  if (excluded !== undefined) throw blocked(`column ${excluded} (of a table left out of the comparison)`);
  const tables = survivingTables(renamed, ops);
  const usages = withoutInheritedUsages(tables.flatMap((t) => enumUsages(t, before)), tables);
  if (usages.length === 0) {
    // In place, as long as no column holds the type inside another one, which PostgreSQL refuses as it
    // refuses a column of the type itself (cannot alter type "a" because column "t.v" uses it).
    const held = columnThroughOtherTypes(from, tables, before);
    if (held !== undefined) throw blocked(held);
    return [];
  }
  const array = usages.find((u) => u.array);
  if (array !== undefined) throw blocked(`column ${displayName(array.table)}.${array.column} (an array of the type, which a rebuild cannot convert)`);
  const other = compositeTypeUser({ ...from, tables: {} }, before);
  if (other !== undefined) throw blocked(other);
  return usages;
}

/** The columns (`schema.table.column`) of `model` whose type is `type` or an array of it. */
function usersOf(model: SchemaModel, type: TypeLike, tables: (table: TableDef) => boolean = () => true): string[] {
  return Object.values(model.tables).filter(tables).flatMap((table) =>
    table.columns
      .filter((column) => typeNamesEnum(column.type, type.schema, type.name) !== null)
      .map((column) => `${displayName(table)}.${column.name}`),
  );
}

function domainDependsOn(def: DomainDef, other: DomainDef): boolean {
  return typeNamesEnum(def.type, other.schema, other.name) !== null;
}

function compositeDependsOn(def: CompositeTypeDef, other: CompositeTypeDef): boolean {
  return def.attributes.some((a) => typeNamesEnum(a.type, other.schema, other.name) !== null);
}

/** `items` with each after the items it depends on (stable otherwise). */
export function dependencyOrder<T extends TypeLike>(items: readonly T[], dependsOn: (a: T, b: T) => boolean): T[] {
  const ordered: T[] = [];
  const visiting = new Set<T>();
  const visit = (item: T): void => {
    if (ordered.includes(item) || visiting.has(item)) return;
    visiting.add(item);
    for (const other of items) if (other !== item && dependsOn(item, other)) visit(other);
    ordered.push(item);
  };
  items.forEach(visit);
  return ordered;
}

function refOf(def: TypeLike): TypeLike {
  return { schema: def.schema, name: def.name };
}
