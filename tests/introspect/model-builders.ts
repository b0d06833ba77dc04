/** Builders for expected models in the introspection tests: every field not given takes its empty value. */
import type { ColumnDef, IndexDef, IndexKey, TableDef } from "../../src/model/schema-model";

export function column(name: string, type: string, rest: Partial<ColumnDef> = {}): ColumnDef {
  return {
    name,
    type,
    nullable: true,
    default: null,
    identity: null,
    generated: null,
    collation: null,
    comment: null,
    ...rest,
  };
}

export function table(schema: string, name: string, rest: Partial<TableDef>): TableDef {
  return {
    schema,
    name,
    comment: null,
    columns: [],
    primaryKey: null,
    uniques: [],
    foreignKeys: [],
    checks: [],
    exclusions: [],
    indexes: [],
    ...rest,
  };
}

export function key(expression: string, rest: Partial<IndexKey> = {}): IndexKey {
  return { expression, descending: false, nullsFirst: false, opclass: null, collation: null, ...rest };
}

export function index(name: string, keys: IndexKey[], rest: Partial<IndexDef> = {}): IndexDef {
  return { name, unique: false, method: "btree", keys, include: [], where: null, nullsNotDistinct: false, ...rest };
}

/** A serial column: not null, identity kind serial, no default. */
export const serial = { identity: { kind: "serial" }, nullable: false } as const;
