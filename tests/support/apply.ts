/**
 * Applies operations to a database by compiling them to SQL (what the runner does for a migration),
 * outside the runner so that stage tests do not depend on it.
 */
import { Client } from "pg";
import { compileOperations } from "../../src/sql/compile";
import type { Operation } from "../../src/ops/operation";

export async function applyOperations(url: string, ops: readonly Operation[]): Promise<void> {
  await applyStages(url, [ops]);
}

/**
 * Applies consecutive parts of a migration (the revisions a cut migration is written as), each in its own
 * transactions, on one session as the runner applies revisions: what one part keeps in a session setting
 * (a view's owner, `keepOwner`) the next one reads.
 */
export async function applyStages(url: string, stages: readonly (readonly Operation[])[]): Promise<void> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    for (const ops of stages) await applyOn(client, ops);
  } finally {
    await client.end();
  }
}

async function applyOn(client: Client, ops: readonly Operation[]): Promise<void> {
  try {
    const statements = compileOperations(ops);
    let inTransaction = false;
    for (const statement of statements) {
      if (statement.transactional && !inTransaction) {
        await client.query("BEGIN");
        inTransaction = true;
      } else if (!statement.transactional && inTransaction) {
        await client.query("COMMIT");
        inTransaction = false;
      }
      try {
        await client.query(statement.sql, statement.params as unknown[] | undefined);
      } catch (error) {
        throw new Error(`${(error as Error).message}\nwhile running: ${statement.sql}`);
      }
    }
    if (inTransaction) await client.query("COMMIT");
  } catch (error) {
    await client.query("ROLLBACK").catch(() => undefined);
    throw error;
  }
}
