/**
 * `constraints.sql` row -> ConstraintDef.
 * @internal
 */
import type { ConstraintDef, ReferentialAction } from "../model/schema-model";
import { qualifiedName } from "../model/names";
import type { ConstraintRow } from "./catalog-rows";
import { UnsupportedCatalogObjectError } from "./introspect-errors";

/** `pg_constraint.confupdtype` / `confdeltype` letters. */
const ACTIONS: Readonly<Record<string, ReferentialAction>> = {
  a: "NO ACTION",
  r: "RESTRICT",
  c: "CASCADE",
  n: "SET NULL",
  d: "SET DEFAULT",
};

/**
 * Maps one constraint; column lists keep the constraint's key order.
 * @throws UnsupportedCatalogObjectError on an unknown constraint type or action letter, or a check or
 *   exclusion constraint without a definition.
 */
export function mapConstraint(row: ConstraintRow): ConstraintDef {
  const where = `constraint "${row.name}" on table ${qualifiedName(row.table_schema, row.table_name)}`;
  switch (row.type) {
    case "p":
      return {
        type: "primaryKey",
        name: row.name,
        columns: row.columns,
        deferrable: row.deferrable,
        initiallyDeferred: row.initially_deferred,
      };
    case "u":
      return {
        type: "unique",
        name: row.name,
        columns: row.columns,
        deferrable: row.deferrable,
        initiallyDeferred: row.initially_deferred,
        ...(row.nulls_not_distinct && { nullsNotDistinct: true }),
      };
    case "f":
      if (row.ref_schema === null || row.ref_table === null) {
        throw new UnsupportedCatalogObjectError(where, "the table it references could not be read");
      }
      return {
        type: "foreignKey",
        name: row.name,
        columns: row.columns,
        referencedTable: { schema: row.ref_schema, name: row.ref_table },
        referencedColumns: row.ref_columns,
        onDelete: action(row.on_delete, where),
        onUpdate: action(row.on_update, where),
        deferrable: row.deferrable,
        initiallyDeferred: row.initially_deferred,
        ...(!row.validated && { notValid: true }),
      };
    case "c":
      return { type: "check", name: row.name, definition: definition(row, where) };
    case "x":
      return { type: "exclusion", name: row.name, definition: definition(row, where) };
    default:
      throw new UnsupportedCatalogObjectError(where, `its constraint type '${row.type}' is unknown`);
  }
}

function action(letter: string, where: string): ReferentialAction {
  const mapped = ACTIONS[letter];
  if (mapped === undefined) {
    throw new UnsupportedCatalogObjectError(where, `its referential action letter '${letter}' is unknown`);
  }
  return mapped;
}

function definition(row: ConstraintRow, where: string): string {
  if (row.definition === null) {
    throw new UnsupportedCatalogObjectError(where, "pg_get_constraintdef returned no definition");
  }
  return row.definition;
}
