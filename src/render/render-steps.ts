/**
 * The body of a lock-safe migration: one `await op.step(...)` per step, with a comment saying that the
 * migration runs in several transactions and resumes after a failure. A single transactional step is
 * written as a plain body (it needs no step).
 */
import type { SafeStep } from "../safe/safe-form";
import { jsString } from "./js-literal";
import type { RenderContext } from "./render-operation";
import { renderOperation } from "./render-operation";
import { migrationHazards } from "../ops/hazards";
import { wrapComment } from "./comment-text";

const INDENT = "  ";

/** The `timeouts` export of a lock-safe migration, with its comment. */
export function renderTimeoutsExport(timeouts: { readonly lockTimeout: string; readonly statementTimeout: string }): string {
  return [
    "/**",
    ` * Lock-safe form (autogen -m --safe): no statement waits more than ${timeouts.lockTimeout} for a lock (the runner retries`,
    ` * it later, naming the session in the way), and none runs longer than ${timeouts.statementTimeout}.`,
    " */",
    `export const timeouts = { lockTimeout: ${jsString(timeouts.lockTimeout)}, statementTimeout: ${jsString(timeouts.statementTimeout)} };`,
  ].join("\n");
}

/**
 * The body of `upgrade` or `downgrade` for steps; indented like `renderBody`, with the same notes first
 * and the same hazard markers on each operation (computed over the steps' operations in the order they run).
 */
export function renderStepsBody(steps: readonly SafeStep[], ctx: RenderContext = {}, notes: readonly string[] = []): string {
  if (steps.length === 0) return `${INDENT}// No changes.`;
  const hazards = ctx.destructiveReason || ctx.hazards ? null : migrationHazards(steps.flatMap((step) => step.operations));
  let position = 0;
  const body = (ops: SafeStep["operations"]) =>
    ops.map((op) => renderOperation(op, hazards ? { ...ctx, hazards: hazards[position++] } : ctx)).join("\n");
  let lines: string;
  if (steps.length === 1 && steps[0]!.transactional) {
    lines = body(steps[0]!.operations);
  } else {
    const alone = steps.filter((s) => !s.transactional).length;
    const header = [
      steps.length === 1
        ? "// Runs in 1 step, outside any transaction."
        : `// Runs in ${steps.length} steps, each committed on its own${alone > 0 ? ` (${alone} outside any transaction)` : ""}.`,
      "// The runner records every completed step: after a failure, fix the cause and run the same command",
      "// again; it resumes at the first step not completed.",
    ];
    const calls = steps.map((step) => {
      const inner = body(step.operations)
        .split("\n")
        .map((line) => INDENT + line)
        .join("\n");
      const options = step.transactional ? "" : "{ transaction: false }, ";
      return `await op.step(${jsString(step.name)}, ${options}async () => {\n${inner}\n});`;
    });
    lines = [...header, ...calls].join("\n");
  }
  const comments = notes.flatMap((note, i) => [...(i > 0 ? ["//"] : []), ...wrapComment(note)]);
  return [...comments, lines]
    .join("\n")
    .split("\n")
    .map((line) => INDENT + line)
    .join("\n");
}
