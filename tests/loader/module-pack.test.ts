/** The pack file of a set of compiled modules (module-pack.ts): what it reads back, and what it refuses. */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { deltaPackPath, readModulePack, readStoredPack, storePack, writeModulePack, type PackEntry } from "../../src/loader/module-pack";

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

  it("hand out the code caches as views of the one buffer read, not copies", () => {
    const file = path.join(dir, "pack.bin");
    writeModulePack(file, entries);
    const read = readModulePack(file);
    const first = read.get("k1")!.codeCache!;
    const third = read.get("k3")!.codeCache!;
    expect(first.buffer).toBe(third.buffer);
    expect(first.buffer.byteLength).toBeGreaterThanOrEqual(fs.statSync(file).size);
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

describe("a pack and its delta", () => {
  const entry = (n: number): PackEntry => ({ output: `exports.n = ${n};\n`, codeCache: Buffer.alloc(8, n) });
  const many = (from: number, count: number) => new Map(Array.from({ length: count }, (_, i) => [`k${from + i}`, entry(from + i)]));

  it("write the whole pack first, then nothing while nothing changed", () => {
    const file = path.join(dir, "pack.bin");
    expect(storePack(file, many(0, 40), readStoredPack(file))).toBe("pack");
    const onDisk = readStoredPack(file);
    expect(onDisk.entries.size).toBe(40);
    const inode = fs.statSync(file).ino;
    expect(storePack(file, new Map(onDisk.entries), onDisk)).toBe("nothing");
    expect(fs.statSync(file).ino).toBe(inode);
    expect(fs.existsSync(deltaPackPath(file))).toBe(false);
  });

  it("put a few changed entries in the delta, read back over the pack, and leave the pack as it was", () => {
    const file = path.join(dir, "pack.bin");
    storePack(file, many(0, 40), readStoredPack(file));
    const inode = fs.statSync(file).ino;
    const onDisk = readStoredPack(file);
    // k3 edited (a new key replaces it), k5's code cache renewed.
    const now = new Map(onDisk.entries);
    now.delete("k3");
    now.set("k3-edited", entry(1003));
    now.set("k5", entry(1005));
    expect(storePack(file, now, onDisk)).toBe("delta");
    expect(fs.statSync(file).ino).toBe(inode);
    expect([...readModulePack(deltaPackPath(file)).keys()].sort()).toEqual(["k3-edited", "k5"]);
    const again = readStoredPack(file);
    expect(again.entries.get("k3-edited")!.output).toBe("exports.n = 1003;\n");
    expect([...again.entries.get("k5")!.codeCache!]).toEqual([...entry(1005).codeCache!]);
    // The same entries again: nothing to write.
    const same = new Map([...now.keys()].map((key) => [key, again.entries.get(key)!]));
    expect(storePack(file, same, again)).toBe("nothing");
  });

  it("write the whole pack again, and remove the delta, once the changes pass an eighth of it", () => {
    const file = path.join(dir, "pack.bin");
    storePack(file, many(0, 200), readStoredPack(file));
    let onDisk = readStoredPack(file);
    const now = new Map(onDisk.entries);
    for (let i = 0; i < 20; i++) now.set(`k${i}`, entry(2000 + i));
    expect(storePack(file, now, onDisk)).toBe("delta");
    onDisk = readStoredPack(file);
    const more = new Map(onDisk.entries);
    for (let i = 20; i < 30; i++) more.set(`k${i}`, entry(2000 + i));
    expect(storePack(file, more, onDisk)).toBe("pack");
    expect(fs.existsSync(deltaPackPath(file))).toBe(false);
    const rewritten = readStoredPack(file);
    expect(rewritten.delta.size).toBe(0);
    expect(rewritten.base.size).toBe(200);
    expect(rewritten.base.get("k25")!.output).toBe("exports.n = 2025;\n");
  });

  it("drop the entries no file uses any more only with a whole rewrite", () => {
    const file = path.join(dir, "pack.bin");
    storePack(file, many(0, 100), readStoredPack(file));
    const onDisk = readStoredPack(file);
    const fewer = new Map([...onDisk.entries].slice(0, 95));
    expect(storePack(file, fewer, onDisk)).toBe("nothing");
    expect(readStoredPack(file).entries.size).toBe(100);
    const half = new Map([...onDisk.entries].slice(0, 50));
    expect(storePack(file, half, readStoredPack(file))).toBe("pack");
    expect(readStoredPack(file).entries.size).toBe(50);
  });
});
