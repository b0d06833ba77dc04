/**
 * Views. A changed view is dropped and created again (the comparator emits both), since
 * `CREATE OR REPLACE VIEW` refuses to remove or retype output columns and materialized views have no
 * replace at all.
 */
import type { CreateViewOp, DropViewOp } from "../ops/operation";
import { statement, type CompiledStatement } from "./compiled-statement";
import { quoteQualified } from "./quote";

/** `CREATE [MATERIALIZED] VIEW "s"."v" AS <query>`. */
export function compileCreateView(op: CreateViewOp): CompiledStatement[] {
  const kind = op.view.materialized ? "MATERIALIZED VIEW" : "VIEW";
  return [statement(`CREATE ${kind} ${quoteQualified(op.view)} AS ${op.view.definition}`)];
}

/** `DROP [MATERIALIZED] VIEW "s"."v"`. */
export function compileDropView(op: DropViewOp): CompiledStatement[] {
  return [statement(`DROP ${op.materialized ? "MATERIALIZED VIEW" : "VIEW"} ${quoteQualified(op.view)}`)];
}
