/**
 * Catalog rows -> SchemaModel: groups the per-kind rows by table, leaves out what must not be compared,
 * and sorts everything so that the same catalog always gives the same model.
 * @internal
 */
import {
  isToolOwnedTable,
  type ColumnDef,
  type ConstraintDef,
  type EnumDef,
  type ExtensionDef,
  type FunctionCall,
  type IndexDef,
  type SchemaModel,
  type SequenceDef,
  type ViewDef,
  type TableDef,
} from "../model/schema-model";
import { qualifiedName } from "../model/names";
import { functionAnchor } from "../model/object-ref";
import { viewQueryText } from "../model/view-query";
import type { CatalogRows, ColumnRow, ViewRow } from "./catalog-rows";
import { buildCatalogObjects } from "./build-catalog-objects";
import { mapColumn } from "./map-column";
import { mapConstraint } from "./map-constraint";
import { mapIndex } from "./map-index";
import { mapSequence } from "./map-sequence";
import { indexTableKinds, typeKinds, withKinds } from "./build-table-kinds";

/** The migration runner's own table, never part of a compared schema (one of `TOOL_OWNED_TABLES`). */
export const VERSION_TABLE_NAME = "autogen_version";

/**
 * Builds the model. A table is left out when it is a tool's own table (`TOOL_OWNED_TABLES`:
 * `autogen_version`, `autogen_checksums`, `typeorm_metadata`, in any schema) or its qualified name is in
 * `excludeTables`; the sequences it owns go with it. Sequences behind identity columns and serial
 * columns are never listed: they belong to their column.
 */
export function buildModel(rows: CatalogRows, excludeTables: readonly string[]): SchemaModel {
  const excluded = new Set(excludeTables);
  const keyOf = tableKeys();
  const included = new Map<string, boolean>();
  const isIncluded = (schema: string, name: string): boolean => {
    const key = keyOf(schema, name);
    let answer = included.get(key);
    if (answer === undefined) {
      answer = !isToolOwnedTable(name) && !excluded.has(key);
      included.set(key, answer);
    }
    return answer;
  };

  const columnRowsByTable = new Map<string, ColumnRow[]>();
  const serialSequences = new Set<string>();
  for (const row of rows.columns) {
    if (row.serial_sequence_schema !== null && row.serial_sequence_name !== null) {
      serialSequences.add(qualifiedName(row.serial_sequence_schema, row.serial_sequence_name));
    }
    if (!isIncluded(row.table_schema, row.table_name)) continue;
    push(columnRowsByTable, keyOf(row.table_schema, row.table_name), row);
  }
  const columnsByTable = new Map<string, ColumnDef[]>();
  const generatedReads: Record<string, Record<string, readonly string[]>> = {};
  for (const [key, tableRows] of columnRowsByTable) {
    columnsByTable.set(key, tableRows.sort((a, b) => a.position - b.position).map(mapColumn));
    for (const row of tableRows) {
      if (row.generated_reads !== null) (generatedReads[key] ??= {})[row.name] = [...row.generated_reads];
    }
  }

  const constraintsByTable = new Map<string, ConstraintDef[]>();
  for (const row of rows.constraints) {
    if (!isIncluded(row.table_schema, row.table_name)) continue;
    push(constraintsByTable, keyOf(row.table_schema, row.table_name), mapConstraint(row));
  }

  const indexesByTable = new Map<string, IndexDef[]>();
  for (const row of rows.indexes) {
    if (!isIncluded(row.table_schema, row.table_name)) continue;
    push(indexesByTable, keyOf(row.table_schema, row.table_name), mapIndex(row));
  }

  const tableKinds = indexTableKinds(rows);
  const tables: Record<string, TableDef> = {};
  for (const row of sortByKey(rows.tables, (t) => keyOf(t.schema, t.name))) {
    if (!isIncluded(row.schema, row.name)) continue;
    const key = keyOf(row.schema, row.name);
    const constraints = sortByName(constraintsByTable.get(key) ?? []);
    tables[key] = withKinds({
      schema: row.schema,
      name: row.name,
      comment: row.comment,
      columns: tableKinds.withIdentityOptions(key, row, columnsByTable.get(key) ?? []),
      primaryKey: constraints.find((c) => c.type === "primaryKey") ?? null,
      uniques: constraints.filter((c) => c.type === "unique"),
      foreignKeys: constraints.filter((c) => c.type === "foreignKey"),
      checks: constraints.filter((c) => c.type === "check"),
      exclusions: constraints.filter((c) => c.type === "exclusion"),
      indexes: sortByName(indexesByTable.get(key) ?? []),
      ...(row.tablespace !== null && { tablespace: row.tablespace }),
    }, tableKinds.kindsOf(key));
  }

  const sequences: Record<string, SequenceDef> = {};
  for (const row of sortByKey(rows.sequences, (s) => qualifiedName(s.schema, s.name))) {
    const key = qualifiedName(row.schema, row.name);
    if (row.owner_kind === "i" || serialSequences.has(key)) continue;
    if (row.owner_kind === "a" && row.owner_schema !== null && row.owner_table !== null) {
      if (!isIncluded(row.owner_schema, row.owner_table)) continue;
    }
    sequences[key] = mapSequence(row);
  }

  const enums: Record<string, EnumDef> = {};
  for (const row of sortByKey(rows.enums, (e) => qualifiedName(e.schema, e.name))) {
    enums[qualifiedName(row.schema, row.name)] = { schema: row.schema, name: row.name, labels: row.labels };
  }

  const views: Record<string, ViewDef> = {};
  for (const row of viewsInDependencyOrder(sortByKey(rows.views, (v) => qualifiedName(v.schema, v.name)))) {
    if (!isIncluded(row.schema, row.name)) continue;
    views[qualifiedName(row.schema, row.name)] = {
      schema: row.schema,
      name: row.name,
      materialized: row.materialized,
      definition: viewQueryText(row.definition),
      indexes: sortByName(indexesByTable.get(qualifiedName(row.schema, row.name)) ?? []),
      dependsOn: [...row.depends_on],
      readsColumns: [...row.reads_columns],
      columns: [...row.columns],
      options: [...row.options],
      ...(row.tablespace !== null && { tablespace: row.tablespace }),
      ...(row.cluster_index !== null && { clusterOn: row.cluster_index }),
      ...(row.default_columns.length > 0 && {
        columnDefaults: Object.fromEntries(row.default_columns.map((column, i) => [column, row.default_expressions[i]!])),
      }),
    };
  }

  const extensions: Record<string, ExtensionDef> = {};
  for (const row of sortByKey(rows.extensions, (e) => e.name)) {
    const comment = { text: row.comment, controlFile: row.control_comment };
    extensions[row.name] = { name: row.name, schema: row.schema, version: row.version, comment };
  }

  return {
    schemas: [...rows.schemas.readable].sort(compareText),
    extensions,
    enums,
    sequences,
    tables,
    views,
    ...typeKinds(rows, sortByKey),
    ...buildCatalogObjects(rows, isIncluded),
    ...(Object.keys(generatedReads).length > 0 && { generatedReads: sortedRecord(generatedReads) }),
    ...partitionKeyColumns(rows.tableKinds, isIncluded),
    ...memberReads(rows, tables),
    ...functionCalls(rows.functions, isIncluded),
    ...eventTriggers(rows.functions),
  };
}

/** `eventTriggers` of the model: the event triggers executing each function read, when any does. */
function eventTriggers(functions: CatalogRows["functions"]): Pick<SchemaModel, "eventTriggers"> {
  const byFunction = functions
    .filter((fn) => fn.event_triggers.length > 0)
    .map((fn): [string, readonly string[]] => [functionAnchor(fn.schema, fn.name, fn.arguments), [...fn.event_triggers]]);
  return byFunction.length > 0 ? { eventTriggers: sortedRecord(Object.fromEntries(byFunction)) } : {};
}

/** `functionCalls` of the model: what the included tables call of the functions read, when anything does. */
function functionCalls(
  functions: CatalogRows["functions"],
  isIncluded: (schema: string, name: string) => boolean,
): Pick<SchemaModel, "functionCalls"> {
  const byTable: Record<string, FunctionCall[]> = {};
  for (const fn of functions) {
    const called = functionAnchor(fn.schema, fn.name, fn.arguments);
    for (const caller of fn.called_by ?? []) {
      if (!isIncluded(caller.schema, caller.table)) continue;
      (byTable[qualifiedName(caller.schema, caller.table)] ??= []).push({ kind: caller.kind, name: caller.name, function: called });
    }
  }
  for (const calls of Object.values(byTable)) {
    calls.sort((a, b) => compareText(a.kind, b.kind) || compareText(a.name, b.name) || compareText(a.function, b.function));
  }
  return Object.keys(byTable).length > 0 ? { functionCalls: sortedRecord(byTable) } : {};
}

/**
 * `memberReads` of the model: the columns each check and exclusion, and each index with an expression key
 * or a predicate, of the tables read depends on, when any does.
 */
function memberReads(rows: CatalogRows, tables: Readonly<Record<string, TableDef>>): Pick<SchemaModel, "memberReads"> {
  const byTable: Record<string, { constraints?: Record<string, readonly string[]>; indexes?: Record<string, readonly string[]> }> = {};
  const add = (schema: string, table: string, kind: "constraints" | "indexes", name: string, reads: readonly string[] | null) => {
    const key = qualifiedName(schema, table);
    if (reads === null || reads.length === 0 || tables[key] === undefined) return;
    ((byTable[key] ??= {})[kind] ??= {})[name] = [...reads];
  };
  for (const row of rows.constraints) add(row.table_schema, row.table_name, "constraints", row.name, row.reads);
  for (const row of rows.indexes) add(row.table_schema, row.table_name, "indexes", row.name, row.reads);
  const sorted = Object.fromEntries(
    Object.entries(byTable).map(([key, reads]) => [
      key,
      {
        ...(reads.constraints !== undefined && { constraints: sortedRecord(reads.constraints) }),
        ...(reads.indexes !== undefined && { indexes: sortedRecord(reads.indexes) }),
      },
    ]),
  );
  return Object.keys(sorted).length > 0 ? { memberReads: sortedRecord(sorted) } : {};
}

/** `partitionKeyColumns` of the model: the key columns of each partitioned table included, when there are any. */
function partitionKeyColumns(
  rows: CatalogRows["tableKinds"],
  isIncluded: (schema: string, name: string) => boolean,
): Pick<SchemaModel, "partitionKeyColumns"> {
  const byTable: Record<string, readonly string[]> = {};
  for (const row of rows) {
    if (row.partition_columns.length > 0 && isIncluded(row.schema, row.name)) byTable[qualifiedName(row.schema, row.name)] = [...row.partition_columns];
  }
  return Object.keys(byTable).length > 0 ? { partitionKeyColumns: sortedRecord(byTable) } : {};
}

/** `record` with its keys in sorted order, so that the model prints the same whatever order rows came in. */
function sortedRecord<T>(record: Record<string, T>): Record<string, T> {
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => compareText(a, b)));
}

/** `rows` (sorted by name) with every view after the views it reads, so that creating them in order works. */
function viewsInDependencyOrder(rows: readonly ViewRow[]): ViewRow[] {
  const byKey = new Map(rows.map((row) => [qualifiedName(row.schema, row.name), row]));
  const ordered: ViewRow[] = [];
  const seen = new Set<string>();
  const visit = (key: string): void => {
    const row = byKey.get(key);
    if (row === undefined || seen.has(key)) return;
    seen.add(key);
    for (const dependency of row.depends_on) visit(dependency);
    ordered.push(row);
  };
  for (const key of byKey.keys()) visit(key);
  return ordered;
}

function push<T>(map: Map<string, T[]>, key: string, value: T): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** Code-point order: the same on every machine, unlike `localeCompare`. */
function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function sortByName<T extends { readonly name: string }>(items: readonly T[]): T[] {
  return [...items].sort((a, b) => compareText(a.name, b.name));
}

/** `items` sorted by `key`, computed once per item. */
function sortByKey<T>(items: readonly T[], key: (item: T) => string): T[] {
  return items
    .map((item) => ({ item, key: key(item) }))
    .sort((a, b) => compareText(a.key, b.key))
    .map((entry) => entry.item);
}

/**
 * `qualifiedName`, remembered: the rows of one table (its columns, constraints, indexes) ask for the same
 * key over and over.
 */
function tableKeys(): (schema: string, name: string) => string {
  const bySchema = new Map<string, Map<string, string>>();
  return (schema, name) => {
    let byName = bySchema.get(schema);
    if (byName === undefined) bySchema.set(schema, (byName = new Map()));
    let key = byName.get(name);
    if (key === undefined) byName.set(name, (key = qualifiedName(schema, name)));
    return key;
  };
}
