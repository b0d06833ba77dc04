/**
 * What the PL/pgSQL body of a `DO` block runs, read with PostgreSQL's PL/pgSQL parser for lint's reading
 * of raw SQL (./sql-actions.ts): the SQL statements in nested blocks, IF, CASE and loop bodies and
 * exception handlers (each with the arms it is in), `EXECUTE 'constant'`, its COMMITs and ROLLBACKs, and
 * whether it also runs SQL built at run time.
 */
import { parsePlPgSQLSync, parseSync } from "libpg-query";
import type { Arm } from "./actions";

type Node = Record<string, any>;

export const DYNAMIC_SQL =
  "a DO block runs SQL it builds at run time (EXECUTE of a string that is not a constant), which lint cannot judge; its other statements are judged";

/** `DO` statements whose strings run as SQL (their expression is the string): `EXECUTE`, `FOR ... IN EXECUTE`, `OPEN ... FOR EXECUTE`. */
const DYNAMIC_STATEMENTS: Readonly<Record<string, string>> = {
  PLpgSQL_stmt_dynexecute: "query",
  PLpgSQL_stmt_dynfors: "query",
  PLpgSQL_stmt_open: "dynquery",
  PLpgSQL_stmt_return_query: "dynquery",
};

/** The value of a PL/pgSQL expression that is one string constant (`'ALTER TABLE ...'`), or null. */
function constantString(expression: string): string | null {
  try {
    const parsed = parseSync(`SELECT ${expression}`) as unknown as { stmts: { stmt: Node }[] };
    if (parsed.stmts.length !== 1) return null;
    const value = parsed.stmts[0]!.stmt.SelectStmt?.targetList?.[0]?.ResTarget?.val?.A_Const?.sval?.sval;
    return typeof value === "string" ? value : null;
  } catch {
    return null;
  }
}

/** What a PL/pgSQL body runs, in the order of its text: SQL statements with the arms they are in, and transaction ends. */
export type BodyEntry = { readonly sql: string; readonly branch: readonly Arm[] } | "transactionEnd";

/** Numbers the branch points of all DO blocks read (see `Arm`). */
let nextPoint = 0;

/** The statement lists of each arm of a PL/pgSQL statement that branches (see `Arm`), or null. */
function armsOf(type: string, stmt: Node): unknown[][] | null {
  switch (type) {
    case "PLpgSQL_stmt_if":
      return [stmt.then_body ?? [], ...(stmt.elsif_list ?? []).map((e: Node) => e.PLpgSQL_if_elsif?.stmts ?? []), stmt.else_body ?? []];
    case "PLpgSQL_stmt_case":
      return [...(stmt.case_when_list ?? []).map((w: Node) => w.PLpgSQL_case_when?.stmts ?? []), stmt.else_stmts ?? []];
    case "PLpgSQL_stmt_block": {
      const handlers: Node[] = stmt.exceptions?.PLpgSQL_exception_block?.exc_list ?? [];
      return handlers.length === 0 ? null : [stmt.body ?? [], ...handlers.map((h) => h.PLpgSQL_exception?.action ?? [])];
    }
    case "PLpgSQL_stmt_loop":
    case "PLpgSQL_stmt_while":
    case "PLpgSQL_stmt_fori":
    case "PLpgSQL_stmt_fors":
    case "PLpgSQL_stmt_forc":
    case "PLpgSQL_stmt_foreach_a":
    case "PLpgSQL_stmt_dynfors":
      return [stmt.body ?? []];
    default:
      return null;
  }
}

/**
 * The SQL statements a PL/pgSQL body runs, in the order it has them (every arm of its branches, loop body
 * and exception handler, each with the arms it is in), its COMMITs and ROLLBACKs, and whether it also runs
 * SQL built at run time.
 */
function bodyStatements(node: unknown, branch: readonly Arm[], out: { entries: BodyEntry[]; dynamic: boolean }): void {
  if (Array.isArray(node)) {
    node.forEach((n) => bodyStatements(n, branch, out));
    return;
  }
  if (node === null || typeof node !== "object") return;
  const stmt = node as Node;
  // A nested DO block (or CALL) is a PL/pgSQL call statement.
  const query = (stmt.PLpgSQL_stmt_execsql?.sqlstmt ?? stmt.PLpgSQL_stmt_call?.expr)?.PLpgSQL_expr?.query;
  if (typeof query === "string") {
    out.entries.push({ sql: query, branch });
    return;
  }
  if (stmt.PLpgSQL_stmt_commit !== undefined || stmt.PLpgSQL_stmt_rollback !== undefined) {
    out.entries.push("transactionEnd");
    return;
  }
  for (const [type, field] of Object.entries(DYNAMIC_STATEMENTS)) {
    const expression = stmt[type]?.[field]?.PLpgSQL_expr?.query;
    if (typeof expression !== "string") continue;
    const constant = constantString(expression);
    if (constant === null) out.dynamic = true;
    else out.entries.push({ sql: constant, branch });
  }
  for (const [type, value] of Object.entries(stmt)) {
    const arms = armsOf(type, value as Node);
    if (arms === null) {
      bodyStatements(value, branch, out);
      continue;
    }
    const point = nextPoint++;
    arms.forEach((statements, arm) => bodyStatements(statements, [...branch, { point, arm }], out));
  }
}

/** `body` dollar-quoted with a tag it does not contain. */
function dollarQuoted(body: string): string {
  let tag = "$lint$";
  for (let i = 1; body.includes(tag); i++) tag = `$lint${i}$`;
  return `${tag}${body}${tag}`;
}

/** What a `DO` block's body runs (`bodyStatements`), or why it cannot be read. */
export function doBlockBody(stmt: Node): { entries: BodyEntry[]; dynamic: boolean } | { unreadable: string } {
  const option = (name: string): string | undefined => (stmt.args ?? []).find((a: Node) => a.DefElem?.defname === name)?.DefElem.arg?.String?.sval;
  const language = (option("language") ?? "plpgsql").toLowerCase();
  if (language !== "plpgsql") return { unreadable: `a DO block in ${language} is not judged (lint reads PL/pgSQL only)` };
  let action: unknown;
  try {
    const parsed = parsePlPgSQLSync(`DO ${dollarQuoted(option("as") ?? "")}`) as unknown as { plpgsql_funcs: Node[] };
    action = parsed.plpgsql_funcs[0]?.PLpgSQL_function?.action;
  } catch {
    return { unreadable: "a DO block whose body lint could not parse is not judged" };
  }
  const found = { entries: [] as BodyEntry[], dynamic: false };
  bodyStatements(action, [], found);
  return found;
}
