/** Constraints: the clause shared by `CREATE TABLE` and `ALTER TABLE ... ADD CONSTRAINT`, add and drop. */
import type {
  ConstraintDef,
  ForeignKeyDef,
  ReferentialAction,
  TableRef,
} from "../model/schema-model";
import type { AddConstraintOp, DropConstraintOp, RenameConstraintOp } from "../ops/operation";
import { statement, type CompiledStatement } from "./compiled-statement";
import { quoteColumnList, quoteIdent, quoteTable } from "./quote";
import { UncompilableOperationError } from "./uncompilable-operation-error";

/**
 * `CONSTRAINT "name" <definition>`.
 * @example constraintClause({ type: "unique", name: "UQ_a", columns: ["a", "b"], deferrable: true,
 *   initiallyDeferred: false }) // => CONSTRAINT "UQ_a" UNIQUE ("a", "b") DEFERRABLE
 */
export function constraintClause(constraint: ConstraintDef): string {
  return `CONSTRAINT ${quoteIdent(constraint.name)} ${constraintBody(constraint)}`;
}

/** `ALTER TABLE "s"."t" ADD CONSTRAINT "name" ...`. */
export function compileAddConstraint(op: AddConstraintOp): CompiledStatement[] {
  if (op.usingIndex !== undefined) return [addConstraintUsingIndex(op, op.usingIndex)];
  const added = addConstraintStatement(op.table, op.constraint);
  // The model may hold the constraint NOT VALID already (a foreign key's flag, a check's printed text).
  const alreadyNotValid = /\bNOT VALID$/.test(added.sql);
  return [op.notValid === true && !alreadyNotValid ? statement(`${added.sql} NOT VALID`) : added];
}

/** `ALTER TABLE "s"."t" ADD CONSTRAINT "name" UNIQUE|PRIMARY KEY USING INDEX "idx" [DEFERRABLE ...]`. */
function addConstraintUsingIndex(op: AddConstraintOp, index: string): CompiledStatement {
  const c = op.constraint;
  if (c.type !== "unique" && c.type !== "primaryKey") {
    throw new UncompilableOperationError(
      op,
      `constraint ${c.name}`,
      "only a unique constraint or a primary key can be added USING INDEX.",
    );
  }
  const kind = c.type === "unique" ? "UNIQUE" : "PRIMARY KEY";
  return statement(
    `ALTER TABLE ${quoteTable(op.table)} ADD CONSTRAINT ${quoteIdent(c.name)} ${kind} USING INDEX ${quoteIdent(index)}${deferral(c)}`,
  );
}

/** `ALTER TABLE "s"."t" DROP CONSTRAINT "name"`. */
export function compileDropConstraint(op: DropConstraintOp): CompiledStatement[] {
  return [statement(`ALTER TABLE ${quoteTable(op.table)} DROP CONSTRAINT ${quoteIdent(op.name)}`)];
}

/** The statement adding one constraint to an existing table. */
export function addConstraintStatement(
  table: TableRef,
  constraint: ConstraintDef,
): CompiledStatement {
  return statement(`ALTER TABLE ${quoteTable(table)} ADD ${constraintClause(constraint)}`);
}

function constraintBody(constraint: ConstraintDef): string {
  switch (constraint.type) {
    case "primaryKey":
      return `PRIMARY KEY ${quoteColumnList(constraint.columns)}${deferral(constraint)}`;
    case "unique":
      return `UNIQUE ${constraint.nullsNotDistinct === true ? "NULLS NOT DISTINCT " : ""}${quoteColumnList(constraint.columns)}${deferral(constraint)}`;
    case "foreignKey":
      return foreignKeyBody(constraint);
    case "check":
    case "exclusion":
      return constraint.definition;
  }
}

function foreignKeyBody(fk: ForeignKeyDef): string {
  return (
    `FOREIGN KEY ${quoteColumnList(fk.columns)} REFERENCES ${quoteTable(fk.referencedTable)} ` +
    `${quoteColumnList(fk.referencedColumns)}${action("DELETE", fk.onDelete)}${action("UPDATE", fk.onUpdate)}` +
    deferral(fk) +
    (fk.notValid === true ? " NOT VALID" : "")
  );
}

function action(event: "DELETE" | "UPDATE", referential: ReferentialAction): string {
  return referential === "NO ACTION" ? "" : ` ON ${event} ${referential}`;
}

function deferral(c: {
  readonly deferrable: boolean;
  readonly initiallyDeferred: boolean;
}): string {
  if (!c.deferrable) return "";
  return c.initiallyDeferred ? " DEFERRABLE INITIALLY DEFERRED" : " DEFERRABLE";
}

/** `ALTER TABLE ... RENAME CONSTRAINT "from" TO "to"` (a primary key's or unique constraint's index follows). */
export function compileRenameConstraint(op: RenameConstraintOp): CompiledStatement[] {
  return [statement(`ALTER TABLE ${quoteTable(op.table)} RENAME CONSTRAINT ${quoteIdent(op.from)} TO ${quoteIdent(op.to)}`)];
}
