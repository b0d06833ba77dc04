/**
 * The part of building the model that concerns partitioning, inheritance, storage, identity options,
 * domains and composite types (see build-model.ts for the rest).
 * @internal
 */
import { qualifiedName } from "../model/names";
import type { ColumnDef, CompositeTypeDef, DomainDef, SchemaModel, TableDef } from "../model/schema-model";
import type { CatalogRows, SequenceRow } from "./catalog-rows";
import { identityOptions, mapCompositeType, mapDomain, mapTableKinds, type TableKinds } from "./map-table-kinds";

export interface TableKindsIndex {
  /** The partitioning, inheritance and storage fields of a table (by qualified name); `{}` for a plain one. */
  kindsOf(key: string): TableKinds;
  /** The columns of a table with the options of their identity sequences filled in. */
  withIdentityOptions(key: string, columns: readonly ColumnDef[]): readonly ColumnDef[];
}

export function indexTableKinds(rows: CatalogRows): TableKindsIndex {
  const kinds = new Map(rows.tableKinds.map((row) => [qualifiedName(row.schema, row.name), mapTableKinds(row)]));
  const identitySequences = new Map<string, SequenceRow>();
  for (const row of rows.sequences) {
    if (row.owner_kind !== "i" || row.owner_schema === null || row.owner_table === null) continue;
    identitySequences.set(`${qualifiedName(row.owner_schema, row.owner_table)}.${JSON.stringify(row.owner_column)}`, row);
  }
  return {
    kindsOf: (key) => kinds.get(key) ?? {},
    withIdentityOptions: (key, columns) =>
      identitySequences.size === 0
        ? columns
        : columns.map((column) => {
            const sequence = identitySequences.get(`${key}.${JSON.stringify(column.name)}`);
            if (column.identity?.kind !== "identity" || sequence === undefined) return column;
            const options = identityOptions(column.type, sequence);
            return options === undefined ? column : { ...column, identity: { ...column.identity, options } };
          }),
  };
}

/** `domains` and `compositeTypes` of the model, each present only when there is at least one. */
export function typeKinds(rows: CatalogRows, sortKey: <T>(items: readonly T[], key: (item: T) => string) => T[]): Pick<
  SchemaModel,
  "domains" | "compositeTypes"
> {
  const byKey = <R extends { schema: string; name: string }, D>(items: readonly R[], map: (row: R) => D) =>
    Object.fromEntries(sortKey(items, (r) => qualifiedName(r.schema, r.name)).map((r) => [qualifiedName(r.schema, r.name), map(r)]));
  const domains: Record<string, DomainDef> = byKey(rows.domains, mapDomain);
  const compositeTypes: Record<string, CompositeTypeDef> = byKey(rows.compositeTypes, mapCompositeType);
  return {
    ...(Object.keys(domains).length > 0 && { domains }),
    ...(Object.keys(compositeTypes).length > 0 && { compositeTypes }),
  };
}

/** A table with its kinds applied (the fields are only added when present). */
export function withKinds(table: TableDef, kinds: TableKinds): TableDef {
  return Object.keys(kinds).length === 0 ? table : { ...table, ...kinds };
}
