/**
 * What a migration does to the objects other objects hang on, read from its operations and named by
 * dependency keys (`anchorKey`, src/model/object-ref.ts): which it drops for good, which it drops and
 * creates again, which it creates, and which columns it retypes. Whatever hangs on those (triggers,
 * policies, grants, comments, functions that read a view) must then be dropped before and, unless its
 * anchor is gone, created again after, in the same migration (src/compare/hanging.ts).
 */
import { qualifiedName, tableKey } from "../model/names";
import {
  anchorKey,
  columnAnchor,
  functionAnchor,
  memberKey,
  publicationAnchor,
  relationAnchor,
  type CatalogObjectRef,
} from "../model/object-ref";
import { domainChange, domainRecastColumns, rebuildsCompositeColumns } from "../ops/domain-change";
import { addsLabelsInPlace, recastColumns } from "../ops/enum-change";
import { multirangeOf } from "../ops/type-text";
import type { EnumUsage, Operation, RangeRebuild, TypeRef } from "../ops/operation";
import { columnSequences } from "../ops/serial-sequence";
import { readdsColumn, retypesColumn } from "../ops/column-changes";
import { TableHierarchy } from "./table-hierarchy";
import type { DomainDef, SchemaModel, TableDef, TableRef } from "../model/schema-model";

export interface MigrationEvents {
  /** Anchors dropped and not created again. */
  readonly dropped: ReadonlySet<string>;
  /** Anchors dropped and created again (a recreated view, index, constraint, function, trigger, ...). */
  readonly recreated: ReadonlySet<string>;
  /** Anchors created and not dropped first: new objects. */
  readonly created: ReadonlySet<string>;
  /** Columns whose type or generation expression changes (`column "s"."t"."c"`). */
  readonly retyped: ReadonlySet<string>;
  /**
   * Views (`relation "s"."v"`) dropped and created again whose new query's columns the comparison does
   * not know (see `withViewColumns`): a column of one may be gone after the migration, or not.
   */
  readonly columnsUnknown: ReadonlySet<string>;
}

/** A domain rebuilt with a type, and its checks. */
const domainKeys = (domain: DomainDef): string[] => [
  `type ${qualifiedName(domain.schema, domain.name)}`,
  ...domain.checks.map((c) => anchorKey({ kind: "domainConstraint", schema: domain.schema, domain: domain.name, name: c.name })),
];

/** The range types rebuilt with a type, and the domains over them. */
const rangeKeys = (ranges: readonly RangeRebuild[] | undefined): string[] =>
  (ranges ?? []).flatMap((r) => {
    const multirange = multirangeOf(r.range);
    return [
      `type ${qualifiedName(r.range.schema, r.range.name)}`,
      `type ${qualifiedName(multirange.schema, multirange.name)}`,
      ...(r.subtypeDiff === undefined ? [] : [functionAnchor(r.subtypeDiff.schema, r.subtypeDiff.name, r.subtypeDiff.arguments)]),
      ...(r.domains ?? []).flatMap(({ domain }) => domainKeys(domain)),
    ];
  });

/** The anchors of the columns a type rebuild re-casts. */
const columnAnchors = (usages: readonly EnumUsage[]): string[] =>
  usages.map((usage) => columnAnchor(usage.table.schema, usage.table.name, usage.column));

/** A rule's reference without its definition. */
const memberRefOf = (m: { schema: string; table: string; name: string }) => ({ schema: m.schema, table: m.table, name: m.name });

const sequenceAnchor = (ref: { schema: string; name: string }): string => `sequence ${qualifiedName(ref.schema, ref.name)}`;

/**
 * The anchors an op drops, creates and retypes: also the sequences it drops or creates with a serial or
 * identity column (columnSequences), whose grants and comments go and come back with them. Those are
 * named as the column's identity names them (a database's own name), else as PostgreSQL names a new one;
 * `claimed` says which such names belong to another sequence (see `migrationEvents`), which is no anchor
 * of the op's.
 */
export function anchorsTouched(op: Operation, claimed: (sequence: TypeRef) => boolean = () => false): { drops: string[]; creates: string[]; retypes: string[] } {
  const own = ownAnchorsTouched(op);
  const { drops, creates } = columnSequences(op);
  if (drops.length === 0 && creates.length === 0) return own;
  const anchors = (sequences: readonly TypeRef[]) => sequences.filter((s) => !claimed(s)).map(sequenceAnchor);
  return { ...own, drops: [...own.drops, ...anchors(drops)], creates: [...own.creates, ...anchors(creates)] };
}

/** The anchors an op drops, creates and retypes by name. */
function ownAnchorsTouched(op: Operation): { drops: string[]; creates: string[]; retypes: string[] } {
  const none = { drops: [], creates: [], retypes: [] };
  switch (op.kind) {
    case "dropTable":
      return { ...none, drops: [relationAnchor(op.table.schema, op.table.name)] };
    case "createTable":
      return { ...none, creates: [relationAnchor(op.table.schema, op.table.name)] };
    case "dropView":
      return { ...none, drops: [relationAnchor(op.view.schema, op.view.name)] };
    case "createView":
      return { ...none, creates: [relationAnchor(op.view.schema, op.view.name)] };
    case "dropColumn":
      return { ...none, drops: [columnAnchor(op.table.schema, op.table.name, op.column)] };
    case "addColumn":
      return { ...none, creates: [columnAnchor(op.table.schema, op.table.name, op.column.name)] };
    case "alterColumn": {
      const column = columnAnchor(op.table.schema, op.table.name, op.column);
      // Dropped and added again: what hangs on it (a column grant) goes with it and comes back.
      if (readdsColumn(op)) return { drops: [column], creates: [column], retypes: [column] };
      return retypesColumn(op) || op.changes.generated !== undefined || op.changes.virtual !== undefined
        ? { ...none, retypes: [column] }
        : none;
    }
    case "dropIndex":
      return { ...none, drops: [`index ${qualifiedName(op.table.schema, op.name)}`] };
    case "createIndex":
      return { ...none, creates: [`index ${qualifiedName(op.table.schema, op.index.name)}`] };
    case "dropConstraint":
      return { ...none, drops: [`constraint ${memberKey(op.table.schema, op.table.name, op.name)}`] };
    case "addConstraint":
      return { ...none, creates: [`constraint ${memberKey(op.table.schema, op.table.name, op.constraint.name)}`] };
    case "dropFunction":
      return { ...none, drops: [functionAnchor(op.function.schema, op.function.name, op.function.arguments)] };
    case "createFunction":
      return { ...none, creates: [functionAnchor(op.function.schema, op.function.name, op.function.arguments)] };
    case "replaceFunction": {
      const key = functionAnchor(op.function.schema, op.function.name, op.function.arguments);
      return op.recreate === true ? { ...none, drops: [key], creates: [key] } : none;
    }
    case "dropTrigger":
      return { ...none, drops: [anchorKey({ kind: "trigger", ...op.trigger })] };
    case "createTrigger":
      return { ...none, creates: [anchorKey({ kind: "trigger", ...op.trigger })] };
    case "dropRule":
      return { ...none, drops: [anchorKey({ kind: "rule", ...op.rule })] };
    case "createRule":
      return { ...none, creates: [anchorKey({ kind: "rule", ...memberRefOf(op.rule) })] };
    case "dropStatistics":
      return { ...none, drops: [anchorKey({ kind: "statistics", schema: op.statistics.schema, name: op.statistics.name })] };
    case "createStatistics":
      return { ...none, creates: [anchorKey({ kind: "statistics", schema: op.statistics.schema, name: op.statistics.name })] };
    case "dropPolicy":
      return { ...none, drops: [anchorKey({ kind: "policy", ...op.policy })] };
    case "createPolicy":
      return { ...none, creates: [anchorKey({ kind: "policy", ...op.policy })] };
    case "dropEnum":
      return { ...none, drops: [`type ${qualifiedName(op.enum.schema, op.enum.name)}`] };
    case "alterEnum": {
      // A rebuild creates a new type under the old name and drops the old one, with what hangs on it, and
      // re-casts every column of the type (a policy or trigger naming one is in the way, as for a retype).
      const key = `type ${qualifiedName(op.enum.schema, op.enum.name)}`;
      if (addsLabelsInPlace(op)) return none;
      const retypes = columnAnchors(recastColumns(op));
      // The domains on it are rebuilt with it, with their checks, and the range types over it with theirs.
      const domains = [...(op.domains ?? []).flatMap(({ domain }) => domainKeys(domain)), ...rangeKeys(op.ranges)];
      return { ...none, drops: [key, ...domains], creates: [key, ...domains], retypes };
    }
    case "dropDomain":
      return { ...none, drops: [`type ${qualifiedName(op.domain.schema, op.domain.name)}`] };
    case "createDomain":
      return { ...none, creates: [`type ${qualifiedName(op.domain.schema, op.domain.name)}`] };
    case "alterDomain": {
      // What its statements drop and add (src/ops/domain-change.ts): the whole domain, or some checks.
      const check = (name: string) => anchorKey({ kind: "domainConstraint", schema: op.from.schema, domain: op.from.name, name });
      const change = domainChange(op.from, op.to);
      if (change.recreated) {
        // Its columns are re-cast to the new domain: a policy or trigger naming one is in the way.
        const key = `type ${qualifiedName(op.from.schema, op.from.name)}`;
        const retypes = columnAnchors(domainRecastColumns(op));
        const ranges = rangeKeys(op.ranges);
        return {
          drops: [key, ...op.from.checks.map((c) => check(c.name)), ...ranges],
          creates: [key, ...op.to.checks.map((c) => check(c.name)), ...ranges],
          retypes,
        };
      }
      return { ...none, drops: change.droppedChecks.map(check), creates: change.addedChecks.map((c) => check(c.name)) };
    }
    case "dropCompositeType":
      return { ...none, drops: [`type ${qualifiedName(op.type.schema, op.type.name)}`] };
    case "createCompositeType":
      return { ...none, creates: [`type ${qualifiedName(op.type.schema, op.type.name)}`] };
    case "alterCompositeType": {
      // Rebuilt under its columns: created again, its columns re-cast.
      if (!rebuildsCompositeColumns(op)) return none;
      // Its attributes are a relation's columns (pg_class holds the type's row): what hangs on one, a
      // comment, goes with the old type and comes back on the new one.
      const keys = [`type ${qualifiedName(op.from.schema, op.from.name)}`, relationAnchor(op.from.schema, op.from.name)];
      return { drops: keys, creates: keys, retypes: columnAnchors(op.usages ?? []) };
    }
    case "dropRangeType":
      return { ...none, drops: [`type ${qualifiedName(op.type.schema, op.type.name)}`] };
    case "createRangeType":
      return { ...none, creates: [`type ${qualifiedName(op.type.schema, op.type.name)}`] };
    case "alterRangeType": {
      // Dropped and created again, with what hangs on it (its comment, its grants).
      const key = `type ${qualifiedName(op.from.schema, op.from.name)}`;
      return { ...none, drops: [key], creates: [key] };
    }
    case "dropSequence":
      return { ...none, drops: [sequenceAnchor(op.sequence)] };
    case "createSequence":
      return { ...none, creates: [sequenceAnchor(op.sequence)] };
    case "dropCollation":
      return { ...none, drops: [`collation ${qualifiedName(op.collation.schema, op.collation.name)}`] };
    case "createCollation":
      return { ...none, creates: [`collation ${qualifiedName(op.collation.schema, op.collation.name)}`] };
    case "dropPublication":
      return { ...none, drops: [publicationAnchor(op.name)] };
    case "createPublication":
      return { ...none, creates: [publicationAnchor(op.publication.name)] };
    case "dropSchema":
      return { ...none, drops: [`schema "${op.schema.replace(/"/g, '""')}"`] };
    default:
      return none;
  }
}

/**
 * `events` with what they say of each recreated view's columns. Where both models know the view's
 * columns, those its new query no longer has count as dropped for good: what hangs on such a column (a
 * comment, a column grant) cannot come back. Otherwise (the target's query reads what the same migration
 * creates, so Postgres could not list its columns beforehand) the view's columns are unknown: what hangs
 * on one comes back only where the column still exists when the migration runs.
 */
export function withViewColumns(events: MigrationEvents, from: SchemaModel, to: SchemaModel): MigrationEvents {
  const gone: string[] = [];
  const unknown: string[] = [];
  for (const [key, before] of Object.entries(from.views)) {
    const after = to.views[key];
    const view = relationAnchor(before.schema, before.name);
    if (after === undefined || !events.recreated.has(view)) continue;
    if (before.columns === undefined || after.columns === undefined) {
      unknown.push(view);
      continue;
    }
    const kept = new Set(after.columns);
    for (const column of before.columns) if (!kept.has(column)) gone.push(columnAnchor(before.schema, before.name, column));
  }
  const dropped = gone.length === 0 ? events.dropped : new Set([...events.dropped, ...gone]);
  return { ...events, dropped, columnsUnknown: new Set(unknown) };
}

/** Whether `object` is a column of a view whose new columns are unknown (`columnsUnknown`). */
export function onColumnOfUnknownView(events: MigrationEvents, object: CatalogObjectRef): boolean {
  return object.kind === "column" && events.columnsUnknown.has(relationAnchor(object.schema, object.table));
}

/**
 * `events` with the columns of the partitions and inheritance children (at any depth, in `from`) of each
 * retyped column's table that have that column: PostgreSQL's ALTER COLUMN ... TYPE, and an enum rebuild's
 * re-cast of a parent, retype theirs too, and refuse it while a policy, trigger or rule of theirs names it.
 */
export function withDescendantRetypes(events: MigrationEvents, from: SchemaModel): MigrationEvents {
  if (events.retyped.size === 0) return events;
  const children = new Map<string, TableDef[]>();
  for (const table of Object.values(from.tables)) {
    for (const parent of [...(table.inherits ?? []), ...(table.partitionOf ? [table.partitionOf.parent] : [])]) {
      children.set(tableKey(parent), [...(children.get(tableKey(parent)) ?? []), table]);
    }
  }
  const retyped = new Set(events.retyped);
  const reach = (table: TableRef, column: string, seen: Set<string>): void => {
    for (const child of children.get(tableKey(table)) ?? []) {
      if (seen.has(tableKey(child)) || !child.columns.some((c) => c.name === column)) continue;
      seen.add(tableKey(child));
      retyped.add(columnAnchor(child.schema, child.name, column));
      reach(child, column, seen);
    }
  };
  for (const table of Object.values(from.tables)) {
    for (const column of table.columns) {
      if (events.retyped.has(columnAnchor(table.schema, table.name, column.name))) reach(table, column.name, new Set());
    }
  }
  return retyped.size === events.retyped.size ? events : { ...events, retyped };
}

/**
 * `events` with the columns of the partitions and inheritance children (at any depth, in `from`) that
 * have a recreated column from their parent: PostgreSQL drops theirs with it (and what hangs on theirs,
 * their grants), and the column comes back with the parent's.
 */
export function withInheritorRecreates(events: MigrationEvents, from: SchemaModel): MigrationEvents {
  const hierarchy = TableHierarchy.of(from);
  const recreated = new Set(events.recreated);
  for (const table of Object.values(from.tables)) {
    for (const column of table.columns) {
      if (!events.recreated.has(columnAnchor(table.schema, table.name, column.name))) continue;
      for (const child of hierarchy.inheritorsOf(table, column.name)) recreated.add(columnAnchor(child.schema, child.name, column.name));
    }
  }
  return recreated.size === events.recreated.size ? events : { ...events, recreated };
}

/**
 * The events of a list of operations. With the two models: a column's sequence is not taken for a
 * sequence either model has under the name PostgreSQL gives a new one (the models leave the sequences
 * of serial and identity columns out, so that one is another: a column's own is then `t_id_seq1`, or
 * keeps an older name), whose grants and comments stay where they are.
 */
export function migrationEvents(ops: readonly Operation[], models?: { readonly from: SchemaModel; readonly to: SchemaModel }): MigrationEvents {
  const claimed = (sequence: TypeRef): boolean => {
    const key = qualifiedName(sequence.schema, sequence.name);
    return models !== undefined && (models.from.sequences[key] !== undefined || models.to.sequences[key] !== undefined);
  };
  const dropped = new Set<string>();
  const created = new Set<string>();
  const retyped = new Set<string>();
  for (const op of ops) {
    const { drops, creates, retypes } = anchorsTouched(op, claimed);
    drops.forEach((key) => dropped.add(key));
    creates.forEach((key) => created.add(key));
    retypes.forEach((key) => retyped.add(key));
  }
  return {
    dropped: new Set([...dropped].filter((key) => !created.has(key))),
    recreated: new Set([...dropped].filter((key) => created.has(key))),
    created: new Set([...created].filter((key) => !dropped.has(key))),
    retyped,
    columnsUnknown: new Set(),
  };
}
