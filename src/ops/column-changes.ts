/** What an `alterColumn` really changes, shared by the SQL compiler, `invert` and `destructiveReason`. */
import type { ColumnDef, ColumnIdentity, IdentityOptions } from "../model/schema-model";
import type { AlterColumnOp, ColumnChanges, ColumnStorageSettings } from "./operation";
import { isDeepStrictEqual } from "node:util";

/** The keys of a column an `alterColumn` can change. */
export type ColumnChangeKey = keyof ColumnChanges;

/** Every key in `ColumnChanges`, in the order their SQL is emitted. */
export const COLUMN_CHANGE_KEYS: readonly ColumnChangeKey[] = [
  "generated",
  "virtual",
  "identity",
  "type",
  "collation",
  "nullable",
  "default",
  "comment",
  "storage",
  "compression",
  "statisticsTarget",
  "attributeOptions",
];

/** A column's physical settings: the keys a ColumnDef leaves out when they have their defaults. */
export type ColumnSettingKey = "storage" | "compression" | "statisticsTarget" | "attributeOptions";
export const COLUMN_SETTING_KEYS: readonly ColumnSettingKey[] = ["storage", "compression", "statisticsTarget", "attributeOptions"];

/** In a change, null says "back to the default" for these keys; an absent key and null are the same value. */
export const OPTIONAL_COLUMN_KEYS: ReadonlySet<ColumnChangeKey> = new Set([...COLUMN_SETTING_KEYS, "virtual"]);

/**
 * The changes that change something: keys whose value is not `undefined` and, when the op carries
 * `existing`, differs from it.
 */
export function effectiveChanges(op: AlterColumnOp): ColumnChanges {
  const result: { [K in ColumnChangeKey]?: ColumnChanges[K] } = {};
  for (const key of COLUMN_CHANGE_KEYS) {
    const value = op.changes[key];
    if (value === undefined) continue;
    if (op.existing !== undefined && sameColumnValue(op.existing[key], value)) continue;
    (result as Record<ColumnChangeKey, unknown>)[key] = value;
  }
  return result;
}

/**
 * How an alterColumn changes the column's generation (src/sql/compile-alter-column.ts): a virtual
 * column's new expression in place (`setExpression`, PostgreSQL 18); a switch of kind (STORED, VIRTUAL,
 * none) where VIRTUAL is on either side, or a new stored expression, by dropping and adding the column
 * (`recreate`: PostgreSQL 15 has no SET EXPRESSION, 18 switches neither kind in place); a stored
 * generation removed (`dropExpression`); or not at all.
 */
export function generationChange(op: AlterColumnOp, changes: ColumnChanges = effectiveChanges(op)): "recreate" | "setExpression" | "dropExpression" | null {
  const wasVirtual = op.existing?.virtual === true;
  if (changes.virtual !== undefined || (wasVirtual && changes.generated === null)) return "recreate";
  if (typeof changes.generated === "string") return wasVirtual ? "setExpression" : "recreate";
  return changes.generated === null ? "dropExpression" : null;
}

/**
 * Whether an alterColumn runs `ALTER COLUMN ... TYPE`: for a new type, or a new collation alone, which
 * PostgreSQL changes the same way and refuses under the same objects (a view, rule, trigger, policy or
 * generated column reading the column). What must make way for a retype makes way for either.
 */
export function retypesColumn(op: AlterColumnOp): boolean {
  return op.changes.type !== undefined || op.changes.collation !== undefined;
}

/**
 * Whether an alterColumn drops the column and adds it again, which takes along what PostgreSQL drops
 * with a column: its indexes, constraints, grants (src/compare/recreated-columns.ts brings them back).
 */
export function readdsColumn(op: AlterColumnOp): boolean {
  return generationChange(op) === "recreate";
}

/**
 * Whether NOT NULL is being set on a column that has a default once the op has run (set by it, or kept
 * from `existing`), with no identity, serial or generation in play: then the rows that hold NULL get
 * that default first (the compiler writes the UPDATE), since the entity says what a missing value is.
 * Without `existing` (a hand-written op) the kept default is unknown and nothing is backfilled.
 */
export function backfillsNulls(op: AlterColumnOp, changes: ColumnChanges = effectiveChanges(op)): boolean {
  if (changes.nullable !== false || changes.identity !== undefined || changes.generated !== undefined || changes.virtual !== undefined) {
    return false;
  }
  if (op.fillNulls === false) return false;
  const kept = op.existing;
  if (kept?.identity || kept?.generated) return false;
  const finalDefault = changes.default !== undefined ? changes.default : (kept?.default ?? null);
  return finalDefault !== null;
}

/** `existing` with `changes` applied: the column after the op (a column no longer generated is not virtual). */
export function applyColumnChanges(existing: ColumnDef, changes: ColumnChanges): ColumnDef {
  const next: Record<string, unknown> = { ...existing };
  for (const key of COLUMN_CHANGE_KEYS) {
    if (changes[key] === null && OPTIONAL_COLUMN_KEYS.has(key)) delete next[key];
    else if (changes[key] !== undefined) next[key] = changes[key];
  }
  if (next.generated === null) delete next.virtual;
  return next as unknown as ColumnDef;
}

/** Equality of two values of one ColumnDef key (identity is compared by content). */
export function sameColumnValue(a: unknown, b: unknown): boolean {
  if (isIdentity(a) && isIdentity(b)) return identityEquals(a, b);
  return isDeepStrictEqual(a ?? null, b ?? null);
}

/**
 * Whether two identities are the same kind with the same sequence options (and the same generation for
 * identity columns); a serial's sequence name is never compared.
 */
export function identityEquals(a: ColumnIdentity | null, b: ColumnIdentity | null): boolean {
  if (a === null || b === null) return a === b;
  if (a.kind === "serial" || b.kind === "serial") return a.kind === b.kind && sameOptions(a.options, b.options);
  return a.generation === b.generation && sameOptions(a.options, b.options);
}

/** Identity options by content; absent and `{}` are the same (every option its default). */
function sameOptions(a: IdentityOptions | undefined, b: IdentityOptions | undefined): boolean {
  const keys = new Set([...Object.keys(a ?? {}), ...Object.keys(b ?? {})]) as Set<keyof IdentityOptions>;
  return [...keys].every((key) => a?.[key] === b?.[key]);
}

function isIdentity(value: unknown): value is ColumnIdentity {
  return typeof value === "object" && value !== null && "kind" in value;
}

/** What a retype resets of a column: its storage and compression, where it has them. */
export function storageSettingsOf(column: ColumnDef): ColumnStorageSettings {
  return {
    ...(column.storage !== undefined && { storage: column.storage }),
    ...(column.compression !== undefined && { compression: column.compression }),
  };
}
