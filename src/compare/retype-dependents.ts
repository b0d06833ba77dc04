/**
 * What a change of column types must drop before and create again after, on the tables it retypes: an
 * `alterColumn` with a new type, or an enum or domain rebuild (src/sql/compile-enums.ts,
 * compile-domains.ts), which renames the old type to `<name>__old` and re-casts each column of it with
 * `ALTER COLUMN ... TYPE`.
 * - Every generated column that reads a retyped column (`generatedReads`, from pg_depend): PostgreSQL
 *   refuses to retype a column a generated column reads, and 15 cannot set a generation expression
 *   again, so the column is dropped and added again (its values are derived; it moves to the end of the
 *   table, as for a changed expression), with the indexes and constraints naming or reading it. An alteration
 *   of it, or its re-cast by an enum rebuild, goes: it is added as the target has it. The dependency
 *   order adds it after the columns it reads have their new types (src/compare/dependency-order.ts).
 * - On a table an enum rebuild re-casts: every check and exclusion constraint, and every index with an
 *   expression key or a predicate. Re-casting re-parses them as they print, with a constant of the type
 *   as `'a'::e__old`, and `x = 'a'::e__old` has no operator once `x` is the new type. Which columns such
 *   an expression reads is not in the model, and PostgreSQL rewrites the table and rebuilds its indexes
 *   and checks at each re-cast anyway, so creating them once after costs nothing more.
 * - The foreign keys between re-cast columns follow the usual rule for a retyped column
 *   (src/compare/foreign-key-dependencies.ts, which counts a rebuild's usages as retyped).
 * - On a table the comparison leaves out (exclude) that a rebuild re-casts: only its generated columns,
 *   added again as the database has them; its checks and indexes are the rebuild's own set-aside's
 *   (src/sql/enum-dependents.ts), since the target, which lacks the table, has nothing to create again.
 * Unless the comparison already drops (or adds) one for another reason. The phase order drops them
 * before and adds them after (src/ops/phases.ts); the downgrade does the same around the inverse.
 */
import { tableKey } from "../model/names";
import { keyColumns } from "../model/table-members";
import type { ColumnDef, ConstraintDef, IndexDef, SchemaModel, TableDef } from "../model/schema-model";
import { typeRebuild } from "../ops/type-rebuild";
import { retypesColumn } from "../ops/column-changes";
import type { AlterEnumOp } from "../ops/operation";
import { unquoteIdentifier } from "../ops/type-text";
import type { ChangeCollector } from "./collector";
import { emitAddConstraint, emitDropConstraint, tableConstraints } from "./compare-constraints";
import { emitCreateIndex, emitDropIndex } from "./compare-indexes";
import type { RenamedFrom } from "./compare-tables";
import { constraintNoun, displayName } from "./display";
import { originalNamed, refOf } from "./table-versions";

/** Whether an index has an expression key or a predicate (a plain column key is re-cast as it is). */
export function hasIndexExpression(index: IndexDef): boolean {
  return index.where !== null || index.keys.some((key) => unquoteIdentifier(key.expression) === null);
}

/** What the ops collected so far retype, by table key (names after renames). */
export interface Retypes {
  /** The columns retyped, by an `alterColumn` or a rebuild's re-cast. */
  readonly columns: Map<string, Set<string>>;
  /** The enum rebuild re-casting columns of the table (the first, when several do). */
  readonly rebuilds: Map<string, AlterEnumOp>;
}

export function retypesOf(sink: ChangeCollector): Retypes {
  const columns = new Map<string, Set<string>>();
  const rebuilds = new Map<string, AlterEnumOp>();
  const add = (key: string, column: string) => columns.set(key, (columns.get(key) ?? new Set()).add(column));
  for (const op of sink.operations) {
    if (op.kind === "alterColumn" && retypesColumn(op)) add(tableKey(op.table), op.column);
    for (const usage of typeRebuild(op)?.columns ?? []) {
      add(tableKey(usage.table), usage.column);
      if (op.kind === "alterEnum" && !rebuilds.has(tableKey(usage.table))) rebuilds.set(tableKey(usage.table), op);
    }
  }
  return { columns, rebuilds };
}

/** Adds drop/create pairs for what the retyped columns collected so far would break (see the file comment). */
export function recreateAroundRetypes(renamed: RenamedFrom, to: SchemaModel, sink: ChangeCollector): void {
  const retypes = retypesOf(sink);
  if (retypes.columns.size === 0) return;
  const toTables = new Map(Object.values(to.tables).map((t): [string, TableDef] => [tableKey(t), t]));
  const dropped = new Set(sink.operations.flatMap((op) => (op.kind === "dropTable" ? [tableKey(op.table)] : [])));
  for (const table of Object.values(renamed.model.tables)) {
    const retyped = retypes.columns.get(tableKey(table));
    if (retyped === undefined) continue;
    const original = renamed.original(table) ?? table;
    // A table the comparison leaves out (exclude) that a rebuild re-casts is kept as the database has it:
    // its generated columns are added again as they are, and its checks and indexes holding a constant of
    // the type are left to the rebuild's own set-aside, which keeps their comments and CLUSTER mark.
    const outside = !toTables.has(tableKey(table)) && !dropped.has(tableKey(original));
    const target = outside ? table : toTables.get(tableKey(table));
    const rebuild = outside ? undefined : retypes.rebuilds.get(tableKey(table));
    const reasons = generatedReaders(renamed.model, table, original, retyped, sink);
    const generated = recreateGeneratedColumns(table, original, target, reasons, sink);
    if (rebuild === undefined && generated.size === 0) continue;
    const why = (noun: string, name: string) =>
      generated.size > 0 && rebuild === undefined
        ? `Detected ${noun} '${name}' on '${displayName(table)}' naming a generated column dropped and added again: dropped before and created again after`
        : `Detected ${noun} '${name}' on '${displayName(table)}', whose columns are retyped (the rebuild of ` +
          `'${displayName(rebuild?.enum ?? table)}' re-casts them): dropped before and created again after`;
    const parsed = (c: ConstraintDef) => rebuild !== undefined && (c.type === "check" || c.type === "exclusion");
    // What names or reads a generated column dropped and added again goes with it.
    const readers = membersReading(renamed.model, table, original, generated, sink);
    recreateMembers(
      table,
      original,
      target,
      [...tableConstraints(table)].filter((c) => parsed(c) || readers.constraints.includes(c)),
      table.indexes.filter((i) => (rebuild !== undefined && hasIndexExpression(i)) || readers.indexes.includes(i)),
      why,
      sink,
    );
  }
}

/** Whether a key constraint (primary, unique, foreign) has one of `columns` in its key or its index's INCLUDE. */
export function keysColumns(c: ConstraintDef, columns: ReadonlySet<string>): boolean {
  return keyColumns(c).some((column) => columns.has(column));
}

/** Whether an index names one of `columns` as a key or an included column. */
export function namesColumns(index: IndexDef, columns: ReadonlySet<string>): boolean {
  return [...index.keys, ...index.include.map((expression) => ({ expression }))]
    .map((key) => unquoteIdentifier(key.expression))
    .some((c) => c !== null && columns.has(c));
}

/**
 * The constraints and indexes of `table` (after renames; `original` before them) that PostgreSQL drops
 * with one of `columns` (names after renames): key constraints and indexes naming one, and the checks,
 * exclusions and indexes whose expressions read one (`memberReads` of `model`, `from` after renames,
 * which names tables, members and columns as the database has them).
 */
export function membersReading(
  model: SchemaModel,
  table: TableDef,
  original: TableDef,
  columns: ReadonlySet<string>,
  sink: ChangeCollector,
): { constraints: ConstraintDef[]; indexes: IndexDef[] } {
  const renamedTo = columnRenames(table, sink);
  const reads = model.memberReads?.[tableKey(original)];
  const readsOne = (read: readonly string[] | undefined) => (read ?? []).some((c) => columns.has(renamedTo.get(c) ?? c));
  return {
    constraints: tableConstraints(table).filter((c) => keysColumns(c, columns) || readsOne(reads?.constraints?.[c.name])),
    indexes: table.indexes.filter((i) => namesColumns(i, columns) || readsOne(reads?.indexes?.[i.name])),
  };
}

/**
 * Drops `constraints` and `indexes` of `table` (named as in `table`; `original` is the table before
 * renames) and creates them again as `target` has them, unless the migration already drops (or adds)
 * one for another reason; `why` gives each its log line. A table the migration keeps that `to` lacks (left
 * out of the comparison, its columns re-cast by a rebuild) gets them back as it has them.
 */
export function recreateMembers(
  table: TableDef,
  original: TableDef,
  target: TableDef | undefined,
  constraints: readonly ConstraintDef[],
  indexes: readonly IndexDef[],
  why: (noun: string, name: string) => string,
  sink: ChangeCollector,
): void {
  const member = (ref: { schema: string; name: string }, name: string) => `${tableKey(ref)}.${JSON.stringify(name)}`;
  const dropped = new Set<string>();
  const added = new Set<string>();
  for (const op of sink.operations) {
    if (op.kind === "dropConstraint" || op.kind === "dropIndex") dropped.add(member(op.table, op.name));
    if (op.kind === "addConstraint") added.add(member(op.table, op.constraint.name));
    if (op.kind === "createIndex") added.add(member(op.table, op.index.name));
  }
  for (const constraint of constraints) {
    if (dropped.has(member(original, constraint.name))) continue;
    emitDropConstraint(refOf(original), originalNamed(tableConstraints(original), constraint.name, constraint), sink);
    sink.note(why(constraintNoun(constraint), constraint.name));
    const wanted = tableConstraints(target ?? table).find((c) => c.name === constraint.name);
    if (wanted !== undefined && !added.has(member(table, constraint.name))) emitAddConstraint(refOf(table), wanted, sink);
  }
  for (const index of indexes) {
    if (dropped.has(member(original, index.name))) continue;
    emitDropIndex(refOf(original), originalNamed(original.indexes, index.name, index), sink);
    sink.note(why("index", index.name));
    const wanted = (target ?? table).indexes.find((i) => i.name === index.name);
    if (wanted !== undefined && !added.has(member(table, index.name))) emitCreateIndex(refOf(table), wanted, sink);
  }
}

/** The columns of `table` renamed by the ops collected so far: old name -> new name. */
function columnRenames(table: TableDef, sink: ChangeCollector): Map<string, string> {
  const renamedTo = new Map<string, string>();
  for (const op of sink.operations) {
    if (op.kind === "renameColumn" && tableKey(op.table) === tableKey(table)) renamedTo.set(op.from, op.to);
  }
  return renamedTo;
}

/**
 * The generated columns of `original` (named as the database has them) that read a column in `retyped`
 * (named as in `table`, after renames), each with its log line. `model` is `from` after renames, whose
 * `generatedReads` names tables and columns as the database has them.
 */
function generatedReaders(
  model: SchemaModel,
  table: TableDef,
  original: TableDef,
  retyped: ReadonlySet<string>,
  sink: ChangeCollector,
): Map<string, string> {
  const readers = new Map<string, string>();
  const renamedTo = columnRenames(table, sink);
  const current = (name: string): string => renamedTo.get(name) ?? name;
  for (const [column, sources] of Object.entries(model.generatedReads?.[tableKey(original)] ?? {})) {
    const read = sources.map(current).find((source) => retyped.has(source));
    if (read === undefined) continue;
    readers.set(
      column,
      `Detected generated column '${displayName(table)}.${current(column)}' reading '${read}', which this migration retypes: ` +
        `dropped before and added again after (PostgreSQL cannot retype a column a generated column reads)`,
    );
  }
  return readers;
}

/**
 * Drops and adds again the generated columns `reasons` names (as `original` has them, each with its log
 * line), unless the migration already drops or adds one: it is added as `target` has it, after
 * renames, and an alteration or a re-cast of it goes. Returns their names as in `table`.
 */
export function recreateGeneratedColumns(
  table: TableDef,
  original: TableDef,
  target: TableDef | undefined,
  reasons: ReadonlyMap<string, string>,
  sink: ChangeCollector,
): Set<string> {
  const recreated = new Set<string>();
  if (reasons.size === 0) return recreated;
  const key = tableKey(table);
  const renamedTo = columnRenames(table, sink);
  const touched = new Set<string>();
  for (const op of sink.operations) {
    if (op.kind === "dropColumn" && tableKey(op.table) === tableKey(original)) touched.add(op.column);
    if (op.kind === "addColumn" && tableKey(op.table) === key) touched.add(op.column.name);
  }
  for (const [column, line] of reasons) {
    const name = renamedTo.get(column) ?? column;
    if (touched.has(column) || touched.has(name)) continue;
    const existing: ColumnDef | undefined = original.columns.find((c) => c.name === column);
    if (existing === undefined || !table.columns.some((c) => c.name === name)) continue;
    recreated.add(name);
    sink.emit({ kind: "dropColumn", table: refOf(original), column, existing }, line);
    const wanted = target?.columns.find((c) => c.name === name);
    if (wanted === undefined) continue;
    for (const op of [...sink.operations]) {
      // The column is added as the target has it: an alteration of it has nothing left to do.
      if (op.kind === "alterColumn" && tableKey(op.table) === key && op.column === name) sink.replace(op, null);
      // Nor is it re-cast: it is added with the new type.
      if (op.kind === "alterEnum" && op.usages.some((u) => tableKey(u.table) === key && u.column === name)) {
        sink.replace(op, { ...op, usages: op.usages.filter((u) => !(tableKey(u.table) === key && u.column === name)) });
      }
    }
    sink.emit({ kind: "addColumn", table: refOf(table), column: wanted });
  }
  return recreated;
}
