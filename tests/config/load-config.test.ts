/**
 * Config discovery and validation: autogen.config.ts / .js / .mjs / .json, --config, the URL precedence
 * (--url, then databaseUrl, then DATABASE_URL), defaults, and filters.
 */
import { execFileSync } from "node:child_process";
import path from "node:path";
import { loadConfig, ConfigError } from "../../src/config/load-config";
import { objectFilter } from "../../src/config/filters";
import { openProject } from "../../src/api/project";
import { tempProject } from "../cli/cli-support";

describe("loadConfig", () => {
  it.each([
    ["autogen.config.ts", `export default { entities: ["src/*.ts"], migrations: "db/migrations" };`],
    ["autogen.config.js", `module.exports = { entities: ["src/*.ts"], migrations: "db/migrations" };`],
    ["autogen.config.json", JSON.stringify({ entities: ["src/*.ts"], migrations: "db/migrations" })],
  ])("reads %s and resolves paths against its folder", async (name, text) => {
    const dir = tempProject({ [name]: text });
    const config = await loadConfig({ cwd: dir, env: {} });
    expect(config.configFile).toBe(path.join(dir, name));
    expect(config.entities).toEqual(["src/*.ts"]);
    expect(config.migrationsDir).toBe(path.join(dir, "db", "migrations"));
    expect(config.databaseUrl).toBeNull();
    expect(config.schemas).toBeNull();
    expect(config.transactionPerRun).toBe(false);
    expect(config.manage).toEqual([]);
  });

  it("reads the kinds entity mode manages, and names the known ones when one is wrong", async () => {
    const dir = tempProject({ "autogen.config.json": JSON.stringify({ manage: ["triggers", "sequences", "triggers"] }) });
    expect((await loadConfig({ cwd: dir, env: {} })).manage).toEqual(["triggers", "sequences"]);
    const wrong = tempProject({ "autogen.config.json": JSON.stringify({ manage: ["views"] }) });
    await expect(loadConfig({ cwd: wrong, env: {} })).rejects.toThrow(/\(key "manage"\).*"functions", "triggers".*got "views"/s);
    await expect(loadConfig({ cwd: wrong, env: {} })).rejects.toThrow(/"compositeTypes", "rangeTypes", "partitions"/);
    const ranges = tempProject({ "autogen.config.json": JSON.stringify({ manage: ["rangeTypes"] }) });
    expect((await loadConfig({ cwd: ranges, env: {} })).manage).toEqual(["rangeTypes"]);
  });

  it("reads an ES module config (.mjs) through import(), in a plain Node process", () => {
    // jest's own import() of .mjs files is experimental and fails intermittently inside a full run, so
    // this is checked the way users run it: a Node process (TypeScript sources through ts-node).
    const dir = tempProject({ "autogen.config.mjs": `export default { entities: ["e/*.ts"], schemas: ["app"] };` });
    const script = `require(${JSON.stringify(path.join(__dirname, "../../src/config/load-config.ts"))})
      .loadConfig({ cwd: ${JSON.stringify(dir)}, env: {} })
      .then((c) => process.stdout.write(JSON.stringify(c.schemas)), (e) => { console.error(e); process.exit(1); });`;
    const out = execFileSync(process.execPath, ["-r", "ts-node/register/transpile-only", "-e", script], {
      encoding: "utf8",
      env: { ...process.env, TS_NODE_PROJECT: path.join(__dirname, "../../tsconfig.test.json"), NODE_OPTIONS: "" },
    });
    expect(JSON.parse(out)).toEqual(["app"]);
  });

  it("takes --config over the files in the folder, and refuses a missing one", async () => {
    const dir = tempProject({
      "autogen.config.json": JSON.stringify({ migrations: "a" }),
      "other/conf.json": JSON.stringify({ migrations: "b" }),
    });
    const config = await loadConfig({ cwd: dir, configPath: "other/conf.json", env: {} });
    expect(config.migrationsDir).toBe(path.join(dir, "other", "b"));
    await expect(loadConfig({ cwd: dir, configPath: "nope.json", env: {} })).rejects.toThrow(
      `Invalid configuration in ${path.join(dir, "nope.json")}: the file does not exist.`,
    );
  });

  it("uses defaults without a config file", async () => {
    const dir = tempProject({});
    const config = await loadConfig({ cwd: dir, env: {} });
    expect(config.configFile).toBeNull();
    expect(config.migrationsDir).toBe(path.join(dir, "migrations"));
  });

  it("reports a config module that throws, naming the file", async () => {
    const dir = tempProject({ "autogen.config.js": `throw new Error("kaboom");` });
    const error = await loadConfig({ cwd: dir, env: {} }).catch((e) => e);
    expect(error).toBeInstanceOf(ConfigError);
    expect(error.message).toContain(path.join(dir, "autogen.config.js"));
    expect(error.message).toBe(`Invalid configuration in ${path.join(dir, "autogen.config.js")}: it failed to load: line 1, column 7: kaboom.`);
    expect(error.exitCode).toBe(2);
  });

  it("rejects wrongly typed keys with the key's name", async () => {
    for (const [config, key] of [
      [{ migrations: 3 }, "migrations"],
      [{ postWriteHooks: [{ cmd: "x" }] }, "postWriteHooks"],
      [{ include: [42] }, "include"],
      [{ transactionPerRun: "yes" }, "transactionPerRun"],
      [{ manage: ["triggers", "views"] }, "manage"],
      [{ manage: "triggers" }, "manage"],
    ] as const) {
      const dir = tempProject({ "autogen.config.json": JSON.stringify(config) });
      await expect(loadConfig({ cwd: dir, env: {} })).rejects.toThrow(`(key "${key}")`);
    }
  });
});

describe("database URL precedence", () => {
  it("--url, then the config's databaseUrl, then DATABASE_URL, else the embedded database", async () => {
    const withConfigUrl = tempProject({ "autogen.config.json": JSON.stringify({ databaseUrl: "postgresql://config/db" }) });
    const bare = tempProject({});
    const env = { DATABASE_URL: "postgresql://env/db" };
    expect((await openProject({ cwd: withConfigUrl, env, url: "postgresql://flag/db" })).databaseUrl).toBe("postgresql://flag/db");
    expect((await openProject({ cwd: withConfigUrl, env })).databaseUrl).toBe("postgresql://config/db");
    expect((await openProject({ cwd: bare, env })).databaseUrl).toBe("postgresql://env/db");
    expect((await openProject({ cwd: bare, env: {} })).databaseUrl).toBeNull();
  });
});

describe("the embedded key", () => {
  const load = (embedded: unknown) => loadConfig({ cwd: tempProject({ "autogen.config.json": JSON.stringify({ embedded }) }), env: {} });

  it("takes true, false, or an object that asks for it and picks the engine", async () => {
    const none = { engine: null, version: null };
    expect(await load(true)).toMatchObject({ embedded: true, embeddedEngine: none });
    expect(await load(false)).toMatchObject({ embedded: false, embeddedEngine: none });
    expect(await load({ engine: "pglite" })).toMatchObject({ embedded: true, embeddedEngine: { engine: "pglite", version: null } });
    expect(await load({ engine: "postgres", version: 16 })).toMatchObject({ embedded: true, embeddedEngine: { engine: "postgres", version: 16 } });
    expect(await load({ enabled: false, engine: "postgres" })).toMatchObject({ embedded: false, embeddedEngine: { engine: "postgres", version: null } });
    const bare = await loadConfig({ cwd: tempProject({}), env: {} });
    expect(bare).toMatchObject({ embedded: null, embeddedEngine: none });
  });

  it("refuses what it cannot mean, naming the key", async () => {
    for (const [value, message] of [
      ["yes", `(key "embedded"): expected true, false or an object such as { engine: "postgres", version: 15 }, got "yes".`],
      [{ engine: "sqlite" }, `(key "embedded.engine"): expected "postgres" or "pglite", got "sqlite".`],
      [{ version: 15.5 }, `(key "embedded.version"): expected a PostgreSQL major version such as 15, got a number.`],
      [{ engine: "pglite", version: 15 }, `(key "embedded.version"): it applies to the "postgres" engine; PGlite is always PostgreSQL 18.`],
      [{ enabled: "no" }, `(key "embedded.enabled"): expected true or false, got "no".`],
      [{ engnie: "postgres" }, `(key "embedded.engnie"): unknown key; the known keys are enabled, engine, version.`],
    ] as const) {
      const error = await load(value).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as Error).message).toContain(message);
    }
  });

  it("an embedded object makes the programmatic API use the embedded database", async () => {
    const dir = tempProject({ "autogen.config.json": JSON.stringify({ embedded: { engine: "pglite" } }) });
    expect((await openProject({ cwd: dir, env: {} })).embedded).toBe(true);
  });
});

describe("include / exclude filters", () => {
  it("matches schema.table patterns with *, bare names in public, and functions", () => {
    const t = (schema: string, name: string) => ({ type: "table" as const, schema, name });
    const f = objectFilter(["public.*", "app.users"], ["tmp_*", (o) => o.name.endsWith("_archive")]);
    expect(f(t("public", "users"))).toBe(true);
    expect(f(t("app", "users"))).toBe(true);
    expect(f(t("app", "orders"))).toBe(false);
    expect(f(t("public", "tmp_import"))).toBe(false);
    expect(f(t("public", "orders_archive"))).toBe(false);
    expect(objectFilter([], [])(t("any", "thing"))).toBe(true);
  });
});
