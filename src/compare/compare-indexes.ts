/**
 * Indexes of a table present on both sides, matched by name. Any changed field of the definition is a
 * drop plus a create (Postgres has no ALTER INDEX for keys, method or predicate), but for the storage
 * parameters and statistics targets alone: `ALTER INDEX ... SET (...)` (`alterIndexStorage`) and `ALTER
 * INDEX ... ALTER COLUMN n SET STATISTICS m` (`alterIndexStatistics`), which rebuild nothing. PostgreSQL
 * refuses the first on a partitioned table's index, which is created again for new storage parameters
 * (its statistics targets it takes, and passes to its partitions' indexes). An index left INVALID by a failed
 * `CREATE INDEX CONCURRENTLY` is built again (dropped and created), said by a line of the log.
 */
import type { IndexDef, TableDef, TableRef } from "../model/schema-model";
import type { ChangeCollector } from "./collector";
import type { TableVersions } from "./table-versions";
import { deepEqual, sameIndex } from "./equality";
import { compareNamedMembers, memberChangeLine } from "./named-members";
import { displayName } from "./display";

const indexesOf = (table: TableDef): readonly IndexDef[] => table.indexes;

/** Compares the indexes of a table present on both sides. */
export function compareIndexes(versions: TableVersions, sink: ChangeCollector): void {
  compareNamedMembers(
    versions,
    {
      membersOf: indexesOf,
      same: sameIndex,
      emitDrop: emitDropIndex,
      emitAdd: emitCreateIndex,
      emitRename: emitRenameIndex,
      alterInPlace: (table, from, to, sink) => {
        noteInvalid(table, from, to, sink);
        return emitIndexChangesInPlace(table, from, to, sink);
      },
    },
    sink,
  );
}

/** Emits a `dropIndex` carrying the index it drops; `reason` words the log line (none: already logged). */
export function emitDropIndex(
  table: TableRef,
  index: IndexDef,
  sink: ChangeCollector,
  reason?: "removed" | "changed",
): void {
  sink.emit(
    { kind: "dropIndex", table, name: index.name, existing: index },
    memberChangeLine(reason, "index", index.name, table),
  );
}

/** Emits a `renameIndex` (same definition, another name). */
export function emitRenameIndex(table: TableRef, from: IndexDef, to: IndexDef, sink: ChangeCollector): void {
  sink.emit(
    { kind: "renameIndex", table, from: from.name, to: to.name },
    `Detected renamed index '${from.name}' to '${to.name}' on '${displayName(table)}'`,
  );
}

/** Emits a `createIndex`; `reason` as for `emitDropIndex`. */
export function emitCreateIndex(table: TableRef, index: IndexDef, sink: ChangeCollector, reason?: "added"): void {
  sink.emit({ kind: "createIndex", table, index }, memberChangeLine(reason, "index", index.name, table));
}

/**
 * Emits an `alterIndexStorage` and an `alterIndexStatistics` for what of them changes when `from` and `to`
 * differ in their storage parameters and statistics targets alone, the storage parameters on a relation
 * that is not partitioned; says whether it did.
 */
export function emitIndexChangesInPlace(
  relation: TableRef & { readonly partitionBy?: string },
  from: IndexDef,
  to: IndexDef,
  sink: ChangeCollector,
): boolean {
  const withoutTargets = (index: IndexDef): IndexDef => ({ ...index, statisticsTargets: undefined });
  if (!deepEqual(from.statisticsTargets, to.statisticsTargets)) {
    const stays = sameIndex(withoutTargets(from), withoutTargets(to));
    if (!stays && !emitIndexStorageChange(relation, withoutTargets(from), withoutTargets(to), sameIndex, sink)) return false;
    emitIndexStatisticsChange(relation, from.name, from.statisticsTargets, to.statisticsTargets, sink);
    return true;
  }
  return emitIndexStorageChange(relation, from, to, sameIndex, sink);
}

/**
 * Emits an `alterIndexStatistics` taking index `name`'s statistics targets from `from` to `to`, with `line`
 * (null: none, already logged).
 */
export function emitIndexStatisticsChange(
  relation: TableRef,
  name: string,
  from: IndexDef["statisticsTargets"],
  to: IndexDef["statisticsTargets"],
  sink: ChangeCollector,
  line: string | null = `Detected changed statistics targets of index '${name}' on '${displayName(relation)}'`,
): void {
  const op = { kind: "alterIndexStatistics", table: { schema: relation.schema, name: relation.name }, name, from: from ?? {}, to: to ?? {} } as const;
  sink.emit(op, line ?? undefined);
}

/**
 * Emits an `alterIndexStorage` when `from` and `to` (an index, or a key whose index has its name) differ
 * in their storage parameters alone, on a relation that is not partitioned; says whether it did.
 */
export function emitIndexStorageChange<T extends { readonly name: string; readonly storageParameters?: readonly string[] }>(
  relation: TableRef & { readonly partitionBy?: string },
  from: T,
  to: T,
  same: (a: T, b: T) => boolean,
  sink: ChangeCollector,
): boolean {
  if (relation.partitionBy !== undefined || !same({ ...from, storageParameters: undefined }, { ...to, storageParameters: undefined })) return false;
  sink.emit(
    {
      kind: "alterIndexStorage",
      table: { schema: relation.schema, name: relation.name },
      name: to.name,
      from: from.storageParameters ?? [],
      to: to.storageParameters ?? [],
    },
    `Detected changed storage parameters of index '${to.name}' on '${displayName(relation)}'`,
  );
  return true;
}

/**
 * Logs why an INVALID index of the database is dropped and created again, where `to` has it valid (its
 * drop and create follow, as for any changed index).
 */
export function noteInvalid(relation: TableRef, from: IndexDef, to: IndexDef, sink: ChangeCollector): void {
  if (from.invalid === true && to.invalid !== true) {
    sink.note(
      `Index '${from.name}' on '${displayName(relation)}' is INVALID (a CREATE INDEX CONCURRENTLY that failed, or one ` +
        "still running): queries do not use it, so it is dropped and built again",
    );
  }
}

