/**
 * Foreign keys that must be dropped before, and re-added after, a change they depend on:
 * - a type change of one of their columns, on either side: while one side has its new type and the other
 *   its old one, Postgres may refuse the pair (`text` against `uuid`); an enum rebuild re-casts each
 *   column of the enum in turn, so its usages count as type changes (`e` against `e__old`);
 * - a column dropped and added again by its alterColumn (`readdsColumn`), on either side;
 * - the drop of the primary key, unique constraint or unique index they reference (Postgres refuses to
 *   drop it while a foreign key depends on it), for example a primary key renamed by the naming strategy.
 * The phase order drops foreign keys first and adds them last, around every other change.
 */
import { tableKey } from "../model/names";
import type { ForeignKeyDef, IndexDef, SchemaModel, TableDef, TableRef } from "../model/schema-model";
import type { Operation } from "../ops/operation";
import type { ChangeCollector } from "./collector";
import { emitAddConstraint, emitDropConstraint } from "./compare-constraints";
import type { RenamedFrom } from "./compare-tables";
import { constraintNoun, displayColumn, displayName } from "./display";
import type { TableScope } from "./scope";
import { originalNamed, refOf } from "./table-versions";
import { unquoteIdentifier } from "../ops/type-text";
import { typeRebuild } from "../ops/type-rebuild";
import { readdsColumn } from "../ops/column-changes";

/** A column or constraint of a table, as a map key. */
const memberKey = (table: TableRef, name: string): string => `${tableKey(table)}.${JSON.stringify(name)}`;
/** A key (primary key, unique) of a table by its set of columns, as a map key. */
const keyColumnsKey = (table: TableRef, columns: readonly string[]): string =>
  `${tableKey(table)}.${JSON.stringify([...columns].sort())}`;

/** What the collected ops change that foreign keys depend on, each with how the log names it. */
interface Blockers {
  /** Retyped columns (by their names after renames). */
  readonly retyped: ReadonlyMap<string, string>;
  /** Dropped keys (by the original table and column names). */
  readonly droppedKeys: ReadonlyMap<string, string>;
}

/**
 * Adds drop/re-add pairs for the foreign keys that depend on a change already collected, unless the
 * comparison already drops (or adds) that foreign key for another reason.
 */
export function recreateDependentForeignKeys(
  from: RenamedFrom,
  to: SchemaModel,
  inScope: TableScope,
  sink: ChangeCollector,
): void {
  const blockers = collectBlockers(sink.operations);
  if (blockers.retyped.size === 0 && blockers.droppedKeys.size === 0) return;
  const dropped = new Set(sink.operations.flatMap((op) => (op.kind === "dropConstraint" ? [memberKey(op.table, op.name)] : [])));
  const added = new Set(
    sink.operations.flatMap((op) => (op.kind === "addConstraint" ? [memberKey(op.table, op.constraint.name)] : [])),
  );
  const toTables = new Map(Object.values(to.tables).map((t): [string, TableDef] => [tableKey(t), t]));
  for (const table of Object.values(from.model.tables).filter(inScope)) {
    const ref = refOf(table);
    const original = from.original(ref) ?? table;
    for (const fk of table.foreignKeys) {
      if (dropped.has(memberKey(original, fk.name))) continue;
      const originalFk = originalNamed(original.foreignKeys, fk.name, fk);
      const reason = dependency(ref, fk, originalFk, blockers);
      if (reason === null) continue;
      emitDropConstraint(refOf(original), originalFk, sink);
      sink.note(
        `Detected ${reason} used by foreign key '${fk.name}' on '${displayName(ref)}': dropped and re-created around it`,
      );
      // A foreign key the naming strategy also renamed (its table renamed) is added under its new name: the
      // rename would find it dropped.
      const rename = sink.operations.find(
        (op) => op.kind === "renameConstraint" && tableKey(op.table) === tableKey(ref) && op.from === fk.name,
      );
      if (rename !== undefined) sink.replace(rename, null);
      const name = rename?.kind === "renameConstraint" ? rename.to : fk.name;
      const target = toTables.get(tableKey(ref))?.foreignKeys.find((f) => f.name === name);
      if (target !== undefined && !added.has(memberKey(ref, name))) emitAddConstraint(ref, target, sink);
    }
  }
}

function collectBlockers(ops: readonly Operation[]): Blockers {
  const retyped = new Map<string, string>();
  const droppedKeys = new Map<string, string>();
  for (const op of ops) {
    if (op.kind === "alterColumn" && op.changes.type !== undefined) {
      retyped.set(memberKey(op.table, op.column), `type change on '${displayColumn(op.table, op.column)}'`);
    }
    if (op.kind === "alterColumn" && readdsColumn(op)) {
      // PostgreSQL refuses to drop a column a foreign key references, and drops one on it.
      retyped.set(memberKey(op.table, op.column), `drop and re-add of '${displayColumn(op.table, op.column)}'`);
    }
    const rebuild = typeRebuild(op);
    if (rebuild !== null) {
      for (const usage of rebuild.columns) {
        const reason = `rebuild of ${rebuild.noun} '${displayName(rebuild.type)}' re-casting '${displayColumn(usage.table, usage.column)}'`;
        retyped.set(memberKey(usage.table, usage.column), reason);
      }
    }
    if (op.kind === "dropConstraint" && (op.existing?.type === "primaryKey" || op.existing?.type === "unique")) {
      const key = op.existing;
      droppedKeys.set(keyColumnsKey(op.table, key.columns), `dropped ${constraintNoun(key)} '${key.name}' on '${displayName(op.table)}'`);
    }
    if (op.kind === "dropIndex" && op.existing !== undefined) {
      const columns = uniqueIndexColumns(op.existing);
      if (columns !== null) {
        droppedKeys.set(keyColumnsKey(op.table, columns), `dropped unique index '${op.name}' on '${displayName(op.table)}'`);
      }
    }
  }
  return { retyped, droppedKeys };
}

/** The columns of a unique index a foreign key can reference (no predicate, plain columns), or null. */
function uniqueIndexColumns(index: IndexDef): string[] | null {
  if (!index.unique || index.where !== null) return null;
  const columns = index.keys.map((key) => unquoteIdentifier(key.expression));
  return columns.every((c): c is string => c !== null) ? columns : null;
}

/** Why a foreign key must be re-created, or null. `fk` is named after renames, `originalFk` before. */
function dependency(table: TableRef, fk: ForeignKeyDef, originalFk: ForeignKeyDef, blockers: Blockers): string | null {
  const sides: [TableRef, readonly string[]][] = [
    [table, fk.columns],
    [fk.referencedTable, fk.referencedColumns],
  ];
  for (const [ref, columns] of sides) {
    for (const column of columns) {
      const reason = blockers.retyped.get(memberKey(ref, column));
      if (reason !== undefined) return reason;
    }
  }
  return blockers.droppedKeys.get(keyColumnsKey(originalFk.referencedTable, originalFk.referencedColumns)) ?? null;
}
