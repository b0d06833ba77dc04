/**
 * Builds the command line as `npm run build` lays it out (`bin/autogen.js`, `dist/`, `package.json`,
 * the catalog queries and the template) into a temporary directory, transpiling src/cli/main.ts and every
 * repository file it requires, lazily or not, to CommonJS. Child processes then run the built CLI with
 * Node's own `require`, as users do, instead of compiling the sources with ts-node on every start.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import ts from "typescript";
import { REPOSITORY_ROOT as ROOT } from "./transpile";

function transpile(file: string, outDir: string): string {
  const { outputText } = ts.transpileModule(fs.readFileSync(path.join(ROOT, file), "utf8"), {
    fileName: file,
    compilerOptions: {
      module: ts.ModuleKind.CommonJS,
      target: ts.ScriptTarget.ES2022,
      esModuleInterop: true,
      experimentalDecorators: true,
      emitDecoratorMetadata: true,
      resolveJsonModule: true,
    },
  });
  const out = path.join(outDir, "dist", path.relative("src", file).replace(/\.ts$/, ".js"));
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.writeFileSync(out, outputText);
  return outputText;
}

/** Builds into a new temporary directory and returns it: run `<dir>/bin/autogen.js`. */
export function buildCli(): string {
  const outDir = fs.mkdtempSync(path.join(os.tmpdir(), "autogen-cli-build-"));
  const queue = ["src/cli/main.ts"];
  const done = new Set<string>();
  while (queue.length > 0) {
    const file = queue.pop()!;
    if (done.has(file)) continue;
    done.add(file);
    const outputText = transpile(file, outDir);
    for (const [, spec] of outputText.matchAll(/require\("(\.{1,2}\/[^"]+)"\)/g)) {
      const target = path.relative(ROOT, path.resolve(path.dirname(path.join(ROOT, file)), spec!));
      for (const candidate of [`${target}.ts`, path.join(target, "index.ts")]) {
        if (candidate.startsWith(`src${path.sep}`) && fs.existsSync(path.join(ROOT, candidate))) queue.push(candidate);
      }
    }
  }
  fs.cpSync(path.join(ROOT, "src", "introspect", "sql"), path.join(outDir, "dist", "introspect", "sql"), { recursive: true });
  fs.cpSync(path.join(ROOT, "templates"), path.join(outDir, "templates"), { recursive: true });
  fs.cpSync(path.join(ROOT, "bin"), path.join(outDir, "bin"), { recursive: true });
  fs.copyFileSync(path.join(ROOT, "package.json"), path.join(outDir, "package.json"));
  // The packages resolve from the repository's node_modules, as from an installed package's own.
  fs.symlinkSync(path.join(ROOT, "node_modules"), path.join(outDir, "node_modules"), "dir");
  return outDir;
}
