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
 * An index found under the name the op would give (the table's, before step 1, or a partition's) is taken
 * for the op's only when it is: an index on that table, not attached to another index, of the same
 * definition (PostgreSQL's `pg_get_indexdef` with the index's and the table's names left out; the table's
 * compared with the same index built on an empty copy of the table, the partitions' with the table's),
 * and, on the table, valid unless partitioned (a plain index there is never built concurrently by the op).
 * Anything else (an index someone made under that name, a leftover of an edited migration) is left as it
 * is, and the op stops before building anything, naming the index, its table, and both definitions.
 * A partition created or attached after step 1 gets its index from PostgreSQL itself, within that
 * `CREATE TABLE ... PARTITION OF` or `ATTACH PARTITION`: a plain build, holding `ACCESS EXCLUSIVE` on the
 * new partition (not yet read or written through the table) and `SHARE UPDATE EXCLUSIVE` on the table
 * (which lets its reads and writes through) until it ends; or the matching valid index the table being
 * attached already has, which whoever attaches a large table builds on it `CONCURRENTLY` first. A table
 * attached to a sub-partitioned partition before the step created that one's index gets none: the
 * runner's next pass of the query builds it concurrently (psql runs the query once: the check of step 3
 * then fails, and a rerun builds it).
 *
 * Each partition's index is named `<partition>_<index>` (`autogen_idx_<md5>` when that exceeds 63 bytes),
 * so that a rerun finds the one it left. A foreign-table partition gets none (PostgreSQL builds no index
 * on one): the check of step 3 then fails, as the plain `CREATE INDEX` would for a unique index.
 */
import type { CreatePartitionedIndexOp } from "../ops/operation";
import { nonTransactional, statement, withStatementGenerator, type CompiledStatement } from "./compiled-statement";
import { createIndexHead, indexDefinition, indexStatisticsStatements } from "./compile-indexes";
import { portableStrings } from "./portable-strings";
import { quoteIdent, quoteLiteral, quoteQualified, quoteTable, regclassLiteral } from "./quote";

/**
 * The three statements of the file comment, after the check of an index already under the table's index name.
 * @example // createPartitionedIndex("events", { name: "events_kind_idx", keys: ["kind"] })
 * // DO $autogen_partitioned_index$ ... (an "events_kind_idx" there already: the same index, or an error) ...
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
  // Set on the parent index, statistics targets reach its partitions' indexes too.
  return [existingIndexCheck(op, definition), parent, generator, validityCheck(op), ...indexStatisticsStatements(op.table, op.index)];
}

/** What to do when an index found under the op's name is not the op's. */
const NOT_OURS_HINT =
  "drop or rename that index (or give the migration's index another name), then run the step again: the index found is left as it is";

/**
 * Fails, naming both definitions, when the table's index name is taken by anything but the op's index: a
 * relation that is no index on the table, a plain index left invalid, or an index of another definition,
 * which is compared with the op's built on an empty copy of the table (`LIKE`: the same columns, types
 * and collations; no lock on the table but `ACCESS SHARE`), dropped at once.
 */
function existingIndexCheck(op: CreatePartitionedIndexOp, definition: string): CompiledStatement {
  const index = quoteLiteral(quoteQualified({ schema: op.table.schema, name: op.index.name }));
  const table = quoteTable(op.table);
  const head =
    `${quoteLiteral(`${createIndexHead(op.index, false)} `)} || quote_ident(${quoteLiteral(op.index.name)}) || ' ON ONLY ' || ` +
    `quote_ident(${quoteLiteral(op.table.schema)}) || '.' || quote_ident(${quoteLiteral(op.table.name)})`;
  const body = [
    "DECLARE",
    `  found oid := to_regclass(${index});`,
    "  wanted text;",
    "  reason text;",
    "BEGIN",
    "  IF found IS NULL THEN RETURN; END IF;",
    `  CREATE TEMP TABLE autogen_index_probe (LIKE ${table});`,
    `  ${createIndexHead(op.index, false)} autogen_index_probe_idx ON autogen_index_probe ${portableStrings(definition)};`,
    `  wanted := ${indexTail("'autogen_index_probe_idx'::regclass")};`,
    "  reason := (SELECT CASE",
    `      WHEN x.indrelid IS DISTINCT FROM ${regclassLiteral(op.table)} THEN 'it is not an index on that table'`,
    "      WHEN NOT x.indisvalid AND c.relkind = 'i' THEN 'it is INVALID'",
    `      WHEN x.indisunique <> ${op.index.unique} OR ${indexTail("found")} <> wanted THEN 'its definition is another'`,
    "    END FROM pg_class c LEFT JOIN pg_index x ON x.indexrelid = c.oid WHERE c.oid = found);",
    "  IF reason IS NOT NULL THEN",
    "    RAISE EXCEPTION USING",
    "      MESSAGE = format(E'%s already exists and is not the index this step builds on %s: %s\\n  it is:  %s\\n  wanted: %s',",
    `        ${index}, ${quoteLiteral(table)}, reason, coalesce(pg_get_indexdef(found), 'not an index'), ${head} || wanted),`,
    `      HINT = ${quoteLiteral(NOT_OURS_HINT)};`,
    "  END IF;",
    "  DROP TABLE autogen_index_probe;",
    "END",
  ].join("\n");
  return statement(`DO $autogen_partitioned_index$\n${body}\n$autogen_partitioned_index$`);
}

/**
 * What `pg_get_indexdef` prints for the index `oid` after its name and its table (`ON [ONLY] schema.table`):
 * ` USING method (keys) ...`, the same for the same index on any table with the same columns. A table of
 * the session's temporary schema prints as `pg_temp.table` on some versions, `pg_temp_N.table` on others.
 */
function indexTail(oid: string): string {
  const head = "'CREATE ' || CASE WHEN ti.indisunique THEN 'UNIQUE ' ELSE '' END || 'INDEX ' || quote_ident(tic.relname) || ' ON '";
  const rest = `substr(pg_get_indexdef(ti.indexrelid), length(${head}) + 1)`;
  const schema = "CASE WHEN left(r.rest, length(quote_ident(tn.nspname)) + 1) = quote_ident(tn.nspname) || '.' THEN quote_ident(tn.nspname) ELSE 'pg_temp' END";
  return (
    `(SELECT substr(r.rest, length(${schema} || '.' || quote_ident(tt.relname)) + 1) ` +
    "FROM pg_index ti JOIN pg_class tic ON tic.oid = ti.indexrelid JOIN pg_class tt ON tt.oid = ti.indrelid JOIN pg_namespace tn ON tn.oid = tt.relnamespace " +
    `CROSS JOIN LATERAL (SELECT regexp_replace(${rest}, '^ONLY ', '') AS rest) r WHERE ti.indexrelid = ${oid})`
  );
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
 * after them (`path || 0`, `path || 4294967295`). When the name says a relation that is not the
 * partition's index of the table's (`root`; `refusal` says why), the only row is a `DO` block that fails
 * saying so for each, so that nothing is built, dropped or attached.
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
    "WITH RECURSIVE root AS (",
    `  SELECT x.indisunique AS is_unique, ${indexTail("x.indexrelid")} AS tail FROM pg_index x WHERE x.indexrelid = to_regclass(${rootIndex})`,
    "), tree (relid, relkind, nsp, rel, path, idx, idx_name, attached, own_valid, parent_nsp, parent_idx, refusal) AS (",
    "  SELECT c.oid, c.relkind, n.nspname, c.relname, ARRAY[]::oid[], x.oid, x.relname, true, NULL::boolean, NULL::name, NULL::name, NULL::text",
    "  FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace",
    `  LEFT JOIN pg_class x ON x.oid = to_regclass(${rootIndex})`,
    `  WHERE c.oid = ${regclassLiteral(op.table)}`,
    "  UNION ALL",
    "  SELECT c.oid, c.relkind, n.nspname, c.relname, t.path || c.oid, coalesce(a.oid, own.oid), coalesce(a.relname, nm.name)::name,",
    "    a.oid IS NOT NULL, own.valid, t.nsp, t.idx_name, own.refusal COLLATE \"default\"",
    "  FROM tree t",
    "  JOIN pg_inherits h ON h.inhparent = t.relid AND NOT h.inhdetachpending",
    "  JOIN pg_class c ON c.oid = h.inhrelid AND c.relkind IN ('r', 'p')",
    "  JOIN pg_namespace n ON n.oid = c.relnamespace",
    `  CROSS JOIN LATERAL (SELECT ${name} AS name) nm`,
    "  LEFT JOIN LATERAL (SELECT xc.oid, xc.relname FROM pg_inherits xh JOIN pg_index x ON x.indexrelid = xh.inhrelid",
    "    JOIN pg_class xc ON xc.oid = x.indexrelid WHERE xh.inhparent = t.idx AND x.indrelid = c.oid) a ON true",
    `  LEFT JOIN LATERAL (${ownIndex()}) own ON a.oid IS NULL`,
    "  WHERE t.relkind = 'p'",
    ")",
    "SELECT t.path || s.step AS sort, s.statement, s.index_schema, s.index_name FROM tree t CROSS JOIN LATERAL (VALUES",
    `  (0::oid, CASE WHEN t.relkind = 'p' AND t.idx IS NULL THEN format(${node}, t.idx_name, t.nsp, t.rel) END, NULL::name, NULL::name),`,
    "  (1::oid, CASE WHEN t.relkind = 'r' AND NOT t.attached AND NOT t.own_valid THEN format('DROP INDEX CONCURRENTLY %I.%I', t.nsp, t.idx_name) END, NULL, NULL),",
    `  (2::oid, CASE WHEN t.relkind = 'r' AND NOT t.attached AND t.own_valid IS NOT TRUE THEN format(${leaf}, t.idx_name, t.nsp, t.rel) END, t.nsp, t.idx_name),`,
    "  (4294967295::oid, CASE WHEN NOT t.attached THEN format('ALTER INDEX %I.%I ATTACH PARTITION %I.%I', t.parent_nsp, t.parent_idx, t.nsp, t.idx_name) END, NULL, NULL)",
    ") AS s (step, statement, index_schema, index_name)",
    "WHERE s.statement IS NOT NULL AND NOT EXISTS (SELECT FROM tree WHERE tree.refusal IS NOT NULL)",
    "UNION ALL",
    "SELECT ARRAY[]::oid[], format('DO $autogen_partitioned_index$BEGIN RAISE EXCEPTION USING MESSAGE = %L, HINT = %L; END $autogen_partitioned_index$',",
    `  ${quoteLiteral(`index ${quoteQualified({ schema: op.table.schema, name: op.index.name })} on ${quoteTable(op.table)}: the name this step gives the index of a partition is taken there by another relation, left as it is:`)}`,
    `    || string_agg(chr(10) || refusal, '' ORDER BY path), ${quoteLiteral(NOT_OURS_HINT)}), NULL, NULL`,
    "FROM tree HAVING count(refusal) > 0",
  ].join("\n");
}

/**
 * The relation named as the partition's index would be (`nm.name`, in the partition's schema), with why
 * it cannot be taken for it (`refusal`: another table's, attached to another index, another definition
 * than the table's `root` index: PostgreSQL would refuse to attach it), or no `refusal` when it can. An
 * invalid one of the same definition is dropped and built again: a failed concurrent build leaves one.
 */
function ownIndex(): string {
  const wanted =
    "CASE WHEN root.is_unique THEN 'CREATE UNIQUE INDEX ' ELSE 'CREATE INDEX ' END || quote_ident(nm.name) || ' ON ' || " +
    "CASE WHEN c.relkind = 'p' THEN 'ONLY ' ELSE '' END || quote_ident(n.nspname) || '.' || quote_ident(c.relname) || root.tail";
  const reason = [
    "CASE WHEN x.indrelid IS DISTINCT FROM c.oid THEN 'it is not an index on that table'",
    "      WHEN xc.relispartition THEN 'it is attached to another index'",
    `      WHEN x.indisunique <> root.is_unique OR ${indexTail("xc.oid")} <> root.tail THEN 'its definition is another' END`,
  ].join("\n");
  return [
    "SELECT y.oid, y.valid, CASE WHEN y.reason IS NOT NULL THEN",
    `      format(E'  %I.%I on %I.%I: %s\\n    it is:  %s\\n    wanted: %s', n.nspname, nm.name, n.nspname, c.relname, y.reason, coalesce(y.def, 'not an index'), ${wanted})`,
    "    END AS refusal",
    "    FROM root, LATERAL (SELECT xc.oid, x.indisvalid AS valid, pg_get_indexdef(x.indexrelid) AS def,",
    `      ${reason} AS reason`,
    "      FROM pg_class xc LEFT JOIN pg_index x ON x.indexrelid = xc.oid WHERE xc.relnamespace = c.relnamespace AND xc.relname = nm.name) y",
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
