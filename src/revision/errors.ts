/**
 * Errors of the revision graph, target resolution and script directory. Each carries the data a caller
 * needs (ids, files) and a one-paragraph message naming the revisions and files involved.
 */
import { AutogenError, UsageError } from "../errors";
import { describeRevision, describeRevisions, quoteIds, type RevisionRef } from "./revision";

/** Two or more migration files declare the same revision id. */
export class DuplicateRevisionError extends AutogenError {
  constructor(
    readonly id: string,
    readonly paths: readonly (string | null)[],
  ) {
    const files = paths.map((p) => p ?? "(no file)").join(", ");
    super(
      `Revision id "${id}" is declared by ${paths.length} migrations: ${files}. Every migration needs its ` +
        `own id: change the \`revision\` export of all but one of them, and the \`downRevision\` of any ` +
        `migration meant to follow the renamed one.`,
    );
  }
}

/** A revision id that cannot be used because target syntax would misread it. */
export class InvalidRevisionIdError extends AutogenError {
  constructor(
    readonly id: string,
    readonly path: string | null,
    readonly reason: string,
  ) {
    super(
      `Revision id "${id}"${path === null ? "" : ` declared in ${path}`} is not valid: ${reason}. Revision ` +
        `ids must be non-empty, contain no whitespace, "@", ":" or ",", not start with "+" or "-", and not ` +
        `be one of the words head, heads, base or current.`,
    );
  }
}

/** A `downRevision` or `dependsOn` entry names a revision that no migration declares. */
export class MissingRevisionError extends AutogenError {
  constructor(
    readonly id: string,
    readonly referencedBy: string,
    readonly path: string | null,
    readonly relation: "downRevision" | "dependsOn" = "downRevision",
  ) {
    const how = relation === "downRevision" ? "as its down revision" : "in its dependsOn";
    super(
      `Migration ${describeRevision({ id: referencedBy, path })} lists "${id}" ${how}, but no migration ` +
        `declares revision "${id}". Restore the missing migration file or correct the \`${relation}\` ` +
        `export of "${referencedBy}".`,
    );
  }
}

/** The downRevision/dependsOn references loop back on themselves. */
export class CycleDetectedError extends AutogenError {
  /** The ids of the cycle, each one listing the next as a down revision or dependency. */
  readonly revisions: readonly string[];
  readonly paths: readonly (string | null)[];
  constructor(cycle: readonly RevisionRef[]) {
    const chain = [...cycle, cycle[0]].map((r) => r.id).join(" -> ");
    super(
      `The revisions ${describeRevisions(cycle)} form a cycle: ${chain}, where each one lists the next ` +
        `in its downRevision or dependsOn. A migration cannot run before itself; correct the ` +
        `\`downRevision\` or \`dependsOn\` of one of them.`,
    );
    this.revisions = cycle.map((r) => r.id);
    this.paths = cycle.map((r) => r.path);
  }
}

/** Why a branch label was refused. */
export type BranchLabelProblem =
  "duplicate" | "conflictsWithRevision" | "invalid" | "unknown" | "notOnBranch";

/**
 * A branch label is declared twice, clashes with a revision id, is malformed (the migration files: exit 1),
 * unknown, or misused (a target typed by the user: exit 2).
 */
export class BranchLabelError extends AutogenError {
  override readonly exitCode: number;
  constructor(
    readonly label: string,
    readonly problem: BranchLabelProblem,
    readonly revisions: readonly RevisionRef[] = [],
  ) {
    super(branchLabelMessage(label, problem, revisions));
    this.exitCode = problem === "unknown" || problem === "notOnBranch" ? 2 : 1;
  }
}

function branchLabelMessage(
  label: string,
  problem: BranchLabelProblem,
  revisions: readonly RevisionRef[],
): string {
  const who = describeRevisions(revisions);
  switch (problem) {
    case "duplicate":
      return (
        `Branch label "${label}" is declared by more than one revision: ${who}. A label names a single ` +
        `branch; rename or remove it in all but one of them.`
      );
    case "conflictsWithRevision":
      return (
        `Branch label "${label}" is also a revision id (${who}), so "${label}" as a target would be ` +
        `ambiguous. Rename the label.`
      );
    case "invalid":
      return (
        `Branch label "${label}" declared by ${who} is not valid: labels must be non-empty, contain no ` +
        `whitespace, "@", ":" or ",", not start with "+" or "-", and not be one of the words head, heads, ` +
        `base or current.`
      );
    case "unknown":
      return `No revision declares the branch label "${label}". Check the \`branchLabels\` exports of the migrations.`;
    case "notOnBranch":
      return (
        `Revision ${who} is not on branch "${label}": it is neither an ancestor nor a descendant of the ` +
        `revision that declares the label. Use the revision id alone or another branch label.`
      );
  }
}

/** A target that needs a single head (`head`, `+1`, `-1`) met several. */
export class MultipleHeadsError extends UsageError {
  constructor(
    readonly heads: readonly string[],
    readonly target: string,
  ) {
    super(
      `The target "${target}" needs a single head, but there are ${heads.length}: ${quoteIds(heads)}. ` +
        `Name one of them (or "<branch label>@head" for one branch), use "heads" to upgrade every branch, ` +
        `or write a merge migration that revises all of them.`,
    );
  }
}

/** No revision id, prefix or branch label matches. */
export class UnknownRevisionError extends UsageError {
  constructor(
    readonly target: string,
    /** Where the id came from when it was not typed by the user, e.g. "the version table". */
    readonly source: string | null = null,
  ) {
    super(
      source === null
        ? `No revision id, id prefix or branch label matches "${target}". Check it against the ` +
            `\`revision\` exports of the migration files.`
        : `Revision "${target}", found in ${source}, is not declared by any migration file. The database ` +
            `was migrated with files that are missing here: restore them before running any command (or, ` +
            `if they are gone for good, set the table with "autogen stamp --purge <revision>").`,
    );
  }
}

/** A revision id prefix that matches several revisions. */
export class AmbiguousRevisionError extends UsageError {
  constructor(
    readonly prefix: string,
    readonly candidates: readonly string[],
  ) {
    super(
      `The revision prefix "${prefix}" is ambiguous: it matches ${quoteIds(candidates)}. Give more ` +
        `characters of the id.`,
    );
  }
}

/**
 * `lower` is not an ancestor of `upper`: an empty history range, or a downgrade to an unapplied revision
 * (the mirror of `UpgradeTargetBelowError`).
 */
export class RangeNotAncestorError extends UsageError {
  constructor(
    readonly lower: string,
    readonly upper: readonly string[],
    readonly context: "range" | "downgrade" = "range",
  ) {
    super(
      context === "downgrade"
        ? `Cannot downgrade to "${lower}": it is not applied to the database (current heads: ` +
            `${quoteIds(upper)}), so there is nothing to remove down to it.`
        : `Revision "${lower}" is not an ancestor of ${quoteIds(upper)}, so the range ` +
            `"${lower}:${upper.join(",")}" is empty. Put the older revision first.`,
    );
  }
}

/** A target string that cannot be parsed or makes no sense for the command. */
export class InvalidTargetError extends UsageError {
  constructor(
    readonly target: string,
    readonly reason: string,
  ) {
    super(`Invalid revision target "${target}": ${reason}.`);
  }
}

/** A migration file that does not export what a migration must. */
export class MalformedMigrationError extends AutogenError {
  constructor(
    readonly path: string,
    /** The missing or invalid export, e.g. "downRevision". */
    readonly what: string,
    readonly detail: string,
  ) {
    super(`Migration file ${path} has no valid \`${what}\` export: ${detail}.`);
  }
}

/**
 * Loading (compiling, evaluating) a migration file threw. With the loader's `ModuleLoadError` as cause,
 * its `detail` (the line, or the broken file it imports) is the reason.
 */
export class MigrationLoadError extends AutogenError {
  constructor(
    readonly path: string,
    cause: unknown,
  ) {
    const detail = (cause as { detail?: unknown } | null)?.detail;
    const reason =
      typeof detail === "string" ? detail : cause instanceof Error ? cause.message.replace(/\.+$/, "") : String(cause);
    super(
      `Migration file ${path} could not be loaded: ${reason}. Fix the migration file and run the command ` +
        `again (a helper module beside the migrations belongs in a file whose name starts with "_", which ` +
        `is not read as a migration).`,
      { cause },
    );
  }
}

/** The script directory does not exist or is not a directory: a usage error (exit code 2). */
export class ScriptDirectoryError extends UsageError {
  constructor(
    readonly dir: string,
    reason: string,
  ) {
    super(`The migrations directory ${dir} cannot be read: ${reason}.`);
  }
}

/** The script directory does not exist. */
export class MissingScriptDirectoryError extends ScriptDirectoryError {
  constructor(dir: string) {
    super(dir, "it does not exist");
    this.message =
      `The migrations folder ${dir} does not exist. Create it with \`autogen init\` (which also writes ` +
      `autogen.config.ts and the migration template), or set \`migrations\` in the config to the folder ` +
      `that holds your migration files.`;
  }
}

/** `upgrade` to a revision older than what the database is at: that is a downgrade. */
export class UpgradeTargetBelowError extends UsageError {
  constructor(
    readonly target: string,
    readonly revision: string,
    readonly heads: readonly string[],
  ) {
    super(
      `Cannot upgrade to "${target}": "${revision}" is older than the database's current ` +
        `${heads.length === 1 ? "revision" : "revisions"} ${quoteIds(heads)}, and upgrade only moves forward. ` +
        `To go back to it, run "autogen downgrade ${target}" (it undoes the revisions applied after it).`,
    );
  }
}

/**
 * A `--rev-id` or `--branch-label` for a new revision that the graph would refuse once its file is loaded
 * (or the version table could not store): refused before anything is written.
 */
export class InvalidNewRevisionError extends UsageError {
  constructor(
    /** The option, e.g. "--rev-id". */
    readonly option: string,
    readonly value: string,
    readonly reason: string,
  ) {
    super(`${option} "${value}" cannot be used: ${reason}; no migration file was written.`);
  }
}
