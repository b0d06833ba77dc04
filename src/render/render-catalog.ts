/**
 * The catalog-object operations as `op.*` calls (see ./render-operation.ts): only the fields that differ
 * from the defaults the builders fill in (src/ops/catalog-specs.ts) are written, so that evaluating a
 * rendered call gives back the same operation. What the database knows beyond the op API (a function's
 * `dependsOn`) is not written.
 */
import type {
  CollationDef,
  FunctionDef,
  PolicyDef,
  PrivilegeSet,
  PublicationDef,
  PublicationTableDef,
  StatisticsDef,
  PartitionTriggerState,
  TriggerEnabled,
} from "../model/catalog-objects";
import { PUBLICATION_SPEC_DEFAULTS } from "../ops/publication-builders";
import type { CatalogObjectRef } from "../model/object-ref";
import type { CatalogOperation, MemberRef } from "../ops/catalog-operations";
import { CATALOG_SPEC_DEFAULTS } from "../ops/catalog-specs";
import type { OperationTable } from "../ops/operation";
import { call, nonEmpty, options } from "./call-text";
import { jsArray, jsNullableString, jsObject, jsString, jsStringArray } from "./js-literal";
import { renderTableName } from "./render-specs";

type Entries = Array<readonly [string, string | undefined]>;

const text = (value: string | null): string | undefined => (value === null ? undefined : jsString(value));

function functionEntries(fn: FunctionDef): Entries {
  return [
    ["definition", jsString(fn.definition)],
    ["kind", fn.kind === CATALOG_SPEC_DEFAULTS.function.kind ? undefined : jsString(fn.kind)],
    ["signature", fn.signature === fn.arguments ? undefined : jsString(fn.signature)],
    ["returns", text(fn.returns)],
  ];
}

/** The spec of `createFunction` / `replaceFunction` (and of a range type's subtype_diff function rebuilt with it). */
export function functionSpec(fn: FunctionDef): string {
  return jsObject([["arguments", jsString(fn.arguments)], ...functionEntries(fn)]);
}

/** A replaced version: its arguments are the op's. */
function existingFunction(fn: FunctionDef): string {
  return jsObject(functionEntries(fn));
}

/** A trigger's or rule's definition and its enabled state when not the default; a trigger's partitions' own states. */
function definedEntries(member: { definition: string; enabled: TriggerEnabled; partitionStates?: readonly PartitionTriggerState[] }): Entries {
  return [
    ["definition", jsString(member.definition)],
    ["enabled", member.enabled === CATALOG_SPEC_DEFAULTS.trigger.enabled ? undefined : jsString(member.enabled)],
    ["partitionStates", member.partitionStates && renderPartitionStates(member.partitionStates)],
  ];
}

/** `[{ table: "q_1", enabled: "disabled" }, ...]`. */
function renderPartitionStates(states: readonly PartitionTriggerState[]): string {
  return jsArray(states.map((state) => jsObject([["table", renderTableName(state.table)], ["enabled", jsString(state.enabled)]])));
}

/** `op.createTrigger(table, { name, definition, enabled })`, and the same for a rule. */
function createDefined(method: string, member: MemberRef & { definition: string; enabled: TriggerEnabled }): string {
  return call(method, tableOf(member), jsObject([["name", jsString(member.name)], ...definedEntries(member)]));
}

/** `op.dropTrigger(table, name, { existing })`, and the same for a rule; `existing` as the context shows it. */
function dropDefined(method: string, member: MemberRef, existing: { definition: string; enabled: TriggerEnabled } | undefined): string {
  return call(method, tableOf(member), jsString(member.name), existing && options([["existing", jsObject(definedEntries(existing))]]));
}

function statisticsEntries(statistics: StatisticsDef): Entries {
  return [
    ["table", renderTableName(statistics.table)],
    ["definition", jsString(statistics.definition)],
    ["target", statistics.target === null ? undefined : String(statistics.target)],
  ];
}

function policyEntries(policy: PolicyDef): Entries {
  const defaults = CATALOG_SPEC_DEFAULTS.policy;
  const defaultRoles = policy.roles.length === defaults.roles.length && policy.roles.every((r, i) => r === defaults.roles[i]);
  return [
    ["permissive", policy.permissive === defaults.permissive ? undefined : String(policy.permissive)],
    ["command", policy.command === defaults.command ? undefined : jsString(policy.command)],
    ["roles", defaultRoles ? undefined : jsStringArray(policy.roles)],
    ["using", text(policy.using)],
    ["withCheck", text(policy.withCheck)],
  ];
}

function privilegeSpec(set: PrivilegeSet): string {
  return jsObject([
    ["privileges", jsStringArray(set.privileges)],
    ["grantable", set.grantable.length === 0 ? undefined : jsStringArray(set.grantable)],
  ]);
}

/** `{ kind: "view", name: "v" }`, with `schema` only when it is not public. */
function objectSpec(ref: CatalogObjectRef): string {
  return jsObject(
    Object.entries(ref).map(([key, value]): readonly [string, string | undefined] => [
      key,
      key === "schema" && value === "public" ? undefined : jsString(value as string),
    ]),
  );
}

function collationSpec(c: CollationDef): string {
  return jsObject([
    ["provider", jsString(c.provider)],
    ["lcCollate", text(c.lcCollate)],
    ["lcCtype", text(c.lcCtype)],
    ["locale", text(c.locale)],
    ["rules", text(c.rules)],
    ["deterministic", c.deterministic === CATALOG_SPEC_DEFAULTS.collation.deterministic ? undefined : "false"],
  ]);
}

const tableOf = (member: { schema: string; table: string }): string =>
  renderTableName({ schema: member.schema, name: member.table });

/** The renderers; `existingOf` hides what a drop removes unless the context asks for it. */
export function catalogRenderers(
  existingOf: <T>(value: T | undefined) => T | undefined,
): Pick<OperationTable<string>, CatalogOperation["kind"]> {
  return {
    createFunction: (op) => call("createFunction", renderTableName(op.function), functionSpec(op.function)),
    dropFunction: (op) => {
      const existing = existingOf(op.existing);
      return call(
        "dropFunction",
        renderTableName(op.function),
        jsString(op.function.arguments),
        options([
          ["kind", op.function.kind === CATALOG_SPEC_DEFAULTS.function.kind ? undefined : jsString(op.function.kind)],
          ["existing", existing && existingFunction(existing)],
        ]),
      );
    },
    replaceFunction: (op) =>
      call(
        "replaceFunction",
        renderTableName(op.function),
        functionSpec(op.function),
        options([
          ["existing", op.existing && existingFunction(op.existing)],
          ["recreate", op.recreate === true ? "true" : undefined],
        ]),
      ),
    createTrigger: (op) => createDefined("createTrigger", op.trigger),
    dropTrigger: (op) => dropDefined("dropTrigger", op.trigger, existingOf(op.existing)),
    createRule: (op) => createDefined("createRule", op.rule),
    dropRule: (op) => dropDefined("dropRule", op.rule, existingOf(op.existing)),
    createStatistics: (op) =>
      call("createStatistics", renderTableName(op.statistics), jsObject(statisticsEntries(op.statistics))),
    dropStatistics: (op) => {
      const existing = existingOf(op.existing);
      return call(
        "dropStatistics",
        renderTableName(op.statistics),
        existing && options([["existing", jsObject(statisticsEntries(existing))]]),
      );
    },
    setTriggerEnabled: (op) =>
      call(
        "setTriggerEnabled",
        tableOf(op.trigger),
        jsString(op.trigger.name),
        jsString(op.enabled),
        options([
          ["existing", op.existing === undefined ? undefined : jsString(op.existing)],
          ["partitionStates", op.partitionStates && renderPartitionStates(op.partitionStates)],
          ["existingPartitionStates", op.existingPartitionStates && renderPartitionStates(op.existingPartitionStates)],
          ["stage", op.stage && jsString(op.stage)],
        ]),
      ),
    createPolicy: (op) =>
      call("createPolicy", tableOf(op.policy), jsObject([["name", jsString(op.policy.name)], ...policyEntries(op.policy)])),
    dropPolicy: (op) => {
      const existing = existingOf(op.existing);
      return call(
        "dropPolicy",
        tableOf(op.policy),
        jsString(op.policy.name),
        existing && options([["existing", jsObject(policyEntries(existing))]]),
      );
    },
    setRowSecurity: (op) => {
      const flags = (f: { enabled: boolean; forced: boolean }) =>
        jsObject([
          ["enabled", String(f.enabled)],
          ["forced", f.forced ? "true" : undefined],
        ]);
      return call(
        "setRowSecurity",
        renderTableName(op.table),
        flags(op),
        op.existing === undefined ? undefined : options([["existing", flags(op.existing)]]),
      );
    },
    setPrivileges: (op) =>
      call(
        "setPrivileges",
        objectSpec(op.object),
        jsString(op.grantee),
        privilegeSpec(op),
        options([
          ["existing", op.existing === undefined ? undefined : privilegeSpec(op.existing)],
          ["owner", op.owner === true ? "true" : undefined],
          ["stage", op.stage === undefined ? undefined : jsString(op.stage)],
          ["late", op.late === true ? "true" : undefined],
          ["ifColumnExists", op.ifColumnExists === true ? "true" : undefined],
          ["cascade", op.cascade === true ? "true" : undefined],
          ["grantor", op.grantor === undefined ? undefined : jsString(op.grantor)],
        ]),
      ),
    setDefaultPrivileges: (op) =>
      call(
        "setDefaultPrivileges",
        jsObject([
          ["role", jsString(op.role)],
          ["schema", op.schema === null ? undefined : jsString(op.schema)],
          ["objectType", jsString(op.objectType)],
        ]),
        jsString(op.grantee),
        privilegeSpec(op),
        options([["existing", op.existing === undefined ? undefined : privilegeSpec(op.existing)]]),
      ),
    setComment: (op) =>
      call(
        "setComment",
        objectSpec(op.object),
        jsNullableString(op.comment),
        options([
          ["existing", op.existing === undefined ? undefined : jsNullableString(op.existing)],
          ["ifColumnExists", op.ifColumnExists === true ? "true" : undefined],
        ]),
      ),
    createCollation: (op) => call("createCollation", renderTableName(op.collation), collationSpec(op.collation)),
    dropCollation: (op) => {
      const existing = existingOf(op.existing);
      return call(
        "dropCollation",
        renderTableName(op.collation),
        existing && options([["existing", collationSpec(existing)]]),
      );
    },
    keepOwner: (op) =>
      call("keepOwner", objectSpec(op.object), jsString(op.stage), options([["owner", op.owner === undefined ? undefined : jsString(op.owner)]])),
    resetPrivileges: (op) => {
      const { ownedBy, ...object } = op.object.kind === "sequence" ? op.object : { ...op.object, ownedBy: undefined };
      const column = ownedBy && jsObject([["table", jsString(ownedBy.table)], ["column", jsString(ownedBy.column)]]);
      return call("resetPrivileges", objectSpec(object), jsString(op.stage), column && options([["ownedBy", column]]));
    },
    createPublication: (op) => call("createPublication", jsString(op.publication.name), nonEmpty(jsObject(publicationEntries(op.publication)))),
    dropPublication: (op) => {
      const existing = existingOf(op.existing);
      return call("dropPublication", jsString(op.name), existing && options([["existing", jsObject(publicationEntries(existing))]]));
    },
    alterPublication: (op) =>
      call(
        "alterPublication",
        jsString(op.to.name),
        jsObject([
          ["from", jsObject(publicationEntries(op.from))],
          ["to", jsObject(publicationEntries(op.to))],
        ]),
      ),
    addPublicationTable: (op) =>
      call("addPublicationTable", jsString(op.member.publication), renderTableName(op.member.table), nonEmpty(jsObject(memberEntries(op.member)))),
    dropPublicationTable: (op) => {
      const existing = existingOf(op.existing);
      return call(
        "dropPublicationTable",
        jsString(op.publication),
        renderTableName(op.table),
        existing && options([["existing", jsObject(memberEntries(existing))]]),
      );
    },
  };
}

function publicationEntries(p: PublicationDef): Entries {
  const d = PUBLICATION_SPEC_DEFAULTS;
  return [
    ["allTables", p.allTables === d.allTables ? undefined : String(p.allTables)],
    ["schemas", p.schemas.length === 0 ? undefined : jsStringArray(p.schemas)],
    ["publish", p.publish.join(",") === d.publish.join(",") ? undefined : jsStringArray(p.publish)],
    ["viaPartitionRoot", p.viaPartitionRoot === d.viaPartitionRoot ? undefined : String(p.viaPartitionRoot)],
  ];
}

function memberEntries(m: PublicationTableDef): Entries {
  return [
    ["columns", m.columns === null ? undefined : jsStringArray(m.columns)],
    ["where", m.where === null ? undefined : jsString(m.where)],
  ];
}
