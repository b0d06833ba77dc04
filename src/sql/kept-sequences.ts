/**
 * A table dropped and created again whose rows (or its partitions' rows) stay (its partitioning changes)
 * keeps its columns' sequences, as its dropTable's and createTable's lists name them:
 * - `keepSequences`, a serial column on both sides: its sequence is released before the `DROP TABLE`
 *   (`OWNED BY NONE`) and stays, with its position (and the partitions' defaults that draw on it); the new
 *   column draws on it by its name (`DEFAULT nextval(...)`, not `serial`, which would make another) and
 *   owns it again (`OWNED BY`, once it has the new table's owner), with the options the column is to have
 *   (`ALTER SEQUENCE` without `RESTART`, which keeps the position) and the new table's persistence;
 * - `continueSequences`, an identity column on either side: the old sequence goes with its table, its next
 *   value read before the drop (a session setting), and the new table's sequence is set to go on from
 *   there (`setval`), or from its START if that is further.
 * Everything is read when the migration runs, never when it is written: the database moves on in between.
 */
import type { ColumnDef, TableDef, TableRef } from "../model/schema-model";
import type { CreateTableOp, DropTableOp } from "../ops/operation";
import { keepsSerialSequence, serialSequenceRef } from "../ops/serial-sequence";
import { statement, type CompiledStatement } from "./compiled-statement";
import { allSequenceOptions } from "./identity-options";
import { onOwnedSequence, rememberedNextValue, rememberNextValue, restartAfterValues } from "./owned-sequence";
import { dollarQuote } from "./dollar-quote";
import { quoteColumnRef, quoteLiteral, quoteQualified, quoteTable, regclassLiteral, serialSequenceOf } from "./quote";
import { UncompilableOperationError } from "./uncompilable-operation-error";

/** Before the `DROP TABLE`: each kept sequence released, each continued one's next value read (see the file comment). */
export function releaseSequences(op: DropTableOp): CompiledStatement[] {
  if (op.existing !== undefined) checkColumns(op, op.existing);
  return [
    ...(op.keepSequences ?? []).map((column) => onOwnedSequence(op.table, column, "ALTER SEQUENCE %s OWNED BY NONE")),
    ...(op.continueSequences ?? []).map((column) => rememberNextValue(op.table, column)),
  ];
}

/** The table `CREATE TABLE` makes: a serial column that takes back its sequence draws on it by name instead. */
export function withSequencesTakenBack(op: CreateTableOp): TableDef {
  checkColumns(op, op.table);
  if (op.keepSequences === undefined) return op.table;
  const columns = op.table.columns.map((column): ColumnDef => {
    if (!keepsSerialSequence(op.keepSequences, column)) return column;
    const sequence = serialSequenceRef(op.table, column.name, column.identity);
    return { ...column, identity: null, default: `nextval(${regclassLiteral(sequence)})` };
  });
  return { ...op.table, columns };
}

/** After the `CREATE TABLE`: each kept sequence owned again, each continued one moved on (see the file comment). */
export function takeBackSequences(op: CreateTableOp): CompiledStatement[] {
  const table = op.table;
  return table.columns.flatMap((column) => {
    if ((op.continueSequences ?? []).includes(column.name)) {
      return [restartAfterValues(table, column.name, serialSequenceOf(table, column.name), rememberedNextValue(table, column.name))];
    }
    if (!keepsSerialSequence(op.keepSequences, column)) return [];
    const sequence = quoteQualified(serialSequenceRef(table, column.name, column.identity));
    const options = column.identity?.kind === "serial" ? column.identity.options : undefined;
    return [
      sameOwner(table, sequence),
      statement(`ALTER SEQUENCE ${sequence} ${allSequenceOptions(options, column.type).join(" ")} OWNED BY ${quoteColumnRef(table, column.name)}`),
      // As `serial` in an UNLOGGED table makes it (nothing to do where it already is).
      statement(`ALTER SEQUENCE ${sequence} SET ${table.unlogged === true ? "UNLOGGED" : "LOGGED"}`),
    ];
  });
}

/**
 * The sequence (quoted) given the owner of the new table, the role running the migration, which `OWNED BY`
 * requires: the old table may have had another (the migration gives the table its owner back at its end,
 * `keepOwner`, and `ALTER TABLE ... OWNER TO` takes its sequences along).
 */
function sameOwner(table: TableRef, sequence: string): CompiledStatement {
  const owner = `(SELECT pg_catalog.pg_get_userbyid(relowner) FROM pg_catalog.pg_class WHERE oid = ${regclassLiteral(table)})`;
  const body = `\nBEGIN\n  EXECUTE pg_catalog.format(${quoteLiteral(`ALTER SEQUENCE ${sequence} OWNER TO %I`)}, ${owner});\nEND\n`;
  return statement(`DO ${dollarQuote(body, "autogen_seq")}`);
}

/** Each kept column is a serial column of the table itself, each continued one a serial or identity column of it, and none is both. */
function checkColumns(op: CreateTableOp | DropTableOp, table: TableDef): void {
  const fail = (name: string, what: string) => {
    throw new UncompilableOperationError(op, `table ${quoteTable(table)}`, `${JSON.stringify(name)} ${what}.`);
  };
  const own = (name: string) => table.columns.find((c) => c.name === name && c.inherited !== true);
  for (const name of op.keepSequences ?? []) {
    if (own(name)?.identity?.kind !== "serial") fail(name, "in keepSequences is not a serial column of the table itself");
    if ((op.continueSequences ?? []).includes(name)) fail(name, "is in both keepSequences and continueSequences");
  }
  for (const name of op.continueSequences ?? []) {
    if ((own(name)?.identity ?? null) === null) fail(name, "in continueSequences is not a serial or identity column of the table itself");
  }
}
