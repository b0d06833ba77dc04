/**
 * Triggers, rules, extended statistics and row-level security (flags and policies): compared when the
 * comparison manages them, and in any case dropped before and created again after the table or view they are on, the
 * columns they name and the functions they call, when the migration drops and creates those again (see
 * hanging.ts). A trigger whose definition changes is dropped and created again; one whose enabled state
 * alone changes is altered. A changed rule or policy is dropped and created again.
 */
import type { PolicyDef, RowSecurityDef, RuleDef, StatisticsDef, TriggerDef } from "../model/catalog-objects";
import { relationAnchor } from "../model/object-ref";
import type { SchemaModel } from "../model/schema-model";
import { memberRef } from "../ops/catalog-operations";
import type { RelationScope } from "./catalog-scope";
import { scoped } from "./catalog-scope";
import type { ChangeCollector } from "./collector";
import { deepEqual } from "./equality";
import { compareHanging } from "./hanging";
import { manages, type ManagedKind } from "./managed-kinds";
import type { MigrationEvents } from "./migration-events";
import { releaseRemadePartitions, remadeTables, restoreReleasedStates, samePartitionStates, triggerStateChange } from "./trigger-partition-states";

/** A trigger, policy, ... without what the database knows of its dependencies (not part of its definition). */
export function withoutDependencies<T extends { readonly dependsOn?: readonly string[] }>(item: T): T {
  const { dependsOn: _, ...rest } = item;
  return rest as T;
}

const memberRelation = (m: { schema: string; table: string }) => ({ schema: m.schema, name: m.table });
/** `relation "s"."t"` of a `column "s"."t"."c"` key, else null. */
const COLUMN_KEY = /^column ("(?:[^"]|"")*"\."(?:[^"]|"")*")\."(?:[^"]|"")*"$/;

/**
 * What a trigger or policy uses besides its own relation (its owner): the columns and functions it names,
 * and the other relations it reads, with the relation of each column it reads there (PostgreSQL records a
 * policy's subquery on a view by the view's columns alone): the migration may drop and create those again
 * under it (a view recreated, a table created again for a new partition key, a constraint trigger's FROM
 * table), and PostgreSQL refuses to drop what a policy or trigger depends on.
 */
const usesOf = (m: { schema: string; table: string; dependsOn?: readonly string[] }) => {
  const own = relationAnchor(m.schema, m.table);
  const keys = m.dependsOn ?? [];
  const relations = keys.flatMap((key) => {
    const relation = COLUMN_KEY.exec(key)?.[1];
    return relation === undefined ? [] : [`relation ${relation}`];
  });
  return [...new Set([...keys, ...relations])].filter((key) => key !== own);
};

export function compareTriggers(
  from: SchemaModel,
  to: SchemaModel,
  manage: ReadonlySet<ManagedKind> | undefined,
  inScope: RelationScope,
  events: MigrationEvents,
  sink: ChangeCollector,
): void {
  const managed = manages(manage, "triggers");
  const current = scoped(from.triggers, memberRelation, inScope);
  // Partitions' own states on the partitions the migration makes anew are given back first
  // (trigger-partition-states.ts); unmanaged, they are set again after only on the partitions still
  // under the trigger's table then (a trigger created again would name a partition that may be gone).
  compareHanging<TriggerDef>(
    {
      kindName: "triggers",
      managed,
      from: releaseRemadePartitions(current, remadeTables(sink.operations), sink),
      to: scoped(to.triggers, memberRelation, inScope),
      same: (a, b) => a.definition === b.definition && a.enabled === b.enabled && samePartitionStates(a, b),
      owners: (t) => [relationAnchor(t.schema, t.table)],
      uses: usesOf,
      describe: (t) => `trigger '${t.name}' on '${t.schema}.${t.table}'`,
      emitRemove: (t, line) => sink.emit({ kind: "dropTrigger", trigger: memberRef(t), existing: withoutDependencies(t) }, line),
      emitAdd: (t, line) => sink.emit({ kind: "createTrigger", trigger: withoutDependencies(t) }, line),
      emitChange: (a, b) => {
        if (a.definition === b.definition) {
          const change = triggerStateChange(a, b);
          sink.emit(change.op, change.line);
          return;
        }
        sink.emit(
          { kind: "dropTrigger", trigger: memberRef(a), existing: withoutDependencies(a) },
          `Detected changed trigger '${b.name}' on '${b.schema}.${b.table}': dropped and created again`,
        );
        sink.emit({ kind: "createTrigger", trigger: withoutDependencies(b) });
      },
    },
    events,
    sink,
  );
  if (!managed) restoreReleasedStates(sink.operations, sink);
}

/**
 * Rules: as triggers, a changed one (definition or enabled state) dropped and created again. Besides
 * its own relation, a rule reads other relations and columns (the table a view's `DO INSTEAD` rule
 * writes to): those are what it uses, so that one retyped brings it back and one dropped for good
 * refuses (unmanaged) or takes it along (managed).
 */
export function compareRules(
  from: SchemaModel,
  to: SchemaModel,
  manage: ReadonlySet<ManagedKind> | undefined,
  inScope: RelationScope,
  events: MigrationEvents,
  sink: ChangeCollector,
): void {
  const own = (r: RuleDef) => relationAnchor(r.schema, r.table);
  compareHanging<RuleDef>(
    {
      kindName: "rules",
      managed: manages(manage, "rules"),
      from: scoped(from.rules ?? {}, memberRelation, inScope),
      to: scoped(to.rules ?? {}, memberRelation, inScope),
      same: (a, b) => a.definition === b.definition && a.enabled === b.enabled,
      owners: (r) => [own(r)],
      uses: (r) => (r.dependsOn ?? []).filter((key) => key !== own(r)),
      describe: (r) => `rule '${r.name}' on '${r.schema}.${r.table}'`,
      emitRemove: (r, line) => sink.emit({ kind: "dropRule", rule: memberRef(r), existing: withoutDependencies(r) }, line),
      emitAdd: (r, line) => sink.emit({ kind: "createRule", rule: withoutDependencies(r) }, line),
    },
    events,
    sink,
  );
}

/**
 * Extended statistics objects: a changed one (definition or target) dropped and created again. The
 * columns it covers are owners as much as its table (PostgreSQL drops it with any of them), so that
 * one dropped for good takes it along, and one retyped or dropped and added again brings it back with
 * its target (PostgreSQL's own rebuild on a retype forgets the target).
 */
export function compareStatistics(
  from: SchemaModel,
  to: SchemaModel,
  manage: ReadonlySet<ManagedKind> | undefined,
  inScope: RelationScope,
  events: MigrationEvents,
  sink: ChangeCollector,
): void {
  const columns = (s: StatisticsDef) => (s.dependsOn ?? []).filter((key) => key.startsWith("column "));
  compareHanging<StatisticsDef>(
    {
      kindName: "statistics",
      managed: manages(manage, "statistics"),
      from: scoped(from.statistics ?? {}, (s) => s.table, inScope),
      to: scoped(to.statistics ?? {}, (s) => s.table, inScope),
      same: (a, b) => a.definition === b.definition && a.target === b.target,
      owners: (s) => [relationAnchor(s.table.schema, s.table.name), ...columns(s)],
      uses: (s) => [...columns(s), ...(s.dependsOn ?? []).filter((key) => key.startsWith("function "))],
      describe: (s) => `statistics '${s.schema}.${s.name}' on '${s.table.schema}.${s.table.name}'`,
      emitRemove: (s, line) =>
        sink.emit({ kind: "dropStatistics", statistics: { schema: s.schema, name: s.name }, existing: withoutDependencies(s) }, line),
      emitAdd: (s, line) => sink.emit({ kind: "createStatistics", statistics: withoutDependencies(s) }, line),
    },
    events,
    sink,
  );
}

export function compareRowSecurity(
  from: SchemaModel,
  to: SchemaModel,
  manage: ReadonlySet<ManagedKind> | undefined,
  inScope: RelationScope,
  events: MigrationEvents,
  sink: ChangeCollector,
): void {
  const managed = manages(manage, "policies");
  compareHanging<PolicyDef>(
    {
      kindName: "policies",
      managed,
      from: scoped(from.policies, memberRelation, inScope),
      to: scoped(to.policies, memberRelation, inScope),
      same: (a, b) => deepEqual(withoutDependencies(a), withoutDependencies(b)),
      owners: (p) => [relationAnchor(p.schema, p.table)],
      uses: usesOf,
      describe: (p) => `policy '${p.name}' on '${p.schema}.${p.table}'`,
      emitRemove: (p, line) => sink.emit({ kind: "dropPolicy", policy: memberRef(p), existing: withoutDependencies(p) }, line),
      emitAdd: (p, line) => sink.emit({ kind: "createPolicy", policy: withoutDependencies(p) }, line),
    },
    events,
    sink,
  );
  const off = { enabled: false, forced: false };
  const flags = (f: RowSecurityDef) => ({ enabled: f.enabled, forced: f.forced });
  const table = (f: RowSecurityDef) => ({ schema: f.schema, name: f.name });
  const line = (f: { enabled: boolean; forced: boolean }, t: RowSecurityDef) =>
    `Detected row level security ${f.enabled ? "enabled" : "disabled"}${f.forced ? " and forced" : ""} on '${t.schema}.${t.name}'`;
  compareHanging<RowSecurityDef>(
    {
      kindName: "policies",
      managed,
      from: scoped(from.rowSecurity, (f) => f, inScope),
      to: scoped(to.rowSecurity, (f) => f, inScope),
      same: (a, b) => a.enabled === b.enabled && a.forced === b.forced,
      owners: (f) => [relationAnchor(f.schema, f.name)],
      uses: () => [],
      describe: (f) => `row level security of '${f.schema}.${f.name}'`,
      emitRemove: (f, text) =>
        sink.emit({ kind: "setRowSecurity", table: table(f), ...off, existing: flags(f) }, text && line(off, f)),
      emitAdd: (f, text) => sink.emit({ kind: "setRowSecurity", table: table(f), ...flags(f), existing: off }, text && line(f, f)),
      emitChange: (a, b) =>
        sink.emit({ kind: "setRowSecurity", table: table(b), ...flags(b), existing: flags(a) }, line(b, b)),
    },
    events,
    sink,
  );
}
