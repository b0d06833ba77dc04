/**
 * The online side of a `StatementGenerator` (src/sql/compiled-statement.ts), the statements of an op that
 * depend on what the database holds when it runs (`createPartitionedIndex`): its query, then each
 * statement the query returned, alone outside any transaction, then the query again, until it returns
 * no row (a partition attached meanwhile is then seen too). A `CREATE INDEX CONCURRENTLY` among them is
 * marked with its index, so that a retry after a lock timeout drops the invalid index the attempt left
 * (`concurrent-index.ts`). A pass that returns the same statements as the one before changed nothing: an
 * error, not an endless loop.
 */
import { AutogenError } from "../errors";
import { nonTransactional, withConcurrentIndex, type CompiledStatement } from "../sql/compiled-statement";

/** One row of a generator's query. */
export interface GeneratedRow {
  readonly statement: string;
  readonly index_schema: string | null;
  readonly index_name: string | null;
}

/** The generator's statements ran and left what its query reads unchanged: the same statements again. */
export class GeneratorNoProgressError extends AutogenError {
  constructor(readonly statements: readonly string[]) {
    super(
      `These statements ran without changing what they were generated from, so they would run again forever:\n` +
        `${statements.map((s) => `  ${s};`).join("\n")}\nSomething else (a trigger on DDL, a concurrent session) undoes them: find it, then run again.`,
    );
  }
}

/**
 * Runs `generator`'s query with `query` and each statement it returns with `execute`, pass after pass.
 * @example await runGenerated(generator, (sql) => session.db.query(sql), execute)
 */
export async function runGenerated(
  generator: CompiledStatement,
  query: (sql: string) => Promise<readonly GeneratedRow[]>,
  execute: (statement: CompiledStatement) => Promise<void>,
): Promise<void> {
  let previous: string | null = null;
  for (;;) {
    const rows = await query(generator.sql);
    if (rows.length === 0) return;
    const pass = rows.map((row) => row.statement);
    if (pass.join(";\n") === previous) throw new GeneratorNoProgressError(pass);
    previous = pass.join(";\n");
    for (const row of rows) await execute(generatedStatement(row));
  }
}

function generatedStatement(row: GeneratedRow): CompiledStatement {
  const statement = nonTransactional(row.statement);
  if (row.index_schema === null || row.index_name === null) return statement;
  return withConcurrentIndex(statement, { schema: row.index_schema, name: row.index_name, action: "create" });
}
