/**
 * Compiling many files in one program (src/loader/batch-compile.ts) gives, byte for byte, what the one-file
 * path gives, for every TypeScript version of the matrix: the project's own TypeScript is the one that
 * compiles.
 */
import fs from "node:fs";
import path from "node:path";
import fg from "fast-glob";
import type * as TypeScript from "typescript";
import { compileBatchWith } from "../../src/loader/batch-compile";
import { createTranspileService } from "../../src/loader/typescript-compiler";
import { projectCompilerOptions } from "../../src/loader/tsconfig-options";
import { installed } from "../support/installs";
import { selectedTypescriptVersions } from "./matrix";

const ROOT = path.join(__dirname, "..", "..");

describe.each(selectedTypescriptVersions())("TypeScript %s", (version) => {
  it("compiles the repository's entity, config and migration files in one program as one by one", async () => {
    const install = await installed([`typescript@${version}`]);
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const ts = require(path.join(install, "node_modules", "typescript")) as typeof TypeScript;
    expect(ts.version).toBe(version);
    const service = createTranspileService(ts, projectCompilerOptions(ROOT).options, ROOT);
    const files = fg
      .sync(["tests/**/fixtures/**/*.{ts,tsx}", "tests/e2e/entities/**/*.ts", "fixtures/**/*.ts", "migrations/*.ts", "autogen.config.ts"], {
        cwd: ROOT,
        absolute: true,
        ignore: ["**/*.d.ts"],
      })
      .map((file) => ({ file: path.normalize(file), source: fs.readFileSync(file, "utf8") }));
    expect(files.length).toBeGreaterThan(60);
    const batch = compileBatchWith(service, files);
    const left: string[] = [];
    for (const { file, source } of files) {
      const output = batch.get(file);
      if (output === undefined) left.push(path.relative(ROOT, file));
      else expect({ file, output }).toEqual({ file, output: service.compile(source, file) });
    }
    expect(left).toEqual(["tests/api/fixtures/early-introspection/broken.ts"]);
  });
});
