/**
 * The part of building the model that concerns partitioning, inheritance, storage, identity options,
 * domains, composite types and range types (see build-model.ts for the rest).
 * @internal
 */
import { qualifiedName } from "../model/names";
import type { ColumnDef, CompositeTypeDef, DomainDef, RangeTypeDef, SchemaModel, TableDef } from "../model/schema-model";
import type { CatalogRows, SequenceRow } from "./catalog-rows";
import { makeObjectName } from "../ops/serial-sequence";
import { identityOptions, mapCompositeType, mapDomain, mapRangeType, mapTableKinds, type TableKinds } from "./map-table-kinds";

export interface TableKindsIndex {
  /** The partitioning, inheritance and storage fields of a table (by qualified name); `{}` for a plain one. */
  kindsOf(key: string): TableKinds;
  /** The columns of a table with the options of their identity sequences filled in. */
  withIdentityOptions(key: string, columns: readonly ColumnDef[]): readonly ColumnDef[];
}

export function indexTableKinds(rows: CatalogRows): TableKindsIndex {
  const kinds = new Map(rows.tableKinds.map((row) => [qualifiedName(row.schema, row.name), mapTableKinds(row)]));
  // Identity sequences by their table's key, then by column name.
  const identitySequences = new Map<string, Map<string, SequenceRow>>();
  for (const row of rows.sequences) {
    if (row.owner_kind !== "i" || row.owner_schema === null || row.owner_table === null) continue;
    const table = qualifiedName(row.owner_schema, row.owner_table);
    let byColumn = identitySequences.get(table);
    if (byColumn === undefined) identitySequences.set(table, (byColumn = new Map()));
    if (row.owner_column !== null) byColumn.set(row.owner_column, row);
  }
  return {
    kindsOf: (key) => kinds.get(key) ?? {},
    withIdentityOptions: (key, columns) => {
      const byColumn = identitySequences.get(key);
      if (byColumn === undefined) return columns;
      return columns.map((column) => {
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
