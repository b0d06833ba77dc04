/**
 * The op API's builders for what belongs to a relation besides its columns: keys, checks, exclusions,
 * indexes (created, dropped, renamed, validated) and views. Part of `operationBuilders` (./builders).
 */
import type {
  AddConstraintOp,
  CreateIndexOp,
  CreatePartitionedIndexOp,
  CreateViewOp,
  DropConstraintOp,
  DropIndexOp,
  DropViewOp,
  RenameConstraintOp,
  RenameIndexOp,
  AlterIndexStatisticsOp,
  AlterIndexStorageOp,
  InvalidateConstraintOp,
  ValidateConstraintOp,
} from "./operation";
import {
  type CheckSpec,
  type ExclusionSpec,
  type ExistingConstraintSpec,
  type ExistingIndexSpec,
  type ExistingValidatableSpec,
  type ForeignKeySpec,
  type IndexSpec,
  type PrimaryKeySpec,
  type TableName,
  type TypeName,
  type UniqueSpec,
  OpArgumentError,
  requireText,
  resolveCheck,
  resolveExclusion,
  resolveExistingConstraint,
  resolveForeignKey,
  resolveIndex,
  resolvePrimaryKey,
  resolveUnique,
  statisticsTargetsArgument,
  storageParametersOf,
  tablespaceOf,
  toTableRef as ref,
} from "./op-specs";
import { viewQueryText } from "../model/view-query";
import type { CheckDef, ForeignKeyDef, ViewDef } from "../model/schema-model";

export interface ConstraintBuilders {
  /** `ALTER INDEX ... RENAME TO`: the index keeps its definition (and is not rebuilt). */
  renameIndex(table: TableName, from: string, to: string): RenameIndexOp;
  /**
   * `ALTER INDEX ... RESET (...), SET (...)`: `alterIndexStorage("users", "users_email_idx", { from: [],
   * to: ["fillfactor=70"] })`. A primary key's or unique constraint's index has the constraint's name.
   */
  alterIndexStorage(
    table: TableName,
    name: string,
    change: { readonly from?: readonly string[]; readonly to?: readonly string[] },
  ): AlterIndexStorageOp;
  /**
   * `ALTER INDEX ... ALTER COLUMN n SET STATISTICS m`: `alterIndexStatistics("users", "users_lower_email_idx",
   * { from: {}, to: { 1: 500 } })`, by column number; a column `to` leaves out goes back to the default.
   */
  alterIndexStatistics(
    table: TableName,
    name: string,
    change: { readonly from?: Readonly<Record<number, number>>; readonly to?: Readonly<Record<number, number>> },
  ): AlterIndexStatisticsOp;
  /** `ALTER TABLE ... RENAME CONSTRAINT`; a primary key's or unique constraint's index is renamed with it. */
  renameConstraint(table: TableName, from: string, to: string): RenameConstraintOp;
  /** With `{ usingIndex }`, the key takes over a unique index built beforehand (CONCURRENTLY). */
  addPrimaryKey(table: TableName, spec: PrimaryKeySpec, options?: UsingIndexOptions): AddConstraintOp;
  /** With `{ usingIndex }`, the constraint takes over a unique index built beforehand (CONCURRENTLY). */
  addUnique(table: TableName, spec: UniqueSpec, options?: UsingIndexOptions): AddConstraintOp;
  /**
   * `addForeignKey("orders", { name: "orders_user_fk", columns: ["user_id"], referencedTable: "users", referencedColumns: ["id"] })`;
   * with `{ notValid: true }`, existing rows are not checked (see `validateConstraint`).
   */
  addForeignKey(table: TableName, spec: ForeignKeySpec, options?: NotValidOptions): AddConstraintOp;
  /** `addCheck("orders", { name: "orders_total_check", definition: "total >= 0" })`; `{ notValid: true }` as for foreign keys. */
  addCheck(table: TableName, spec: CheckSpec, options?: NotValidOptions): AddConstraintOp;
  addExclusion(table: TableName, spec: ExclusionSpec): AddConstraintOp;
  dropConstraint(
    table: TableName,
    name: string,
    options?: { readonly existing?: ExistingConstraintSpec },
  ): DropConstraintOp;
  /** `createIndex("users", { name: "users_email_idx", keys: ["lower(email)"], unique: true })`. */
  createIndex(table: TableName, spec: IndexSpec, options?: { readonly concurrently?: boolean }): CreateIndexOp;
  dropIndex(
    table: TableName,
    name: string,
    options?: { readonly existing?: ExistingIndexSpec; readonly concurrently?: boolean },
  ): DropIndexOp;
  /**
   * An index on a partitioned table, built without blocking writes: `ON ONLY` the table, then each
   * partition's (found when it runs) `CONCURRENTLY` and attached. Run it in a step outside a transaction.
   * @example createPartitionedIndex("events", { name: "events_kind_idx", keys: ["kind"] })
   */
  createPartitionedIndex(table: TableName, spec: IndexSpec): CreatePartitionedIndexOp;
  /**
   * `createView("active_users", { definition: "SELECT id, name FROM users WHERE active" })`; with
   * `materialized: true`, a materialized view, which may have `indexes` (created with it).
   */
  createView(name: TypeName, spec: ViewSpec): CreateViewOp;
  /** `existing` is the view's query (and a materialized view's indexes), so the drop can be reversed. */
  dropView(
    name: TypeName,
    options?: {
      readonly materialized?: boolean;
      readonly existing?: Omit<ViewSpec, "materialized">;
    },
  ): DropViewOp;
  /**
   * `validateConstraint("orders", "orders_user_fk")` → `ALTER TABLE ... VALIDATE CONSTRAINT` (after a `notValid`
   * add). `existing` is the constraint as it was, NOT VALID, so that the downgrade makes it NOT VALID again.
   */
  validateConstraint(
    table: TableName,
    name: string,
    options?: { readonly existing?: ExistingValidatableSpec },
  ): ValidateConstraintOp;
  /**
   * Makes a validated foreign key or check NOT VALID again (one `ALTER TABLE` that drops it and adds it
   * `NOT VALID`): `invalidateConstraint("orders", "orders_user_fk", { type: "foreignKey", columns: ["user_id"], ... })`.
   */
  invalidateConstraint(
    table: TableName,
    name: string,
    spec: ExistingValidatableSpec,
  ): InvalidateConstraintOp;
}

export interface NotValidOptions {
  /** Add the constraint `NOT VALID`: new rows are checked at once, existing ones by `validateConstraint`. */
  readonly notValid?: boolean;
}

export interface UsingIndexOptions {
  /** The unique index (built beforehand, usually CONCURRENTLY) the constraint takes over. */
  readonly usingIndex?: string;
}

/** The builders of `ConstraintBuilders`. */
export const constraintBuilders: ConstraintBuilders = {
  renameIndex: (table, from, to) => ({
    kind: "renameIndex",
    table: ref(table, "renameIndex"),
    from: requireText(from, "the index name", "renameIndex"),
    to: requireText(to, "the new index name", "renameIndex"),
  }),
  alterIndexStorage: (table, name, change) => ({
    kind: "alterIndexStorage",
    table: ref(table, "alterIndexStorage"),
    name: requireText(name, "the index name", "alterIndexStorage"),
    from: storageParametersOf({ storageParameters: change?.from }, "alterIndexStorage").storageParameters ?? [],
    to: storageParametersOf({ storageParameters: change?.to }, "alterIndexStorage").storageParameters ?? [],
  }),
  alterIndexStatistics: (table, name, change) => ({
    kind: "alterIndexStatistics",
    table: ref(table, "alterIndexStatistics"),
    name: requireText(name, "the index name", "alterIndexStatistics"),
    from: statisticsTargetsArgument(change?.from, "alterIndexStatistics"),
    to: statisticsTargetsArgument(change?.to, "alterIndexStatistics"),
  }),
  renameConstraint: (table, from, to) => ({
    kind: "renameConstraint",
    table: ref(table, "renameConstraint"),
    from: requireText(from, "the constraint name", "renameConstraint"),
    to: requireText(to, "the new constraint name", "renameConstraint"),
  }),
  addPrimaryKey: (table, spec, options) =>
    addConstraint(table, "addPrimaryKey", resolvePrimaryKey(spec, "addPrimaryKey"), usingIndexOf(options, "addPrimaryKey")),
  addUnique: (table, spec, options) =>
    addConstraint(table, "addUnique", resolveUnique(spec, "addUnique"), usingIndexOf(options, "addUnique")),
  addForeignKey: (table, spec, options) =>
    addConstraint(table, "addForeignKey", resolveForeignKey(spec, "addForeignKey"), notValidOf(options)),
  addCheck: (table, spec, options) => addConstraint(table, "addCheck", resolveCheck(spec, "addCheck"), notValidOf(options)),
  addExclusion: (table, spec) => addConstraint(table, "addExclusion", resolveExclusion(spec, "addExclusion")),
  dropConstraint: (table, name, options) => ({
    kind: "dropConstraint",
    table: ref(table, "dropConstraint"),
    name: requireText(name, "the constraint name", "dropConstraint"),
    ...(options?.existing && { existing: resolveExistingConstraint(name, options.existing, "dropConstraint") }),
  }),
  createIndex: (table, spec, options) => ({
    kind: "createIndex",
    table: ref(table, "createIndex"),
    index: resolveIndex(spec, "createIndex"),
    ...(options?.concurrently === true && { concurrently: true }),
  }),
  dropIndex: (table, name, options) => ({
    kind: "dropIndex",
    table: ref(table, "dropIndex"),
    name: requireText(name, "the index name", "dropIndex"),
    ...(options?.existing && { existing: resolveIndex({ ...options.existing, name }, "dropIndex") }),
    ...(options?.concurrently === true && { concurrently: true }),
  }),
  createPartitionedIndex: (table, spec) => ({
    kind: "createPartitionedIndex",
    table: ref(table, "createPartitionedIndex"),
    index: resolveIndex(spec, "createPartitionedIndex"),
  }),
  createView: (name, spec) => ({ kind: "createView", view: resolveView(name, spec?.materialized === true, spec, "createView") }),
  dropView: (name, options) => ({
    kind: "dropView",
    view: ref(name, "dropView"),
    materialized: options?.materialized === true,
    ...(options?.existing && {
      existing: resolveView(name, options.materialized === true, options.existing, "dropView"),
    }),
  }),
  validateConstraint: (table, name, options) => ({
    kind: "validateConstraint",
    table: ref(table, "validateConstraint"),
    name: requireText(name, "the constraint name", "validateConstraint"),
    ...(options?.existing && { existing: validatable(name, options.existing, "validateConstraint") }),
  }),
  invalidateConstraint: (table, name, spec) => ({
    kind: "invalidateConstraint",
    table: ref(table, "invalidateConstraint"),
    constraint: validatable(requireText(name, "the constraint name", "invalidateConstraint"), spec, "invalidateConstraint"),
  }),
};

/** A foreign key or check from its tagged spec: the only constraints that can be NOT VALID. */
function validatable(name: string, spec: ExistingConstraintSpec, method: string): ForeignKeyDef | CheckDef {
  const constraint = resolveExistingConstraint(name, spec, method);
  if (constraint.type !== "foreignKey" && constraint.type !== "check") {
    throw new OpArgumentError(method, `only a foreign key or a check can be NOT VALID, not a ${spec.type} ("${name}").`);
  }
  return constraint;
}

/**
 * What `createView` takes: the query, whether the view is materialized, a materialized view's indexes,
 * tablespace and CLUSTER index, and a view's column defaults.
 */
export interface ViewSpec {
  readonly definition: string;
  readonly materialized?: boolean;
  readonly indexes?: readonly IndexSpec[];
  /** `name=value` options: `["check_option=local", "security_barrier=true"]`, a materialized view's storage parameters. */
  readonly options?: readonly string[];
  /** A materialized view's `TABLESPACE "fast"`; absent: the database's default. */
  readonly tablespace?: string;
  /** The one of a materialized view's `indexes` it is `CLUSTER ON`, set once they are created; absent: none. */
  readonly clusterOn?: string;
  /** A view's column defaults, column -> SQL expression: `{ score: "public.default_score()" }`; absent: none. */
  readonly columnDefaults?: Readonly<Record<string, string>>;
}

function resolveView(name: TypeName, materialized: boolean, spec: Omit<ViewSpec, "materialized"> | undefined, method: string): ViewDef {
  const indexes = (spec?.indexes ?? []).map((index) => resolveIndex(index, method));
  if (!materialized && indexes.length > 0) {
    throw new OpArgumentError(method, "only a materialized view can have indexes (materialized: true).");
  }
  if (!materialized && spec?.tablespace != null) {
    throw new OpArgumentError(method, "only a materialized view has a tablespace (materialized: true).");
  }
  const clusterOn = spec?.clusterOn == null ? undefined : requireText(spec.clusterOn, "the index to cluster on (clusterOn)", method);
  const columnDefaults = Object.entries(spec?.columnDefaults ?? {}).map(
    ([column, expression]) => [requireText(column, "a column with a default", method), requireText(expression, `the default of ${column}`, method)] as const,
  );
  if (materialized && columnDefaults.length > 0) {
    throw new OpArgumentError(method, "only a plain view has column defaults, not a materialized view.");
  }
  if (clusterOn !== undefined && !indexes.some((index) => index.name === clusterOn)) {
    throw new OpArgumentError(method, `clusterOn names "${clusterOn}", which is none of the view's indexes.`);
  }
  return {
    ...ref(name, method),
    materialized,
    // Held as the model holds it (see `viewQueryText`).
    definition: viewQueryText(requireText(spec?.definition, "the view's query (definition)", method)),
    indexes,
    ...(spec?.options !== undefined && { options: [...spec.options].map((o) => requireText(o, "an option (name=value)", method)).sort() }),
    ...tablespaceOf(spec ?? {}, method),
    ...(clusterOn !== undefined && { clusterOn }),
    ...(columnDefaults.length > 0 && { columnDefaults: Object.fromEntries(columnDefaults) }),
  };
}

function addConstraint(
  table: TableName,
  method: string,
  constraint: AddConstraintOp["constraint"],
  extra: Pick<AddConstraintOp, "notValid" | "usingIndex"> = {},
): AddConstraintOp {
  requireText(constraint.name, "the constraint name", method);
  return { kind: "addConstraint", table: ref(table, method), constraint, ...extra };
}

function notValidOf(options: NotValidOptions | undefined): Pick<AddConstraintOp, "notValid"> {
  return options?.notValid === true ? { notValid: true } : {};
}

function usingIndexOf(options: UsingIndexOptions | undefined, method: string): Pick<AddConstraintOp, "usingIndex"> {
  if (options?.usingIndex === undefined) return {};
  return { usingIndex: requireText(options.usingIndex, "the index name (usingIndex)", method) };
}

