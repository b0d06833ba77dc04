/**
 * The pure functions that turn the op API's argument types (op-specs.ts) into the model's full
 * definitions: every field a spec leaves out takes its natural default (spec-defaults.ts), so that
 * hand-written calls stay short; the renderer writes only the fields that differ from these defaults, and
 * building a rendered call yields the same definition again.
 */
import { AutogenError } from "../errors";
import type {
  CheckDef,
  ColumnDef,
  ConstraintDef,
  ExclusionDef,
  ExtensionDef,
  ForeignKeyDef,
  IndexDef,
  IndexKey,
  PrimaryKeyDef,
  TableDef,
  TableRef,
  UniqueDef,
} from "../model/schema-model";
import type { EnumAttributeUsage, EnumUsage } from "./operation";
import { SPEC_DEFAULTS } from "./spec-defaults";
import type {
  TableName,
  ColumnSpec,
  ExistingColumnSpec,
  PrimaryKeySpec,
  UniqueSpec,
  ForeignKeySpec,
  CheckSpec,
  ExclusionSpec,
  ExistingConstraintSpec,
  IndexKeySpec,
  IndexSpec,
  TableSpec,
  ExtensionSpec,
  EnumUsageSpec,
  EnumAttributeSpec,
} from "./op-specs";

/** A migration file called an op with arguments that do not describe a valid object. */
export class OpArgumentError extends AutogenError {
  constructor(
    readonly method: string,
    readonly detail: string,
  ) {
    super(`Invalid arguments to op.${method}(): ${detail}`);
  }
}

/** Turns a `TableName` into a `TableRef` (a bare string is in schema `public`). */
export function toTableRef(name: TableName, method: string): TableRef {
  if (typeof name === "string") return { schema: "public", name: requireText(name, "the name", method) };
  if (name === null || typeof name !== "object") {
    throw new OpArgumentError(method, `a table or type name must be a string or { schema, name }, got ${typeof name}.`);
  }
  return {
    schema: requireText(name.schema, "the schema", method),
    name: requireText(name.name, "the name", method),
  };
}

/** Checks that a required identifier or text argument is a non-empty string. */
export function requireText(value: unknown, what: string, method: string): string {
  if (typeof value !== "string" || value.length === 0) {
    throw new OpArgumentError(method, `${what} must be a non-empty string, got ${JSON.stringify(value) ?? typeof value}.`);
  }
  return value;
}

export function resolveColumn(spec: ColumnSpec, method: string): ColumnDef {
  return resolveExistingColumn(requireText(spec?.name, "the column name", method), spec, method);
}

export function resolveExistingColumn(name: string, spec: ExistingColumnSpec, method: string): ColumnDef {
  const defaults = SPEC_DEFAULTS.column;
  if (spec.virtual === true && spec.generated == null) {
    throw new OpArgumentError(method, `column "${name}" has virtual: true but no generated expression: only a generated column can be VIRTUAL.`);
  }
  return {
    name,
    type: requireText(spec?.type, `the type of column "${name}"`, method),
    nullable: spec.nullable ?? defaults.nullable,
    default: spec.default ?? defaults.default,
    identity: spec.identity ?? defaults.identity,
    generated: spec.generated ?? defaults.generated,
    ...(spec.virtual === true && { virtual: true }),
    collation: spec.collation ?? defaults.collation,
    comment: spec.comment ?? defaults.comment,
    ...(spec.inherited === true && { inherited: true }),
    ...(spec.storage != null && { storage: spec.storage }),
    ...(spec.compression != null && { compression: spec.compression }),
    ...(spec.statisticsTarget != null && { statisticsTarget: spec.statisticsTarget }),
    ...(spec.attributeOptions != null && spec.attributeOptions.length > 0 && { attributeOptions: spec.attributeOptions }),
  };
}

/**
 * `{ tablespace }` of a spec that names one (a table's, an index's, a key's or exclusion's index's), else
 * nothing: absent is the database's default.
 */
export function tablespaceOf(spec: { readonly tablespace?: string | null }, method: string): { readonly tablespace?: string } {
  return spec.tablespace == null ? {} : { tablespace: requireText(spec.tablespace, "the tablespace", method) };
}

/**
 * `{ storageParameters }` of a spec that gives some (an index's, a key's index's: `["fillfactor=70"]`, in
 * the order the index keeps them), else nothing.
 */
export function storageParametersOf(
  spec: { readonly storageParameters?: readonly string[] | null | undefined },
  method: string,
): { readonly storageParameters?: readonly string[] } {
  if (spec.storageParameters == null || spec.storageParameters.length === 0) return {};
  return { storageParameters: spec.storageParameters.map((p) => requireText(p, "a storage parameter (name=value)", method)) };
}

/** `deferrable` and `initiallyDeferred` of a key or foreign key spec, defaults filled. */
function resolveTiming(spec: {
  readonly deferrable?: boolean;
  readonly initiallyDeferred?: boolean;
}): Pick<ForeignKeyDef, "deferrable" | "initiallyDeferred"> {
  const timing = SPEC_DEFAULTS.constraintTiming;
  return {
    deferrable: spec.deferrable ?? timing.deferrable,
    initiallyDeferred: spec.initiallyDeferred ?? timing.initiallyDeferred,
  };
}

export function resolvePrimaryKey(spec: PrimaryKeySpec, method: string): PrimaryKeyDef {
  return {
    type: "primaryKey",
    name: spec.name,
    columns: [...spec.columns],
    ...(spec.include != null && spec.include.length > 0 && { include: [...spec.include] }),
    ...resolveTiming(spec),
    ...tablespaceOf(spec, method),
    ...storageParametersOf(spec, method),
  };
}

export function resolveUnique(spec: UniqueSpec, method: string): UniqueDef {
  return {
    type: "unique",
    name: spec.name,
    columns: [...spec.columns],
    ...(spec.include != null && spec.include.length > 0 && { include: [...spec.include] }),
    ...resolveTiming(spec),
    ...(spec.nullsNotDistinct === true && { nullsNotDistinct: true }),
    ...tablespaceOf(spec, method),
    ...storageParametersOf(spec, method),
  };
}

export function resolveForeignKey(spec: ForeignKeySpec, method: string): ForeignKeyDef {
  return {
    type: "foreignKey",
    name: spec.name,
    columns: [...spec.columns],
    referencedTable: toTableRef(spec.referencedTable, method),
    referencedColumns: [...spec.referencedColumns],
    onDelete: spec.onDelete ?? SPEC_DEFAULTS.foreignKeyActions.onDelete,
    ...(spec.onDeleteColumns != null && spec.onDeleteColumns.length > 0 && { onDeleteColumns: [...spec.onDeleteColumns] }),
    onUpdate: spec.onUpdate ?? SPEC_DEFAULTS.foreignKeyActions.onUpdate,
    ...(spec.match === "FULL" && { match: "FULL" as const }),
    ...resolveTiming(spec),
    ...(spec.notValid === true && { notValid: true }),
    ...(spec.notEnforced === true && { notEnforced: true }),
  };
}

export function resolveCheck(spec: CheckSpec, method: string): CheckDef {
  const text = requireText(spec.definition, `the definition of check "${spec.name}"`, method).trim();
  return { type: "check", name: spec.name, definition: /^CHECK\s*\(/i.test(text) ? text : `CHECK (${text})` };
}

export function resolveExclusion(spec: ExclusionSpec, method: string): ExclusionDef {
  return {
    type: "exclusion",
    name: spec.name,
    definition: requireText(spec.definition, `the definition of exclusion "${spec.name}"`, method),
    ...tablespaceOf(spec, method),
  };
}

/** The constraint a `dropConstraint` names, from its tagged spec. */
export function resolveExistingConstraint(name: string, spec: ExistingConstraintSpec, method: string): ConstraintDef {
  switch (spec.type) {
    case "primaryKey":
      return resolvePrimaryKey({ ...spec, name }, method);
    case "unique":
      return resolveUnique({ ...spec, name }, method);
    case "foreignKey":
      return resolveForeignKey({ ...spec, name }, method);
    case "check":
      return resolveCheck({ ...spec, name }, method);
    case "exclusion":
      return resolveExclusion({ ...spec, name }, method);
    default:
      throw new OpArgumentError(method, `unknown constraint type ${JSON.stringify((spec as { type: unknown }).type)}.`);
  }
}

export function resolveIndexKey(spec: IndexKeySpec): IndexKey {
  const key = typeof spec === "string" ? { expression: spec } : spec;
  const descending = key.descending ?? SPEC_DEFAULTS.indexKey.descending;
  return {
    expression: key.expression,
    descending,
    nullsFirst: key.nullsFirst ?? descending,
    opclass: key.opclass ?? SPEC_DEFAULTS.indexKey.opclass,
    collation: key.collation ?? SPEC_DEFAULTS.indexKey.collation,
  };
}

export function resolveIndex(spec: IndexSpec, method: string): IndexDef {
  const name = requireText(spec?.name, "the index name", method);
  if (!Array.isArray(spec.keys) || spec.keys.length === 0) {
    throw new OpArgumentError(method, `index "${name}" needs at least one key.`);
  }
  return {
    name,
    unique: spec.unique ?? SPEC_DEFAULTS.index.unique,
    method: spec.method ?? SPEC_DEFAULTS.index.method,
    keys: spec.keys.map(resolveIndexKey),
    include: [...(spec.include ?? [])],
    where: spec.where ?? SPEC_DEFAULTS.index.where,
    nullsNotDistinct: spec.nullsNotDistinct ?? SPEC_DEFAULTS.index.nullsNotDistinct,
    ...tablespaceOf(spec, method),
    ...storageParametersOf(spec, method),
    ...statisticsTargetsOf(spec, method),
  };
}

/**
 * `{ statisticsTargets }` of an index spec that gives some (`{ 2: 500 }`: column number -> target), else
 * nothing; each a column number from 1 and a target from 0 to 10000.
 */
export function statisticsTargetsOf(
  spec: { readonly statisticsTargets?: Readonly<Record<number, number>> | null },
  method: string,
): { readonly statisticsTargets?: Readonly<Record<number, number>> } {
  const targets = statisticsTargetsArgument(spec.statisticsTargets, method);
  return Object.keys(targets).length === 0 ? {} : { statisticsTargets: targets };
}

/** A statistics targets argument (`{ 2: 500 }`, or nothing: none), checked. */
export function statisticsTargetsArgument(value: Readonly<Record<number, number>> | null | undefined, method: string): Record<number, number> {
  if (value == null) return {};
  if (typeof value !== "object" || Array.isArray(value)) {
    throw new OpArgumentError(method, `statistics targets must be an object of column number -> target, got ${JSON.stringify(value)}.`);
  }
  const targets: Record<number, number> = {};
  for (const [column, target] of Object.entries(value)) {
    const n = Number(column);
    if (!Number.isInteger(n) || n < 1 || !Number.isInteger(target) || target < 0 || target > 10000) {
      throw new OpArgumentError(method, `a statistics target must be a column number from 1 -> an integer from 0 to 10000, got ${column}: ${JSON.stringify(target)}.`);
    }
    targets[n] = target;
  }
  return targets;
}

export function resolveTable(ref: TableRef, spec: TableSpec, method: string): TableDef {
  if (spec === null || typeof spec !== "object" || !Array.isArray(spec.columns)) {
    throw new OpArgumentError(method, `table ${ref.schema}.${ref.name} needs a spec with a "columns" array.`);
  }
  return {
    schema: ref.schema,
    name: ref.name,
    comment: spec.comment ?? null,
    columns: spec.columns.map((c) => resolveColumn(c, method)),
    primaryKey: spec.primaryKey ? resolvePrimaryKey(spec.primaryKey, method) : null,
    uniques: (spec.uniques ?? []).map((u) => resolveUnique(u, method)),
    foreignKeys: (spec.foreignKeys ?? []).map((fk) => resolveForeignKey(fk, method)),
    checks: (spec.checks ?? []).map((c) => resolveCheck(c, method)),
    exclusions: (spec.exclusions ?? []).map((e) => resolveExclusion(e, method)),
    indexes: (spec.indexes ?? []).map((i) => resolveIndex(i, method)),
    ...(spec.partitionBy !== undefined && { partitionBy: requireText(spec.partitionBy, "the partition key", method) }),
    ...(spec.partitionOf !== undefined && {
      partitionOf: {
        parent: toTableRef(spec.partitionOf.parent, method),
        bound: requireText(spec.partitionOf.bound, "the partition bound", method),
      },
    }),
    ...(spec.inherits !== undefined && spec.inherits.length > 0 && { inherits: spec.inherits.map((p) => toTableRef(p, method)) }),
    ...(spec.unlogged === true && { unlogged: true }),
    ...(spec.storageParameters !== undefined &&
      spec.storageParameters.length > 0 && { storageParameters: [...spec.storageParameters].sort() }),
    ...tablespaceOf(spec, method),
    ...(spec.ofType !== undefined && { ofType: toTableRef(spec.ofType, method) }),
  };
}

export function resolveExtension(name: string, spec: ExtensionSpec | undefined, method: string): ExtensionDef {
  return {
    name: requireText(name, "the extension name", method),
    schema: spec?.schema ?? SPEC_DEFAULTS.extension.schema,
    version: spec?.version ?? SPEC_DEFAULTS.extension.version,
  };
}

export function resolveEnumAttribute(spec: EnumAttributeSpec, method: string): EnumAttributeUsage {
  return {
    type: toTableRef(spec.type, method),
    attribute: requireText(spec.attribute, "the attribute's name", method),
    array: spec.array ?? false,
    ...(spec.multirange === true && { multirange: true }),
    ...(spec.usages !== undefined && spec.usages.length > 0 && { usages: spec.usages.map((u) => resolveEnumUsage(u, method)) }),
  };
}

export function resolveEnumUsage(spec: EnumUsageSpec, method: string): EnumUsage {
  return {
    table: toTableRef(spec.table, method),
    column: requireText(spec.column, "the usage's column", method),
    default: spec.default ?? SPEC_DEFAULTS.enumUsage.default,
    ...(spec.defaultAfter !== undefined && { defaultAfter: spec.defaultAfter }),
    array: spec.array ?? SPEC_DEFAULTS.enumUsage.array,
    ...(spec.multirange === true && { multirange: true }),
    ...(spec.settings !== undefined && Object.keys(spec.settings).length > 0 && { settings: spec.settings }),
    ...(spec.descendants !== undefined &&
      spec.descendants.length > 0 && {
        descendants: spec.descendants.map((d) => ({ table: toTableRef(d.table, method), settings: d.settings ?? {} })),
      }),
  };
}
