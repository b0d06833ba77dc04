/**
 * Statements on the sequence a serial or identity column owns, found through the column when they run
 * (`pg_get_serial_sequence`) rather than by name: a legacy database's sequence keeps its name when its
 * table or column is renamed (`old_id_seq` behind `t.id`), and is `t_id_seq1` where another relation held
 * `t_id_seq`, so a statement by the usual name would change or drop another sequence, or fail.
 */
import type { ColumnDef, TableRef } from "../model/schema-model";
import { serialSequenceRef } from "../ops/serial-sequence";
import { statement, type CompiledStatement } from "./compiled-statement";
import { dollarQuote } from "./dollar-quote";
import { quoteIdent, quoteLiteral, quoteTable, serialSequenceOf } from "./quote";

/**
 * `template` run on the sequence that `column` of `table` owns; `template` names the sequence `%s`.
 * Fails, naming the column, when the column owns none.
 */
export function onOwnedSequence(table: TableRef, column: string, template: string): CompiledStatement {
  return ownedSequenceBlock(table, column, [`  EXECUTE pg_catalog.format(${quoteLiteral(template)}, s);`]);
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
