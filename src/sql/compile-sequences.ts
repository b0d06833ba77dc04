/** Free-standing sequences: create, drop, alter (only the options that change). */
import type { SequenceDef } from "../model/schema-model";
import type {
  AlterSequenceOp,
  CreateSequenceOp,
  DropSequenceOp,
  Operation,
} from "../ops/operation";
import { statement, type CompiledStatement } from "./compiled-statement";
import { quoteColumnRef, quoteIdent, quoteQualified, regclassLiteral } from "./quote";
import { narrowsBounds, restartOutsideBounds } from "./sequence-bounds";
import { UncompilableOperationError } from "./uncompilable-operation-error";

const INTEGER_TEXT = /^[+-]?\d+$/;
const SEQUENCE_TYPES: ReadonlySet<string> = new Set(["smallint", "integer", "bigint"]);

/**
 * `CREATE SEQUENCE "s"."q" AS bigint INCREMENT BY 1 MINVALUE 1 MAXVALUE ... START WITH 1 CACHE 1 NO CYCLE
 * [OWNED BY "s"."t"."c"]` (`CREATE UNLOGGED SEQUENCE` for an unlogged one). The owning table must exist already.
 */
export function compileCreateSequence(op: CreateSequenceOp): CompiledStatement[] {
  const s = op.sequence;
  const options = [
    `AS ${sequenceType(op, s)}`,
    `INCREMENT BY ${number(op, s, "increment")}`,
    `MINVALUE ${number(op, s, "minValue")}`,
    `MAXVALUE ${number(op, s, "maxValue")}`,
    `START WITH ${number(op, s, "start")}`,
    `CACHE ${number(op, s, "cache")}`,
    s.cycle ? "CYCLE" : "NO CYCLE",
  ];
  if (s.ownedBy !== null)
    options.push(`OWNED BY ${quoteColumnRef(s.ownedBy.table, s.ownedBy.column)}`);
  return [statement(`CREATE ${s.unlogged === true ? "UNLOGGED " : ""}SEQUENCE ${quoteQualified(s)} ${options.join(" ")}`)];
}

/** `DROP SEQUENCE "s"."q"`. */
export function compileDropSequence(op: DropSequenceOp): CompiledStatement[] {
  return [statement(`DROP SEQUENCE ${quoteQualified(op.sequence)}`)];
}

/**
 * `ALTER SEQUENCE "s"."q"` with each option that differs between `from` and `to`, then a rename or a
 * schema move when the name differs; where the bounds narrow, a restart first if the sequence's value
 * falls outside them (src/sql/sequence-bounds.ts).
 */
export function compileAlterSequence(op: AlterSequenceOp): CompiledStatement[] {
  const { from, to } = op;
  const options: string[] = [];
  if (from.dataType !== to.dataType) options.push(`AS ${sequenceType(op, to)}`);
  if (from.increment !== to.increment) options.push(`INCREMENT BY ${number(op, to, "increment")}`);
  if (from.minValue !== to.minValue) options.push(`MINVALUE ${number(op, to, "minValue")}`);
  if (from.maxValue !== to.maxValue) options.push(`MAXVALUE ${number(op, to, "maxValue")}`);
  if (from.start !== to.start) options.push(`START WITH ${number(op, to, "start")}`);
  if (from.cache !== to.cache) options.push(`CACHE ${number(op, to, "cache")}`);
  if (from.cycle !== to.cycle) options.push(to.cycle ? "CYCLE" : "NO CYCLE");
  if (!sameOwner(from, to)) {
    options.push(
      `OWNED BY ${to.ownedBy ? quoteColumnRef(to.ownedBy.table, to.ownedBy.column) : "NONE"}`,
    );
  }
  const statements: CompiledStatement[] = [];
  if (narrowsBounds(from, to)) {
    statements.push(restartOutsideBounds(regclassLiteral(from), `${from.schema}.${from.name}`, to, `ALTER SEQUENCE %s ${options.join(" ")}`));
  } else if (options.length > 0) {
    statements.push(statement(`ALTER SEQUENCE ${quoteQualified(from)} ${options.join(" ")}`));
  }
  // A form of its own: it takes none of the options above.
  if ((from.unlogged === true) !== (to.unlogged === true))
    statements.push(statement(`ALTER SEQUENCE ${quoteQualified(from)} SET ${to.unlogged === true ? "UNLOGGED" : "LOGGED"}`));
  if (from.schema !== to.schema) {
    statements.push(
      statement(`ALTER SEQUENCE ${quoteQualified(from)} SET SCHEMA ${quoteIdent(to.schema)}`),
    );
  }
  if (from.name !== to.name) {
    const current = { schema: to.schema, name: from.name };
    statements.push(
      statement(`ALTER SEQUENCE ${quoteQualified(current)} RENAME TO ${quoteIdent(to.name)}`),
    );
  }
  return statements;
}

function sameOwner(a: SequenceDef, b: SequenceDef): boolean {
  if (a.ownedBy === null || b.ownedBy === null) return a.ownedBy === b.ownedBy;
  return (
    a.ownedBy.table.schema === b.ownedBy.table.schema &&
    a.ownedBy.table.name === b.ownedBy.table.name &&
    a.ownedBy.column === b.ownedBy.column
  );
}

/** The sequence's data type; only the three integer types exist for sequences. */
function sequenceType(op: Operation, s: SequenceDef): string {
  if (SEQUENCE_TYPES.has(s.dataType)) return s.dataType;
  throw new UncompilableOperationError(
    op,
    `sequence ${quoteQualified(s)}`,
    `its data type must be smallint, integer or bigint, not ${JSON.stringify(s.dataType)}.`,
  );
}

/** A numeric option, checked to be a plain decimal integer since it is written into the SQL as is. */
function number(
  op: Operation,
  s: SequenceDef,
  key: "start" | "increment" | "minValue" | "maxValue" | "cache",
): string {
  const value = s[key];
  if (INTEGER_TEXT.test(value)) return value;
  throw new UncompilableOperationError(
    op,
    `sequence ${quoteQualified(s)}`,
    `its ${key} must be a decimal integer, not ${JSON.stringify(value)}.`,
  );
}
