/**
 * Functions, procedures and aggregates. A definition is Postgres's own `CREATE OR REPLACE FUNCTION ...`
 * text (`pg_get_functiondef`; an aggregate's `CREATE OR REPLACE AGGREGATE ...`, see the reader), run as
 * it is. Before it, `check_function_bodies` is turned off for the rest of the transaction, as pg_dump does: an SQL function's body is then not checked at creation, so it may
 * read a table or call a function that the same migration creates later (plpgsql bodies are never
 * checked at creation).
 */
import type { FunctionRef } from "../ops/catalog-operations";
import type { CreateFunctionOp, DropFunctionOp, ReplaceFunctionOp } from "../ops/operation";
import { keepingOwners } from "./compile-owners";
import { statement, type CompiledStatement } from "./compiled-statement";
import { objectName } from "./object-name";

/** `SET LOCAL check_function_bodies = off`: see the file comment. */
export const NO_BODY_CHECK = "SET LOCAL check_function_bodies = off";

function define(definition: string): CompiledStatement[] {
  return [statement(NO_BODY_CHECK), statement(definition)];
}

const DROP_KEYWORDS: Readonly<Record<FunctionRef["kind"], string>> = {
  function: "FUNCTION",
  procedure: "PROCEDURE",
  aggregate: "AGGREGATE",
};

/** `DROP FUNCTION "s"."f"(integer, text)`, `DROP PROCEDURE ...`, `DROP AGGREGATE "s"."a"(*)`: never CASCADE. */
function drop(ref: FunctionRef): CompiledStatement {
  return statement(`DROP ${DROP_KEYWORDS[ref.kind]} ${objectName(ref)}`);
}

export function compileCreateFunction(op: CreateFunctionOp): CompiledStatement[] {
  return define(op.function.definition);
}

export function compileDropFunction(op: DropFunctionOp): CompiledStatement[] {
  return [drop(op.function)];
}

/** `CREATE OR REPLACE` in place, or with `recreate` the old signature dropped first. */
export function compileReplaceFunction(op: ReplaceFunctionOp): CompiledStatement[] {
  const old = op.existing ?? op.function;
  if (op.recreate !== true) return define(op.function.definition);
  // The function created again keeps the owner the old one had.
  const owned = { kind: op.function.kind, schema: op.function.schema, name: op.function.name, arguments: op.function.arguments };
  return keepingOwners([owned], [drop(old), ...define(op.function.definition)]);
}
