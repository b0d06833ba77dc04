/**
 * A table's REPLICA IDENTITY and its CLUSTER index (`CLUSTER ON`): two settings of the table that may
 * name one of its indexes, which logical replication (what an UPDATE or DELETE records of the old row)
 * and a bare `CLUSTER` rely on. Entities never say them: unmanaged (kinds `replicaIdentity` and
 * `tableStorage`), each table keeps what the database has; managed (a database-to-database diff), each
 * takes `to`'s, with `ALTER TABLE ... REPLICA IDENTITY ...` / `CLUSTER ON` / `SET WITHOUT CLUSTER`.
 *
 * Either way they are not lost as a side effect: an index dropped and created again under its name (a
 * changed definition, an enum rebuild, a key re-added), or a table created again (a new partition key),
 * comes back without them (PostgreSQL leaves USING INDEX with no index, which acts as NOTHING, and forgets
 * FULL and NOTHING with the table). So a setting is taken back to the default before the migration drops
 * anything and set again once it has created everything (phases.ts); the derived downgrade, which runs the
 * inverses backwards, does the same around its own re-creates. A setting that names an index is only ever
 * changed that way, in two ops, so that the index exists when each runs.
 *
 * An index the migration drops for good (not in `to`, nor renamed) takes what names it along, as
 * PostgreSQL does: the table is left with REPLICA IDENTITY NOTHING (how PostgreSQL then behaves: UPDATE
 * and DELETE fail while a publication publishes them), said by a warning and set explicitly, so that the
 * downgrade brings USING INDEX back with the index; a CLUSTER index is unset. An index renamed keeps them
 * under its new name, as in PostgreSQL, and a primary key created again under a new name keeps them too
 * (a table has one; a new name is a naming strategy's).
 *
 * A materialized view's CLUSTER index (`ViewDef.clusterOn`, PostgreSQL takes the same ALTER TABLE for it)
 * is compared the same way, by the same `alterClusterOn` op, while the view stays: never by creating the
 * view again. A view dropped takes it along, and one created (again) sets it once its indexes are there
 * (`createView`, compare-views.ts), so that the derived downgrade's `createView` does too.
 */
import { qualifiedName } from "../model/names";
import { memberKey, relationAnchor } from "../model/object-ref";
import type { SchemaModel, TableDef, TableRef, ViewDef } from "../model/schema-model";
import type { Operation } from "../ops/operation";
import type { ReplicaIdentitySetting } from "../ops/table-kind-ops";
import type { ChangeCollector } from "./collector";
import type { RenamedFrom } from "./compare-tables";
import { displayName } from "./display";
import { deepEqual } from "./equality";
import { manages, type ManagedKind } from "./managed-kinds";
import type { MigrationEvents } from "./migration-events";
import type { TableScope } from "./scope";
import { refOf } from "./table-versions";

/** One of the two settings, as the comparison handles it. */
interface Setting<T> {
  readonly noun: string;
  readonly managed: boolean;
  /** Its default: DEFAULT, or no CLUSTER index. */
  readonly none: T;
  of(table: TableDef): T;
  /** The index it names, if any. */
  index(value: T): string | undefined;
  /** It, naming index `name` (its index renamed). */
  naming(name: string): T;
  /** What it is once the index it names is dropped for good, and what to say then. */
  readonly lost: T;
  lostLine(table: TableDef, index: string): string;
  show(value: T): string;
  emit(table: TableRef, from: T, to: T, line: string | undefined): void;
}

/** Compares the REPLICA IDENTITY and CLUSTER index of the tables in scope (see the file comment). */
export function compareReplicaIdentities(
  renamed: RenamedFrom,
  to: SchemaModel,
  inScope: TableScope,
  manage: ReadonlySet<ManagedKind> | undefined,
  events: MigrationEvents,
  sink: ChangeCollector,
): void {
  const renames = indexRenames(sink.operations);
  const replicaIdentity: Setting<ReplicaIdentitySetting> = {
    noun: "replica identity",
    managed: manages(manage, "replicaIdentity"),
    none: "default",
    of: (table) => table.replicaIdentity ?? "default",
    index: (value) => (typeof value === "object" ? value.index : undefined),
    naming: (name) => ({ index: name }),
    lost: "nothing",
    lostLine: (table, index) =>
      `Warning: index '${index}', the REPLICA IDENTITY of table '${displayName(table)}', is dropped: the table is left ` +
      `with REPLICA IDENTITY NOTHING, as PostgreSQL leaves it (UPDATE and DELETE fail on it while a publication ` +
      `publishes them); set another in the migration if it needs one`,
    show: showIdentity,
    emit: (table, from, to, line) => sink.emit({ kind: "alterReplicaIdentity", table, from, to }, line),
  };
  const clusterOn: Setting<string | null> = {
    noun: "CLUSTER index",
    managed: manages(manage, "tableStorage"),
    none: null,
    of: (table) => table.clusterOn ?? null,
    index: (value) => value ?? undefined,
    naming: (name) => name,
    lost: null,
    lostLine: (table, index) => `Index '${index}' of table '${displayName(table)}' is dropped, and CLUSTER ON it with it`,
    show: (value) => value ?? "none",
    emit: (table, from, to, line) => sink.emit({ kind: "alterClusterOn", table, from, to }, line),
  };
  for (const setting of [replicaIdentity, clusterOn] as const) {
    compareSetting(setting as Setting<unknown>, renamed, to, inScope, events, renames, sink);
  }
}

function compareSetting<T>(
  setting: Setting<T>,
  renamed: RenamedFrom,
  to: SchemaModel,
  inScope: TableScope,
  events: MigrationEvents,
  renames: ReadonlyMap<string, string>,
  sink: ChangeCollector,
): void {
  const { none } = setting;
  const keys = new Set([...Object.keys(renamed.model.tables), ...Object.keys(to.tables)]);
  for (const key of keys) {
    const current = renamed.model.tables[key];
    const target = to.tables[key];
    if (!inScope((target ?? current)!)) continue;
    const original = current === undefined ? undefined : (renamed.original(current) ?? current);
    // As the database has it (named as before the renames, when the removals run), and after the renames.
    const before = original === undefined ? none : setting.of(original);
    const was = original === undefined ? none : followRenames(setting, before, original, renames);
    const wanted = target === undefined ? none : setting.managed || current === undefined ? setting.of(target) : was;
    const will = target === undefined ? none : resolved(setting, wanted, current, target, sink);
    const reason = original !== undefined && target !== undefined ? recreation(setting, original, before, events) : undefined;
    const gone = original !== undefined && (target === undefined || reason !== undefined);
    if (!gone && deepEqual(was, will)) continue;
    const line =
      target === undefined ? undefined : reason !== undefined && !deepEqual(before, none) ? reason : changedLine(setting, target, was, will);
    const takenBack = !deepEqual(before, none) && (gone || setting.index(was) !== undefined || deepEqual(will, none));
    if (takenBack) setting.emit(refOf(original!), before, none, line);
    if (!deepEqual(will, none)) setting.emit(refOf(target!), takenBack ? none : was, will, takenBack ? undefined : line);
  }
}

/**
 * Compares the CLUSTER index of the materialized views in scope that the migration keeps (see the file
 * comment): `to`'s when `tableStorage` is managed, else the database's; taken back before the migration
 * drops the index it names, and set again once that is created again; unset with an index dropped for good.
 */
export function compareViewClusterIndexes(
  from: SchemaModel,
  to: SchemaModel,
  inScope: TableScope,
  manage: ReadonlySet<ManagedKind> | undefined,
  events: MigrationEvents,
  sink: ChangeCollector,
): void {
  const managed = manages(manage, "tableStorage");
  const renames = indexRenames(sink.operations);
  const touched = (anchor: string) => events.dropped.has(anchor) || events.recreated.has(anchor);
  for (const [key, current] of Object.entries(from.views)) {
    const target = to.views[key];
    if (target === undefined || !inScope(current) || touched(relationAnchor(current.schema, current.name))) continue;
    const before = current.clusterOn ?? null;
    const was = before === null ? null : (renames.get(qualifiedName(current.schema, before)) ?? before);
    const wanted = managed ? (target.clusterOn ?? null) : was;
    const will = wanted === null || target.indexes.some((i) => i.name === wanted) ? wanted : clusterIndexLost(target, wanted, sink);
    const indexDropped = before !== null && touched(`index ${qualifiedName(current.schema, before)}`);
    if (!indexDropped && was === will) continue;
    const line = indexDropped
      ? `The CLUSTER index of materialized view '${displayName(current)}' (${before}) goes with index '${before}', ` +
        `which this migration drops: taken back to the default before`
      : `Detected changed CLUSTER index of materialized view '${displayName(target)}' (${was ?? "none"} to ${will ?? "none"})`;
    const ref = { schema: current.schema, name: current.name };
    // Whatever it names is taken back first, so that a new or re-created index exists when it is set.
    if (before !== null) sink.emit({ kind: "alterClusterOn", table: ref, from: before, to: null }, line);
    if (will !== null) sink.emit({ kind: "alterClusterOn", table: ref, from: null, to: will }, before === null ? line : undefined);
  }
}

/** No CLUSTER index, once the view's index `index` is dropped for good (said in the log). */
export function clusterIndexLost(view: ViewDef, index: string, sink: ChangeCollector): null {
  sink.note(`Index '${index}' of materialized view '${displayName(view)}' is dropped, and CLUSTER ON it with it`);
  return null;
}

/** `value` with its index under the name this migration renames it to (a rename keeps the setting). */
function followRenames<T>(setting: Setting<T>, value: T, table: TableDef, renames: ReadonlyMap<string, string>): T {
  const index = setting.index(value);
  const next = index === undefined ? undefined : renames.get(qualifiedName(table.schema, index));
  return next === undefined ? value : setting.naming(next);
}

/** The new names of the indexes (and keys, whose index goes with them) the migration renames, by qualified old name. */
function indexRenames(operations: readonly Operation[]): Map<string, string> {
  const renames = new Map<string, string>();
  for (const op of operations) {
    if (op.kind === "renameIndex" || op.kind === "renameConstraint") renames.set(qualifiedName(op.table.schema, op.from), op.to);
  }
  return renames;
}

/**
 * `wanted` where `target` has the index it names. Else (kept from `current`, whose index `target` no
 * longer has): on `target`'s primary key when it names `current`'s, or what it is once its index is gone
 * (said in the log).
 */
function resolved<T>(setting: Setting<T>, wanted: T, current: TableDef | undefined, target: TableDef, sink: ChangeCollector): T {
  const index = setting.index(wanted);
  if (index === undefined || indexNames(target).has(index)) return wanted;
  if (current?.primaryKey?.name === index && target.primaryKey !== null) return setting.naming(target.primaryKey.name);
  sink.note(setting.lostLine(target, index));
  return setting.lost;
}

/** The names of a table's indexes, those behind its keys and exclusion constraints included. */
function indexNames(table: TableDef): Set<string> {
  return new Set([
    ...(table.primaryKey === null ? [] : [table.primaryKey.name]),
    ...table.uniques.map((u) => u.name),
    ...table.exclusions.map((x) => x.name),
    ...table.indexes.map((i) => i.name),
  ]);
}

/**
 * Why the setting (`value`, as the database has it) must be taken back and set again, when the table it is
 * on is dropped and created again, or the index it names is dropped (and created again, or for good).
 */
function recreation<T>(setting: Setting<T>, original: TableDef, value: T, events: MigrationEvents): string | undefined {
  const touched = (anchor: string) => events.dropped.has(anchor) || events.recreated.has(anchor);
  if (touched(relationAnchor(original.schema, original.name))) {
    return (
      `The ${setting.noun} of table '${displayName(original)}' (${setting.show(value)}) goes with the table, ` +
      `which this migration creates again: set again after`
    );
  }
  const index = setting.index(value);
  if (index === undefined) return undefined;
  const anchors = [`index ${qualifiedName(original.schema, index)}`, `constraint ${memberKey(original.schema, original.name, index)}`];
  if (!anchors.some(touched)) return undefined;
  return (
    `The ${setting.noun} of table '${displayName(original)}' (${setting.show(value)}) goes with index '${index}', ` +
    `which this migration drops: taken back to the default before`
  );
}

function changedLine<T>(setting: Setting<T>, table: TableDef, was: T, will: T): string {
  return `Detected changed ${setting.noun} of table '${displayName(table)}' (${setting.show(was)} to ${setting.show(will)})`;
}

function showIdentity(identity: ReplicaIdentitySetting): string {
  return typeof identity === "string" ? identity.toUpperCase() : `USING INDEX ${identity.index}`;
}
