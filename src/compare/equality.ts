/**
 * Equality per object kind, defined once. The models are normalised by their readers, so equality is exact
 * structural equality of the plain data; the kinds with a looser rule are the extension (a requirement
 * with a null version or schema accepts any), indexes and constraints, whose tablespaces are never
 * compared (keep-tablespaces.ts), and columns (so tables), whose serial sequence's name is never compared:
 * it is a database's record of its history (a table renamed since), kept when the sequence is made again.
 */
import type {
  ColumnDef,
  ConstraintDef,
  EnumDef,
  ExtensionDef,
  IndexDef,
  SequenceDef,
  TableDef,
} from "../model/schema-model";

/**
 * Structural equality of plain JSON-like data (objects, arrays, strings, numbers, booleans, null); a key
 * whose value is `undefined` counts as absent. Written with plain loops: it runs on every table of both
 * models, and `Object.keys(...).filter(...)` per object was a tenth of `check`'s comparison time.
 */
export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
  const aIsArray = Array.isArray(a);
  if (aIsArray !== Array.isArray(b)) return false;
  if (aIsArray) {
    const aItems = a as unknown[];
    const bItems = b as unknown[];
    if (aItems.length !== bItems.length) return false;
    for (let i = 0; i < aItems.length; i++) if (!deepEqual(aItems[i], bItems[i])) return false;
    return true;
  }
  const aRecord = a as Record<string, unknown>;
  const bRecord = b as Record<string, unknown>;
  let keys = 0;
  for (const key in aRecord) {
    const value = aRecord[key];
    if (value === undefined) continue;
    if (!deepEqual(value, bRecord[key])) return false;
    keys += 1;
  }
  for (const key in bRecord) if (bRecord[key] !== undefined) keys -= 1;
  return keys === 0;
}

/** Tables: a cheap first test; a table that differs is compared part by part. */
export function sameTable(a: TableDef, b: TableDef): boolean {
  if (deepEqual(a, b)) return true;
  return (hasNamedSequence(a.columns) || hasNamedSequence(b.columns)) && deepEqual(unnamedSequences(a), unnamedSequences(b));
}

/** Columns: every field, but a serial or identity column's sequence name (ColumnIdentity). */
export function sameColumn(a: ColumnDef, b: ColumnDef): boolean {
  if (deepEqual(a, b)) return true;
  return (namesSequence(a) || namesSequence(b)) && deepEqual(withoutSequenceName(a), withoutSequenceName(b));
}

const namesSequence = (column: ColumnDef): boolean => column.identity?.sequence !== undefined;

const hasNamedSequence = (columns: readonly ColumnDef[]): boolean => columns.some(namesSequence);

function withoutSequenceName(column: ColumnDef): ColumnDef {
  if (!namesSequence(column)) return column;
  const { sequence: _, ...identity } = column.identity!;
  return { ...column, identity };
}

function unnamedSequences(table: TableDef): TableDef {
  return hasNamedSequence(table.columns) ? { ...table, columns: table.columns.map(withoutSequenceName) } : table;
}

/** `deepEqual` of two members of a table but for their tablespaces. */
function sameButTablespace<T extends { readonly name: string; readonly tablespace?: string }>(a: T, b: T): boolean {
  return a.tablespace === b.tablespace ? deepEqual(a, b) : deepEqual({ ...a, tablespace: undefined }, { ...b, tablespace: undefined });
}

/**
 * Constraints of any kind: same kind and same definition (a name is the map key), wherever their index is,
 * and whether a check is also inherited or not (CheckDef.inherited).
 */
export function sameConstraint(a: ConstraintDef, b: ConstraintDef): boolean {
  if (a.type === "check" && b.type === "check" && a.inherited !== b.inherited) {
    return sameButTablespace({ ...a, inherited: undefined }, { ...b, inherited: undefined });
  }
  return sameButTablespace(a, b);
}

/** Indexes: every field of `IndexDef` but the tablespace. */
export const sameIndex: (a: IndexDef, b: IndexDef) => boolean = sameButTablespace;

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
