/**
 * Tables with their partitioning, inheritance and storage (see src/model/table-kinds.ts). Wraps the
 * table comparison (compare-tables.ts):
 * - a table whose partition key changes (or that becomes partitioned, or stops being) is dropped and
 *   created again (Postgres cannot change it in place; the drop is destructive and marked); its
 *   partitions that stay are detached first and attached again after, with their rows, and the foreign
 *   keys that reference it are dropped and added again around it;
 * - children are compared as their parents' changes leave them (align-child-columns.ts);
 * - a partition whose parent or bound changes is detached and attached (never dropped), one that becomes
 *   a table of its own is detached, a table that becomes a partition is attached; INHERIT / NO INHERIT for
 *   a child's parents; SET LOGGED / UNLOGGED and storage parameters; NOT OF / OF for typed tables
 *   (compare-typed-tables.ts);
 * - ONLY and the order of the table operations (hierarchy-ops.ts).
 * Each kind only when the comparison manages it (managed-kinds.ts).
 */
import { tableKey, tableRefEquals } from "../model/names";
import type { ColumnDef, ConstraintDef, SchemaModel, TableDef, TableRef } from "../model/schema-model";
import type { KeptSequences, Operation } from "../ops/operation";
import type { TableStorage } from "../ops/table-kind-ops";
import { adoptColumnSettings } from "./adopt-unmanaged";
import { keepTableTablespaces } from "./keep-tablespaces";
import { alignChildColumns } from "./align-child-columns";
import { ChangeCollector } from "./collector";
import { emitAddConstraint, emitDropConstraint } from "./compare-constraints";
import type { CompareOptions, RenameResolver } from "./compare-options";
import { differences, keyedBy } from "./differences";
import { askingColumnsOnce, resolveColumnRenames } from "./renames";
import { renameInPartitionKey } from "./rename-rewrite";
import { compareTypedTables } from "./compare-typed-tables";
import { compareTables, emitCreateTable, emitDropTable, type RenamedFrom } from "./compare-tables";
import { displayName } from "./display";
import { refuseHeldRowTypes } from "./recreated-row-types";
import { deepEqual, sameConstraint } from "./equality";
import { adjustForHierarchy } from "./hierarchy-ops";
import { manages } from "./managed-kinds";
import type { TableScope } from "./scope";
import { TableHierarchy } from "./table-hierarchy";
import { refOf } from "./table-versions";

/** Compares the tables in scope, with their partitioning, inheritance and storage; returns `from` after renames. */
export function compareTablesWithKinds(
  from: SchemaModel,
  to: SchemaModel,
  inScope: TableScope,
  options: CompareOptions,
  sink: ChangeCollector,
): RenamedFrom {
  const partitionsManaged = manages(options.manage, "partitions");
  const renames = askingColumnsOnce(options.renames);
  const recreated = partitionsManaged ? recreatedTables(from, to, inScope, renames) : new Map<string, TableDef>();
  refuseHeldRowTypes(from, recreated);
  const tables = new ChangeCollector();
  const detached = partitionsOf(from, recreated);
  const renamed = compareTables(
    alignChildColumns(from, to, detached),
    to,
    (table) => inScope(table) && !recreated.has(tableKey(table)),
    renames,
    tables,
    settleFor(options),
    // Again once tables are renamed: the children of a renamed parent (or a renamed child) are matched then.
    (working) => alignChildColumns(working, to, detached),
  );
  const own = new ChangeCollector();
  emitRecreations(recreated, from, to, inScope, own);
  if (partitionsManaged) comparePartitionOf(renamed, to, inScope, recreated, own);
  if (manages(options.manage, "inheritance")) {
    compareInherits(renamed, to, inScope, own);
    warnLocalColumnsKept(from, to, inScope, own);
  }
  if (manages(options.manage, "tableStorage")) compareStorage(renamed, to, inScope, recreated, own);
  compareTypedTables(renamed, to, inScope, own);
  const ops = adjustForHierarchy([...tables.operations, ...own.operations], {
    from,
    current: renamed.model,
    original: (table) => renamed.original(table),
    to,
    inScope,
    partitionsManaged,
    storageManaged: manages(options.manage, "tableStorage"),
  });
  ops.forEach((op) => sink.emit(op));
  [...tables.log, ...own.log].forEach((line) => sink.note(line));
  warnUnmanagedChildren(ops, from, inScope, sink);
  return renamed;
}

/**
 * What a paired table's target keeps of its current version under its new names: its tablespaces
 * (keep-tablespaces.ts), and its columns' physical settings unless the comparison manages them.
 */
function settleFor(options: CompareOptions): (current: TableDef, target: TableDef) => TableDef {
  if (manages(options.manage, "tableStorage")) return keepTableTablespaces;
  return (current, target) => keepTableTablespaces(current, adoptColumnSettings(current, target));
}

/** The keys of the partitions of the tables that are created again (detached and attached around it). */
function partitionsOf(from: SchemaModel, recreated: ReadonlyMap<string, TableDef>): Set<string> {
  const hierarchy = TableHierarchy.of(from);
  return new Set([...recreated.keys()].flatMap((key) => hierarchy.childrenOf(from.tables[key]!).map(tableKey)));
}

/**
 * Tables on both sides whose partition key differs once the renames of their columns have run (PostgreSQL
 * keeps a key by column number, so a renamed key column leaves the key as it was), or a column of whose key
 * changes type or collation (which PostgreSQL refuses to alter: "cannot alter column ... because it is part
 * of the partition key", and which `pg_get_partkeydef` may print alike, a key's collation only where it is
 * not its column's): `to`'s version, by key.
 */
function recreatedTables(from: SchemaModel, to: SchemaModel, inScope: TableScope, renames: RenameResolver | undefined): Map<string, TableDef> {
  const result = new Map<string, TableDef>();
  for (const [key, target] of Object.entries(to.tables)) {
    const current = from.tables[key];
    if (current === undefined || !inScope(target) || (current.partitionBy === undefined && target.partitionBy === undefined)) continue;
    if (current.partitionBy === undefined || target.partitionBy === undefined) {
      result.set(key, target);
      continue;
    }
    const renamed = columnRenames(current, target, renames);
    const keyNow = [...renamed].reduce((text, [was, now]) => renameInPartitionKey(text, was, now), current.partitionBy);
    if (keyNow !== target.partitionBy || retypedKeyColumns(from, current, target, renamed).length > 0) result.set(key, target);
  }
  return result;
}

/** The renames of `current`'s columns (old name -> new), the resolver's answer (asked once: `askingColumnsOnce`). */
function columnRenames(current: TableDef, target: TableDef, resolver: RenameResolver | undefined): Map<string, string> {
  const diff = differences(keyedBy(current.columns, (c) => c.name), keyedBy(target.columns, (c) => c.name), () => true);
  const { renamed } = resolveColumnRenames(resolver, refOf(target), diff.added, diff.removed);
  return new Map(renamed.map(({ from, to }) => [from.name, to.name]));
}

/**
 * The columns of `current`'s partition key (as `from` reads them) that `target` has (under the name `renamed`
 * gives them) with another type or collation.
 */
function retypedKeyColumns(from: SchemaModel, current: TableDef, target: TableDef, renamed: ReadonlyMap<string, string>): string[] {
  return (from.partitionKeyColumns?.[tableKey(current)] ?? []).filter((name) => {
    const was = current.columns.find((column) => column.name === name);
    const will = target.columns.find((column) => column.name === (renamed.get(name) ?? name));
    return was !== undefined && will !== undefined && (was.type !== will.type || was.collation !== will.collation);
  });
}

function emitRecreations(
  recreated: ReadonlyMap<string, TableDef>,
  from: SchemaModel,
  to: SchemaModel,
  inScope: TableScope,
  sink: ChangeCollector,
): void {
  const hierarchy = TableHierarchy.of(from);
  for (const [key, target] of recreated) {
    const current = from.tables[key]!;
    const retyped = retypedKeyColumns(from, current, target, new Map());
    sink.note(
      current.partitionBy === target.partitionBy
        ? `Detected changed type or collation of partition key column(s) ${retyped.map((c) => `'${c}'`).join(", ")} of table ` +
            `'${displayName(target)}': dropped and created again`
        : `Detected changed partitioning of table '${displayName(target)}' (${current.partitionBy ?? "not partitioned"} to ` +
            `${target.partitionBy ?? "not partitioned"}): dropped and created again`,
    );
    for (const partition of hierarchy.childrenOf(current)) {
      const kept = to.tables[tableKey(partition)];
      if (kept === undefined || !inScope(partition) || kept.partitionOf === undefined) continue;
      if (!tableRefEquals(kept.partitionOf.parent, current)) continue; // detached by comparePartitionOf
      // Standalone in between: what the partition has of the old parent's (its key's copy, which the new
      // key may not match: "multiple primary keys" on the ATTACH) goes with the detach, and the new
      // parent's checks come before the attach.
      emitDetach(partition, current, sink, false, true);
      sink.emit({ kind: "attachPartition", table: refOf(kept), parent: refOf(target), bound: kept.partitionOf.bound, standalone: true });
    }
    for (const table of Object.values(from.tables)) {
      for (const fk of table.foreignKeys.filter((f) => tableRefEquals(f.referencedTable, current) && !tableRefEquals(table, current))) {
        emitDropConstraint(refOf(table), fk, sink);
        const wanted = to.tables[tableKey(table)]?.foreignKeys.find((f) => f.name === fk.name);
        if (wanted !== undefined) emitAddConstraint(refOf(table), wanted, sink);
      }
    }
    // Its rows or its partitions' rows stay: so do its columns' sequences, and their positions.
    const kept = keptSequences(current, target);
    emitDropTable(current, sink, kept);
    emitCreateTable(target, sink, kept);
  }
}

/**
 * What a table created again keeps of its columns' sequences (see CreateTableOp): of a column serial on
 * both sides, the sequence itself (`keepSequences`); of any other column with a sequence on both sides (an
 * identity column on either), the position (`continueSequences`).
 */
function keptSequences(current: TableDef, target: TableDef): KeptSequences {
  const kindOf = (column: ColumnDef | undefined) => (column === undefined || column.inherited === true ? undefined : column.identity?.kind);
  const keep: string[] = [];
  const go: string[] = [];
  for (const column of target.columns) {
    const [was, will] = [kindOf(current.columns.find((c) => c.name === column.name)), kindOf(column)];
    if (was === undefined || will === undefined) continue;
    (was === "serial" && will === "serial" ? keep : go).push(column.name);
  }
  return { ...(keep.length > 0 && { keepSequences: keep }), ...(go.length > 0 && { continueSequences: go }) };
}

/** Partitions that change parent or bound, stop being partitions, or become one. */
function comparePartitionOf(
  renamed: RenamedFrom,
  to: SchemaModel,
  inScope: TableScope,
  recreated: ReadonlyMap<string, TableDef>,
  sink: ChangeCollector,
): void {
  // PostgreSQL refuses to detach a partition that a foreign key into its partitioned table still needs
  // (a referenced row in it): those foreign keys go before the DETACHes and come back after the ATTACHes
  // (checked again then; the phases put them there), once however many partitions move. One the
  // comparison changes anyway is dropped and added by it already.
  const referencing = new Map<string, { table: TableRef; fk: ConstraintDef }>();
  for (const [key, target] of Object.entries(to.tables)) {
    const current = renamed.model.tables[key];
    if (current === undefined || !inScope(target) || recreated.has(key)) continue;
    const was = current.partitionOf;
    const will = target.partitionOf;
    if (deepEqual(was, will)) continue;
    const original = renamed.original(current) ?? current;
    // Attached again to the same parent (another bound), the table keeps what it has of the parent's for
    // the ATTACH to take back; otherwise it stands alone in between (see DetachPartitionOp).
    const sameParent = was !== undefined && will !== undefined && tableRefEquals(was.parent, will.parent);
    // A partition of a table created again for its new key, under it again (its bound changes with the
    // key): detached before the drop and attached after the create by emitRecreations already.
    if (sameParent && recreated.has(tableKey(will!.parent))) continue;
    for (const found of was === undefined ? [] : foreignKeysInto(renamed.model, was.parent, to)) {
      referencing.set(`${tableKey(found.table)}\u0000${found.fk.name}`, found);
    }
    if (was !== undefined) emitDetach(original, was.parent, sink, will === undefined, !sameParent);
    if (will !== undefined) {
      sink.emit(
        { kind: "attachPartition", table: refOf(target), parent: will.parent, bound: will.bound, ...(!sameParent && { standalone: true }) },
        `Detected ${was === undefined ? "" : "changed "}partition '${displayName(target)}' of '${displayName(will.parent)}' (${will.bound})`,
      );
    }
  }
  for (const { table, fk } of referencing.values()) {
    emitDropConstraint(table, fk, sink);
    emitAddConstraint(table, fk, sink);
  }
}

/**
 * The foreign keys, the same on both sides, of the tables both sides have, that reference `parent` or a
 * partitioned table above it: what a DETACH of one of its partitions must not leave in place.
 */
function foreignKeysInto(from: SchemaModel, parent: TableRef, to: SchemaModel): { table: TableRef; fk: ConstraintDef }[] {
  const ancestors: TableRef[] = [];
  for (let at: TableRef | undefined = parent; at !== undefined; at = from.tables[tableKey(at)]?.partitionOf?.parent) ancestors.push(at);
  const found: { table: TableRef; fk: ConstraintDef }[] = [];
  for (const [key, table] of Object.entries(from.tables)) {
    const kept = to.tables[key];
    if (kept === undefined) continue;
    for (const fk of table.foreignKeys) {
      if (!ancestors.some((a) => tableRefEquals(a, fk.referencedTable))) continue;
      const wanted = kept.foreignKeys.find((f) => f.name === fk.name);
      if (wanted !== undefined && sameConstraint(fk, wanted)) found.push({ table: refOf(table), fk });
    }
  }
  return found;
}

function emitDetach(partition: TableDef, parent: TableRef, sink: ChangeCollector, logged = false, standalone = false): void {
  const bound = partition.partitionOf?.bound;
  sink.emit(
    {
      kind: "detachPartition",
      table: refOf(partition),
      parent: refOf(parent),
      ...(bound !== undefined && { existing: { bound } }),
      ...(standalone && { standalone: true }),
    },
    logged ? `Detected detached partition '${displayName(partition)}' of '${displayName(parent)}': the table stays` : undefined,
  );
}

/** INHERIT / NO INHERIT for the parents a child gains or loses. */
function compareInherits(renamed: RenamedFrom, to: SchemaModel, inScope: TableScope, sink: ChangeCollector): void {
  for (const [key, target] of Object.entries(to.tables)) {
    const current = renamed.model.tables[key];
    if (current === undefined || !inScope(target)) continue;
    const was = current.inherits ?? [];
    const will = target.inherits ?? [];
    const original = renamed.original(current) ?? current;
    for (const parent of was.filter((p) => !will.some((q) => tableRefEquals(p, q)))) {
      sink.emit(
        { kind: "dropInheritance", table: refOf(original), parent: refOf(parent) },
        `Detected removed parent '${displayName(parent)}' of table '${displayName(target)}'`,
      );
    }
    for (const parent of will.filter((p) => !was.some((q) => tableRefEquals(p, q)))) {
      sink.emit(
        { kind: "addInheritance", table: refOf(target), parent: refOf(parent) },
        `Detected added parent '${displayName(parent)}' of table '${displayName(target)}'`,
      );
    }
  }
}

/**
 * A column that an inheritance child has of its own and should have only from its parent: Postgres merges
 * the parent's column into the child's (ADD COLUMN on the parent, INHERIT) and has no statement that makes
 * it inherited only; dropping the child's column first would lose its data. It stays the child's own too.
 */
function warnLocalColumnsKept(from: SchemaModel, to: SchemaModel, inScope: TableScope, sink: ChangeCollector): void {
  for (const [key, target] of Object.entries(to.tables)) {
    const current = from.tables[key];
    if (current === undefined || !inScope(target) || (target.inherits ?? []).length === 0) continue;
    for (const column of target.columns.filter((c) => c.inherited === true)) {
      if (current.columns.some((c) => c.name === column.name && c.inherited !== true)) {
        sink.note(
          `Warning: column '${displayName(target)}.${column.name}' stays a column of the table itself as well as ` +
            `inherited: Postgres merges the parent's column into it and has no statement that makes it inherited only ` +
            `(dropping it first would lose its data)`,
        );
      }
    }
  }
}

function compareStorage(
  renamed: RenamedFrom,
  to: SchemaModel,
  inScope: TableScope,
  recreated: ReadonlyMap<string, TableDef>,
  sink: ChangeCollector,
): void {
  for (const [key, target] of Object.entries(to.tables)) {
    const current = renamed.model.tables[key];
    if (current === undefined || !inScope(target) || recreated.has(key)) continue;
    const was = storageOf(current);
    const will = storageOf(target);
    if (deepEqual(was, will)) continue;
    // SET LOGGED / UNLOGGED takes the owned sequences along: those of the other persistence are set back.
    const persistence = was.unlogged !== will.unlogged;
    sink.emit(
      {
        kind: "alterTableStorage",
        table: refOf(target),
        from: persistence ? withSequencesKept(was, current, renamed.model) : was,
        to: persistence ? withSequencesKept(will, target, to) : will,
      },
      `Detected changed storage of table '${displayName(target)}'` +
        (was.unlogged === will.unlogged ? "" : ` (${will.unlogged ? "UNLOGGED" : "LOGGED"})`),
    );
  }
}

/**
 * `storage` with the free-standing sequences of `model` that `table`'s columns own and that are not of its
 * persistence (named as `model` has them: the names they have when the op runs, in either direction).
 */
function withSequencesKept(storage: TableStorage, table: TableDef, model: SchemaModel): TableStorage {
  const kept = Object.values(model.sequences)
    .filter((sequence) => sequence.ownedBy !== null && tableRefEquals(sequence.ownedBy.table, table))
    .filter((sequence) => (sequence.unlogged === true) !== storage.unlogged)
    .map((sequence) => ({ schema: sequence.schema, name: sequence.name }));
  return kept.length === 0 ? storage : { ...storage, sequencesKept: kept };
}

function storageOf(table: TableDef): TableStorage {
  return { unlogged: table.unlogged === true, storageParameters: table.storageParameters ?? [] };
}

/** A dropped table with inheritance children left out of the comparison cannot be dropped: say so. */
function warnUnmanagedChildren(ops: readonly Operation[], from: SchemaModel, inScope: TableScope, sink: ChangeCollector): void {
  const hierarchy = TableHierarchy.of(from);
  for (const op of ops) {
    if (op.kind !== "dropTable") continue;
    const left = hierarchy.childrenOf(op.table).filter((child) => child.partitionOf === undefined && !inScope(child));
    if (left.length === 0) continue;
    sink.note(
      `Warning: table '${displayName(op.table)}' has inheritance children left out of the comparison ` +
        `(${left.map(displayName).join(", ")}): dropping it will fail`,
    );
  }
}
