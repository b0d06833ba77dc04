/** Test support: terse builders for model objects (every field explicit in the result). */
import type {
  ColumnDef,
  IndexDef,
  IndexKey,
  TableDef,
  TableRef,
} from "../../src/model/schema-model";

export function ref(name: string, schema = "public"): TableRef {
  return { schema, name };
}

export function col(name: string, type: string, extra: Partial<ColumnDef> = {}): ColumnDef {
  return {
    name,
    type,
    nullable: true,
    default: null,
    identity: null,
    generated: null,
    collation: null,
    comment: null,
    ...extra,
  };
}

export function table(
  name: string,
  columns: readonly ColumnDef[],
  extra: Partial<TableDef> = {},
): TableDef {
  return {
    schema: "public",
    name,
    comment: null,
    columns,
    primaryKey: null,
    uniques: [],
    foreignKeys: [],
    checks: [],
    exclusions: [],
    indexes: [],
    ...extra,
  };
}

export function key(expression: string, extra: Partial<IndexKey> = {}): IndexKey {
  return {
    expression,
    descending: false,
    nullsFirst: false,
    opclass: null,
    collation: null,
    ...extra,
  };
}

export function index(
  name: string,
  keys: readonly IndexKey[],
  extra: Partial<IndexDef> = {},
): IndexDef {
  return {
    name,
    unique: false,
    method: "btree",
    keys,
    include: [],
    where: null,
    nullsNotDistinct: false,
    ...extra,
  };
}
