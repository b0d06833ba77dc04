import type { Command } from "commander";
import type { Project } from "../api/project";
import { cliLogger, type CliIo } from "./io";

export interface GlobalOptions {
  readonly config?: string;
  readonly url?: string;
  readonly quiet?: boolean;
}

/** The options every command accepts, wherever they are written on the command line. */
export function addGlobalOptions(command: Command): Command {
  command.option("-c, --config <path>", "configuration file (default: autogen.config.{ts,js,mjs,json} here)");
  command.option("-q, --quiet", "no progress and no informational messages (results, warnings and errors are still printed)");
  // A command that means something else by --url (`test`: an empty database) defines it itself.
  if (!command.options.some((option) => option.long === "--url")) {
    command.option("--url <url>", "PostgreSQL URL (default: the config's databaseUrl, then DATABASE_URL, then the connection settings of the config's dataSource, then the embedded database)");
  }
  return command;
}

/** Opens the project described by the global options of `command` and its parents. */
export async function projectFor(command: Command, io: CliIo): Promise<Project> {
  const options = command.optsWithGlobals<GlobalOptions>();
  // Loaded when a command runs, not for --help, --version or a usage error (see src/cli/main.ts).
  const { openProject } = await import("../api/project");
  return openProject({
    cwd: io.cwd,
    env: io.env,
    config: options.config ?? null,
    url: options.url ?? null,
    logger: cliLogger(io),
    onProgress: io.onProgress,
    // The command line keeps its documented default: no URL, the embedded database (unless the config says `embedded: false`).
    embeddedByDefault: true,
  });
}
