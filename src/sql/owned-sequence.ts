/**
 * Statements on the sequence a serial or identity column owns, found through the column when they run
 * (`pg_get_serial_sequence`) rather than by name: a legacy database's sequence keeps its name when its
 * table or column is renamed (`old_id_seq` behind `t.id`), and is `t_id_seq1` where another relation held
 * `t_id_seq`, so a statement by the usual name would change or drop another sequence, or fail.
 */
import { createHash } from "node:crypto";
import type { ColumnDef, TableRef } from "../model/schema-model";
import { serialSequenceRef } from "../ops/serial-sequence";
import { statement, type CompiledStatement } from "./compiled-statement";
import { dollarQuote } from "./dollar-quote";
import { sequenceOptionChanges } from "./identity-options";
import { quoteColumnRef, quoteIdent, quoteLiteral, quoteTable, serialSequenceOf } from "./quote";

/**
 * `template` run on the sequence that `column` of `table` owns; `template` names the sequence `%s`.
 * Fails, naming the column, when the column owns none. `first`: statements of the block before it, with
 * the sequence as `s`.
 */
export function onOwnedSequence(table: TableRef, column: string, template: string, first: readonly string[] = []): CompiledStatement {
  return ownedSequenceBlock(table, column, [...first, `  EXECUTE pg_catalog.format(${quoteLiteral(template)}, s);`]);
}

/**
 * After `CREATE TABLE` or `ADD COLUMN` made `columns` of `table` serial: the sequence of each whose
 * identity names it (a database had it under a name other than `<table>_<column>_seq`) is renamed to that
 * name, unless PostgreSQL already chose it (`t_id_seq1` where `t_id_seq` is taken).
 */
export function nameSerialSequences(table: TableRef, columns: readonly ColumnDef[]): CompiledStatement[] {
  return columns.flatMap((column) => {
    if (column.identity?.kind !== "serial" || column.identity.sequence === undefined || column.inherited === true) return [];
    const name = serialSequenceRef(table, column.name, column.identity).name;
    return [
      ownedSequenceBlock(table, column.name, [
        `  IF (SELECT relname FROM pg_catalog.pg_class WHERE oid = s) <> ${quoteLiteral(name)} THEN`,
        `    EXECUTE pg_catalog.format(${quoteLiteral(`ALTER SEQUENCE %s RENAME TO ${quoteIdent(name)}`)}, s);`,
        "  END IF;",
      ]),
    ];
  });
}

/**
 * After `CREATE TABLE` or `ADD COLUMN` made `columns` of `table` serial: the options of each whose identity
 * has some (`ALTER SEQUENCE ... INCREMENT BY 10 START WITH 1000`), with `RESTART` so that the new sequence
 * stands at its START as one created with them would (a MINVALUE above the value it was made with is
 * refused otherwise); with `filled` (a column added to a table that may have rows, which took values of
 * the plain sequence), moved past those values too.
 */
export function setSerialOptions(table: TableRef, columns: readonly ColumnDef[], filled: boolean): CompiledStatement[] {
  return columns.flatMap((column) => {
    if (column.identity?.kind !== "serial" || column.inherited === true) return [];
    // Every option that differs from the plain sequence's: ALTER SEQUENCE, unlike CREATE, does not derive
    // START from a new MINVALUE.
    const options = sequenceOptionChanges(undefined, column.identity.options, column.type);
    if (options.length === 0) return [];
    const set = onOwnedSequence(table, column.name, `ALTER SEQUENCE %s ${options.join(" ")} RESTART`);
    return filled ? [set, restartAfterValues(table, column.name, serialSequenceOf(table, column.name), null)] : [set];
  });
}

/**
 * Moves a new sequence past the column's values so that existing rows never collide with new ones: its
 * next value is the one after the highest value (before the lowest, descending) or its START, whichever
 * comes later, so that a START or MINVALUE above the rows is kept. `kept`, the next value of the sequence
 * it replaces (`rememberedNextValue`), counts too: the values that one handed out to rows since deleted are
 * not handed out again. With no rows and nothing kept it stays at its START.
 */
export function restartAfterValues(table: TableRef, column: string, sequenceExpr: string, kept: string | null): CompiledStatement {
  const values = (aggregate: "MAX" | "MIN") => `(SELECT ${aggregate}(${quoteIdent(column)}) FROM ${quoteTable(table)})`;
  const also = kept === null ? "" : `, ${kept}`;
  return statement(
    `SELECT setval(q.seqrelid, CASE WHEN q.seqincrement > 0 THEN GREATEST(${values("MAX")} + 1${also}, q.seqstart) ` +
      `ELSE LEAST(${values("MIN")} - 1${also}, q.seqstart) END, false) ` +
      `FROM pg_catalog.pg_sequence q WHERE q.seqrelid = ${sequenceExpr}::pg_catalog.regclass`,
  );
}

/** The session setting that carries the next value of `column`'s sequence from the old one to the new one. */
function nextValueSetting(table: TableRef, column: string): string {
  return quoteLiteral(`autogen.next_value_${createHash("md5").update(quoteColumnRef(table, column)).digest("hex")}`);
}

/**
 * Before the sequence `column` of `table` owns is dropped for another (serial <-> identity): the value it
 * would hand out next, read into a session setting for `rememberedNextValue`. That is its last value plus
 * its increment, or its last value itself while `is_called` is false (never drawn from, or set by
 * `setval(..., false)`), computed as numeric so that a sequence at its end is read too. A session setting,
 * not a transaction's, so that a script run statement by statement (autocommit) keeps it until the new
 * sequence reads it; every statement that reads it comes after the one of its own op that sets it.
 */
export function rememberNextValue(table: TableRef, column: string): CompiledStatement {
  const read =
    "SELECT pg_catalog.set_config(%L, (CASE WHEN is_called THEN last_value::numeric + %s ELSE last_value END)::text, false) FROM %s";
  return ownedSequenceBlock(table, column, [
    `  EXECUTE pg_catalog.format(${quoteLiteral(read)}, ${nextValueSetting(table, column)}, ` +
      "(SELECT seqincrement FROM pg_catalog.pg_sequence WHERE seqrelid = s), s);",
  ]);
}

/**
 * The value `rememberNextValue` read, as bigint. A sequence that was at its end makes the migration fail
 * there (bigint) or at the new sequence's `setval` (out of its bounds), as rows at the end of the column's
 * range already do, rather than hand its values out again.
 */
export function rememberedNextValue(table: TableRef, column: string): string {
  return `pg_catalog.current_setting(${nextValueSetting(table, column)})::bigint`;
}

/** A `DO` block that binds `s` to the sequence `column` of `table` owns, fails when it owns none, then runs `body`. */
function ownedSequenceBlock(table: TableRef, column: string, body: readonly string[]): CompiledStatement {
  const subject = `${quoteTable(table)}.${quoteIdent(column)}`;
  const text = [
    "DECLARE",
    `  s pg_catalog.regclass := ${serialSequenceOf(table, column)};`,
    "BEGIN",
    `  IF s IS NULL THEN RAISE EXCEPTION '%', ${quoteLiteral(`column ${subject} owns no sequence`)}; END IF;`,
    ...body,
    "END",
  ].join("\n");
  return statement(`DO ${dollarQuote(`\n${text}\n`, "autogen_seq")}`);
}
