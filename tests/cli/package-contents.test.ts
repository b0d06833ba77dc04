/**
 * What `npm pack` puts in the package users install: the command, the compiled code and its declarations,
 * the templates and the README; not the source maps, which point at `../src/*.ts` files the package does
 * not ship (a stack trace mapped through them named files no user has).
 */
import { execFileSync } from "node:child_process";
import path from "node:path";

const ROOT = path.join(__dirname, "..", "..");

describe("the published package", () => {
  it("ships bin, dist (code and declarations), templates and README, and no source map", () => {
    const [pack] = JSON.parse(execFileSync("npm", ["pack", "--dry-run", "--json", "--ignore-scripts"], { cwd: ROOT, encoding: "utf8" })) as [
      { files: { path: string }[] },
    ];
    const files = pack.files.map((f) => f.path);
    expect(files.filter((f) => f.endsWith(".map"))).toEqual([]);
    expect(files).toEqual(expect.arrayContaining(["bin/autogen.js", "dist/index.js", "dist/index.d.ts", "dist/cli/main.js", "README.md"]));
    expect(files.some((f) => f.startsWith("templates/"))).toBe(true);
    expect(files.filter((f) => !/^(bin|dist|templates)\//.test(f) && !["README.md", "package.json"].includes(f))).toEqual([]);
  });
});
