/**
 * Writes a revision file from operations: the upgrade as given, the downgrade derived (`invertAll`),
 * rendered through the project's template and Prettier, written atomically, then the post-write hooks.
 * Shared by `autogen revision` and `autogen diff --ts`.
 */
import fs from "node:fs";
import path from "node:path";
import { destructiveReason } from "../ops/destructive";
import { invertAll } from "../ops/invert";
import type { Operation } from "../ops/operation";
import { migrationFileName } from "../render/file-name";
import type { Project } from "./project";
import type { RevisionResult } from "./revision";

export interface RevisionFileSpec {
  readonly message: string;
  readonly revision: string;
  /** The revisions it follows (`downRevision`): none for a root, several for a merge. */
  readonly parents: readonly string[];
  readonly branchLabels: readonly string[];
  readonly dependsOn: readonly string[];
  readonly operations: readonly Operation[];
  readonly log: readonly string[];
  /** Render only: return the text, write nothing. */
  readonly dryRun: boolean;
}

/** Renders and writes the file (unless `dryRun`); warns about each destructive operation. */
export async function writeRevisionFile(project: Project, spec: RevisionFileSpec): Promise<RevisionResult> {
  const { config, logger } = project;
  const { revision, parents, operations, log } = spec;
  const destructive = operations.map(destructiveReason).filter((r): r is string => r !== null);
  for (const reason of destructive) logger.warn(`WARNING: destructive change: ${reason}. Review the migration before applying it.`);

  const createDate = new Date();
  const fileName = migrationFileName(config.fileTemplate, { revision, message: spec.message, createDate });
  const file = path.join(config.migrationsDir, fileName);
  // The renderer (Handlebars, Prettier) is loaded only when a file is written, not for `check`.
  const [{ renderMigration }, { writeMigration }] = await Promise.all([
    import("../render/render-migration"),
    import("../render/write-migration"),
  ]);
  const content = await renderMigration(
    {
      message: spec.message,
      revision,
      downRevision: parents.length === 0 ? null : parents.length === 1 ? parents[0]! : [...parents],
      branchLabels: spec.branchLabels.length ? spec.branchLabels : null,
      dependsOn: spec.dependsOn.length ? spec.dependsOn : null,
      createDate,
      upgradeOps: operations,
      downgradeOps: invertAll(operations),
      templatePath: config.templatePath,
    },
    file,
  );
  if (spec.dryRun) {
    return { status: "created", revision, file: null, operations, log, destructive, hooks: [], content };
  }
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
  return { status: "created", revision, file: written.file, operations, log, destructive, hooks: written.hooks, content };
}
