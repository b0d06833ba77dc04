/**
 * The file half of a new revision, shared by `autogen revision` and `revision --baseline`: renders each
 * part's operations (upgrade, and the downgrade derived by inverting them) into the project's template,
 * writes the files (all of them or none), runs the post-write hooks and reports them.
 */
import fs from "node:fs";
import path from "node:path";
import type { Project } from "./project";
import { invertAll } from "../ops/invert";
import type { Operation } from "../ops/operation";
import type { WriteMigrationResult } from "../render/write-migration";
import { migrationFileName } from "../render/file-name";
import { UsageError } from "../errors";
import type { RevisionPart } from "./revision-parts";
import { safeSteps, type SafeFormOptions } from "../safe/safe-form";

/** The file name template gives two parts of one revision the same file name. */
export class PartFileNameClashError extends UsageError {
  constructor(
    readonly file: string,
    readonly parts: number,
  ) {
    super(
      `This migration has to be written as ${parts} revisions (it uses enum labels that it adds), but the ` +
        `fileTemplate gives two of them the same file name ${file}. Add {rev} or {slug} to fileTemplate; ` +
        `nothing was written.`,
    );
  }
}

export interface WrittenPart {
  readonly revision: string;
  /** Null in a dry run. */
  readonly file: string | null;
  readonly operations: readonly Operation[];
  readonly content: string;
}

export interface RevisionFiles {
  /** Every part, in order. */
  readonly parts: readonly WrittenPart[];
  readonly hooks: WriteMigrationResult["hooks"];
}

export interface RevisionFilesOptions {
  /** Given to the first part only. */
  readonly branchLabels?: readonly string[];
  /** Given to the first part only. */
  readonly dependsOn?: readonly string[];
  /** The schemas the entities occupy, recorded in every part for the next autogenerate (see Revision). */
  readonly comparedSchemas?: readonly string[];
  /** Render only: write nothing and run no hook. */
  readonly dryRun?: boolean;
  /** Write each part in the lock-safe form (`--safe`): its steps and the migration's timeouts. */
  readonly safe?: SafeFormOptions & {
    readonly timeouts: { readonly lockTimeout: string; readonly statementTimeout: string };
  };
}

/**
 * Renders and (unless `dryRun`) writes the migration files of the parts of a new revision. Never half a
 * history: when one file cannot be written, those written before it are removed.
 */
export async function writeRevisionParts(
  project: Project,
  parts: readonly RevisionPart[],
  options: RevisionFilesOptions = {},
): Promise<RevisionFiles> {
  const { config, logger } = project;
  const createDate = new Date();
  // The renderer (Handlebars, Prettier) is loaded only when a file is written, not for `check`.
  const [{ renderMigration }, { writeMigration }] = await Promise.all([
    import("../render/render-migration"),
    import("../render/write-migration"),
  ]);
  const rendered: { part: RevisionPart; file: string; content: string }[] = [];
  for (const part of parts) {
    const fileName = migrationFileName(config.fileTemplate, { revision: part.revision, message: part.message, createDate });
    const file = path.join(config.migrationsDir, fileName);
    if (rendered.some((r) => r.file === file)) throw new PartFileNameClashError(file, parts.length);
    const content = await renderMigration(
      {
        message: part.message,
        revision: part.revision,
        downRevision: part.parents.length === 0 ? null : part.parents.length === 1 ? part.parents[0]! : part.parents,
        branchLabels: part.first && options.branchLabels?.length ? options.branchLabels : null,
        dependsOn: part.first && options.dependsOn?.length ? options.dependsOn : null,
        createDate,
        upgradeOps: part.operations,
        downgradeOps: invertAll(part.operations),
        upgradeNotes: part.upgradeNotes,
        downgradeNotes: part.downgradeNotes,
        templatePath: config.templatePath,
        comparedSchemas: options.comparedSchemas ?? null,
        ...(options.safe &&
          part.operations.length > 0 && {
            safe: {
              upgradeSteps: safeSteps(part.operations, options.safe),
              downgradeSteps: safeSteps(invertAll(part.operations), options.safe),
              timeouts: options.safe.timeouts,
            },
          }),
      },
      file,
    );
    rendered.push({ part, file, content });
  }
  if (options.dryRun) {
    return { parts: rendered.map((r) => ({ revision: r.part.revision, file: null, operations: r.part.operations, content: r.content })), hooks: [] };
  }
  fs.mkdirSync(config.migrationsDir, { recursive: true });
  const results: { part: RevisionPart; written: WriteMigrationResult; content: string }[] = [];
  try {
    for (const r of rendered) {
      const written = await writeMigration(r.file, r.content, { projectDir: config.projectDir, postWriteHooks: config.postWriteHooks });
      results.push({ part: r.part, content: r.content, written });
    }
  } catch (error) {
    for (const r of results) fs.rmSync(r.written.file, { force: true });
    throw error;
  }
  const hooks = results.flatMap((r) => r.written.hooks);
  for (const r of results) logger.info(`Generating ${path.relative(config.projectDir, r.written.file)} ... done`);
  for (const hook of hooks) {
    if (hook.ok) continue;
    const how = hook.exitCode === null ? `was stopped (${hook.signal ?? "could not start"})` : `exited with ${hook.exitCode}`;
    logger.warn(
      `Post-write hook "${hook.command}" ${how}; the migration file was kept as written. ${hook.stderr.trim()}`.trim(),
    );
  }
  return {
    parts: results.map((r) => ({ revision: r.part.revision, file: r.written.file, operations: r.part.operations, content: r.content })),
    hooks,
  };
}

export interface RevisionFileInput extends RevisionFilesOptions {
  readonly message: string;
  readonly revision: string;
  readonly parents: readonly string[];
  readonly operations: readonly Operation[];
}

/** One revision in one file (a baseline): `writeRevisionParts` with a single part. */
export async function writeRevisionFile(
  project: Project,
  input: RevisionFileInput,
): Promise<{ readonly file: string | null; readonly content: string; readonly hooks: WriteMigrationResult["hooks"] }> {
  const part: RevisionPart = {
    revision: input.revision,
    parents: input.parents,
    message: input.message,
    operations: input.operations,
    upgradeNotes: [],
    downgradeNotes: [],
    first: true,
  };
  const { parts, hooks } = await writeRevisionParts(project, [part], input);
  return { file: parts[0]!.file, content: parts[0]!.content, hooks };
}
