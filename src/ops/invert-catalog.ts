/**
 * The inverses of the catalog-object operations (see ./invert.ts), derived from what each op carries.
 */
import { IrreversibleOperationError } from "./irreversible-operation-error";
import { functionRef, memberRef, type CatalogOperation } from "./catalog-operations";
import type { Operation, OperationTable } from "./operation";

function need<T>(op: Operation, value: T | undefined, missing: string): T {
  if (value === undefined) throw new IrreversibleOperationError(op, missing);
  return value;
}

export const CATALOG_INVERSES: Pick<OperationTable<Operation>, CatalogOperation["kind"]> = {
  createFunction: (op) => ({ kind: "dropFunction", function: functionRef(op.function), existing: op.function }),
  dropFunction: (op) => ({ kind: "createFunction", function: need(op, op.existing, "the function's definition (existing)") }),
  replaceFunction: (op) => ({
    kind: "replaceFunction",
    function: need(op, op.existing, "the function's previous definition (existing)"),
    existing: op.function,
    ...(op.recreate === true && { recreate: true }),
  }),
  createTrigger: (op) => ({ kind: "dropTrigger", trigger: memberRef(op.trigger), existing: op.trigger }),
  dropTrigger: (op) => ({ kind: "createTrigger", trigger: need(op, op.existing, "the trigger's definition (existing)") }),
  createRule: (op) => ({ kind: "dropRule", rule: memberRef(op.rule), existing: op.rule }),
  dropRule: (op) => ({ kind: "createRule", rule: need(op, op.existing, "the rule's definition (existing)") }),
  createStatistics: (op) => ({
    kind: "dropStatistics",
    statistics: { schema: op.statistics.schema, name: op.statistics.name },
    existing: op.statistics,
  }),
  dropStatistics: (op) => ({ kind: "createStatistics", statistics: need(op, op.existing, "the statistics object's definition (existing)") }),
  createPublication: (op) => ({ kind: "dropPublication", name: op.publication.name, existing: op.publication }),
  dropPublication: (op) => ({ kind: "createPublication", publication: need(op, op.existing, "the publication's definition (existing)") }),
  alterPublication: (op) => ({ kind: "alterPublication", from: op.to, to: op.from }),
  addPublicationTable: (op) => ({
    kind: "dropPublicationTable",
    publication: op.member.publication,
    table: { schema: op.member.table.schema, name: op.member.table.name },
    existing: op.member,
  }),
  dropPublicationTable: (op) => ({ kind: "addPublicationTable", member: need(op, op.existing, "the table's columns and row filter in the publication (existing)") }),
  keepOwner: (op) => ({ ...op, stage: op.stage === "remember" ? "restore" : "remember" }),
  resetPrivileges: (op) => ({ kind: "resetPrivileges", object: op.object, stage: op.stage === "drop" ? "create" : "drop" }),
  setTriggerEnabled: (op) => ({
    kind: "setTriggerEnabled",
    trigger: op.trigger,
    enabled: need(op, op.existing, "the trigger's previous state (existing)"),
    existing: op.enabled,
    ...(op.existingPartitionStates !== undefined && { partitionStates: op.existingPartitionStates }),
    ...(op.partitionStates !== undefined && { existingPartitionStates: op.partitionStates }),
    ...(op.stage !== undefined && { stage: op.stage }),
  }),
  createPolicy: (op) => ({ kind: "dropPolicy", policy: memberRef(op.policy), existing: op.policy }),
  dropPolicy: (op) => ({ kind: "createPolicy", policy: need(op, op.existing, "the policy's definition (existing)") }),
  setRowSecurity: (op) => {
    const existing = need(op, op.existing, "the table's previous row security (existing)");
    return {
      kind: "setRowSecurity",
      table: op.table,
      enabled: existing.enabled,
      forced: existing.forced,
      existing: { enabled: op.enabled, forced: op.forced },
    };
  },
  setPrivileges: (op) => {
    const existing = need(op, op.existing, "the grantee's previous privileges (existing)");
    return {
      kind: "setPrivileges",
      object: op.object,
      grantee: op.grantee,
      ...(op.grantor !== undefined && { grantor: op.grantor }),
      privileges: existing.privileges,
      grantable: existing.grantable,
      existing: { privileges: op.privileges, grantable: op.grantable },
      ...(op.owner === true && { owner: true }),
      ...(op.stage !== undefined && { stage: op.stage === "removal" ? "addition" : "removal" }),
      ...(op.late === true && { late: true }),
      ...(op.ifColumnExists === true && { ifColumnExists: true }),
      ...(op.cascade === true && { cascade: true }),
    };
  },
  setDefaultPrivileges: (op) => {
    const existing = need(op, op.existing, "the grantee's previous default privileges (existing)");
    return {
      kind: "setDefaultPrivileges",
      role: op.role,
      schema: op.schema,
      objectType: op.objectType,
      grantee: op.grantee,
      privileges: existing.privileges,
      grantable: existing.grantable,
      existing: { privileges: op.privileges, grantable: op.grantable },
    };
  },
  setComment: (op) => ({
    kind: "setComment",
    object: op.object,
    comment: need(op, op.existing, "the previous comment (existing)"),
    existing: op.comment,
    ...(op.ifColumnExists === true && { ifColumnExists: true }),
  }),
  createCollation: (op) => ({
    kind: "dropCollation",
    collation: { schema: op.collation.schema, name: op.collation.name },
    existing: op.collation,
  }),
  dropCollation: (op) => ({
    kind: "createCollation",
    collation: need(op, op.existing, "the collation's definition (existing)"),
  }),
};
