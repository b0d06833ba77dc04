/**
 * Equality per object kind, defined once. The models are normalised by their readers, so equality is exact
 * structural equality of the plain data; the only kind with a looser rule is the extension (a requirement
 * with a null version or schema accepts any).
 */
import type {
  ConstraintDef,
  EnumDef,
  ExtensionDef,
  IndexDef,
  SequenceDef,
  TableDef,
} from "../model/schema-model";

/** Structural equality of plain JSON-like data (objects, arrays, strings, numbers, booleans, null). */
export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a) && Array.isArray(b)) {
    return a.length === b.length && a.every((item, i) => deepEqual(item, b[i]));
  }
  const aRecord = a as Record<string, unknown>;
  const bRecord = b as Record<string, unknown>;
  const aKeys = Object.keys(aRecord).filter((k) => aRecord[k] !== undefined);
  const bKeys = Object.keys(bRecord).filter((k) => bRecord[k] !== undefined);
  return aKeys.length === bKeys.length && aKeys.every((k) => deepEqual(aRecord[k], bRecord[k]));
}

/** Tables: a cheap first test; a table that differs is compared part by part. */
export const sameTable: (a: TableDef, b: TableDef) => boolean = deepEqual;

/** Constraints of any kind: same kind and same definition (a name is the map key). */
export const sameConstraint: (a: ConstraintDef, b: ConstraintDef) => boolean = deepEqual;

/** Indexes: every field of `IndexDef`. */
export const sameIndex: (a: IndexDef, b: IndexDef) => boolean = deepEqual;

/** Sequences: every field, `ownedBy` included. */
export const sameSequence: (a: SequenceDef, b: SequenceDef) => boolean = deepEqual;

/** Enums: the labels in their order. */
export function sameEnum(a: EnumDef, b: EnumDef): boolean {
  return deepEqual(a.labels, b.labels);
}

/** Whether an installed extension satisfies a required one: a null version or schema accepts any. */
export function extensionSatisfies(installed: ExtensionDef, required: ExtensionDef): boolean {
  return (
    (required.version === null || required.version === installed.version) &&
    (required.schema === null || required.schema === installed.schema)
  );
}
