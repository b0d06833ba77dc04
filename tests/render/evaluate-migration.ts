/** Test helper: runs a rendered migration file's source the way a loader would, recording its ops. */
import ts from "typescript";
import { recordingOps, type RecordingOps } from "../../src/ops/recording-ops";

export interface EvaluatedMigration {
  readonly exports: Record<string, unknown>;
  replay(direction: "upgrade" | "downgrade"): Promise<RecordingOps>;
}

export function evaluateMigration(source: string): EvaluatedMigration {
  const output = ts.transpileModule(source, {
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 },
    reportDiagnostics: true,
  });
  if (output.diagnostics && output.diagnostics.length > 0) {
    throw new Error(ts.flattenDiagnosticMessageText(output.diagnostics[0]!.messageText, "\n"));
  }
  const module = { exports: {} as Record<string, unknown> };
  const requireNothing = (id: string) => {
    throw new Error(`the migration requires ${id} at run time`);
  };
  new Function("exports", "module", "require", output.outputText)(module.exports, module, requireNothing);
  return {
    exports: module.exports,
    async replay(direction) {
      const op = recordingOps();
      await (module.exports[direction] as (op: RecordingOps) => Promise<void>)(op);
      return op;
    },
  };
}
