import path from "node:path";
import { Command } from "commander";
import type { CliIo } from "../io";
import type { CommandResult } from "../command-result";
import type { InitSource } from "../../api/init";

/** What the config names as the entities, and what to do next. */
function sourceSummary(source: InitSource): string {
  const next = 'then run: autogen -m "initial"';
  if (source.kind === "dataSource") {
    const found = source.found === "detected" ? "Found your TypeORM DataSource in" : "Using the DataSource in";
    const others = source.others.length > 0 ? ` (also found: ${source.others.join(", ")}; change dataSource in autogen.config.ts to use another)` : "";
    return `${found} ${source.file}: autogen reads the entities, naming strategy and connection settings from it${others}. Check autogen.config.ts, ${next}`;
  }
  if (source.found === "detected") return `Found entity files: ${source.globs.join(", ")}. Check autogen.config.ts, ${next}`;
  if (source.found === "given") return `Entities: ${source.globs.join(", ")}. Check autogen.config.ts, ${next}`;
  return `No DataSource module or entity file found: edit autogen.config.ts to point at your entities (entities or dataSource), ${next}`;
}

export function initCommand(io: CliIo, done: (r: CommandResult) => void): Command {
  return new Command("init")
    .description("scaffold a project: autogen.config.ts, the migrations folder and a copy of the template")
    .argument("[dir]", "project directory", ".")
    .option("--migrations <dir>", "migrations folder", "migrations")
    .option("--entities <glob>", "entity files glob (default: the files found declaring entities, else src/entities/*.ts)")
    .option("--data-source <file>", "module exporting your TypeORM DataSource (default: the one found, if any)")
    .action(async (dir: string, options: { migrations: string; entities?: string; dataSource?: string }) => {
      const { initProject } = await import("../../api/init");
      const result = await initProject({
        dir: path.resolve(io.cwd, dir),
        migrations: options.migrations,
        ...(options.entities !== undefined ? { entities: [options.entities] } : {}),
        ...(options.dataSource !== undefined ? { dataSource: options.dataSource } : {}),
      });
      for (const file of result.created) io.stdout(`Creating ${path.relative(io.cwd, file) || file} ... done\n`);
      io.stdout(`${sourceSummary(result.source)}\n`);
      done({ exitCode: 0 });
    });
}
