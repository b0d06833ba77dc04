/**
 * Rows of `table-kinds.sql`, `domains.sql`, `composite-types.sql`, `range-types.sql` and identity
 * sequences -> the model's partitioning, inheritance, storage, domain, composite type, range type and
 * identity option fields.
 * @internal
 */
import { defaultMultirangeName } from "../model/multirange-name";
import type { CompositeTypeDef, DomainDef, IdentityOptions, RangeTypeDef, ReplicaIdentity, TableDef, TableRef } from "../model/schema-model";
import { sequenceDefaults } from "../ops/sequence-defaults";
import type { CompositeTypeRow, DomainRow, RangeTypeRow, SequenceRow, TableKindsRow } from "./catalog-rows";

/** The optional TableDef fields a `table-kinds.sql` row gives; plain values are left out. */
export type TableKinds = Pick<
  TableDef,
  "partitionBy" | "partitionOf" | "inherits" | "unlogged" | "storageParameters" | "replicaIdentity" | "clusterOn" | "ofType"
>;

/**
 * The fields of one table that is partitioned, a partition, a child, UNLOGGED, has storage parameters, a
 * REPLICA IDENTITY other than DEFAULT, a CLUSTER index or a composite type it is typed by.
 */
export function mapTableKinds(row: TableKindsRow): TableKinds {
  const parents: TableRef[] = row.parent_names.map((name, i) => ({ schema: row.parent_schemas[i]!, name }));
  const kinds: { -readonly [K in keyof TableKinds]: TableKinds[K] } = {};
  if (row.partition_by !== null) kinds.partitionBy = row.partition_by;
  if (row.partition_bound !== null && parents[0] !== undefined) {
    kinds.partitionOf = { parent: parents[0], bound: row.partition_bound };
  } else if (parents.length > 0) {
    kinds.inherits = parents;
  }
  if (row.unlogged) kinds.unlogged = true;
  if (row.storage_parameters.length > 0) kinds.storageParameters = [...row.storage_parameters];
  const identity = replicaIdentity(row);
  if (identity !== undefined) kinds.replicaIdentity = identity;
  if (row.cluster_index !== null) kinds.clusterOn = row.cluster_index;
  if (row.of_type_schema !== null && row.of_type_name !== null) kinds.ofType = { schema: row.of_type_schema, name: row.of_type_name };
  return kinds;
}

/**
 * A row's REPLICA IDENTITY; undefined for DEFAULT. USING INDEX whose index is gone (dropped since)
 * reads as NOTHING: PostgreSQL then records no old values, as for NOTHING.
 */
function replicaIdentity(row: TableKindsRow): ReplicaIdentity | undefined {
  switch (row.replica_identity) {
    case "f":
      return "full";
    case "n":
      return "nothing";
    case "i":
      return row.replica_identity_index === null ? "nothing" : { index: row.replica_identity_index };
    default:
      return undefined;
  }
}

export function mapDomain(row: DomainRow): DomainDef {
  return {
    schema: row.schema,
    name: row.name,
    type: row.type,
    collation: row.collation,
    default: row.default_expr,
    notNull: row.not_null,
    checks: row.check_names.map((name, i) => ({ name, definition: row.check_definitions[i]! })),
  };
}

export function mapCompositeType(row: CompositeTypeRow): CompositeTypeDef {
  return {
    schema: row.schema,
    name: row.name,
    attributes: row.attribute_names.map((name, i) => ({
      name,
      type: row.attribute_types[i]!,
      collation: row.attribute_collations[i] ?? null,
    })),
  };
}

/** A range type; its multirange type named only where PostgreSQL would not give it that name by default. */
export function mapRangeType(row: RangeTypeRow): RangeTypeDef {
  const byDefault = row.multirange_schema === row.schema && row.multirange_name === defaultMultirangeName(row.name);
  return {
    schema: row.schema,
    name: row.name,
    subtype: row.subtype,
    opclass: row.opclass,
    collation: row.collation,
    canonical: row.canonical,
    subtypeDiff: row.subtype_diff,
    multirange: byDefault ? null : row.multirange,
  };
}

/**
 * The options of an identity column's sequence that differ from what `GENERATED ... AS IDENTITY` gives a
 * column of `columnType` (its sequence has the column's integer type), or undefined when none does.
 * Bounds are compared with the defaults for the sequence's direction, the start with the default for its
 * bounds, as Postgres derives them.
 */
export function identityOptions(columnType: string, sequence: SequenceRow): IdentityOptions | undefined {
  const plain = sequenceDefaults({ dataType: columnType });
  const base = sequenceDefaults({ dataType: columnType, increment: sequence.increment });
  const bounds = sequenceDefaults({
    dataType: columnType,
    increment: sequence.increment,
    minValue: sequence.min_value,
    maxValue: sequence.max_value,
  });
  const options: { -readonly [K in keyof IdentityOptions]: IdentityOptions[K] } = {};
  if (sequence.start !== bounds.start) options.start = sequence.start;
  if (sequence.increment !== plain.increment) options.increment = sequence.increment;
  if (sequence.min_value !== base.minValue) options.minValue = sequence.min_value;
  if (sequence.max_value !== base.maxValue) options.maxValue = sequence.max_value;
  if (sequence.cache !== plain.cache) options.cache = sequence.cache;
  if (sequence.cycle !== plain.cycle) options.cycle = sequence.cycle;
  return Object.keys(options).length > 0 ? options : undefined;
}
