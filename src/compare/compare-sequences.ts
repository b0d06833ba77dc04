/**
 * Free-standing sequences: created, dropped, or altered (`alterSequence` carries both versions).
 */
import type { SchemaModel, SequenceDef } from "../model/schema-model";
import type { ChangeCollector } from "./collector";
import { differences, mapOf } from "./differences";
import { displayName } from "./display";
import { deepEqual, sameSequence } from "./equality";

/** Compares the sequences of `from` (after renames, so owners match) and `to`. */
export function compareSequences(from: SchemaModel, to: SchemaModel, sink: ChangeCollector): void {
  const diff = differences(mapOf(from.sequences), mapOf(to.sequences), sameSequence);
  for (const def of diff.removed) {
    sink.emit(
      { kind: "dropSequence", sequence: { schema: def.schema, name: def.name }, existing: def },
      `Detected removed sequence '${displayName(def)}'`,
    );
  }
  for (const def of diff.added) {
    sink.emit({ kind: "createSequence", sequence: def }, `Detected added sequence '${displayName(def)}'`);
  }
  for (const { from: before, to: after } of diff.modified) {
    sink.emit(
      { kind: "alterSequence", from: before, to: after },
      `Detected changed sequence '${displayName(after)}' (${changedFields(before, after).join(", ")})`,
    );
  }
}

const FIELDS: readonly (keyof SequenceDef)[] = [
  "dataType", "start", "increment", "minValue", "maxValue", "cache", "cycle", "ownedBy", "unlogged",
];

function changedFields(from: SequenceDef, to: SequenceDef): string[] {
  return FIELDS.filter((field) => !deepEqual(from[field], to[field]));
}
