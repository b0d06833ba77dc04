/**
 * Prettier, run in a worker thread. Prettier 3's CommonJS entry loads itself with a dynamic `import()`,
 * which fails inside `vm` sandboxes such as Jest's ("A dynamic import callback was invoked without
 * --experimental-vm-modules", jestjs/jest#15816); a worker is a plain Node context, so rendering works the
 * same from the CLI, from a user's test suite and from ours.
 *
 * One worker serves every file the process formats (the parts of a revision, or a program calling the API
 * in a loop): starting a thread and loading Prettier and its TypeScript parser cost about 0.3 s of CPU and
 * twice that in time, a format afterwards a few milliseconds. While it has nothing to do the worker does
 * not keep the process alive, and it ends after a few idle seconds. The configuration is read afresh for
 * every file (`useCache: false`).
 */
import { clearTimeout, setTimeout } from "node:timers";
import { Worker } from "node:worker_threads";

export type FormatResult =
  | { readonly ok: true; readonly formatted: string }
  | { readonly ok: false; readonly stage: "config" | "format"; readonly message: string };

const WORKER_SOURCE = `
const { parentPort, workerData } = require("node:worker_threads");
const fail = (stage) => (error) => ({ ok: false, stage, message: String((error && error.message) || error) });
let prettier;
async function format({ filePath, source }) {
  let config;
  try {
    prettier ??= require(workerData.prettierPath);
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
}
parentPort.on("message", (job) => {
  format(job).then(
    (result) => parentPort.postMessage({ id: job.id, result }),
    (error) => parentPort.postMessage({ id: job.id, result: fail("config")(error) }),
  );
});
`;

/** How long an idle worker waits for the next file before it ends. */
const IDLE_MS = 5_000;

interface Pending {
  readonly resolve: (result: FormatResult) => void;
  readonly reject: (error: Error) => void;
}

interface FormatterThread {
  readonly worker: Worker;
  readonly pending: Map<number, Pending>;
  nextId: number;
  idle: NodeJS.Timeout | null;
}

/**
 * The process's worker, kept on the global object so that every copy of this module (a test runner that
 * loads the tool's modules afresh, as Jest's `resetModules` does) finds the same one.
 */
const CURRENT = Symbol.for("pg-autogen.prettier-worker");
type Holder = { [CURRENT]?: FormatterThread };

/**
 * Formats TypeScript `source` with the Prettier configuration (`.prettierrc`, `.editorconfig`, overrides)
 * that applies to `filePath`, which need not exist. Never throws for Prettier's errors: they come back as
 * `{ ok: false, stage }`, `config` when the configuration cannot be loaded, `format` when the code does
 * not parse.
 */
export function formatTypeScript(source: string, filePath: string): Promise<FormatResult> {
  const thread = formatterThread();
  return new Promise((resolve, reject) => {
    const id = thread.nextId++;
    thread.pending.set(id, { resolve, reject });
    busy(thread);
    thread.worker.postMessage({ id, filePath, source });
  });
}

function formatterThread(): FormatterThread {
  const holder = globalThis as Holder;
  const kept = holder[CURRENT];
  if (kept !== undefined) return kept;
  const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { prettierPath: require.resolve("prettier") } });
  const thread: FormatterThread = { worker, pending: new Map(), nextId: 0, idle: null };
  holder[CURRENT] = thread;
  const forget = (error: Error) => {
    if (holder[CURRENT] === thread) delete holder[CURRENT];
    if (thread.idle !== null) clearTimeout(thread.idle);
    for (const { reject } of thread.pending.values()) reject(error);
    thread.pending.clear();
  };
  worker.on("message", ({ id, result }: { id: number; result: FormatResult }) => {
    const job = thread.pending.get(id);
    thread.pending.delete(id);
    if (thread.pending.size === 0) rest(thread);
    job?.resolve(result);
  });
  worker.once("error", (error) => forget(error));
  worker.once("exit", (code) => forget(new Error(`the Prettier worker exited with code ${code} before answering`)));
  return thread;
}

/** Work to do: the worker keeps the process alive until it answers. */
function busy(thread: FormatterThread): void {
  if (thread.idle !== null) clearTimeout(thread.idle);
  thread.idle = null;
  thread.worker.ref();
}

/** Nothing to do: the process may end without it, and it ends after `IDLE_MS`. */
function rest(thread: FormatterThread): void {
  // Taken now: when the time is up, a test runner may have cleared its global object, and Jest warns at
  // every property read of what it held (the thread) after that.
  const { worker } = thread;
  worker.unref();
  thread.idle = setTimeout(() => {
    const holder = globalThis as Holder;
    if (holder[CURRENT] === thread) delete holder[CURRENT];
    // Nothing is pending: its exit has nothing to reject, and its handlers would read the thread.
    worker.removeAllListeners();
    void worker.terminate();
  }, IDLE_MS);
  thread.idle.unref();
}
