/**
 * Views. A changed view is dropped and created again (the comparator emits both), since
 * `CREATE OR REPLACE VIEW` refuses to remove or retype output columns and materialized views have no
 * replace at all.
 */
import type { CreateViewOp, DropViewOp } from "../ops/operation";
import { statement, type CompiledStatement } from "./compiled-statement";
import { quoteIdent, quoteLiteral, quoteQualified } from "./quote";
import { compileCreateIndex } from "./compile-indexes";
import { compileAlterClusterOn, parameterList } from "./compile-partitions";

/** ` WITH (...)` for a view's options, or nothing. */
function withOptions(op: CreateViewOp, options: readonly string[]): string {
  return options.length === 0 ? "" : ` WITH (${parameterList(op, op.view, op.view.materialized ? "materialized view" : "view", options)})`;
}

/** ` TABLESPACE "ts"` for a materialized view that has one (a plain view stores nothing), or nothing. */
function tablespaceClause(op: CreateViewOp): string {
  return op.view.materialized && op.view.tablespace !== undefined ? ` TABLESPACE ${quoteIdent(op.view.tablespace)}` : "";
}

/**
 * `CREATE [MATERIALIZED] VIEW "s"."v" [WITH (options)] [TABLESPACE "ts"] AS <query>`, then a materialized
 * view's indexes and, once they exist, `ALTER TABLE "s"."v" CLUSTER ON "i"` (as pg_dump writes it), and
 * a view's column defaults (`ALTER VIEW "s"."v" ALTER COLUMN "c" SET DEFAULT ...`, where it has the column).
 */
export function compileCreateView(op: CreateViewOp): CompiledStatement[] {
  const kind = op.view.materialized ? "MATERIALIZED VIEW" : "VIEW";
  const ref = { schema: op.view.schema, name: op.view.name };
  const clusterOn = op.view.clusterOn;
  return [
    statement(`CREATE ${kind} ${quoteQualified(op.view)}${withOptions(op, op.view.options ?? [])}${tablespaceClause(op)} AS ${op.view.definition}`),
    ...op.view.indexes.flatMap((index) => compileCreateIndex({ kind: "createIndex", table: ref, index })),
    ...(clusterOn === undefined ? [] : compileAlterClusterOn({ kind: "alterClusterOn", table: ref, from: null, to: clusterOn })),
    ...Object.entries(op.view.columnDefaults ?? {}).map(([column, expression]) => setViewColumnDefault(op, column, expression)),
  ];
}

/**
 * `ALTER VIEW "s"."v" ALTER COLUMN "c" SET DEFAULT ...`, in a DO block that runs it only where the view
 * has that column when the migration runs: a view the entities create again with a query that reads what
 * the same migration creates or renames has columns nobody could list beforehand (compare-views.ts).
 */
function setViewColumnDefault(op: CreateViewOp, column: string, expression: string): CompiledStatement {
  const set = `ALTER VIEW ${quoteQualified(op.view)} ALTER COLUMN ${quoteIdent(column)} SET DEFAULT ${expression}`;
  const exists =
    `EXISTS (SELECT FROM pg_catalog.pg_attribute WHERE attrelid = ${quoteLiteral(quoteQualified(op.view))}::pg_catalog.regclass ` +
    `AND attname = ${quoteLiteral(column)} AND attnum > 0 AND NOT attisdropped)`;
  return statement(`DO ${quoteLiteral(`BEGIN IF ${exists} THEN EXECUTE ${quoteLiteral(set)}; END IF; END`)}`);
}

/** `DROP [MATERIALIZED] VIEW "s"."v"`. */
export function compileDropView(op: DropViewOp): CompiledStatement[] {
  return [statement(`DROP ${op.materialized ? "MATERIALIZED VIEW" : "VIEW"} ${quoteQualified(op.view)}`)];
}
