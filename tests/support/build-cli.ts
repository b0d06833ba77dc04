/**
 * Builds the command line as `npm run build` lays it out (`bin/autogen.js`, `dist/`, `package.json`,
 * the catalog queries and the template) into a temporary directory, transpiling src/cli/main.ts and every
 * repository file it requires, lazily or not, to CommonJS. Child processes then run the built CLI with
 * Node's own `require`, as users do, instead of compiling the sources with ts-node on every start (about
 * 3 s of CPU for each `check`, where the built CLI takes 0.3 s).
 *
 * `sharedCli()` builds once per state of the sources (keyed by their content) and keeps the build for
 * every test file and run that asks for the same sources; `autogenBin()` is what a test runs as `autogen`.
 */
import { createHash } from "node:crypto";
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

/**
 * What the build starts from: the CLI, and the files loaded by path rather than required from it (by
 * bin/autogen.js before the CLI, and as a worker thread's script).
 */
const ENTRY_POINTS = ["src/cli/main.ts", "src/cli/node-compile-cache.ts", "src/loader/compile-worker.ts"];

/** Builds into a new temporary directory and returns it: run `<dir>/bin/autogen.js`. */
export function buildCli(): string {
  const outDir = fs.mkdtempSync(path.join(os.tmpdir(), "autogen-cli-build-"));
  const queue = [...ENTRY_POINTS];
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

/** The files a build is made of, relative to the repository: the sources, the template, bin/, package.json. */
function buildInputs(dir = "src"): string[] {
  const files: string[] = [];
  for (const entry of fs.readdirSync(path.join(ROOT, dir), { withFileTypes: true })) {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) files.push(...buildInputs(file));
    else files.push(file);
  }
  return files;
}

let shared: string | undefined;

/**
 * The CLI built (as `buildCli` builds it) from the sources as they are now, made once and shared: by the
 * test files of a run, and by later runs while the sources stay the same. Its folder is named after this
 * repository and the content of every file the build reads; it is made in a staging folder and renamed
 * into place when complete, so a half-made build is never used. Callers must not change or remove it.
 * Builds of this repository unused for an hour are removed when a new one is made.
 */
export function sharedCli(): string {
  if (shared !== undefined && fs.existsSync(path.join(shared, "bin", "autogen.js"))) return shared;
  const content = createHash("sha1");
  for (const file of [...buildInputs("src"), ...buildInputs("templates"), ...buildInputs("bin"), "package.json"].sort()) {
    content.update(`${file}\0`).update(fs.readFileSync(path.join(ROOT, file))).update("\0");
  }
  const prefix = `pg-autogen-test-cli-${createHash("sha1").update(fs.realpathSync(ROOT)).digest("hex").slice(0, 8)}-`;
  const dir = path.join(os.tmpdir(), prefix + content.digest("hex").slice(0, 16));
  if (!fs.existsSync(path.join(dir, "bin", "autogen.js"))) {
    const staging = buildCli();
    // mkdtemp makes it 0700: the embedded server, run as the postgres user when root runs the tests, starts
    // from the packages found through this folder's node_modules link.
    fs.chmodSync(staging, 0o755);
    try {
      fs.renameSync(staging, dir);
    } catch (error) {
      // Another test file finished the same build first: use it.
      fs.rmSync(staging, { recursive: true, force: true });
      if (!fs.existsSync(path.join(dir, "bin", "autogen.js"))) throw error;
    }
    const hourAgo = Date.now() - 3_600_000;
    for (const name of fs.readdirSync(os.tmpdir())) {
      const other = path.join(os.tmpdir(), name);
      if (name.startsWith(prefix) && other !== dir && fs.statSync(other).mtimeMs < hourAgo) fs.rmSync(other, { recursive: true, force: true });
    }
  }
  // In use: not removed as unused by another run's new build.
  const now = new Date();
  fs.utimesSync(dir, now, now);
  shared = dir;
  return dir;
}

/** The newest modification time of the files under `dir`. */
function newest(dir: string): number {
  let latest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const file = path.join(dir, entry.name);
    latest = Math.max(latest, entry.isDirectory() ? newest(file) : fs.statSync(file).mtimeMs);
  }
  return latest;
}

/**
 * The `bin/autogen.js` a test runs as users run `autogen`: this repository's own when dist/ was built after
 * the last edit of src/ (`npm ci` builds it, as in CI), else the shared build of the sources as they are.
 */
export function autogenBin(): string {
  return path.join(builtAfterSources(path.join("dist", "cli", "main.js")) ? ROOT : sharedCli(), "bin", "autogen.js");
}

/**
 * Whether `file` (relative to the repository, in dist/) was written after the last edit of src/ and of
 * tsconfig.json: `npm run build` (which `npm ci` runs) rewrites every output, so a fresh one is what the
 * sources give now.
 */
export function builtAfterSources(file: string): boolean {
  const built = path.join(ROOT, file);
  if (!fs.existsSync(built)) return false;
  const sources = Math.max(newest(path.join(ROOT, "src")), fs.statSync(path.join(ROOT, "tsconfig.json")).mtimeMs);
  return fs.statSync(built).mtimeMs >= sources;
}
