/**
 * `LazyCompiler.compileAhead` (src/loader/project-compiler.ts) in a plain Node process, where the worker's
 * script is JavaScript as in the built tool: the worker's outputs are the main thread's, byte for byte;
 * a file asked for with other content than the worker was given is compiled from the content asked for;
 * a file the worker could not compile (a syntax error) is compiled in the main thread, which reports it
 * with its line; and nothing is started once the compiler is loaded in the main thread. The whole check
 * (an edited entity file, through `autogen check`) is in tests/cli/entity-cache.test.ts.
 */
import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { REPOSITORY_ROOT, transpileFolders } from "../support/transpile";

const run = promisify(execFile);

const RUNNER = `
const [out, dir, filesJson] = process.argv.slice(2);
const { createProjectCompilation } = require(out + "/src/loader/project-compiler.js");
const files = JSON.parse(filesJson);
const counts = { loaded: 0, ahead: 0 };
const make = () => createProjectCompilation(dir, { loaded: () => counts.loaded++, compiledAhead: () => counts.ahead++ }).compiler;
const byName = (name, source) => ({ file: files[name].file, source: source ?? files[name].source });

const compiler = make();
const started = compiler.compileAhead([byName("post"), byName("tag"), byName("broken")]);
// The tag file was saved again after the worker was given it.
const outputs = compiler.compileMany([byName("post"), byName("tag", files.tagEdited.source)]);
const afterMany = { ...counts };
let broken;
try {
  compiler.compile(files.broken.source, files.broken.file);
} catch (error) {
  broken = { name: error.name, message: error.message };
}
const startedAgain = compiler.compileAhead([byName("post")]);
const reference = make().compileMany([byName("post"), byName("tag", files.tagEdited.source)]);
process.stdout.write(JSON.stringify({
  started, startedAgain, afterMany, broken,
  outputs: Object.fromEntries(outputs), reference: Object.fromEntries(reference),
}));
`;

const entity = (name: string, length: number) => `import { Column, Entity, PrimaryGeneratedColumn } from "typeorm";

@Entity()
export class ${name} {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ length: ${length} })
  label: string;
}
`;

interface Outcome {
  readonly started: boolean;
  readonly startedAgain: boolean;
  readonly afterMany: { readonly loaded: number; readonly ahead: number };
  readonly broken?: { readonly name: string; readonly message: string };
  readonly outputs: Record<string, string>;
  readonly reference: Record<string, string>;
}

let outcome: Outcome;
let files: Record<"post" | "tag" | "tagEdited" | "broken", { file: string; source: string }>;
const made: string[] = [];

afterAll(() => {
  for (const dir of made) fs.rmSync(dir, { recursive: true, force: true });
});

beforeAll(async () => {
  const outDir = fs.mkdtempSync(path.join(os.tmpdir(), "autogen-ahead-code-"));
  made.push(outDir);
  transpileFolders(outDir, ["src/loader"]);
  fs.writeFileSync(path.join(outDir, "run.js"), RUNNER);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "autogen-ahead-"));
  made.push(dir);
  fs.writeFileSync(path.join(dir, "tsconfig.json"), JSON.stringify({ compilerOptions: { experimentalDecorators: true, emitDecoratorMetadata: true } }));
  const at = (name: string) => path.join(dir, "entities", name);
  files = {
    post: { file: at("post.ts"), source: entity("Post", 40) },
    tag: { file: at("tag.ts"), source: entity("Tag", 40) },
    tagEdited: { file: at("tag.ts"), source: entity("Tag", 90) },
    broken: { file: at("broken.ts"), source: "export class Broken {\n  label: string;\n  broken(: number {}\n}\n" },
  };
  const { stdout } = await run(process.execPath, [path.join(outDir, "run.js"), outDir, dir, JSON.stringify(files)], {
    env: { ...process.env, NODE_PATH: path.join(REPOSITORY_ROOT, "node_modules"), NODE_OPTIONS: "", AUTOGEN_NO_CACHE: "1" },
    timeout: 60_000,
  });
  outcome = JSON.parse(stdout) as Outcome;
}, 120_000);

it("gives the main thread's output for a file the worker compiled, and compiles the rest there", () => {
  expect(outcome.started).toBe(true);
  // The post file came from the worker; the edited tag file needed the compiler in the main thread.
  expect(outcome.afterMany).toEqual({ loaded: 1, ahead: 1 });
  expect(Object.keys(outcome.outputs).sort()).toEqual([files.post.file, files.tag.file]);
  expect(outcome.outputs).toEqual(outcome.reference);
  expect(outcome.outputs[files.post.file]).toContain('__metadata("design:type", String)');
});

it("compiles a file from the content asked for, not the content the worker was given", () => {
  expect(outcome.outputs[files.tag.file]).toContain("length: 90");
  expect(outcome.outputs[files.tag.file]).not.toContain("length: 40");
});

it("reports a file the worker could not compile from the main thread, with its line", () => {
  expect(outcome.broken?.name).toBe("TypeScriptSyntaxError");
  expect(outcome.broken?.message).toContain(files.broken.file);
  expect(outcome.broken?.message).toMatch(/:3:/);
});

it("starts no worker once the compiler is loaded in the main thread", () => {
  expect(outcome.startedAgain).toBe(false);
});
