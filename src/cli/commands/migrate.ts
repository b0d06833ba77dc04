import { Command } from "commander";
import type { MigrateOutcome } from "../../api/migrate";
import { projectFor } from "../global-options";
import type { CliIo } from "../io";
import type { CommandResult } from "../command-result";

type Done = (r: CommandResult) => void;

function report(io: CliIo, outcome: MigrateOutcome): CommandResult {
  if (outcome.mode === "offline") {
    io.stdout(outcome.sql);
    return { exitCode: 0 };
  }
  const { result } = outcome;
  if (result.error) {
    io.stderr(`ERROR: ${result.error.message}\n`);
    return { exitCode: 1 };
  }
  if (result.results.length === 0) io.stdout("Nothing to do: the database is already at the target.\n");
  return { exitCode: 0 };
}

/** upgrade, downgrade, stamp, merge. */
export function migrationCommands(io: CliIo, done: Done): Command[] {
  const upgradeCmd = new Command("upgrade")
    .description("upgrade the database to a later revision (default head)")
    .argument("[target]", "head, heads, a revision, +N, label@head; with --sql also FROM:TO", "head")
    .option("--sql", "print the SQL instead of running it (no database connection)")
    .action(async (target: string, options: { sql?: boolean }, command: Command) => {
      const { upgrade } = await import("../../api/migrate");
      done(report(io, await upgrade(await projectFor(command, io), target, { sql: options.sql })));
    });

  const downgradeCmd = new Command("downgrade")
    .description("revert the database to an earlier revision")
    .argument("<target>", "-N, a revision, base; with --sql FROM:TO")
    .option("--sql", "print the SQL instead of running it (no database connection)")
    .action(async (target: string, options: { sql?: boolean }, command: Command) => {
      const { downgrade } = await import("../../api/migrate");
      done(report(io, await downgrade(await projectFor(command, io), target, { sql: options.sql })));
    });

  const stampCmd = new Command("stamp")
    .description("set the database's revision without running any migration")
    .argument("<targets...>", "head, heads, a revision, base, label@head; several for several branches")
    .option("--purge", "empty the version table first")
    .action(async (targets: string[], options: { purge?: boolean }, command: Command) => {
      const { stamp } = await import("../../api/migrate");
      const result = await stamp(await projectFor(command, io), targets, { purge: options.purge });
      io.stdout(`Stamped ${result.before.length ? result.before.join(", ") : "<base>"} -> ${result.heads.length ? result.heads.join(", ") : "<base>"}\n`);
      done({ exitCode: 0 });
    });

  const mergeCmd = new Command("merge")
    .description("create a merge revision joining two or more heads")
    .argument("<revisions...>", "the revisions to merge (or heads)")
    .requiredOption("-m, --message <message>", "what the merge is")
    .option("--rev-id <id>", "revision id to use instead of a random one")
    .option("--branch-label <label>", "branch label for the merge revision")
    .action(async (revisions: string[], options: { message: string; revId?: string; branchLabel?: string }, command: Command) => {
      const project = await projectFor(command, io);
      const mergeOf = revisions.length === 1 && revisions[0] === "heads" ? undefined : revisions;
      const [{ loadScripts }, { createRevision }] = await Promise.all([import("../../api/scripts"), import("../../api/revision")]);
      const parents = mergeOf ?? (await loadScripts(project.config)).graph.heads.map((h) => h.id);
      await createRevision(project, {
        message: options.message,
        mergeOf: parents,
        revId: options.revId,
        branchLabels: options.branchLabel ? [options.branchLabel] : undefined,
      });
      done({ exitCode: 0 });
    });

  return [upgradeCmd, downgradeCmd, stampCmd, mergeCmd];
}
