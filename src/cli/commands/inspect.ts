import { Command } from "commander";
import { projectFor } from "../global-options";
import { branchPointEntry, historyLine, revisionDetails, revisionTag } from "../format";
import type { CliIo } from "../io";
import type { CommandResult } from "../command-result";

type Done = (r: CommandResult) => void;

function json(io: CliIo, value: unknown): void {
  io.stdout(`${JSON.stringify(value, null, 2)}\n`);
}

/** current, history, heads, branches, show. */
export function inspectionCommands(io: CliIo, done: Done): Command[] {
  const currentCmd = new Command("current")
    .description("show the revision(s) the database is at")
    .option("-v, --verbose", "show details")
    .option("--json", "print JSON")
    .action(async (options: { verbose?: boolean; json?: boolean }, command: Command) => {
      const [{ current }, { describeChecksumMismatch }] = await Promise.all([import("../../api/inspect"), import("../../runner/checksums")]);
      const result = await current(await projectFor(command, io));
      if (options.json) json(io, result);
      else {
        if (result.heads.length === 0 && result.unknown.length === 0) io.stdout("(no revision: the database is at base)\n");
        for (const r of result.heads) io.stdout(options.verbose ? revisionDetails(r) : `${revisionTag(r)}\n`);
        for (const id of result.unknown) io.stdout(`${id} (unknown: no migration file declares it)\n`);
        for (const m of result.checksumMismatches) io.stderr(`WARNING: ${describeChecksumMismatch(m)}\n`);
      }
      done({ exitCode: result.unknown.length ? 1 : 0 });
    });

  const historyCmd = new Command("history")
    .description("list the revisions, newest first")
    .option("-r, --rev-range <range>", "range such as base:head, ae10:, current:")
    .option("-v, --verbose", "show details")
    .option("-i, --indicate-current", "mark the database's current revision(s)")
    .option("--json", "print JSON")
    .action(async (options: { revRange?: string; verbose?: boolean; indicateCurrent?: boolean; json?: boolean }, command: Command) => {
      const { history } = await import("../../api/inspect");
      const list = await history(await projectFor(command, io), {
        range: options.revRange,
        indicateCurrent: options.indicateCurrent,
        // JSON reports isCurrent for every revision: read the database when there is one to read.
        readCurrent: options.json,
      });
      if (options.json) json(io, list);
      else for (const r of list) io.stdout(options.verbose ? `${revisionDetails(r)}\n` : `${historyLine(r, options.indicateCurrent)}\n`);
      done({ exitCode: 0 });
    });

  const headsCmd = new Command("heads")
    .description("show the head revision(s) of the migration files")
    .option("-v, --verbose", "show details")
    .option("--json", "print JSON")
    .action(async (options: { verbose?: boolean; json?: boolean }, command: Command) => {
      const { heads } = await import("../../api/inspect");
      const list = await heads(await projectFor(command, io));
      if (options.json) json(io, list);
      else for (const r of list) io.stdout(options.verbose ? revisionDetails(r) : `${revisionTag(r)}\n`);
      done({ exitCode: 0 });
    });

  const branchesCmd = new Command("branches")
    .description("show the branch points")
    .option("-v, --verbose", "show details")
    .option("--json", "print JSON")
    .action(async (options: { verbose?: boolean; json?: boolean }, command: Command) => {
      const { branches } = await import("../../api/inspect");
      const list = await branches(await projectFor(command, io));
      if (options.json) json(io, list);
      else for (const r of list) io.stdout(branchPointEntry(r, options.verbose));
      done({ exitCode: 0 });
    });

  const showCmd = new Command("show")
    .description("show one revision")
    .argument("<rev>", "revision id, unambiguous prefix or branch label")
    .option("--json", "print JSON")
    .action(async (rev: string, options: { json?: boolean }, command: Command) => {
      const { show } = await import("../../api/inspect");
      const r = await show(await projectFor(command, io), rev);
      if (options.json) json(io, r);
      else io.stdout(revisionDetails(r));
      done({ exitCode: 0 });
    });

  return [currentCmd, historyCmd, headsCmd, branchesCmd, showCmd];
}
