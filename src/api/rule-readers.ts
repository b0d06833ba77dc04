/**
 * Generation's last check before anything is written: the views and rules the database has that read
 * what the operations change, and that the operations leave in place (src/compare/rule-readers.ts). The
 * upgrade is refused; the derived downgrade (a label appended is removed again by a rebuild that re-casts
 * the columns of the enum, a column widened is narrowed again) is warned about, since the upgrade runs.
 */
import { blockedChanges, changedObjects, refuseRuleReaders, ruleReaderBlockers } from "../compare/rule-readers";
import type { Queryable } from "../db/database";
import { readRuleReaders } from "../introspect/read-rule-readers";
import { invertAll } from "../ops/invert";
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

/**
 * A warning (without the `WARNING: ` its printer puts before it) when the downgrade of `operations` retypes or drops what a view, materialized view or rule the
 * comparison leaves out reads (read from `db` before the upgrade, which leaves such an object in place):
 * PostgreSQL will refuse the downgrade there, and its transaction is rolled back. Reads the database only
 * when the downgrade makes such a change.
 */
export async function downgradeRuleReaderWarnings(db: Queryable, operations: readonly Operation[]): Promise<string[]> {
  const downgrade = invertAll(operations);
  const changes = blockedChanges(downgrade);
  if (changes.length === 0) return [];
  const blockers = ruleReaderBlockers(downgrade, changes, await readRuleReaders(db, changedObjects(changes)), "the downgrade");
  if (blockers.length === 0) return [];
  const [them, those] = blockers.length > 1 ? ["them", "those objects"] : ["it", "that object"];
  return [
    `The downgrade cannot run as generated: ${blockers.join("; and ")}. PostgreSQL refuses to change or drop what a view or ` +
      `rule reads, and this comparison leaves ${those} out (exclude, a schema it does not compare, or a kind it does not ` +
      `manage): the downgrade will fail there and be rolled back. Drop ${them} before, and create ${them} again after, in ` +
      `the downgrade (op.execute), or bring ${them} into the comparison.`,
  ];
}
