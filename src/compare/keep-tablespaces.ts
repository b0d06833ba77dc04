/**
 * Tablespaces are physical layout, which differs from one environment to the next (a legacy database keeps
 * its big tables and indexes on another disk; a developer's copy has one tablespace): a comparison never
 * compares them, and never moves anything (`ALTER ... SET TABLESPACE` rewrites the relation under an
 * ACCESS EXCLUSIVE lock). Nor does it lose them: what a migration drops and creates again (an index whose
 * definition changes, a key created again, a table created again for a new partition key, a materialized
 * view created again around a retyped column, an index or exclusion an enum rebuild re-creates) goes back
 * to the tablespace the database being migrated (`from`) has it in; the drops carry `from`'s, so the
 * derived downgrade puts the old object back where it was. What `from` does not have is created in the
 * default tablespace of the database it is created in, whatever `to` says: entities never say, and another
 * database's layout is not this one's (`autogen diff A B` does not copy B's).
 *
 * `to` takes `from`'s tablespaces, by key for tables and views; in a table, its primary key takes `from`'s
 * primary key's whatever its name (a table has one; a new name is a naming strategy's), and unique and
 * exclusion constraints and indexes (a materialized view's too) take those of the same name, or, under a
 * new name, that of those they replace (`placeMembers`). Equality ignores the field (equality.ts), so
 * that an index renamed is still seen as the same definition.
 */
import type { SchemaModel, TableDef, ViewDef } from "../model/schema-model";

/** `to` with `from`'s tablespaces (see the file comment). */
export function keepTablespaces(from: SchemaModel, to: SchemaModel): SchemaModel {
  const tables = placeAll(to.tables, (key, table) => keepTableTablespaces(from.tables[key], table));
  const views = placeAll(to.views, (key, view) => placeView(from.views[key], view));
  return tables === to.tables && views === to.views ? to : { ...to, tables, views };
}

/** `target` with the tablespaces `current` (the same table in the database, if it has it) has. */
export function keepTableTablespaces(current: TableDef | undefined, target: TableDef): TableDef {
  const primaryKey = target.primaryKey === null ? null : placed(target.primaryKey, current?.primaryKey?.tablespace);
  const uniques = placeMembers(target.uniques, current?.uniques);
  const exclusions = placeMembers(target.exclusions, current?.exclusions);
  const indexes = placeMembers(target.indexes, current?.indexes);
  const table = placed(target, current?.tablespace);
  if (table === target && primaryKey === target.primaryKey && uniques === target.uniques && exclusions === target.exclusions && indexes === target.indexes) {
    return target;
  }
  return { ...table, primaryKey, uniques, exclusions, indexes };
}

function placeView(current: ViewDef | undefined, target: ViewDef): ViewDef {
  const indexes = placeMembers(target.indexes, current?.indexes);
  const view = placed(target, current?.tablespace);
  return indexes === target.indexes ? view : { ...view, indexes };
}

/** `record` with each value placed; the same record when none changes. */
function placeAll<T>(record: Readonly<Record<string, T>>, place: (key: string, value: T) => T): Readonly<Record<string, T>> {
  let result: Record<string, T> | null = null;
  for (const [key, value] of Object.entries(record)) {
    const kept = place(key, value);
    if (kept !== value) (result ??= { ...record })[key] = kept;
  }
  return result ?? record;
}

/**
 * `members` with the tablespaces of `currents` of the same name; the same list when none changes. A
 * member of a new name takes the place of those of `currents` that `members` no longer have, when they
 * all sit in one tablespace: TypeORM names an index or unique constraint after its columns, so one whose
 * columns change is dropped and created under another name, and goes where the one it replaces was.
 */
function placeMembers<T extends { readonly name: string; readonly tablespace?: string }>(
  members: readonly T[],
  currents: readonly T[] | undefined,
): readonly T[] {
  const inTablespace = (member: T) => member.tablespace !== undefined;
  if (!members.some(inTablespace) && !(currents ?? []).some(inTablespace)) return members;
  const where = new Map((currents ?? []).map((c) => [c.name, c.tablespace] as const));
  const names = new Set(members.map((member) => member.name));
  const replaced = new Set((currents ?? []).filter((c) => !names.has(c.name)).map((c) => c.tablespace));
  const inPlaceOf = replaced.size === 1 ? [...replaced][0] : undefined;
  let changed = false;
  const result = members.map((member) => {
    const kept = placed(member, where.has(member.name) ? where.get(member.name) : inPlaceOf);
    changed ||= kept !== member;
    return kept;
  });
  return changed ? result : members;
}

/** `def` in `tablespace` (absent: the default); `def` itself when it is there already. */
function placed<T extends { readonly tablespace?: string }>(def: T, tablespace: string | undefined): T {
  if (def.tablespace === tablespace) return def;
  const { tablespace: _, ...rest } = def;
  return (tablespace === undefined ? rest : { ...rest, tablespace }) as T;
}
