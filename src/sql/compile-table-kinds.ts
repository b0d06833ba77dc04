/**
 * The SQL of the domain, composite type, range type, partition, inheritance, storage and table identity ops
 * (see compile.ts).
 */
import type { TableKindOperationTable } from "../ops/table-kind-ops";
import type { CompiledStatement } from "./compiled-statement";
import {
  compileAlterCompositeType,
  compileAlterDomain,
  compileCreateCompositeType,
  compileCreateDomain,
  compileDropCompositeType,
  compileDropDomain,
} from "./compile-domains";
import {
  compileAddInheritance,
  compileAlterClusterOn,
  compileAlterTableOf,
  compileAlterReplicaIdentity,
  compileAlterTableStorage,
  compileAttachPartition,
  compileDetachPartition,
  compileDropInheritance,
} from "./compile-partitions";
import { compileAlterRangeType, compileCreateRangeType, compileDropRangeType } from "./compile-range-types";

export const TABLE_KIND_COMPILERS: TableKindOperationTable<CompiledStatement[]> = {
  createDomain: compileCreateDomain,
  dropDomain: compileDropDomain,
  alterDomain: compileAlterDomain,
  createCompositeType: compileCreateCompositeType,
  dropCompositeType: compileDropCompositeType,
  alterCompositeType: compileAlterCompositeType,
  createRangeType: compileCreateRangeType,
  dropRangeType: compileDropRangeType,
  alterRangeType: compileAlterRangeType,
  attachPartition: compileAttachPartition,
  detachPartition: compileDetachPartition,
  addInheritance: compileAddInheritance,
  dropInheritance: compileDropInheritance,
  alterTableStorage: compileAlterTableStorage,
  alterReplicaIdentity: compileAlterReplicaIdentity,
  alterClusterOn: compileAlterClusterOn,
  alterTableOf: compileAlterTableOf,
};
