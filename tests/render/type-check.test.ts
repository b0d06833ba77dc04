/** A rendered migration type-checks (strict) against the real `MigrationOps` interface. */
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import ts from "typescript";
import { renderMigration } from "../../src/render/render-migration";
import { samples } from "./sample-ops";

it("every rendered statement matches the op API's signatures", async () => {
  const dir = await mkdtemp(path.join(os.tmpdir(), "type-check-"));
  try {
    const ops = samples.map((s) => s.op);
    const file = path.join(dir, "m.ts");
    const text = await renderMigration(
      {
        message: "all",
        revision: "abc",
        downRevision: null,
        branchLabels: null,
        dependsOn: null,
        createDate: new Date(0),
        upgradeOps: ops,
        downgradeOps: ops,
        renderContext: { dropExisting: true },
      },
      file,
    );
    const api = path.resolve(__dirname, "../../src/ops/migration-ops");
    await writeFile(file, text.replace('from "pg-autogen"', `from ${JSON.stringify(api)}`));
    const program = ts.createProgram([file], {
      strict: true,
      noEmit: true,
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.CommonJS,
      types: ["node"],
      skipLibCheck: true,
      exactOptionalPropertyTypes: true,
    });
    const diagnostics = ts.getPreEmitDiagnostics(program).map((d) => ts.flattenDiagnosticMessageText(d.messageText, "\n"));
    expect(diagnostics).toEqual([]);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
