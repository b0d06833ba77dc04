/**
 * The load record behind the entity-side cache: what a build reads of the environment and of files is
 * recorded, a change to any of it is seen, and a build the record cannot follow is not recorded at all.
 */
import fs from "node:fs";
import Module from "node:module";
import path from "node:path";
import { forgetStatuses, knownDigest, rememberStatuses } from "../../src/cache/file-stamps";
import { checkRecord, noteRequiredModules, recordBuild, recordChange, recordPreload } from "../../src/cache/load-record";
import { tempProject } from "../cli/cli-support";

/** Past the margin within which a file counts as written while a build ran (load-record.ts). */
const settle = () => new Promise((resolve) => setTimeout(resolve, 50));

describe("recordBuild", () => {
  it("records the variables and files a build reads, and sees each change", async () => {
    const dir = tempProject({ "settings.json": '{"prefix":"app_"}' });
    const file = path.join(dir, "settings.json");
    await settle();
    process.env.RECORD_TEST_PREFIX = "x";
    const { value, record, incomplete } = await recordBuild(async () => {
      const settings = JSON.parse(fs.readFileSync(file, "utf8")) as { prefix: string };
      return `${process.env.RECORD_TEST_PREFIX}${settings.prefix}${process.env.RECORD_TEST_UNSET ?? ""}`;
    }, []);
    expect(incomplete).toBeNull();
    expect(value).toBe("xapp_");
    expect(record!.env).toEqual({ RECORD_TEST_PREFIX: "x", RECORD_TEST_UNSET: null });
    expect(record!.files.map((f) => f.path)).toEqual([file]);
    expect(recordChange(record!, process.env)).toBeNull();
    expect(recordChange(record!, { ...process.env, RECORD_TEST_UNSET: "" })).toBe("environment variable RECORD_TEST_UNSET");
    expect(recordChange(record!, { ...process.env, RECORD_TEST_PREFIX: "y" })).toBe("environment variable RECORD_TEST_PREFIX");
    fs.writeFileSync(file, '{"prefix":"db_"}');
    expect(recordChange(record!, process.env)).toBe(file);
    delete process.env.RECORD_TEST_PREFIX;
  });

  it("does not record a build whose code lists the whole environment", async () => {
    const { record, incomplete } = await recordBuild(async () => Object.keys(process.env).length, []);
    expect(record).toBeNull();
    expect(incomplete).toBe("the project's code enumerated the environment");
  });

  it("does not count what the build set itself (dotenv) as read", async () => {
    const { record } = await recordBuild(async () => {
      process.env.RECORD_TEST_SET = "1";
      return process.env.RECORD_TEST_SET;
    }, []);
    delete process.env.RECORD_TEST_SET;
    expect(record!.env).toEqual({});
  });

  it("leaves the environment and fs as they were", async () => {
    const env = process.env;
    const read = fs.readFileSync;
    await recordBuild(async () => undefined, []).catch(() => undefined);
    await expect(recordBuild(async () => Promise.reject(new Error("broken")), [])).rejects.toThrow("broken");
    expect(process.env).toBe(env);
    expect(fs.readFileSync).toBe(read);
  });
});

describe("a project file's status stands for its content once the file has settled", () => {
  /** A clock a minute ahead: every file written before it has settled. */
  const later = () => Date.now() + 60_000;

  async function recordReading(file: string, now?: () => number) {
    const { record } = await recordBuild(async () => fs.readFileSync(file, "utf8"), [], now);
    return record!;
  }

  it("a file written just now is recorded by content only: its status could still move without a change", async () => {
    const file = path.join(tempProject({ "a.json": "1" }), "a.json");
    await settle();
    const record = await recordReading(file);
    expect(record.files[0]!.sha256).toBeDefined();
    expect(record.files[0]!.status).toBeUndefined();
  });

  it("a settled file's content is not read again while its status is the same", async () => {
    const file = path.join(tempProject({ "a.json": '{"a":1}' }), "a.json");
    const record = await recordReading(file, later);
    expect(record.files[0]!.status).toBeDefined();
    const read = jest.spyOn(fs, "readFileSync");
    try {
      expect(checkRecord(record, process.env, later)).toEqual({ change: null, refreshed: null });
      expect(read).not.toHaveBeenCalled();
    } finally {
      read.mockRestore();
    }
  });

  it("sees content rewritten with the same size and the old modification time put back (ctime moves)", async () => {
    const file = path.join(tempProject({ "a.json": '{"a":1}' }), "a.json");
    // A whole second, which utimes puts back exactly.
    const second = Math.floor(Date.now() / 1000) - 100;
    fs.utimesSync(file, second, second);
    const before = fs.statSync(file);
    const record = await recordReading(file, later);
    expect(record.files[0]!.status).toBeDefined();
    fs.writeFileSync(file, '{"a":2}');
    fs.utimesSync(file, second, second);
    expect(fs.statSync(file).mtimeMs).toBe(before.mtimeMs);
    expect(fs.statSync(file).size).toBe(before.size);
    expect(checkRecord(record, process.env, later).change).toBe(file);
  });

  it("a rebuild stamps the files an earlier record knows by status without reading them again", async () => {
    const dir = tempProject({ "a.json": '{"a":1}', "b.json": '{"b":1}' });
    const [a, b] = [path.join(dir, "a.json"), path.join(dir, "b.json")];
    const build = () => fs.readFileSync(a, "utf8") + fs.readFileSync(b, "utf8");
    const first = (await recordBuild(async () => build(), [], later)).record!;
    expect(first.files.every((f) => f.status !== undefined)).toBe(true);
    fs.writeFileSync(b, '{"b":2}');
    await settle();
    rememberStatuses(first);
    const read = jest.spyOn(fs, "readFileSync");
    try {
      const { value, record } = await recordBuild(async () => build(), [], later);
      expect(value).toBe('{"a":1}{"b":2}');
      const reads = (file: string) => read.mock.calls.filter(([target]) => target === file).length;
      // a: once by the build only; b (written since): by the build, then again for its stamp.
      expect(reads(a)).toBe(1);
      expect(reads(b)).toBe(2);
      expect(record!.files.find((f) => f.path === a)).toEqual(first.files.find((f) => f.path === a));
      expect(record!.files.find((f) => f.path === b)!.sha256).not.toBe(first.files.find((f) => f.path === b)!.sha256);
    } finally {
      read.mockRestore();
      forgetStatuses();
    }
  });

  it("knows a remembered file's digest only while its status is the recorded one", async () => {
    const file = path.join(tempProject({ "a.json": '{"a":1}' }), "a.json");
    const record = await recordReading(file, later);
    try {
      expect(knownDigest(file)).toBeUndefined();
      rememberStatuses(record);
      expect(knownDigest(file)).toBe(record.files[0]!.sha256);
      // The same size, the old modification time put back: the ctime still moves.
      const { mtime } = fs.statSync(file);
      fs.writeFileSync(file, '{"a":2}');
      fs.utimesSync(file, mtime, mtime);
      expect(knownDigest(file)).toBeUndefined();
      // And a rebuild reads it: its stamp has the new content's digest.
      const { record: again } = await recordBuild(async () => fs.readFileSync(file, "utf8"), [], later);
      expect(again!.files[0]!.sha256).not.toBe(record.files[0]!.sha256);
    } finally {
      forgetStatuses();
    }
  });

  it("a file touched without a change is read once, then recorded by its new status", async () => {
    const file = path.join(tempProject({ "a.json": '{"a":1}' }), "a.json");
    const record = await recordReading(file, later);
    const t = new Date(Date.now() - 10_000);
    fs.utimesSync(file, t, t);
    const { change, refreshed } = checkRecord(record, process.env, later);
    expect(change).toBeNull();
    expect(refreshed!.files[0]!.status!.mtimeMs).toBe(fs.statSync(file).mtimeMs);
    expect(refreshed!.files[0]!.sha256).toBe(record.files[0]!.sha256);
    expect(checkRecord(refreshed!, process.env, later)).toEqual({ change: null, refreshed: null });
  });
});

describe("a file written while the build runs", () => {
  it("makes the record incomplete: the stamps, taken after the build, would not describe what it read", async () => {
    const file = path.join(tempProject({ "a.json": '{"a":1}' }), "a.json");
    // Older than the build, as a file saved before the command ran.
    const before = new Date(Date.now() - 10_000);
    fs.utimesSync(file, before, before);
    const { value, record, incomplete } = await recordBuild(async () => {
      const read = fs.readFileSync(file, "utf8");
      await new Promise((resolve) => setTimeout(resolve, 50));
      // An editor saves meanwhile.
      fs.writeFileSync(file, '{"a":2}');
      return read;
    }, []);
    expect(value).toBe('{"a":1}');
    expect(record).toBeNull();
    expect(incomplete).toBe(`${file} changed while the build ran`);
  });

  it("does not make it incomplete when it was written before", async () => {
    const file = path.join(tempProject({ "a.json": '{"a":1}' }), "a.json");
    await new Promise((resolve) => setTimeout(resolve, 50));
    const { record, incomplete } = await recordBuild(async () => fs.readFileSync(file, "utf8"), []);
    expect(incomplete).toBeNull();
    expect(record!.files.map((f) => f.path)).toEqual([file]);
  });
});

describe("modules loaded before the build that needs them (recordPreload)", () => {
  /** Node's own loader: jest's `require` (and its `createRequire`) does not fill Node's module cache, which the record reads. */
  const nodeLoad = (file: string): unknown => (Module as unknown as { _load(file: string, parent: null, isMain: boolean): unknown })._load(file, null, false);

  /** A DataSource-like module importing a helper that reads a file. */
  function modules(): { main: string; helper: string; settings: string } {
    const dir = tempProject({
      "settings.json": '{"host":"db"}',
      "helper.js": `module.exports = require("node:fs").readFileSync(__dirname + "/settings.json", "utf8");`,
      "main.js": `module.exports = { settings: require("./helper") };`,
    });
    return { main: path.join(dir, "main.js"), helper: path.join(dir, "helper.js"), settings: path.join(dir, "settings.json") };
  }

  afterEach(() => {
    delete process.env.PRELOAD_TEST_SET;
  });

  it("a build that needs a preloaded module takes what loading it read into its record, once", async () => {
    const { main, helper, settings } = modules();
    await settle();
    // The loading code reads a variable and sets one (as dotenv does).
    const loaded = await recordPreload(async () => {
      process.env.PRELOAD_TEST_SET = process.env.PRELOAD_TEST_PORT ?? "5432";
      return nodeLoad(main);
    }, []);
    expect(loaded).toEqual({ settings: '{"host":"db"}' });
    const build = async () => {
      noteRequiredModules([main]);
      return `${(nodeLoad(main) as { settings: string }).settings} ${process.env.PRELOAD_TEST_SET}`;
    };
    const { value, record, incomplete } = await recordBuild(build, []);
    expect(value).toBe('{"host":"db"} 5432');
    expect(incomplete).toBeNull();
    expect(record!.files.map((f) => f.path).sort()).toEqual([helper, main, settings].sort());
    // What the preloading code set itself is not a variable the build depends on; what it read is.
    expect(record!.env).toEqual({ PRELOAD_TEST_PORT: null });
    fs.writeFileSync(settings, '{"host":"other"}');
    expect(recordChange(record!, process.env)).toBe(settings);
    // A second build finds the module loaded before it, as without a preload.
    expect((await recordBuild(build, [])).incomplete).toBe(`${main} was not loaded by Node's module loader in this build`);
  });

  it("without a preload, a module loaded before the build leaves the record incomplete", async () => {
    const { main } = modules();
    nodeLoad(main);
    const { record, incomplete } = await recordBuild(async () => noteRequiredModules([main]), []);
    expect(record).toBeNull();
    expect(incomplete).toBe(`${main} was not loaded by Node's module loader in this build`);
  });
});
