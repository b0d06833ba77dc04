/** Lint findings as people read them (one paragraph each) and as tools read them (JSON). */
import path from "node:path";
import type { LintFinding } from "./lint-migration";

/**
 * `migrations/x.ts:12 warn require-concurrent-index-creation (upgrade): why. Safe form: ...`
 */
export function formatFinding(finding: LintFinding, cwd: string): string {
  const file = path.relative(cwd, finding.file) || finding.file;
  const where = finding.line === null ? file : `${file}:${finding.line}`;
  const direction = finding.direction === "up" ? "upgrade" : "downgrade";
  return `${where} ${finding.level} ${finding.rule} (${direction} of ${finding.revision}): ${finding.why} Safe form: ${finding.safeForm}`;
}
