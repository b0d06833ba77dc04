/**
 * The CLI's side of rename detection: a `RenameDecider` that asks on the terminal (an arrow-key list per
 * created table or column: renamed from one of the deleted ones, or new), behind the answers given with
 * `--rename` / `--no-rename`. Without a terminal (or with `--no-interactive`) nothing is asked: a possible
 * rename the flags leave open stops autogenerate before anything is written (`UnansweredRenamesError`).
 */
import { answeredRenames, type RenameAnswers } from "../api/rename-answers";
import {
  candidateSubject,
  createdTableName,
  deletedNames,
  deletedTables,
  type RenameCandidate,
  type RenameDecider,
} from "../api/rename-candidates";
import { AutogenError } from "../errors";
import type { CliIo } from "./io";
import { startPhase } from "../progress/progress";

/** Where the prompt reads keys and draws itself: stdin and stderr, so that stdout stays clean for output. */
export interface PromptStreams {
  readonly input: NodeJS.ReadableStream;
  readonly output: NodeJS.WritableStream;
}

/** The process's stdin and stderr. */
export function processPromptStreams(): PromptStreams {
  return { input: process.stdin, output: process.stderr };
}

/** The user pressed Ctrl+C (or closed the input) while a rename question was open. */
export class RenamePromptCancelledError extends AutogenError {
  constructor(readonly subject: string) {
    super(
      `The rename question about ${subject} was cancelled, so nothing was generated. Run the command again ` +
        `and answer each question (a rename keeps the data, "new" drops the old object and adds the new one), ` +
        `or answer on the command line with --rename old=new / --no-rename old.`,
    );
  }
}

/**
 * A decider that asks on the terminal, one arrow-key list per candidate: `~ mail -> email (rename)` for
 * each deleted object offered (those of the same type first), then `+ email (new)`. Enter takes the
 * highlighted choice, which is at first a rename: the default never loses data.
 * Use it only when stdin and stderr are terminals (see `renameDecider`).
 *
 * @example
 * const result = await compareWithRenames(current, target, {}, promptRenames(processIo));
 */
export function promptRenames(io: CliIo, streams: PromptStreams = processPromptStreams()): RenameDecider {
  let introduced = false;
  return async (candidate) => {
    // The progress line gives way to the question while it is open.
    const asking = startPhase(io.onProgress, "waitingForAnswer");
    try {
      if (!introduced) {
        io.stderr("Some tables or columns were both removed and added: tell which ones are renames (a rename keeps the data).\n");
        introduced = true;
      }
      // Loaded on the first question only: most runs never ask one.
      const { default: select } = await import("@inquirer/select");
      const choices = renameChoices(candidate);
      return await select<string | null>(
        { message: questionText(candidate), choices, default: choices[0]!.value, loop: false },
        { input: streams.input, output: streams.output },
      );
    } catch (error) {
      if (error instanceof Error && (error.name === "ExitPromptError" || error.name === "AbortPromptError")) {
        throw new RenamePromptCancelledError(candidateSubject(candidate));
      }
      throw error;
    } finally {
      asking.end();
    }
  };
}

/** `Is column public.users.email new, or renamed from a deleted column?` */
export function questionText(candidate: RenameCandidate): string {
  return `Is ${candidateSubject(candidate)} new, or renamed from a deleted ${candidate.kind}?`;
}

/** A choice of the rename prompt: null for "new", else the deleted object's name. */
export interface RenameChoice {
  readonly value: string | null;
  readonly name: string;
  readonly description?: string;
}

/**
 * `~ mail -> email (rename)` per deleted object (those of the created column's type first, each group in
 * name order, a type change described), then `+ email (new)`, which says what it drops.
 */
export function renameChoices(candidate: RenameCandidate): RenameChoice[] {
  const created = candidate.kind === "table" ? candidate.created : candidate.created.name;
  const deleted = deletedNames(candidate);
  const isNew: RenameChoice = {
    value: null,
    name: `+ ${created} (new)`,
    description: `drops ${deleted.join(", ")} and ${deleted.length === 1 ? "its" : "their"} data, and adds ${created}`,
  };
  if (candidate.kind === "table") {
    const tables = deletedTables(candidate);
    return [
      ...deletedNames(candidate).map((name, i) =>
        tables[i]!.schema === candidate.schema
          ? { value: name, name: `~ ${name} -> ${created} (rename)` }
          : { value: name, name: `~ ${name} -> ${createdTableName(candidate, tables[i]!)} (move)` },
      ),
      isNew,
    ];
  }
  const newType = candidate.created.type;
  const sameTypeFirst = [...candidate.deleted].sort((a, b) => Number(a.type !== newType) - Number(b.type !== newType));
  return [
    ...sameTypeFirst.map((column): RenameChoice => {
      const choice = { value: column.name, name: `~ ${column.name} -> ${created} (rename)` };
      return column.type === newType
        ? choice
        : { ...choice, description: `renamed, then its type changes from ${column.type} to ${newType}` };
    }),
    isNew,
  ];
}

/** Whether the process can prompt: stdin and stderr are both terminals. */
export function isInteractiveTerminal(): boolean {
  return Boolean(process.stdin.isTTY && process.stderr.isTTY);
}

export interface RenameDeciderOptions {
  /** False with `--no-interactive`. */
  readonly interactive: boolean;
  /** What `--rename` and `--no-rename` answered. */
  readonly answers?: RenameAnswers;
  /** Whether stdin and stderr are terminals; default `isInteractiveTerminal()`. */
  readonly terminal?: boolean;
  readonly streams?: PromptStreams;
}

/**
 * The decider `autogen -m` uses: the `--rename` / `--no-rename` answers first; what they leave open is
 * asked on the terminal when interactive, and otherwise stops autogenerate, listing each possible rename
 * with the flags that answer it (nothing is written). Answers no possible rename used are warned about.
 */
export function renameDecider(io: CliIo, options: RenameDeciderOptions): RenameDecider {
  const terminal = options.terminal ?? isInteractiveTerminal();
  return answeredRenames(options.answers ?? { renames: [], noRenames: [] }, {
    fallback: options.interactive && terminal ? promptRenames(io, options.streams) : null,
    warn: (line) => io.stderr(`WARNING: ${line}\n`),
  });
}
