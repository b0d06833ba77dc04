import { Command } from "commander";
import { check } from "../../api/check";
import { migrationHazards } from "../../ops/hazards";
import { renderOperation } from "../../render/render-operation";
import { projectFor } from "../global-options";
import type { CliIo } from "../io";
import type { CommandResult } from "../command-result";
import { treatRenamesAsNew } from "../../api/renames";

export function checkCommand(io: CliIo, done: (r: CommandResult) => void): Command {
  return new Command("check")
    .description("exit 1 and list the operations if autogenerate would write any; 0 when in sync")
    .option("--shadow", "compare against a throwaway embedded database built by replaying the migrations")
    .option("--json", "print the operations as JSON")
    .action(async (options: { shadow?: boolean; json?: boolean }, command: Command) => {
      const project = await projectFor(command, io);
      // check only reports (often in CI): it never asks; each possible rename is a line on stderr, with the
      // flags that answer it when the migration is generated.
      const renames = treatRenamesAsNew((line) => io.stderr(`${line}\n`));
      const result = await check(project, { shadow: options.shadow, renames });
      for (const warning of result.warnings) io.stderr(`WARNING: ${warning}\n`);
      if (options.json) {
        io.stdout(`${JSON.stringify({ upToDate: result.upToDate, log: result.log, warnings: result.warnings, operations: result.operations }, null, 2)}\n`);
      } else if (result.upToDate) {
        io.stdout("No changes in schema detected.\n");
      } else {
        for (const line of result.log) io.stdout(`${line}\n`);
        io.stdout(`New upgrade operations detected (${result.operations.length}):\n`);
        const hazards = migrationHazards(result.operations);
        result.operations.forEach((op, i) => {
          io.stdout(`${renderOperation(op, { hazards: hazards[i] }).replace(/^/gm, "  ")}\n`);
        });
      }
      done({ exitCode: result.upToDate ? 0 : 1 });
    });
}
