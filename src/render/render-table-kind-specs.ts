/**
 * Spec texts for domains, composite types, range types, table storage, identity options and the partitioning and
 * inheritance fields of a table spec (the inverse of src/ops/table-kind-builders.ts and op-specs.ts).
 */
import type { CompositeAttributeDef, DomainDef, IdentityOptions, RangeTypeDef, TableDef, TableRef } from "../model/schema-model";
import type { ReplicaIdentitySetting, TableStorage } from "../ops/table-kind-ops";
import { jsArray, jsObject, jsString, jsStringArray } from "./js-literal";

type Entries = Array<readonly [string, string | undefined]>;

/** `"users"` for a table in `public`, else `{ schema: "audit", name: "log" }`. */
export function renderRef(ref: TableRef): string {
  return ref.schema === "public"
    ? jsString(ref.name)
    : jsObject([
        ["schema", jsString(ref.schema)],
        ["name", jsString(ref.name)],
      ]);
}

export function renderIdentityOptions(options: IdentityOptions): string {
  return jsObject([
    ["start", options.start === undefined ? undefined : jsString(options.start)],
    ["increment", options.increment === undefined ? undefined : jsString(options.increment)],
    ["minValue", options.minValue === undefined ? undefined : jsString(options.minValue)],
    ["maxValue", options.maxValue === undefined ? undefined : jsString(options.maxValue)],
    ["cache", options.cache === undefined ? undefined : jsString(options.cache)],
    ["cycle", options.cycle === undefined ? undefined : String(options.cycle)],
  ]);
}

/** The partitioning, inheritance, storage, tablespace and type entries of a table spec (none for a plain table). */
export function tableKindEntries(table: TableDef): Entries {
  return [
    ["partitionBy", table.partitionBy === undefined ? undefined : jsString(table.partitionBy)],
    [
      "partitionOf",
      table.partitionOf === undefined
        ? undefined
        : jsObject([
            ["parent", renderRef(table.partitionOf.parent)],
            ["bound", jsString(table.partitionOf.bound)],
          ]),
    ],
    ["inherits", table.inherits === undefined ? undefined : jsArray(table.inherits.map(renderRef))],
    ["unlogged", table.unlogged === true ? "true" : undefined],
    [
      "storageParameters",
      table.storageParameters === undefined ? undefined : jsStringArray(table.storageParameters),
    ],
    ["tablespace", table.tablespace === undefined ? undefined : jsString(table.tablespace)],
    ["ofType", table.ofType === undefined ? undefined : renderRef(table.ofType)],
  ];
}

/** The spec of `createDomain` (and the `existing` of `dropDomain`). */
export function renderDomainSpec(domain: DomainDef): string {
  return jsObject([
    ["type", jsString(domain.type)],
    ["collation", domain.collation === null ? undefined : jsString(domain.collation)],
    ["default", domain.default === null ? undefined : jsString(domain.default)],
    ["notNull", domain.notNull ? "true" : undefined],
    [
      "checks",
      domain.checks.length === 0
        ? undefined
        : jsArray(
            domain.checks.map((c) =>
              jsObject([
                ["name", jsString(c.name)],
                ["definition", jsString(c.definition)],
              ]),
            ),
          ),
    ],
  ]);
}

/** The attribute list of `createCompositeType`. */
export function renderAttributes(attributes: readonly CompositeAttributeDef[]): string {
  return jsArray(
    attributes.map((a) =>
      jsObject([
        ["name", jsString(a.name)],
        ["type", jsString(a.type)],
        ["collation", a.collation === null ? undefined : jsString(a.collation)],
      ]),
    ),
  );
}

/** The spec of `createRangeType` (and the `existing` of `dropRangeType`): the subtype, and what the type gives beyond it. */
export function renderRangeTypeSpec(type: RangeTypeDef): string {
  const optional = (value: string | null) => (value === null ? undefined : jsString(value));
  return jsObject([
    ["subtype", jsString(type.subtype)],
    ["opclass", optional(type.opclass)],
    ["collation", optional(type.collation)],
    ["canonical", optional(type.canonical)],
    ["subtypeDiff", optional(type.subtypeDiff)],
    ["multirange", optional(type.multirange)],
  ]);
}

/** `{ unlogged: true, storageParameters: [...] }` without the defaults. */
export function renderStorage(storage: TableStorage): string {
  return jsObject([
    ["unlogged", storage.unlogged ? "true" : undefined],
    [
      "storageParameters",
      storage.storageParameters.length === 0 ? undefined : jsStringArray(storage.storageParameters),
    ],
    ["sequencesKept", storage.sequencesKept === undefined ? undefined : jsArray(storage.sequencesKept.map(renderRef))],
  ]);
}

/** `"full"`, `"nothing"`, `"default"` or `{ index: "t_key" }`. */
export function renderReplicaIdentity(identity: ReplicaIdentitySetting): string {
  return typeof identity === "string" ? jsString(identity) : jsObject([["index", jsString(identity.index)]]);
}
