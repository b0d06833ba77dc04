/**
 * The op API of migration files. `operationBuilders` turns each call's arguments into an `Operation`
 * (pure, synchronous); `MigrationOps` (./migration-ops) is the object a migration's `upgrade(op)`
 * receives, whose methods build the same operation and then execute it (the runner) or record it
 * (`recordingOps`, ./recording-ops).
 *
 * Built operations are in canonical form: optional keys (`existing`, `using`, `concurrently`, `params`,
 * `reverseSql`) are present only when the call gave them (`concurrently` only when true).
 */
import type {
  AddColumnOp,
  AlterColumnOp,
  AlterEnumOp,
  MoveEnumOp,
  RenameEnumOp,
  AlterExtensionOp,
  MoveExtensionOp,
  AlterSequenceOp,
  ColumnChanges,
  ColumnStorageSettings,
  CreateEnumOp,
  CreateExtensionOp,
  CreateSchemaOp,
  CreateSequenceOp,
  CreateTableOp,
  DropColumnOp,
  DropEnumOp,
  DropExtensionOp,
  DropSchemaOp,
  DropSequenceOp,
  DropTableOp,
  KeptSequences,
  ExecuteOp,
  RenameColumnOp,
  RenameTableOp,
  MoveTableOp,
  SetTableCommentOp,
  BackfillColumnOp,
} from "./operation";
import { DEFAULT_BACKFILL_BATCH_PAGES } from "./lock-safe-operations";
import {
  type ColumnSpec,
  type EnumUsageSpec,
  type EnumAttributeSpec,
  type EnumDomainSpec,
  type ExistingColumnSpec,
  type ExtensionSpec,
  type SequenceSpec,
  type TableName,
  type TableSpec,
  type TypeName,
  requireText,
  resolveColumn,
  resolveEnumUsage,
  resolveEnumAttribute,
  resolveExistingColumn,
  resolveExtension,
  resolveTable,
  toTableRef as ref,
} from "./op-specs";
import { resolveSequence } from "./sequence-defaults";
import { OpArgumentError } from "./op-specs";
import { resolveDomain, resolveRangeRebuild, tableKindBuilders, type RangeRebuildSpec, type TableKindBuilders } from "./table-kind-builders";
import { catalogBuilders, type CatalogOperationBuilders } from "./catalog-builders";
import { publicationBuilders, type PublicationBuilders } from "./publication-builders";
import { constraintBuilders, type ConstraintBuilders } from "./constraint-builders";

export type { NotValidOptions, UsingIndexOptions, ViewSpec } from "./constraint-builders";

export type { BatchOps, MigrationOps } from "./migration-ops";

/** One method per operation kind; each returns the operation its arguments describe. */
export interface OperationBuilders extends TableKindBuilders, CatalogOperationBuilders, ConstraintBuilders, PublicationBuilders {
  /**
   * `createSchema("audit")` → `CREATE SCHEMA "audit"`. With `ifMissing`, only where the database lacks it
   * (looked up first, so that a database that has it needs no CREATE privilege), and never dropped.
   */
  createSchema(schema: string, options?: { readonly ifMissing?: boolean }): CreateSchemaOp;
  /** `dropSchema("audit")` → `DROP SCHEMA "audit"` (the schema must be empty). */
  dropSchema(schema: string): DropSchemaOp;
  /** `createExtension("pgcrypto", { schema: "public" })` → `CREATE EXTENSION IF NOT EXISTS "pgcrypto" ...`. */
  createExtension(name: string, options?: ExtensionSpec): CreateExtensionOp;
  dropExtension(name: string, options?: { readonly existing?: ExtensionSpec }): DropExtensionOp;
  /**
   * `alterExtension("pg_trgm", "1.4", { existing: { version: "1.3" } })` → `ALTER EXTENSION "pg_trgm" UPDATE TO '1.4'`;
   * `existing` is the extension as it was, so that the update can be reversed.
   */
  alterExtension(name: string, version: string, options?: { readonly existing?: ExtensionSpec }): AlterExtensionOp;
  /** `moveExtension("citext", { from: "public", to: "extensions" })` → `ALTER EXTENSION "citext" SET SCHEMA "extensions"`. */
  moveExtension(name: string, schemas: { readonly from: string; readonly to: string }): MoveExtensionOp;
  /** `createEnum("order_status", ["pending", "paid"])` → `CREATE TYPE ... AS ENUM (...)`. */
  createEnum(name: TypeName, labels: readonly string[]): CreateEnumOp;
  /** `existing` is the enum's labels, so the drop can be reversed. */
  dropEnum(name: TypeName, options?: { readonly existing?: readonly string[] }): DropEnumOp;
  /**
   * Changes an enum's labels; `usages` are the columns re-cast when the type must be rebuilt. `valueMap`
   * rewrites the rows that hold a removed label (`{ cancelled: "closed" }`); without an entry, a removed
   * label must be in no row, which the migration checks first.
   */
  alterEnum(
    name: TypeName,
    change: {
      readonly from: readonly string[];
      readonly to: readonly string[];
      readonly usages?: readonly EnumUsageSpec[];
      /** Attributes of composite types (no column uses) retyped with a rebuild. */
      readonly attributes?: readonly EnumAttributeSpec[];
      /** Domains based on the enum, rebuilt with it, and their columns. */
      readonly domains?: readonly EnumDomainSpec[];
      /** Range types over the enum, rebuilt with it, and their columns. */
      readonly ranges?: readonly RangeRebuildSpec[];
      readonly valueMap?: Readonly<Record<string, string>>;
    },
  ): AlterEnumOp;
  /** `renameEnum("users_role_enum", "people_role_enum")`: the type stays in its schema, its columns keep their rows. */
  renameEnum(name: TypeName, to: string): RenameEnumOp;
  /**
   * `moveEnum("notes_kind_enum", "archive")` → `ALTER TYPE "public"."notes_kind_enum" SET SCHEMA "archive"`;
   * `moveEnum("notes_kind_enum", "archive", "old_notes_kind_enum")` renames it there too.
   */
  moveEnum(name: TypeName, schema: string, to?: string): MoveEnumOp;
  createSequence(name: TypeName, spec?: SequenceSpec): CreateSequenceOp;
  dropSequence(name: TypeName, options?: { readonly existing?: SequenceSpec }): DropSequenceOp;
  /** `from` and `to` are both complete (defaults filled as in `createSequence`). */
  alterSequence(name: TypeName, change: { readonly from: SequenceSpec; readonly to: SequenceSpec }): AlterSequenceOp;
  /**
   * @example
   * createTable("users", {
   *   columns: [{ name: "id", type: "integer", nullable: false }, { name: "email", type: "text" }],
   *   primaryKey: { name: "users_pkey", columns: ["id"] },
   * })
   */
  /**
   * `keepSequences`, `continueSequences`: for a table created again, the columns whose sequence goes on from
   * the one of the table a `dropTable` with the same lists dropped (see CreateTableOp).
   */
  createTable(table: TableName, spec: TableSpec, options?: KeptSequences): CreateTableOp;
  /** `keepSequences`, `continueSequences`: for a table to be created again (see DropTableOp). */
  dropTable(table: TableName, options?: { readonly existing?: TableSpec } & KeptSequences): DropTableOp;
  /** `null` removes the comment. */
  setTableComment(
    table: TableName,
    comment: string | null,
    options?: { readonly existing?: string | null },
  ): SetTableCommentOp;
  /** `renameTable("old_name", "new_name")`: the table stays in its schema. */
  renameTable(table: TableName, to: string): RenameTableOp;
  /**
   * `moveTable("notes", "archive")` → `ALTER TABLE "public"."notes" SET SCHEMA "archive"`;
   * `moveTable("notes", "archive", "old_notes")` renames it there too.
   */
  moveTable(table: TableName, schema: string, to?: string): MoveTableOp;
  /** `addColumn("memories", { name: "task_id", type: "character varying" })`. */
  addColumn(table: TableName, column: ColumnSpec): AddColumnOp;
  /** With `only: true`, `ALTER TABLE ONLY`: inheritance children keep the column as their own. */
  dropColumn(
    table: TableName,
    column: string,
    options?: { readonly existing?: ExistingColumnSpec; readonly only?: boolean },
  ): DropColumnOp;
  /**
   * Changes only the keys present in `changes`; `existing` is the column as it was, so the change can be
   * reversed.
   * @example
   * alterColumn("orders", "total", { type: "numeric(12,2)" }, { existing: { type: "integer", nullable: false } })
   */
  alterColumn(
    table: TableName,
    column: string,
    changes: ColumnChanges,
    options?: {
      readonly using?: string | null;
      readonly existing?: ExistingColumnSpec;
      readonly only?: boolean;
      /** `false`: SET NOT NULL without first filling NULL rows with the default (none can be left). */
      readonly fillNulls?: false;
      /** Partitions' and children's storage and compression, set again after a type change. */
      readonly descendants?: readonly DescendantSettingsSpec[];
      /** Partitions whose column is NOT NULL of its own, set again after a DROP NOT NULL reaches them. */
      readonly notNullPartitions?: readonly TableName[];
    },
  ): AlterColumnOp;
  renameColumn(table: TableName, from: string, to: string): RenameColumnOp;
  /**
   * Raw SQL with optional `$1` parameters. Give `reverseSql` to make it reversible.
   * @example
   * execute("UPDATE users SET active = $1", [true], { reverseSql: "UPDATE users SET active = NULL" })
   */
  execute(sql: string, params?: readonly unknown[] | null, options?: { readonly reverseSql?: string | null }): ExecuteOp;
  /**
   * Fills the NULLs of a column in committed batches (run it in a step outside a transaction).
   * @example backfillColumn("users", "status", { value: "DEFAULT" })
   */
  backfillColumn(
    table: TableName,
    column: string,
    options?: { readonly value?: string; readonly batchPages?: number },
  ): BackfillColumnOp;
}

export type BuilderName = keyof OperationBuilders;

/** The pure builders: each returns a new operation and never touches a database. */
export const operationBuilders: OperationBuilders = {
  createSchema: (schema, options) => ({
    kind: "createSchema",
    schema: requireText(schema, "the schema", "createSchema"),
    ...(options?.ifMissing === true && { ifMissing: true }),
  }),
  dropSchema: (schema) => ({ kind: "dropSchema", schema: requireText(schema, "the schema", "dropSchema") }),
  createExtension: (name, options) => ({
    kind: "createExtension",
    extension: resolveExtension(name, options, "createExtension"),
  }),
  dropExtension: (name, options) => ({
    kind: "dropExtension",
    name: requireText(name, "the extension name", "dropExtension"),
    ...(options?.existing && { existing: resolveExtension(name, options.existing, "dropExtension") }),
  }),
  moveExtension: (name, schemas) => ({
    kind: "moveExtension",
    name: requireText(name, "the extension name", "moveExtension"),
    from: requireText(schemas?.from, "the schema it is in (from)", "moveExtension"),
    to: requireText(schemas?.to, "the schema to move it to (to)", "moveExtension"),
  }),
  alterExtension: (name, version, options) => ({
    kind: "alterExtension",
    name: requireText(name, "the extension name", "alterExtension"),
    version: requireText(version, "the version", "alterExtension"),
    ...(options?.existing && { existing: resolveExtension(name, options.existing, "alterExtension") }),
  }),
  createEnum: (name, labels) => ({ kind: "createEnum", enum: { ...ref(name, "createEnum"), labels: [...labels] } }),
  dropEnum: (name, options) => ({
    kind: "dropEnum",
    enum: ref(name, "dropEnum"),
    ...(options?.existing && { existing: { ...ref(name, "dropEnum"), labels: [...options.existing] } }),
  }),
  alterEnum: (name, change) => ({
    kind: "alterEnum",
    enum: ref(name, "alterEnum"),
    from: [...change.from],
    to: [...change.to],
    usages: (change.usages ?? []).map((u) => resolveEnumUsage(u, "alterEnum")),
    ...((change.attributes ?? []).length > 0 && { attributes: (change.attributes ?? []).map((a) => resolveEnumAttribute(a, "alterEnum")) }),
    ...((change.domains ?? []).length > 0 && {
      domains: (change.domains ?? []).map((d) => ({
        domain: resolveDomain(d?.name, d?.spec, "alterEnum"),
        usages: (d.usages ?? []).map((u) => resolveEnumUsage(u, "alterEnum")),
      })),
    }),
    ...((change.ranges ?? []).length > 0 && { ranges: (change.ranges ?? []).map((r) => resolveRangeRebuild(r, "alterEnum")) }),
    ...(change.valueMap !== undefined && Object.keys(change.valueMap).length > 0 && { valueMap: { ...change.valueMap } }),
  }),
  renameEnum: (name, to) => ({
    kind: "renameEnum",
    enum: ref(name, "renameEnum"),
    to: requireText(to, "the new type name", "renameEnum"),
  }),
  moveEnum: (name, schema, to) => ({
    kind: "moveEnum",
    enum: ref(name, "moveEnum"),
    schema: requireText(schema, "the schema to move to", "moveEnum"),
    ...(to !== undefined && { to: requireText(to, "the new type name", "moveEnum") }),
  }),
  createSequence: (name, spec) => ({
    kind: "createSequence",
    sequence: resolveSequence(ref(name, "createSequence"), spec, "createSequence"),
  }),
  dropSequence: (name, options) => ({
    kind: "dropSequence",
    sequence: ref(name, "dropSequence"),
    ...(options?.existing && {
      existing: resolveSequence(ref(name, "dropSequence"), options.existing, "dropSequence"),
    }),
  }),
  alterSequence: (name, change) => ({
    kind: "alterSequence",
    from: resolveSequence(ref(name, "alterSequence"), change.from, "alterSequence"),
    to: resolveSequence(ref(name, "alterSequence"), change.to, "alterSequence"),
  }),
  createTable: (table, spec, options) => ({
    kind: "createTable",
    table: resolveTable(ref(table, "createTable"), spec, "createTable"),
    ...keptSequences(options),
  }),
  dropTable: (table, options) => ({
    kind: "dropTable",
    table: ref(table, "dropTable"),
    ...(options?.existing && { existing: resolveTable(ref(table, "dropTable"), options.existing, "dropTable") }),
    ...keptSequences(options),
  }),
  setTableComment: (table, comment, options) => ({
    kind: "setTableComment",
    table: ref(table, "setTableComment"),
    comment: comment ?? null,
    ...(options && options.existing !== undefined && { existing: options.existing }),
  }),
  renameTable: (table, to) => ({
    kind: "renameTable",
    table: ref(table, "renameTable"),
    to: requireText(to, "the new table name", "renameTable"),
  }),
  moveTable: (table, schema, to) => ({
    kind: "moveTable",
    table: ref(table, "moveTable"),
    schema: requireText(schema, "the schema to move to", "moveTable"),
    ...(to !== undefined && { to: requireText(to, "the new table name", "moveTable") }),
  }),
  addColumn: (table, column) => ({
    kind: "addColumn",
    table: ref(table, "addColumn"),
    column: resolveColumn(column, "addColumn"),
  }),
  dropColumn: (table, column, options) => ({
    kind: "dropColumn",
    table: ref(table, "dropColumn"),
    column: requireText(column, "the column name", "dropColumn"),
    ...(options?.existing && { existing: resolveExistingColumn(column, options.existing, "dropColumn") }),
    ...(options?.only === true && { only: true }),
  }),
  alterColumn: (table, column, changes, options) => ({
    kind: "alterColumn",
    table: ref(table, "alterColumn"),
    column: requireText(column, "the column name", "alterColumn"),
    changes: definedKeys(changes ?? {}),
    ...(options?.using != null && { using: options.using }),
    ...(options?.existing && { existing: resolveExistingColumn(column, options.existing, "alterColumn") }),
    ...(options?.only === true && { only: true }),
    ...(options?.fillNulls === false && { fillNulls: false }),
    ...(options?.descendants !== undefined &&
      options.descendants.length > 0 && {
        descendants: options.descendants.map((d) => ({ table: ref(d.table, "alterColumn"), from: d.from ?? {}, to: d.to ?? {} })),
      }),
    ...(options?.notNullPartitions !== undefined &&
      options.notNullPartitions.length > 0 && { notNullPartitions: options.notNullPartitions.map((t) => ref(t, "alterColumn")) }),
  }),
  renameColumn: (table, from, to) => ({
    kind: "renameColumn",
    table: ref(table, "renameColumn"),
    from: requireText(from, "the column name", "renameColumn"),
    to: requireText(to, "the new column name", "renameColumn"),
  }),
  backfillColumn: (table, column, options) => {
    const batchPages = options?.batchPages ?? DEFAULT_BACKFILL_BATCH_PAGES;
    if (!Number.isInteger(batchPages) || batchPages < 1) {
      throw new OpArgumentError("backfillColumn", `batchPages must be a positive integer, got ${String(batchPages)}.`);
    }
    return {
      kind: "backfillColumn",
      table: ref(table, "backfillColumn"),
      column: requireText(column, "the column name", "backfillColumn"),
      value: requireText(options?.value ?? "DEFAULT", "the value", "backfillColumn"),
      batchPages,
    };
  },
  execute: (sql, params, options) => ({
    kind: "execute",
    sql: requireText(sql, "the SQL", "execute"),
    ...(params != null && { params: [...params] }),
    ...(options && options.reverseSql !== undefined && { reverseSql: options.reverseSql }),
  }),
  ...constraintBuilders,
  ...tableKindBuilders,
  ...catalogBuilders,
  ...publicationBuilders,
};

/** A descendant's settings as a migration writes them: the table by name. */
export interface DescendantSettingsSpec {
  readonly table: TableName;
  readonly from?: ColumnStorageSettings;
  readonly to?: ColumnStorageSettings;
}

/** The lists `options` give, copied. */
function keptSequences(options: KeptSequences | undefined): KeptSequences {
  return {
    ...(options?.keepSequences !== undefined && { keepSequences: [...options.keepSequences] }),
    ...(options?.continueSequences !== undefined && { continueSequences: [...options.continueSequences] }),
  };
}

/** A copy without the keys whose value is `undefined` (an absent key means "leave as it is"). */
function definedKeys(changes: ColumnChanges): ColumnChanges {
  return Object.fromEntries(Object.entries(changes).filter(([, v]) => v !== undefined)) as ColumnChanges;
}
