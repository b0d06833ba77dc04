/**
 * `columns.sql` row -> ColumnDef.
 * @internal
 */
import type { ColumnDef, ColumnIdentity } from "../model/schema-model";
import { qualifiedName } from "../model/names";
import type { ColumnRow } from "./catalog-rows";
import { UnsupportedCatalogObjectError } from "./introspect-errors";

/**
 * Maps one column. A serial column (its default is `nextval` of a sequence it owns) gets
 * `identity: { kind: "serial" }` and a null default; an identity column gets its generation; a stored
 * generated column gets its expression in `generated` and a null default.
 * @throws UnsupportedCatalogObjectError for a virtual generated column (PostgreSQL 18) or an unknown
 *   identity letter.
 */
export function mapColumn(row: ColumnRow): ColumnDef {
  const where = `column "${row.name}" of table ${qualifiedName(row.table_schema, row.table_name)}`;
  const isSerial = row.serial_sequence_name !== null;
  let generated: string | null = null;
  switch (row.generated_kind) {
    case "":
      break;
    case "s":
      generated = row.default_expr;
      break;
    case "v":
      throw new UnsupportedCatalogObjectError(
        where,
        "it is a virtual generated column (GENERATED ALWAYS AS ... VIRTUAL), which the schema model does not " +
          "represent; only STORED generated columns are supported",
      );
    default:
      throw new UnsupportedCatalogObjectError(where, `its attgenerated flag '${row.generated_kind}' is unknown`);
  }
  return {
    name: row.name,
    type: row.type,
    nullable: row.nullable,
    default: isSerial || generated !== null ? null : row.default_expr,
    identity: isSerial ? { kind: "serial" } : mapIdentity(row.identity_kind, where),
    generated,
    collation: row.collation,
    comment: row.comment,
    ...(row.inherited && { inherited: true }),
  };
}

function mapIdentity(letter: string, where: string): ColumnIdentity | null {
  switch (letter) {
    case "":
      return null;
    case "a":
      return { kind: "identity", generation: "ALWAYS" };
    case "d":
      return { kind: "identity", generation: "BY DEFAULT" };
    default:
      throw new UnsupportedCatalogObjectError(where, `its attidentity flag '${letter}' is unknown`);
  }
}
