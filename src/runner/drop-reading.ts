/**
 * The run as the pre-check of dropped tables (./dropped-dependents.ts) reads it: each migration recorded
 * (its function called once more with an `op` that runs nothing), its typed operations and raw SQL taken
 * to the changes that matter there, then followed in order with every name taken back to what the
 * catalog calls it at the start. A name raw SQL gives without a schema is looked up as PostgreSQL will
 * look it up in the run's session: a CREATE makes its relation in the first schema of the search_path
 * (`current_schema()`), any other statement finds the first schema of the path holding a relation of that
 * name at that point of the run (`current_schemas(true)`, the temporary schema and pg_catalog included).
 */
import type { LintAction } from "../lint/actions";
import type { MemberRef } from "../ops/catalog-operations";
import type { Operation } from "../ops/operation";
import type { TableName } from "../ops/op-specs";
import { readdsColumn } from "../ops/column-changes";
import { recordingOps } from "../ops/recording-ops";
import type { MigrationModule } from "../revision/migration-module";
import type { PlanStep } from "../revision/plan";

/** A relation, by schema and name; schema `""`: named without one in raw SQL, looked up through the search_path. */
export interface Relation {
  readonly schema: string;
  readonly name: string;
}

/** What a migration does that matters here, named as the relations are called when it runs. */
export type Change =
  | { readonly kind: "create"; readonly relation: Relation }
  | { readonly kind: "rename"; readonly relation: Relation; readonly to: Relation }
  /** `together`: in one statement with the drop before it (`DROP TABLE a, b`), which PostgreSQL drops as one. */
  | { readonly kind: "dropTable"; readonly relation: Relation; readonly together?: true }
  | { readonly kind: "dropView"; readonly relation: Relation }
  | { readonly kind: "dropConstraint"; readonly table: Relation; readonly name: string }
  | { readonly kind: "renameConstraint"; readonly table: Relation; readonly from: string; readonly to: string }
  | { readonly kind: "dropColumn"; readonly table: Relation; readonly column: string }
  /**
   * A typed column change, or raw SQL's `ALTER COLUMN ... TYPE`: the column may no longer be of a row type, nor
   * keep its default. `readds`: a typed change that drops the column and adds it again (`readdsColumn`), which
   * takes along its indexes, constraints, statistics and column grants (./readded-columns.ts).
   */
  | { readonly kind: "alterColumn"; readonly table: Relation; readonly column: string; readonly readds?: true }
  /** A typed or raw drop of an index (schema `""`: raw SQL naming none) or of extended statistics. */
  | { readonly kind: "dropIndex" | "dropStatistics"; readonly object: Relation }
  /**
   * What makes again what a column dropped and added again took along: an index, constraint or statistics
   * of the table by name (`*`: raw SQL that gives none), or its column grants (`grants`).
   */
  | { readonly kind: "remake"; readonly table: Relation; readonly name: string }
  /** Raw SQL's `ALTER TABLE` that the reading does not follow (`NO INHERIT`, `ALTER COLUMN ... DROP DEFAULT`, ...). */
  | { readonly kind: "touchTable"; readonly table: Relation }
  /** Raw SQL's `CREATE OR REPLACE VIEW`: the view stays, but what it read before no longer holds it (nothing is refused on a guess). */
  | { readonly kind: "replaceView"; readonly relation: Relation }
  /** A rule, policy or trigger of the table dropped. */
  | { readonly kind: "dropMember"; readonly table: Relation; readonly name: string }
  | { readonly kind: "dropInheritance"; readonly table: Relation; readonly parent: Relation }
  /** A typed drop of a function (any signature of that name), or of a domain, composite or range type. */
  | { readonly kind: "dropFunction" | "dropType"; readonly object: Relation }
  /** Raw SQL that drops or alters functions or types: which ones is not followed. */
  | { readonly kind: "routinesOrTypes" }
  /** From here on, the run cannot be known beforehand. */
  | { readonly kind: "unknown" };

/** A change, and the migration that makes it. */
export interface StepChange {
  readonly change: Exclude<Change, { kind: "unknown" }>;
  readonly step: PlanStep;
}

const relationOf = (ref: Relation): Relation => ({ schema: ref.schema, name: ref.name });
const member = (ref: MemberRef): Change => ({ kind: "dropMember", table: { schema: ref.schema, name: ref.table }, name: ref.name });
const named = (name: TableName): Relation => (typeof name === "string" ? { schema: "public", name } : relationOf(name));

/** Lint's reader of raw SQL: loaded (with its parser) by `recordRun` only when a migration's SQL needs it. */
type SqlReader = typeof import("../lint/sql-actions") & Pick<typeof import("libpg-query"), "parseSync">;

/** The changes of a typed operation; raw SQL is read by `sqlChanges`. */
function operationChanges(operation: Operation, sql: SqlReader | null): Change[] {
  switch (operation.kind) {
    case "createTable":
      return [{ kind: "create", relation: relationOf(operation.table) }];
    case "createView":
      return [{ kind: "create", relation: relationOf(operation.view) }];
    case "dropTable":
      return [{ kind: "dropTable", relation: relationOf(operation.table) }];
    case "dropView":
      return [{ kind: "dropView", relation: relationOf(operation.view) }];
    case "renameTable":
      return [{ kind: "rename", relation: relationOf(operation.table), to: { schema: operation.table.schema, name: operation.to } }];
    case "moveTable":
      return [{ kind: "rename", relation: relationOf(operation.table), to: { schema: operation.schema, name: operation.to ?? operation.table.name } }];
    case "dropConstraint":
      return [{ kind: "dropConstraint", table: relationOf(operation.table), name: operation.name }];
    case "renameConstraint":
      return [{ kind: "renameConstraint", table: relationOf(operation.table), from: operation.from, to: operation.to }];
    case "dropColumn":
      return [{ kind: "dropColumn", table: relationOf(operation.table), column: operation.column }];
    case "alterColumn":
      return [{ kind: "alterColumn", table: relationOf(operation.table), column: operation.column, ...(readdsColumn(operation) && { readds: true as const }) }];
    case "dropIndex":
      return [{ kind: "dropIndex", object: { schema: operation.table.schema, name: operation.name } }];
    case "dropStatistics":
      return [{ kind: "dropStatistics", object: relationOf(operation.statistics) }];
    case "createIndex":
      return [{ kind: "remake", table: relationOf(operation.table), name: operation.index.name }];
    case "addConstraint":
      return [{ kind: "remake", table: relationOf(operation.table), name: operation.constraint.name }];
    case "createStatistics":
      return [{ kind: "remake", table: relationOf(operation.statistics.table), name: operation.statistics.name }];
    case "setPrivileges":
      return operation.object.kind === "column" || operation.object.kind === "table"
        ? [{ kind: "remake", table: { schema: operation.object.schema, name: operation.object.kind === "column" ? operation.object.table : operation.object.name }, name: "grants" }]
        : [];
    case "dropRule":
      return [member(operation.rule)];
    case "dropPolicy":
      return [member(operation.policy)];
    case "dropTrigger":
      return [member(operation.trigger)];
    case "dropInheritance":
      return [{ kind: "dropInheritance", table: relationOf(operation.table), parent: relationOf(operation.parent) }];
    case "dropFunction":
      return [{ kind: "dropFunction", object: relationOf(operation.function) }];
    case "dropDomain":
      return [{ kind: "dropType", object: named(operation.domain) }];
    case "dropCompositeType":
    case "dropRangeType":
      return [{ kind: "dropType", object: named(operation.type) }];
    case "execute":
      return sqlChanges(operation.sql, sql);
    default:
      return [];
  }
}

/**
 * SQL that can drop, rename, create or alter a relation, run a `DO` block, or set the search_path: anything
 * else (an `INSERT` of bulkInsert's thousands of parameters, an `UPDATE`) is not parsed at all.
 */
const MAY_MATTER = /\b(?:drop|alter|create|do|grant|revoke)\b|search_path/i;

function mayMatter(sql: string): boolean {
  return MAY_MATTER.test(sql);
}

/** Top-level statements that drop or alter functions or types (which ones is not followed). */
const ROUTINE_OR_TYPE_DROPS = new Set(["OBJECT_FUNCTION", "OBJECT_PROCEDURE", "OBJECT_ROUTINE", "OBJECT_AGGREGATE", "OBJECT_TYPE", "OBJECT_DOMAIN"]);
/** Top-level statements that drop a member of a table: `DROP RULE r ON t`. */
const MEMBER_DROPS = new Set(["OBJECT_RULE", "OBJECT_POLICY", "OBJECT_TRIGGER"]);

type Statement = { readonly stmt: Record<string, any> };

/** The top-level statements of `sql`, as parsed (none when it does not parse). */
function statementsOf(sql: string, reader: SqlReader): readonly Statement[] {
  try {
    return (reader.parseSync(sql) as unknown as { stmts?: Statement[] }).stmts ?? [];
  } catch {
    return [];
  }
}

/**
 * What raw SQL drops that lint gives no fact of: functions, types, extended statistics, and rules, policies and
 * triggers (top-level statements only). They are taken as coming before the rest of their `op.execute`'s SQL: at worst a drop
 * beside them is let through, never refused on their account.
 */
function dropsLintSkips(statements: readonly Statement[]): Change[] {
  return statements.flatMap(({ stmt }): Change[] => {
    const drop = stmt.DropStmt;
    if (ROUTINE_OR_TYPE_DROPS.has(drop?.removeType) || stmt.AlterTableStmt?.objtype === "OBJECT_TYPE") return [{ kind: "routinesOrTypes" }];
    if (drop?.removeType === "OBJECT_STATISTIC_EXT") {
      return (drop.objects ?? []).map((object: Record<string, any>): Change => {
        const [name = "", schema = ""] = (object.List?.items ?? []).map((n: Record<string, any>) => n.String?.sval ?? "").reverse();
        return { kind: "dropStatistics", object: { schema, name } };
      });
    }
    if (!MEMBER_DROPS.has(drop?.removeType)) return [];
    return (drop.objects ?? []).map((object: Record<string, any>): Change => {
      const parts: string[] = (object.List?.items ?? []).map((n: Record<string, any>) => n.String?.sval ?? "");
      const [name = "", table = "", schema = ""] = [...parts].reverse();
      return { kind: "dropMember", table: { schema, name: table }, name };
    });
  });
}

/**
 * What raw SQL makes again that lint gives no fact of (top-level statements only): a view replaced (what it
 * read no longer holds it); for ./readded-columns.ts, extended statistics on a table (by name), and the tables
 * a `GRANT` or `REVOKE` names (their column grants).
 */
function remakesLintSkips(statements: readonly Statement[]): Change[] {
  const relation = (rangeVar: Record<string, any>): Relation => ({ schema: rangeVar.schemaname ?? "", name: rangeVar.relname });
  return statements.flatMap(({ stmt }): Change[] => {
    if (stmt.ViewStmt?.replace === true) return [{ kind: "replaceView", relation: relation(stmt.ViewStmt.view) }];
    const stats = stmt.CreateStatsStmt;
    const table = stats?.relations?.[0]?.RangeVar;
    if (table !== undefined) {
      const names: string[] = (stats.defnames ?? []).map((n: Record<string, any>) => n.String?.sval ?? "");
      return [{ kind: "remake", table: relation(table), name: names.at(-1) ?? "*" }];
    }
    const grant = stmt.GrantStmt;
    if (grant?.objtype !== "OBJECT_TABLE" || grant.targtype !== "ACL_TARGET_OBJECT") return [];
    return (grant.objects ?? []).flatMap((object: Record<string, any>): Change[] =>
      object.RangeVar === undefined ? [] : [{ kind: "remake", table: relation(object.RangeVar), name: "grants" }],
    );
  });
}

/** For each table a top-level `DROP TABLE` names, in order: whether it shares the statement with the one before. */
function tableDropsTogether(statements: readonly Statement[]): boolean[] {
  return statements.flatMap(({ stmt }) =>
    stmt.DropStmt?.removeType === "OBJECT_TABLE" ? (stmt.DropStmt.objects ?? []).map((_: unknown, i: number) => i > 0) : [],
  );
}

/**
 * The changes of raw SQL, as lint's parser reads it, with names that give no schema left unqualified. A
 * setting of the search_path (`SET`, `set_config`) ends the reading: which schema the names after it
 * take is not followed.
 */
function sqlChanges(sql: string, reader: SqlReader | null): Change[] {
  if (!mayMatter(sql) || reader === null) return [];
  const { actions, unjudged } = reader.sqlReading(sql, "");
  const statements = statementsOf(sql, reader);
  const changes = [...dropsLintSkips(statements), ...remakesLintSkips(statements)];
  const together = tableDropsTogether(statements);
  for (const action of actions) {
    if (setsSearchPath(action)) return [...changes, { kind: "unknown" }];
    const change = actionChange(action);
    if (change === null) continue;
    const shared = change.kind === "dropTable" && action.inDoBlock !== true && together.shift() === true;
    changes.push(shared ? { ...change, together: true } : change);
  }
  return unjudged.length > 0 ? [...changes, { kind: "unknown" }] : changes;
}

function setsSearchPath(action: LintAction): boolean {
  if (action.kind === "setting") return action.name === "search_path";
  return action.kind === "literals" && action.values.some((v) => v.toLowerCase() === "search_path");
}

function actionChange(action: LintAction): Change | null {
  switch (action.kind) {
    case "createTable":
      return { kind: "create", relation: action.table };
    case "dropTable":
      return action.cascade === true ? { kind: "unknown" } : { kind: "dropTable", relation: action.table };
    case "dropView":
      return action.cascade === true ? { kind: "unknown" } : { kind: "dropView", relation: action.view };
    case "renameTable":
      return { kind: "rename", relation: action.table, to: { schema: action.table.schema, name: action.to } };
    case "moveTable":
      return { kind: "rename", relation: action.table, to: { schema: action.schema, name: action.table.name } };
    case "dropConstraint":
      return { kind: "dropConstraint", table: action.table, name: action.name };
    case "dropColumn":
      return { kind: "dropColumn", table: action.table, column: action.column };
    case "alterType":
      return { kind: "alterColumn", table: action.table, column: action.column };
    case "touchTable":
      return { kind: "touchTable", table: action.table };
    case "dropIndex":
      return { kind: "dropIndex", object: { schema: action.schema, name: action.name } };
    case "createIndex":
    case "createPartitionedIndex":
    case "addConstraint":
      return { kind: "remake", table: action.table, name: action.name ?? "*" };
    default:
      return null;
  }
}

/** A step's operations as recorded, and whether the recording saw all of them. */
async function recordStep(step: PlanStep, module: MigrationModule): Promise<{ operations: readonly Operation[]; complete: boolean }> {
  const op = recordingOps();
  try {
    await (step.direction === "up" ? module.upgrade : module.downgrade)(op);
    return { operations: op.operations, complete: true };
  } catch {
    // op.inspect(), or an error the run itself will meet and report.
    return { operations: op.operations, complete: false };
  }
}

/** The run's changes, recorded, up to the first one that cannot be known beforehand. */
export async function recordRun(steps: readonly { readonly step: PlanStep; readonly module: MigrationModule }[]): Promise<StepChange[]> {
  const changes: StepChange[] = [];
  // Loaded at the first SQL that may matter: an upgrade without any (most) never loads the parser.
  let reader: SqlReader | null = null;
  for (const { step, module } of steps) {
    const { operations, complete } = await recordStep(step, module);
    for (const operation of operations) {
      if (operation.kind === "execute" && reader === null && mayMatter(operation.sql)) {
        const sqlActions = await import("../lint/sql-actions");
        await sqlActions.loadSqlParser();
        reader = { ...sqlActions, parseSync: (await import("libpg-query")).parseSync };
      }
      for (const change of operationChanges(operation, reader)) {
        if (change.kind === "unknown") return changes;
        changes.push({ change, step });
      }
    }
    if (!complete) return changes;
  }
  return changes;
}
