import { Command } from "commander";
import { runMigrationChecks } from "../../testkit/migration-checks";
import { projectFor } from "../global-options";
import type { CliIo } from "../io";
import type { CommandResult } from "../command-result";

export function testCommand(io: CliIo, done: (r: CommandResult) => void): Command {
  return new Command("test")
    .description(
      "test the migration history: one head, upgrade base -> head, entities match at head, and every downgrade " +
        "undoes its upgrade (on a throwaway embedded database, or the EMPTY database given by --url)",
    )
    .option(
      "--url <url>",
      "an EMPTY PostgreSQL database to run on (default: a throwaway embedded database). DATABASE_URL and the " +
        "config's databaseUrl are not used: they name the database you work on, which this command would fill and empty",
    )
    .action(async (_options: unknown, command: Command) => {
      const project = await projectFor(command, io);
      const url = command.optsWithGlobals<{ url?: string }>().url ?? null;
      const results = await runMigrationChecks(project, { url });
      for (const r of results) {
        io.stdout(`${r.ok ? "PASS" : "FAIL"}  ${r.name} (${r.ms} ms)\n`);
        if (r.message) io.stdout(`      ${r.message.replace(/\n/g, "\n      ")}\n`);
      }
      const failed = results.filter((r) => !r.ok).length;
      io.stdout(`${results.length - failed} passed, ${failed} failed\n`);
      done({ exitCode: failed ? 1 : 0 });
    });
}
