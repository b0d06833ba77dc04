import { Command } from "commander";
import type { GlobalOptions } from "../global-options";
import { cliLogger, type CliIo } from "../io";
import type { CommandResult } from "../command-result";

interface DiffCommandOptions {
  readonly schema: string[];
  readonly excludeSchema: string[];
  readonly withPrivileges?: boolean;
  readonly ts?: boolean;
  readonly message?: string;
  readonly revId?: string;
  readonly json?: boolean;
}

const collect = (value: string, previous: string[]): string[] => [...previous, value];

/**
 * `autogen diff FROM TO`: prints the SQL that turns FROM into TO (or writes it as a migration with
 * `--ts`, or the operations with `--json`); exit 0 when they do not differ, 1 when they do.
 */
export function diffCommand(io: CliIo, done: (r: CommandResult) => void): Command {
  return new Command("diff")
    .description(
      "print the SQL that turns FROM into TO; each is a PostgreSQL URL (or key=value connection string), " +
        '"migrations" (the history replayed into a throwaway embedded database; "migrations@REV" for a ' +
        'revision) or "entities". Exit 0 when they do not differ, 1 when they do',
    )
    .argument("<from>", "the schema to start from")
    .argument("<to>", "the schema to reach")
    .option("--schema <schema>", "compare only this schema (repeatable)", collect, [])
    .option("--exclude-schema <schema>", "leave this schema out (repeatable)", collect, [])
    .option("--with-privileges", "also compare privileges (GRANT/REVOKE, ALTER DEFAULT PRIVILEGES)")
    .option("--ts", "write the result as a migration file instead of printing SQL")
    .option("-m, --message <message>", "with --ts: the migration's message (default \"diff\")")
    .option("--rev-id <id>", "with --ts: the new revision's id instead of a random one")
    .option("--json", "print the operations and statements as JSON")
    .action(async (fromText: string, toText: string, options: DiffCommandOptions, command: Command) => {
      // Loaded when the command runs: help, version and usage errors load only the argument parser.
      const [{ diff, diffScript, stepWarnings }, { writeDiffRevision }, { parseDiffSource }, { openProject }] = await Promise.all([
        import("../../api/diff"),
        import("../../api/diff-revision"),
        import("../../api/diff-source"),
        import("../../api/project"),
      ]);
      const from = parseDiffSource(fromText, "FROM");
      const to = parseDiffSource(toText, "TO");
      // A project is opened only when a side or --ts needs one: two URLs compare anywhere.
      const needsProject = options.ts || from.kind !== "url" || to.kind !== "url";
      const globals = command.optsWithGlobals<GlobalOptions>();
      const project = needsProject
        ? await openProject({ cwd: io.cwd, env: io.env, config: globals.config ?? null, logger: cliLogger(io), onProgress: io.onProgress })
        : null;
      const result = await diff(from, to, {
        project,
        onProgress: io.onProgress,
        schemas: options.schema,
        excludeSchemas: options.excludeSchema,
        withPrivileges: options.withPrivileges ?? false,
      });
      if (options.json) {
        const statements = result.steps.flatMap((step) => step.statements.map((s) => s.sql));
        const { upToDate, operations, log, warnings, uncompared, schemas, managed } = result;
        io.stdout(`${JSON.stringify({ upToDate, operations, statements, log, warnings, uncompared, schemas, managed }, null, 2)}\n`);
      } else if (options.ts && project !== null) {
        // writeRevisionFile warns about each step's hazards itself.
        const hazards = new Set(stepWarnings(result.steps));
        for (const warning of result.warnings) if (!hazards.has(warning)) io.stderr(`${warning}\n`);
        await writeDiffRevision(project, result, { message: options.message, revId: options.revId });
      } else {
        for (const warning of result.warnings) io.stderr(`${warning}\n`);
        io.stdout(diffScript(result));
      }
      done({ exitCode: result.upToDate ? 0 : 1 });
    });
}
