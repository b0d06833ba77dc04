/**
 * The inverse of `src/ops/op-specs.ts`: model definitions as the source text of the op API's spec
 * arguments, writing only the fields that differ from the defaults the builders fill in. Building the
 * rendered spec gives back the same definition.
 */
import type {
  ColumnDef,
  ColumnIdentity,
  ColumnStorage,
  ConstraintDef,
  ExtensionDef,
  ForeignKeyDef,
  IndexDef,
  IndexKey,
  PrimaryKeyDef,
  SequenceDef,
  TableDef,
  TableRef,
  UniqueDef,
} from "../model/schema-model";
import type { ColumnChanges, ColumnStorageSettings, DescendantSettings, EnumAttributeUsage, EnumUsage } from "../ops/operation";
import { sequenceDefaults } from "../ops/sequence-defaults";
import { SPEC_DEFAULTS } from "../ops/spec-defaults";
import { jsArray, jsListOrNothing, jsNullableString, jsObject, jsString, jsStringArray } from "./js-literal";
import { renderIdentityOptions, tableKindEntries } from "./render-table-kind-specs";

type Entries = Array<readonly [string, string | undefined]>;

/** `"users"` for a table in `public`, else `{ schema: "audit", name: "log" }`. */
export function renderTableName(ref: TableRef): string {
  return ref.schema === "public"
    ? jsString(ref.name)
    : jsObject([
        ["schema", jsString(ref.schema)],
        ["name", jsString(ref.name)],
      ]);
}

/** A nullable text field that is left out when null (its default, see `spec-defaults.ts`). */
function optionalText(value: string | null): string | undefined {
  return value === null ? undefined : jsString(value);
}

/** `render(value)`, or undefined (the field is left out) when `value` is its default. */
function unlessDefault<T>(value: T, defaultValue: T, render: (value: T) => string): string | undefined {
  return value === defaultValue ? undefined : render(value);
}

/** A flag that is left out when it has its default. */
function flag(value: boolean, defaultValue: boolean): string | undefined {
  return unlessDefault(value, defaultValue, String);
}

function renderIdentity(identity: ColumnIdentity | null): string {
  if (identity === null) return "null";
  return identity.kind === "serial"
    ? jsObject([
        ["kind", jsString("serial")],
        ["sequence", identity.sequence === undefined ? undefined : jsString(identity.sequence)],
        ["options", identity.options === undefined ? undefined : renderIdentityOptions(identity.options)],
      ])
    : jsObject([
        ["kind", jsString("identity")],
        ["generation", jsString(identity.generation)],
        ["options", identity.options === undefined ? undefined : renderIdentityOptions(identity.options)],
        ["sequence", identity.sequence === undefined ? undefined : jsString(identity.sequence)],
      ]);
}

function columnEntries(column: ColumnDef): Entries {
  return [
    ["type", jsString(column.type)],
    ["nullable", flag(column.nullable, SPEC_DEFAULTS.column.nullable)],
    ["default", optionalText(column.default)],
    ["identity", column.identity === null ? undefined : renderIdentity(column.identity)],
    ["generated", optionalText(column.generated)],
    ["virtual", column.virtual === true ? "true" : undefined],
    ["collation", optionalText(column.collation)],
    ["comment", optionalText(column.comment)],
    ["inherited", column.inherited === true ? "true" : undefined],
    ["storage", column.storage === undefined ? undefined : renderStorage(column.storage)],
    ["compression", column.compression === undefined ? undefined : jsString(column.compression)],
    ["statisticsTarget", column.statisticsTarget === undefined ? undefined : String(column.statisticsTarget)],
    ["attributeOptions", column.attributeOptions === undefined ? undefined : jsStringArray(column.attributeOptions)],
  ];
}

/** The `descendants` option of an alterColumn: each table with its settings before and after. */
export function renderDescendants(descendants: readonly DescendantSettings[]): string {
  const settings = renderStorageSettings;
  return jsArray(
    descendants.map((d) =>
      jsObject([
        ["table", renderTableName(d.table)],
        ["from", settings(d.from)],
        ["to", settings(d.to)],
      ]),
    ),
  );
}

/** A column's storage and compression: `{ storage: { mode: "EXTERNAL", typeDefault: "EXTENDED" }, compression: "lz4" }`. */
function renderStorageSettings(s: ColumnStorageSettings): string {
  return jsObject([
    ["storage", s.storage === undefined ? undefined : renderStorage(s.storage)],
    ["compression", s.compression === undefined ? undefined : jsString(s.compression)],
  ]);
}

function renderStorage(storage: ColumnStorage | null): string {
  return storage === null
    ? "null"
    : jsObject([
        ["mode", jsString(storage.mode)],
        ["typeDefault", jsString(storage.typeDefault)],
      ]);
}

/** `{ name: "task_id", type: "character varying" }` plus the fields that are not default. */
export function renderColumnSpec(column: ColumnDef): string {
  return jsObject([["name", jsString(column.name)], ...columnEntries(column)]);
}

/** A column spec without its name: the `existing` of a drop or alter. */
export function renderExistingColumn(column: ColumnDef): string {
  return jsObject(columnEntries(column));
}

/** Every key present in `changes`, including explicit nulls (which remove the default, comment, ...). */
export function renderColumnChanges(changes: ColumnChanges): string {
  const text = (v: string | null | undefined) => (v === undefined ? undefined : jsNullableString(v));
  return jsObject([
    ["type", changes.type === undefined ? undefined : jsString(changes.type)],
    ["nullable", changes.nullable === undefined ? undefined : String(changes.nullable)],
    ["default", text(changes.default)],
    ["identity", changes.identity === undefined ? undefined : renderIdentity(changes.identity)],
    ["generated", text(changes.generated)],
    ["virtual", changes.virtual === undefined ? undefined : String(changes.virtual)],
    ["collation", text(changes.collation)],
    ["comment", text(changes.comment)],
    ["storage", changes.storage === undefined ? undefined : renderStorage(changes.storage)],
    ["compression", text(changes.compression)],
    ["statisticsTarget", changes.statisticsTarget === undefined ? undefined : String(changes.statisticsTarget)],
    [
      "attributeOptions",
      changes.attributeOptions === undefined ? undefined : changes.attributeOptions === null ? "null" : jsStringArray(changes.attributeOptions),
    ],
  ]);
}

function deferrableEntries(c: PrimaryKeyDef | UniqueDef | ForeignKeyDef): Entries {
  const timing = SPEC_DEFAULTS.constraintTiming;
  return [
    ["deferrable", flag(c.deferrable, timing.deferrable)],
    ["initiallyDeferred", flag(c.initiallyDeferred, timing.initiallyDeferred)],
  ];
}

/** `tablespace: "fast"` of a table, index, key or exclusion that names one; left out for the default. */
export function tablespaceEntry(def: { readonly tablespace?: string }): readonly [string, string | undefined] {
  return ["tablespace", def.tablespace === undefined ? undefined : jsString(def.tablespace)];
}

/** `storageParameters: ["fillfactor=70"]` of an index or key's index that has some; left out otherwise. */
function storageEntry(def: { readonly storageParameters?: readonly string[] }): readonly [string, string | undefined] {
  return ["storageParameters", def.storageParameters === undefined ? undefined : jsStringArray(def.storageParameters)];
}

/** `{ "2": 500 }`: statistics targets by column number. */
export function renderStatisticsTargets(targets: Readonly<Record<number, number>>): string {
  return jsObject(Object.entries(targets).map(([column, target]) => [column, String(target)]));
}

/** `statisticsTargets: { 2: 500 }` of an index that has some; left out otherwise. */
function statisticsEntry(index: IndexDef): readonly [string, string | undefined] {
  return ["statisticsTargets", index.statisticsTargets === undefined ? undefined : renderStatisticsTargets(index.statisticsTargets)];
}

/** `include: ["total"]` of a key whose index has INCLUDE columns; left out otherwise. */
function includeEntry(key: { readonly include?: readonly string[] }): readonly [string, string | undefined] {
  return ["include", key.include === undefined ? undefined : jsStringArray(key.include)];
}

function constraintEntries(c: ConstraintDef): Entries {
  switch (c.type) {
    case "primaryKey":
      return [["columns", jsStringArray(c.columns)], includeEntry(c), ...deferrableEntries(c), tablespaceEntry(c), storageEntry(c)];
    case "unique":
      return [
        ["columns", jsStringArray(c.columns)],
        includeEntry(c),
        ...deferrableEntries(c),
        ["nullsNotDistinct", c.nullsNotDistinct === true ? "true" : undefined],
        tablespaceEntry(c),
        storageEntry(c),
      ];
    case "foreignKey":
      return [
        ["columns", jsStringArray(c.columns)],
        ["referencedTable", renderTableName(c.referencedTable)],
        ["referencedColumns", jsStringArray(c.referencedColumns)],
        ["onDelete", unlessDefault(c.onDelete, SPEC_DEFAULTS.foreignKeyActions.onDelete, jsString)],
        ["onDeleteColumns", c.onDeleteColumns === undefined ? undefined : jsStringArray(c.onDeleteColumns)],
        ["onUpdate", unlessDefault(c.onUpdate, SPEC_DEFAULTS.foreignKeyActions.onUpdate, jsString)],
        ["match", c.match === undefined ? undefined : jsString(c.match)],
        ...deferrableEntries(c),
        ["notValid", c.notValid === true ? "true" : undefined],
        ["notEnforced", c.notEnforced === true ? "true" : undefined],
      ];
    case "check":
      return [["definition", jsString(c.definition)]];
    case "exclusion":
      return [["definition", jsString(c.definition)], tablespaceEntry(c)];
  }
}

/** The spec of `addPrimaryKey`, `addUnique`, ... for a constraint (its kind is the method name). */
export function renderConstraintSpec(c: ConstraintDef): string {
  return jsObject([["name", jsString(c.name)], ...constraintEntries(c)]);
}

/** A constraint without its name, tagged with its kind: the `existing` of `dropConstraint`. */
export function renderExistingConstraint(c: ConstraintDef): string {
  return jsObject([["type", jsString(c.type)], ...constraintEntries(c)]);
}

function renderIndexKey(key: IndexKey): string {
  const entries: Entries = [
    ["descending", flag(key.descending, SPEC_DEFAULTS.indexKey.descending)],
    ["nullsFirst", flag(key.nullsFirst, key.descending)],
    ["opclass", optionalText(key.opclass)],
    ["collation", optionalText(key.collation)],
  ];
  if (entries.every(([, v]) => v === undefined)) return jsString(key.expression);
  return jsObject([["expression", jsString(key.expression)], ...entries]);
}

function indexEntries(index: IndexDef): Entries {
  const defaults = SPEC_DEFAULTS.index;
  return [
    ["keys", jsArray(index.keys.map(renderIndexKey))],
    ["unique", flag(index.unique, defaults.unique)],
    ["method", unlessDefault(index.method, defaults.method, jsString)],
    ["include", index.include.length === 0 ? undefined : jsStringArray(index.include)],
    ["where", optionalText(index.where)],
    ["nullsNotDistinct", flag(index.nullsNotDistinct, defaults.nullsNotDistinct)],
    tablespaceEntry(index),
    storageEntry(index),
    statisticsEntry(index),
  ];
}

export function renderIndexSpec(index: IndexDef): string {
  return jsObject([["name", jsString(index.name)], ...indexEntries(index)]);
}

export function renderExistingIndex(index: IndexDef): string {
  return jsObject(indexEntries(index));
}

function list<T>(items: readonly T[], render: (item: T) => string): string | undefined {
  return items.length === 0 ? undefined : jsArray(items.map(render));
}

/** The spec of `createTable` (and the `existing` of `dropTable`). */
export function renderTableSpec(table: TableDef): string {
  return jsObject([
    ["columns", jsArray(table.columns.map(renderColumnSpec))],
    ["primaryKey", table.primaryKey === null ? undefined : renderConstraintSpec(table.primaryKey)],
    ["uniques", list(table.uniques, renderConstraintSpec)],
    ["foreignKeys", list(table.foreignKeys, renderConstraintSpec)],
    ["checks", list(table.checks, renderConstraintSpec)],
    ["exclusions", list(table.exclusions, renderConstraintSpec)],
    ["indexes", list(table.indexes, renderIndexSpec)],
    ["comment", optionalText(table.comment)],
    ...tableKindEntries(table),
  ]);
}

/** A number literal when the decimal string is a safe integer, else the string itself. */
function renderDecimal(value: string): string {
  const n = Number(value);
  return Number.isSafeInteger(n) && String(n) === value ? value : jsString(value);
}

/** The spec of `createSequence`: only what differs from Postgres's defaults. */
export function renderSequenceSpec(sequence: SequenceDef): string {
  const plain = sequenceDefaults({});
  const base = sequenceDefaults({ dataType: sequence.dataType, increment: sequence.increment });
  const bounds = sequenceDefaults({
    dataType: sequence.dataType,
    increment: sequence.increment,
    minValue: sequence.minValue,
    maxValue: sequence.maxValue,
  });
  const differs = (value: string, defaultValue: string) => unlessDefault(value, defaultValue, renderDecimal);
  return jsObject([
    ["dataType", unlessDefault(sequence.dataType, plain.dataType, jsString)],
    ["start", differs(sequence.start, bounds.start)],
    ["increment", differs(sequence.increment, plain.increment)],
    ["minValue", differs(sequence.minValue, base.minValue)],
    ["maxValue", differs(sequence.maxValue, base.maxValue)],
    ["cache", differs(sequence.cache, plain.cache)],
    ["cycle", flag(sequence.cycle, plain.cycle)],
    [
      "ownedBy",
      sequence.ownedBy === null
        ? undefined
        : jsObject([
            ["table", renderTableName(sequence.ownedBy.table)],
            ["column", jsString(sequence.ownedBy.column)],
          ]),
    ],
    ["unlogged", sequence.unlogged === true ? "true" : undefined],
  ]);
}

/** `{ schema, version }` of an extension, or undefined when both are null. */
export function renderExtensionSpec(extension: ExtensionDef): string | undefined {
  const text = jsObject([
    ["schema", optionalText(extension.schema)],
    ["version", optionalText(extension.version)],
  ]);
  return text === "{}" ? undefined : text;
}

export function renderEnumAttribute(attribute: EnumAttributeUsage): string {
  return jsObject([
    ["type", renderTableName(attribute.type)],
    ["attribute", jsString(attribute.attribute)],
    ["array", flag(attribute.array, false)],
    ["multirange", attribute.multirange ? "true" : undefined],
    ["usages", jsListOrNothing(attribute.usages, renderEnumUsage)],
  ]);
}

export function renderEnumUsage(usage: EnumUsage): string {
  return jsObject([
    ["table", renderTableName(usage.table)],
    ["column", jsString(usage.column)],
    ["default", optionalText(usage.default)],
    // null (no default after the re-cast) differs from absent (the same default as before).
    ["defaultAfter", usage.defaultAfter === undefined ? undefined : usage.defaultAfter === null ? "null" : jsString(usage.defaultAfter)],
    ["array", flag(usage.array, SPEC_DEFAULTS.enumUsage.array)],
    ["multirange", usage.multirange ? "true" : undefined],
    ["settings", usage.settings === undefined ? undefined : renderStorageSettings(usage.settings)],
    [
      "descendants",
      usage.descendants === undefined
        ? undefined
        : jsArray(usage.descendants.map((d) => jsObject([["table", renderTableName(d.table)], ["settings", renderStorageSettings(d.settings)]]))),
    ],
  ]);
}
