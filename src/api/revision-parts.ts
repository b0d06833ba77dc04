/**
 * The revisions one autogenerate writes: one, or several consecutive ones when its migration uses an enum
 * label that it adds (see src/ops/enum-label-stages.ts). Each part is a revision of its own, with its own
 * transaction, so that a label is committed (and the version table says so) before a part uses it; the
 * cut is explained in comments at the top of each part's `upgrade()` and `downgrade()`.
 */
import { displayName } from "../compare/display";
import type { EnumLabelHazard, MigrationStage } from "../ops/enum-label-stages";
import type { Operation } from "../ops/operation";
import { newRevisionId } from "../render/revision-id";

/** One revision to write. */
export interface RevisionPart {
  readonly revision: string;
  readonly parents: readonly string[];
  readonly message: string;
  readonly operations: readonly Operation[];
  readonly upgradeNotes: readonly string[];
  readonly downgradeNotes: readonly string[];
  /** Only the first part carries the branch labels and dependencies given. */
  readonly first: boolean;
}

/**
 * The parts of a revision from the stages of its operations. The last part gets `revision` (the id asked
 * for with `--rev-id`, the head the command leaves), the others new ids.
 * @example
 * planRevisionParts([stage], { message: "add state", revision: "b2", parents: ["a1"] })
 * // => [{ revision: "b2", parents: ["a1"], message: "add state", ... }]
 */
export function planRevisionParts(
  stages: readonly MigrationStage[],
  options: { readonly message: string; readonly revision: string; readonly parents: readonly string[] },
): RevisionPart[] {
  const n = stages.length;
  const ids = stages.map((_, i) => (i === n - 1 ? options.revision : newRevisionId()));
  return stages.map((stage, i) => {
    const upgradeNotes: string[] = [];
    const downgradeNotes: string[] = [];
    const part = `Part ${i + 1} of ${n} of "${options.message}"`;
    if (n > 1) upgradeNotes.push(`${part}: PostgreSQL refuses to use an enum label in the transaction that adds it, so this migration is cut into ${n} revisions, each with its own transaction. If one fails, it is rolled back whole and the database stays at the last part that succeeded, as the version table says; fix the failing part and run the upgrade again.`);
    for (const hazard of stage.cutBecause) {
      const next = ids[i + 1]!;
      if (hazard.direction === "upgrade") upgradeNotes.push(`Adds ${describeLabels(hazard)}: revision ${next} uses ${them(hazard)} once this one is committed.`);
      else downgradeNotes.push(`This downgrade uses ${describeLabels(hazard)}, which the downgrade of revision ${next} adds back and commits first.`);
    }
    const previous = i === 0 ? [] : stages[i - 1]!.cutBecause;
    for (const hazard of previous) {
      const before = ids[i - 1]!;
      if (hazard.direction === "upgrade") upgradeNotes.push(`Uses ${describeLabels(hazard)}, added and committed by revision ${before}.`);
      else downgradeNotes.push(`Adds back ${describeLabels(hazard)}, committed here before the downgrade of revision ${before} uses ${them(hazard)}.`);
    }
    return {
      revision: ids[i]!,
      parents: i === 0 ? options.parents : [ids[i - 1]!],
      message: n === 1 ? options.message : `part ${i + 1} of ${n}: ${options.message}`,
      operations: stage.operations,
      upgradeNotes,
      downgradeNotes,
      first: i === 0,
    };
  });
}

function describeLabels(hazard: EnumLabelHazard): string {
  const labels = hazard.labels.map((label) => `'${label}'`).join(", ");
  return `the ${hazard.labels.length === 1 ? "label" : "labels"} ${labels} of enum ${displayName(hazard.enum)}`;
}

function them(hazard: EnumLabelHazard): string {
  return hazard.labels.length === 1 ? "it" : "them";
}
