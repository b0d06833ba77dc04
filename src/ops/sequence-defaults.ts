/**
 * Postgres's defaults for `CREATE SEQUENCE`, so that a sequence spec only has to state what differs from
 * them, and the renderer only writes what differs. Numbers are decimal strings: bigint bounds do not fit a
 * JavaScript number.
 */
import type { SequenceDef, TableRef } from "../model/schema-model";
import { OpArgumentError, type SequenceNumber, type SequenceSpec, toTableRef, requireText } from "./op-specs";

const TYPE_RANGES: Readonly<Record<string, readonly [string, string]>> = {
  smallint: ["-32768", "32767"],
  integer: ["-2147483648", "2147483647"],
  bigint: ["-9223372036854775808", "9223372036854775807"],
};

/** The values Postgres gives the fields that are left out, in the order they depend on each other. */
export interface SequenceDefaults {
  readonly dataType: string;
  readonly increment: string;
  readonly minValue: string;
  readonly maxValue: string;
  readonly start: string;
  readonly cache: string;
  readonly cycle: boolean;
}

/**
 * Postgres's default for each sequence field given the fields that are set: min/max follow the data type
 * and the direction of `increment`, `start` follows min (ascending) or max (descending).
 */
export function sequenceDefaults(given: {
  readonly dataType?: string | undefined;
  readonly increment?: string | undefined;
  readonly minValue?: string | undefined;
  readonly maxValue?: string | undefined;
}): SequenceDefaults {
  const dataType = given.dataType ?? "bigint";
  const range = TYPE_RANGES[dataType] ?? TYPE_RANGES.bigint!;
  const increment = given.increment ?? "1";
  const ascending = BigInt(increment) > 0n;
  const minValue = given.minValue ?? (ascending ? "1" : range[0]);
  const maxValue = given.maxValue ?? (ascending ? range[1] : "-1");
  return { dataType, increment, minValue, maxValue, start: ascending ? minValue : maxValue, cache: "1", cycle: false };
}

function toDecimal(value: SequenceNumber | undefined, field: string, method: string): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value === "bigint") return value.toString();
  if (typeof value === "number" && Number.isSafeInteger(value)) return String(value);
  if (typeof value === "string" && /^[-+]?\d+$/.test(value)) return BigInt(value).toString();
  throw new OpArgumentError(method, `sequence field "${field}" must be an integer, got ${String(value)}.`);
}

/** Builds the full `SequenceDef` from a spec, filling Postgres's defaults. */
export function resolveSequence(ref: TableRef, spec: SequenceSpec | undefined, method: string): SequenceDef {
  const s = spec ?? {};
  const dataType = s.dataType ?? "bigint";
  if (!(dataType in TYPE_RANGES)) {
    throw new OpArgumentError(
      method,
      `sequence ${ref.schema}.${ref.name} has data type "${dataType}"; use smallint, integer or bigint.`,
    );
  }
  const increment = toDecimal(s.increment, "increment", method);
  if (increment === "0") throw new OpArgumentError(method, `sequence ${ref.schema}.${ref.name} has increment 0.`);
  const defaults = sequenceDefaults({
    dataType,
    increment,
    minValue: toDecimal(s.minValue, "minValue", method),
    maxValue: toDecimal(s.maxValue, "maxValue", method),
  });
  return {
    schema: ref.schema,
    name: ref.name,
    dataType,
    start: toDecimal(s.start, "start", method) ?? defaults.start,
    increment: defaults.increment,
    minValue: defaults.minValue,
    maxValue: defaults.maxValue,
    cache: toDecimal(s.cache, "cache", method) ?? defaults.cache,
    cycle: s.cycle ?? defaults.cycle,
    ownedBy: s.ownedBy
      ? { table: toTableRef(s.ownedBy.table, method), column: requireText(s.ownedBy.column, "ownedBy.column", method) }
      : null,
    ...(s.unlogged === true && { unlogged: true }),
  };
}
