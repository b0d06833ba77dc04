/**
 * The file half of a new revision, shared by `autogen revision` and `revision --baseline`: renders the
 * operations (upgrade, and the downgrade derived by inverting them) into the project's template, writes
 * the file atomically, runs the post-write hooks and reports them.
 */
import fs from "node:fs";
import path from "node:path";
import type { Project } from "./project";
import { invertAll } from "../ops/invert";
import type { Operation } from "../ops/operation";
import type { WriteMigrationResult } from "../render/write-migration";
import { migrationFileName } from "../render/file-name";
import type { MigrationInput } from "../render/render-migration";

export interface RevisionFileInput {
  readonly message: string;
  readonly revision: string;
  readonly parents: readonly string[];
  readonly branchLabels?: readonly string[];
  readonly dependsOn?: readonly string[];
  readonly operations: readonly Operation[];
  /** Render only: write nothing and run no hook. */
  readonly dryRun?: boolean;
  /** The lock-safe form (`--safe`), see `MigrationInput.safe`. */
  readonly safe?: MigrationInput["safe"];
}

export interface RevisionFile {
  /** The written file, or null for a dry run. */
  readonly file: string | null;
  readonly content: string;
  readonly hooks: WriteMigrationResult["hooks"];
}

/** Renders and (unless `dryRun`) writes the migration file of a new revision. */
export async function writeRevisionFile(project: Project, input: RevisionFileInput): Promise<RevisionFile> {
  const { config, logger } = project;
  const createDate = new Date();
  const fileName = migrationFileName(config.fileTemplate, { revision: input.revision, message: input.message, createDate });
  const file = path.join(config.migrationsDir, fileName);
  // The renderer (Handlebars, Prettier) is loaded only when a file is written, not for `check`.
  const [{ renderMigration }, { writeMigration }] = await Promise.all([
    import("../render/render-migration"),
    import("../render/write-migration"),
  ]);
  const { parents } = input;
  const content = await renderMigration(
    {
      message: input.message,
      revision: input.revision,
      downRevision: parents.length === 0 ? null : parents.length === 1 ? parents[0]! : parents,
      branchLabels: input.branchLabels?.length ? input.branchLabels : null,
      dependsOn: input.dependsOn?.length ? input.dependsOn : null,
      createDate,
      upgradeOps: input.operations,
      downgradeOps: invertAll(input.operations),
      templatePath: config.templatePath,
      ...(input.safe && { safe: input.safe }),
    },
    file,
  );
  if (input.dryRun) return { file: null, content, hooks: [] };
  fs.mkdirSync(config.migrationsDir, { recursive: true });
  const written = await writeMigration(file, content, { projectDir: config.projectDir, postWriteHooks: config.postWriteHooks });
  logger.info(`Generating ${path.relative(config.projectDir, written.file)} ... done`);
  for (const hook of written.hooks) {
    if (hook.ok) continue;
    const how = hook.exitCode === null ? `was stopped (${hook.signal ?? "could not start"})` : `exited with ${hook.exitCode}`;
    logger.warn(
      `Post-write hook "${hook.command}" ${how}; the migration file was kept as written. ${hook.stderr.trim()}`.trim(),
    );
  }
  return { file: written.file, content, hooks: written.hooks };
}
