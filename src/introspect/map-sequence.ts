/**
 * `sequences.sql` row -> SequenceDef.
 * @internal
 */
import type { SequenceDef } from "../model/schema-model";
import type { SequenceRow } from "./catalog-rows";

/** Maps one free-standing sequence; `ownedBy` is set when a column owns it through `OWNED BY`. */
export function mapSequence(row: SequenceRow): SequenceDef {
  const owned =
    row.owner_kind === "a" && row.owner_schema !== null && row.owner_table !== null && row.owner_column !== null;
  return {
    schema: row.schema,
    name: row.name,
    dataType: row.data_type,
    start: row.start,
    increment: row.increment,
    minValue: row.min_value,
    maxValue: row.max_value,
    cache: row.cache,
    cycle: row.cycle,
    ownedBy: owned
      ? { table: { schema: row.owner_schema!, name: row.owner_table! }, column: row.owner_column! }
      : null,
    ...(row.unlogged && { unlogged: true }),
  };
}
