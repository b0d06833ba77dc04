import { Command } from "commander";
import { lint } from "../../api/lint";
import { formatFinding } from "../../lint/format";
import { LINT_RULES } from "../../lint/rules";
import { projectFor } from "../global-options";
import type { CliIo } from "../io";
import type { CommandResult } from "../command-result";

interface LintCliOptions {
  readonly all?: boolean;
  readonly downgrade?: boolean;
  readonly offline?: boolean;
  readonly json?: boolean;
  readonly strict?: boolean;
  readonly rules?: boolean;
}

/** `autogen lint [REV | A:B | --all]`: exit 1 when a finding is an error (or any finding, with --strict). */
export function lintCommand(io: CliIo, done: (r: CommandResult) => void): Command {
  return new Command("lint")
    .description("lint migrations for lock and safety hazards (exit 1 on errors)")
    .argument("[target]", "a revision, or A:B (the migrations after A up to B); default: the head revision(s)")
    .option("--all", "lint every migration")
    .option("--downgrade", "lint the downgrades too")
    .option("--offline", "do not connect to the database, even when one is configured")
    .option("--json", "print the findings as JSON")
    .option("--strict", "exit 1 on warnings too")
    .option("--rules", "list the rules and their levels, and exit")
    .action(async (target: string | undefined, options: LintCliOptions, command: Command) => {
      const project = await projectFor(command, io);
      if (options.rules) {
        for (const rule of Object.values(LINT_RULES)) {
          const level = project.config.lint.rules[rule.id] ?? rule.defaultLevel;
          io.stdout(`${rule.id} (${level}${rule.sizeSensitive ? ", size-dependent" : ""}): ${rule.description}\n`);
        }
        done({ exitCode: 0 });
        return;
      }
      const result = await lint(project, { target, all: options.all, downgrade: options.downgrade, offline: options.offline });
      if (options.json) {
        io.stdout(`${JSON.stringify(result, null, 2)}\n`);
      } else {
        for (const finding of result.findings) io.stdout(`${formatFinding(finding, project.config.projectDir)}\n`);
        for (const note of result.notes) io.stderr(`Note: migration ${note.revision} could not be linted whole: ${note.note}\n`);
        io.stdout(
          `Linted ${result.linted} migration${result.linted === 1 ? "" : "s"}${result.withDatabase ? " (with the database's table sizes)" : ""}: ` +
            `${result.errors} error${result.errors === 1 ? "" : "s"}, ${result.warnings} warning${result.warnings === 1 ? "" : "s"}.\n`,
        );
      }
      const failed = result.errors > 0 || (options.strict === true && result.warnings > 0);
      done({ exitCode: failed ? 1 : 0 });
    });
}
