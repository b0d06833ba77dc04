/**
 * The CLI's side of rename detection: a `RenameDecider` that asks on the terminal (an arrow-key list per
 * created table or column: new, or renamed from one of the deleted ones), and the choice between it and
 * the non-interactive "always new" decider that warns about each possible rename instead.
 */
import {
  candidateSubject,
  treatRenamesAsNew,
  type RenameCandidate,
  type RenameDecider,
} from "../api/renames";
import { AutogenError } from "../errors";
import type { CliIo } from "./io";

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
        `or pass --no-interactive to treat every possible rename as a drop plus an add.`,
    );
  }
}

/**
 * A decider that asks on the terminal, one arrow-key list per candidate:
 * `+ email (new)` first, then `~ mail -> email (rename)` for each deleted object offered.
 * Use it only when stdin and stderr are terminals (see `renameDecider`).
 *
 * @example
 * const result = await compareWithRenames(current, target, {}, promptRenames(processIo));
 */
export function promptRenames(io: CliIo, streams: PromptStreams = processPromptStreams()): RenameDecider {
  let introduced = false;
  return async (candidate) => {
    if (!introduced) {
      io.stderr("Some tables or columns were both removed and added: tell which ones are renames (a rename keeps the data).\n");
      introduced = true;
    }
    try {
      // Loaded on the first question only: most runs never ask one.
      const { default: select } = await import("@inquirer/select");
      return await select<string | null>(
        { message: questionText(candidate), choices: renameChoices(candidate), default: null, loop: false },
        { input: streams.input, output: streams.output },
      );
    } catch (error) {
      if (error instanceof Error && (error.name === "ExitPromptError" || error.name === "AbortPromptError")) {
        throw new RenamePromptCancelledError(candidateSubject(candidate));
      }
      throw error;
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

/** `+ email (new)`, then `~ mail -> email (rename)` per deleted object (with the type change, if any). */
export function renameChoices(candidate: RenameCandidate): RenameChoice[] {
  const created = candidate.kind === "table" ? candidate.created : candidate.created.name;
  const isNew: RenameChoice = { value: null, name: `+ ${created} (new)` };
  if (candidate.kind === "table") {
    return [isNew, ...candidate.deleted.map((name) => ({ value: name, name: `~ ${name} -> ${created} (rename)` }))];
  }
  const newType = candidate.created.type;
  return [
    isNew,
    ...candidate.deleted.map((column): RenameChoice => {
      const choice = { value: column.name, name: `~ ${column.name} -> ${created} (rename)` };
      return column.type === newType
        ? choice
        : { ...choice, description: `renamed, then its type changes from ${column.type} to ${newType}` };
    }),
  ];
}

/** Whether the process can prompt: stdin and stderr are both terminals. */
export function isInteractiveTerminal(): boolean {
  return Boolean(process.stdin.isTTY && process.stderr.isTTY);
}

export interface RenameDeciderOptions {
  /** False with `--no-interactive`. */
  readonly interactive: boolean;
  /** Whether stdin and stderr are terminals; default `isInteractiveTerminal()`. */
  readonly terminal?: boolean;
  readonly streams?: PromptStreams;
}

/**
 * The decider a command uses: the prompt when asked to be interactive on a terminal, otherwise "always new"
 * (a drop plus an add, as without rename detection) with one warning line per possible rename on stderr:
 * `Possible rename: column public.users.mail -> email was treated as drop + add; run interactively to rename instead`.
 */
export function renameDecider(io: CliIo, options: RenameDeciderOptions): RenameDecider {
  const terminal = options.terminal ?? isInteractiveTerminal();
  return options.interactive && terminal
    ? promptRenames(io, options.streams)
    : treatRenamesAsNew((line) => io.stderr(`${line}\n`));
}
