/**
 * The markers of a new migration as the terminal shows them: every hazard of the upgrade, and those of the
 * downgrade except its drops of what the upgrade creates (every downgrade has those; the file marks them).
 */
import { migrationHazards, type Hazard } from "../ops/hazards";
import { invertAll } from "../ops/invert";
import type { Operation } from "../ops/operation";

export interface MigrationHazards {
  readonly upgrade: readonly Hazard[];
  readonly downgrade: readonly Hazard[];
}

/** The hazards of the upgrade `operations` and of their downgrade, in the order they run. */
export function hazardsOf(operations: readonly Operation[]): MigrationHazards {
  const downgradeOps = invertAll(operations);
  const downgrade = migrationHazards(downgradeOps).flatMap((hazards, i) =>
    hazards.filter((h) => !(h.level === "destructive" && undoesCreation(downgradeOps[i]!))),
  );
  return { upgrade: migrationHazards(operations).flat(), downgrade };
}

/** One warning line per hazard. */
export function hazardWarnings(hazards: MigrationHazards): string[] {
  const line = (h: Hazard) => `${h.level === "destructive" ? "destructive change: " : ""}${h.reason}`;
  return [
    ...hazards.upgrade.map((h) => `WARNING: ${line(h)}. Review the migration before applying it.`),
    ...hazards.downgrade.map((h) => `WARNING: in the downgrade: ${line(h)}.`),
  ];
}

function undoesCreation(op: Operation): boolean {
  return ["dropTable", "dropColumn", "dropSequence", "dropEnum", "dropSchema"].includes(op.kind);
}
