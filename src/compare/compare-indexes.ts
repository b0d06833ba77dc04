/**
 * Indexes of a table present on both sides, matched by name. Any changed field of the definition is a
 * drop plus a create (Postgres has no ALTER INDEX for keys, method or predicate).
 */
import type { IndexDef, TableDef, TableRef } from "../model/schema-model";
import type { ChangeCollector } from "./collector";
import { originalNamed, refOf, type TableVersions } from "./table-versions";
import { differences, keyedBy } from "./differences";
import { displayName } from "./display";
import { sameIndex } from "./equality";

/** Compares the indexes of a table present on both sides. */
export function compareIndexes({ original, current, target }: TableVersions, sink: ChangeCollector): void {
  const byName = (def: TableDef) => keyedBy(def.indexes, (i) => i.name);
  const diff = differences(byName(current), byName(target), sameIndex);
  const drop = (index: IndexDef, reason: "removed" | "changed") =>
    emitDropIndex(refOf(original), originalNamed(original.indexes, index.name, index), sink, reason);
  diff.removed.forEach((index) => drop(index, "removed"));
  diff.added.forEach((index) => emitCreateIndex(refOf(target), index, sink, "added"));
  for (const { from: before, to: after } of diff.modified) {
    drop(before, "changed");
    emitCreateIndex(refOf(target), after, sink);
  }
}

/** Emits a `dropIndex` carrying the index it drops; `reason` words the log line (none: already logged). */
export function emitDropIndex(
  table: TableRef,
  index: IndexDef,
  sink: ChangeCollector,
  reason?: "removed" | "changed",
): void {
  const line =
    reason === undefined
      ? undefined
      : `Detected ${reason} index '${index.name}' on '${displayName(table)}'` +
        (reason === "changed" ? ": dropped and re-created" : "");
  sink.emit({ kind: "dropIndex", table, name: index.name, existing: index }, line);
}

/** Emits a `createIndex`; `reason` as for `emitDropIndex`. */
export function emitCreateIndex(table: TableRef, index: IndexDef, sink: ChangeCollector, reason?: "added"): void {
  const line = reason === undefined ? undefined : `Detected added index '${index.name}' on '${displayName(table)}'`;
  sink.emit({ kind: "createIndex", table, index }, line);
}
