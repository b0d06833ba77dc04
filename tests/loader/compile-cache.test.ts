/**
 * The on-disk cache of compiled TypeScript files, as users run it: each case is a fresh plain Node process
 * (no jest, no ts-jest) loading files through `loadModule`, with src/entities transpiled to JavaScript
 * into a temporary directory. The project has its own `node_modules`, so the cache lives in
 * `<project>/node_modules/.cache/pg-autogen/`.
 */
import { execFile, execFileSync } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { promisify } from "node:util";
import { CompileCache, compileCacheDisabled, pruneCompileCache, resolveCacheDirectory } from "../../src/loader/compile-cache";
import { readModulePack, writeModulePack } from "../../src/loader/module-pack";

/** The uid of another user (postgres, which the test cluster runs as), when this process may chown to it. */
function otherUser(): number | undefined {
  if (process.getuid?.() !== 0) return undefined;
  try {
    return Number(execFileSync("id", ["-u", "postgres"], { encoding: "utf8" }).trim());
  } catch {
    return undefined;
  }
}
import { REPOSITORY_ROOT as ROOT, transpileFolders } from "../support/transpile";

const run = promisify(execFile);

/** Loads one file and prints its exports, the hook's counters and which compiler modules got loaded. */
const RUNNER = `
const { loadModule, prepareModules } = require(process.argv[2] + "/src/loader/load-module.js");
const { typescriptHookStats } = require(process.argv[2] + "/src/loader/typescript-hook.js");
const fs = require("fs");
if (process.env.REMEMBER) require(process.argv[2] + "/src/cache/file-stamps.js").rememberStatuses(JSON.parse(process.env.REMEMBER));
const reads = {};
const readFileSync = fs.readFileSync;
fs.readFileSync = function (file, ...rest) {
  if (typeof file === "string") reads[file] = (reads[file] || 0) + 1;
  return readFileSync.call(this, file, ...rest);
};
(async () => {
  let exports, error;
  const prepare = process.argv.slice(4);
  const finish = prepare.length ? prepareModules(prepare, "the test's set") : () => {};
  try {
    exports = await loadModule(process.argv[3]);
  } catch (e) { error = String(e.cause && e.cause.stack || e.stack); }
  finish();
  if (process.env.LOAD_TWICE) {
    // The same set again in this process: its modules are loaded already.
    const again = prepareModules(prepare, "the test's set");
    await loadModule(process.argv[3]);
    again();
  }
  const loaded = Object.keys(require.cache);
  process.stdout.write(JSON.stringify({
    exports, error, stats: typescriptHookStats(), reads,
    typescriptLoaded: loaded.some((k) => /node_modules[\\\\/]typescript[\\\\/]/.test(k)),
    tsNodeLoaded: loaded.some((k) => /node_modules[\\\\/]ts-node[\\\\/]/.test(k)),
  }));
})();
`;

interface RunResult {
  readonly exports?: Record<string, unknown>;
  readonly error?: string;
  readonly stats: {
    hits: number;
    compiled: number;
    precompiled: number;
    codeCacheHits: number;
    compilerLoaded: boolean;
    compilerFromCodeCache: boolean;
    compilerReadAsAscii: boolean;
    cacheDirectory?: string;
    packWrites: string[];
  };
  readonly typescriptLoaded: boolean;
  readonly tsNodeLoaded: boolean;
  /** How many times each file was read with fs.readFileSync. */
  readonly reads: Record<string, number>;
}

describe("the compiled-file cache in a plain Node process", () => {
  let outDir: string;
  let project: string;
  let cacheDir: string;

  async function load(file: string, env: NodeJS.ProcessEnv = {}, prepare: readonly string[] = []): Promise<RunResult> {
    const args = [path.join(outDir, "run.js"), outDir, path.join(project, file), ...prepare.map((f) => path.join(project, f))];
    const { stdout } = await run(process.execPath, args, {
      cwd: project,
      env: { ...process.env, NODE_PATH: path.join(ROOT, "node_modules"), NODE_OPTIONS: "", AUTOGEN_NO_CACHE: "", ...env },
      timeout: 30_000,
    });
    return JSON.parse(stdout) as RunResult;
  }

  // The cache's files, without the pruning marker (.pruned).
  const entries = (): string[] => (fs.existsSync(cacheDir) ? fs.readdirSync(cacheDir).filter((e) => !e.startsWith(".")).sort() : []);

  beforeAll(() => {
    outDir = fs.mkdtempSync(path.join(os.tmpdir(), "autogen-cache-code-"));
    transpileFolders(outDir);
    fs.writeFileSync(path.join(outDir, "run.js"), RUNNER);
    project = fs.mkdtempSync(path.join(os.tmpdir(), "autogen-cache-project-"));
    fs.mkdirSync(path.join(project, "node_modules"));
    cacheDir = path.join(project, "node_modules", ".cache", "pg-autogen");
    fs.writeFileSync(path.join(project, "value.ts"), 'import { other } from "./other.js";\nexport const value: number = 1 + other;\n');
    fs.writeFileSync(path.join(project, "other.ts"), "export const other: number = 10;\n");
    fs.writeFileSync(path.join(project, "thrower.ts"), "const n: number = 1;\n\nthrow new Error(`boom ${n}`);\n");
    fs.writeFileSync(path.join(project, "module-thrower.ts"), "export const n: number = 1;\n\nthrow new Error(`boom ${n}`);\n");
    fs.writeFileSync(
      path.join(project, "seen.ts"),
      [
        'import { other } from "./other";',
        "declare const module: any, require: any, __filename: string, __dirname: string;",
        "export const seen = {",
        "  other,",
        "  filename: __filename,",
        "  dirname: __dirname,",
        '  resolved: require.resolve("./other"),',
        '  lookupPaths: Array.isArray(require.resolve.paths("some-package")),',
        "  cached: Object.keys(require.cache).includes(__filename),",
        "  children: module.children.map((c: { filename: string }) => c.filename),",
        "  loaded: module.loaded,",
        "};",
      ].join("\n"),
    );
    // Two packages of the same name: the one beside the project root and one under sub/.
    for (const [dir, value] of [["", "top"], ["sub", "sub"]] as const) {
      const pkg = path.join(project, dir, "node_modules", "dup");
      fs.mkdirSync(pkg, { recursive: true });
      fs.writeFileSync(path.join(pkg, "package.json"), JSON.stringify({ name: "dup", exports: { ".": "./index.js" } }));
      fs.writeFileSync(path.join(pkg, "index.js"), `exports.v = ${JSON.stringify(value)};\n`);
    }
    fs.writeFileSync(path.join(project, "sub", "b.ts"), 'export { v as fromSub } from "dup";\n');
    // tsconfig `paths` and `baseUrl`, as NestJS-style projects import their entities.
    fs.writeFileSync(
      path.join(project, "tsconfig.json"),
      JSON.stringify({ compilerOptions: { baseUrl: ".", paths: { "@app/*": ["lib/*"] } } }),
    );
    fs.mkdirSync(path.join(project, "lib"));
    fs.writeFileSync(path.join(project, "lib", "thing.ts"), "export const thing: string = 'found';\n");
    fs.writeFileSync(
      path.join(project, "aliased.ts"),
      'import { thing } from "@app/thing";\nimport { thing as again } from "lib/thing";\nexport const both = [thing, again];\n',
    );
    // As ES module projects write their imports: the alias with the extension the output will have.
    fs.writeFileSync(path.join(project, "aliased-js.ts"), 'export { thing } from "@app/thing.js";\n');
    // The DataSource module of an ES module project: it finds its entities beside itself.
    fs.writeFileSync(
      path.join(project, "meta.ts"),
      [
        'import { fileURLToPath } from "node:url";',
        "export const meta = {",
        "  url: import.meta.url,",
        "  fromUrl: fileURLToPath(import.meta.url),",
        "  filename: import.meta.filename,",
        "  dirname: import . meta.dirname,",
        "};",
      ].join("\n"),
    );
    // Settings read asynchronously before the DataSource is built, and a module that replaces its exports.
    fs.writeFileSync(
      path.join(project, "awaits.ts"),
      'import { other } from "./other";\nconst base: number = await Promise.resolve(100);\nexport const value = base + other;\n',
    );
    fs.writeFileSync(
      path.join(project, "awaits-replaced.ts"),
      "declare const module: { exports: unknown };\nmodule.exports = await Promise.resolve({ late: true });\n",
    );
    fs.writeFileSync(path.join(project, "awaits-rejected.ts"), 'export const n = 1;\n\nawait Promise.reject(new Error("vault unreachable"));\n');
    fs.writeFileSync(
      path.join(project, "module.mts"),
      'import { thing } from "./lib/thing.js";\nexport const fromMts = thing + (await Promise.resolve("!"));\n',
    );
    fs.writeFileSync(path.join(project, "imports-awaiting.ts"), 'import { value } from "./awaits";\nexport const twice = value * 2;\n');
    fs.writeFileSync(
      path.join(project, "dups.ts"),
      'import { v } from "dup";\nimport { fromSub } from "./sub/b";\nexport const values = [v, fromSub];\n',
    );
  });

  afterAll(() => {
    fs.rmSync(outDir, { recursive: true, force: true });
    fs.rmSync(project, { recursive: true, force: true });
  });

  it("compiles on a miss, then serves a second process from the cache without loading TypeScript", async () => {
    const first = await load("value.ts");
    expect(first.exports).toEqual({ value: 11 });
    expect(first.stats).toMatchObject({ hits: 0, compiled: 2, compilerLoaded: true, cacheDirectory: cacheDir });
    expect(first.typescriptLoaded).toBe(true);
    expect(entries().filter((e) => e.endsWith(".js"))).toHaveLength(2);
    expect(entries().some((e) => e.endsWith(".tmp"))).toBe(false);

    const second = await load("value.ts");
    expect(second.exports).toEqual({ value: 11 });
    expect(second.stats).toMatchObject({ hits: 2, compiled: 0, codeCacheHits: 2, compilerLoaded: false });
    expect(second.typescriptLoaded).toBe(false);
    expect(second.tsNodeLoaded).toBe(false);
  });

  it("recompiles a file whose content changed", async () => {
    await load("value.ts");
    fs.writeFileSync(path.join(project, "other.ts"), "export const other: number = 20;\n");
    const changed = await load("value.ts");
    expect(changed.exports).toEqual({ value: 21 });
    expect(changed.stats).toMatchObject({ hits: 1, compiled: 1 });
  });

  it("ignores and rewrites a corrupt entry", async () => {
    await load("value.ts");
    const before = entries();
    for (const entry of before) fs.writeFileSync(path.join(cacheDir, entry), "// garbage\nmodule.exports = { value: -1 };\n");
    const recovered = await load("value.ts");
    expect(recovered.exports).toEqual({ value: 21 });
    expect(recovered.stats).toMatchObject({ hits: 0, compiled: 2 });
    const again = await load("value.ts");
    expect(again.stats).toMatchObject({ hits: 2, compiled: 0 });
    expect(again.exports).toEqual({ value: 21 });
  });

  it("runs a module from V8's code cache with what Node gives a module: require, module, __filename", async () => {
    const expected = {
      other: 20,
      filename: path.join(project, "seen.ts"),
      dirname: project,
      resolved: path.join(project, "other.ts"),
      lookupPaths: true,
      cached: true,
      children: [path.join(project, "other.ts")],
      loaded: false,
    };
    const first = await load("seen.ts");
    expect(first.exports).toEqual({ seen: expected });
    const second = await load("seen.ts");
    expect(second.stats).toMatchObject({ hits: 2, compiled: 0, codeCacheHits: 2 });
    expect(second.exports).toEqual({ seen: expected });
  });

  it("ignores a damaged code cache, runs the module all the same and stores a good one", async () => {
    await load("value.ts");
    const codeCaches = entries().filter((e) => e.endsWith(".v8"));
    expect(codeCaches.length).toBeGreaterThanOrEqual(2);
    for (const entry of codeCaches) {
      const file = path.join(cacheDir, entry);
      const bytes = fs.readFileSync(file);
      bytes[bytes.length - 1] ^= 0xff;
      fs.writeFileSync(file, bytes);
    }
    const damaged = await load("value.ts");
    expect(damaged.exports).toEqual({ value: 21 });
    expect(damaged.stats).toMatchObject({ hits: 2, compiled: 0, codeCacheHits: 0 });
    const repaired = await load("value.ts");
    expect(repaired.stats).toMatchObject({ hits: 2, codeCacheHits: 2 });
  });

  it("resolves a package name from each directory on its own (the resolution memo is per directory)", async () => {
    for (let run = 0; run < 2; run++) {
      const result = await load("dups.ts");
      expect(result.exports).toEqual({ values: ["top", "sub"] });
    }
  });

  it("resolves the project's tsconfig paths and baseUrl names in TypeScript files", async () => {
    const result = await load("aliased.ts");
    expect(result.error).toBeUndefined();
    expect(result.exports).toEqual({ both: ["found", "found"] });
  });

  it("resolves a tsconfig paths name written with a .js extension to the TypeScript file", async () => {
    const result = await load("aliased-js.ts");
    expect(result.error).toBeUndefined();
    expect(result.exports).toEqual({ thing: "found" });
  });

  it("gives import.meta's url, filename and dirname to a file compiled to CommonJS, compiled alone or with a set", async () => {
    const file = path.join(project, "meta.ts");
    const expected = { meta: { url: pathToFileURL(file).href, fromUrl: file, filename: file, dirname: project } };
    fs.rmSync(cacheDir, { recursive: true, force: true });
    const alone = await load("meta.ts");
    const cached = await load("meta.ts");
    fs.rmSync(cacheDir, { recursive: true, force: true });
    const inSet = await load("meta.ts", {}, ["meta.ts", "other.ts"]);
    const uncached = await load("meta.ts", { AUTOGEN_NO_CACHE: "1" });
    expect(alone.stats).toMatchObject({ compiled: 1 });
    expect(cached.stats).toMatchObject({ hits: 1, compiled: 0 });
    expect(inSet.stats).toMatchObject({ precompiled: 2 });
    for (const result of [alone, cached, inSet, uncached]) {
      expect(result.error).toBeUndefined();
      expect(result.exports).toEqual(expected);
    }
  });

  it("waits for top-level await in the file it loads, from the cache and without it", async () => {
    for (const env of [{}, {}, { AUTOGEN_NO_CACHE: "1" }]) {
      const result = await load("awaits.ts", env);
      expect(result.error).toBeUndefined();
      expect(result.exports).toEqual({ value: 120 });
    }
    const replaced = await load("awaits-replaced.ts");
    expect(replaced.exports).toEqual({ late: true });
  });

  it("compiles an .mts file to CommonJS too: its .js import of a TypeScript file and its top-level await work", async () => {
    const result = await load("module.mts");
    expect(result.error).toBeUndefined();
    expect(result.exports).toEqual({ fromMts: "found!" });
  });

  it("reports top-level await that rejects at its line, and refuses it in a file another file imports", async () => {
    const rejected = await load("awaits-rejected.ts");
    expect(rejected.error).toContain("vault unreachable");
    expect(rejected.error).toContain(`${path.join(project, "awaits-rejected.ts")}:3`);
    const nested = await load("imports-awaiting.ts");
    expect(nested.exports).toBeUndefined();
    expect(nested.error).toContain(
      `${path.join(project, "awaits.ts")}: it uses top-level await, and another file imports it: pg-autogen runs TypeScript files as CommonJS`,
    );
    expect(nested.error).toContain(`(while loading ${path.join(project, "imports-awaiting.ts")})`);
  });

  it("is off with AUTOGEN_NO_CACHE=1: compiles every file and writes nothing", async () => {
    fs.rmSync(cacheDir, { recursive: true, force: true });
    const off = await load("value.ts", { AUTOGEN_NO_CACHE: "1" });
    expect(off.exports).toEqual({ value: 21 });
    expect(off.stats).toMatchObject({ hits: 0, compiled: 2 });
    expect(off.stats.cacheDirectory).toBeUndefined();
    expect(entries()).toEqual([]);
  });

  it("compiles the files it is asked to prepare together, and keeps them in one pack", async () => {
    fs.rmSync(cacheDir, { recursive: true, force: true });
    const set = ["value.ts", "other.ts"];
    const cold = await load("value.ts", {}, set);
    expect(cold.exports).toEqual({ value: 21 });
    expect(cold.stats).toMatchObject({ hits: 0, compiled: 2, precompiled: 2, compilerLoaded: true, packWrites: ["pack"] });
    // One pack for the two files; the other entry is the compiler's own code cache.
    const packs = entries().filter((e) => e.startsWith("pack-"));
    expect(packs).toHaveLength(1);
    expect(packs[0]).toMatch(/^pack-[0-9a-f]{64}\.bin$/);
    expect(entries().filter((e) => !e.startsWith("pack-") && !e.endsWith(".v8"))).toEqual([]);
    const before = entries();
    const pack = path.join(cacheDir, packs[0]!);
    const written = fs.statSync(pack).ino;

    const warm = await load("value.ts", {}, set);
    expect(warm.exports).toEqual({ value: 21 });
    expect(warm.stats).toMatchObject({
      hits: 2,
      compiled: 0,
      precompiled: 0,
      codeCacheHits: 2,
      compilerLoaded: false,
      packWrites: ["nothing"],
    });
    expect(warm.typescriptLoaded).toBe(false);
    expect(entries()).toEqual(before);
    // Nothing changed: the pack is not written again (a write replaces the file), only marked as used.
    expect(fs.statSync(pack).ino).toBe(written);

    fs.writeFileSync(path.join(project, "other.ts"), "export const other: number = 30;\n");
    const edited = await load("value.ts", {}, set);
    expect(edited.exports).toEqual({ value: 31 });
    expect(edited.stats).toMatchObject({ hits: 1, compiled: 1, precompiled: 1, packWrites: ["delta"] });
    // One file changed: its entry goes to the delta beside the pack, and the pack is not written again.
    expect(fs.statSync(pack).ino).toBe(written);
    const delta = packs[0]!.replace(/\.bin$/, ".delta.bin");
    expect(entries()).toEqual([...before, delta].sort());
    const again = await load("value.ts", {}, set);
    expect(again.exports).toEqual({ value: 31 });
    expect(again.stats).toMatchObject({ hits: 2, compiled: 0, codeCacheHits: 2, packWrites: ["nothing"] });
    expect(fs.statSync(pack).ino).toBe(written);
    // Back to the content the pack holds: the delta is not needed any more.
    fs.writeFileSync(path.join(project, "other.ts"), "export const other: number = 20;\n");
    const reverted = await load("value.ts", {}, set);
    expect(reverted.exports).toEqual({ value: 21 });
    expect(reverted.stats).toMatchObject({ hits: 2, compiled: 0, codeCacheHits: 2, packWrites: ["delta"] });
    expect(entries()).toEqual(before);
  });

  it("finds a set's outputs without reading the files the entity cache's record knows by status", async () => {
    fs.rmSync(cacheDir, { recursive: true, force: true });
    const set = ["value.ts", "other.ts"];
    await load("value.ts", {}, set);
    const stamp = (file: string, statusMoved: boolean) => {
      const full = path.join(project, file);
      const stat = fs.statSync(full);
      const sha256 = crypto.createHash("sha256").update(fs.readFileSync(full)).digest("hex");
      const status = { size: stat.size, mtimeMs: stat.mtimeMs, ctimeMs: stat.ctimeMs, ino: stat.ino + (statusMoved ? 1 : 0) };
      return { path: full, sha256, status };
    };
    // value.ts as it is; other.ts under a status it no longer has (as after a write): read.
    const record = { files: [stamp("value.ts", false), stamp("other.ts", true)], env: {}, globs: [] };
    const warm = await load("value.ts", { REMEMBER: JSON.stringify(record) }, set);
    expect(warm.exports).toEqual({ value: 21 });
    expect(warm.stats).toMatchObject({ hits: 2, compiled: 0, codeCacheHits: 2 });
    expect(warm.reads[path.join(project, "value.ts")]).toBeUndefined();
    expect(warm.reads[path.join(project, "other.ts")]).toBe(1);
    // Without a record, both are read to find their entries.
    const plain = await load("value.ts", {}, set);
    expect(plain.reads[path.join(project, "value.ts")]).toBe(1);
  });

  it("keeps a set's pack whole when the set loads a second time in one process", async () => {
    fs.rmSync(cacheDir, { recursive: true, force: true });
    // More files than a delta takes (16), so that dropping them all would rewrite the pack.
    const set = Array.from({ length: 20 }, (_, i) => `many/m${i}.ts`);
    fs.mkdirSync(path.join(project, "many"), { recursive: true });
    for (const [i, file] of set.entries()) fs.writeFileSync(path.join(project, file), `export const n: number = ${i};\n`);
    const twice = await load("many/m3.ts", { LOAD_TWICE: "1" }, set);
    expect(twice.exports).toEqual({ n: 3 });
    // The second load finds the set loaded or readied: it learns nothing, and must not empty the pack.
    expect(twice.stats.packWrites).toEqual(["pack", "nothing"]);
    const packs = entries().filter((e) => e.startsWith("pack-"));
    expect(packs).toHaveLength(1);
    expect(readModulePack(path.join(cacheDir, packs[0]!)).size).toBe(20);
    const next = await load("many/m3.ts", {}, set);
    expect(next.stats).toMatchObject({ compiled: 0, codeCacheHits: 1 });
  });

  it("loads the TypeScript compiler from V8's code cache when a later run has a file to compile", async () => {
    fs.rmSync(cacheDir, { recursive: true, force: true });
    const first = await load("value.ts");
    expect(first.stats).toMatchObject({ compiled: 2, compilerLoaded: true, compilerFromCodeCache: false });
    const stored = entries().filter((e) => e.endsWith(".v8"));
    fs.writeFileSync(path.join(project, "other.ts"), "export const other: number = 40;\n");
    const edited = await load("value.ts");
    expect(edited.exports).toEqual({ value: 41 });
    expect(edited.stats).toMatchObject({ hits: 1, compiled: 1, compilerLoaded: true, compilerFromCodeCache: true });
    // typescript.js is all ASCII: read without decoding UTF-8.
    expect(edited.stats.compilerReadAsAscii).toBe(true);
    fs.writeFileSync(path.join(project, "other.ts"), "export const other: number = 20;\n");
    // The compiler's code cache is one more .v8 entry beside the two modules' (written by the first run).
    expect(stored.length).toBe(3);
  });

  it("keeps what it compiles (a config file holding a password too) readable by its owner only", async () => {
    fs.rmSync(cacheDir, { recursive: true, force: true });
    // An older version left the folder open to everyone: it is closed again.
    fs.mkdirSync(cacheDir, { recursive: true, mode: 0o755 });
    fs.chmodSync(cacheDir, 0o755);
    fs.writeFileSync(
      path.join(project, "autogen.config.ts"),
      'export default { databaseUrl: "postgres://app:s3cret-pass@db/app" as string };\n',
    );
    const cold = await load("autogen.config.ts", {}, ["autogen.config.ts"]);
    expect(cold.exports).toEqual({ default: { databaseUrl: "postgres://app:s3cret-pass@db/app" } });
    await load("autogen.config.ts");
    const files = entries();
    expect(files.length).toBeGreaterThanOrEqual(2);
    expect(files.some((entry) => fs.readFileSync(path.join(cacheDir, entry)).includes("s3cret-pass"))).toBe(true);
    for (const entry of files) expect([entry, fs.statSync(path.join(cacheDir, entry)).mode & 0o777]).toEqual([entry, 0o600]);
    expect(fs.statSync(cacheDir).mode & 0o777).toBe(0o700);
  });

  it("maps stack traces to the TypeScript source on a miss, on a hit and when compiled ahead", async () => {
    const miss = await load("thrower.ts");
    const hit = await load("thrower.ts");
    expect(hit.stats).toMatchObject({ hits: 1, compiled: 0 });
    fs.rmSync(cacheDir, { recursive: true, force: true });
    // A script is never compiled ahead (its declarations are global), so the module twin of thrower.ts.
    const precompiled = await load("module-thrower.ts", {}, ["module-thrower.ts", "other.ts"]);
    expect(precompiled.stats).toMatchObject({ precompiled: 2 });
    for (const [result, file] of [[miss, "thrower.ts"], [hit, "thrower.ts"], [precompiled, "module-thrower.ts"]] as const) {
      expect(result.error).toContain("boom 1");
      expect(result.error).toContain(`${path.join(project, file)}:3`);
    }
  });
});

describe("CompileCache", () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "autogen-cache-unit-"));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("keys on the compiler identity, the path and the bytes", () => {
    const a = new CompileCache(dir, "ts 5.9");
    const b = new CompileCache(dir, "ts 5.8");
    const source = Buffer.from("export const x = 1;");
    expect(a.keyFor("/p/x.ts", source)).toBe(a.keyFor("/p/x.ts", Buffer.from("export const x = 1;")));
    expect(a.keyFor("/p/x.ts", source)).not.toBe(b.keyFor("/p/x.ts", source));
    expect(a.keyFor("/p/x.ts", source)).not.toBe(a.keyFor("/q/x.ts", source));
    expect(a.keyFor("/p/x.ts", source)).not.toBe(a.keyFor("/p/x.ts", Buffer.from("export const x = 2;")));
  });

  it("reads back what it wrote, and treats a truncated entry as absent", () => {
    const cache = new CompileCache(dir, "id");
    const key = cache.keyFor("/p/x.ts", Buffer.from("x"));
    expect(cache.read(key)).toBeUndefined();
    cache.write(key, "exports.x = 1;\n");
    expect(cache.read(key)).toBe("exports.x = 1;\n");
    const file = path.join(dir, `${key}.js`);
    fs.writeFileSync(file, fs.readFileSync(file, "utf8").slice(0, -3));
    expect(cache.read(key)).toBeUndefined();
    expect(fs.readdirSync(dir)).toEqual([`${key}.js`]);
  });

  it("prunes entries unwritten for 30 days and stale temporary files, at most once a day", () => {
    const day = 24 * 60 * 60 * 1000;
    const now = Date.parse("2026-11-25T12:00:00Z");
    const aged = (name: string, days: number) => {
      const file = path.join(dir, name);
      fs.writeFileSync(file, "x");
      const seconds = (now - days * day) / 1000;
      fs.utimesSync(file, seconds, seconds);
    };
    aged("old.js", 31);
    aged("old.v8", 40);
    aged("pack-old.bin", 45);
    aged("fresh.js", 2);
    aged("pack-fresh.bin", 29);
    aged("left.js.123.abcd.tmp", 2);
    aged("recent.js.456.ef01.tmp", 0.5);
    aged("notes.txt", 90);
    pruneCompileCache(dir, { now });
    expect(fs.readdirSync(dir).sort()).toEqual([".pruned", "fresh.js", "notes.txt", "pack-fresh.bin", "recent.js.456.ef01.tmp"]);

    // Within a day of the last pass nothing is looked at; a day later the old entry goes.
    aged("old-again.js", 60);
    pruneCompileCache(dir, { now: now + day / 2 });
    expect(fs.existsSync(path.join(dir, "old-again.js"))).toBe(true);
    pruneCompileCache(dir, { now: now + day + 1 });
    expect(fs.existsSync(path.join(dir, "old-again.js"))).toBe(false);
  });

  it("uses the nearest node_modules, and the temp dir when there is none", () => {
    fs.mkdirSync(path.join(dir, "node_modules"));
    fs.mkdirSync(path.join(dir, "a", "b"), { recursive: true });
    expect(resolveCacheDirectory(path.join(dir, "a", "b"))).toBe(path.join(dir, "node_modules", ".cache", "pg-autogen"));
    expect(fs.statSync(path.join(dir, "node_modules", ".cache", "pg-autogen")).isDirectory()).toBe(true);
    const root = path.parse(dir).root;
    if (!fs.existsSync(path.join(root, "node_modules")) && !fs.existsSync(path.join(os.tmpdir(), "node_modules"))) {
      expect(resolveCacheDirectory(os.tmpdir())).toMatch(/pg-autogen-cache-/);
    }
  });

  it("writes entries, code caches and packs for their owner only, whatever the umask", () => {
    const previous = process.umask(0o000);
    try {
      const cache = new CompileCache(dir, "id");
      const key = cache.keyFor("/p/x.ts", Buffer.from("x"));
      cache.write(key, "exports.x = 1;\n");
      cache.writeCodeCache(key, Buffer.from("code"));
      writeModulePack(cache.packPath("set"), new Map([[key, { output: "exports.x = 1;\n", codeCache: undefined }]]));
      const modes = fs.readdirSync(dir).map((name) => fs.statSync(path.join(dir, name)).mode & 0o777);
      expect(modes).toEqual([0o600, 0o600, 0o600]);
    } finally {
      process.umask(previous);
    }
  });

  it("does not use a temp-dir cache folder another user owns or others can write", () => {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "autogen-cache-tmp-"));
    const uid = typeof process.getuid === "function" ? String(process.getuid()) : os.userInfo().username;
    const folder = path.join(tmp, `pg-autogen-cache-${uid}`);
    try {
      // A folder planted by someone else (here: the postgres user) could hand this process compiled code.
      fs.mkdirSync(folder, { mode: 0o777 });
      fs.chmodSync(folder, 0o777);
      const other = otherUser();
      if (other !== undefined) {
        fs.chownSync(folder, other, other);
        expect(resolveCacheDirectory(tmp, tmp)).toBeUndefined();
        fs.chownSync(folder, process.getuid!(), process.getgid!());
      }
      // Our own folder, open to others: closed, then used.
      fs.chmodSync(folder, 0o777);
      expect(resolveCacheDirectory(tmp, tmp)).toBe(folder);
      expect(fs.statSync(folder).mode & 0o777).toBe(0o700);
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  });

  it("reads AUTOGEN_NO_CACHE", () => {
    expect(compileCacheDisabled({ AUTOGEN_NO_CACHE: "1" })).toBe(true);
    expect(compileCacheDisabled({ AUTOGEN_NO_CACHE: "true" })).toBe(true);
    expect(compileCacheDisabled({ AUTOGEN_NO_CACHE: "0" })).toBe(false);
    expect(compileCacheDisabled({})).toBe(false);
  });
});
