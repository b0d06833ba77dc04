/**
 * The entity side's cache entry: its head (what the build read, the summary, the warnings) is checked
 * without parsing the value, which is parsed only when read; a file the build read that changed is seen;
 * an entry cut short is no entry.
 */
import fs from "node:fs";
import path from "node:path";
import { cachedProjectBuild } from "../../src/cache/entity-model-cache";
import { forgetStatuses } from "../../src/cache/file-stamps";
import { tempProject } from "../cli/cli-support";

/** Past the margin within which a file counts as written while a build ran (load-record.ts). */
const settle = () => new Promise((resolve) => setTimeout(resolve, 50));

describe("cachedProjectBuild", () => {
  async function setUp() {
    const dir = tempProject({ "model.json": JSON.stringify({ schemas: ["public"], tables: { t: 1 } }), "cache/.keep": "" });
    const cacheDir = path.join(dir, "cache");
    fs.chmodSync(cacheDir, 0o700);
    let builds = 0;
    const side = () =>
      cachedProjectBuild(
        cacheDir,
        { projectDir: dir, source: { entities: ["model.json"] } },
        async (warn) => {
          builds++;
          warn("a warning");
          return JSON.parse(fs.readFileSync(path.join(dir, "model.json"), "utf8")) as { schemas: string[]; tables: object };
        },
        (value) => ({ schemas: value.schemas }),
        async () => [],
      );
    const entryFile = () => path.join(cacheDir, fs.readdirSync(cacheDir).find((name) => name.startsWith("entity-model-"))!);
    await settle();
    return { dir, side, entryFile, builds: () => builds };
  }

  it("a hit gives the summary and warnings without parsing the value, which is parsed when read", async () => {
    const { side, entryFile, builds } = await setUp();
    const built = await side();
    expect({ cached: built.cached, summary: built.summary, warnings: built.warnings }).toEqual({
      cached: false,
      summary: { schemas: ["public"] },
      warnings: ["a warning"],
    });
    const hit = await side();
    expect({ cached: hit.cached, identity: hit.identity, summary: hit.summary, warnings: hit.warnings }).toEqual({
      cached: true,
      identity: built.identity,
      summary: { schemas: ["public"] },
      warnings: ["a warning"],
    });
    expect(hit.value).toEqual({ schemas: ["public"], tables: { t: 1 } });
    expect(builds()).toBe(1);
    // The value's text replaced by text of the same length that is no JSON: the head alone answers.
    const [head, value] = fs.readFileSync(entryFile(), "utf8").split("\n");
    fs.writeFileSync(entryFile(), `${head}\n${"x".repeat(value!.length)}`);
    const lazy = await side();
    expect(lazy.cached).toBe(true);
    expect(lazy.summary).toEqual({ schemas: ["public"] });
    expect(() => lazy.value).toThrow(SyntaxError);
  });

  it("keeps text that is not ASCII as it was (the value and the warnings)", async () => {
    const dir = tempProject({ "cache/.keep": "" });
    const cacheDir = path.join(dir, "cache");
    fs.chmodSync(cacheDir, 0o700);
    const value = { table: "café_bestellungen", comment: "Größe in 🍕" };
    const side = () =>
      cachedProjectBuild(
        cacheDir,
        { projectDir: dir, source: { entities: [] } },
        async (warn) => {
          warn("naïve");
          return value;
        },
        (v) => v.table,
        async () => [],
      );
    await side();
    const hit = await side();
    expect({ cached: hit.cached, value: hit.value, summary: hit.summary, warnings: hit.warnings }).toEqual({
      cached: true,
      value,
      summary: "café_bestellungen",
      warnings: ["naïve"],
    });
  });

  it("a rebuild reads again only the files that changed since the entry it replaces", async () => {
    const dir = tempProject({ "a.json": '{"a":1}', "b.json": '{"b":1}', "cache/.keep": "" });
    const cacheDir = path.join(dir, "cache");
    fs.chmodSync(cacheDir, 0o700);
    const [a, b] = [path.join(dir, "a.json"), path.join(dir, "b.json")];
    const side = () =>
      cachedProjectBuild(
        cacheDir,
        { projectDir: dir, source: { entities: ["a.json", "b.json"] } },
        async () => fs.readFileSync(a, "utf8") + fs.readFileSync(b, "utf8"),
        () => null,
        async () => [],
      );
    // Left alone long enough to be known by status (file-stamps.ts: 3 s): the clock the first build reads
    // is moved on by that much, as if it had waited (load-record.test.ts moves its clock the same way).
    const realNow = Date.now.bind(Date);
    const later = jest.spyOn(Date, "now").mockImplementation(() => realNow() + 3_100);
    try {
      await side();
    } finally {
      later.mockRestore();
    }
    fs.writeFileSync(b, '{"b":2}');
    await settle();
    const read = jest.spyOn(fs, "readFileSync");
    try {
      const rebuilt = await side();
      expect(rebuilt.cached).toBe(false);
      expect(rebuilt.value).toBe('{"a":1}{"b":2}');
      const reads = (file: string) => read.mock.calls.filter(([target]) => target === file).length;
      // a: by the build only, its digest known from the replaced entry; b: by the check that found it
      // changed, by the build, then for its stamp.
      expect(reads(a)).toBe(1);
      expect(reads(b)).toBe(3);
    } finally {
      read.mockRestore();
      forgetStatuses();
    }
  }, 15_000);

  it("an entry cut short is built again", async () => {
    const { side, entryFile, builds } = await setUp();
    await side();
    const text = fs.readFileSync(entryFile(), "utf8");
    fs.writeFileSync(entryFile(), text.slice(0, -3));
    const again = await side();
    expect(again.cached).toBe(false);
    expect(again.value).toEqual({ schemas: ["public"], tables: { t: 1 } });
    expect(builds()).toBe(2);
  });

  it("a change to a file the build read is seen", async () => {
    const { dir, side, builds } = await setUp();
    await side();
    fs.writeFileSync(path.join(dir, "model.json"), JSON.stringify({ schemas: ["app"], tables: {} }));
    await settle();
    const again = await side();
    expect({ cached: again.cached, summary: again.summary }).toEqual({ cached: false, summary: { schemas: ["app"] } });
    expect(builds()).toBe(2);
  });
});
