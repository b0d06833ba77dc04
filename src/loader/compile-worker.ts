/**
 * The worker behind `LazyCompiler.compileAhead` (project-compiler.ts): compiles the files it is given with
 * the project's TypeScript and options, exactly as `compileMany` does in the main thread (batch-compile.ts),
 * while the main thread loads TypeORM and the rest of the project. The outputs go back through `port`,
 * and `signal` is notified once they are there (or the work failed), so that the main thread can wait for
 * them synchronously (`Atomics.wait`) when it needs them before they arrived.
 */
import type { MessagePort } from "node:worker_threads";
import { parentPort, workerData } from "node:worker_threads";
import type * as TypeScript from "typescript";
import { compileBatchWith, type BatchFile } from "./batch-compile";
import { CompileCache } from "./compile-cache";
import { preloadCompiler } from "./compiler-preload";
import type { JsonCompilerOptions } from "./tsconfig-options";
import { createTranspileService } from "./typescript-compiler";

/** What the main thread hands the worker. */
export interface CompileJob {
  readonly entryPoint: string;
  readonly options: JsonCompilerOptions;
  readonly projectDir: string;
  /** The compile cache, for V8's code cache of the compiler itself; absent when the cache is off. */
  readonly cache?: { readonly directory: string; readonly identity: string };
  readonly files: readonly BatchFile[];
  readonly port: MessagePort;
  /** One Int32 slot: 0 while the work runs, 1 once the reply is posted. */
  readonly signal: Int32Array;
}

/** The worker's reply: each file it compiled with its output, or why it compiled nothing. */
export type CompileReply = { readonly outputs: readonly (readonly [string, string])[] } | { readonly failed: string };

function run(job: CompileJob): CompileReply {
  try {
    const cache = job.cache === undefined ? undefined : new CompileCache(job.cache.directory, job.cache.identity);
    const preloaded = cache === undefined ? undefined : preloadCompiler(job.entryPoint, cache);
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const ts = require(job.entryPoint) as typeof TypeScript;
    const outputs = compileBatchWith(createTranspileService(ts, job.options, job.projectDir), job.files);
    preloaded?.storeCodeCache();
    return { outputs: [...outputs] };
  } catch (error) {
    return { failed: error instanceof Error ? error.message : String(error) };
  }
}

if (parentPort !== null) {
  const job = workerData as CompileJob;
  job.port.postMessage(run(job));
  Atomics.store(job.signal, 0, 1);
  Atomics.notify(job.signal, 0);
}
