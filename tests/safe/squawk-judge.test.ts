/**
 * Squawk (squawk-cli 2.66.0, an independent linter) as the judge of the lock-safe form, on the SQL that
 * `autogen upgrade A:B --sql` prints:
 * - on the lock-safe form of the example project's migrations and of the test fixtures' changes, Squawk
 *   reports none of its lock rules, except `changing-column-type` on type changes that PostgreSQL makes in
 *   the catalog only (Squawk flags every ALTER COLUMN TYPE; tests/lint/type-rewrite.db.test.ts shows on
 *   PostgreSQL 15 that those keep the table's relfilenode);
 * - on the plain form, every statement Squawk flags under a lock rule is flagged by `autogen lint` too, at
 *   the op that produced it.
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { lintMigration } from "../../src/lint/lint-migration";
import { recordMigration } from "../../src/lint/record-migration";
import { loadModule } from "../../src/entities/load-typescript";
import { invertAll } from "../../src/ops/invert";
import type { Operation } from "../../src/ops/operation";
import { recordingOps } from "../../src/ops/recording-ops";
import { renderMigration } from "../../src/render/render-migration";
import { loadScriptDirectory } from "../../src/revision/script-directory";
import { planOffline, renderOfflineSql } from "../../src/runner/offline-sql";
import { compileOperation } from "../../src/sql/compile";
import { safeSteps } from "../../src/safe/safe-form";
import { typeChangeIsCatalogOnly } from "../../src/lint/type-rewrite";
import { tempProject } from "../cli/cli-support";
import { ALL_KINDS, BASE_MIGRATION, KINDS, writeAsJavaScript } from "./lock-safe-support";

const REPO = path.join(__dirname, "..", "..");
const SQUAWK = path.join(REPO, "node_modules", ".bin", "squawk");

/** Squawk's rules about locks and timeouts (its style and breaking-change rules are left out). */
const LOCK_RULES = new Set([
  "require-concurrent-index-creation",
  "require-concurrent-index-deletion",
  "constraint-missing-not-valid",
  "adding-foreign-key-constraint",
  "disallowed-unique-constraint",
  "adding-not-nullable-field",
  "adding-required-field",
  "adding-serial-primary-key-field",
  "adding-field-with-default",
  "changing-column-type",
  "require-lock-timeout",
  "require-statement-timeout",
  "ban-concurrent-index-creation-in-transaction",
]);

interface Violation {
  readonly file: string;
  readonly line: number;
  readonly rule_name: string;
}

/** Squawk's lock-rule findings for several scripts, in one run of squawk. */
function squawk(scripts: readonly string[], dir: string): { violations: Violation[]; lines: string[] }[] {
  const files = scripts.map((sql, i) => {
    const file = path.join(dir, `judge-${i}-${Math.random().toString(36).slice(2)}.sql`);
    fs.writeFileSync(file, sql);
    return file;
  });
  let out: string;
  try {
    out = execFileSync(SQUAWK, ["--pg-version=15.0", "--reporter", "json", ...files], { encoding: "utf8", maxBuffer: 64 << 20 });
  } catch (error) {
    out = (error as { stdout: string }).stdout; // exit 1 when it finds something
  }
  const all = JSON.parse(out) as Violation[];
  return files.map((file, i) => ({
    violations: all.filter((v) => v.file === file && LOCK_RULES.has(v.rule_name)),
    lines: scripts[i]!.split("\n"),
  }));
}

/** The offline SQL of one migration (after base0), plain or lock-safe. */
async function offlineSql(dir: string, revision: string, ops: readonly Operation[], safe: boolean): Promise<string> {
  const file = path.join(dir, "migrations", `${revision}.ts`);
  const written = writeAsJavaScript(
    file,
    await renderMigration(
      {
        message: revision,
        revision,
        downRevision: "base0",
        branchLabels: null,
        dependsOn: null,
        createDate: new Date("2026-12-01T00:00:00Z"),
        upgradeOps: ops,
        downgradeOps: invertAll(ops),
        ...(safe && {
          safe: {
            upgradeSteps: safeSteps(ops),
            downgradeSteps: safeSteps(invertAll(ops)),
            timeouts: { lockTimeout: "2s", statementTimeout: "1h" },
          },
        }),
      },
      file,
    ),
  );
  const scripts = await loadScriptDirectory(path.join(dir, "migrations"), loadModule);
  const sql = await renderOfflineSql(planOffline(scripts.graph, "up", `base0:${revision}`), scripts.modules);
  fs.rmSync(written);
  return sql;
}

/** The statement (ending with `;`) that covers 0-based line `line` of the script. */
function statementAt(lines: readonly string[], line: number): string {
  let start = line;
  while (start > 0 && !lines[start - 1]!.trimEnd().endsWith(";") && lines[start - 1]!.trim() !== "") start--;
  let end = line;
  while (end < lines.length - 1 && !lines[end]!.trimEnd().endsWith(";")) end++;
  return lines.slice(start, end + 1).join("\n").replace(/;\s*$/, "");
}

/** Whether `statement` is a type change of `ops` that PostgreSQL makes without rewriting the table. */
function isCatalogOnly(ops: readonly Operation[], statement: string): boolean {
  const op = ops.find((o) => o.kind === "alterColumn" && compileOperation(o).some((s) => s.sql === statement));
  return op?.kind === "alterColumn" && op.existing !== undefined && op.changes.type !== undefined && typeChangeIsCatalogOnly(op.existing.type, op.changes.type);
}

async function exampleChanges(): Promise<{ name: string; ops: Operation[] }[]> {
  const scripts = await loadScriptDirectory(path.join(REPO, "migrations"), loadModule);
  const out: { name: string; ops: Operation[] }[] = [];
  for (const revision of scripts.graph.topologicalOrder()) {
    const op = recordingOps();
    await scripts.modules.get(revision.id)!.upgrade(op);
    out.push({ name: path.basename(revision.path ?? revision.id), ops: [...op.operations] });
  }
  return out;
}

jest.setTimeout(300_000);

describe("Squawk as the judge of autogen lint and the lock-safe form", () => {
  let dir: string;
  beforeAll(() => {
    dir = tempProject({ "migrations/.keep": "" });
    writeAsJavaScript(path.join(dir, "migrations", "base0.ts"), BASE_MIGRATION);
  });

  const fixtureChanges = (): { name: string; ops: readonly Operation[] }[] => [
    ...Object.entries(KINDS).map(([name, ops]) => ({ name, ops })),
    { name: "every kind at once", ops: ALL_KINDS },
  ];

  it("finds none of its lock rules in the lock-safe form (but catalog-only type changes)", async () => {
    const changes = [...fixtureChanges(), ...(await exampleChanges())];
    const scripts: string[] = [];
    for (const [i, change] of changes.entries()) scripts.push(await offlineSql(dir, `s${i}`, change.ops, true));
    const judged = squawk(scripts, dir);
    for (const [i, change] of changes.entries()) {
      const { violations, lines } = judged[i]!;
      const left = violations.filter((v) => !(v.rule_name === "changing-column-type" && isCatalogOnly(change.ops, statementAt(lines, v.line))));
      expect({ change: change.name, left: left.map((v) => `${v.rule_name}: ${statementAt(lines, v.line)}`) }).toEqual({ change: change.name, left: [] });
    }
  });

  it("on the plain form, every statement it flags under a lock rule is flagged by autogen lint", async () => {
    const changes = [...fixtureChanges(), ...(await exampleChanges())];
    const scripts: string[] = [];
    for (const [i, change] of changes.entries()) scripts.push(await offlineSql(dir, `p${i}`, change.ops, false));
    const judged = squawk(scripts, dir);
    for (const [i, change] of changes.entries()) {
      const { violations, lines } = judged[i]!;
      // The same migration, as a file autogen lint reads.
      const file = path.join(dir, "migrations", `p${i}.ts`);
      const written = writeAsJavaScript(
        file,
        await renderMigration(
          { message: "p", revision: `p${i}`, downRevision: "base0", branchLabels: null, dependsOn: null, createDate: new Date(), upgradeOps: change.ops, downgradeOps: [] },
          file,
        ),
      );
      const scripts = await loadScriptDirectory(path.join(dir, "migrations"), loadModule);
      const module = scripts.modules.get(`p${i}`)!;
      const { findings } = await lintMigration(module);
      const placed = (await recordMigration(module, "up")).operations;
      fs.rmSync(written);
      for (const v of violations) {
        // The one disagreement, on purpose: a type change PostgreSQL makes in the catalog only (see the top).
        if (v.rule_name === "changing-column-type" && isCatalogOnly(change.ops, statementAt(lines, v.line))) continue;
        if (v.rule_name === "require-lock-timeout" || v.rule_name === "require-statement-timeout") {
          expect({ change: change.name, rules: findings.map((f) => f.rule), statement: statementAt(lines, v.line) }).toEqual(expect.objectContaining({ rules: expect.arrayContaining([v.rule_name]) }));
          continue;
        }
        const statement = statementAt(lines, v.line);
        const at = placed.find((p) => compileOperation(p.operation).some((s) => s.sql === statement));
        expect({ change: change.name, statement, found: at !== undefined }).toEqual({ change: change.name, statement, found: true });
        const flagged = findings.filter((f) => f.line === at!.line && f.rule !== "require-lock-timeout" && f.rule !== "require-statement-timeout");
        expect({ change: change.name, rule: v.rule_name, statement, flagged: flagged.length > 0 }).toEqual({
          change: change.name,
          rule: v.rule_name,
          statement,
          flagged: true,
        });
      }
    }
  });
});
