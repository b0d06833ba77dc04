/**
 * What the domain, composite type, range type, partition, inheritance and storage ops act on (for messages, see
 * describe.ts), and which of them can lose data or fail on the rows there (see destructive.ts).
 */
import type { TableRef } from "../model/schema-model";
import type { TableKindOperationTable } from "./table-kind-ops";
import { typeChangeRisk } from "./type-widening";

function label(ref: TableRef): string {
  return ref.schema === "public" ? ref.name : `${ref.schema}.${ref.name}`;
}

export const TABLE_KIND_TARGETS: TableKindOperationTable<string> = {
  createDomain: (op) => `domain ${label(op.domain)}`,
  dropDomain: (op) => `domain ${label(op.domain)}`,
  alterDomain: (op) => `domain ${label(op.from)}`,
  createCompositeType: (op) => `type ${label(op.type)}`,
  dropCompositeType: (op) => `type ${label(op.type)}`,
  alterCompositeType: (op) => `type ${label(op.from)}`,
  createRangeType: (op) => `range type ${label(op.type)}`,
  dropRangeType: (op) => `range type ${label(op.type)}`,
  alterRangeType: (op) => `range type ${label(op.from)}`,
  attachPartition: (op) => `partition ${label(op.table)} of ${label(op.parent)}`,
  detachPartition: (op) => `partition ${label(op.table)} of ${label(op.parent)}`,
  addInheritance: (op) => `table ${label(op.table)} (parent ${label(op.parent)})`,
  dropInheritance: (op) => `table ${label(op.table)} (parent ${label(op.parent)})`,
  alterTableStorage: (op) => `storage of table ${label(op.table)}`,
  alterReplicaIdentity: (op) => `replica identity of table ${label(op.table)}`,
  // Of a table or a materialized view: the op does not say which.
  alterClusterOn: (op) => `cluster index of ${label(op.table)}`,
  alterTableOf: (op) => `composite type of table ${label(op.table)}`,
};

const safe = (): null => null;

export const TABLE_KIND_REASONS: TableKindOperationTable<string | null> = {
  createDomain: safe,
  // Postgres refuses to drop a domain a column still uses, so no value goes with it.
  dropDomain: safe,
  // A new NOT NULL or check fails on a stored value that breaks it (a warning of hazards.ts); it loses nothing.
  // A new base type re-casts the domain's columns, which can lose data as a column's type change can.
  alterDomain: (op) =>
    (op.usages ?? []).length > 0 && typeChangeRisk(op.from.type, op.to.type) === "loses"
      ? `changes the base type of domain ${label(op.from)} from ${op.from.type} to ${op.to.type} and re-casts its columns, which can fail or lose data`
      : null,
  createCompositeType: safe,
  dropCompositeType: safe,
  // Values of the type are only in its columns (`usages`; a typed table's columns change by column ops of
  // their own): without any, nothing is lost. With some, a dropped attribute's values go, and a retyped
  // one's are cast as a column's would be.
  alterCompositeType: (op) => {
    if ((op.usages ?? []).length === 0) return null;
    const dropped = op.from.attributes.filter((a) => !op.to.attributes.some((t) => t.name === a.name));
    const retyped = op.to.attributes.filter((a) =>
      op.from.attributes.some((f) => f.name === a.name && typeChangeRisk(f.type, a.type) === "loses"),
    );
    const reasons = [
      ...dropped.map((a) => `drops attribute ${a.name} of type ${label(op.from)} and its values`),
      ...retyped.map((a) => `changes the type of attribute ${a.name} of type ${label(op.from)}, which can fail or lose data`),
    ];
    return reasons.length === 0 ? null : reasons.join("; ");
  },
  createRangeType: safe,
  // Postgres refuses to drop a range type (or its multirange type) anything still uses, as a domain, so no
  // value goes with it; created again, it is one nothing uses.
  dropRangeType: safe,
  alterRangeType: safe,
  // Postgres checks every row against the bound; the rows stay where they are.
  attachPartition: safe,
  detachPartition: safe,
  addInheritance: safe,
  dropInheritance: safe,
  alterTableStorage: (op) =>
    op.to.unlogged && !op.from.unlogged
      ? `makes table ${label(op.table)} UNLOGGED: its rows are not crash-safe and are emptied after a crash`
      : null,
  // What logical decoding records of old rows changes; no row does.
  alterReplicaIdentity: safe,
  alterClusterOn: safe,
  // The columns and rows stay; only the table's tie to the type changes.
  alterTableOf: safe,
};
