/**
 * Prettier's worker thread (src/render/format-typescript.ts) serves every file a process formats: the
 * parts of one revision, or an API caller's loop, load Prettier once instead of once per file. Threads are
 * counted by Node's own numbering: every new Worker gets the next `threadId`.
 */
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { Worker } from "node:worker_threads";
import { formatTypeScript } from "../../src/render/format-typescript";

/** The `threadId` a new thread gets now: one more than the threads this process has started. */
async function nextThreadId(): Promise<number> {
  const probe = new Worker("", { eval: true });
  const id = probe.threadId;
  await new Promise((resolve) => probe.once("exit", resolve));
  return id;
}

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), "autogen-format-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

it("formats several files, one after another and at once, with one thread", async () => {
  await writeFile(path.join(dir, ".prettierrc"), JSON.stringify({ singleQuote: true }));
  const file = path.join(dir, "m.ts");
  const before = await nextThreadId();
  const first = await formatTypeScript('export const a  =  "x"', file);
  const second = await formatTypeScript('export const b = "y";;', file);
  const together = await Promise.all([formatTypeScript("export const c=1", file), formatTypeScript("export const d=2", file)]);
  const after = await nextThreadId();
  expect([first, second, ...together]).toEqual([
    { ok: true, formatted: "export const a = 'x';\n" },
    { ok: true, formatted: "export const b = 'y';\n" },
    { ok: true, formatted: "export const c = 1;\n" },
    { ok: true, formatted: "export const d = 2;\n" },
  ]);
  // The first probe, the formatter (unless an earlier test left one running) and the second probe.
  expect(after - before).toBeLessThanOrEqual(2);
});

it("reads the configuration afresh for every file, and reports errors without losing the thread", async () => {
  const file = path.join(dir, "n.ts");
  await writeFile(path.join(dir, ".prettierrc"), JSON.stringify({ singleQuote: false }));
  expect(await formatTypeScript("export const a = 'x'", file)).toEqual({ ok: true, formatted: 'export const a = "x";\n' });
  const before = await nextThreadId();
  expect(await formatTypeScript("export const = ;", file)).toMatchObject({ ok: false, stage: "format" });
  await writeFile(path.join(dir, ".prettierrc"), "{ not json");
  expect(await formatTypeScript("export const a = 1", file)).toMatchObject({ ok: false, stage: "config" });
  await writeFile(path.join(dir, ".prettierrc"), JSON.stringify({ semi: false }));
  expect(await formatTypeScript("export const a = 1;", file)).toEqual({ ok: true, formatted: "export const a = 1\n" });
  expect((await nextThreadId()) - before).toBe(1);
});
