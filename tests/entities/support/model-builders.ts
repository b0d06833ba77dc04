/**
 * Short builders for expected model values in the entity tests: every field not given takes the value a
 * plain column, index or constraint has.
 */
import type { ColumnDef, ForeignKeyDef, IndexDef, UniqueDef } from "../../../src/model/schema-model";

export function column(name: string, type: string, rest: Partial<ColumnDef> = {}): ColumnDef {
  return {
    name,
    type,
    nullable: false,
    default: null,
    identity: null,
    generated: null,
    collation: null,
    comment: null,
    ...rest,
  };
}

export function serial(name: string, type = "integer"): ColumnDef {
  return column(name, type, { identity: { kind: "serial" } });
}

export function index(name: string, keys: readonly string[], rest: Partial<IndexDef> = {}): IndexDef {
  return {
    name,
    unique: false,
    method: "btree",
    keys: keys.map((expression) => ({ expression, descending: false, nullsFirst: false, opclass: null, collation: null })),
    include: [],
    where: null,
    nullsNotDistinct: false,
    ...rest,
  };
}

export function unique(name: string, columns: readonly string[], rest: Partial<UniqueDef> = {}): UniqueDef {
  return { type: "unique", name, columns, deferrable: false, initiallyDeferred: false, ...rest };
}

export function foreignKey(
  name: string,
  columns: readonly string[],
  to: { schema: string; name: string; columns: readonly string[] },
  rest: Partial<ForeignKeyDef> = {},
): ForeignKeyDef {
  return {
    type: "foreignKey",
    name,
    columns,
    referencedTable: { schema: to.schema, name: to.name },
    referencedColumns: to.columns,
    onDelete: "NO ACTION",
    onUpdate: "NO ACTION",
    deferrable: false,
    initiallyDeferred: false,
    ...rest,
  };
}
