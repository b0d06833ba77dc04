/** Constraints: the clause shared by `CREATE TABLE` and `ALTER TABLE ... ADD CONSTRAINT`, add and drop. */
import type {
  ConstraintDef,
  ForeignKeyDef,
  ReferentialAction,
  TableRef,
} from "../model/schema-model";
import type { AddConstraintOp, DropConstraintOp, Operation, RenameConstraintOp } from "../ops/operation";
import { withParameters } from "./compile-partitions";
import { statement, type CompiledStatement } from "./compiled-statement";
import { quoteColumnList, quoteIdent, quoteTable } from "./quote";
import { isIdentifierChar, skipLiteralOrComment } from "./sql-scan";
import { UncompilableOperationError } from "./uncompilable-operation-error";

/**
 * `CONSTRAINT "name" <definition>`, for `op` (which a malformed storage parameter names).
 * @example constraintClause({ type: "unique", name: "UQ_a", columns: ["a", "b"], deferrable: true,
 *   initiallyDeferred: false }, op, table) // => CONSTRAINT "UQ_a" UNIQUE ("a", "b") DEFERRABLE
 */
export function constraintClause(constraint: ConstraintDef, op: Operation, table: TableRef): string {
  return `CONSTRAINT ${quoteIdent(constraint.name)} ${constraintBody(constraint, op, table)}`;
}

/** `ALTER TABLE "s"."t" ADD CONSTRAINT "name" ...`. */
export function compileAddConstraint(op: AddConstraintOp): CompiledStatement[] {
  if (op.usingIndex !== undefined) return [addConstraintUsingIndex(op, op.usingIndex)];
  const added = addConstraintStatement(op, op.table, op.constraint);
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

/** The statement adding one constraint to an existing table, for `op`. */
export function addConstraintStatement(
  op: Operation,
  table: TableRef,
  constraint: ConstraintDef,
): CompiledStatement {
  return statement(`ALTER TABLE ${quoteTable(table)} ADD ${constraintClause(constraint, op, table)}`);
}

function constraintBody(constraint: ConstraintDef, op: Operation, table: TableRef): string {
  switch (constraint.type) {
    case "primaryKey":
    case "unique": {
      const kind = constraint.type === "unique" ? `UNIQUE ${constraint.nullsNotDistinct === true ? "NULLS NOT DISTINCT " : ""}` : "PRIMARY KEY ";
      // Its index's INCLUDE (...), WITH (...) and USING INDEX TABLESPACE, in that order, as the grammar wants them.
      const index = withParameters(op, { schema: table.schema, name: constraint.name }, "index", constraint.storageParameters);
      const include = constraint.include === undefined || constraint.include.length === 0 ? "" : ` INCLUDE ${quoteColumnList(constraint.include)}`;
      return `${kind}${quoteColumnList(constraint.columns)}${include}${index}${indexTablespace(constraint)}${deferral(constraint)}`;
    }
    case "foreignKey":
      return foreignKeyBody(constraint);
    case "check":
      return constraint.definition;
    case "exclusion":
      return withIndexTablespace(constraint.definition, indexTablespace(constraint));
  }
}

/** ` USING INDEX TABLESPACE "ts"` for a key or exclusion whose index has a tablespace, or nothing. */
function indexTablespace(constraint: { readonly tablespace?: string }): string {
  return constraint.tablespace === undefined ? "" : ` USING INDEX TABLESPACE ${quoteIdent(constraint.tablespace)}`;
}

/** The words that may follow an exclusion's elements, INCLUDE and WITH, and come after its tablespace. */
const AFTER_TABLESPACE = /^(WHERE|DEFERRABLE|NOT|INITIALLY)$/i;

/**
 * An exclusion's definition with `clause` (its index's tablespace) where the grammar wants it: before its
 * predicate (`WHERE`) and deferral, found outside parentheses and quoted text, else at the end.
 * @example withIndexTablespace("EXCLUDE USING gist (r WITH &&) WHERE ((a > 0))", ' USING INDEX TABLESPACE "ts"')
 *   // => EXCLUDE USING gist (r WITH &&) USING INDEX TABLESPACE "ts" WHERE ((a > 0))
 */
export function withIndexTablespace(definition: string, clause: string): string {
  if (clause === "") return definition;
  let depth = 0;
  for (let i = 0; i < definition.length; ) {
    const skipped = skipLiteralOrComment(definition, i);
    if (skipped > i) {
      i = skipped;
      continue;
    }
    const ch = definition[i]!;
    if (ch === "(") depth++;
    if (ch === ")") depth--;
    if (depth > 0 || !isIdentifierChar(ch) || isIdentifierChar(definition[i - 1])) {
      i++;
      continue;
    }
    let end = i;
    while (isIdentifierChar(definition[end])) end++;
    if (AFTER_TABLESPACE.test(definition.slice(i, end))) return `${definition.slice(0, i).trimEnd()}${clause} ${definition.slice(i)}`;
    i = end;
  }
  return `${definition.trimEnd()}${clause}`;
}

function foreignKeyBody(fk: ForeignKeyDef): string {
  return (
    `FOREIGN KEY ${quoteColumnList(fk.columns)} REFERENCES ${quoteTable(fk.referencedTable)} ` +
    `${quoteColumnList(fk.referencedColumns)}${fk.match === "FULL" ? " MATCH FULL" : ""}` +
    `${action("DELETE", fk.onDelete, fk.onDeleteColumns)}${action("UPDATE", fk.onUpdate)}` +
    deferral(fk) +
    (fk.notEnforced === true ? " NOT ENFORCED" : fk.notValid === true ? " NOT VALID" : "")
  );
}

/** ` ON DELETE SET NULL ("a")`: an action but NO ACTION, with the columns it sets where it names some. */
function action(event: "DELETE" | "UPDATE", referential: ReferentialAction, columns?: readonly string[]): string {
  if (referential === "NO ACTION") return "";
  const only = columns !== undefined && columns.length > 0 ? ` ${quoteColumnList(columns)}` : "";
  return ` ON ${event} ${referential}${only}`;
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
