/**
 * The `await op.xxx(...)` statements of the domain, composite type, range type, partition, inheritance,
 * storage and table identity ops (part of render-operation.ts's exhaustive table).
 */
import type { RangeRebuild } from "../ops/operation";
import type { TableKindOperationTable } from "../ops/table-kind-ops";
import { jsListOrNothing, jsNullableString, jsObject, jsString } from "./js-literal";
import { renderEnumAttribute, renderEnumUsage } from "./render-specs";
import { functionSpec } from "./render-catalog";
import {
  renderAttributes,
  renderDomainSpec,
  renderRangeTypeSpec,
  renderRef,
  renderReplicaIdentity,
  renderStorage,
} from "./render-table-kind-specs";

/** `op.method(a, b)`; trailing absent arguments are left out. */
function call(method: string, ...args: ReadonlyArray<string | undefined>): string {
  let end = args.length;
  while (end > 0 && args[end - 1] === undefined) end--;
  return `op.${method}(${args.slice(0, end).map((a) => a ?? "undefined").join(", ")})`;
}

/** The renderers; drops write what they remove only with `dropExisting` (see RenderContext). */
export function tableKindRenderers(dropExisting: boolean): TableKindOperationTable<string> {
  const existing = (text: string | undefined): string | undefined =>
    dropExisting && text !== undefined ? jsObject([["existing", text]]) : undefined;
  return {
    createDomain: (op) => call("createDomain", renderRef(op.domain), renderDomainSpec(op.domain)),
    dropDomain: (op) =>
      call("dropDomain", renderRef(op.domain), existing(op.existing && renderDomainSpec(op.existing))),
    alterDomain: (op) =>
      call(
        "alterDomain",
        renderRef(op.from),
        jsObject([
          ["from", renderDomainSpec(op.from)],
          ["to", renderDomainSpec(op.to)],
          ["usages", jsListOrNothing(op.usages, renderEnumUsage)],
          ["ranges", jsListOrNothing(op.ranges, renderRangeRebuild)],
        ]),
      ),
    createCompositeType: (op) => call("createCompositeType", renderRef(op.type), renderAttributes(op.type.attributes)),
    dropCompositeType: (op) =>
      call("dropCompositeType", renderRef(op.type), existing(op.existing && renderAttributes(op.existing.attributes))),
    alterCompositeType: (op) =>
      call(
        "alterCompositeType",
        renderRef(op.from),
        jsObject([
          ["from", renderAttributes(op.from.attributes)],
          ["to", renderAttributes(op.to.attributes)],
          ["usages", jsListOrNothing(op.usages, renderEnumUsage)],
        ]),
      ),
    createRangeType: (op) => call("createRangeType", renderRef(op.type), renderRangeTypeSpec(op.type)),
    dropRangeType: (op) =>
      call("dropRangeType", renderRef(op.type), existing(op.existing && renderRangeTypeSpec(op.existing))),
    alterRangeType: (op) =>
      call(
        "alterRangeType",
        renderRef(op.from),
        jsObject([
          ["from", renderRangeTypeSpec(op.from)],
          ["to", renderRangeTypeSpec(op.to)],
        ]),
      ),
    attachPartition: (op) =>
      call("attachPartition", renderRef(op.table), renderRef(op.parent), jsString(op.bound), op.standalone && jsObject([["standalone", "true"]])),
    // The bound is always written: it is what a detached partition needs to be attached again.
    detachPartition: (op) =>
      call(
        "detachPartition",
        renderRef(op.table),
        renderRef(op.parent),
        (op.existing || op.standalone) &&
          jsObject([
            ["existing", op.existing && jsObject([["bound", jsString(op.existing.bound)]])],
            ["standalone", op.standalone ? "true" : undefined],
          ]),
      ),
    addInheritance: (op) => call("addInheritance", renderRef(op.table), renderRef(op.parent)),
    dropInheritance: (op) => call("dropInheritance", renderRef(op.table), renderRef(op.parent)),
    alterTableStorage: (op) =>
      call(
        "alterTableStorage",
        renderRef(op.table),
        jsObject([
          ["from", renderStorage(op.from)],
          ["to", renderStorage(op.to)],
        ]),
      ),
    alterReplicaIdentity: (op) =>
      call(
        "alterReplicaIdentity",
        renderRef(op.table),
        jsObject([
          ["from", renderReplicaIdentity(op.from)],
          ["to", renderReplicaIdentity(op.to)],
        ]),
      ),
    alterClusterOn: (op) =>
      call(
        "alterClusterOn",
        renderRef(op.table),
        jsObject([
          ["from", jsNullableString(op.from)],
          ["to", jsNullableString(op.to)],
        ]),
      ),
    alterTableOf: (op) =>
      call(
        "alterTableOf",
        renderRef(op.table),
        jsObject([
          ["from", op.from === null ? "null" : renderRef(op.from)],
          ["to", op.to === null ? "null" : renderRef(op.to)],
        ]),
      ),
  };
}

/** A range type rebuilt with the type under it (`alterEnum`, `alterDomain`): its name, definition, columns and domains. */
export function renderRangeRebuild(rebuild: RangeRebuild): string {
  return jsObject([
    ["name", renderRef(rebuild.range)],
    ["spec", renderRangeTypeSpec(rebuild.range)],
    ["usages", jsListOrNothing(rebuild.usages, renderEnumUsage)],
    [
      "domains",
      jsListOrNothing(rebuild.domains, (d) =>
        jsObject([
          ["name", renderRef(d.domain)],
          ["spec", renderDomainSpec(d.domain)],
          ["usages", jsListOrNothing(d.usages, renderEnumUsage)],
        ]),
      ),
    ],
    ["attributes", jsListOrNothing(rebuild.attributes, renderEnumAttribute)],
    [
      "subtypeDiff",
      rebuild.subtypeDiff === undefined ? undefined : jsObject([["name", renderRef(rebuild.subtypeDiff)], ["spec", functionSpec(rebuild.subtypeDiff)]]),
    ],
  ]);
}
