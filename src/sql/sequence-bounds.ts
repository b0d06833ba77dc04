/**
 * A sequence whose bounds narrow (a MINVALUE raised, a MAXVALUE lowered, or both moved by a new direction
 * or type): PostgreSQL refuses the ALTER when the sequence's current value falls outside the new bounds
 * (`RESTART value (1) cannot be less than MINVALUE (10)`), a sequence never drawn from included, which
 * stands at its old START. Before the ALTER, where the value is outside, the sequence takes its new
 * options at once and RESTARTs at its new START, when that hands out nothing again: never drawn from, or
 * drawn only on the side the new bounds leave behind (below a raised MINVALUE going up, above a lowered
 * MAXVALUE going down). Otherwise the migration stops there, naming the sequence and its value. The ALTER
 * that follows then changes nothing more of them.
 */
import { statement, type CompiledStatement } from "./compiled-statement";
import { dollarQuote } from "./dollar-quote";
import { quoteLiteral } from "./quote";

/** A sequence's bounds and what the restart sets with them, as decimal strings. */
export interface SequenceBounds {
  /** The type the sequence takes with them (`AS`); absent, it keeps its own. */
  readonly dataType?: string;
  readonly increment: string;
  readonly minValue: string;
  readonly maxValue: string;
  readonly start: string;
}

/**
 * Whether `to`'s bounds leave out values `from`'s hold, but for a bound at a limit of a sequence type
 * (`bigint` to `integer`): a value past that limit cannot be restarted from without handing out values again
 * (it was drawn) or was never a value of the new type, and PostgreSQL's own refusal says so.
 */
export function narrowsBounds(from: SequenceBounds, to: SequenceBounds): boolean {
  const bounds = [from.minValue, from.maxValue, to.minValue, to.maxValue];
  if (!bounds.every((value) => INTEGER.test(value))) return false;
  const raised = BigInt(to.minValue) > BigInt(from.minValue) && !TYPE_LIMITS.has(to.minValue);
  const lowered = BigInt(to.maxValue) < BigInt(from.maxValue) && !TYPE_LIMITS.has(to.maxValue);
  return raised || lowered;
}

/**
 * The `DO` block described in the file comment, for the sequence `sequenceExpr` (SQL giving its regclass,
 * found when it runs), called `label` in its message; `to` its new bounds, checked to be integers. With
 * `template` (naming the sequence `%s`), the ALTER itself follows in the same block.
 */
export function restartOutsideBounds(sequenceExpr: string, label: string, to: SequenceBounds, template?: string): CompiledStatement {
  const text = [
    "DECLARE",
    `  s pg_catalog.regclass := ${sequenceExpr};`,
    "BEGIN",
    // A column that owns no sequence: the statement after this one says so.
    "  IF s IS NULL THEN RETURN; END IF;",
    ...restartLines(label, to),
    ...(template === undefined ? [] : [`  EXECUTE pg_catalog.format(${quoteLiteral(template)}, s);`]),
    "END",
  ].join("\n");
  return statement(`DO ${dollarQuote(`\n${text}\n`, "autogen_seq")}`);
}

/** The same, as statements of a `DO` block that has bound `s` to the sequence already. */
export function restartLines(label: string, to: SequenceBounds): string[] {
  const [increment, min, max, start] = [to.increment, to.minValue, to.maxValue, to.start].map(integer);
  // Only one of the three sequence types is written (an identity column's type as it is printed otherwise).
  const as = to.dataType !== undefined && SEQUENCE_TYPES.has(to.dataType) ? ` AS ${to.dataType}` : "";
  const alter = `ALTER SEQUENCE %s${as} INCREMENT BY ${increment} MINVALUE ${min} MAXVALUE ${max} START WITH ${start} RESTART`;
  const refusal =
    `sequence ${label.replace(/%/g, "%%")} stands at %, outside its new bounds (MINVALUE ${min}, MAXVALUE ${max}), and restarting it at ` +
    `its new START ${start} could hand out values it has handed out already: set it by hand (setval) to a value ` +
    `inside the new bounds before this migration, or keep the old bounds`;
  // Outside the new bounds, and whether a restart hands out nothing again (see the file comment).
  const read =
    `SELECT last_value < ${min} OR last_value > ${max}, ` +
    `NOT is_called OR (${increment} > 0 AND last_value < ${min}) OR (${increment} < 0 AND last_value > ${max}), last_value FROM %s`;
  return [
    "  DECLARE",
    "    outside boolean;",
    "    behind boolean;",
    "    last numeric;",
    "  BEGIN",
    `    EXECUTE pg_catalog.format(${quoteLiteral(read)}, s) INTO outside, behind, last;`,
    "    IF outside AND NOT behind THEN",
    `      RAISE EXCEPTION ${quoteLiteral(refusal)}, last;`,
    "    END IF;",
    `    IF outside THEN EXECUTE pg_catalog.format(${quoteLiteral(alter)}, s); END IF;`,
    "  END;",
  ];
}

const INTEGER = /^[+-]?\d+$/;
const SEQUENCE_TYPES: ReadonlySet<string> = new Set(["smallint", "integer", "bigint"]);
/** The lowest and highest values of `smallint` and `integer`, the bounds a sequence of them defaults to. */
const TYPE_LIMITS: ReadonlySet<string> = new Set(["-32768", "32767", "-2147483648", "2147483647"]);

function integer(value: string): string {
  if (!INTEGER.test(value)) throw new Error(`a sequence bound must be a decimal integer, not ${JSON.stringify(value)}`);
  return value;
}
