/**
 * Generation's last check before anything is written: the views and rules the database has that read
 * what the operations change, and that the operations leave in place (src/compare/rule-readers.ts).
 */
import { blockedChanges, changedObjects, refuseRuleReaders } from "../compare/rule-readers";
import type { Queryable } from "../db/database";
import { readRuleReaders } from "../introspect/read-rule-readers";
import type { Operation } from "../ops/operation";

/**
 * Refuses `operations`, to be run on `db`, when a view, materialized view or rule they leave in place
 * reads a column they retype or drop, or a table, view or type they drop (or rebuild). Reads the
 * database only when the operations make such a change.
 * @throws RuleReaderError naming each such object and what the migration does to what it reads
 */
export async function refuseUnmodelledRuleReaders(db: Queryable, operations: readonly Operation[]): Promise<void> {
  const changes = blockedChanges(operations);
  if (changes.length === 0) return;
  refuseRuleReaders(operations, changes, await readRuleReaders(db, changedObjects(changes)));
}
