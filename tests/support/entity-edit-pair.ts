/**
 * The oracle for one entity edit (tests/e2e/entities/<before> -> <after>), on the suite's PostgreSQL:
 * the "before" entities' migration from an empty database, rows inserted (`seed`), then the migration to
 * the "after" entities. Each step's outcome is returned rather than asserted, so that a test states what
 * it expects of each (and a hunt can print them all): the schema after the upgrade and after the derived
 * downgrade, each next to synchronize()'s of the same entities, and what a second autogenerate finds.
 */
import { invertAll } from "../../src/ops/invert";
import { enumLabelStages } from "../../src/ops/enum-label-stages";
import type { Operation } from "../../src/ops/operation";
import { answeredRenames, parseRenameAnswers } from "../../src/api/rename-answers";
import { createTestDatabase, type TestDatabase } from "./test-db";
import { pgDumpAsync } from "./pg-dump";
import { applyOperations, applyStages } from "./apply";
import { SYNC_DUMP, autogenerate, synchronized } from "./entity-versions";

export interface EditPairOptions {
  /** Schemas synchronize() of the "after" entities (`beforeSchemas`: of the "before" ones) needs first: it creates none. */
  readonly schemas?: readonly string[];
  readonly beforeSchemas?: readonly string[];
  /** SQL run on the target once the "before" migration is applied. */
  readonly seed?: readonly string[];
  /**
   * The `--rename` and `--no-rename` answers, as `autogen -m` takes them; a possible rename they leave
   * open makes the comparison throw (as `-m` without a terminal stops).
   */
  readonly renames?: readonly string[];
  readonly noRenames?: readonly string[];
}

export interface EditPairResult {
  /** The target, holding the "after" schema (or what the failed upgrade left); dropped by `drop()`. */
  readonly target: TestDatabase;
  /** pg_dump of the target after the "before" migration, and of synchronize(before). */
  readonly initial: { readonly dump: string; readonly sync: string };
  readonly edit: { readonly operations: readonly Operation[]; readonly log: readonly string[]; readonly warnings: readonly string[] };
  /** The upgrade's error, if PostgreSQL refused it. */
  readonly upgradeError: string | null;
  /** pg_dump of the target after the upgrade, and of synchronize(after). */
  readonly upgraded: { readonly dump: string; readonly sync: string };
  /** What autogenerate finds after the upgrade. */
  readonly second: readonly Operation[];
  /** Runs the derived downgrade: its error, or the target's dump after it (to compare with `initial.dump`). */
  downgrade(): Promise<{ readonly error: string | null; readonly dump: string }>;
  drop(): Promise<void>;
}

export async function runEditPair(before: string, after: string, options: EditPairOptions = {}): Promise<EditPairResult> {
  const target = await createTestDatabase("pair");
  const [syncBefore, syncAfter] = await Promise.all([synchronized(before, options.beforeSchemas), synchronized(after, options.schemas)]);
  const dbs = [target, syncBefore, syncAfter];
  try {
    await applyOperations(target.url, (await autogenerate(before, target.url)).operations);
    const [dump, sync] = await Promise.all([pgDumpAsync(target.url, SYNC_DUMP), pgDumpAsync(syncBefore.url, SYNC_DUMP)]);
    const initial = { dump, sync };
    for (const sql of options.seed ?? []) await target.query(sql);
    const edit = await autogenerate(after, target.url, answeredRenames(parseRenameAnswers(options.renames, options.noRenames)));
    const upgradeError = await applyInStages(target.url, edit.operations).then(
      () => null,
      (error: Error) => error.message,
    );
    const [upgradedDump, upgradedSync] = await Promise.all([pgDumpAsync(target.url, SYNC_DUMP), pgDumpAsync(syncAfter.url, SYNC_DUMP)]);
    const upgraded = { dump: upgradedDump, sync: upgradedSync };
    const second = upgradeError === null ? (await autogenerate(after, target.url)).operations : [];
    await Promise.all([syncBefore.drop(), syncAfter.drop()]);
    return {
      target,
      initial,
      edit,
      upgradeError,
      upgraded,
      second,
      async downgrade() {
        const error = await downgradeInStages(target.url, edit.operations).then(
          () => null,
          (e: Error) => e.message,
        );
        return { error, dump: await pgDumpAsync(target.url, SYNC_DUMP) };
      },
      drop: () => target.drop(),
    };
  } catch (error) {
    for (const db of dbs) await db.drop().catch(() => undefined);
    throw error;
  }
}

/**
 * The upgrade as a revision runs it: cut where a transaction would use an enum label it added
 * (`enumLabelStages`, one revision per part), each part in its own transaction, on one session.
 */
async function applyInStages(url: string, ops: readonly Operation[]): Promise<void> {
  await applyStages(url, enumLabelStages(ops).map((stage) => stage.operations));
}

/** The derived downgrade of `applyInStages`: each part's inverse, last part first. */
async function downgradeInStages(url: string, ops: readonly Operation[]): Promise<void> {
  await applyStages(url, enumLabelStages(ops).reverse().map((stage) => invertAll(stage.operations)));
}

/**
 * A dump's statements sorted, with the sequences `renamed` (old name -> the name synchronize() gives)
 * renamed: a renamed table's serial sequence keeps its name by design (README, on serial sequences), and
 * pg_dump orders by name.
 */
export function statementsWithSequencesRenamed(dump: string, renamed: Readonly<Record<string, string>> = {}): string[] {
  let text = dump;
  for (const [kept, fresh] of Object.entries(renamed)) text = text.replaceAll(kept, fresh);
  return text.split(/;\n/).sort();
}
