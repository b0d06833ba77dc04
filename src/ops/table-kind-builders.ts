/**
 * The op API of domains, composite types, range types, partitions, inheritance and table storage: pure builders, part
 * of `OperationBuilders` (./builders.ts). Specs leave out what has a natural default; the renderer writes
 * only what differs from it.
 */
import type { CompositeAttributeDef, CompositeTypeDef, DomainDef, RangeTypeDef } from "../model/schema-model";
import {
  OpArgumentError,
  requireText,
  resolveEnumAttribute,
  resolveEnumUsage,
  toTableRef as ref,
  type EnumAttributeSpec,
  type EnumDomainSpec,
  type EnumUsageSpec,
  type TableName,
  type TypeName,
} from "./op-specs";
import type {
  AddInheritanceOp,
  AlterClusterOnOp,
  AlterTableOfOp,
  AlterCompositeTypeOp,
  AlterDomainOp,
  AlterRangeTypeOp,
  AlterReplicaIdentityOp,
  AlterTableStorageOp,
  AttachPartitionOp,
  CreateCompositeTypeOp,
  CreateDomainOp,
  CreateRangeTypeOp,
  DetachPartitionOp,
  DropCompositeTypeOp,
  DropDomainOp,
  DropRangeTypeOp,
  DropInheritanceOp,
  ReplicaIdentitySetting,
  TableStorage,
} from "./table-kind-ops";
import type { RangeRebuild } from "./operation";
import { resolveFunction, type FunctionSpec } from "./catalog-specs";

/** A domain: `type` is required; no collation, default, NOT NULL or checks unless given. */
export interface DomainSpec {
  readonly type: string;
  readonly collation?: string | null;
  readonly default?: string | null;
  readonly notNull?: boolean;
  /** `definition` as `pg_get_constraintdef` prints it: `CHECK ((VALUE > 0))`; a bare expression is wrapped. */
  readonly checks?: readonly { readonly name: string; readonly definition: string }[];
}

/** An attribute of a composite type; `collation` defaults to none. */
export interface AttributeSpec {
  readonly name: string;
  readonly type: string;
  readonly collation?: string | null;
}

/**
 * A range type: `subtype` is required (`format_type` text: `double precision`); the other options default
 * to what PostgreSQL gives a range type without them. Functions are named as `regproc` prints them
 * (`public.time_diff`), the multirange type as `format_type` does (`public.slots_multi`).
 */
export interface RangeTypeSpec {
  readonly subtype: string;
  readonly opclass?: string | null;
  readonly collation?: string | null;
  readonly canonical?: string | null;
  readonly subtypeDiff?: string | null;
  readonly multirange?: string | null;
}

/**
 * A range type over a type rebuilt under its columns (`alterEnum`, `alterDomain`), rebuilt with it: its
 * name and definition, its columns and its multirange type's (`multirange: true`), the domains over it.
 */
export interface RangeRebuildSpec {
  readonly name: TypeName;
  readonly spec: RangeTypeSpec;
  readonly usages?: readonly EnumUsageSpec[];
  readonly domains?: readonly EnumDomainSpec[];
  /** Attributes of composite types (that nothing uses) of the range type or its multirange type. */
  readonly attributes?: readonly EnumAttributeSpec[];
  /** Its subtype_diff function, created again over the new subtype (as `createFunction` takes it). */
  readonly subtypeDiff?: { readonly name: TypeName; readonly spec: FunctionSpec };
}

/** Storage of a table: `unlogged` defaults to false, `storageParameters` (`"fillfactor=70"`) to none. */
export interface TableStorageSpec {
  readonly unlogged?: boolean;
  readonly storageParameters?: readonly string[];
  /** Sequences its columns own that keep the other persistence (see `TableStorage.sequencesKept`). */
  readonly sequencesKept?: readonly TableName[];
}

export interface TableKindBuilders {
  /** `createDomain("positive", { type: "integer", checks: [{ name: "positive_check", definition: "VALUE > 0" }] })`. */
  createDomain(name: TypeName, spec: DomainSpec): CreateDomainOp;
  dropDomain(name: TypeName, options?: { readonly existing?: DomainSpec }): DropDomainOp;
  /**
   * Changes the default, NOT NULL and checks; `from` and `to` are complete. A new base type or collation
   * creates the domain again, re-casting `usages` (the columns of it) to the new one.
   */
  alterDomain(
    name: TypeName,
    change: {
      readonly from: DomainSpec;
      readonly to: DomainSpec;
      readonly usages?: readonly EnumUsageSpec[];
      /** Range types over the domain, rebuilt with it. */
      readonly ranges?: readonly RangeRebuildSpec[];
    },
  ): AlterDomainOp;
  /** `createCompositeType("money_amount", [{ name: "amount", type: "numeric(12,2)" }, { name: "currency", type: "text" }])`. */
  createCompositeType(name: TypeName, attributes: readonly AttributeSpec[]): CreateCompositeTypeOp;
  dropCompositeType(name: TypeName, options?: { readonly existing?: readonly AttributeSpec[] }): DropCompositeTypeOp;
  /** Adds, drops and retypes attributes (matched by name). */
  alterCompositeType(
    name: TypeName,
    change: { readonly from: readonly AttributeSpec[]; readonly to: readonly AttributeSpec[]; readonly usages?: readonly EnumUsageSpec[] },
  ): AlterCompositeTypeOp;
  /** `createRangeType("floatrange", { subtype: "double precision", subtypeDiff: "float8mi" })`. */
  createRangeType(name: TypeName, spec: RangeTypeSpec): CreateRangeTypeOp;
  dropRangeType(name: TypeName, options?: { readonly existing?: RangeTypeSpec }): DropRangeTypeOp;
  /** Drops the range type and creates it again as `to` (no ALTER TYPE changes one): nothing may use it. */
  alterRangeType(name: TypeName, change: { readonly from: RangeTypeSpec; readonly to: RangeTypeSpec }): AlterRangeTypeOp;
  /** `attachPartition("measurement_2006", "measurement", "FOR VALUES FROM ('2006-01-01') TO ('2007-01-01')")`. */
  attachPartition(table: TableName, parent: TableName, bound: string, options?: { readonly standalone?: boolean }): AttachPartitionOp;
  /**
   * The table stays, with its rows; `existing` is its bound, so the detach can be reversed; `standalone`
   * drops what it keeps of the parent's (see DetachPartitionOp).
   */
  detachPartition(
    table: TableName,
    parent: TableName,
    options?: { readonly existing?: { readonly bound: string }; readonly standalone?: boolean },
  ): DetachPartitionOp;
  /** `ALTER TABLE table INHERIT parent`. */
  addInheritance(table: TableName, parent: TableName): AddInheritanceOp;
  /** `ALTER TABLE table NO INHERIT parent`: the columns stay, as the table's own. */
  dropInheritance(table: TableName, parent: TableName): DropInheritanceOp;
  /** `alterTableStorage("events", { from: {}, to: { unlogged: true, storageParameters: ["fillfactor=70"] } })`. */
  alterTableStorage(
    table: TableName,
    change: { readonly from: TableStorageSpec; readonly to: TableStorageSpec },
  ): AlterTableStorageOp;
  /**
   * `alterReplicaIdentity("orders", { from: "default", to: { index: "orders_code_key" } })`: each side is
   * `"default"`, `"full"`, `"nothing"` or `{ index }`.
   */
  alterReplicaIdentity(
    table: TableName,
    change: { readonly from: ReplicaIdentitySetting; readonly to: ReplicaIdentitySetting },
  ): AlterReplicaIdentityOp;
  /**
   * `alterClusterOn("orders", { from: null, to: "orders_created_idx" })`; null for none (`SET WITHOUT
   * CLUSTER`). The table may be a materialized view.
   */
  alterClusterOn(table: TableName, change: { readonly from: string | null; readonly to: string | null }): AlterClusterOnOp;
  /**
   * `alterTableOf("people", { from: null, to: "person" })`: `ALTER TABLE ... OF` the composite type `to`, or
   * `NOT OF` for null, from the type it was typed by (`from`, null for none).
   */
  alterTableOf(table: TableName, change: { readonly from: TypeName | null; readonly to: TypeName | null }): AlterTableOfOp;
}

export const tableKindBuilders: TableKindBuilders = {
  createDomain: (name, spec) => ({ kind: "createDomain", domain: resolveDomain(name, spec, "createDomain") }),
  dropDomain: (name, options) => ({
    kind: "dropDomain",
    domain: ref(name, "dropDomain"),
    ...(options?.existing && { existing: resolveDomain(name, options.existing, "dropDomain") }),
  }),
  alterDomain: (name, change) => ({
    kind: "alterDomain",
    from: resolveDomain(name, change?.from, "alterDomain"),
    to: resolveDomain(name, change?.to, "alterDomain"),
    ...((change?.usages ?? []).length > 0 && { usages: (change?.usages ?? []).map((u) => resolveEnumUsage(u, "alterDomain")) }),
    ...((change?.ranges ?? []).length > 0 && { ranges: (change?.ranges ?? []).map((r) => resolveRangeRebuild(r, "alterDomain")) }),
  }),
  createCompositeType: (name, attributes) => ({
    kind: "createCompositeType",
    type: resolveComposite(name, attributes, "createCompositeType"),
  }),
  dropCompositeType: (name, options) => ({
    kind: "dropCompositeType",
    type: ref(name, "dropCompositeType"),
    ...(options?.existing && { existing: resolveComposite(name, options.existing, "dropCompositeType") }),
  }),
  alterCompositeType: (name, change) => ({
    kind: "alterCompositeType",
    from: resolveComposite(name, change?.from, "alterCompositeType"),
    to: resolveComposite(name, change?.to, "alterCompositeType"),
    ...((change?.usages ?? []).length > 0 && { usages: (change?.usages ?? []).map((u) => resolveEnumUsage(u, "alterCompositeType")) }),
  }),
  createRangeType: (name, spec) => ({ kind: "createRangeType", type: resolveRangeType(name, spec, "createRangeType") }),
  dropRangeType: (name, options) => ({
    kind: "dropRangeType",
    type: ref(name, "dropRangeType"),
    ...(options?.existing && { existing: resolveRangeType(name, options.existing, "dropRangeType") }),
  }),
  alterRangeType: (name, change) => ({
    kind: "alterRangeType",
    from: resolveRangeType(name, change?.from, "alterRangeType"),
    to: resolveRangeType(name, change?.to, "alterRangeType"),
  }),
  attachPartition: (table, parent, bound, options) => ({
    kind: "attachPartition",
    table: ref(table, "attachPartition"),
    parent: ref(parent, "attachPartition"),
    bound: requireText(bound, "the partition bound", "attachPartition"),
    ...(options?.standalone === true && { standalone: true }),
  }),
  detachPartition: (table, parent, options) => ({
    kind: "detachPartition",
    table: ref(table, "detachPartition"),
    parent: ref(parent, "detachPartition"),
    ...(options?.existing && {
      existing: { bound: requireText(options.existing.bound, "the partition bound", "detachPartition") },
    }),
    ...(options?.standalone === true && { standalone: true }),
  }),
  addInheritance: (table, parent) => ({
    kind: "addInheritance",
    table: ref(table, "addInheritance"),
    parent: ref(parent, "addInheritance"),
  }),
  dropInheritance: (table, parent) => ({
    kind: "dropInheritance",
    table: ref(table, "dropInheritance"),
    parent: ref(parent, "dropInheritance"),
  }),
  alterTableStorage: (table, change) => ({
    kind: "alterTableStorage",
    table: ref(table, "alterTableStorage"),
    from: resolveStorage(change?.from),
    to: resolveStorage(change?.to),
  }),
  alterReplicaIdentity: (table, change) => ({
    kind: "alterReplicaIdentity",
    table: ref(table, "alterReplicaIdentity"),
    from: resolveReplicaIdentity(change?.from, "alterReplicaIdentity"),
    to: resolveReplicaIdentity(change?.to, "alterReplicaIdentity"),
  }),
  alterClusterOn: (table, change) => ({
    kind: "alterClusterOn",
    table: ref(table, "alterClusterOn"),
    from: change?.from == null ? null : requireText(change.from, "the index clustered on", "alterClusterOn"),
    to: change?.to == null ? null : requireText(change.to, "the index to cluster on", "alterClusterOn"),
  }),
  alterTableOf: (table, change) => ({
    kind: "alterTableOf",
    table: ref(table, "alterTableOf"),
    from: change?.from == null ? null : ref(change.from, "alterTableOf"),
    to: change?.to == null ? null : ref(change.to, "alterTableOf"),
  }),
};

export function resolveDomain(name: TypeName, spec: DomainSpec | undefined, method: string): DomainDef {
  if (spec === null || typeof spec !== "object") throw new OpArgumentError(method, "the domain needs a spec with a type.");
  return {
    ...ref(name, method),
    type: requireText(spec.type, "the domain's base type", method),
    collation: spec.collation ?? null,
    default: spec.default ?? null,
    notNull: spec.notNull ?? false,
    checks: (spec.checks ?? []).map((check) => {
      const text = requireText(check?.definition, `the definition of check "${check?.name}"`, method).trim();
      return {
        name: requireText(check.name, "the check's name", method),
        definition: /^CHECK\s*\(/i.test(text) ? text : `CHECK (${text})`,
      };
    }),
  };
}

export function resolveComposite(name: TypeName, attributes: readonly AttributeSpec[] | undefined, method: string): CompositeTypeDef {
  if (!Array.isArray(attributes)) throw new OpArgumentError(method, "the composite type needs an array of attributes.");
  return {
    ...ref(name, method),
    attributes: attributes.map(
      (a): CompositeAttributeDef => ({
        name: requireText(a?.name, "the attribute's name", method),
        type: requireText(a.type, `the type of attribute "${a.name}"`, method),
        collation: a.collation ?? null,
      }),
    ),
  };
}

export function resolveRangeType(name: TypeName, spec: RangeTypeSpec | undefined, method: string): RangeTypeDef {
  if (spec === null || typeof spec !== "object") throw new OpArgumentError(method, "the range type needs a spec with a subtype.");
  const optional = (value: string | null | undefined, what: string) => (value == null ? null : requireText(value, what, method));
  return {
    ...ref(name, method),
    subtype: requireText(spec.subtype, "the range type's subtype", method),
    opclass: optional(spec.opclass, "the subtype's operator class"),
    collation: optional(spec.collation, "the range type's collation"),
    canonical: optional(spec.canonical, "the canonical function"),
    subtypeDiff: optional(spec.subtypeDiff, "the subtype difference function"),
    multirange: optional(spec.multirange, "the multirange type's name"),
  };
}

export function resolveRangeRebuild(spec: RangeRebuildSpec, method: string): RangeRebuild {
  const domains = (spec?.domains ?? []).map((d) => ({
    domain: resolveDomain(d?.name, d?.spec, method),
    usages: (d.usages ?? []).map((u) => resolveEnumUsage(u, method)),
  }));
  const attributes = (spec?.attributes ?? []).map((a) => resolveEnumAttribute(a, method));
  return {
    range: resolveRangeType(spec?.name, spec?.spec, method),
    usages: (spec.usages ?? []).map((u) => resolveEnumUsage(u, method)),
    ...(domains.length > 0 && { domains }),
    ...(attributes.length > 0 && { attributes }),
    ...(spec?.subtypeDiff !== undefined && { subtypeDiff: resolveFunction(spec.subtypeDiff.name, spec.subtypeDiff.spec, method) }),
  };
}

export function resolveStorage(spec: TableStorageSpec | undefined, method = "alterTableStorage"): TableStorage {
  const storage = { unlogged: spec?.unlogged ?? false, storageParameters: [...(spec?.storageParameters ?? [])].sort() };
  const kept = spec?.sequencesKept ?? [];
  return kept.length === 0 ? storage : { ...storage, sequencesKept: kept.map((sequence) => ref(sequence, method)) };
}

function resolveReplicaIdentity(spec: ReplicaIdentitySetting | undefined, method: string): ReplicaIdentitySetting {
  if (spec === "default" || spec === "full" || spec === "nothing") return spec;
  if (spec !== null && typeof spec === "object") return { index: requireText(spec.index, "the replica identity index", method) };
  throw new OpArgumentError(method, 'a replica identity is "default", "full", "nothing" or { index }.');
}
