/**
 * Views: created, dropped, or dropped and created again. A view is recreated when its query or its kind
 * (view / materialized view) changed, and also when it is unchanged but reads something this migration
 * changes in a way Postgres refuses under a view (a dropped or retyped column, a dropped table, an enum
 * rebuild that re-casts a column, another view recreated or dropped): those dependencies come from the
 * database (`ViewDef.dependsOn`). Drops run in reverse dependency order and creates in dependency order
 * (see src/ops/phases.ts: all drops before the table changes, all creates after them).
 */
import { recastColumns } from "../ops/enum-change";
import { typeRebuild } from "../ops/type-rebuild";
import { retypesColumn } from "../ops/column-changes";
import { tableKey } from "../model/names";
import { functionAnchor } from "../model/object-ref";
import { readsRelations } from "../ops/catalog-phases";
import type { QualifiedName, SchemaModel, ViewDef } from "../model/schema-model";
import { TableHierarchy } from "./table-hierarchy";
import type { Operation } from "../ops/operation";
import type { ChangeCollector } from "./collector";
import { displayName } from "./display";
import type { TableScope } from "./scope";
import { differences, keyedBy } from "./differences";
import { emitCreateIndex, emitDropIndex, emitIndexChangesInPlace, emitRenameIndex, noteInvalid } from "./compare-indexes";
import { pairRenames } from "./named-members";
import { clusterIndexLost } from "./compare-replica-identity";
import { deepEqual, sameIndex } from "./equality";
import { functionsReadingRenamed } from "./function-renames";
import type { ManagedKind } from "./managed-kinds";

/**
 * The same view: name, kind, query, and options and column defaults where both sides know them (the
 * database does; `options` is there on a database's side only, and so is a column default: `@ViewEntity`
 * cannot give one) (`dependsOn` is what the database knows, not part of a view; the indexes of a
 * materialized view and its CLUSTER index are compared on their own, so that a changed index or CLUSTER ON
 * does not rebuild it). A view whose column defaults differ is created again with the other side's.
 */
export function sameView(a: ViewDef, b: ViewDef): boolean {
  return (
    a.schema === b.schema &&
    a.name === b.name &&
    a.materialized === b.materialized &&
    a.definition === b.definition &&
    (a.options === undefined ||
      b.options === undefined ||
      (deepEqual(a.options, b.options) && deepEqual(a.columnDefaults ?? {}, b.columnDefaults ?? {})))
  );
}

function withoutDependencies(view: ViewDef): ViewDef {
  const { dependsOn: _, columns: __, readsColumns: ___, ...rest } = view;
  return rest;
}

/** Of each table `ops` change under views: the columns they drop or retype, or `all` when they drop the table. */
export type ColumnsChanged = ReadonlyMap<QualifiedName, ReadonlySet<string> | "all">;

/**
 * The columns `ops` drop or retype, by table; `all` for a table they drop. PostgreSQL refuses those changes
 * under a view only when the view reads that very column. An enum change counts whatever its kind: an
 * append retypes nothing, but its inverse in the downgrade is a rebuild that re-casts every usage, and the
 * downgrade can only recreate the views this op list drops.
 *
 * With `from`, a parent's retype is its partitions' and inheritance children's too (at any depth, as
 * `from` has them, each that has the column), which PostgreSQL refuses under a view reading the child's
 * column. (A column dropped from a child with its parent's can be read by no view of the target, which
 * changes, and is dropped and created again for that.)
 */
export function columnsChangedUnderViews(ops: readonly Operation[], from?: SchemaModel): ColumnsChanged {
  const changed = new Map<QualifiedName, Set<string> | "all">();
  const add = (table: { readonly schema: string; readonly name: string }, column: string | null): void => {
    const key = tableKey(table);
    const known = changed.get(key);
    if (known === "all") return;
    if (column === null) changed.set(key, "all");
    else changed.set(key, (known ?? new Set<string>()).add(column));
  };
  const hierarchy = from === undefined ? null : TableHierarchy.of(from);
  for (const op of ops) {
    if (op.kind === "dropTable") add(op.table, null);
    if (op.kind === "dropColumn") add(op.table, op.column);
    if (op.kind === "alterColumn" && (retypesColumn(op) || op.changes.generated !== undefined || op.changes.virtual !== undefined)) {
      add(op.table, op.column);
      for (const child of hierarchy === null ? [] : hierarchy.descendantsHaving(op.table, (c) => c.name === op.column)) add(child, op.column);
    }
    if (op.kind === "alterEnum") for (const usage of recastColumns(op)) add(usage.table, usage.column);
    // A domain or composite type rebuilt under its columns re-casts them.
    if (op.kind !== "alterEnum") for (const usage of typeRebuild(op)?.columns ?? []) add(usage.table, usage.column);
  }
  return changed;
}

/**
 * Whether `view` reads a column of table `table` (a key of its `dependsOn`) that `changed` lists: any
 * column when the database did not say which it reads, or for a whole-row reference.
 */
function readsChangedColumn(view: ViewDef, table: QualifiedName, changed: ColumnsChanged): boolean {
  const columns = changed.get(table);
  if (columns === undefined) return false;
  if (columns === "all" || view.readsColumns === undefined) return true;
  const prefix = `${table}.`;
  return view.readsColumns.some((read) => {
    if (!read.startsWith(prefix)) return false;
    const column = read.slice(prefix.length);
    return column === "*" || columns.has(column.slice(1, -1).replace(/""/g, '"'));
  });
}

/**
 * Tables whose columns `ops` drop or retype, or that they drop (`columnsChangedUnderViews`), and functions
 * they drop or recreate (as `function "s"."f"(args)`, the form of `ViewDef.dependsOn`): what reads them
 * (a function's body) is in the way.
 */
export function tablesChangedUnderViews(ops: readonly Operation[], from?: SchemaModel): Set<QualifiedName> {
  const changed = new Set<QualifiedName>(columnsChangedUnderViews(ops, from).keys());
  for (const op of ops) {
    // A function dropped, or dropped and created again: the views calling it are in the way.
    if (op.kind === "dropFunction" || (op.kind === "replaceFunction" && op.recreate === true)) {
      changed.add(functionAnchor(op.function.schema, op.function.name, op.function.arguments));
    }
  }
  return changed;
}

/**
 * `changed` with the functions whose body (BEGIN ATOMIC) reads one of its tables, and those that depend
 * on a function in it (an aggregate on its support functions): the comparison drops and creates them
 * again around the change (src/compare/compare-functions.ts), so a view calling one is in the way too.
 * `from.functions` is in dependency order: a function added here takes those depending on it along.
 */
function withFunctionsReading(changed: Set<string>, from: SchemaModel): Set<string> {
  for (const fn of Object.values(from.functions)) {
    const dependsOn = fn.dependsOn ?? [];
    const reads = readsRelations(fn) && dependsOn.some((d) => d.startsWith("relation ") && changed.has(d.slice("relation ".length)));
    if (reads || dependsOn.some((d) => d.startsWith("function ") && changed.has(d))) {
      changed.add(functionAnchor(fn.schema, fn.name, fn.arguments));
    }
  }
  return changed;
}

function kindOf(view: ViewDef): string {
  return view.materialized ? "materialized view" : "view";
}

/**
 * Compares the views of `from` (the database) and `to` (the entities) and emits their operations. Runs
 * after the tables and enums have been compared: their operations decide which unchanged views must be
 * recreated.
 */
export function compareViews(
  from: SchemaModel,
  to: SchemaModel,
  inScope: TableScope,
  sink: ChangeCollector,
  manage?: ReadonlySet<ManagedKind>,
): void {
  const before = new Map(Object.entries(from.views).filter(([, v]) => inScope(v)));
  const after = new Map(Object.entries(to.views).filter(([, v]) => inScope(v)));
  const removed = new Set([...before.keys()].filter((key) => !after.has(key)));
  const recreated = new Map<QualifiedName, string>();
  for (const [key, view] of before) {
    const wanted = after.get(key);
    if (wanted === undefined || sameView(view, wanted)) continue;
    const what =
      view.materialized !== wanted.materialized
        ? "kind"
        : view.definition !== wanted.definition
          ? "query"
          : deepEqual(view.options, wanted.options)
            ? "column defaults"
            : "options";
    recreated.set(key, `Detected changed ${what} of ${kindOf(wanted)} '${displayName(wanted)}': dropped and created again`);
  }
  // The functions changed, and those reading the tables changed; the columns changed, for the tables.
  const changedFunctions = withFunctionsReading(tablesChangedUnderViews(sink.operations, from), from);
  // And those whose body reads a table renamed, which are dropped and created again around the renames.
  for (const key of functionsReadingRenamed(from, to, sink.operations, manage)) {
    const fn = from.functions[key]!;
    changedFunctions.add(functionAnchor(fn.schema, fn.name, fn.arguments));
  }
  const changedColumns = columnsChangedUnderViews(sink.operations, from);
  for (let grew = true; grew; ) {
    grew = false;
    for (const [key, view] of before) {
      if (removed.has(key) || recreated.has(key)) continue;
      const reason = (view.dependsOn ?? []).find(
        (dependency) =>
          (dependency.startsWith("function ") && changedFunctions.has(dependency)) ||
          readsChangedColumn(view, dependency, changedColumns) ||
          removed.has(dependency) ||
          recreated.has(dependency),
      );
      if (reason === undefined) continue;
      const readKind = before.has(reason) ? "view" : reason.startsWith("function ") ? "function" : "table";
      const name = reason
        .replace(/^function /, "")
        .replace(/"((?:[^"]|"")*)"/g, (_, part: string) => part.replace(/""/g, '"'));
      recreated.set(
        key,
        `${kindOf(view)[0]!.toUpperCase()}${kindOf(view).slice(1)} '${displayName(view)}' reads ${readKind} '${name}', ` +
          `which this migration changes: dropped and created again`,
      );
      grew = true;
    }
  }

  // Drops: the reverse of the database's dependency order (a view before the views it reads).
  for (const [key, view] of [...before].reverse()) {
    if (!removed.has(key) && !recreated.has(key)) continue;
    const line = removed.has(key) ? `Detected removed ${kindOf(view)} '${displayName(view)}'` : recreated.get(key);
    sink.emit(
      {
        kind: "dropView",
        view: { schema: view.schema, name: view.name },
        materialized: view.materialized,
        existing: withoutDependencies(view),
      },
      line,
    );
  }
  // Creates: the entities' dependency order. A created materialized view brings its indexes along, and
  // its CLUSTER index (a staying one's is compared with the tables': compare-replica-identity.ts).
  for (const [key, view] of after) {
    const existing = before.get(key);
    if (existing !== undefined && !recreated.has(key)) {
      compareViewIndexes(existing, view, sink);
      continue;
    }
    const line = existing !== undefined ? undefined : `Detected added ${kindOf(view)} '${displayName(view)}'`;
    // Options the target does not know (the entity side) are kept as the database has them.
    const options = view.options ?? existing?.options;
    const columnDefaults = keptColumnDefaults(view, existing);
    const created = withClusterIndexItHas({ ...view, ...(options !== undefined && { options }), ...(columnDefaults !== undefined && { columnDefaults }) }, sink);
    sink.emit({ kind: "createView", view: withoutDependencies(created) }, line);
  }
}

/**
 * The column defaults of `view`, created again where the database has `existing`: the target's where it
 * is a database (which knows its options), else the database's (`@ViewEntity` cannot give them), on the
 * columns the new view has where they are known (else each is set only where its column is there when
 * the migration runs: compile-views.ts).
 */
function keptColumnDefaults(view: ViewDef, existing: ViewDef | undefined): ViewDef["columnDefaults"] {
  if (view.options !== undefined || existing?.columnDefaults === undefined) return view.columnDefaults;
  const kept = Object.entries(existing.columnDefaults).filter(([column]) => view.columns?.includes(column) ?? true);
  return kept.length === 0 ? undefined : Object.fromEntries(kept);
}

/**
 * `view` without a CLUSTER index that is none of its indexes: the database's, kept for a materialized view
 * the entities create again (adopt-unmanaged.ts) without that index, goes with the old view; said in the log.
 */
function withClusterIndexItHas(view: ViewDef, sink: ChangeCollector): ViewDef {
  const index = view.clusterOn;
  if (index === undefined || view.indexes.some((i) => i.name === index)) return view;
  clusterIndexLost(view, index, sink);
  const { clusterOn: _, ...rest } = view;
  return rest;
}

/** The indexes of a materialized view that stays: added, removed, or changed (drop and create). */
function compareViewIndexes(before: ViewDef, after: ViewDef, sink: ChangeCollector): void {
  const ref = { schema: after.schema, name: after.name };
  const diff = differences(keyedBy(before.indexes, (i) => i.name), keyedBy(after.indexes, (i) => i.name), sameIndex);
  const { renamed, removed, added } = pairRenames(diff.removed, diff.added, sameIndex);
  for (const index of removed) emitDropIndex(ref, index, sink, "removed");
  for (const { from, to } of renamed) emitRenameIndex(ref, from, to, sink);
  for (const index of added) emitCreateIndex(ref, index, sink, "added");
  for (const { from, to } of diff.modified) {
    noteInvalid(ref, from, to, sink);
    if (emitIndexChangesInPlace(ref, from, to, sink)) continue;
    emitDropIndex(ref, from, sink, "changed");
    emitCreateIndex(ref, to, sink);
  }
}
