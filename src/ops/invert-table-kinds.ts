/** The inverses of the domain, composite type, range type, partition, inheritance and storage ops (see invert.ts). */
import { IrreversibleOperationError } from "./irreversible-operation-error";
import type { Operation } from "./operation";
import { invertedRanges, invertedUsage } from "./enum-change";
import type { TableKindOperationTable } from "./table-kind-ops";

export const TABLE_KIND_INVERSES: TableKindOperationTable<Operation> = {
  createDomain: (op) => ({
    kind: "dropDomain",
    domain: { schema: op.domain.schema, name: op.domain.name },
    existing: op.domain,
  }),
  dropDomain: (op) => ({ kind: "createDomain", domain: need(op, op.existing, "the domain's definition (existing)") }),
  alterDomain: (op) => ({
    kind: "alterDomain",
    from: op.to,
    to: op.from,
    ...(op.usages !== undefined && { usages: op.usages.map(invertedUsage) }),
    ...(op.ranges !== undefined && { ranges: invertedRanges(op.ranges) }),
  }),
  createCompositeType: (op) => ({
    kind: "dropCompositeType",
    type: { schema: op.type.schema, name: op.type.name },
    existing: op.type,
  }),
  dropCompositeType: (op) => ({
    kind: "createCompositeType",
    type: need(op, op.existing, "the composite type's attributes (existing)"),
  }),
  alterCompositeType: (op) => ({ kind: "alterCompositeType", from: op.to, to: op.from, ...(op.usages !== undefined && { usages: op.usages.map(invertedUsage) }) }),
  createRangeType: (op) => ({
    kind: "dropRangeType",
    type: { schema: op.type.schema, name: op.type.name },
    existing: op.type,
  }),
  dropRangeType: (op) => ({ kind: "createRangeType", type: need(op, op.existing, "the range type's definition (existing)") }),
  alterRangeType: (op) => ({ kind: "alterRangeType", from: op.to, to: op.from }),
  attachPartition: (op) => ({
    kind: "detachPartition",
    table: op.table,
    parent: op.parent,
    existing: { bound: op.bound },
    ...(op.standalone && { standalone: true }),
  }),
  detachPartition: (op) => ({
    kind: "attachPartition",
    table: op.table,
    parent: op.parent,
    bound: need(op, op.existing, "the partition's bound (existing)").bound,
    ...(op.standalone && { standalone: true }),
  }),
  addInheritance: (op) => ({ kind: "dropInheritance", table: op.table, parent: op.parent }),
  dropInheritance: (op) => ({ kind: "addInheritance", table: op.table, parent: op.parent }),
  alterTableStorage: (op) => ({ kind: "alterTableStorage", table: op.table, from: op.to, to: op.from }),
  alterReplicaIdentity: (op) => ({ kind: "alterReplicaIdentity", table: op.table, from: op.to, to: op.from }),
  alterClusterOn: (op) => ({ kind: "alterClusterOn", table: op.table, from: op.to, to: op.from }),
  alterTableOf: (op) => ({ kind: "alterTableOf", table: op.table, from: op.to, to: op.from }),
};

function need<T>(op: Operation, value: T | undefined, missing: string): T {
  if (value === undefined) throw new IrreversibleOperationError(op, missing);
  return value;
}
