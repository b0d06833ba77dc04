/**
 * Applies operations to a database by compiling them to SQL (what the runner does for a migration),
 * outside the runner so that stage tests do not depend on it.
 */
import { Client, type ClientBase } from "pg";
import { compileOperations } from "../../src/sql/compile";
import type { Operation } from "../../src/ops/operation";

/** `on` is a database's URL (a session of its own, closed afterwards) or a session to run them on, left open. */
export async function applyOperations(on: string | ClientBase, ops: readonly Operation[]): Promise<void> {
  await applyStages(on, [ops]);
}

/**
 * Applies consecutive parts of a migration (the revisions a cut migration is written as), each in its own
 * transactions, on one session as the runner applies revisions: what one part keeps in a session setting
 * (a view's owner, `keepOwner`) the next one reads. `on` as for `applyOperations`.
 */
export async function applyStages(on: string | ClientBase, stages: readonly (readonly Operation[])[]): Promise<void> {
  const client = typeof on === "string" ? new Client({ connectionString: on }) : on;
  if (typeof on === "string") await client.connect();
  try {
    for (const ops of stages) await applyOn(client, ops);
  } finally {
    if (typeof on === "string") await (client as Client).end();
  }
}

async function applyOn(client: ClientBase, ops: readonly Operation[]): Promise<void> {
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
