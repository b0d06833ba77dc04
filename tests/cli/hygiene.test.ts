/**
 * The command line's small promises, each kept: an unknown command is named with a suggestion (exit 2);
 * output piped into `head` ends quietly; `upgrade` to an older revision says to downgrade; `merge heads`
 * refuses with one head; with two heads `check` advises `upgrade heads` or `merge`; `history --json`
 * says which revision is current; `test --help` says what `--url` is; a missing migrations folder and an
 * invalid port are usage errors that say what to do. On PostgreSQL 15 where a database is involved.
 */
import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { autogenBin } from "../support/build-cli";
import { createTestDatabase, type TestDatabase } from "../support/test-db";
import { cli, migrationFiles, NOTE_ENTITY, tempProject } from "./cli-support";

const mig = (rev: string, down: string | readonly string[] | null, sql = "") => `
exports.revision = ${JSON.stringify(rev)};
exports.downRevision = ${JSON.stringify(down)};
exports.upgrade = async (op) => { ${sql} };
exports.downgrade = async () => {};
`;

function project(files: Record<string, string>, config: Record<string, unknown> = {}): string {
  return tempProject({
    "autogen.config.json": JSON.stringify({ entities: ["entities/*.ts"], ...config }),
    "entities/note.ts": NOTE_ENTITY,
    ...files,
  });
}

describe("unknown commands", () => {
  it("says unknown command, suggests the closest one, exits 2", async () => {
    const typo = await cli(["histroy"], project({}));
    expect(typo.code).toBe(2);
    expect(typo.stderr).toContain("unknown command 'histroy'");
    expect(typo.stderr).toContain("Did you mean history?");
    const frob = await cli(["frobnicate"], project({}));
    expect(frob.code).toBe(2);
    expect(frob.stderr).toContain("unknown command 'frobnicate'");
    expect(frob.stderr).toContain("autogen --help");
    expect(frob.stderr).not.toContain("too many arguments");
  });
});

describe("output into a closed pipe (autogen history | head -1)", () => {
  it("ends quietly, without an EPIPE stack trace", async () => {
    const files: Record<string, string> = {};
    let down: string | null = null;
    // About 100 KB of history: more than a pipe holds, so the writer is still writing when the reader goes.
    for (let i = 0; i < 400; i++) {
      const id = `r${String(i).padStart(4, "0")}`;
      files[`migrations/${id}.js`] = `/** ${"a long message ".repeat(16)}${id} */\n${mig(id, down)}`;
      down = id;
    }
    const dir = project(files);
    // bin/autogen.js over dist/, or over a build of the sources when dist/ is older (tests/support/build-cli.ts).
    const child = spawn(process.execPath, [autogenBin(), "history"], {
      cwd: dir,
      env: { ...process.env, DATABASE_URL: "" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    let first = "";
    child.stdout.once("data", (chunk: Buffer) => {
      first = chunk.toString().split("\n")[0]!;
      child.stdout.destroy(); // as `head -1` does once it has its line
    });
    const code = await new Promise<number | null>((resolve) => child.on("close", (c) => resolve(c)));
    expect(first).toMatch(/^r0398 -> r0399 \(head\), a long message/);
    expect(stderr).not.toContain("EPIPE");
    // Nothing on stderr but, on a slow machine, the line of a phase that took over a second (see README).
    expect(stderr.replace(/^Loading migrations took \d+\.\d s\n/m, "")).toBe("");
    expect(code).toBe(0);
  }, 120_000);
});

describe("with a database", () => {
  let db: TestDatabase;
  beforeEach(async () => {
    db = await createTestDatabase("hyg");
  });
  afterEach(async () => {
    await db.drop();
  });

  it("upgrade to an older revision says it is a downgrade target, and what to run", async () => {
    const dir = project(
      { "migrations/a.js": mig("aaa111", null), "migrations/b.js": mig("bbb222", "aaa111") },
      { databaseUrl: db.url },
    );
    expect((await cli(["upgrade", "head"], dir)).code).toBe(0);
    const r = await cli(["upgrade", "aaa111"], dir);
    expect(r.code).toBe(2);
    expect(r.stdout).not.toContain("Nothing to do");
    expect(r.stderr).toContain('"aaa111" is older than the database\'s current revision "bbb222"');
    expect(r.stderr).toContain("autogen downgrade aaa111");
    expect(await db.query("SELECT version_num FROM autogen_version")).toEqual([{ version_num: "bbb222" }]);
  });

  it("with two heads, check advises upgrade heads or merge, not upgrade head", async () => {
    const dir = project(
      {
        "migrations/a.js": mig("aaa111", null),
        "migrations/b.js": mig("bbb222", "aaa111"),
        "migrations/c.js": mig("ccc333", "aaa111"),
      },
      { databaseUrl: db.url },
    );
    expect((await cli(["upgrade", "aaa111"], dir)).code).toBe(0);
    const r = await cli(["check"], dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("2 heads (bbb222, ccc333)");
    expect(r.stderr).toContain('"autogen upgrade heads"');
    expect(r.stderr).toContain('"autogen merge heads -m');
    expect(r.stderr).not.toContain('"autogen upgrade head"');
  });

  it("history --json says which revision is current, from the database", async () => {
    const dir = project(
      { "migrations/a.js": mig("aaa111", null), "migrations/b.js": mig("bbb222", "aaa111") },
      { databaseUrl: db.url },
    );
    expect((await cli(["upgrade", "aaa111"], dir)).code).toBe(0);
    const r = await cli(["history", "--json"], dir);
    expect(r.code).toBe(0);
    const list = JSON.parse(r.stdout) as { id: string; isCurrent: boolean | null }[];
    expect(list.map((x) => [x.id, x.isCurrent])).toEqual([
      ["bbb222", false],
      ["aaa111", true],
    ]);
  });

  it("an invalid port is reported as such, as a usage error", async () => {
    const r = await cli(["current", "--url", "postgresql://app:s3cret@127.0.0.1:99999/db"], project({ "migrations/a.js": mig("aaa111", null) }));
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("port 99999 is not a valid port");
    expect(r.stderr).not.toContain("percent-encoded");
    expect(r.stderr).not.toContain("s3cret");
  });
});

describe("without a database", () => {
  it("history --json says isCurrent null when no database is configured, and creates none", async () => {
    const dir = project({ "migrations/a.js": mig("aaa111", null) });
    const r = await cli(["history", "--json"], dir);
    expect(r.code).toBe(0);
    expect((JSON.parse(r.stdout) as { isCurrent: unknown }[]).map((x) => x.isCurrent)).toEqual([null]);
    expect(fs.existsSync(path.join(dir, ".autogen"))).toBe(false);
  });

  it("history --json says isCurrent null when the database cannot be reached, with a note on stderr", async () => {
    const dir = project({ "migrations/a.js": mig("aaa111", null) }, { databaseUrl: "postgresql://u@127.0.0.1:1/db" });
    const r = await cli(["history", "--json"], dir);
    expect(r.code).toBe(0);
    expect((JSON.parse(r.stdout) as { isCurrent: unknown }[]).map((x) => x.isCurrent)).toEqual([null]);
    expect(r.stderr).toContain("isCurrent is null");
  });

  it("merge heads with one head refuses and writes nothing", async () => {
    const dir = project({ "migrations/a.js": mig("aaa111", null) });
    const r = await cli(["merge", "heads", "-m", "merge"], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('only one head ("aaa111")');
    expect(fs.readdirSync(path.join(dir, "migrations"))).toEqual(["a.js"]);
  });

  it("merge of a revision and its own ancestor refuses", async () => {
    const dir = project({ "migrations/a.js": mig("aaa111", null), "migrations/b.js": mig("bbb222", "aaa111") });
    const r = await cli(["merge", "aaa111", "bbb222", "-m", "merge"], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('"aaa111" is an ancestor of "bbb222"');
    expect(migrationFiles(dir)).toEqual([]);
    expect(fs.readdirSync(path.join(dir, "migrations")).sort()).toEqual(["a.js", "b.js"]);
  });

  it("a config that says embedded: false makes a missing URL a usage error, and nothing is created", async () => {
    const dir = project({ "migrations/a.js": mig("aaa111", null) }, { embedded: false });
    const r = await cli(["current"], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("No database URL: pass --url (`url` from code), set `databaseUrl` in");
    expect(fs.existsSync(path.join(dir, ".autogen"))).toBe(false);
  });

  it("a missing migrations folder is a usage error naming it and autogen init", async () => {
    const dir = project({});
    const r = await cli(["upgrade", "head"], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`The migrations folder ${path.join(dir, "migrations")} does not exist`);
    expect(r.stderr).toContain("autogen init");
  });

  it("test --help says what --url is: an EMPTY database, DATABASE_URL not used", async () => {
    const r = await cli(["test", "--help"], project({}));
    expect(r.code).toBe(0);
    const help = r.stdout.replace(/\s+/g, " "); // commander wraps the help text
    expect(help).toContain("--url <url> an EMPTY PostgreSQL database to run on");
    expect(help).toContain("DATABASE_URL and the config's databaseUrl are not used");
    expect(help).not.toContain("then DATABASE_URL, then");
  });

  it("test runs on a throwaway database even when DATABASE_URL is set, as its help says", async () => {
    const create = `CREATE TABLE notes (id serial CONSTRAINT "PK_af6206538ea96c4e77e9f400c3d" PRIMARY KEY, title varchar(120) NOT NULL)`;
    const dir = project({
      "migrations/a.js": mig("aaa111", null, `await op.execute(${JSON.stringify(create)});`).replace(
        "exports.downgrade = async () => {};",
        'exports.downgrade = async (op) => { await op.execute("DROP TABLE notes"); };',
      ),
    });
    const r = await cli(["test"], dir, { DATABASE_URL: "postgresql://u@127.0.0.1:1/db" });
    expect(r.stdout).toContain("4 passed, 0 failed");
    expect(r.code).toBe(0);
  }, 180_000);
});
