/** Runs the CLI in-process on a temporary project, capturing output and exit code. */
import fs from "node:fs";
import path from "node:path";
import type * as Main from "../../src/cli/main";

export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Each call loads the CLI afresh (`jest.resetModules`), as a new `autogen` process would: entity and
 * migration files edited between calls are read again (the packages of `HEAVY` excepted).
 */
export async function cli(args: readonly string[], cwd: string, env: Record<string, string | undefined> = {}): Promise<CliRun> {
  jest.resetModules();
  shareHeavyModules();
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { run } = require("../../src/cli/main") as typeof Main;
  let stdout = "";
  let stderr = "";
  const code = await run(args, {
    cwd,
    env: { PATH: process.env.PATH, ...env },
    stdout: (t) => {
      stdout += t;
    },
    stderr: (t) => {
      stderr += t;
    },
  });
  return { code, stdout, stderr };
}

/**
 * TypeScript and TypeORM as this repository installs them (what every temporary project here resolves), and
 * libpg-query (WebAssembly) and Handlebars (the tool compiles with `Handlebars.create()`), loaded once per test file and handed to each `cli`
 * call instead of evaluated again after `jest.resetModules`: TypeORM is hundreds of modules, TypeScript one
 * 9 MB file; together they took about half the time of an in-process `check`, and the other two about 8%
 * of an `-m`. None keeps state between two runs that a new process would not have:
 * TypeORM's decorators write to a global storage (which survives `resetModules` anyway), and the tool's own
 * modules (`src/`) are still loaded afresh. A project with another TypeORM or TypeScript installed (the
 * version tests) resolves other files, which are loaded as usual.
 */
const HEAVY = ["typescript", "typeorm", "libpg-query", "handlebars"].map((id) => require.resolve(id));
const heavy = new Map<string, unknown>();
function shareHeavyModules(): void {
  for (const file of HEAVY) {
    jest.doMock(file, () => {
      if (!heavy.has(file)) heavy.set(file, jest.requireActual(file));
      return heavy.get(file);
    });
  }
}

/**
 * A temporary project directory with the given files (path -> content), inside the repository (in the
 * git-ignored `.tmp/`) so that entity files resolve `typeorm` from its node_modules, as in a real project.
 */
export function tempProject(files: Record<string, string>): string {
  const root = path.join(__dirname, "..", "..", ".tmp");
  fs.mkdirSync(root, { recursive: true });
  const dir = fs.mkdtempSync(path.join(root, "cli-"));
  for (const [file, content] of Object.entries(files)) {
    const target = path.join(dir, file);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(target, content);
  }
  return dir;
}

export function migrationFiles(dir: string, folder = "migrations"): string[] {
  const d = path.join(dir, folder);
  return fs.existsSync(d) ? fs.readdirSync(d).filter((f) => f.endsWith(".ts")).sort() : [];
}

export const NOTE_ENTITY = `
import { Column, Entity, PrimaryGeneratedColumn } from "typeorm";

@Entity({ name: "notes" })
export class Note {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: "varchar", length: 120 })
  title: string;
}
`;

export const NOTE_ENTITY_WITH_BODY = NOTE_ENTITY.replace(
  "  title: string;\n",
  "  title: string;\n\n  @Column({ type: \"text\", nullable: true })\n  body: string | null;\n",
);
