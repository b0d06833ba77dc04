/**
 * Transpiles the runner and everything it imports from src/ to CommonJS in a temporary directory, once
 * per test file, so that child processes start in a fraction of a second with Node's own `require`
 * instead of compiling TypeScript each (ts-node takes about 2.5 s per process here).
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import ts from "typescript";
import { REPOSITORY_ROOT as ROOT, transpileToCommonJs } from "../../support/transpile";

const ENTRY_POINTS = [
  "src/runner/runner.ts",
  "src/db/postgres.ts",
  "src/revision/script-directory.ts",
];

/** Builds into a new temporary directory and returns it; its `src/` mirrors the repository's. */
export function buildRunner(): string {
  const outDir = fs.mkdtempSync(path.join(os.tmpdir(), "autogen-runner-build-"));
  const queue = [...ENTRY_POINTS];
  const done = new Set<string>();
  while (queue.length > 0) {
    const file = queue.pop()!;
    if (done.has(file)) continue;
    done.add(file);
    const outputText = transpileToCommonJs(file, outDir, ts.ScriptTarget.ES2022);
    for (const [, spec] of outputText.matchAll(/require\("(\.{1,2}\/[^"]+)"\)/g)) {
      const target = path.relative(ROOT, path.resolve(path.dirname(path.join(ROOT, file)), spec!));
      for (const candidate of [`${target}.ts`, path.join(target, "index.ts")]) {
        if (fs.existsSync(path.join(ROOT, candidate))) queue.push(candidate);
      }
    }
  }
  const sqlDir = path.join(ROOT, "src/introspect/sql");
  fs.cpSync(sqlDir, path.join(outDir, "src/introspect/sql"), { recursive: true });
  return outDir;
}

/** The environment a child needs to resolve the project's dependencies from the build directory. */
export function childEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return { ...process.env, NODE_PATH: path.join(ROOT, "node_modules"), ...extra };
}
