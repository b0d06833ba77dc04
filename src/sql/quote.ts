/**
 * Quoting for every identifier and literal the SQL compiler emits. Nothing else in `src/sql/` puts a
 * name into SQL: identifiers are always double-quoted (so capitals, spaces and keywords survive), and
 * literals are written in a form that reads the same whatever the session's `standard_conforming_strings`
 * (a database or role may set it off, and then `'a\'...'` ends early): `'...'` when the text holds no
 * backslash, else the escape-string form `E'...'` with backslashes doubled.
 */
import type { TableRef } from "../model/schema-model";
import { quoteIdentAlways } from "../model/names";
import { AutogenError } from "../errors";

/** A schema-qualified object that is not a table: a type, a sequence, an index. */
export interface QualifiedRef {
  readonly schema: string;
  readonly name: string;
}

/** Thrown when a value cannot be written as a PostgreSQL literal at all. */
export class UnrepresentableLiteralError extends AutogenError {
  constructor(readonly value: string) {
    super(
      `The text ${JSON.stringify(value.slice(0, 60))} contains a NUL character (\\u0000), which PostgreSQL ` +
        `cannot store in any text value; remove it from the comment, label or default that holds it.`,
    );
  }
}

/**
 * Double-quotes an identifier, doubling embedded double quotes.
 * @example quoteIdent('User "x"') // => "User ""x"""
 */
export function quoteIdent(name: string): string {
  return quoteIdentAlways(name);
}

/** `"schema"."name"` for a table. */
export function quoteTable(ref: TableRef): string {
  return quoteQualified(ref);
}

/** `"schema"."name"` for a type, sequence or any other schema-qualified object. */
export function quoteQualified(ref: QualifiedRef): string {
  return `${quoteIdent(ref.schema)}.${quoteIdent(ref.name)}`;
}

/** `"schema"."table"."column"`, as `OWNED BY` wants it. */
export function quoteColumnRef(table: TableRef, column: string): string {
  return `${quoteTable(table)}.${quoteIdent(column)}`;
}

/** A comma-separated, parenthesised list of quoted column names: `("a", "b")`. */
export function quoteColumnList(columns: readonly string[]): string {
  return `(${columns.map(quoteIdent).join(", ")})`;
}

/**
 * A string literal that PostgreSQL reads as `value` with `standard_conforming_strings` on or off: `'it''s'`,
 * or `E'...'` with each backslash doubled when the text holds one. Any Unicode text is kept as it is.
 * @example quoteLiteral("it's") // => 'it''s'
 * @example quoteLiteral("C:\\dir") // => E'C:\\\\dir'
 * @throws UnrepresentableLiteralError for a text holding NUL, which no PostgreSQL text can hold
 */
export function quoteLiteral(value: string): string {
  if (value.includes("\u0000")) throw new UnrepresentableLiteralError(value);
  const quoted = value.replace(/'/g, "''");
  return value.includes("\\") ? `E'${quoted.replace(/\\/g, "\\\\")}'` : `'${quoted}'`;
}

/**
 * The sequence a serial or identity column owns, found when the statement runs (null when it owns none):
 * `pg_catalog.pg_get_serial_sequence('"s"."t"', 'c')`. Its name is PostgreSQL's choice, and a legacy
 * database's may be another than `<table>_<column>_seq` (serial-sequence.ts).
 */
export function serialSequenceOf(table: QualifiedRef, column: string): string {
  return `pg_catalog.pg_get_serial_sequence(${quoteLiteral(quoteQualified(table))}, ${quoteLiteral(column)})`;
}

/** `'"schema"."name"'::regclass`, the argument form `nextval` and `setval` take. */
export function regclassLiteral(ref: QualifiedRef): string {
  return `${quoteLiteral(quoteQualified(ref))}::regclass`;
}
