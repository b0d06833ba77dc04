/**
 * The part of building the model that concerns partitioning, inheritance, storage, identity options,
 * domains, composite types and range types (see build-model.ts for the rest).
 * @internal
 */
import { qualifiedName } from "../model/names";
import type { ColumnDef, CompositeTypeDef, DomainDef, RangeTypeDef, SchemaModel, TableDef, TableRef } from "../model/schema-model";
import type { CatalogRows, SequenceRow } from "./catalog-rows";
import { makeObjectName, serialSequenceRef } from "../ops/serial-sequence";
import { identityOptions, mapCompositeType, mapDomain, mapRangeType, mapTableKinds, type TableKinds } from "./map-table-kinds";

export interface TableKindsIndex {
  /** The partitioning, inheritance and storage fields of a table (by qualified name); `{}` for a plain one. */
  kindsOf(key: string): TableKinds;
  /** The columns of a table with the options of their identity and serial sequences filled in. */
  withIdentityOptions(key: string, table: TableRef, columns: readonly ColumnDef[]): readonly ColumnDef[];
}

export function indexTableKinds(rows: CatalogRows): TableKindsIndex {
  const kinds = new Map(rows.tableKinds.map((row) => [qualifiedName(row.schema, row.name), mapTableKinds(row)]));
  // Identity sequences by their table's key, then by column name.
  const identitySequences = new Map<string, Map<string, SequenceRow>>();
  // The others by their own name: a serial column's is found by the name its column gives.
  const sequencesByName = new Map<string, SequenceRow>();
  for (const row of rows.sequences) {
    if (row.owner_kind !== "i" || row.owner_schema === null || row.owner_table === null) {
      sequencesByName.set(qualifiedName(row.schema, row.name), row);
      continue;
    }
    const table = qualifiedName(row.owner_schema, row.owner_table);
    let byColumn = identitySequences.get(table);
    if (byColumn === undefined) identitySequences.set(table, (byColumn = new Map()));
    if (row.owner_column !== null) byColumn.set(row.owner_column, row);
  }
  return {
    kindsOf: (key) => kinds.get(key) ?? {},
    withIdentityOptions: (key, owner, columns) => {
      const byColumn = identitySequences.get(key);
      return columns.map((column) => {
        if (column.identity?.kind === "serial") return withSerialOptions(owner, column, sequencesByName);
        if (byColumn === undefined) return column;
        const sequence = byColumn.get(column.name);
        if (column.identity?.kind !== "identity" || sequence === undefined) return column;
        const options = identityOptions(column.type, sequence);
        // Its name, where it is not the one a new identity column gets (and in the table's schema, where
        // `SEQUENCE NAME` puts it unqualified).
        const table = sequence.owner_table!;
        const named = sequence.schema === sequence.owner_schema && sequence.name !== makeObjectName(table, column.name, "seq");
        if (options === undefined && !named) return column;
        return {
          ...column,
          identity: { ...column.identity, ...(options !== undefined && { options }), ...(named && { sequence: sequence.name }) },
        };
      });
    },
  };
}

/**
 * Serial `column` of `table` with the options of its sequence that differ from what `serial` gives it
 * (`identityOptions`, judged by the sequence's own type: a column retyped by hand keeps its old sequence
 * type, which is not an option); the same column where there are none. An inherited column draws on its
 * parent's sequence and has none of its own.
 */
function withSerialOptions(table: TableRef, column: ColumnDef, sequences: ReadonlyMap<string, SequenceRow>): ColumnDef {
  if (column.identity?.kind !== "serial" || column.inherited === true) return column;
  const ref = serialSequenceRef(table, column.name, column.identity);
  const sequence = sequences.get(qualifiedName(ref.schema, ref.name));
  const options = sequence === undefined ? undefined : identityOptions(sequence.data_type, sequence);
  return options === undefined ? column : { ...column, identity: { ...column.identity, options } };
}

/** `domains`, `compositeTypes` and `rangeTypes` of the model, each present only when there is at least one. */
export function typeKinds(rows: CatalogRows, sortKey: <T>(items: readonly T[], key: (item: T) => string) => T[]): Pick<
  SchemaModel,
  "domains" | "compositeTypes" | "rangeTypes"
> {
  const byKey = <R extends { schema: string; name: string }, D>(items: readonly R[], map: (row: R) => D) =>
    Object.fromEntries(sortKey(items, (r) => qualifiedName(r.schema, r.name)).map((r) => [qualifiedName(r.schema, r.name), map(r)]));
  const domains: Record<string, DomainDef> = byKey(rows.domains, mapDomain);
  const compositeTypes: Record<string, CompositeTypeDef> = byKey(rows.compositeTypes, mapCompositeType);
  const rangeTypes: Record<string, RangeTypeDef> = byKey(rows.rangeTypes, mapRangeType);
  return {
    ...(Object.keys(domains).length > 0 && { domains }),
    ...(Object.keys(compositeTypes).length > 0 && { compositeTypes }),
    ...(Object.keys(rangeTypes).length > 0 && { rangeTypes }),
  };
}

/** A table with its kinds applied (the fields are only added when present). */
export function withKinds(table: TableDef, kinds: TableKinds): TableDef {
  return Object.keys(kinds).length === 0 ? table : { ...table, ...kinds };
}
