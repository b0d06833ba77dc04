/**
 * `alterColumn`: every change that PostgreSQL can make in place goes into one `ALTER TABLE` with
 * comma-separated actions (Postgres runs the drops first and the adds last, whatever the written order).
 * Around it:
 * - serial on: `CREATE SEQUENCE "t_c_seq"` before, then `OWNED BY` and a `setval` past the highest value;
 *   serial off: `DROP DEFAULT`, then `DROP SEQUENCE` after; a serial column changing integer width also
 *   gets `ALTER SEQUENCE ... AS` (an identity column's sequence follows its column by itself); the
 *   sequence a serial column has is found through the column when the statement runs (`onOwnedSequence`);
 * - identity on: `ADD GENERATED ... AS IDENTITY` and a `setval` past the highest value;
 * - serial <-> identity: both name their sequence `t_c_seq`, so the old mechanism is removed in
 *   statements of its own before the new one is set up; the old sequence's next value is read first
 *   (`rememberNextValue`) and the new one's `setval` goes past it too, so that the ids of rows deleted
 *   since are not handed out again;
 * - generated expression changed or added: PostgreSQL 15 has no `SET EXPRESSION` (17+), so the column
 *   is dropped and re-added (the values are derived; it moves to the end of the table; what PostgreSQL
 *   drops with it, its indexes, constraints and grants, the comparator drops before and creates again
 *   after: src/compare/recreated-columns.ts); generated removed: `DROP EXPRESSION`, which keeps the values;
 * - a VIRTUAL generated column (PostgreSQL 18): a new expression is `SET EXPRESSION AS (...)` in place
 *   (nothing is stored, nothing rewritten); a switch between STORED and VIRTUAL, or between VIRTUAL and
 *   not generated at all, drops and re-adds the column (PostgreSQL 18 changes neither in place, and has
 *   no `DROP EXPRESSION` for a virtual column: a column that stops being virtual starts empty);
 * - a type change that also sets a default drops the old default first, so the old one is never cast;
 * - storage, compression, statistics target and options: `ALTER TABLE ONLY ... SET ...` after (each
 *   partition and child has its own); a type change resets storage and compression (also those of the
 *   partitions and children it reaches: `descendants`), which are set again;
 * - a partitioned table's DROP NOT NULL reaches its partitions: those that had NOT NULL of their own
 *   (`notNullPartitions`) get it again after;
 * - comments: `COMMENT ON COLUMN` after.
 */
import type { ColumnDef, ColumnIdentity } from "../model/schema-model";
import { applyColumnChanges, backfillsNulls, effectiveChanges, generationChange } from "../ops/column-changes";
import type { AlterColumnOp, ColumnChanges } from "../ops/operation";
import {
  columnComment,
  columnDefinition,
  columnSettingActions,
  columnSettingsStatement,
  compressionMethod,
  statisticsTarget,
  storageMode,
  storageSettingActions,
} from "./column-definition";
import { parameterList } from "./compile-partitions";
import { parenthesize } from "./expression";
import { statement, type CompiledStatement } from "./compiled-statement";
import { onOwnedSequence, rememberedNextValue, rememberNextValue, restartAfterValues } from "./owned-sequence";
import {
  quoteColumnRef,
  quoteIdent,
  quoteQualified,
  quoteTable,
  regclassLiteral,
  serialSequenceOf,
} from "./quote";
import { serialPseudoType, serialSequenceRef } from "../ops/serial-sequence";
import { UncompilableOperationError } from "./uncompilable-operation-error";
import { asIdentityClause, identityOptionChanges, identityOptionsClause, sequenceBoundsOf, sequenceOptionChanges } from "./identity-options";
import { narrowsBounds, restartLines, restartOutsideBounds } from "./sequence-bounds";

/** Collects the pieces of one alterColumn in the order they are emitted. */
interface Plan {
  readonly before: CompiledStatement[];
  readonly actions: {
    dropExpression?: string;
    setExpression?: string;
    dropIdentity?: string;
    dropDefault?: string;
    type?: string;
    nullable?: string;
    setDefault?: string;
    setGenerated?: string;
    addIdentity?: string;
  };
  readonly after: CompiledStatement[];
}

/**
 * Compiles an alterColumn; see the file comment for what each kind of change becomes.
 * @example // changes: { type: "character varying(200)", nullable: false }
 *   // => ALTER TABLE "public"."users" ALTER COLUMN "name" TYPE character varying(200),
 *   //    ALTER COLUMN "name" SET NOT NULL
 */
export function compileAlterColumn(op: AlterColumnOp): CompiledStatement[] {
  const changes = effectiveChanges(op);
  const generation = generationChange(op, changes);
  if (generation === "recreate") return recreateColumn(op, changes);

  const plan: Plan = { before: [], actions: {}, after: [] };
  const col = `ALTER COLUMN ${quoteIdent(op.column)}`;
  if (generation === "dropExpression") {
    plan.actions.dropExpression = `${col} DROP EXPRESSION${op.existing ? "" : " IF EXISTS"}`;
  }
  if (generation === "setExpression") plan.actions.setExpression = `${col} SET EXPRESSION AS ${parenthesize(changes.generated!)}`;
  if (changes.identity !== undefined) planIdentity(op, changes, changes.identity, plan);
  planType(op, changes, plan);
  if (changes.nullable !== undefined)
    plan.actions.nullable = `${col} ${changes.nullable ? "DROP" : "SET"} NOT NULL`;
  if (changes.default !== undefined && changes.identity?.kind !== "serial") {
    if (changes.default === null) plan.actions.dropDefault = `${col} DROP DEFAULT`;
    else {
      plan.actions.setDefault = `${col} SET DEFAULT ${changes.default}`;
      // Dropped first (Postgres runs drops before the type change) so that the old default is not cast.
      if (changes.type !== undefined) plan.actions.dropDefault = `${col} DROP DEFAULT`;
    }
  }
  plan.after.push(...columnSettingsStatement(op.table, settingActions(op, changes)));
  if (changes.type !== undefined) {
    // The type change reached the partitions and children and reset theirs too.
    for (const d of op.descendants ?? []) plan.after.push(...columnSettingsStatement(d.table, storageSettingActions(op, d.table, op.column, d.to)));
  }
  if (changes.nullable === true && op.only !== true) {
    // The DROP NOT NULL reached the partitions, which had theirs.
    for (const partition of op.notNullPartitions ?? []) plan.after.push(statement(`ALTER TABLE ${quoteTable(partition)} ${col} SET NOT NULL`));
  }
  if (changes.comment !== undefined)
    plan.after.push(columnComment(op.table, op.column, changes.comment));
  if (backfillsNulls(op, changes)) {
    // NULL rows take the column's default before NOT NULL is set, instead of making the migration fail.
    plan.actions.nullable = undefined;
    plan.after.unshift(
      statement(`UPDATE ${quoteTable(op.table)} SET ${quoteIdent(op.column)} = DEFAULT WHERE ${quoteIdent(op.column)} IS NULL`),
      statement(`ALTER TABLE ${quoteTable(op.table)} ${col} SET NOT NULL`),
    );
  }

  const a = plan.actions;
  const actions = [
    a.dropExpression,
    a.dropIdentity,
    a.dropDefault,
    a.type,
    a.nullable,
    a.setDefault,
    a.setExpression,
    a.setGenerated,
    a.addIdentity,
  ].filter((x): x is string => x !== undefined);
  const only = op.only === true ? "ONLY " : "";
  const alter =
    actions.length > 0
      ? [statement(`ALTER TABLE ${only}${quoteTable(op.table)} ${actions.join(", ")}`)]
      : [];
  return [...plan.before, ...alter, ...plan.after];
}

/** Identity and serial transitions; needs `existing` to know what the column had. */
function planIdentity(
  op: AlterColumnOp,
  changes: ColumnChanges,
  next: ColumnIdentity | null,
  plan: Plan,
): void {
  const existing = requireExisting(
    op,
    "it changes how the column generates values and must know what it had",
  );
  const previous = existing.identity;
  // Where one sequence replaces another (serial <-> identity), the new one goes on from the old one's next value.
  const replaced = previous !== null && next !== null && previous.kind !== next.kind;
  const kept = replaced ? rememberedNextValue(op.table, op.column) : null;
  const col = `ALTER COLUMN ${quoteIdent(op.column)}`;
  const alone = (action: string): CompiledStatement =>
    statement(`ALTER TABLE ${quoteTable(op.table)} ${col} ${action}`);
  if (previous?.kind === "serial" && next?.kind === "serial") {
    // The same sequence keeps its values: only its options change (with a retype's `AS`: planType).
    if (changes.type !== undefined && serialPseudoType(changes.type) !== null) return;
    const options = serialOptionChanges(op, changes, existing);
    if (options !== "") {
      const bounds = sequenceBoundsOf(next.options, existing.type);
      const narrowed = narrowsBounds(sequenceBoundsOf(previous.options, existing.type), bounds);
      const first = narrowed ? restartLines(`of ${op.table.schema}.${op.table.name}.${op.column}`, bounds) : [];
      plan.after.push(onOwnedSequence(op.table, op.column, `ALTER SEQUENCE %s${options}`, first));
    }
    return;
  }
  if (previous?.kind === "identity" && next?.kind === "identity") {
    const type = changes.type ?? existing.type;
    const settings = [
      ...(previous.generation === next.generation ? [] : [`SET GENERATED ${next.generation}`]),
      ...identityOptionChanges(previous.options, next.options, type),
    ];
    const bounds = sequenceBoundsOf(next.options, type, type);
    // Before the ALTER TABLE that sets them (src/sql/sequence-bounds.ts).
    if (narrowsBounds(sequenceBoundsOf(previous.options, existing.type), bounds)) {
      plan.before.push(restartOutsideBounds(serialSequenceOf(op.table, op.column), `of ${op.table.schema}.${op.table.name}.${op.column}`, bounds));
    }
    if (settings.length > 0) plan.actions.setGenerated = `${col} ${settings.join(" ")}`;
  } else if (previous?.kind === "identity") {
    // The identity's own sequence is named t_c_seq too: it must be gone before a serial one is created.
    if (next?.kind === "serial") plan.before.push(rememberNextValue(op.table, op.column), alone("DROP IDENTITY"));
    else plan.actions.dropIdentity = `${col} DROP IDENTITY`;
  }
  if (previous?.kind === "serial") {
    const dropSequence = onOwnedSequence(op.table, op.column, "DROP SEQUENCE %s");
    // Dropped before an identity is added, so that the identity's sequence gets the plain t_c_seq name.
    if (next?.kind === "identity") {
      plan.before.push(rememberNextValue(op.table, op.column), alone("DROP DEFAULT"), dropSequence);
    } else {
      plan.actions.dropDefault = `${col} DROP DEFAULT`;
      plan.after.push(dropSequence);
    }
  }
  if (next?.kind === "serial") {
    const type = changes.type ?? existing.type;
    if (serialPseudoType(type) === null) {
      throw new UncompilableOperationError(
        op,
        subject(op),
        `a serial column must be smallint, integer or bigint, not ${type}.`,
      );
    }
    // The name the column's target identity gives (a database's own, or the next free one) or `t_c_seq`.
    const sequence = serialSequenceRef(op.table, op.column, next);
    const options = identityOptionsClause(next.options);
    plan.before.push(statement(`CREATE SEQUENCE ${quoteQualified(sequence)} AS ${type}${options === null ? "" : ` ${options}`}`));
    // A default the column had (a uuid key's gen_random_uuid()) goes before a type change would cast it.
    if (changes.type !== undefined && previous?.kind !== "serial") plan.actions.dropDefault = `${col} DROP DEFAULT`;
    plan.actions.setDefault = `${col} SET DEFAULT nextval(${regclassLiteral(sequence)})`;
    plan.after.push(
      statement(
        `ALTER SEQUENCE ${quoteQualified(sequence)} OWNED BY ${quoteColumnRef(op.table, op.column)}`,
      ),
    );
    plan.after.push(restartAfterValues(op.table, op.column, regclassLiteral(sequence), kept));
  }
  if (next?.kind === "identity" && previous?.kind !== "identity") {
    plan.actions.addIdentity = `${col} ADD GENERATED ${next.generation}${asIdentityClause(op.table, next)}`;
    plan.after.push(restartAfterValues(op.table, op.column, serialSequenceOf(op.table, op.column), kept));
  }
}

/** `TYPE t [COLLATE c] [USING expr]`, keeping a non-default collation the change does not mention. */
function planType(op: AlterColumnOp, changes: ColumnChanges, plan: Plan): void {
  if (changes.type === undefined && changes.collation === undefined) return;
  const type = changes.type ?? op.existing?.type;
  if (type === undefined) {
    throw new UncompilableOperationError(
      op,
      subject(op),
      "a collation is changed with ALTER COLUMN ... TYPE, which needs the column's type: give `type` or `existing`.",
    );
  }
  const collation =
    changes.collation !== undefined ? changes.collation : (op.existing?.collation ?? null);
  const parts = [`ALTER COLUMN ${quoteIdent(op.column)} TYPE ${type}`];
  if (collation !== null) parts.push(`COLLATE ${collation}`);
  const using = usingExpression(op.using);
  if (using !== null) parts.push(`USING ${using}`);
  plan.actions.type = parts.join(" ");

  const previous = op.existing?.identity;
  const next = changes.identity !== undefined ? changes.identity : previous;
  if (
    changes.type !== undefined &&
    previous?.kind === "serial" &&
    next?.kind === "serial" &&
    serialPseudoType(type)
  ) {
    plan.after.push(onOwnedSequence(op.table, op.column, `ALTER SEQUENCE %s AS ${type}${serialOptionChanges(op, changes, op.existing!)}`));
  }
}

/**
 * ` INCREMENT BY 10 START WITH 1000 ...`: the options of a serial column's sequence that the op changes
 * (read in one statement with the sequence's new `AS`, so that bounds of the new type are checked
 * against it), or "" when none changes.
 */
function serialOptionChanges(op: AlterColumnOp, changes: ColumnChanges, existing: ColumnDef): string {
  const previous = existing.identity;
  const next = changes.identity !== undefined ? changes.identity : previous;
  if (previous?.kind !== "serial" || next?.kind !== "serial") return "";
  const options = sequenceOptionChanges(previous.options, next.options, changes.type ?? existing.type);
  return options.length === 0 ? "" : ` ${options.join(" ")}`;
}

/** The `USING` expression, tolerating a leading `USING` keyword (an expression cannot start with it). */
function usingExpression(using: string | null | undefined): string | null {
  if (using === undefined || using === null || using.trim() === "") return null;
  return using.trim().replace(/^USING\s+/i, "");
}

/** Drops and re-adds a column whose stored generation expression changes or appears, or that switches to or from VIRTUAL. */
function recreateColumn(op: AlterColumnOp, changes: ColumnChanges): CompiledStatement[] {
  const existing = requireExisting(
    op,
    changes.virtual !== undefined
      ? "PostgreSQL cannot switch a column to or from VIRTUAL in place, so the column is dropped and re-added, which " +
          "needs its full definition"
      : "PostgreSQL 15 cannot set a generation expression in place (SET EXPRESSION is PostgreSQL 17+), so the column is " +
          "dropped and re-added, which needs its full definition",
  );
  const column: ColumnDef = { ...applyColumnChanges(existing, changes), name: op.column };
  const statements = [
    statement(
      `ALTER TABLE ${quoteTable(op.table)} DROP COLUMN ${quoteIdent(op.column)}, ` +
        `ADD COLUMN ${columnDefinition(op, op.table, column)}`,
    ),
  ];
  // The re-added column has the default settings: it gets its own again.
  statements.push(...columnSettingsStatement(op.table, columnSettingActions(op, op.table, column)));
  if (column.comment !== null) statements.push(columnComment(op.table, op.column, column.comment));
  return statements;
}

/**
 * The `SET STORAGE | COMPRESSION | STATISTICS | (...)` actions of an in-place alterColumn: each setting it
 * changes, and, after a type change (which resets a column's storage and compression to the new type's
 * defaults, and keeps its statistics target and options), the storage and compression the column keeps.
 */
function settingActions(op: AlterColumnOp, changes: ColumnChanges): string[] {
  const col = `ALTER COLUMN ${quoteIdent(op.column)}`;
  const retyped = changes.type !== undefined;
  const actions: string[] = [];
  const storage = changes.storage !== undefined ? changes.storage : retyped ? (op.existing?.storage ?? null) : undefined;
  if (storage !== undefined && storage !== null) actions.push(`${col} SET STORAGE ${storageMode(op, op.table, op.column, storage.mode)}`);
  else if (storage === null && !retyped) {
    const typeDefault = op.existing?.storage?.typeDefault;
    if (typeDefault === undefined) {
      throw new UncompilableOperationError(
        op,
        subject(op),
        "its storage goes back to its type's default, which PostgreSQL 15 cannot name (no SET STORAGE DEFAULT): the op " +
          "needs the column's `existing` storage, which carries that default.",
      );
    }
    actions.push(`${col} SET STORAGE ${storageMode(op, op.table, op.column, typeDefault)}`);
  }
  const compression =
    changes.compression !== undefined ? changes.compression : retyped ? (op.existing?.compression ?? null) : undefined;
  if (compression !== undefined && !(compression === null && retyped)) {
    actions.push(`${col} SET COMPRESSION ${compressionMethod(op, op.table, op.column, compression)}`);
  }
  if (changes.statisticsTarget !== undefined) actions.push(`${col} SET STATISTICS ${statisticsTarget(changes.statisticsTarget)}`);
  if (changes.attributeOptions !== undefined) {
    const next = changes.attributeOptions ?? [];
    const names = (options: readonly string[]) => options.map((o) => o.slice(0, Math.max(o.indexOf("="), 0)));
    // Without `existing`, every option PostgreSQL has for columns that is not set again is reset.
    const was = op.existing === undefined ? ["n_distinct", "n_distinct_inherited"] : names(op.existing.attributeOptions ?? []);
    const reset = was.filter((name) => name !== "" && !names(next).includes(name));
    if (reset.length > 0) actions.push(`${col} RESET (${reset.map(quoteIdent).join(", ")})`);
    if (next.length > 0) actions.push(`${col} SET (${parameterList(op, op.table, "column of table", next)})`);
  }
  return actions;
}

function requireExisting(op: AlterColumnOp, why: string): ColumnDef {
  if (op.existing !== undefined) return op.existing;
  throw new UncompilableOperationError(
    op,
    subject(op),
    `${why}; the op carries no \`existing\` column definition.`,
  );
}

function subject(op: AlterColumnOp): string {
  return `column ${quoteColumnRef(op.table, op.column)}`;
}
