/**
 * `autogen check --fail-on destructive,unsafe`: a gate for CI and deployments. It classifies what would
 * change the database next:
 * - when the database is behind the migration heads: the migrations not applied yet (what
 *   `autogen upgrade head` would run) — the entities are then not compared;
 * - otherwise: the operations autogenerate finds (what `autogen -m` would write).
 * `destructive`: an operation that can lose data (the `// DESTRUCTIVE` markers); `unsafe`: an
 * `autogen lint` finding (warning or error) about locks.
 */
import { UsageError } from "../errors";
import type { Operation } from "../ops/operation";
import { destructiveReason } from "../ops/destructive";
import { recordingOps } from "../ops/recording-ops";
import { factsWithoutViews, leaveViews, lintMigration, lintOperations } from "../lint/lint-migration";
import { readDatabaseFacts } from "../lint/database-facts";
import { planUpgrade } from "../revision/plan";
import { DEFAULT_VERSION_TABLE_CONFIG, readHeads } from "../runner/version-table";
import type { Project } from "./project";
import { loadScripts } from "./scripts";

export type FailOnClass = "destructive" | "unsafe";

export class FailOnUsageError extends UsageError {
  constructor(readonly value: string) {
    super(`--fail-on takes a comma-separated list of destructive and unsafe, got "${value}".`);
  }
}

export function parseFailOn(value: string): FailOnClass[] {
  const classes = value.split(",").map((s) => s.trim()).filter(Boolean);
  if (classes.length === 0 || classes.some((c) => c !== "destructive" && c !== "unsafe")) throw new FailOnUsageError(value);
  return classes as FailOnClass[];
}

export interface GateHazard {
  readonly class: FailOnClass;
  /** The migration it is in, or null for operations autogenerate found. */
  readonly revision: string | null;
  readonly description: string;
}

/** The database heads when it is behind the scripts' heads, else null (then the usual check runs). */
export async function pendingGate(project: Project, classes: readonly FailOnClass[]): Promise<{ pending: string[]; hazards: GateHazard[] } | null> {
  const scripts = await loadScripts(project.config);
  const db = await project.connect();
  try {
    const heads = await readHeads(db, DEFAULT_VERSION_TABLE_CONFIG);
    const target = scripts.graph.heads.map((h) => h.id);
    if (heads.length === target.length && target.every((h) => heads.includes(h))) return null;
    const plan = planUpgrade(scripts.graph, heads, "heads");
    const facts = classes.includes("unsafe") ? await readDatabaseFacts(db) : null;
    const hazards: GateHazard[] = [];
    // The views the pending revisions before this one leave dropped (a migration cut in parts).
    const dropped = new Set<string>();
    for (const step of plan.steps) {
      const module = scripts.modules.get(step.revision.id)!;
      if (classes.includes("destructive")) {
        const op = recordingOps();
        await Promise.resolve(module.upgrade(op)).catch(() => undefined);
        for (const reason of op.operations.map(destructiveReason)) {
          if (reason !== null) hazards.push({ class: "destructive", revision: step.revision.id, description: reason });
        }
      }
      if (classes.includes("unsafe")) {
        const { findings, views } = await lintMigration(module, {
          rules: project.config.lint.rules,
          rowThreshold: project.config.lint.rowThreshold,
          database: factsWithoutViews(facts, dropped),
        });
        leaveViews(dropped, views);
        for (const f of findings) hazards.push({ class: "unsafe", revision: step.revision.id, description: `${f.rule}${f.line === null ? "" : ` (line ${f.line})`}: ${f.why}` });
      }
    }
    return { pending: plan.steps.map((s) => s.revision.id), hazards };
  } finally {
    await db.close();
  }
}

/** The hazards among operations autogenerate found. */
export async function operationsGate(project: Project, operations: readonly Operation[], classes: readonly FailOnClass[]): Promise<GateHazard[]> {
  const hazards: GateHazard[] = [];
  if (classes.includes("destructive")) {
    for (const reason of operations.map(destructiveReason)) if (reason !== null) hazards.push({ class: "destructive", revision: null, description: reason });
  }
  if (classes.includes("unsafe")) {
    for (const f of await lintOperations(operations, { rules: project.config.lint.rules })) {
      hazards.push({ class: "unsafe", revision: null, description: `${f.rule}: ${f.why}` });
    }
  }
  return hazards;
}
