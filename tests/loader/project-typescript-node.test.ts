/**
 * The loader as users run it (a plain Node process, src/ transpiled to JavaScript): a broken file is named
 * first with its line, even when another file imports it; the project's own TypeScript compiles (an old
 * one is refused naming its version and the range, a 7.x one without a JavaScript API leaves it to the
 * tool's); the project's tsconfig options that TypeScript 4.x does not know are never passed; plain
 * JavaScript entities and config load with no TypeScript at all.
 */
import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { REPOSITORY_ROOT as ROOT, transpileFolders } from "../support/transpile";

const run = promisify(execFile);

/** Runs one job (`load` a module, read `entities`, or load a `config`) and prints what happened as JSON. */
const RUNNER = `
const Module = require("node:module");
if (process.env.BLOCK_TYPESCRIPT) {
  const original = Module._resolveFilename;
  Module._resolveFilename = function (request, ...rest) {
    if (request === "typescript" || request.startsWith("typescript/")) throw new Error("typescript is not installed");
    return original.call(this, request, ...rest);
  };
}
const out = process.argv[2];
const { loadModule } = require(out + "/src/loader/load-module.js");
const { typescriptHookStats } = require(out + "/src/loader/typescript-hook.js");
const { loadEntitySet } = require(out + "/src/entities/load-entities.js");
const { buildEntityMetadata } = require(out + "/src/entities/build-metadata.js");
const { loadConfig } = require(out + "/src/config/load-config.js");
const { loadScriptDirectory } = require(out + "/src/revision/script-directory.js");
async function runJob(job, project, target) {
  let result;
  try {
    if (job === "load") result = { exports: await loadModule(target, { projectDir: project }) };
    if (job === "entities") {
      const set = await loadEntitySet({ entities: [target] }, project);
      result = { names: (await buildEntityMetadata(set)).map((m) => m.tablePath) };
    }
    if (job === "config") result = { entities: (await loadConfig({ cwd: project, env: {} })).entities };
    if (job === "migrations") {
      const { graph } = await loadScriptDirectory(target, (file) => loadModule(file, { projectDir: project }));
      result = { heads: graph.heads.map((r) => r.id) };
    }
  } catch (e) {
    result = { error: e.name, message: e.message };
  }
  result.typescriptLoaded = Object.keys(require.cache).some((k) => /node_modules[\\\\/]typescript[\\\\/]/.test(k));
  result.stats = typescriptHookStats();
  return result;
}
(async () => {
  const results = [];
  for (const [job, project, target] of JSON.parse(process.argv[3])) results.push(await runJob(job, project, target));
  process.stdout.write(JSON.stringify(results));
})();
`;

interface Result {
  readonly exports?: Record<string, unknown>;
  readonly names?: string[];
  readonly entities?: string[];
  readonly error?: string;
  readonly message?: string;
  readonly typescriptLoaded: boolean;
  readonly stats: { typescript?: { version: string; origin: string }; compiled: number };
}

let outDir: string;
let root: string;

/** A project folder with `files`; `typeorm` (and without a fake one, `typescript`) come from the repository. */
function project(name: string, files: Record<string, string>): string {
  const dir = path.join(root, name);
  for (const [file, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.writeFileSync(path.join(dir, file), content);
  }
  return dir;
}

type Job = readonly [job: "load" | "entities" | "config" | "migrations", project: string, target: string];

/** Runs `jobs` in one Node process, in order. */
async function inChild(jobs: readonly Job[], env: NodeJS.ProcessEnv = {}): Promise<Result[]> {
  const { stdout } = await run(process.execPath, [path.join(outDir, "run.js"), outDir, JSON.stringify(jobs)], {
    cwd: root,
    env: { ...process.env, NODE_PATH: path.join(ROOT, "node_modules"), NODE_OPTIONS: "", AUTOGEN_NO_CACHE: "1", ...env },
    timeout: 60_000,
  });
  return JSON.parse(stdout) as Result[];
}

const ENTITY = (name: string, imports = ""): string => `import { Column, Entity, PrimaryGeneratedColumn } from "typeorm";
${imports}
@Entity()
export class ${name} {
  @PrimaryGeneratedColumn()
  id: number;

  @Column()
  label: string;
}
`;

/** The projects of the cases below, each with the job that reads it. */
const CASES = {
  syntax: (): Job => {
    const dir = project("syntax", {
      "entities/post.entity.ts": ENTITY("Post", 'import { Kind } from "./kind.entity";\nexport const kinds = [Kind];'),
      "entities/kind.entity.ts": "export class Kind {\n  name: string;\n  broken(: number {}\n}\n",
    });
    return ["entities", dir, "entities/post.entity.ts"];
  },
  syntaxJs: (): Job => {
    const dir = project("syntax-js", { "dist/a.js": 'exports.a = require("./b").b;\n', "dist/b.js": "exports.b = 1;\nconst = 2;\n" });
    return ["load", dir, path.join(dir, "dist", "a.js")];
  },
  missing: (): Job => {
    const dir = project("missing", { "a.ts": 'export const a = 1;\nimport { b } from "./nowhere";\nexport const c = b;\n' });
    return ["load", dir, path.join(dir, "a.ts")];
  },
  migration: (): Job => {
    const dir = project("migrations", {
      "migrations/0001_first.ts": [
        'export const revision = "aaaaaaaaaaaa";',
        "export const downRevision = null;",
        "export async function upgrade(op: unknown): Promise<void> {",
        "  await (op as { execute(sql: string): Promise<void> }).execute(`SELECT 1`;",
        "}",
        "export async function downgrade(): Promise<void> {}",
        "",
      ].join("\n"),
    });
    return ["migrations", dir, path.join(dir, "migrations")];
  },
  oldTypeScript: (): Job => {
    const dir = project("old-ts", {
      "node_modules/typescript/package.json": JSON.stringify({ name: "typescript", version: "4.5.5", main: "lib/typescript.js" }),
      "a.ts": "export const a: number = 1;\n",
    });
    return ["load", dir, path.join(dir, "a.ts")];
  },
  nativeTypeScript: (): Job => {
    const dir = project("native-ts", {
      "node_modules/typescript/package.json": JSON.stringify({ name: "typescript", version: "7.0.2", exports: { ".": "./lib/version.cjs" } }),
      "node_modules/typescript/lib/version.cjs": 'module.exports = { version: "7.0.2" };\n',
      "a.ts": "export const a: number = 1;\n",
    });
    return ["load", dir, path.join(dir, "a.ts")];
  },
  tsconfig: (): Job => {
    const dir = project("tsconfig", {
      // What a TypeScript 5 project with ES modules has; `verbatimModuleSyntax` with CommonJS output would fail.
      "tsconfig.json": JSON.stringify({
        compilerOptions: { module: "nodenext", verbatimModuleSyntax: true, experimentalDecorators: true, emitDecoratorMetadata: true, outDir: "dist" },
      }),
      "entities/note.ts": ENTITY("Note"),
    });
    return ["entities", dir, "entities/*.ts"];
  },
  noMetadata: (): Job => {
    const dir = project("no-metadata", {
      "tsconfig.json": JSON.stringify({ compilerOptions: { experimentalDecorators: true, emitDecoratorMetadata: false } }),
      "entities/note.ts": ENTITY("Note"),
    });
    return ["entities", dir, "entities/*.ts"];
  },
};

let results: Record<keyof typeof CASES, Result & { dir: string }>;

beforeAll(async () => {
  outDir = fs.mkdtempSync(path.join(os.tmpdir(), "autogen-project-ts-code-"));
  transpileFolders(outDir, ["src/loader", "src/entities", "src/model", "src/config", "src/revision"]);
  fs.writeFileSync(path.join(outDir, "run.js"), RUNNER);
  root = fs.mkdtempSync(path.join(os.tmpdir(), "autogen-project-ts-"));
  const names = Object.keys(CASES) as (keyof typeof CASES)[];
  const jobs = names.map((name) => CASES[name]());
  const outcomes = await inChild(jobs);
  results = Object.fromEntries(names.map((name, i) => [name, { ...outcomes[i]!, dir: jobs[i]![1] }])) as typeof results;
});

afterAll(() => {
  fs.rmSync(outDir, { recursive: true, force: true });
  fs.rmSync(root, { recursive: true, force: true });
});

describe("a file that fails to load is named first, with its line", () => {
  it("names the entity file with the syntax error, not the entity file that imports it", () => {
    const { dir, error, message } = results.syntax;
    expect(error).toBe("EntityLoadError");
    expect(message).toMatch(
      new RegExp(
        `^${escape(path.join(dir, "entities", "kind.entity.ts"))}:3:10: syntax error: .+ \\(TS\\d+\\) \\(while loading ` +
          `${escape(path.join(dir, "entities", "post.entity.ts"))}\\)\\. The entity file could not be loaded`,
      ),
    );
  });

  it("names a JavaScript file with a syntax error and its line", () => {
    const { dir, error, message } = results.syntaxJs;
    expect(error).toBe("ModuleLoadError");
    expect(message).toMatch(new RegExp(`^${escape(path.join(dir, "dist", "b.js"))}:2:\\d+: syntax error: Unexpected token`));
  });

  it("names the import that resolves to nothing, in the file and at the line that holds it", () => {
    const { dir, message } = results.missing;
    expect(message).toBe(`${path.join(dir, "a.ts")}:2:19: Cannot find module './nowhere'`);
  });
});

describe("a migration file that fails to load", () => {
  it("gets migration-file advice, with its line", () => {
    const { dir, error, message } = results.migration;
    expect(error).toBe("MigrationLoadError");
    expect(message).toBe(
      `Migration file ${path.join(dir, "migrations", "0001_first.ts")} could not be loaded: line 4, column 75: syntax ` +
        "error: ')' expected (TS1005). Fix the migration file and run the command again (a helper module beside " +
        'the migrations belongs in a file whose name starts with "_", which is not read as a migration).',
    );
  });
});

describe("the project's own TypeScript", () => {
  it("is refused below 4.7, naming the version found and the supported range", () => {
    const { dir, error, message } = results.oldTypeScript;
    expect(error).toBe("UnsupportedTypeScriptError");
    expect(message).toBe(
      `The project's TypeScript is 4.5.5 (${path.join(dir, "node_modules", "typescript")}), older than the TypeScript ` +
        "pg-autogen can compile with: >=4.7 <7 (7.x and later: the tool's own TypeScript compiles). Upgrade the " +
        "project's typescript to 4.7 or later.",
    );
  });

  it("is left to the tool's TypeScript at 7.x, which has no JavaScript compiler API", () => {
    const { exports, stats } = results.nativeTypeScript;
    expect(exports).toEqual({ a: 1 });
    expect(stats.typescript).toEqual({ version: "5.9.3", origin: "tool" });
  });

  it("compiles with the project's tsconfig: its decorator options, and none of the build-only ones", () => {
    const { message, names } = results.tsconfig;
    expect(message).toBeUndefined();
    expect(names).toEqual(["note"]);
  });

  it("honours a tsconfig that turns decorator metadata off: TypeORM then sees no column type", () => {
    const { dir, error, message } = results.noMetadata;
    expect(error).toBe("EntityLoadError");
    // TypeORM's @Column() throws while the file loads; the line is the decorator's, not TypeScript's helper's.
    expect(message).toMatch(
      new RegExp(`^${escape(path.join(dir, "entities", "note.ts"))}:9:3: Column type for Note#label is not defined`),
    );
  });
});

describe("plain JavaScript", () => {
  it("entities and config load with no TypeScript installed at all", async () => {
    const dir = project("javascript", {
      "autogen.config.js": 'module.exports = { entities: ["dist/entities/*.js"] };\n',
      "dist/entities/note.js": [
        '"use strict";',
        'const { Column, Entity, PrimaryGeneratedColumn } = require("typeorm");',
        "class Note {}",
        'PrimaryGeneratedColumn()(Note.prototype, "id");',
        'Column({ type: "varchar" })(Note.prototype, "label");',
        "exports.Note = Entity()(Note) || Note;",
        "",
      ].join("\n"),
    });
    const [config, entities] = await inChild(
      [
        ["config", dir, ""],
        ["entities", dir, "dist/entities/*.js"],
      ],
      { BLOCK_TYPESCRIPT: "1" },
    );
    expect(config).toMatchObject({ entities: ["dist/entities/*.js"], typescriptLoaded: false });
    expect(entities).toMatchObject({ names: ["note"], typescriptLoaded: false });
  });
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
