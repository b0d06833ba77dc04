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

/**
 * `--json` with `--fail-on`: the gate's findings as one document (`pending`: the migrations not applied
 * yet, or null when the operations autogenerate found were gated); 1 when there are any.
 */
function gateJson(io: CliIo, document: object, pending: readonly string[] | null, hazards: readonly GateHazard[]): number {
  io.stdout(`${JSON.stringify({ ...document, gate: { pending, hazards } }, null, 2)}\n`);
  return hazards.length === 0 ? 0 : 1;
}

export function checkCommand(io: CliIo, done: (r: CommandResult) => void): Command {
  return new Command("check")
    .description("exit 1 and list the operations if autogenerate would write any; 0 when in sync")
    .option("--shadow", "compare against a throwaway embedded database built by replaying the migrations")
    .option("--json", "print the operations (and with --fail-on, the gate's findings) as one JSON document")
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
          const what = `${pending.pending.length} migration(s) not applied yet (${pending.pending.join(", ")})`;
          done({ exitCode: options.json ? gateJson(io, {}, pending.pending, pending.hazards) : reportGate(io, pending.hazards, what) });
          return;
        }
      }
      // check only reports (often in CI): it never asks; each possible rename is a line on stderr, with the
      // flags that answer it when the migration is generated.
      const renames = treatRenamesAsNew((line) => io.stderr(`${line}\n`));
      const result = await check(project, { shadow: options.shadow, renames });
      for (const warning of result.warnings) io.stderr(`WARNING: ${warning}\n`);
      if (options.json) {
        // The gate's findings go in the same document, so that stdout stays JSON.
        const document = { upToDate: result.upToDate, log: result.log, warnings: result.warnings, operations: result.operations };
        if (gate === null || classes === null) io.stdout(`${JSON.stringify(document, null, 2)}\n`);
        const gated = gate === null || classes === null ? 0 : gateJson(io, document, null, await gate.operationsGate(project, result.operations, classes));
        done({ exitCode: result.upToDate && gated === 0 ? 0 : 1 });
        return;
      }
      if (result.upToDate) {
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
