/**
 * Raw SQL (`op.execute`) -> lint facts, through PostgreSQL's own parser (`libpg-query`, the server's
 * grammar compiled to WebAssembly): statements are classified from their syntax tree, never by matching
 * text. SQL that does not parse gives no facts (Postgres would refuse it anyway).
 *
 * A `DO` block's PL/pgSQL body is read with PostgreSQL's PL/pgSQL parser (./do-block-body.ts): the
 * statements it runs (in nested blocks, IF, CASE and loop bodies, exception handlers, and `EXECUTE
 * 'constant'`) give facts as top-level statements do, marked `inDoBlock` and with the arms of IF, CASE, loop
 * and exception blocks they are in (`branch`), so that rules do not combine statements that never both take
 * effect. What lint cannot read there (`EXECUTE` of a string built at run time, a body in another language)
 * is said, not guessed at. A `CREATE FUNCTION` body is not run by the migration: it gives no facts.
 */
import { loadModule, parseSync } from "libpg-query";
import type { ConstraintKind, LintAction, TableId } from "./actions";
import { doBlockBody, DYNAMIC_SQL } from "./do-block-body";

let ready: Promise<void> | null = null;

/** Loads the parser (once); call before `sqlActions`. */
export function loadSqlParser(): Promise<void> {
  ready ??= loadModule();
  return ready;
}

type Node = Record<string, any>;

/** The schema a name without one is read in: `public` for lint; `sqlReading`'s caller may resolve such names itself. */
let unqualified = "public";

function relation(rel: Node | undefined): TableId | null {
  if (rel === undefined) return null;
  return { schema: rel.schemaname ?? unqualified, name: rel.relname };
}

function names(list: Node[] | undefined): string[] {
  return (list ?? []).map((n) => n.String?.sval).filter((s): s is string => typeof s === "string");
}

/** Every string constant of a tree. */
function stringConstants(node: unknown, out: string[] = []): string[] {
  if (Array.isArray(node)) node.forEach((n) => stringConstants(n, out));
  else if (node !== null && typeof node === "object") {
    const a = (node as Node).A_Const;
    if (a?.sval?.sval !== undefined) out.push(a.sval.sval);
    for (const value of Object.values(node as Node)) stringConstants(value, out);
  }
  return out;
}

const CONSTRAINT_TYPES: Readonly<Record<string, ConstraintKind>> = {
  CONSTR_FOREIGN: "foreignKey",
  CONSTR_CHECK: "check",
  CONSTR_UNIQUE: "unique",
  CONSTR_PRIMARY: "primaryKey",
  CONSTR_EXCLUSION: "exclusion",
};

function typeText(typeName: Node | undefined): string {
  if (typeName === undefined) return "unknown";
  const base = names(typeName.names).filter((n) => n !== "pg_catalog").join(".");
  const mods = (typeName.typmods ?? []).map((m: Node) => m.A_Const?.ival?.ival).filter((v: unknown) => v !== undefined);
  const alias: Record<string, string> = { varchar: "character varying", int4: "integer", int8: "bigint", int2: "smallint", bpchar: "character" };
  const name = alias[base] ?? base;
  const array = "[]".repeat((typeName.arrayBounds ?? []).length);
  return `${mods.length > 0 ? `${name}(${mods.join(",")})` : name}${array}`;
}

/**
 * Whether a `USING` expression computes the new values: anything but the column itself, possibly cast
 * (`USING col::text`), which Postgres turns into the same catalog-only change as no USING at all.
 */
function usingComputes(expr: Node | undefined, column: string): boolean {
  let node = expr;
  while (node?.TypeCast !== undefined) node = node.TypeCast.arg;
  if (node === undefined) return false;
  const fields = names(node.ColumnRef?.fields);
  return !(fields.length === 1 && fields[0] === column);
}

/** `usingComputes` for the USING text of a typed `alterColumn` (`"col"::integer`). */
export function usingTextComputes(using: string, column: string): boolean {
  try {
    const parsed = parseSync(`SELECT ${using}`) as unknown as { stmts: { stmt: Node }[] };
    return usingComputes(parsed.stmts[0]?.stmt.SelectStmt?.targetList?.[0]?.ResTarget?.val, column);
  } catch {
    return true;
  }
}

function notNullColumn(expr: Node | undefined): string | null {
  const test = expr?.NullTest;
  if (test?.nulltesttype !== "IS_NOT_NULL") return null;
  const fields = names(test.arg?.ColumnRef?.fields);
  return fields.length === 1 ? fields[0]! : null;
}

function alterTableActions(stmt: Node): LintAction[] {
  const table = relation(stmt.relation);
  if (table === null || (stmt.objtype !== undefined && stmt.objtype !== "OBJECT_TABLE")) return [];
  const actions: LintAction[] = [];
  for (const { AlterTableCmd: cmd } of stmt.cmds ?? []) {
    if (cmd === undefined) continue;
    switch (cmd.subtype) {
      case "AT_AddConstraint": {
        const c = cmd.def?.Constraint ?? {};
        const type = CONSTRAINT_TYPES[c.contype];
        if (type === undefined) break;
        actions.push({
          kind: "addConstraint",
          table,
          name: c.conname ?? null,
          type,
          notValid: c.skip_validation === true,
          usingIndex: typeof c.indexname === "string",
          notNullOf: type === "check" ? notNullColumn(c.raw_expr) : null,
        });
        break;
      }
      case "AT_ValidateConstraint":
        actions.push({ kind: "validateConstraint", table, name: cmd.name });
        break;
      case "AT_DropConstraint":
        actions.push({ kind: "dropConstraint", table, name: cmd.name });
        break;
      case "AT_SetNotNull":
        actions.push({ kind: "setNotNull", table, column: cmd.name });
        break;
      case "AT_AlterColumnType":
        actions.push({
          kind: "alterType",
          table,
          column: cmd.name,
          from: null,
          to: typeText(cmd.def?.ColumnDef?.typeName),
          computed: usingComputes(cmd.def?.ColumnDef?.raw_default, cmd.name),
        });
        break;
      case "AT_DropColumn":
        actions.push({ kind: "dropColumn", table, column: cmd.name });
        break;
      case "AT_AddColumn": {
        const def = cmd.def?.ColumnDef ?? {};
        const constraints: Node[] = (def.constraints ?? []).map((c: Node) => c.Constraint ?? {});
        const defaultExpr = constraints.find((c) => c.contype === "CONSTR_DEFAULT");
        const generated = constraints.find((c) => c.contype === "CONSTR_GENERATED");
        const identity = constraints.some((c) => c.contype === "CONSTR_IDENTITY");
        const serial = /serial$/.test(typeText(def.typeName));
        actions.push({
          kind: "addColumn",
          table,
          column: def.colname,
          notNull: constraints.some((c) => c.contype === "CONSTR_NOTNULL" || c.contype === "CONSTR_PRIMARY"),
          default: defaultExpr === undefined ? (serial ? "nextval()" : null) : deparseFunctionNames(defaultExpr.raw_expr),
          generatesValues: generated !== undefined || identity || serial,
          // A VIRTUAL one (PostgreSQL 18) is computed when read: nothing is written to existing rows.
          storedGenerated: generated !== undefined && generated.generated_kind !== "v",
          identity,
        });
        for (const c of constraints) {
          const type = CONSTRAINT_TYPES[c.contype];
          if (type !== undefined) {
            actions.push({ kind: "addConstraint", table, name: c.conname ?? null, type, notValid: false, usingIndex: false, notNullOf: null });
          }
        }
        break;
      }
      default:
        actions.push({ kind: "touchTable", table });
    }
  }
  return actions;
}

/** A default's function names, enough for the volatility test: `gen_random_uuid()`, `now()`, or `'x'`. */
function deparseFunctionNames(expr: Node | undefined): string {
  const found: string[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node !== null && typeof node === "object") {
      const call = (node as Node).FuncCall;
      if (call !== undefined) found.push(`${names(call.funcname).join(".")}()`);
      const value = (node as Node).SQLValueFunction;
      if (value !== undefined) found.push("now()");
      Object.values(node as Node).forEach(walk);
    }
  };
  walk(expr);
  return found.length > 0 ? found.join(" ") : "constant";
}

function statementActions(wrapper: Node): LintAction[] {
  const [[type, stmt]] = Object.entries(wrapper) as [[string, Node]];
  const literals = stringConstants(stmt);
  const withLiterals = (actions: LintAction[]): LintAction[] =>
    literals.length > 0 ? [...actions, { kind: "literals", values: literals }] : actions;
  switch (type) {
    case "VariableSetStmt":
      return [{ kind: "setting", name: String(stmt.name ?? "").toLowerCase(), value: stringConstants(stmt.args)[0] ?? null, local: stmt.is_local === true }];
    case "IndexStmt": {
      const table = relation(stmt.relation);
      return table === null ? [] : [{ kind: "createIndex", table, name: stmt.idxname ?? null, concurrently: stmt.concurrent === true }];
    }
    case "DropStmt": {
      const objects: Node[] = stmt.objects ?? [];
      const parts = objects.map((o) => names(o.List?.items));
      const cascade = stmt.behavior === "DROP_CASCADE" ? { cascade: true as const } : {};
      if (stmt.removeType === "OBJECT_INDEX") {
        return parts.map((p) => ({
          kind: "dropIndex",
          schema: p.length > 1 ? p[0]! : unqualified,
          name: p[p.length - 1]!,
          concurrently: stmt.concurrent === true,
        }));
      }
      if (stmt.removeType === "OBJECT_TABLE") {
        return parts.map((p) => ({ kind: "dropTable", table: { schema: p.length > 1 ? p[0]! : unqualified, name: p[p.length - 1]! }, ...cascade }));
      }
      if (stmt.removeType === "OBJECT_VIEW" || stmt.removeType === "OBJECT_MATVIEW") {
        return parts.map((p) => ({ kind: "dropView", view: { schema: p.length > 1 ? p[0]! : unqualified, name: p[p.length - 1]! }, ...cascade }));
      }
      return [];
    }
    case "AlterTableStmt":
      return withLiterals(alterTableActions(stmt));
    case "RenameStmt": {
      const table = relation(stmt.relation);
      if (table === null) return [];
      if (stmt.renameType === "OBJECT_COLUMN") return [{ kind: "renameColumn", table, from: stmt.subname, to: stmt.newname }];
      if (stmt.renameType === "OBJECT_TABLE") return [{ kind: "renameTable", table, to: stmt.newname }];
      return [{ kind: "touchTable", table }];
    }
    case "AlterObjectSchemaStmt": {
      const table = stmt.objectType === "OBJECT_TABLE" ? relation(stmt.relation) : null;
      return table === null ? [] : [{ kind: "moveTable", table, schema: stmt.newschema }];
    }
    case "AlterEnumStmt": {
      const parts = names(stmt.typeName);
      if (stmt.newVal === undefined || stmt.oldVal !== undefined) return [];
      return [{ kind: "addEnumValue", enum: { schema: parts.length > 1 ? parts[0]! : unqualified, name: parts[parts.length - 1]! }, label: stmt.newVal }];
    }
    case "CreateStmt": {
      const table = relation(stmt.relation);
      return table === null ? [] : withLiterals([{ kind: "createTable", table }]);
    }
    default:
      return withLiterals([]);
  }
}

/** The facts of some SQL, and what in it runs unseen (one reason per DO block lint cannot read whole). */
export interface ScriptFacts {
  readonly actions: LintAction[];
  readonly unjudged: string[];
}

/** The facts of a `DO` block: those of the statements its PL/pgSQL body runs. */
function doBlockFacts(stmt: Node, transactions: Transactions): ScriptFacts {
  const found = doBlockBody(stmt);
  if ("unreadable" in found) return { actions: [], unjudged: [found.unreadable] };
  const inner = found.entries.map((entry): ScriptFacts => {
    if (entry === "transactionEnd") {
      transactions.part++;
      return { actions: [], unjudged: [] };
    }
    const facts = scriptFacts(entry.sql, transactions);
    return { ...facts, actions: facts.actions.map((a) => ({ ...a, inDoBlock: true as const, branch: [...entry.branch, ...(a.branch ?? [])] })) };
  });
  return {
    actions: inner.flatMap((f) => f.actions),
    unjudged: [...(found.dynamic ? [DYNAMIC_SQL] : []), ...inner.flatMap((f) => f.unjudged)],
  };
}

/** The transaction an op.execute's SQL is in, counting those its statements end (see `LintAction.part`). */
interface Transactions {
  part: number;
}

/** Statements that end the transaction they run in: COMMIT (END), ROLLBACK (ABORT), PREPARE TRANSACTION. */
const TRANSACTION_ENDS = new Set(["TRANS_STMT_COMMIT", "TRANS_STMT_ROLLBACK", "TRANS_STMT_PREPARE"]);

function scriptFacts(sql: string, transactions: Transactions = { part: 0 }): ScriptFacts {
  let parsed: { stmts?: { stmt: Node }[] };
  try {
    parsed = parseSync(sql) as unknown as { stmts?: { stmt: Node }[] };
  } catch {
    return { actions: [], unjudged: [] };
  }
  const statements = parsed.stmts ?? [];
  const facts = statements.map(({ stmt }): ScriptFacts => {
    if (stmt.DoStmt !== undefined) return doBlockFacts(stmt.DoStmt, transactions);
    const actions = statementActions(stmt).map((a) => ({ ...a, part: transactions.part }));
    if (TRANSACTION_ENDS.has(stmt.TransactionStmt?.kind)) transactions.part++;
    return { actions, unjudged: [] };
  });
  const inScript = statements.length > 1 ? { inScript: true as const } : {};
  return { actions: facts.flatMap((f) => f.actions).map((a) => ({ ...a, ...inScript })), unjudged: facts.flatMap((f) => f.unjudged) };
}

/**
 * The lint facts of an SQL script (one or more statements).
 * @example sqlActions("CREATE INDEX i ON t (a)") // => [{ kind: "createIndex", table: { schema: "public", name: "t" }, name: "i", concurrently: false, part: 0 }]
 */
export function sqlActions(sql: string): LintAction[] {
  return scriptFacts(sql).actions;
}

/**
 * What an SQL script runs that lint cannot judge, one reason per DO block.
 * @example unjudgedSql("DO $$ BEGIN EXECUTE format('DROP TABLE %I', 't'); END $$") // => [DYNAMIC_SQL]
 */
export function unjudgedSql(sql: string): string[] {
  return scriptFacts(sql).unjudged;
}

/** `sqlActions` and `unjudgedSql` of one parse, with names that give no schema read in `schema` (`""`: left to the caller). */
export function sqlReading(sql: string, schema: string): ScriptFacts {
  unqualified = schema;
  try {
    return scriptFacts(sql);
  } finally {
    unqualified = "public";
  }
}
