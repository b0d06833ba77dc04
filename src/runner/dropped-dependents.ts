/**
 * What the database holds on to a table the run drops. A migration never drops with CASCADE (see
 * src/sql/compile-tables.ts), so a foreign key, a view or a rule of an object the migrations do not
 * manage (a table left out with `exclude`, one made by hand since) makes PostgreSQL refuse the
 * `DROP TABLE`: the run stops there with a raw error, after the migrations before it were committed.
 * Before the first statement, the online runner records each migration of the plan as the offline
 * runner, lint and `check --fail-on` do (its function called once more, with an `op` that runs nothing),
 * follows the relations it drops, renames and creates, asks the catalog what depends on the tables it
 * drops, and refuses when a dependent is still there at the drop: one a step of the same run removes
 * first (the foreign key, its column, the view, the rule, or the object they belong to) is no obstacle.
 * The table's name in raw SQL is taken as `public`'s when unqualified, as lint takes it.
 *
 * Raw SQL (`op.execute`) is read with lint's parser (src/lint/sql-actions.ts). What the runner cannot
 * know beforehand ends the reading where it comes, so that nothing is refused on a guess: a migration
 * that calls `op.inspect()` or throws while recorded, a `DO` block running SQL built at run time, a
 * `DROP ... CASCADE` (what it takes with it is not known). Drops after that point are left to
 * PostgreSQL. The offline script (`--sql`) has no database to ask: it is not checked.
 */
import type { Queryable } from "../db/database";
import type { LintAction } from "../lint/actions";
import type { Operation } from "../ops/operation";
import { recordingOps } from "../ops/recording-ops";
import type { MigrationModule } from "../revision/migration-module";
import type { MigrationPlan, PlanStep } from "../revision/plan";
import { DroppedTableHeldError, type DroppedTableHold } from "./runner-errors";

/** A table or view, by schema and name. */
interface Relation {
  readonly schema: string;
  readonly name: string;
}

/** What a migration does that matters here, named as the relations are called when it runs. */
type Change =
  | { readonly kind: "create"; readonly relation: Relation }
  | { readonly kind: "rename"; readonly relation: Relation; readonly to: Relation }
  | { readonly kind: "dropTable"; readonly relation: Relation }
  | { readonly kind: "dropView"; readonly relation: Relation }
  | { readonly kind: "dropConstraint"; readonly table: Relation; readonly name: string }
  | { readonly kind: "renameConstraint"; readonly table: Relation; readonly from: string; readonly to: string }
  | { readonly kind: "dropColumn"; readonly table: Relation; readonly column: string }
  | { readonly kind: "dropRule"; readonly table: Relation; readonly name: string }
  /** From here on, the run cannot be known beforehand. */
  | { readonly kind: "unknown" };

const relationOf = (ref: Relation): Relation => ({ schema: ref.schema, name: ref.name });

/** Lint's reader of raw SQL: loaded (with its parser) by `readRun` only when a migration's SQL needs it. */
type SqlReader = typeof import("../lint/sql-actions");

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
    case "dropRule":
      return [{ kind: "dropRule", table: { schema: operation.rule.schema, name: operation.rule.table }, name: operation.rule.name }];
    case "execute":
      return sqlChanges(operation.sql, sql);
    default:
      return [];
  }
}

/**
 * SQL that can drop, rename or create a relation, or run a `DO` block: anything else (an `INSERT` of
 * bulkInsert's thousands of parameters, an `UPDATE`) gives lint no such fact, so it is not parsed at all.
 */
const MAY_CHANGE_RELATIONS = /\b(?:drop|alter|create|do)\b/i;

/** The changes of raw SQL, as lint's parser reads it (`reader` is loaded wherever `mayChangeRelations`). */
function sqlChanges(sql: string, reader: SqlReader | null): Change[] {
  if (!mayChangeRelations(sql) || reader === null) return [];
  const changes = reader.sqlActions(sql).map(actionChange).filter((c): c is Change => c !== null);
  return reader.unjudgedSql(sql).length > 0 ? [...changes, { kind: "unknown" }] : changes;
}

function mayChangeRelations(sql: string): boolean {
  return MAY_CHANGE_RELATIONS.test(sql);
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

const key = (...parts: readonly string[]): string => JSON.stringify(parts);

/** A table the run drops, named as the catalog names it now, and the migration that drops it. */
interface Drop {
  readonly table: Relation;
  /** What the migration calls it, after renames of the run. */
  readonly as: Relation;
  readonly step: PlanStep;
  /** Its place in the run: what is removed before it no longer holds on to it. */
  readonly at: number;
}

/**
 * The run's changes followed in order, every name taken back to what the catalog calls it now: the
 * drops of tables the database has, and when each object the run removes goes.
 */
class RunReading {
  readonly drops: Drop[] = [];
  /** Removed object (by `key`, catalog names) -> where the run first removes it. */
  readonly #removedAt = new Map<string, number>();
  /** A relation's name now -> its catalog name (null: the run created it, or moved another away from it). */
  readonly #relations = new Map<string, Relation | null>();
  /** A constraint's name now (with its table's catalog name) -> its catalog name. */
  readonly #constraints = new Map<string, string>();
  #at = 0;

  /** Follows `change`, made by `step`. */
  follow(change: Exclude<Change, { kind: "unknown" }>, step: PlanStep): void {
    this.#at++;
    switch (change.kind) {
      case "create":
        this.#relations.set(key(change.relation.schema, change.relation.name), null);
        break;
      case "rename": {
        const catalog = this.#catalogName(change.relation);
        this.#relations.set(key(change.relation.schema, change.relation.name), null);
        this.#relations.set(key(change.to.schema, change.to.name), catalog);
        break;
      }
      case "dropTable":
      case "dropView": {
        const catalog = this.#catalogName(change.relation);
        if (catalog === null) break;
        this.#relations.set(key(change.relation.schema, change.relation.name), null);
        this.#remove("relation", catalog);
        if (change.kind === "dropTable") this.drops.push({ table: catalog, as: change.relation, step, at: this.#at });
        break;
      }
      case "renameConstraint":
        this.#onTable(change.table, (table) =>
          this.#constraints.set(key(table.schema, table.name, change.to), this.#constraintName(table, change.from)),
        );
        break;
      case "dropConstraint":
        this.#onTable(change.table, (table) => this.#remove("constraint", table, this.#constraintName(table, change.name)));
        break;
      case "dropColumn":
        this.#onTable(change.table, (table) => this.#remove("column", table, change.column));
        break;
      case "dropRule":
        this.#onTable(change.table, (table) => this.#remove("rule", table, change.name));
        break;
    }
  }

  /** Whether the object `removed` (by `key`) is gone before the run reaches `at`. */
  removedBefore(removed: string, at: number): boolean {
    return (this.#removedAt.get(removed) ?? Infinity) < at;
  }

  #catalogName(relation: Relation): Relation | null {
    const now = key(relation.schema, relation.name);
    return this.#relations.has(now) ? this.#relations.get(now)! : relation;
  }

  /** Calls `work` with the catalog name of `table`, unless the run created it. */
  #onTable(table: Relation, work: (catalog: Relation) => void): void {
    const catalog = this.#catalogName(table);
    if (catalog !== null) work(catalog);
  }

  #constraintName(table: Relation, now: string): string {
    return this.#constraints.get(key(table.schema, table.name, now)) ?? now;
  }

  /** Notes that the run removes the relation, or the member `name` of the table, at this point. */
  #remove(what: "relation" | "constraint" | "column" | "rule", relation: Relation, name?: string): void {
    const removed = name === undefined ? key(what, relation.schema, relation.name) : key(what, relation.schema, relation.name, name);
    if (!this.#removedAt.has(removed)) this.#removedAt.set(removed, this.#at);
  }
}

/** One object holding on to a table: a foreign key into it, or a view or rule reading it. */
interface DependentRow {
  readonly table_schema: string;
  readonly table_name: string;
  readonly kind: "foreign key" | "view" | "materialized view" | "rule";
  /** The table of the foreign key or rule, the view itself. */
  readonly owner_schema: string;
  readonly owner_name: string;
  /** The foreign key's or rule's name; null for a view. */
  readonly name: string | null;
  /** The foreign key's columns. */
  readonly columns: string[] | null;
}

/**
 * The foreign keys into the tables `$1`.`$2` from other tables, and the views and rules of other relations
 * that read them. Left out: a partition's copies of a partitioned table's key (they go with it), and what
 * belongs to the table itself or to one of its partitions (dropped with it).
 */
const DEPENDENTS_SQL = `
WITH dropped AS (
  SELECT c.oid, n.nspname::text AS schema, c.relname::text AS name
  FROM unnest($1::text[], $2::text[]) AS d(schema, name)
  JOIN pg_catalog.pg_namespace n ON n.nspname = d.schema
  JOIN pg_catalog.pg_class c ON c.relnamespace = n.oid AND c.relname = d.name
)
SELECT d.schema AS table_schema, d.name AS table_name, 'foreign key' AS kind, rn.nspname::text AS owner_schema,
  r.relname::text AS owner_name, k.conname::text AS name,
  ARRAY(SELECT a.attname::text FROM pg_catalog.pg_attribute a WHERE a.attrelid = k.conrelid AND a.attnum = ANY (k.conkey)) AS columns
FROM dropped d
JOIN pg_catalog.pg_constraint k ON k.confrelid = d.oid AND k.contype = 'f' AND k.conparentid = 0
  AND d.oid NOT IN (SELECT relid FROM pg_catalog.pg_partition_ancestors(k.conrelid))
JOIN pg_catalog.pg_class r ON r.oid = k.conrelid JOIN pg_catalog.pg_namespace rn ON rn.oid = r.relnamespace
UNION
SELECT d.schema, d.name, CASE v.relkind WHEN 'v' THEN 'view' WHEN 'm' THEN 'materialized view' ELSE 'rule' END,
  vn.nspname::text, v.relname::text, CASE WHEN v.relkind IN ('v', 'm') THEN NULL ELSE w.rulename::text END, NULL
FROM dropped d
JOIN pg_catalog.pg_depend p ON p.refclassid = 'pg_catalog.pg_class'::regclass AND p.refobjid = d.oid
  AND p.classid = 'pg_catalog.pg_rewrite'::regclass AND p.deptype = 'n'
JOIN pg_catalog.pg_rewrite w ON w.oid = p.objid
JOIN pg_catalog.pg_class v ON v.oid = w.ev_class AND d.oid NOT IN (SELECT relid FROM pg_catalog.pg_partition_ancestors(v.oid))
JOIN pg_catalog.pg_namespace vn ON vn.oid = v.relnamespace
ORDER BY 1, 2, 3, 4, 5, 6`;

const qualified = (schema: string, name: string): string => `${schema}.${name}`;

/** Whether the run removes `row` (or what it belongs to) before it reaches `at`. */
function goneBefore(row: DependentRow, reading: RunReading, at: number): boolean {
  if (reading.removedBefore(key("relation", row.owner_schema, row.owner_name), at)) return true;
  if (row.kind === "rule") return reading.removedBefore(key("rule", row.owner_schema, row.owner_name, row.name!), at);
  if (row.kind !== "foreign key") return false;
  return (
    reading.removedBefore(key("constraint", row.owner_schema, row.owner_name, row.name!), at) ||
    (row.columns ?? []).some((column) => reading.removedBefore(key("column", row.owner_schema, row.owner_name, column), at))
  );
}

function holdOf(row: DependentRow, drop: Drop): DroppedTableHold {
  const table = qualified(drop.table.schema, drop.table.name);
  const owner = qualified(row.owner_schema, row.owner_name);
  const holder =
    row.kind === "foreign key"
      ? `foreign key ${row.name} of ${owner} references ${table}`
      : row.kind === "rule"
        ? `rule ${row.name} on ${owner} reads ${table}`
        : `${row.kind} ${owner} reads ${table}`;
  const as = qualified(drop.as.schema, drop.as.name);
  return { holder, revision: { id: drop.step.revision.id, path: drop.step.revision.path }, ...(as !== table && { as }) };
}

/** Follows the run's migrations, recorded, up to the first change that cannot be known beforehand. */
async function readRun(steps: readonly { readonly step: PlanStep; readonly module: MigrationModule }[]): Promise<RunReading> {
  const reading = new RunReading();
  // Loaded at the first SQL that may change a relation: an upgrade without any (most) never loads the parser.
  let reader: SqlReader | null = null;
  for (const { step, module } of steps) {
    const { operations, complete } = await recordStep(step, module);
    for (const operation of operations) {
      if (operation.kind === "execute" && reader === null && mayChangeRelations(operation.sql)) {
        reader = await import("../lint/sql-actions");
        await reader.loadSqlParser();
      }
      for (const change of operationChanges(operation, reader)) {
        if (change.kind === "unknown") return reading;
        reading.follow(change, step);
      }
    }
    if (!complete) return reading;
  }
  return reading;
}

/**
 * Refuses the run when a table it drops is still held, at its drop, by a foreign key, view or rule
 * the run has not removed by then. Reads the catalog only when the run drops a table the database has.
 * @throws DroppedTableHeldError naming each such dependent and the migration that drops its table
 */
export async function refuseHeldDrops(
  db: Queryable,
  plan: MigrationPlan,
  steps: readonly { readonly step: PlanStep; readonly module: MigrationModule }[],
): Promise<void> {
  const reading = await readRun(steps);
  if (reading.drops.length === 0) return;
  const tables = reading.drops.map((d) => d.table);
  const { rows } = await db.query<DependentRow>(DEPENDENTS_SQL, [tables.map((t) => t.schema), tables.map((t) => t.name)]);
  const holds: DroppedTableHold[] = [];
  for (const drop of reading.drops) {
    for (const row of rows) {
      if (row.table_schema !== drop.table.schema || row.table_name !== drop.table.name) continue;
      if (!goneBefore(row, reading, drop.at)) holds.push(holdOf(row, drop));
    }
  }
  if (holds.length > 0) throw new DroppedTableHeldError(plan.direction, holds, plan.startHeads);
}
