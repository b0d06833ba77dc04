/** How the compiler's source is read before V8 compiles it from its code cache (compiler-preload.ts). */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { readSourceText } from "../../src/loader/compiler-preload";

describe("readSourceText", () => {
  let dir: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "autogen-preload-"));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("reads an all-ASCII file without decoding, to the string UTF-8 gives (the installed typescript.js is one)", () => {
    const typescript = require.resolve("typescript");
    const read = readSourceText(typescript);
    expect(read.ascii).toBe(true);
    expect(read.text === fs.readFileSync(typescript, "utf8")).toBe(true);
  });

  it("decodes anything else as UTF-8: accents, a byte-order mark, invalid sequences", () => {
    for (const [name, bytes] of [
      ["accents.js", Buffer.from('exports.s = "é ✓ 😀";\n', "utf8")],
      ["bom.js", Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from("exports.a = 1;\n")])],
      ["invalid.js", Buffer.from([0x2f, 0x2f, 0x20, 0xff, 0xfe, 0x0a])],
    ] as const) {
      const file = path.join(dir, name);
      fs.writeFileSync(file, bytes);
      const read = readSourceText(file);
      expect([name, read.ascii]).toEqual([name, false]);
      expect([name, read.text]).toEqual([name, fs.readFileSync(file, "utf8")]);
    }
  });
});
