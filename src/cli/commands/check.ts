import { Command } from "commander";
import { projectFor } from "../global-options";
import type { CliIo } from "../io";
import type { CommandResult } from "../command-result";
import type { GateHazard } from "../../api/check-gate";

/** Prints the hazards the gate found; 1 when there are any. */
function reportGate(io: CliIo, hazards: readonly GateHazard[], what: string): number {
  if (hazards.length === 0) {
    io.stdout(`Gate: nothing destructive or unsafe in ${what}.\n`);
    return 0;
  }
  io.stdout(`Gate: ${hazards.length} hazard(s) in ${what}:\n`);
  for (const h of hazards) io.stdout(`  [${h.class}]${h.revision === null ? "" : ` ${h.revision}`}: ${h.description}\n`);
  return 1;
}

export function checkCommand(io: CliIo, done: (r: CommandResult) => void): Command {
  return new Command("check")
    .description("exit 1 and list the operations if autogenerate would write any; 0 when in sync")
    .option("--shadow", "compare against a throwaway embedded database built by replaying the migrations")
    .option("--json", "print the operations as JSON")
    .option("--fail-on <classes>", "also exit 1 when what would change next is destructive and/or unsafe (destructive,unsafe); see README")
    .action(async (options: { shadow?: boolean; json?: boolean; failOn?: string }, command: Command) => {
      // What prints operations is loaded once there are some: a check that finds none never needs it.
      const [{ check }, { treatRenamesAsNew }, gate] = await Promise.all([
        import("../../api/check"),
        import("../../api/rename-candidates"),
        // The gate (and the SQL parser lint loads) only with --fail-on.
        options.failOn === undefined ? null : import("../../api/check-gate"),
      ]);
      const project = await projectFor(command, io);
      const classes = gate === null ? null : gate.parseFailOn(options.failOn!);
      if (gate !== null && classes !== null && !options.shadow) {
        const pending = await gate.pendingGate(project, classes);
        if (pending !== null) {
          done({ exitCode: reportGate(io, pending.hazards, `${pending.pending.length} migration(s) not applied yet (${pending.pending.join(", ")})`) });
          return;
        }
      }
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
        const [{ migrationHazards }, { renderOperation }] = await Promise.all([import("../../ops/hazards"), import("../../render/render-operation")]);
        const hazards = migrationHazards(result.operations);
        result.operations.forEach((op, i) => {
          io.stdout(`${renderOperation(op, { hazards: hazards[i] }).replace(/^/gm, "  ")}\n`);
        });
      }
      const gated = gate === null || classes === null ? 0 : reportGate(io, await gate.operationsGate(project, result.operations, classes), "the operations detected");
      done({ exitCode: result.upToDate && gated === 0 ? 0 : 1 });
    });
}
