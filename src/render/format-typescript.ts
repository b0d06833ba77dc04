/**
 * Prettier, run in a worker thread. Prettier 3's CommonJS entry loads itself with a dynamic `import()`,
 * which fails inside `vm` sandboxes such as Jest's ("A dynamic import callback was invoked without
 * --experimental-vm-modules", jestjs/jest#15816); a worker is a plain Node context, so rendering works the
 * same from the CLI, from a user's test suite and from ours. Cost: about 0.2 s per file.
 */
import { Worker } from "node:worker_threads";

export type FormatResult =
  | { readonly ok: true; readonly formatted: string }
  | { readonly ok: false; readonly stage: "config" | "format"; readonly message: string };

const WORKER_SOURCE = `
const { parentPort, workerData } = require("node:worker_threads");
const { prettierPath, filePath, source } = workerData;
const fail = (stage) => (error) => ({ ok: false, stage, message: String((error && error.message) || error) });
(async () => {
  const prettier = require(prettierPath);
  let config;
  try {
    config = (await prettier.resolveConfig(filePath, { editorconfig: true, useCache: false })) || {};
  } catch (error) {
    return fail("config")(error);
  }
  try {
    const formatted = await prettier.format(source, { ...config, filepath: filePath, parser: "typescript" });
    return { ok: true, formatted };
  } catch (error) {
    return fail("format")(error);
  }
})().then((result) => parentPort.postMessage(result), (error) => parentPort.postMessage(fail("config")(error)));
`;

/**
 * Formats TypeScript `source` with the Prettier configuration (`.prettierrc`, `.editorconfig`, overrides)
 * that applies to `filePath`, which need not exist. Never throws for Prettier's errors: they come back as
 * `{ ok: false, stage }`, `config` when the configuration cannot be loaded, `format` when the code does
 * not parse.
 */
export function formatTypeScript(source: string, filePath: string): Promise<FormatResult> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: { prettierPath: require.resolve("prettier"), filePath, source },
    });
    let settled = false;
    worker.once("message", (result: FormatResult) => {
      settled = true;
      resolve(result);
      void worker.terminate();
    });
    worker.once("error", (error) => {
      settled = true;
      reject(error);
    });
    worker.once("exit", (code) => {
      if (!settled) reject(new Error(`the Prettier worker exited with code ${code} before answering`));
    });
  });
}
