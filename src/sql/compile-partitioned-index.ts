/**
 * `createPartitionedIndex`: an index on a partitioned table built the only lock-safe way PostgreSQL has
 * (it refuses `CREATE INDEX CONCURRENTLY` on a partitioned table):
 * 1. `CREATE INDEX ... ON ONLY parent`: only the catalog, at once; the index starts invalid;
 * 2. for each partition, `CREATE INDEX CONCURRENTLY` on it and `ALTER INDEX ... ATTACH PARTITION`; a
 *    sub-partitioned partition gets its own index `ON ONLY` it, whose partitions are built the same way
 *    before it is attached; PostgreSQL marks an index valid once every partition's is attached and valid;
 * 3. a check that the index is valid, which fails with what to do when it is not.
 *
 * The partitions are not known when the migration is written (pg_partman, or people, add them before it
 * runs), and `CONCURRENTLY` runs neither in a transaction nor in a `DO` block or function: step 2 is a
 * query over `pg_inherits` that returns the statements to run (a `StatementGenerator`), which the runner
 * runs one by one outside any transaction, and which psql runs with `\gexec` in the offline script. The
 * query looks at what is already there, so a rerun after a failure does only what is left:
 * - a partition whose index is attached is skipped (its partitions, when it has some, still looked at);
 * - an invalid index a failed concurrent build left is dropped (concurrently) and built again;
 * - a valid index built but not attached is attached.
 * A partition created after step 1 gets its index from PostgreSQL itself (with the lock of a plain
 * build, on a table that is new or attached by the one who adds it), attached.
 *
 * Each partition's index is named `<partition>_<index>` (`autogen_idx_<md5>` when that exceeds 63 bytes),
 * so that a rerun finds the one it left. A foreign-table partition gets none (PostgreSQL builds no index
 * on one): the check of step 3 then fails, as the plain `CREATE INDEX` would for a unique index.
 */
import type { CreatePartitionedIndexOp } from "../ops/operation";
import { nonTransactional, statement, withStatementGenerator, type CompiledStatement } from "./compiled-statement";
import { createIndexHead, indexDefinition } from "./compile-indexes";
import { portableStrings } from "./portable-strings";
import { quoteIdent, quoteLiteral, quoteQualified, quoteTable, regclassLiteral } from "./quote";

/**
 * The three statements of the file comment.
 * @example // createPartitionedIndex("events", { name: "events_kind_idx", keys: ["kind"] })
 * // CREATE INDEX IF NOT EXISTS "events_kind_idx" ON ONLY "public"."events" USING btree (kind)
 * // SELECT s.statement, ... FROM (WITH RECURSIVE tree ... ) ORDER BY ...   (each row run alone)
 * // DO $autogen_partitioned_index$ ... RAISE EXCEPTION 'index ... is not valid ...' ... $autogen_partitioned_index$
 */
export function compileCreatePartitionedIndex(op: CreatePartitionedIndexOp): CompiledStatement[] {
  const definition = indexDefinition(op, op.table, op.index);
  // IF NOT EXISTS: a rerun of the step finds it, invalid until the last partition is attached.
  const parent = statement(
    `${createIndexHead(op.index, false)} IF NOT EXISTS ${quoteIdent(op.index.name)} ON ONLY ${quoteTable(op.table)} ${definition}`,
  );
  const query = partitionStatementsQuery(op, definition);
  const generator = withStatementGenerator(
    nonTransactional(`SELECT g.statement, g.index_schema, g.index_name FROM (${query}) AS g ORDER BY g.sort`),
    { psql: portableStrings(`${PSQL_COMMENT}\nSELECT g.statement FROM (${query}) AS g ORDER BY g.sort\n\\gexec`) },
  );
  return [parent, generator, validityCheck(op)];
}

/** What the offline script says before the query psql runs the rows of. */
const PSQL_COMMENT =
  "-- psql runs each statement this query returns, one by one outside any transaction: the index of each partition\n" +
  "-- there is when it runs, built CONCURRENTLY and attached (a rerun does only what is left).";

/**
 * The statements still to run on the partitions, as rows `(sort, statement, index_schema, index_name)`:
 * the tree of partitions from `pg_inherits` (`path` is the oids from the table down), with for each
 * partition the index attached to its parent's index, or else the one its name says (`own`). A
 * sub-partitioned partition's `CREATE ... ON ONLY` sorts before its partitions' statements, its `ATTACH`
 * after them (`path || 0`, `path || 4294967295`).
 */
function partitionStatementsQuery(op: CreatePartitionedIndexOp, definition: string): string {
  const rootIndex = quoteLiteral(quoteQualified({ schema: op.table.schema, name: op.index.name }));
  const fullName = `c.relname || '_' || ${quoteLiteral(op.index.name)}`;
  const name = `CASE WHEN octet_length(${fullName}) <= 63 THEN ${fullName} ELSE 'autogen_idx_' || md5(${fullName}) END`;
  // format() templates: %1$I the index, %2$I.%3$I the partition; the definition's own % doubled.
  const escaped = portableStrings(definition).replace(/%/g, "%%");
  const template = (concurrently: boolean, only: boolean) =>
    quoteLiteral(`${createIndexHead(op.index, concurrently)} %1$I ON ${only ? "ONLY " : ""}%2$I.%3$I ${escaped}`);
  const leaf = template(true, false);
  const node = template(false, true);
  return [
    "WITH RECURSIVE tree (relid, relkind, nsp, rel, path, idx, idx_name, attached, own_valid, parent_nsp, parent_idx) AS (",
    "  SELECT c.oid, c.relkind, n.nspname, c.relname, ARRAY[]::oid[], x.oid, x.relname, true, NULL::boolean, NULL::name, NULL::name",
    "  FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace",
    `  LEFT JOIN pg_class x ON x.oid = to_regclass(${rootIndex})`,
    `  WHERE c.oid = ${regclassLiteral(op.table)}`,
    "  UNION ALL",
    "  SELECT c.oid, c.relkind, n.nspname, c.relname, t.path || c.oid, coalesce(a.oid, own.oid), coalesce(a.relname, nm.name)::name,",
    "    a.oid IS NOT NULL, own.valid, t.nsp, t.idx_name",
    "  FROM tree t",
    "  JOIN pg_inherits h ON h.inhparent = t.relid AND NOT h.inhdetachpending",
    "  JOIN pg_class c ON c.oid = h.inhrelid AND c.relkind IN ('r', 'p')",
    "  JOIN pg_namespace n ON n.oid = c.relnamespace",
    `  CROSS JOIN LATERAL (SELECT ${name} AS name) nm`,
    "  LEFT JOIN LATERAL (SELECT xc.oid, xc.relname FROM pg_inherits xh JOIN pg_index x ON x.indexrelid = xh.inhrelid",
    "    JOIN pg_class xc ON xc.oid = x.indexrelid WHERE xh.inhparent = t.idx AND x.indrelid = c.oid) a ON true",
    "  LEFT JOIN LATERAL (SELECT x.indexrelid AS oid, x.indisvalid AS valid FROM pg_index x",
    "    JOIN pg_class xc ON xc.oid = x.indexrelid WHERE x.indrelid = c.oid AND xc.relname = nm.name) own ON true",
    "  WHERE t.relkind = 'p'",
    ")",
    "SELECT t.path || s.step AS sort, s.statement, s.index_schema, s.index_name FROM tree t CROSS JOIN LATERAL (VALUES",
    `  (0::oid, CASE WHEN t.relkind = 'p' AND t.idx IS NULL THEN format(${node}, t.idx_name, t.nsp, t.rel) END, NULL::name, NULL::name),`,
    "  (1::oid, CASE WHEN t.relkind = 'r' AND NOT t.attached AND NOT t.own_valid THEN format('DROP INDEX CONCURRENTLY %I.%I', t.nsp, t.idx_name) END, NULL, NULL),",
    `  (2::oid, CASE WHEN t.relkind = 'r' AND NOT t.attached AND t.own_valid IS NOT TRUE THEN format(${leaf}, t.idx_name, t.nsp, t.rel) END, t.nsp, t.idx_name),`,
    "  (4294967295::oid, CASE WHEN NOT t.attached THEN format('ALTER INDEX %I.%I ATTACH PARTITION %I.%I', t.parent_nsp, t.parent_idx, t.nsp, t.idx_name) END, NULL, NULL)",
    ") AS s (step, statement, index_schema, index_name)",
    "WHERE s.statement IS NOT NULL",
  ].join("\n");
}

/** Fails, saying what to do, when the index is not valid once every partition's is attached. */
function validityCheck(op: CreatePartitionedIndexOp): CompiledStatement {
  const index = quoteQualified({ schema: op.table.schema, name: op.index.name });
  const body = [
    "BEGIN",
    `  IF NOT (SELECT i.indisvalid FROM pg_index i WHERE i.indexrelid = ${quoteLiteral(index)}::regclass) THEN`,
    `    RAISE EXCEPTION 'index % is not valid: some partition of % has no valid index attached to it', ${quoteLiteral(index)}, ${quoteLiteral(quoteTable(op.table))}`,
    "      USING HINT = 'run the step again (it builds what is missing); a foreign-table partition gets no index, and an invalid index attached by hand must be rebuilt by hand';",
    "  END IF;",
    "END",
  ].join("\n");
  return statement(`DO $autogen_partitioned_index$\n${body}\n$autogen_partitioned_index$`);
}
