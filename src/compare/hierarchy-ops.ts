/**
 * The table operations as Postgres needs them around partitions and inheritance children:
 * - `ALTER TABLE ONLY` where a parent's change must not reach its children: a dropped column that a
 *   child keeps (or a child left out of the comparison has: it keeps it, with its data), and a default
 *   (or, for inheritance, a dropped NOT NULL) that the children do not follow or that are compared on
 *   their own. A partitioned table's partitions that are not managed follow it (no ONLY).
 * - an order Postgres accepts: parents created before their children and dropped after them, a child's
 *   own column added before the parent adds the same column (so that the two merge), a parent's column
 *   dropped or altered before the children's own changes to it.
 */
import { tableKey } from "../model/names";
import type { SchemaModel, TableDef, TableRef } from "../model/schema-model";
import { applyColumnChanges, storageSettingsOf } from "../ops/column-changes";
import type {
  AlterColumnOp,
  ColumnChanges,
  ColumnStorageSettings,
  DescendantSettings,
  DropColumnOp,
  Operation,
} from "../ops/operation";
import { sameTypeFamily } from "../ops/type-text";
import { refOf } from "./table-versions";
import { parentsOf, TableHierarchy } from "./table-hierarchy";
import type { TableScope } from "./scope";

export interface HierarchyContext {
  /** The database before the migration (original names). */
  readonly from: SchemaModel;
  /** `from` after this migration's renames. */
  readonly current: SchemaModel;
  /** A table of `current` as it was named before the renames (its columns may be aligned already: read `from`'s). */
  readonly original: (table: TableRef) => TableDef | undefined;
  readonly to: SchemaModel;
  readonly inScope: TableScope;
  readonly partitionsManaged: boolean;
  /** Whether columns' storage and compression are compared (else the database's are kept). */
  readonly storageManaged: boolean;
}

/** `ops` with ONLY where it is needed and in an order Postgres accepts (see the file comment). */
export function adjustForHierarchy(ops: readonly Operation[], ctx: HierarchyContext): Operation[] {
  const before = TableHierarchy.of(ctx.from);
  const current = TableHierarchy.of(ctx.current);
  const after = TableHierarchy.of(ctx.to);
  // Tables the migration creates, drops, or detaches (and attaches again).
  const remade = new Set(
    ops.flatMap((op) => (op.kind === "createTable" || op.kind === "dropTable" || op.kind === "detachPartition" ? [tableKey(op.table)] : [])),
  );
  const adjusted = ops.flatMap((op): Operation[] => {
    if (op.kind === "dropColumn") return [withDropOnly(op, before, ctx)];
    if (op.kind === "createTable" && ctx.storageManaged) return [op, ...settingsNotInherited(op.table, after)];
    // A column whose only difference is whether it is a child's own has nothing to alter.
    if (op.kind === "alterColumn") {
      return Object.keys(op.changes).length === 0 ? [] : splitOnly(withNotNullPartitions(withDescendants(op, current, ctx), current, ctx, remade), current, ctx);
    }
    return [op];
  });
  return orderByHierarchy(adjusted, before, after);
}

function withDropOnly(op: DropColumnOp, before: TableHierarchy, ctx: HierarchyContext): DropColumnOp {
  const keeps = before
    .childrenOf(op.table)
    .filter((child) => child.partitionOf === undefined && child.columns.some((c) => c.name === op.column))
    .some((child) => {
      if (!ctx.inScope(child)) return true;
      const target = ctx.to.tables[tableKey(child)];
      return target !== undefined && target.columns.some((c) => c.name === op.column);
    });
  return keeps ? { ...op, only: true } : op;
}

/**
 * A retype with the storage and compression of the column in every partition and child it reaches (all
 * generations), which PostgreSQL resets: as they are, and as they are to be (`to`'s, or, for a table `to`
 * does not describe or where they are not compared, kept while the type stays in its family).
 */
function withDescendants(op: AlterColumnOp, current: TableHierarchy, ctx: HierarchyContext): AlterColumnOp {
  const type = op.changes.type;
  if (type === undefined || op.existing === undefined || op.existing.type === type) return op;
  const kept = sameTypeFamily(op.existing.type, type);
  const descendants: DescendantSettings[] = [];
  const seen = new Set<string>();
  const visit = (table: TableRef): void => {
    for (const child of current.childrenOf(table)) {
      const key = tableKey(child);
      if (seen.has(key)) continue;
      seen.add(key);
      const column = child.columns.find((c) => c.name === op.column);
      if (column === undefined) continue;
      const was = storageSettingsOf(column);
      const target = ctx.inScope(child) ? ctx.to.tables[key]?.columns.find((c) => c.name === op.column) : undefined;
      const wanted = target === undefined ? {} : storageSettingsOf(target);
      const will: ColumnStorageSettings = target !== undefined && ctx.storageManaged ? wanted : { ...(kept ? was : {}), ...wanted };
      if (Object.keys(was).length > 0 || Object.keys(will).length > 0) descendants.push({ table: refOf(child), from: was, to: will });
      visit(child);
    }
  };
  visit(op.table);
  return descendants.length === 0 ? op : { ...op, descendants };
}

/**
 * A partitioned table's SET NOT NULL with the partitions (all generations) whose column is NOT NULL of
 * its own already: its inverse, a DROP NOT NULL, reaches them, and sets it on them again. Not those the
 * migration creates, drops or detaches: they are not there throughout (a partition dropped is created
 * again by the downgrade as it was). Found in `current`, the partitions under the names they have once
 * the renames have run (the parent's or theirs: the op runs then), but read in `from` as they are (`current`
 * has them aligned with the parent's change: align-child-columns.ts).
 */
function withNotNullPartitions(op: AlterColumnOp, current: TableHierarchy, ctx: HierarchyContext, remade: ReadonlySet<string>): AlterColumnOp {
  if (op.changes.nullable !== false || op.existing?.nullable !== true || op.only === true) return op;
  const partitions: TableRef[] = [];
  const visit = (table: TableRef): void => {
    for (const child of current.childrenOf(table)) {
      const key = tableKey(child);
      const named = ctx.original(child);
      const was = named === undefined ? undefined : ctx.from.tables[tableKey(named)];
      if (child.partitionOf === undefined || was === undefined || ctx.to.tables[key] === undefined) continue;
      if (remade.has(key) || remade.has(tableKey(was))) continue;
      if (was.columns.some((c) => c.name === op.column && !c.nullable)) partitions.push(refOf(child));
      visit(child);
    }
  };
  visit(op.table);
  return partitions.length === 0 ? op : { ...op, notNullPartitions: partitions };
}

/**
 * A partition or inheritance child created under a parent copies the parent's storage and compression of
 * each column: where the new table is to have the defaults instead, they are set back after it.
 */
function settingsNotInherited(table: TableDef, after: TableHierarchy): AlterColumnOp[] {
  const parents = parentsOf(table).flatMap((p) => after.table(p) ?? []);
  if (parents.length === 0) return [];
  const ops: AlterColumnOp[] = [];
  for (const column of table.columns) {
    const inherited = parents.flatMap((p) => p.columns.filter((c) => c.name === column.name))[0];
    const storage = column.storage === undefined ? inherited?.storage : undefined;
    const compression = column.compression === undefined ? inherited?.compression : undefined;
    if (storage === undefined && compression === undefined) continue;
    ops.push({
      kind: "alterColumn",
      table: refOf(table),
      column: column.name,
      changes: { ...(storage !== undefined && { storage: null }), ...(compression !== undefined && { compression: null }) },
      existing: { ...column, ...(storage !== undefined && { storage }), ...(compression !== undefined && { compression }) },
    });
  }
  return ops;
}

/** The part of an alterColumn that must not reach the children, as a second op with `only`. */
function splitOnly(op: AlterColumnOp, current: TableHierarchy, ctx: HierarchyContext): AlterColumnOp[] {
  const children = current.childrenOf(op.table);
  if (children.length === 0 || op.only === true) return [op];
  const inherits = children.some((child) => child.partitionOf === undefined);
  const onlyKeys: (keyof ColumnChanges)[] = [];
  if (inherits || ctx.partitionsManaged) onlyKeys.push("default");
  if (inherits) onlyKeys.push("nullable");
  const onlyChanges: Record<string, unknown> = {};
  const rest: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(op.changes)) {
    const alone = onlyKeys.includes(key as keyof ColumnChanges) && !(key === "nullable" && value === false);
    (alone ? onlyChanges : rest)[key] = value;
  }
  if (Object.keys(onlyChanges).length === 0) return [op];
  if (Object.keys(rest).length === 0) return [{ ...op, only: true }];
  const first: AlterColumnOp = { ...op, changes: rest as ColumnChanges };
  const { using: _, descendants: __, ...second } = op;
  return [
    first,
    {
      ...second,
      changes: onlyChanges as ColumnChanges,
      ...(op.existing !== undefined && { existing: applyColumnChanges(op.existing, rest as ColumnChanges) }),
      only: true,
    },
  ];
}

/** Per op kind, the order of the tables in the hierarchy (ops of other kinds keep their order). */
function orderByHierarchy(ops: readonly Operation[], before: TableHierarchy, after: TableHierarchy): Operation[] {
  const rank = (op: Operation): number | null => {
    switch (op.kind) {
      case "createTable":
        return after.depth(op.table);
      case "dropTable":
        return -before.depth(op.table);
      case "addColumn":
        return -after.depth(op.table);
      case "dropColumn":
        return before.depth(op.table);
      case "alterColumn":
        return after.depth(op.table);
      default:
        return null;
    }
  };
  const buckets = new Map<string, { op: Operation; i: number; rank: number }[]>();
  ops.forEach((op, i) => {
    const list = buckets.get(op.kind) ?? [];
    list.push({ op, i, rank: rank(op) ?? 0 });
    buckets.set(op.kind, list);
  });
  const result: Operation[] = [];
  for (const list of buckets.values()) {
    list.sort((a, b) => a.rank - b.rank || a.i - b.i);
    result.push(...list.map((entry) => entry.op));
  }
  return result;
}
