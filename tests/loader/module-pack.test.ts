/** The pack file of a set of compiled modules (module-pack.ts): what it reads back, and what it refuses. */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { readModulePack, writeModulePack, type PackEntry } from "../../src/loader/module-pack";

let dir: string;

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "autogen-pack-"));
});

afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

const entries = new Map<string, PackEntry>([
  ["k1", { output: '"use strict";\nexports.a = "é ✓ `${x}`";\n', codeCache: Buffer.from([1, 2, 3, 250]) }],
  ["k2", { output: "exports.b = 2;\n", codeCache: undefined }],
  ["k3", { output: "", codeCache: Buffer.alloc(5000, 7) }],
]);

describe("module packs", () => {
  it("read back what was written, outputs (any text) and code caches alike, in order", () => {
    const file = path.join(dir, "pack.bin");
    writeModulePack(file, entries);
    const read = readModulePack(file);
    expect([...read.keys()]).toEqual(["k1", "k2", "k3"]);
    const bytes = (b: Buffer | undefined) => (b ? [...b] : undefined);
    for (const [key, entry] of entries) {
      expect(read.get(key)!.output).toBe(entry.output);
      expect(bytes(read.get(key)!.codeCache)).toEqual(bytes(entry.codeCache));
    }
    expect(fs.readdirSync(dir)).toEqual(["pack.bin"]); // No temporary file left behind.
  });

  it("are empty when absent, damaged anywhere, truncated or not packs at all", () => {
    const file = path.join(dir, "pack.bin");
    expect(readModulePack(file).size).toBe(0);
    writeModulePack(file, entries);
    const good = fs.readFileSync(file);
    for (const offset of [good.indexOf(10) + 3, good.length - 1, Math.floor(good.length / 2)]) {
      const damaged = Buffer.from(good);
      damaged[offset] ^= 0x01;
      fs.writeFileSync(file, damaged);
      expect(readModulePack(file).size).toBe(0);
    }
    fs.writeFileSync(file, good.subarray(0, good.length - 10));
    expect(readModulePack(file).size).toBe(0);
    fs.writeFileSync(file, "// pg-autogen-cache v1 something\nmodule.exports = 1;\n");
    expect(readModulePack(file).size).toBe(0);
    fs.writeFileSync(file, good);
    expect(readModulePack(file).size).toBe(3);
  });

  it("are not written where the directory is not writable, and leave nothing behind", () => {
    const file = path.join(dir, "missing-directory", "pack.bin");
    writeModulePack(file, entries);
    expect(fs.existsSync(file)).toBe(false);
    expect(fs.readdirSync(dir)).toEqual([]);
  });
});
