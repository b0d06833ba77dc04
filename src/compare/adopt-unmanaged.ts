/**
 * What a comparison does not manage (see managed-kinds.ts) is kept as `from` has it. Two parts:
 * - the `to` side adopts `from`'s values of the unmanaged table properties of every table both sides
 *   have: a partitioned table's key and a partition's parent and bound (partitions), parents and
 *   inherited columns (inheritance), UNLOGGED, storage parameters and the CLUSTER index (tableStorage),
 *   REPLICA IDENTITY (replicaIdentity), a typed table's composite type while its columns stay the type's
 *   attributes (compositeTypes), foreign keys' and checks' NOT VALID, MATCH FULL and ON DELETE SET NULL
 *   (columns), uniques' NULLS NOT DISTINCT, keys' INCLUDE columns, an index's key options (operator class,
 *   collation, order), INCLUDE columns and NULLS NOT DISTINCT, and identity and serial sequence options (objectOptions),
 *   columns' storage, compression, statistics targets and options, and the storage parameters of indexes
 *   (a materialized view's too: by name, while the access method stays), of key indexes and of exclusion
 *   constraints' indexes, where the definition is the same otherwise, and a materialized view's CLUSTER
 *   index (tableStorage), and its indexes' key options, INCLUDE columns and NULLS NOT DISTINCT as a table's
 *   (objectOptions: an operator class or collation while the view's columns keep their types). A
 *   partitioned table that an entity maps is then compared as the entity describes it, and stays
 *   partitioned;
 * - the tables of `from` that are partitions (partitions unmanaged) or inheritance children (inheritance
 *   unmanaged) and that `to` does not have are out of scope: never dropped, never altered.
 */
import { tableKey } from "../model/names";
import { sameTypeFamily } from "../ops/type-text";
import type { ColumnSettingKey } from "../ops/column-changes";
import type { CheckDef, ColumnDef, ExclusionDef, PrimaryKeyDef, SchemaModel, SequenceDef, TableDef, UniqueDef, ViewDef } from "../model/schema-model";
import { exclusionWithoutStorage, exclusionWithStorageOf } from "./exclusion-storage";
import { isNotValidInModel } from "../ops/not-valid";
import { manages, type ManagedKind } from "./managed-kinds";
import { adoptIndexOptions, adoptIndexStorage, tableColumns, viewColumns, viewTypesKept, withStorageOf } from "./adopt-index-options";
import type { TableScope } from "./scope";
import { sameColumnShape } from "./compare-typed-tables";

/** `to` with `from`'s values of the table properties that are not managed. */
export function adoptUnmanaged(from: SchemaModel, to: SchemaModel, manage: ReadonlySet<ManagedKind> | undefined): SchemaModel {
  const kinds = {
    partitions: manages(manage, "partitions"),
    inheritance: manages(manage, "inheritance"),
    storage: manages(manage, "tableStorage"),
    options: manages(manage, "objectOptions"),
    replicaIdentity: manages(manage, "replicaIdentity"),
    compositeTypes: manages(manage, "compositeTypes"),
  };
  if (kinds.partitions && kinds.inheritance && kinds.storage && kinds.options && kinds.replicaIdentity && kinds.compositeTypes) return to;
  let changed = false;
  const tables: Record<string, TableDef> = {};
  for (const [key, target] of Object.entries(to.tables)) {
    const current = from.tables[key];
    const adopted = current === undefined ? target : adoptTable(current, target, kinds);
    changed ||= adopted !== target;
    tables[key] = adopted;
  }
  const views = kinds.storage && kinds.options ? to.views : adoptViews(from, to, kinds, manage);
  if (!changed && views === to.views) return to;
  return { ...to, ...(changed && { tables }), views };
}

/**
 * `to`'s views whose materialized views keep what `from`'s have and entities cannot say: their indexes'
 * storage parameters (adoptIndexStorage) and their CLUSTER index, whether or not they still have its index
 * (the comparison follows an index renamed and lets go of one dropped: compare-replica-identity.ts,
 * compare-views.ts), when `storage` is not managed; their indexes' key options, INCLUDE columns and NULLS
 * NOT DISTINCT (adoptIndexOptions) when `options` is not.
 */
function adoptViews(from: SchemaModel, to: SchemaModel, kinds: Kinds, manage: ReadonlySet<ManagedKind> | undefined): SchemaModel["views"] {
  const typesKept = viewTypesKept(from, to, manage);
  let result: Record<string, ViewDef> | null = null;
  for (const [key, view] of Object.entries(to.views)) {
    const was = from.views[key];
    if (was === undefined || !view.materialized) continue;
    let adopted = view;
    if (!kinds.storage) {
      const { clusterOn: _, ...rest } = view;
      const indexes = adoptIndexStorage(was.indexes, view.indexes);
      if (indexes !== view.indexes || was.clusterOn !== view.clusterOn) {
        adopted = { ...rest, indexes, ...(was.clusterOn !== undefined && { clusterOn: was.clusterOn }) };
      }
    }
    if (!kinds.options) {
      const indexes = adoptIndexOptions(was.indexes, adopted.indexes, viewColumns(was, view, () => typesKept(key)));
      if (indexes !== adopted.indexes) adopted = { ...adopted, indexes };
    }
    if (adopted !== view) (result ??= { ...to.views })[key] = adopted;
  }
  return result ?? to.views;
}

/**
 * A key of `table` with the INCLUDE columns of `current`'s index where it gives none (entities never do),
 * while `table` still has those columns and they are not among the key's own.
 */
function withIncludeOf<K extends PrimaryKeyDef | UniqueDef>(key: K, current: PrimaryKeyDef | UniqueDef | undefined, table: TableDef): K {
  if (current?.include === undefined || key.include !== undefined) return key;
  const kept = current.include.every((column) => !key.columns.includes(column) && table.columns.some((c) => c.name === column));
  return kept ? { ...key, include: current.include } : key;
}

/** `inScope` without the partitions and inheritance children of `from` that are not managed and not in `to`. */
export function withoutUnmanagedChildren(
  inScope: TableScope,
  from: SchemaModel,
  to: SchemaModel,
  manage: ReadonlySet<ManagedKind> | undefined,
): TableScope {
  const left = new Set(
    Object.values(from.tables)
      .filter((table) => !(tableKey(table) in to.tables))
      .filter(
        (table) =>
          (table.partitionOf !== undefined && !manages(manage, "partitions")) ||
          (table.inherits !== undefined && !manages(manage, "inheritance")),
      )
      .map(tableKey),
  );
  return left.size === 0 ? inScope : (table) => inScope(table) && !left.has(tableKey(table));
}

interface Kinds {
  readonly partitions: boolean;
  readonly inheritance: boolean;
  readonly storage: boolean;
  readonly options: boolean;
  readonly replicaIdentity: boolean;
  readonly compositeTypes: boolean;
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

function adoptTable(current: TableDef, target: TableDef, kinds: Kinds): TableDef {
  const result: Mutable<TableDef> = { ...target };
  const uniques = new Map(current.uniques.map((u) => [u.name, u]));
  if (!kinds.partitions) {
    copyOptional(result, current, "partitionBy");
    copyOptional(result, current, "partitionOf");
  }
  if (!kinds.inheritance) copyOptional(result, current, "inherits");
  if (!kinds.storage) {
    copyOptional(result, current, "unlogged");
    copyOptional(result, current, "storageParameters");
    copyOptional(result, current, "clusterOn");
    result.indexes = adoptIndexStorage(current.indexes, target.indexes);
    // A table's primary key is its primary key whatever its name (a naming strategy's).
    if (target.primaryKey !== null && current.primaryKey !== null) result.primaryKey = withStorageOf(target.primaryKey, current.primaryKey);
    result.uniques = target.uniques.map((u) => {
      const was = uniques.get(u.name);
      return was === undefined ? u : withStorageOf(u, was);
    });
    result.exclusions = adoptExclusionStorage(current.exclusions, target.exclusions);
  }
  if (!kinds.replicaIdentity) copyOptional(result, current, "replicaIdentity");
  // A typed table stays typed while its columns stay the type's attributes; columns changed (entities
  // cannot say the type) make it a plain table, which is what lets PostgreSQL change them.
  if (!kinds.compositeTypes && current.ofType !== undefined && sameColumnShape(current, target)) result.ofType = current.ofType;
  const inheritedFlags = !kinds.inheritance || (!kinds.partitions && current.partitionOf !== undefined);
  if (inheritedFlags || !kinds.options || !kinds.storage) {
    const columns = new Map(current.columns.map((c) => [c.name, c]));
    result.columns = target.columns.map((column) =>
      adoptColumn(columns.get(column.name), column, { inheritedFlag: inheritedFlags, options: !kinds.options, storage: !kinds.storage }),
    );
  }
  if (!kinds.options) {
    const fks = new Map(current.foreignKeys.map((fk) => [fk.name, fk]));
    result.foreignKeys = target.foreignKeys.map((fk) => {
      const was = fks.get(fk.name);
      let kept = was?.notValid === true && fk.notValid === undefined ? { ...fk, notValid: true } : fk;
      if (was?.notEnforced === true && kept.notEnforced === undefined) kept = { ...kept, notEnforced: true };
      if (was?.match !== undefined && kept.match === undefined) kept = { ...kept, match: was.match };
      // The columns an ON DELETE SET NULL / SET DEFAULT sets, while the action and the key's columns stay.
      if (was?.onDeleteColumns !== undefined && kept.onDeleteColumns === undefined && was.onDelete === kept.onDelete && was.onDeleteColumns.every((c) => kept.columns.includes(c))) {
        kept = { ...kept, onDeleteColumns: was.onDeleteColumns };
      }
      return kept;
    });
    result.uniques = result.uniques.map((u) => {
      const was = uniques.get(u.name);
      const kept = was?.nullsNotDistinct === true && u.nullsNotDistinct === undefined ? { ...u, nullsNotDistinct: true } : u;
      return withIncludeOf(kept, was, target);
    });
    result.checks = adoptCheckValidation(current.checks, target.checks);
    // A table's primary key is its primary key whatever its name (a naming strategy's).
    if (result.primaryKey !== null && current.primaryKey !== null) result.primaryKey = withIncludeOf(result.primaryKey, current.primaryKey, target);
    result.indexes = adoptIndexOptions(current.indexes, result.indexes, tableColumns(current, target));
  }
  return result;
}

/**
 * `targets` where `currents`' check of the same name is NOT VALID (rows from before it may break it; a
 * DBA's `ADD CONSTRAINT ... NOT VALID` on a large or legacy table), NOT VALID too, as foreign keys are:
 * entities cannot say it, and validating it would scan the table under its lock, or fail on those rows.
 * The same list when none changes.
 */
function adoptCheckValidation(currents: readonly CheckDef[], targets: readonly CheckDef[]): readonly CheckDef[] {
  const notValid = new Set(currents.filter(isNotValidInModel).map((c) => c.name));
  if (notValid.size === 0) return targets;
  let changed = false;
  const adopted = targets.map((target) => {
    if (!notValid.has(target.name) || isNotValidInModel(target)) return target;
    changed = true;
    // As pg_get_constraintdef prints a check that is not validated.
    return { ...target, definition: `${target.definition} NOT VALID` };
  });
  return changed ? adopted : targets;
}

/**
 * `targets` with the storage parameters of `currents`' exclusion of the same name (they sit inside the
 * definition: `WITH (fillfactor='70')`), which entities never give: its very definition where the two differ
 * only by them, and them put into the target's otherwise, while the access method stays (as an index's,
 * adoptIndexStorage); the same list when none changes.
 */
function adoptExclusionStorage(currents: readonly ExclusionDef[], targets: readonly ExclusionDef[]): readonly ExclusionDef[] {
  const byName = new Map(currents.map((e) => [e.name, e]));
  let changed = false;
  const adopted = targets.map((target) => {
    const was = byName.get(target.name);
    if (was === undefined || was.definition === target.definition) return target;
    const definition = exclusionWithoutStorage(was.definition) === target.definition ? was.definition : exclusionWithStorageOf(target.definition, was.definition);
    if (definition === target.definition) return target;
    changed = true;
    return { ...target, definition };
  });
  return changed ? adopted : targets;
}

function adoptColumn(
  current: ColumnDef | undefined,
  target: ColumnDef,
  { inheritedFlag, options, storage }: { inheritedFlag: boolean; options: boolean; storage: boolean },
): ColumnDef {
  if (current === undefined) return target;
  let result = target;
  if (inheritedFlag && current.inherited === true && target.inherited === undefined) result = { ...result, inherited: true };
  if (storage) result = adoptSettings(current, result);
  // Sequence options (an identity column's, a serial column's) that entities cannot say: the database's
  // are kept while the column stays of the same kind.
  if (
    options &&
    current.identity !== null &&
    current.identity.options !== undefined &&
    result.identity?.kind === current.identity.kind &&
    result.identity.options === undefined
  ) {
    result = { ...result, identity: { ...result.identity, options: current.identity.options } };
  }
  return result;
}

/**
 * `target` with the physical settings of `current`'s columns of the same name, where it does not say (see
 * adoptSettings). For the tables a comparison pairs once renames are known (`current` under its new
 * names), which `adoptUnmanaged` cannot pair by name beforehand: a renamed table or column keeps its
 * settings too.
 */
export function adoptColumnSettings(current: TableDef, target: TableDef): TableDef {
  const columns = new Map(current.columns.map((c) => [c.name, c]));
  let changed = false;
  const adopted = target.columns.map((column) => {
    const was = columns.get(column.name);
    const result = was === undefined ? column : adoptSettings(was, column);
    changed ||= result !== column;
    return result;
  });
  return changed ? { ...target, columns: adopted } : target;
}

/**
 * The column's physical settings as `current` has them, where `target` does not say (entities never do).
 * Its storage and compression only while it keeps its type, up to length, precision or other modifiers:
 * a new type brings its own defaults (EXTERNAL storage is refused on an integer, say), which PostgreSQL
 * gives it on the retype. Its statistics target and options survive any retype, as in PostgreSQL.
 */
function adoptSettings(current: ColumnDef, target: ColumnDef): ColumnDef {
  const sameType = sameTypeFamily(current.type, target.type);
  const adopted: Mutable<ColumnDef> = { ...target };
  let changed = false;
  const adopt = <K extends ColumnSettingKey>(key: K, when: boolean): void => {
    if (!when || current[key] === undefined || target[key] !== undefined) return;
    adopted[key] = current[key];
    changed = true;
  };
  adopt("storage", sameType);
  adopt("compression", sameType);
  adopt("statisticsTarget", true);
  adopt("attributeOptions", true);
  return changed ? adopted : target;
}

function copyOptional<
  K extends "partitionBy" | "partitionOf" | "inherits" | "unlogged" | "storageParameters" | "clusterOn" | "replicaIdentity",
>(
  result: Mutable<TableDef>,
  current: TableDef,
  key: K,
): void {
  if (current[key] === undefined) delete result[key];
  else result[key] = current[key];
}

/**
 * `to` with the free-standing sequences of `from` that it lacks, when sequences are not managed (entity
 * mode: entities cannot describe one), so that none is dropped. A sequence OWNED BY a column that `to`
 * does not have is not adopted: Postgres drops it with its column, and the comparison says so (and brings
 * it back in the downgrade). A sequence both have keeps `from`'s UNLOGGED when table storage is not
 * managed (entity mode: a serial spelled out as its sequence describes no persistence).
 */
export function adoptUnmanagedSequences(from: SchemaModel, to: SchemaModel, manage: ReadonlySet<ManagedKind> | undefined): SchemaModel {
  const persistence = manages(manage, "tableStorage") ? to : adoptSequencePersistence(from, to);
  if (manages(manage, "sequences")) return persistence;
  const adopted = Object.entries(from.sequences).filter(([key, sequence]) => {
    if (key in persistence.sequences) return false;
    if (sequence.ownedBy === null) return true;
    const owner = persistence.tables[tableKey(sequence.ownedBy.table)];
    return owner !== undefined && owner.columns.some((column) => column.name === sequence.ownedBy!.column);
  });
  if (adopted.length === 0) return persistence;
  return { ...persistence, sequences: { ...persistence.sequences, ...Object.fromEntries(adopted) } };
}

/** `to` whose sequences that `from` has too are UNLOGGED exactly where `from`'s are. */
function adoptSequencePersistence(from: SchemaModel, to: SchemaModel): SchemaModel {
  let sequences: Record<string, SequenceDef> | null = null;
  for (const [key, sequence] of Object.entries(to.sequences)) {
    const current = from.sequences[key];
    if (current === undefined || current.unlogged === sequence.unlogged) continue;
    const { unlogged: _dropped, ...logged } = sequence;
    (sequences ??= { ...to.sequences })[key] = current.unlogged === true ? { ...logged, unlogged: true } : logged;
  }
  return sequences === null ? to : { ...to, sequences };
}
