/**
 * `columns.sql` row -> ColumnDef.
 * @internal
 */
import type { ColumnDef, ColumnIdentity, StorageMode } from "../model/schema-model";
import { qualifiedName } from "../model/names";
import type { ColumnRow } from "./catalog-rows";
import { UnsupportedCatalogObjectError } from "./introspect-errors";
import { serialIdentity } from "../ops/serial-sequence";

/**
 * Maps one column. A serial column (its default is `nextval` of a sequence it owns) gets
 * `identity: { kind: "serial" }` (with its sequence's name where it is not `<table>_<column>_seq`) and a
 * null default; an identity column gets its generation; a generated column gets its expression in
 * `generated` and a null default, and a virtual one (PostgreSQL 18) `virtual: true`.
 * @throws UnsupportedCatalogObjectError for an unknown attgenerated, identity, storage or compression letter.
 */
export function mapColumn(row: ColumnRow): ColumnDef {
  const where = (): string => `column "${row.name}" of table ${qualifiedName(row.table_schema, row.table_name)}`;
  const isSerial = row.serial_sequence_name !== null;
  let generated: string | null = null;
  switch (row.generated_kind) {
    case "":
      break;
    case "s":
      generated = row.default_expr;
      break;
    case "v":
      generated = row.default_expr;
      break;
    default:
      throw new UnsupportedCatalogObjectError(where(), `its attgenerated flag '${row.generated_kind}' is unknown`);
  }
  return {
    name: row.name,
    type: row.type,
    nullable: row.nullable,
    default: isSerial || generated !== null ? null : row.default_expr,
    identity: isSerial ? serialIdentity(row.table_name, row.name, row.serial_sequence_name!) : mapIdentity(row.identity_kind, where),
    generated,
    ...(row.generated_kind === "v" && { virtual: true }),
    collation: row.collation,
    comment: row.comment,
    ...(row.inherited && { inherited: true }),
    ...(row.storage !== null && {
      storage: { mode: storageMode(row.storage, where), typeDefault: storageMode(row.type_storage ?? "", where) },
    }),
    ...(row.compression !== null && { compression: compressionMethod(row.compression, where) }),
    ...(row.statistics_target !== null && { statisticsTarget: row.statistics_target }),
    ...(row.attribute_options !== null && row.attribute_options.length > 0 && { attributeOptions: row.attribute_options }),
  };
}

const STORAGE_MODES: Readonly<Record<string, StorageMode>> = { p: "PLAIN", m: "MAIN", e: "EXTERNAL", x: "EXTENDED" };

function storageMode(letter: string, where: () => string): StorageMode {
  const mode = STORAGE_MODES[letter];
  if (mode === undefined) throw new UnsupportedCatalogObjectError(where(), `its storage letter '${letter}' is unknown`);
  return mode;
}

function compressionMethod(letter: string, where: () => string): string {
  switch (letter) {
    case "p":
      return "pglz";
    case "l":
      return "lz4";
    default:
      throw new UnsupportedCatalogObjectError(where(), `its compression method '${letter}' is unknown`);
  }
}

function mapIdentity(letter: string, where: () => string): ColumnIdentity | null {
  switch (letter) {
    case "":
      return null;
    case "a":
      return { kind: "identity", generation: "ALWAYS" };
    case "d":
      return { kind: "identity", generation: "BY DEFAULT" };
    default:
      throw new UnsupportedCatalogObjectError(where(), `its attidentity flag '${letter}' is unknown`);
  }
}
