/**
 * A partitioned table's trigger has a clone on each partition, whose enabled state may be the partition's
 * own (`TriggerDef.partitionStates`): `ALTER TABLE partition DISABLE TRIGGER t`. PostgreSQL sets every
 * clone with the trigger's own state (`ALTER TABLE parent ... TRIGGER`), and a partition created or
 * attached takes the parent's; a partition detached or dropped loses its clone. So:
 * - a state changed on its own is one `setTriggerEnabled` of the partition alone (the trigger's stays);
 * - a trigger whose own state changes, or that is created (again), sets the partitions' own after;
 * - a partition that the migration creates, drops, detaches, attaches or renames has, at the end of the removals,
 *   the parent's state (or none): its own is given back first (`stage: "release"`, whose inverse sets it
 *   again at the very end of the derived downgrade, once the partition is back) and the comparison goes
 *   on from there, setting it after the partition is back where the target has one. Where the comparison
 *   does not manage triggers, the target is A's trigger as it is: a partition still under the same parent
 *   at the end (attached again, renamed or moved) gets its own state back after (`restoreReleasedStates`).
 */
import type { PartitionTriggerState, TriggerDef } from "../model/catalog-objects";
import { tableKey } from "../model/names";
import { memberRef } from "../ops/catalog-operations";
import type { TableRef } from "../model/schema-model";
import { movedTable, type Operation, type SetTriggerEnabledOp } from "../ops/operation";
import type { ChangeCollector } from "./collector";
import { deepEqual } from "./equality";

/**
 * The tables the migration creates, drops, detaches or attaches (`tableKey`): their clones are made anew,
 * or go. Also those it renames or moves, by their current names: given back under it, and set again under
 * the new one.
 */
export function remadeTables(ops: readonly Operation[]): ReadonlySet<string> {
  const keys = new Set<string>();
  for (const op of ops) {
    switch (op.kind) {
      case "createTable":
      case "dropTable":
      case "detachPartition":
      case "attachPartition":
      case "renameTable":
      case "moveTable":
        keys.add(tableKey(op.table));
    }
  }
  return keys;
}

/**
 * `triggers` without the states of the partitions in `remade`, each trigger that had any given a release
 * op (see the file comment).
 */
export function releaseRemadePartitions(
  triggers: ReadonlyMap<string, TriggerDef>,
  remade: ReadonlySet<string>,
  sink: ChangeCollector,
): Map<string, TriggerDef> {
  const result = new Map(triggers);
  if (remade.size === 0) return result;
  for (const [key, trigger] of triggers) {
    const states = trigger.partitionStates ?? [];
    const kept = states.filter((state) => !remade.has(tableKey(state.table)));
    if (kept.length === states.length) continue;
    sink.emit({
      kind: "setTriggerEnabled",
      trigger: memberRef(trigger),
      enabled: trigger.enabled,
      existing: trigger.enabled,
      partitionStates: kept,
      existingPartitionStates: states,
      stage: "release",
    });
    const { partitionStates: _, ...rest } = trigger;
    result.set(key, kept.length === 0 ? rest : { ...rest, partitionStates: kept });
  }
  return result;
}

/** Whether two versions of a trigger have the same partitions' own states. */
export function samePartitionStates(a: TriggerDef, b: TriggerDef): boolean {
  return deepEqual(a.partitionStates ?? [], b.partitionStates ?? []);
}

/** The change of a trigger's state, its own or its partitions' (the definition staying), and its log line. */
export function triggerStateChange(a: TriggerDef, b: TriggerDef): { readonly op: SetTriggerEnabledOp; readonly line: string } {
  const partitions = a.partitionStates !== undefined || b.partitionStates !== undefined;
  const op: SetTriggerEnabledOp = {
    kind: "setTriggerEnabled",
    trigger: memberRef(b),
    enabled: b.enabled,
    existing: a.enabled,
    ...(partitions && { partitionStates: b.partitionStates ?? [], existingPartitionStates: a.partitionStates ?? [] }),
  };
  const name = `trigger '${b.name}' on '${b.schema}.${b.table}'`;
  if (a.enabled !== b.enabled) return { op, line: `Detected ${name} changed from ${a.enabled} to ${b.enabled}` };
  const stateOf = (states: readonly PartitionTriggerState[] | undefined, table: string) =>
    states?.find((state) => `${state.table.schema}.${state.table.name}` === table)?.enabled ?? b.enabled;
  const tables = [...new Set([...(a.partitionStates ?? []), ...(b.partitionStates ?? [])].map((s) => `${s.table.schema}.${s.table.name}`))];
  const changes = tables
    .filter((table) => stateOf(a.partitionStates, table) !== stateOf(b.partitionStates, table))
    .map((table) => `'${table}' from ${stateOf(a.partitionStates, table)} to ${stateOf(b.partitionStates, table)}`);
  return { op, line: `Detected ${name} changed on partitions: ${changes.join(", ")}` };
}

/**
 * Triggers not managed: after a release (see the file comment), the released partitions that are still
 * partitions of the trigger's table when the migration ends (neither dropped nor created, not detached or
 * attached again to it; renamed or moved, under their new names) get their own state back, as A has it;
 * one op per trigger, after what creates the trigger again. Nothing where the trigger's table is dropped
 * or created.
 */
export function restoreReleasedStates(ops: readonly Operation[], sink: ChangeCollector): void {
  const renamed = new Map<string, TableRef>();
  const [dropped, created, detached] = [new Set<string>(), new Set<string>(), new Set<string>()];
  const attached = new Set<string>();
  for (const op of ops) {
    if (op.kind === "renameTable") renamed.set(tableKey(op.table), { schema: op.table.schema, name: op.to });
    if (op.kind === "moveTable") renamed.set(tableKey(op.table), movedTable(op));
    if (op.kind === "dropTable") dropped.add(tableKey(op.table));
    if (op.kind === "createTable") created.add(tableKey(op.table));
    if (op.kind === "detachPartition") detached.add(tableKey(op.table));
    if (op.kind === "attachPartition") attached.add(`${tableKey(op.table)} ${tableKey(op.parent)}`);
  }
  const final = (table: TableRef): TableRef => renamed.get(tableKey(table)) ?? table;
  const gone = (table: TableRef) => [table, final(table)].some((t) => dropped.has(tableKey(t)) || created.has(tableKey(t)));
  for (const release of ops) {
    if (release.kind !== "setTriggerEnabled" || release.stage !== "release") continue;
    const parent = { schema: release.trigger.schema, name: release.trigger.table };
    if (gone(parent)) continue;
    const kept = release.partitionStates ?? [];
    const underParent = (table: TableRef) =>
      [table, final(table)].every((t) => !detached.has(tableKey(t))) ||
      [table, final(table)].some((t) => [parent, final(parent)].some((p) => attached.has(`${tableKey(t)} ${tableKey(p)}`)));
    const back = (release.existingPartitionStates ?? [])
      .filter((state) => !kept.some((k) => tableKey(k.table) === tableKey(state.table)))
      .filter((state) => !gone(state.table) && underParent(state.table))
      .map((state) => ({ ...state, table: final(state.table) }));
    if (back.length === 0) continue;
    const table = final(parent);
    sink.emit({
      kind: "setTriggerEnabled",
      trigger: { ...release.trigger, schema: table.schema, table: table.name },
      enabled: release.enabled,
      existing: release.enabled,
      partitionStates: [...kept, ...back],
      existingPartitionStates: kept,
    });
  }
}
