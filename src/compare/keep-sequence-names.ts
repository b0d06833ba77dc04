/**
 * The name of a serial column's sequence is a database's history, not a difference: PostgreSQL names it
 * `<table>_<column>_seq` when it is made, keeps that name when the table or column is renamed, and takes
 * `..._seq1` where another relation already holds the name. Comparisons never compare it (equality.ts),
 * and a migration that makes the sequence again gives it the name it should have:
 * - a serial column `from` has keeps `from`'s name in `to`, so that a table created again (for a new
 *   partition key, say) gets its sequence back under that name, and the derived downgrade too;
 * - an identity column `from` has as one too keeps `from`'s name likewise (`SEQUENCE NAME` when created
 *   again);
 * - a column `from` has but not as serial, made serial in place (`CREATE SEQUENCE` by name, then the
 *   default), takes the name `to` gives or `<table>_<column>_seq`, or, when a relation of the schema in
 *   either model holds that, the next free one as PostgreSQL would choose it. A new table or column
 *   needs nothing: `CREATE TABLE` and `ADD COLUMN` let PostgreSQL choose.
 */
import { tableKey } from "../model/names";
import type { ColumnDef, ColumnIdentity, SchemaModel, TableDef } from "../model/schema-model";
import { freeSerialSequenceName, serialIdentity, serialSequenceRef } from "../ops/serial-sequence";

/** `to` with its serial and identity columns' sequences named as the file comment says. */
export function keepSequenceNames(from: SchemaModel, to: SchemaModel): SchemaModel {
  let tables: Record<string, TableDef> | null = null;
  let relations: RelationNames | null = null;
  for (const [key, table] of Object.entries(to.tables)) {
    if (!table.columns.some((c) => isOwnSerial(c) || isOwnIdentity(c))) continue;
    const current = from.tables[tableKey(table)];
    if (current === undefined) continue;
    const columns = table.columns.map((column) => {
      if (isOwnIdentity(column)) return keptIdentityName(column, current.columns.find((c) => c.name === column.name));
      if (!isOwnSerial(column)) return column;
      const was = current.columns.find((c) => c.name === column.name);
      if (was === undefined) return column;
      if (isOwnSerial(was)) return named(table, column, serialSequenceRef(current, was.name, was.identity).name);
      relations ??= relationNames(from, to);
      // The sequences this very column owns on either side are not in the way (an identity's is dropped
      // before the serial's is made: compile-alter-column.ts).
      const self = columnKey(table, column.name);
      const owners = relations.get(table.schema);
      const free = (name: string) => [...(owners?.get(name) ?? [])].every((owner) => owner === self);
      const wanted = serialSequenceRef(table, column.name, column.identity).name;
      if (free(wanted)) return named(table, column, wanted);
      const taken = new Set([...(owners?.keys() ?? [])].filter((name) => !free(name)));
      return named(table, column, freeSerialSequenceName(table, column.name, taken));
    });
    if (columns.some((column, i) => column !== table.columns[i])) (tables ??= { ...to.tables })[key] = { ...table, columns };
  }
  return tables === null ? to : { ...to, tables };
}

/** A serial column of the table itself (an inherited one draws on its parent's sequence). */
const isOwnSerial = (column: ColumnDef): boolean => column.identity?.kind === "serial" && column.inherited !== true;

/** An identity column of the table itself. */
const isOwnIdentity = (column: ColumnDef): boolean => column.identity?.kind === "identity" && column.inherited !== true;

/**
 * Identity `column` with the sequence name of `was`, the same column on the `from` side when it is an
 * identity column too (a column made identity in place takes the name `to` gives, or PostgreSQL's).
 */
function keptIdentityName(column: ColumnDef, was: ColumnDef | undefined): ColumnDef {
  if (was === undefined || !isOwnIdentity(was) || was.identity!.sequence === column.identity!.sequence) return column;
  const { sequence: _, ...identity } = column.identity as Extract<ColumnIdentity, { kind: "identity" }>;
  const name = was.identity!.sequence;
  return { ...column, identity: name === undefined ? identity : { ...identity, sequence: name } };
}

/** Serial `column` of `table` with its sequence named `name` (the same object when it already is). */
function named(table: TableDef, column: ColumnDef, name: string): ColumnDef {
  // The sequence's options stay with it.
  const options = column.identity?.kind === "serial" ? column.identity.options : undefined;
  const identity: ColumnIdentity = { ...serialIdentity(table.name, column.name, name), ...(options !== undefined && { options }) };
  return sequenceName(identity) === sequenceName(column.identity) ? column : { ...column, identity };
}

const sequenceName = (identity: ColumnIdentity | null): string | undefined => (identity?.kind === "serial" ? identity.sequence : undefined);

/** Per schema, the names of its relations, each with what holds it: a column's key for a column's sequence, else "". */
type RelationNames = ReadonlyMap<string, ReadonlyMap<string, ReadonlySet<string>>>;

const columnKey = (table: TableDef, column: string): string => `${tableKey(table)}.${column}`;

/**
 * The relations of each schema in either model (tables, views, sequences, composite types, indexes and
 * the indexes of keys, and the sequences of serial and identity columns): what `CREATE SEQUENCE` of a name
 * can collide with.
 */
function relationNames(...models: readonly SchemaModel[]): RelationNames {
  const bySchema = new Map<string, Map<string, Set<string>>>();
  const add = (schema: string, name: string, holder = "") => {
    let names = bySchema.get(schema);
    if (names === undefined) bySchema.set(schema, (names = new Map()));
    let holders = names.get(name);
    if (holders === undefined) names.set(name, (holders = new Set()));
    holders.add(holder);
  };
  for (const model of models) {
    for (const table of Object.values(model.tables)) {
      add(table.schema, table.name);
      if (table.primaryKey !== null) add(table.schema, table.primaryKey.name);
      for (const member of [...table.uniques, ...table.exclusions, ...table.indexes]) add(table.schema, member.name);
      for (const column of table.columns) {
        if (column.identity === null || column.inherited === true) continue;
        add(table.schema, serialSequenceRef(table, column.name, column.identity).name, columnKey(table, column.name));
      }
    }
    for (const view of Object.values(model.views)) {
      add(view.schema, view.name);
      for (const index of view.indexes) add(view.schema, index.name);
    }
    for (const sequence of Object.values(model.sequences)) add(sequence.schema, sequence.name);
    for (const type of Object.values(model.compositeTypes ?? {})) add(type.schema, type.name);
  }
  return bySchema;
}
