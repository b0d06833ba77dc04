/**
 * Writes a migration file atomically: the content goes to a temporary file in the same directory, which
 * is then linked into place only if no file of that name exists. A reader never sees a partial file, an
 * existing migration is never overwritten, and no temporary file is left behind.
 */
import { randomBytes } from "node:crypto";
import { promises as fs } from "node:fs";
import path from "node:path";
import { AutogenError } from "../errors";
import { type HookResult, type PostWriteHook, runPostWriteHooks } from "./post-write-hooks";

/** A migration file of that name exists already. */
export class MigrationFileExistsError extends AutogenError {
  constructor(readonly file: string) {
    super(
      `The migration file ${file} already exists and was left untouched: choose another message or ` +
        "revision id, or remove the existing file first.",
    );
  }
}

/** The migration file could not be written. */
export class MigrationWriteError extends AutogenError {
  constructor(
    readonly file: string,
    detail: string,
    options?: { cause?: unknown },
  ) {
    super(`The migration file ${file} could not be written: ${detail}`, options);
  }
}

function errorCode(error: unknown): string | undefined {
  return (error as NodeJS.ErrnoException | undefined)?.code;
}

async function exists(file: string): Promise<boolean> {
  try {
    await fs.lstat(file);
    return true;
  } catch (error) {
    if (errorCode(error) === "ENOENT") return false;
    throw error;
  }
}

/** Moves `temp` to `file` unless `file` exists: `link` is atomic and never replaces. */
async function placeWithoutReplacing(temp: string, file: string): Promise<void> {
  try {
    await fs.link(temp, file);
  } catch (error) {
    const code = errorCode(error);
    if (code === "EEXIST") throw new MigrationFileExistsError(file);
    if (code !== "EPERM" && code !== "ENOTSUP" && code !== "ENOSYS" && code !== "EXDEV") throw error;
    // File systems without hard links: check, then rename (a small window, but never a partial file).
    if (await exists(file)) throw new MigrationFileExistsError(file);
    await fs.rename(temp, file);
  }
}

/**
 * Writes `content` to `file`, which must not exist; its directory must. Throws `MigrationFileExistsError`
 * or `MigrationWriteError`.
 */
export async function writeFileAtomically(file: string, content: string): Promise<void> {
  const target = path.resolve(file);
  if (await exists(target)) throw new MigrationFileExistsError(target);
  const temp = path.join(path.dirname(target), `.${path.basename(target)}.${randomBytes(6).toString("hex")}.tmp`);
  try {
    const handle = await fs.open(temp, "wx", 0o644);
    try {
      await handle.writeFile(content, "utf8");
      await handle.sync();
    } finally {
      await handle.close();
    }
    await placeWithoutReplacing(temp, target);
  } catch (error) {
    if (error instanceof AutogenError) throw error;
    const detail =
      errorCode(error) === "ENOENT"
        ? `the directory ${path.dirname(target)} does not exist.`
        : `${(error as Error).message}.`;
    throw new MigrationWriteError(target, detail, { cause: error });
  } finally {
    await fs.rm(temp, { force: true });
  }
}

export interface WriteMigrationOptions {
  /** Working directory of the hooks: the project directory. */
  readonly projectDir: string;
  readonly postWriteHooks?: readonly PostWriteHook[];
}

export interface WriteMigrationResult {
  /** The absolute path written. */
  readonly file: string;
  /** One result per hook that ran; hooks stop at the first failure. */
  readonly hooks: readonly HookResult[];
  /** False when a hook failed (the file is kept). */
  readonly ok: boolean;
}

/**
 * Writes a rendered migration atomically, then runs the post-write hooks. A failing hook does not remove
 * the file: its exit code and output are in the result.
 */
export async function writeMigration(
  file: string,
  content: string,
  options: WriteMigrationOptions,
): Promise<WriteMigrationResult> {
  const target = path.resolve(options.projectDir, file);
  await writeFileAtomically(target, content);
  const hooks = await runPostWriteHooks(target, options.postWriteHooks ?? [], { cwd: options.projectDir });
  return { file: target, hooks, ok: hooks.every((h) => h.ok) };
}
