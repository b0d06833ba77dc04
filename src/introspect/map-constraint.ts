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

/** What PostgreSQL 18 prints at the end of a foreign key's or check's definition when it is not enforced. */
const NOT_ENFORCED = /\bNOT ENFORCED\b/;

/**
 * What PostgreSQL 18 prints in a key's definition that the model has no field for, and would otherwise
 * read as a plain (enforced, non-temporal) key: found outside double-quoted names.
 */
const NEWER_KEY_CLAUSES: readonly { readonly pattern: RegExp; readonly what: string }[] = [
  { pattern: NOT_ENFORCED, what: "it is NOT ENFORCED (PostgreSQL 18)" },
  { pattern: /\bWITHOUT OVERLAPS\b/, what: "it is a temporal key (WITHOUT OVERLAPS, PostgreSQL 18)" },
  { pattern: /\bPERIOD\b/, what: "it is a temporal foreign key (PERIOD, PostgreSQL 18)" },
];

/**
 * Maps one constraint; column lists keep the constraint's key order.
 * @throws UnsupportedCatalogObjectError on an unknown constraint type or action letter, a check or
 *   exclusion constraint without a definition, or what PostgreSQL 18 adds and the model does not represent
 *   (a NOT NULL that is NOT VALID; a key NOT ENFORCED, WITHOUT OVERLAPS or with PERIOD).
 */
export function mapConstraint(row: ConstraintRow): ConstraintDef {
  const where = (): string =>
    `constraint "${row.name}" on table ${qualifiedName(row.table_schema, row.table_name)}`;
  // A foreign key NOT ENFORCED is read as one (notEnforced); a primary or unique key cannot be.
  const notEnforced = row.type === "f" && NOT_ENFORCED.test(unquoted(row.definition));
  if (row.type === "p" || row.type === "u" || row.type === "f") refuseNewerKey(notEnforced ? null : row.definition, where);
  switch (row.type) {
    case "p":
      return {
        type: "primaryKey",
        name: row.name,
        columns: row.columns,
        deferrable: row.deferrable,
        initiallyDeferred: row.initially_deferred,
        ...includeOf(row),
        ...tablespaceOf(row),
        ...storageOf(row),
      };
    case "u":
      return {
        type: "unique",
        name: row.name,
        columns: row.columns,
        deferrable: row.deferrable,
        initiallyDeferred: row.initially_deferred,
        ...(row.nulls_not_distinct && { nullsNotDistinct: true }),
        ...includeOf(row),
        ...tablespaceOf(row),
        ...storageOf(row),
      };
    case "f":
      if (row.ref_schema === null || row.ref_table === null) {
        throw new UnsupportedCatalogObjectError(where(), "the table it references could not be read");
      }
      return {
        type: "foreignKey",
        name: row.name,
        columns: row.columns,
        referencedTable: { schema: row.ref_schema, name: row.ref_table },
        referencedColumns: row.ref_columns,
        onDelete: action(row.on_delete, where),
        ...(row.on_delete_columns !== null && row.on_delete_columns.length > 0 && { onDeleteColumns: row.on_delete_columns }),
        onUpdate: action(row.on_update, where),
        ...matchOf(row, where),
        deferrable: row.deferrable,
        initiallyDeferred: row.initially_deferred,
        // NOT ENFORCED is never validated: not NOT VALID as well.
        ...(notEnforced ? { notEnforced: true } : !row.validated && { notValid: true }),
      };
    case "c":
      return { type: "check", name: row.name, definition: definition(row, where), ...(row.also_inherited && { inherited: true }) };
    case "x":
      return { type: "exclusion", name: row.name, definition: definition(row, where), ...tablespaceOf(row) };
    case "n":
      throw new UnsupportedCatalogObjectError(
        where(),
        `it is a NOT NULL on column "${row.columns.join(", ")}" that is NOT VALID (PostgreSQL 18), which the ` +
          "schema model does not represent (its NOT NULL is validated): validate it first (ALTER TABLE ... " +
          "VALIDATE CONSTRAINT)",
      );
    default:
      throw new UnsupportedCatalogObjectError(where(), `its constraint type '${row.type}' is unknown`);
  }
}

/** `{ tablespace }` of a key or exclusion whose index is outside the database's default tablespace. */
function tablespaceOf(row: ConstraintRow): { readonly tablespace?: string } {
  return row.tablespace === null ? {} : { tablespace: row.tablespace };
}

/** `{ match: "FULL" }` of a foreign key MATCH FULL; nothing for MATCH SIMPLE. */
function matchOf(row: ConstraintRow, where: () => string): { readonly match?: "FULL" } {
  if (row.match_type === "f") return { match: "FULL" };
  if (row.match_type === "s" || row.match_type === null) return {};
  throw new UnsupportedCatalogObjectError(where(), `its match type '${row.match_type}' is unknown (PostgreSQL implements FULL and SIMPLE)`);
}

/** `{ include }` of a key whose index has INCLUDE columns, which conkey does not hold. */
function includeOf(row: ConstraintRow): { readonly include?: readonly string[] } {
  return row.include_columns === null || row.include_columns.length === 0 ? {} : { include: row.include_columns };
}

/** `{ storageParameters }` of a key whose index has some (`WITH (...)`, which pg_get_constraintdef does not print). */
function storageOf(row: ConstraintRow): { readonly storageParameters?: readonly string[] } {
  return row.storage_parameters === null || row.storage_parameters.length === 0 ? {} : { storageParameters: row.storage_parameters };
}

function refuseNewerKey(definition: string | null, where: () => string): void {
  if (definition === null) return;
  const found = NEWER_KEY_CLAUSES.find((clause) => clause.pattern.test(unquoted(definition)));
  if (found !== undefined) {
    throw new UnsupportedCatalogObjectError(where(), `${found.what}, which the schema model does not represent`);
  }
}

/** A definition with its double-quoted names emptied, so that a name cannot look like a clause. */
function unquoted(definition: string | null): string {
  return (definition ?? "").replace(/"(?:[^"]|"")*"/g, '""');
}

function action(letter: string, where: () => string): ReferentialAction {
  const mapped = ACTIONS[letter];
  if (mapped === undefined) {
    throw new UnsupportedCatalogObjectError(where(), `its referential action letter '${letter}' is unknown`);
  }
  return mapped;
}

function definition(row: ConstraintRow, where: () => string): string {
  if (row.definition === null) {
    throw new UnsupportedCatalogObjectError(where(), "pg_get_constraintdef returned no definition");
  }
  return row.definition;
}
