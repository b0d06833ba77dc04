import path from "node:path";
import { Command } from "commander";
import type { CliIo } from "../io";
import type { CommandResult } from "../command-result";

export function initCommand(io: CliIo, done: (r: CommandResult) => void): Command {
  return new Command("init")
    .description("scaffold a project: autogen.config.ts, the migrations folder and a copy of the template")
    .argument("[dir]", "project directory", ".")
    .option("--migrations <dir>", "migrations folder", "migrations")
    .option("--entities <glob>", "entity files glob", "src/entities/*.ts")
    .action(async (dir: string, options: { migrations: string; entities: string }) => {
      const { initProject } = await import("../../api/init");
      const result = await initProject({ dir: path.resolve(io.cwd, dir), migrations: options.migrations, entities: [options.entities] });
      for (const file of result.created) io.stdout(`Creating ${path.relative(io.cwd, file) || file} ... done\n`);
      io.stdout("Edit autogen.config.ts to point at your entities, then run: autogen -m \"initial\"\n");
      done({ exitCode: 0 });
    });
}
