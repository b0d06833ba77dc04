/**
 * The `autogen` command line: argument parsing only. Every command calls the programmatic API; errors
 * the user can fix (`AutogenError`) are printed as one paragraph with their exit code (1 failure, 2 usage);
 * anything else is a bug and is printed with its stack.
 *
 * Startup loads commander and the command definitions only: each command `import()`s the API it calls
 * inside its action, so --help, --version and usage errors answer at once (tests/cli/lazy-loading.test.ts).
 */
import { Command, CommanderError } from "commander";
import { AutogenError } from "../errors";
import { addGlobalOptions, type GlobalOptions } from "./global-options";
import { processIo, type CliIo } from "./io";
import { ioWithProgress, progressDisplayFor } from "./progress-display";
import type { CommandResult } from "./command-result";
import { revisionCommand } from "./commands/revision";
import { checkCommand } from "./commands/check";
import { initCommand } from "./commands/init";
import { migrationCommands } from "./commands/migrate";
import { inspectionCommands } from "./commands/inspect";
import { testCommand } from "./commands/test";
import { closestName, UnknownCommandError } from "./unknown-command";
import { diffCommand } from "./commands/diff";
import { lintCommand } from "./commands/lint";

const VERSION: string = (require("../../package.json") as { version: string }).version;

function buildProgram(io: CliIo, done: (r: CommandResult) => void): Command {
  const program = new Command("autogen")
    .description(
      "Alembic-style migrations for PostgreSQL and TypeORM.\n" +
        'Short form: autogen -m "message" is autogen revision --autogenerate -m "message".',
    )
    .version(VERSION)
    .option("-m, --message <message>", "autogenerate a revision with this message (short form of revision --autogenerate)")
    .option("--shadow", "with -m: compare against a throwaway embedded database built by replaying the migrations")
    .option("--safe", "with -m: write the lock-safe form (see autogen revision --help)")
    .enablePositionalOptions();
  addGlobalOptions(program);
  program.allowExcessArguments(true).action(async () => {
    // A word that is no command: "unknown command" with the closest one suggested (exit 2).
    const [word] = program.args;
    if (word !== undefined) {
      throw new UnknownCommandError(word, closestName(word, program.commands.map((c) => c.name())));
    }
    // Reached only without a command and without -m (which expandShortForm routes to `revision`).
    io.stderr(program.helpInformation());
    done({ exitCode: 2 });
  });
  const commands = [
    initCommand(io, done),
    revisionCommand(io, done),
    checkCommand(io, done),
    ...migrationCommands(io, done),
    ...inspectionCommands(io, done),
    testCommand(io, done),
    diffCommand(io, done),
    lintCommand(io, done),
  ];
  for (const command of commands) program.addCommand(addGlobalOptions(command));
  program.exitOverride();
  program.configureOutput({ writeOut: (s) => io.stdout(s), writeErr: (s) => io.stderr(s) });
  for (const command of commands) {
    command.exitOverride();
    command.configureOutput({ writeOut: (s) => io.stdout(s), writeErr: (s) => io.stderr(s) });
  }
  return program;
}

/** Root options that take a value, to tell an option's value from a command name. */
const VALUE_OPTIONS = new Set(["-m", "--message", "-c", "--config", "--url", "--rename", "--no-rename"]);

/**
 * `autogen -m MSG [options]` is `autogen revision --autogenerate -m MSG [options]`: with no command
 * named, and a message given, the arguments are handed to `revision` whole, so every revision option works.
 */
export function expandShortForm(argv: readonly string[], commands: ReadonlySet<string>): readonly string[] {
  let hasMessage = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === "--") break;
    if (!arg.startsWith("-")) {
      if (commands.has(arg)) return argv;
      continue;
    }
    const name = arg.includes("=") ? arg.slice(0, arg.indexOf("=")) : arg;
    if (name === "-m" || name === "--message" || /^-m./.test(arg)) hasMessage = true;
    if (VALUE_OPTIONS.has(name) && !arg.includes("=")) i++;
  }
  return hasMessage ? ["revision", "--autogenerate", ...argv] : argv;
}

/** Runs the CLI with `argv` (without `node` and the script) and returns the exit code. */
export async function run(argv: readonly string[], processOrTestIo: CliIo = processIo): Promise<number> {
  let result: CommandResult = { exitCode: 0 };
  // Progress on stderr (a live line at a terminal), which the command's own output goes around.
  const display = progressDisplayFor(processOrTestIo);
  const io = ioWithProgress(processOrTestIo, display);
  const program = buildProgram(io, (r) => {
    result = r;
  });
  program.hook("preAction", (_program, command) => {
    if (command.optsWithGlobals<GlobalOptions>().quiet) display.mute();
  });
  try {
    const commands = new Set(program.commands.flatMap((c) => [c.name(), ...c.aliases()]));
    await program.parseAsync([...expandShortForm(argv, commands)], { from: "user" });
    return result.exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.code === "commander.helpDisplayed" || error.code === "commander.version" || error.code === "commander.help") return 0;
      return 2;
    }
    if (error instanceof AutogenError) {
      io.stderr(`ERROR: ${error.message}\n`);
      return error.exitCode;
    }
    // Loaded here, not at start-up: help, version and usage errors load only the argument parser.
    const { serverRefusal } = await import("../db/server-refusal");
    const refusal = serverRefusal(error, "a statement of autogen's own");
    if (refusal !== null) {
      io.stderr(`ERROR: ${refusal.message}\n`);
      return refusal.exitCode;
    }
    const e = error as Error;
    io.stderr(`Unexpected error (please report it): ${e?.stack ?? String(error)}\n`);
    return 1;
  } finally {
    display.stop();
  }
}
