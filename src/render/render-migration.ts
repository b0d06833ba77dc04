/**
 * A whole migration file: the operations rendered into statements, the slots of a logic-free Handlebars
 * template filled, and the result formatted by Prettier with the user's own Prettier configuration.
 */
import { readFile } from "node:fs/promises";
import path from "node:path";
import Handlebars from "handlebars";
import { AutogenError } from "../errors";
import { migrationHazards } from "../ops/hazards";
import type { Operation } from "../ops/operation";
import { docCommentLines, lineCommentText, wrapComment } from "./comment-text";
import { type FormatResult, formatTypeScript } from "./format-typescript";
import { jsNullableString, jsString, jsStringArray } from "./js-literal";
import { type RenderContext, renderOperation } from "./render-operation";
import { DEFAULT_TEMPLATE_PATH } from "./default-template";
import { renderStepsBody, renderTimeoutsExport } from "./render-steps";
import type { SafeStep } from "../safe/safe-form";

export { DEFAULT_TEMPLATE_PATH };

/** The built-in template, `templates/migration.ts.hbs` at the package root (same depth from src/ and dist/). */

/** What the migration template's slots are filled from. */
export interface MigrationInput {
  readonly message: string;
  readonly revision: string;
  readonly downRevision: string | readonly string[] | null;
  readonly branchLabels: readonly string[] | null;
  readonly dependsOn: readonly string[] | null;
  readonly createDate: Date;
  readonly upgradeOps: readonly Operation[];
  readonly downgradeOps: readonly Operation[];
  /** Paragraphs written as `//` comments at the top of `upgrade()` (why a migration was cut in parts). */
  readonly upgradeNotes?: readonly string[];
  readonly downgradeNotes?: readonly string[];
  /** A user template instead of the built-in one; it receives the same slots. */
  readonly templatePath?: string | null;
  readonly renderContext?: RenderContext;
  /** The lock-safe form (`--safe`): the steps of each direction, and the migration's timeouts. */
  readonly safe?: {
    readonly upgradeSteps: readonly SafeStep[];
    readonly downgradeSteps: readonly SafeStep[];
    readonly timeouts: { readonly lockTimeout: string; readonly statementTimeout: string };
  };
}

/**
 * The template's slots, every one a string: `message`, `revisionId`, `revises` and `createDate` are safe
 * inside the header comment; `revision`, `downRevision`, `branchLabels`, `dependsOn` are JavaScript
 * literals; `imports`, `upgrades`, `downgrades` are code.
 */
export interface MigrationSlots {
  readonly message: string;
  readonly revisionId: string;
  readonly revises: string;
  readonly createDate: string;
  readonly imports: string;
  readonly revision: string;
  readonly downRevision: string;
  readonly branchLabels: string;
  readonly dependsOn: string;
  readonly upgrades: string;
  readonly downgrades: string;
}

/** The migration template is missing or does not render. */
export class MigrationTemplateError extends AutogenError {
  constructor(
    readonly templatePath: string,
    detail: string,
    options?: { cause?: unknown },
  ) {
    super(`The migration template ${templatePath} cannot be used: ${detail}`, options);
  }
}

/** Prettier could not format the rendered migration (usually a custom template producing invalid code). */
export class MigrationFormatError extends AutogenError {
  constructor(
    readonly outputPath: string,
    /** The unformatted source, to show or save for inspection. */
    readonly source: string,
    detail: string,
    options?: { cause?: unknown },
  ) {
    super(`Prettier could not format the migration ${outputPath}: ${detail}`, options);
  }
}

const INDENT = "  ";

/**
 * The body of `upgrade` or `downgrade`: the notes as comments, then one statement per operation, or a
 * `// No changes.` line.
 */
export function renderBody(ops: readonly Operation[], ctx: RenderContext = {}, notes: readonly string[] = []): string {
  const comments = notes.flatMap((note, i) => [...(i > 0 ? ["//"] : []), ...wrapComment(note)]);
  const hazards = ctx.destructiveReason || ctx.hazards ? null : migrationHazards(ops);
  const statements =
    ops.length === 0 ? ["// No changes."] : ops.map((op, i) => renderOperation(op, hazards ? { ...ctx, hazards: hazards[i] } : ctx));
  return [...comments, ...statements]
    .join("\n")
    .split("\n")
    .map((line) => INDENT + line)
    .join("\n");
}

/** `2026-11-25 15:40:12.345`, UTC. */
export function formatCreateDate(date: Date): string {
  return date.toISOString().replace("T", " ").replace("Z", "");
}

/** Fills the slots from the input (no I/O). */
export function migrationSlots(input: MigrationInput): MigrationSlots {
  const down = input.downRevision;
  const downList = down === null ? [] : typeof down === "string" ? [down] : down;
  return {
    message: docCommentLines(input.message),
    revisionId: lineCommentText(input.revision),
    revises: downList.length === 0 ? "(none)" : lineCommentText(downList.join(", ")),
    createDate: formatCreateDate(input.createDate),
    imports:
      'import type { MigrationOps } from "pg-autogen";' +
      (input.safe ? `\n\n${renderTimeoutsExport(input.safe.timeouts)}` : ""),
    revision: jsString(input.revision),
    downRevision: typeof down === "string" || down === null ? jsNullableString(down) : jsStringArray(down),
    branchLabels: input.branchLabels === null ? "null" : jsStringArray(input.branchLabels),
    dependsOn: input.dependsOn === null ? "null" : jsStringArray(input.dependsOn),
    upgrades: input.safe
      ? renderStepsBody(input.safe.upgradeSteps, input.renderContext, input.upgradeNotes)
      : renderBody(input.upgradeOps, input.renderContext, input.upgradeNotes),
    downgrades: input.safe
      ? renderStepsBody(input.safe.downgradeSteps, input.renderContext, input.downgradeNotes)
      : renderBody(input.downgradeOps, input.renderContext, input.downgradeNotes),
  };
}

/** Renders the template with the slots, before formatting. */
export async function fillTemplate(slots: MigrationSlots, templatePath: string = DEFAULT_TEMPLATE_PATH): Promise<string> {
  let text: string;
  try {
    text = await readFile(templatePath, "utf8");
  } catch (error) {
    throw new MigrationTemplateError(templatePath, `it cannot be read (${(error as Error).message}).`, { cause: error });
  }
  try {
    const template = Handlebars.create().compile<MigrationSlots>(text, { noEscape: true, strict: true });
    return template({ ...slots });
  } catch (error) {
    throw new MigrationTemplateError(templatePath, (error as Error).message, { cause: error });
  }
}

/** Formats TypeScript source with the Prettier configuration that applies to `outputPath`. */
export async function formatMigration(source: string, outputPath: string): Promise<string> {
  const absolute = path.resolve(outputPath);
  let result: FormatResult;
  try {
    result = await formatTypeScript(source, absolute);
  } catch (error) {
    throw new MigrationFormatError(absolute, source, `Prettier did not run (${(error as Error).message}).`, { cause: error });
  }
  if (result.ok) return result.formatted;
  const detail =
    result.stage === "config"
      ? `its Prettier configuration cannot be loaded (${result.message}).`
      : `the rendered code is not valid TypeScript (is a custom template broken?): ${result.message}`;
  throw new MigrationFormatError(absolute, source, detail);
}

/**
 * The text of a migration file: operations rendered, template filled, Prettier applied with the
 * configuration that applies to `outputPath` (the file need not exist yet).
 */
export async function renderMigration(input: MigrationInput, outputPath: string): Promise<string> {
  const source = await fillTemplate(migrationSlots(input), input.templatePath ?? DEFAULT_TEMPLATE_PATH);
  return formatMigration(source, outputPath);
}
