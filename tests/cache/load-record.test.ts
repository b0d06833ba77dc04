/**
 * The load record behind the entity-side cache: what a build reads of the environment and of files is
 * recorded, a change to any of it is seen, and a build the record cannot follow is not recorded at all.
 */
import fs from "node:fs";
import path from "node:path";
import { recordBuild, recordChange } from "../../src/cache/load-record";
import { tempProject } from "../cli/cli-support";

describe("recordBuild", () => {
  it("records the variables and files a build reads, and sees each change", async () => {
    const dir = tempProject({ "settings.json": '{"prefix":"app_"}' });
    const file = path.join(dir, "settings.json");
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
