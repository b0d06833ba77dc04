/**
 * Node's own code cache (src/cli/node-compile-cache.ts), through real `autogen` processes: under Node 22
 * (installed from npm, as a user has it) the command writes it inside the tool's private cache folder, not
 * in the shared temporary folder, and reads it on the next run; `AUTOGEN_NO_CACHE=1` turns it off; under a
 * Node without `module.enableCompileCache` (Node 20) nothing is written.
 */
import { execFile } from "node:child_process";
import fs from "node:fs";
import Module from "node:module";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { autogenBin } from "../support/build-cli";
import { throwawayInstall } from "../support/throwaway-install";

const run = promisify(execFile);

/** The Node 22 this test runs `autogen` with (npm's per-platform package of the official binaries). */
const NODE_22 = "22.23.5";

function nodeBinary(version: string): string {
  const pkg = `node-${process.platform === "win32" ? "win" : process.platform}-${process.arch}`;
  const root = throwawayInstall({ [pkg]: version });
  return path.join(root, "node_modules", pkg, "bin", process.platform === "win32" ? "node.exe" : "node");
}

const made: string[] = [];

afterAll(() => {
  for (const dir of made) fs.rmSync(dir, { recursive: true, force: true });
});

/** A project folder with its own (empty) node_modules, where the tool's cache folder goes. */
function project(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "autogen-node-cache-"));
  made.push(dir);
  fs.mkdirSync(path.join(dir, "node_modules"));
  return dir;
}

const cacheFolder = (dir: string) => path.join(dir, "node_modules", ".cache", "pg-autogen");

/** Every file under `dir` (none when it does not exist). */
function filesUnder(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const file = path.join(dir, entry.name);
    return entry.isDirectory() ? filesUnder(file) : [file];
  });
}

async function autogen(node: string, dir: string, env: NodeJS.ProcessEnv = {}): Promise<string> {
  const { stdout } = await run(node, [autogenBin(), "--version"], {
    cwd: dir,
    env: { PATH: process.env.PATH, ...env },
    timeout: 60_000,
  });
  return stdout;
}

const VERSION = (JSON.parse(fs.readFileSync(path.join(__dirname, "..", "..", "package.json"), "utf8")) as { version: string }).version;

describe("Node's code cache", () => {
  let node22: string;
  beforeAll(() => {
    node22 = nodeBinary(NODE_22);
  }, 300_000);

  it("under Node 22, is written in the tool's private cache folder and used again", async () => {
    const dir = project();
    expect(await autogen(node22, dir)).toBe(`${VERSION}\n`);
    const written = filesUnder(path.join(cacheFolder(dir), "node"));
    expect(written.length).toBeGreaterThan(0);
    expect(path.basename(path.dirname(written[0]!))).toMatch(/^v22\./);
    expect(fs.statSync(cacheFolder(dir)).mode & 0o777).toBe(0o700);
    // The second run finds it (and still answers the same).
    expect(await autogen(node22, dir)).toBe(`${VERSION}\n`);
    expect(filesUnder(path.join(cacheFolder(dir), "node")).length).toBeGreaterThanOrEqual(written.length);
  }, 120_000);

  it("is off with AUTOGEN_NO_CACHE=1", async () => {
    const dir = project();
    expect(await autogen(node22, dir, { AUTOGEN_NO_CACHE: "1" })).toBe(`${VERSION}\n`);
    expect(fs.existsSync(path.join(cacheFolder(dir), "node"))).toBe(false);
  }, 120_000);

  it("is written only by a Node that has module.enableCompileCache", async () => {
    const dir = project();
    expect(await autogen(process.execPath, dir)).toBe(`${VERSION}\n`);
    const has = typeof (Module as unknown as { enableCompileCache?: unknown }).enableCompileCache === "function";
    expect(fs.existsSync(path.join(cacheFolder(dir), "node"))).toBe(has);
  }, 120_000);
});
