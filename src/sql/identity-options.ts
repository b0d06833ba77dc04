/**
 * The sequence options of identity columns: `GENERATED ... AS IDENTITY (START WITH 10 INCREMENT BY 5)`
 * when a column is created or gets its identity, `SET START WITH ... SET INCREMENT BY ...` when they change.
 * Absent options are Postgres's defaults for the column's type (see src/model/table-kinds.ts).
 */
import type { ColumnIdentity, IdentityOptions, TableRef } from "../model/schema-model";
import { quoteTable } from "./quote";
import { AutogenError } from "../errors";
import { sequenceDefaults } from "../ops/sequence-defaults";
import type { SequenceBounds } from "./sequence-bounds";

/** An identity option that is not a decimal integer (it would be written into the SQL as it is). */
export class InvalidIdentityOptionError extends AutogenError {
  constructor(readonly value: string) {
    super(`An identity column's sequence option must be a decimal integer, not ${JSON.stringify(value)}.`);
  }
}

const INTEGER = /^[+-]?\d+$/;

/**
 * ` AS IDENTITY` with its option list: `SEQUENCE NAME` where the column's identity names its sequence
 * (in `table`'s schema), then the options that are not the defaults.
 */
export function asIdentityClause(table: TableRef, identity: Extract<ColumnIdentity, { kind: "identity" }>): string {
  const name = identity.sequence === undefined ? null : `SEQUENCE NAME ${quoteTable({ schema: table.schema, name: identity.sequence })}`;
  const options = [name, identityOptionsClause(identity.options)].filter((part): part is string => part !== null);
  return ` AS IDENTITY${options.length === 0 ? "" : ` (${options.join(" ")})`}`;
}

/** The option list inside `AS IDENTITY (...)`, or null when every option is the default. */
export function identityOptionsClause(options: IdentityOptions | undefined): string | null {
  if (options === undefined) return null;
  const parts: string[] = [];
  if (options.increment !== undefined) parts.push(`INCREMENT BY ${integer(options.increment)}`);
  if (options.minValue !== undefined) parts.push(`MINVALUE ${integer(options.minValue)}`);
  if (options.maxValue !== undefined) parts.push(`MAXVALUE ${integer(options.maxValue)}`);
  if (options.start !== undefined) parts.push(`START WITH ${integer(options.start)}`);
  if (options.cache !== undefined) parts.push(`CACHE ${integer(options.cache)}`);
  if (options.cycle !== undefined) parts.push(options.cycle ? "CYCLE" : "NO CYCLE");
  return parts.length === 0 ? null : parts.join(" ");
}

/**
 * `SET INCREMENT BY 5 SET START WITH 10 ...` for every option that differs between `from` and `to`, an
 * option that `to` leaves out being set back to its default for `columnType`; empty when none differs.
 */
export function identityOptionChanges(
  from: IdentityOptions | undefined,
  to: IdentityOptions | undefined,
  columnType: string,
): string[] {
  return changedOptions(from, to, columnType).map((change) => `SET ${change.clause}`);
}

/**
 * `INCREMENT BY 5 START WITH 10 ...`, the `ALTER SEQUENCE` clauses for every option of a serial column's
 * sequence that differs between `from` and `to`; empty when none differs. A bound `to` leaves out is
 * `NO MINVALUE` / `NO MAXVALUE`, the default of the sequence's own type (a legacy sequence may have kept
 * `integer` behind a column retyped to `bigint`), and the other options go back to their defaults.
 */
export function sequenceOptionChanges(from: IdentityOptions | undefined, to: IdentityOptions | undefined, columnType: string): string[] {
  return changedOptions(from, to, columnType).map((change) =>
    change.bound !== undefined && to?.[change.bound] === undefined ? (change.bound === "minValue" ? "NO MINVALUE" : "NO MAXVALUE") : change.clause,
  );
}

/**
 * `AS integer INCREMENT BY 1 MINVALUE 1 ...`: every option of a serial column's sequence spelled out, as
 * `options` give them for a column of `columnType` (absent ones at their defaults), for `ALTER SEQUENCE`
 * on a sequence whose options are not known when the migration is written.
 */
export function allSequenceOptions(options: IdentityOptions | undefined, columnType: string): string[] {
  const all = filled(options ?? {}, columnType);
  return [
    `AS ${columnType}`,
    `INCREMENT BY ${integer(all.increment)}`,
    `MINVALUE ${integer(all.minValue)}`,
    `MAXVALUE ${integer(all.maxValue)}`,
    `START WITH ${integer(all.start)}`,
    `CACHE ${integer(all.cache)}`,
    all.cycle ? "CYCLE" : "NO CYCLE",
  ];
}

/**
 * The bounds of a serial or identity column's sequence with `options` (absent ones at their defaults for
 * `columnType`), with `dataType` when given (an identity's sequence has its column's type).
 */
export function sequenceBoundsOf(options: IdentityOptions | undefined, columnType: string, dataType?: string): SequenceBounds {
  const all = filled(options ?? {}, columnType);
  return { ...(dataType !== undefined && { dataType }), increment: all.increment, minValue: all.minValue, maxValue: all.maxValue, start: all.start };
}

/** The options that differ between `from` and `to` (absent ones at their defaults for `columnType`), each with its clause for `to`. */
function changedOptions(
  from: IdentityOptions | undefined,
  to: IdentityOptions | undefined,
  columnType: string,
): { readonly clause: string; readonly bound?: "minValue" | "maxValue" }[] {
  const a = filled(from ?? {}, columnType);
  const b = filled(to ?? {}, columnType);
  const changes: { clause: string; bound?: "minValue" | "maxValue" }[] = [];
  if (a.increment !== b.increment) changes.push({ clause: `INCREMENT BY ${integer(b.increment)}` });
  if (a.minValue !== b.minValue) changes.push({ clause: `MINVALUE ${integer(b.minValue)}`, bound: "minValue" });
  if (a.maxValue !== b.maxValue) changes.push({ clause: `MAXVALUE ${integer(b.maxValue)}`, bound: "maxValue" });
  if (a.start !== b.start) changes.push({ clause: `START WITH ${integer(b.start)}` });
  if (a.cache !== b.cache) changes.push({ clause: `CACHE ${integer(b.cache)}` });
  if (a.cycle !== b.cycle) changes.push({ clause: b.cycle ? "CYCLE" : "NO CYCLE" });
  return changes;
}

function filled(options: IdentityOptions, columnType: string) {
  const bounds = sequenceDefaults({
    dataType: columnType,
    increment: options.increment,
    minValue: options.minValue,
    maxValue: options.maxValue,
  });
  return {
    increment: bounds.increment,
    minValue: bounds.minValue,
    maxValue: bounds.maxValue,
    start: options.start ?? bounds.start,
    cache: options.cache ?? bounds.cache,
    cycle: options.cycle ?? bounds.cycle,
  };
}

/** A sequence number, checked to be a plain decimal integer since it is written into the SQL as is. */
function integer(value: string): string {
  if (!INTEGER.test(value)) throw new InvalidIdentityOptionError(value);
  return value;
}
