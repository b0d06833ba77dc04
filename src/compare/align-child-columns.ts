/**
 * Before tables are compared, the `from` version of each partition and inheritance child is aligned
 * with what the changes of its parents will make of it, because Postgres carries those changes to the
 * children itself (an `ALTER TABLE parent` recurses): a column the parent adds is added to the children,
 * one it drops is dropped from those that only have it from the parent, a type it changes is changed in
 * all of them. Comparing the aligned version leaves, for a child, only what is its own: its defaults,
 * NOT NULL, comments, its own columns, constraints and indexes. Whether a column is the child's own or
 * only inherited cannot be changed by any ALTER (beyond what the parent's changes do), so that flag is
 * not compared either.
 *
 * Only parents that the table has on both sides, and stays attached to throughout, count: a table that
 * joins or leaves a parent in this migration, or a partition detached and attached again (another bound,
 * a parent created again), is compared as it is.
 */
import { tableKey } from "../model/names";
import type { ColumnDef, SchemaModel, TableDef, TableRef } from "../model/schema-model";
import { parentsOf, TableHierarchy } from "./table-hierarchy";
import { deepEqual } from "./equality";
import { COLUMN_SETTING_KEYS, type ColumnSettingKey } from "../ops/column-changes";

export function alignChildColumns(
  from: SchemaModel,
  to: SchemaModel,
  detachedMeanwhile: ReadonlySet<string>,
): SchemaModel {
  const before = TableHierarchy.of(from);
  const after = TableHierarchy.of(to);
  let changed = false;
  const tables: Record<string, TableDef> = {};
  for (const [key, current] of Object.entries(from.tables)) {
    const target = to.tables[key];
    const aligned = target === undefined || detachedMeanwhile.has(key) ? current : alignTable(current, target, before, after);
    changed ||= aligned !== current;
    tables[key] = aligned;
  }
  return changed ? { ...from, tables } : from;
}

function alignTable(current: TableDef, target: TableDef, before: TableHierarchy, after: TableHierarchy): TableDef {
  const samePartition = current.partitionOf === undefined || deepEqual(current.partitionOf, target.partitionOf);
  const shared = samePartition ? parentsOf(current).filter((p) => parentsOf(target).some((q) => tableKey(q) === tableKey(p))) : [];
  const flagged = (t: TableDef) => t.columns.some((c) => c.inherited !== undefined);
  if (shared.length === 0 && !flagged(current) && !flagged(target)) return current;
  const parentHas = (hierarchy: TableHierarchy, name: string): boolean =>
    shared.some((p: TableRef) => hierarchy.table(p)?.columns.some((c) => c.name === name) ?? false);
  const wanted = new Map(target.columns.map((c) => [c.name, c]));
  const columns: ColumnDef[] = [];
  for (const column of current.columns) {
    const goal = wanted.get(column.name);
    const inheritedNow = parentHas(before, column.name);
    const inheritedThen = parentHas(after, column.name);
    // The parent drops it: it goes from the children that only had it from the parent.
    if (goal === undefined && column.inherited === true && inheritedNow && !inheritedThen) continue;
    if (goal === undefined) {
      columns.push(column);
      continue;
    }
    let aligned: ColumnDef = withFlag(column, goal.inherited);
    // The parent's type change reaches it.
    if (inheritedNow && inheritedThen) {
      const { virtual: _, ...rest } = aligned;
      aligned = { ...rest, type: goal.type, collation: goal.collation, generated: goal.generated, ...(goal.virtual === true && { virtual: true }) };
      // The retype resets its storage and compression; the parent's alterColumn sets `to`'s again
      // (its `descendants`, see hierarchy-ops.ts).
      if (goal.type !== column.type) aligned = withSettingsOf(aligned, goal, ["storage", "compression"]);
      // A partitioned table's SET / DROP NOT NULL reaches its partitions (PostgreSQL refuses a partition's
      // DROP NOT NULL while its parent's column is NOT NULL, so a downgrade dropping it there first failed).
      const nullable = current.partitionOf === undefined ? undefined : parentNullability(before, after, shared, column.name);
      if (nullable !== undefined && aligned.nullable !== nullable) aligned = { ...aligned, nullable };
    }
    columns.push(aligned);
  }
  // The parent adds it: it reaches the children that will only have it from the parent.
  for (const goal of target.columns) {
    if (goal.inherited === true && !current.columns.some((c) => c.name === goal.name) && parentHas(after, goal.name) && !parentHas(before, goal.name)) {
      // With the parent's default, and the default physical settings (the parent's are set on it ONLY).
      const added = withoutSettings({ ...goal, default: inheritedDefault(after, shared, goal.name) }, COLUMN_SETTING_KEYS);
      columns.push(withFlag(added, true));
    }
  }
  return sameColumns(columns, current.columns) ? current : { ...current, columns };
}

/** The column with `source`'s values of these physical settings. */
function withSettingsOf(column: ColumnDef, source: ColumnDef, settings: readonly ColumnSettingKey[]): ColumnDef {
  const result: Record<string, unknown> = { ...column };
  for (const key of settings) {
    if (source[key] === undefined) delete result[key];
    else result[key] = source[key];
  }
  return result as unknown as ColumnDef;
}

/** The column with these physical settings at their defaults. */
function withoutSettings(column: ColumnDef, settings: readonly ColumnSettingKey[]): ColumnDef {
  if (settings.every((key) => column[key] === undefined)) return column;
  const result = { ...column };
  for (const key of settings) delete result[key];
  return result;
}

/** What the partition's parent changes the column's nullability to, when it changes it. */
function parentNullability(before: TableHierarchy, after: TableHierarchy, parents: readonly TableRef[], name: string): boolean | undefined {
  for (const parent of parents) {
    const was = before.table(parent)?.columns.find((c) => c.name === name);
    const will = after.table(parent)?.columns.find((c) => c.name === name);
    if (was !== undefined && will !== undefined && was.nullable !== will.nullable) return will.nullable;
  }
  return undefined;
}

/** The default a column gets when a parent adds it: the parent's. */
function inheritedDefault(after: TableHierarchy, parents: readonly TableRef[], name: string): string | null {
  for (const parent of parents) {
    const column = after.table(parent)?.columns.find((c) => c.name === name);
    if (column !== undefined) return column.default;
  }
  return null;
}

function withFlag(column: ColumnDef, inherited: boolean | undefined): ColumnDef {
  if (column.inherited === inherited) return column;
  const { inherited: _, ...rest } = column;
  return inherited === undefined ? rest : { ...rest, inherited };
}

function sameColumns(a: readonly ColumnDef[], b: readonly ColumnDef[]): boolean {
  return a.length === b.length && a.every((column, i) => column === b[i]);
}
