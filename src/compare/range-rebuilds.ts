/**
 * The range types over a type rebuilt under its columns (an enum whose labels are removed or reordered,
 * a domain whose base type or collation changes), rebuilt with it (`RangeRebuild`, compiled by
 * src/sql/range-rebuild.ts): PostgreSQL cannot change a range type's subtype, and one over the old type
 * keeps it from being dropped. Each is taken with the columns of it and of its multirange type (arrays of
 * either too) among the tables the rebuild re-casts, the domains over either with their columns, the
 * attributes of the composite types of either that no column uses, and the range types over it, rebuilt
 * in turn. The enum rebuild takes those over the domains on the enum too (compare-enums.ts).
 *
 * The functions using either (their signature, result or body) are dropped before and created again
 * after by the comparison of functions, where it manages them: the rebuild names the types it creates
 * again (migration-events.ts) and orders itself after those drops (operation-objects.ts). Elsewhere (and
 * in the derived downgrade of an appended label, whose upgrade dropped nothing) the rebuild sets them
 * aside itself when it runs (src/sql/type-functions.ts).
 *
 * A subtype_diff function, which takes the old subtype and which no ALTER TYPE can change in a range
 * type, is created again over the new subtype before the range type (`carriedSubtypeDiff`), where the
 * comparison manages functions and nothing else uses it.
 *
 * Refused where the rebuild cannot carry something over (`rangeRebuildBlockers`): a canonical function
 * (in C, over the old range type), a subtype_diff function it does not carry over, a column of either type in a partition key, a composite type of either that a column
 * uses (PostgreSQL cannot retype its attribute), a range type over the multirange type, a function using
 * either where functions are not compared (entities) that is an aggregate or that something else uses
 * (the rebuild sets the others aside when it runs: src/sql/type-functions.ts), a domain over either that
 * something other than columns uses.
 */
import { qualifiedName, tableKey } from "../model/names";
import type { FunctionDef } from "../model/catalog-objects";
import type { CompositeTypeDef, DomainDef, RangeTypeDef, SchemaModel, TableDef } from "../model/schema-model";
import type { EnumAttributeUsage, EnumUsage, Operation, RangeRebuild } from "../ops/operation";
import { multirangeOf, qualifiedNameParts, typeNamesEnum } from "../ops/type-text";
import { functionAnchor } from "../model/object-ref";
import type { ChangeCollector } from "./collector";
import { compositeTypeUser, domainUser, enumUsages, takeDefaultChange, withoutInheritedUsages } from "./compare-enums";
import { managedKind } from "./compare-functions";
import { rangeTypeUser } from "./compare-range-types";
import { displayName } from "./display";
import { functionUser } from "./type-function-users";
import { manages, type ManagedKind } from "./managed-kinds";

interface TypeLike {
  readonly schema: string;
  readonly name: string;
}

/** The two sides of the comparison, and what it manages. */
export interface RangeSides {
  readonly from: SchemaModel;
  readonly to: SchemaModel;
  readonly manage: ReadonlySet<ManagedKind> | undefined;
}

/**
 * The range types of `from` whose subtype is `type` (or an array of it), those the migration drops
 * (managed, and not in `to`) left out: they go before the rebuild (they depend on the old type).
 */
function rangesOver({ from, to, manage }: RangeSides, type: TypeLike): RangeTypeDef[] {
  const dropped = (key: string) => manages(manage, "rangeTypes") && to.rangeTypes?.[key] === undefined;
  return Object.entries(from.rangeTypes ?? {}).flatMap(([key, range]) =>
    typeNamesEnum(range.subtype, type.schema, type.name) !== null && !dropped(key) ? [range] : [],
  );
}

/** The range types over `type` (`rangesOver`), each followed by those over it, and so on: the order they are created again in. */
function rangesWithin(sides: RangeSides, type: TypeLike): RangeTypeDef[] {
  return rangesOver(sides, type).flatMap((range) => [range, ...rangesWithin(sides, range)]);
}

/**
 * Why the range types over `type` cannot be rebuilt with it, one reason each (none when they can). The
 * tables `ops` drop do not count. `over` says what `type` is to the reader: "it" (the type the message is
 * about) or, for a domain rebuilt with an enum, that domain ("domain public.d, based on it").
 */
export function rangeRebuildBlockers(sides: RangeSides, type: TypeLike, ops: readonly Operation[], over = "it"): string[] {
  const { from } = sides;
  const dropped = new Set(ops.flatMap((op) => (op.kind === "dropTable" ? [tableKey(op.table)] : [])));
  return rangesOver(sides, type).flatMap((range) => {
    const name = displayName(range);
    // No ALTER TYPE gives a range type another function: the rebuild creates the subtype_diff function
    // again over the new subtype before the range type (`carriedSubtypeDiff`), where it can. A canonical
    // function, in C over a shell of the range type, it does not.
    const functions: [string, string | null, string][] = [
      ["canonical", range.canonical, "the old range type (a C function over a shell type)"],
      ["subtype_diff", carriedSubtypeDiff(sides, range) === undefined ? range.subtypeDiff : null, "values of the old subtype"],
    ];
    const blockers = functions.flatMap(([what, fn, takes]) =>
      fn === null
        ? []
        : [
            `range type ${name} over ${over} has the ${what} function ${fn}, which takes the old type (${takes}), and no ALTER TYPE ` +
              `gives a range type another function${what === "subtype_diff" ? SUBTYPE_DIFF_CARRIED : ""}: rebuild that range type by hand (the function created ` +
              `again over the new type, the range type created again with it under its name, its columns re-cast through text, the old ones dropped)`,
          ],
    );
    for (const [key, columns] of Object.entries(from.partitionKeyColumns ?? {})) {
      const table = from.tables[key];
      if (table === undefined || dropped.has(key)) continue;
      for (const usage of rangeColumnsOf([table], range).filter((u) => columns.includes(u.column))) {
        blockers.push(`column ${displayName(table)}.${usage.column} of range type ${name} over ${over} is in its table's partition key (PostgreSQL cannot change the type of a partition key column)`);
      }
    }
    for (const { type: composite, user } of compositesOf(sides, range).filter((c) => c.user !== undefined)) {
      blockers.push(
        `composite type ${displayName(composite)} has an attribute of range type ${name} (over ${over}) and ${user} uses that type ` +
          `(PostgreSQL cannot retype an attribute of a composite type a column uses)`,
      );
    }
    const domains = domainsOver(from, range);
    for (const [, domain] of domains) {
      const user = domainUser(from, domain);
      if (user !== undefined) blockers.push(`domain ${displayName(domain)} over range type ${name} (over ${over}) is used by ${user}`);
    }
    // What the rebuild does not carry over; columns, the domains over it, the composite types of it (or
    // refused above), the range types over it (rebuilt in turn, or dropped before; refused below), and the views, triggers, policies, rules and defaults around re-cast columns (made
    // way for as for any retype) it does.
    const composites = new Set(compositesOf(sides, range).map((c) => c.key));
    const others = rangeTypeUser(
      {
        ...from,
        tables: {},
        views: {},
        triggers: {},
        policies: {},
        rules: {},
        functionCalls: {},
        compositeTypes: Object.fromEntries(Object.entries(from.compositeTypes ?? {}).filter(([k]) => !composites.has(k))),
        functions: Object.fromEntries(Object.entries(from.functions).filter(([, fn]) => !recreatedWith(sides, type, range, fn))),
        domains: Object.fromEntries(Object.entries(from.domains ?? {}).filter(([k]) => !domains.some(([o]) => o === k))),
        rangeTypes: Object.fromEntries(Object.entries(from.rangeTypes ?? {}).filter(([, r]) => typeNamesEnum(r.subtype, range.schema, range.name) === null)),
      },
      range,
    );
    if (others !== undefined) {
      blockers.push(
        `range type ${name} is over ${over} and ${others} uses the range type (the rebuild carries over its columns, domains, ` +
          `composite types no column uses, range types over it, and the functions using it, but not, where the comparison does not manage functions, an aggregate or a function something else uses)`,
      );
    }
    return [...blockers, ...rangeRebuildBlockers(sides, range, ops, `range type ${name} (over ${over})`)];
  });
}

/** When the rebuild carries a subtype_diff function over (`carriedSubtypeDiff`), for the refusal. */
const SUBTYPE_DIFF_CARRIED =
  " (the rebuild creates it again only where the comparison manages functions, the function is the same on both sides and nothing else uses it)";

/**
 * The range type's subtype_diff function, where the rebuild creates it again over the new subtype: the
 * comparison manages functions, `to` has the same function, and nothing but the range type uses it (no
 * other range type, function, default, check or index); undefined otherwise, or without one.
 */
function carriedSubtypeDiff({ from, to, manage }: RangeSides, range: RangeTypeDef): FunctionDef | undefined {
  const parts = range.subtypeDiff === null ? null : qualifiedNameParts(range.subtypeDiff);
  if (parts?.length !== 2 || !manages(manage, "functions")) return undefined;
  const named = Object.entries(from.functions).filter(([, f]) => f.kind === "function" && f.schema === parts[0] && f.name === parts[1]);
  if (named.length !== 1) return undefined;
  const [key, fn] = named[0]!;
  const anchor = functionAnchor(fn.schema, fn.name, fn.arguments);
  const usedElsewhere =
    Object.values(from.rangeTypes ?? {}).some((r) => r !== range && r.subtypeDiff === range.subtypeDiff) ||
    Object.values(from.functions).some((f) => (f.dependsOn ?? []).includes(anchor)) ||
    Object.values(from.functionCalls ?? {}).some((calls) => calls.some((call) => call.function === anchor));
  return to.functions[key]?.definition === fn.definition && !usedElsewhere ? fn : undefined;
}

/**
 * Whether `fn` is dropped before the rebuild of `range` over `type` and created again after: a function
 * (or aggregate) that depends on one of the types the rebuild creates again (the subtype, the range type,
 * its multirange type: migration-events.ts), in its signature, its result or its body, of a kind the
 * comparison manages; or, where it does not, one the rebuild can also set aside itself when it runs, as
 * in the derived downgrade of an appended label, whose upgrade brought no function op
 * (src/sql/type-functions.ts: not an aggregate, and nothing else uses it). The comparison brings such a
 * function back around its own rebuilds whatever it manages (hanging.ts). One that only calls a
 * constructor function of the range type in its body (under no key a function's dependencies are
 * matched with) is not.
 */
function recreatedWith({ from, manage }: RangeSides, type: TypeLike, range: RangeTypeDef, fn: FunctionDef): boolean {
  const types = new Set([type, range, multirangeOf(range)].map((t) => `type ${qualifiedName(t.schema, t.name)}`));
  if (!(fn.dependsOn ?? []).some((d) => types.has(d))) return false;
  // Another function using those types too is set aside with it.
  const alongside = (f: FunctionDef) => f.kind !== "aggregate" && (f.dependsOn ?? []).some((d) => types.has(d));
  return manages(manage, managedKind(fn)) || (fn.kind !== "aggregate" && functionUser(from, fn, alongside) === undefined);
}


/**
 * The range types over `type`, each with its columns and those of its multirange type among `tables`, and
 * its domains (as `to` has them where `to` has them over the same type) with theirs. With `sink`, a
 * usage's default the migration changes is set by the re-cast (`takeDefaultChange`).
 */
export function rangeRebuilds(
  sides: RangeSides,
  type: TypeLike,
  tables: readonly TableDef[],
  sink: ChangeCollector | null,
): RangeRebuild[] {
  const settled = (usage: EnumUsage) => (sink === null ? usage : takeDefaultChange(usage, sink));
  const { from, to } = sides;
  return rangesWithin(sides, type).map((range) => {
    const domains = domainsOver(from, range).map(([key, domain]) => {
      const target = to.domains?.[key];
      const usages = withoutInheritedUsages(tables.flatMap((t) => enumUsages(t, domain)), tables).map(settled);
      return { domain: target !== undefined && target.type === domain.type ? target : domain, usages };
    });
    const usages = rangeColumnsOf(tables, range).map(settled);
    const attributes = compositesOf(sides, range).flatMap((c) => (c.user === undefined ? c.attributes : []));
    const subtypeDiff = carriedSubtypeDiff(sides, range);
    return {
      range,
      usages,
      ...(domains.length > 0 && { domains }),
      ...(attributes.length > 0 && { attributes }),
      ...(subtypeDiff !== undefined && { subtypeDiff }),
    };
  });
}

/** The columns of the range type and of its multirange type (`multirange`) among `tables`, those a parent's re-cast reaches left out. */
function rangeColumnsOf(tables: readonly TableDef[], range: RangeTypeDef): EnumUsage[] {
  const multirange = multirangeOf(range);
  const usages = tables.flatMap((t) => [
    ...enumUsages(t, range),
    ...enumUsages(t, multirange).map((u): EnumUsage => ({ ...u, multirange: true })),
  ]);
  return withoutInheritedUsages(usages, tables);
}

/** A composite type with attributes of a range type, and what uses the composite type (undefined when nothing does). */
interface RangeComposite {
  readonly key: string;
  readonly type: CompositeTypeDef;
  readonly attributes: readonly EnumAttributeUsage[];
  readonly user: string | undefined;
}

/**
 * The composite types of `from` with attributes of the range type or its multirange type (or an array of
 * either), those the migration drops (managed, and not in `to`: dropped before the rebuild) left out.
 */
function compositesOf({ from, to, manage }: RangeSides, range: RangeTypeDef): RangeComposite[] {
  const multirange = multirangeOf(range);
  const dropped = (key: string) => manages(manage, "compositeTypes") && to.compositeTypes?.[key] === undefined;
  return Object.entries(from.compositeTypes ?? {}).flatMap(([key, type]) => {
    const attributes = type.attributes.flatMap((a): EnumAttributeUsage[] => {
      const ofRange = typeNamesEnum(a.type, range.schema, range.name);
      const ofMultirange = typeNamesEnum(a.type, multirange.schema, multirange.name);
      const match = ofRange ?? ofMultirange;
      const ref = { schema: type.schema, name: type.name };
      return match === null ? [] : [{ type: ref, attribute: a.name, array: match.array, ...(ofMultirange !== null && { multirange: true }) }];
    });
    return attributes.length === 0 || dropped(key) ? [] : [{ key, type, attributes, user: compositeTypeUser(from, type) }];
  });
}

/** The domains (with their keys) whose base type is the range type or its multirange type (or an array of either). */
function domainsOver(model: SchemaModel, range: RangeTypeDef): [string, DomainDef][] {
  const types = [range, multirangeOf(range)];
  return Object.entries(model.domains ?? {}).filter(([, d]) => types.some((t) => typeNamesEnum(d.type, t.schema, t.name) !== null));
}
