/**
 * What an index keeps of the database's where entity mode finds it alike (adopt-unmanaged.ts): the
 * storage parameters of an index of the same name and access method (tableStorage unmanaged), and the key
 * options, INCLUDE columns and NULLS NOT DISTINCT that an `@Index` cannot say (objectOptions unmanaged), on
 * a table's indexes and on a materialized view's, whose column types the model does not hold (a view's
 * columns keep their types while its query and what it reads stay: viewTypesKept).
 */
import { printsAs } from "../model/names";
import type { IndexDef, SchemaModel, TableDef, ViewDef } from "../model/schema-model";
import { managedKind } from "./compare-functions";
import { deepEqual } from "./equality";
import { manages, type ManagedKind } from "./managed-kinds";

/**
 * Whether the columns of `from`'s view of a key keep their types in `to`, which the model does not hold for
 * a view: both sides give it the same query, and what it reads (the database's `dependsOn`) stays alike: a
 * table `to` still has, whose columns keep their types where both sides have them (a view reading any
 * column retyped counts as changed); a view of which this holds; a function the comparison does not manage,
 * or whose result stays. What `from` does not hold (out of the compared schemas) stays. Memoised.
 */
export function viewTypesKept(from: SchemaModel, to: SchemaModel, manage: ReadonlySet<ManagedKind> | undefined): (key: string) => boolean {
  const known = new Map<string, boolean>();
  const functionStays = (dependency: string): boolean => {
    const key = dependency.slice("function ".length);
    const fn = from.functions[key];
    return fn === undefined || !manages(manage, managedKind(fn)) || to.functions[key]?.returns === fn.returns;
  };
  const tableStays = (key: string): boolean => {
    const after = to.tables[key];
    const types = new Map(after?.columns.map((c) => [c.name, c.type]));
    return after !== undefined && from.tables[key]!.columns.every((c) => !types.has(c.name) || types.get(c.name) === c.type);
  };
  const stays = (dependency: string): boolean => {
    if (dependency.startsWith("function ")) return functionStays(dependency);
    if (dependency in from.tables) return tableStays(dependency);
    return !(dependency in from.views) || typesKept(dependency);
  };
  const typesKept = (key: string): boolean => {
    const cached = known.get(key);
    if (cached !== undefined) return cached;
    const was = from.views[key]!;
    const view = to.views[key];
    const sameQuery = view?.materialized === was.materialized && view.definition === was.definition;
    const kept = sameQuery && was.dependsOn !== undefined && was.dependsOn.every(stays);
    known.set(key, kept);
    return kept;
  };
  return typesKept;
}

/** What the index options of a relation may keep of its columns (see adoptIndexOptions). */
export interface IndexedColumns {
  /** Whether an index key (its expression) is a column of the same type on both sides. */
  readonly keepsType: (expression: string) => boolean;
  /** Whether the relation as the entity describes it has a column, as an index names it (quoted as needed). */
  readonly has: (column: string) => boolean;
}

/** The columns of a table as the database (`current`) and the entity (`target`) have them. */
export function tableColumns(current: TableDef, target: TableDef): IndexedColumns {
  const typeOf = (def: TableDef, key: string) => def.columns.find((c) => printsAs(key, c.name))?.type;
  return {
    keepsType: (key) => typeOf(current, key) !== undefined && typeOf(current, key) === typeOf(target, key),
    has: (column) => target.columns.some((c) => printsAs(column, c.name)),
  };
}

/**
 * The columns of a materialized view as the database (`was`) and the entity (`view`) have them, whose types
 * the model does not hold: a column of `was` keeps its type while the view's do (`typesKept`,
 * viewTypesKept). The entity's columns are unknown when its query reads what the migration creates; then
 * the database's, if the query stays.
 */
export function viewColumns(was: ViewDef, view: ViewDef, typesKept: () => boolean): IndexedColumns {
  const named = (columns: readonly string[] | undefined) => (printed: string) => columns?.some((name) => printsAs(printed, name)) ?? false;
  const before = named(was.columns);
  const after = named(view.columns ?? (view.definition === was.definition ? was.columns : undefined));
  return { keepsType: (key) => before(key) && typesKept(), has: (column) => after(column) };
}

/**
 * `targets` with the storage parameters of `currents` of the same name and access method (another method
 * takes others: GIN has no fillfactor), and their statistics targets where the target has the same
 * expression at the column's place (withStatisticsTargetsOf); the same list when none changes.
 */
export function adoptIndexStorage(currents: readonly IndexDef[], targets: readonly IndexDef[]): readonly IndexDef[] {
  const byName = new Map(currents.map((index) => [index.name, index]));
  let changed = false;
  const adopted = targets.map((index) => {
    const was = byName.get(index.name);
    const result = was === undefined || was.method !== index.method ? index : withStatisticsTargetsOf(withStorageOf(index, was), was);
    changed ||= result !== index;
    return result;
  });
  return changed ? adopted : targets;
}

/**
 * `targets` with the key options, INCLUDE columns and NULLS NOT DISTINCT of `currents`' index of the same
 * name where the two are the same index as far as entities say one (access method, uniqueness, predicate,
 * key columns or expressions in order) and differ only by what an `@Index` cannot say: a key's operator
 * class, collation, order and NULLS placement (`text_pattern_ops` for LIKE, `DESC`), INCLUDE columns the
 * table or materialized view still has, and a unique index's NULLS NOT DISTINCT (as a unique constraint's,
 * above). An operator class or collation is kept only on a key that is a column of the same type on both
 * sides (another type may refuse it). Else the index is created again as the entity says. The same list
 * when none changes.
 */
export function adoptIndexOptions(currents: readonly IndexDef[], targets: readonly IndexDef[], columns: IndexedColumns): readonly IndexDef[] {
  const byName = new Map(currents.map((index) => [index.name, index]));
  let changed = false;
  const adopted = targets.map((target) => {
    const was = byName.get(target.name);
    if (was === undefined || !sameAsEntitiesSay(was, target)) return target;
    if (was.keys.some((key) => (key.opclass !== null || key.collation !== null) && !columns.keepsType(key.expression))) return target;
    const include = target.include.length === 0 && was.include.every(columns.has) ? was.include : target.include;
    const nullsNotDistinct = target.nullsNotDistinct || was.nullsNotDistinct;
    if (deepEqual(was.keys, target.keys) && include === target.include && nullsNotDistinct === target.nullsNotDistinct) return target;
    changed = true;
    return { ...target, keys: was.keys, include, nullsNotDistinct };
  });
  return changed ? adopted : targets;
}

/** Whether two indexes agree on everything an entity's `@Index` can say. */
function sameAsEntitiesSay(a: IndexDef, b: IndexDef): boolean {
  return (
    a.method === b.method &&
    a.unique === b.unique &&
    a.where === b.where &&
    a.keys.length === b.keys.length &&
    a.keys.every((key, i) => key.expression === b.keys[i]!.expression)
  );
}

/**
 * `target` with the statistics targets of `current`'s columns whose key is the same expression in `target`
 * (a target belongs to what that column computes), where `target` gives none (entities never do);
 * `target` itself when none is kept.
 */
function withStatisticsTargetsOf(target: IndexDef, current: IndexDef): IndexDef {
  if (current.statisticsTargets === undefined || target.statisticsTargets !== undefined) return target;
  const kept = Object.entries(current.statisticsTargets).filter(
    ([column]) => target.keys[Number(column) - 1]?.expression === current.keys[Number(column) - 1]?.expression,
  );
  return kept.length === 0 ? target : { ...target, statisticsTargets: Object.fromEntries(kept) };
}

/** `target` with `current`'s storage parameters (none when it has none); `target` itself when they agree. */
export function withStorageOf<T extends { readonly storageParameters?: readonly string[] }>(target: T, current: { readonly storageParameters?: readonly string[] }): T {
  const wanted = current.storageParameters;
  if (deepEqual(wanted, target.storageParameters)) return target;
  const { storageParameters: _, ...rest } = target;
  return (wanted === undefined ? rest : { ...rest, storageParameters: wanted }) as T;
}
