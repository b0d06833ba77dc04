/**
 * Test support for child processes that run parts of src/ with Node's own `require` (no ts-jest, no
 * ts-node): one repository file transpiled to CommonJS, the way the build compiles it.
 */
import fs from "node:fs";
import path from "node:path";
import ts from "typescript";

/** The repository root, which `file` paths are relative to. */
export const REPOSITORY_ROOT = path.join(__dirname, "..", "..");

/**
 * Transpiles `file` (relative to the repository root) to CommonJS at the same relative path under
 * `outDir`, with a `.js` extension and decorator metadata, and returns the JavaScript written.
 */
export function transpileToCommonJs(file: string, outDir: string, target: ts.ScriptTarget): string {
  const { outputText } = ts.transpileModule(fs.readFileSync(path.join(REPOSITORY_ROOT, file), "utf8"), {
    compilerOptions: {
      module: ts.ModuleKind.CommonJS,
      target,
      esModuleInterop: true,
      experimentalDecorators: true,
      emitDecoratorMetadata: true,
    },
  });
  const out = path.join(outDir, file.replace(/\.ts$/, ".js"));
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.writeFileSync(out, outputText);
  return outputText;
}

/**
 * Transpiles every `.ts` file of `folders` (and the files listed), with every repository file they import
 * (followed through relative imports, so a folder that starts importing another one needs no test edit),
 * under `outDir`, for a child process that runs them with Node's own `require`. The loader's folders are
 * what an entity or config load needs.
 */
export function transpileFolders(
  outDir: string,
  folders: readonly string[] = LOADER_FOLDERS,
  files: readonly string[] = ["src/errors.ts"],
): void {
  const pending = [...files];
  for (const folder of folders) {
    for (const name of fs.readdirSync(path.join(REPOSITORY_ROOT, folder))) {
      if (name.endsWith(".ts") && !name.endsWith(".d.ts")) pending.push(`${folder}/${name}`);
    }
  }
  const done = new Set<string>();
  while (pending.length > 0) {
    const file = pending.pop()!;
    if (done.has(file)) continue;
    done.add(file);
    transpileToCommonJs(file, outDir, ts.ScriptTarget.ES2021);
    const text = fs.readFileSync(path.join(REPOSITORY_ROOT, file), "utf8");
    for (const { fileName } of ts.preProcessFile(text, true, true).importedFiles) {
      if (!fileName.startsWith(".")) continue;
      const target = path.posix.normalize(path.posix.join(path.posix.dirname(file), fileName));
      for (const candidate of [`${target}.ts`, `${target}/index.ts`]) {
        if (fs.existsSync(path.join(REPOSITORY_ROOT, candidate))) {
          pending.push(candidate);
          break;
        }
      }
    }
  }
}

/** What loading entity files needs: the loader, the entity reader and the model. */
export const LOADER_FOLDERS: readonly string[] = ["src/loader", "src/entities", "src/model"];
