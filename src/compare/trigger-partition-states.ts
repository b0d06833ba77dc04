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
 *   on from there, setting it after the partition is back where the target has one.
 */
import type { PartitionTriggerState, TriggerDef } from "../model/catalog-objects";
import { tableKey } from "../model/names";
import { memberRef } from "../ops/catalog-operations";
import type { Operation, SetTriggerEnabledOp } from "../ops/operation";
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
