/**
 * The version matrix, as users run the tool: for each TypeORM x TypeScript pair (matrix.ts), a throwaway
 * project with that TypeORM and TypeScript from the registry and pg-autogen installed from `npm pack`
 * (user-project.ts). Its own TypeORM synchronizes a PostgreSQL 15 database and `autogen check` finds it in
 * sync; `autogen -m initial` on an empty database, applied, gives the schema synchronize() gives (pg_dump),
 * and the project's own TypeORM then wants no statement at all.
 */
import fs from "node:fs";
import path from "node:path";
import { createTestDatabase, type TestDatabase } from "../support/test-db";
import { pgDump } from "../support/pg-dump";
import { SYNC_DUMP } from "../support/entity-versions";
import { selectedPairs } from "./matrix";
import { UserProject, type CommandResult } from "./user-project";

/** pg_dump as synchronize() leaves it; the tool's own tables left out of the migrated side. */
const DUMP = {
  ...SYNC_DUMP,
  args: [...(SYNC_DUMP.args ?? []), "--exclude-table=public.autogen_version", "--exclude-table=public.autogen_checksums"],
};

function expectOk(result: CommandResult, what: string): void {
  if (result.code !== 0) throw new Error(`${what} exited ${result.code}:\n${result.stdout}\n${result.stderr}`);
}

const timings: string[] = [];

afterAll(() => {
  if (timings.length > 0) process.stdout.write(`\n${timings.join("\n")}\n`);
});

describe.each(selectedPairs())("TypeORM $typeorm with TypeScript $typescript", (pair) => {
  let project: UserProject;
  let synced: TestDatabase;
  let empty: TestDatabase;
  const seconds: Record<string, number> = {};

  beforeAll(async () => {
    const tarball = process.env.AUTOGEN_TARBALL;
    if (!tarball) throw new Error("AUTOGEN_TARBALL is not set: run through jest.versions.config.js");
    const created = await UserProject.create(pair, tarball);
    project = created.project;
    seconds.install = created.installSeconds;
    synced = await createTestDatabase("vsync");
    empty = await createTestDatabase("vempty");
  });

  afterAll(async () => {
    await synced?.drop();
    await empty?.drop();
    project?.release();
    const steps = Object.entries(seconds).map(([step, s]) => `${step} ${s.toFixed(1)} s`);
    timings.push(`TypeORM ${pair.typeorm} / TypeScript ${pair.typescript}: ${steps.join(", ")}`);
  });

  it("has that TypeORM and TypeScript, one TypeORM only, and no @types/node pulled in", () => {
    expect(project.version("typeorm")).toBe(pair.typeorm);
    expect(project.version("typescript")).toBe(pair.typescript);
    expect(fs.existsSync(path.join(project.dir, "node_modules", "pg-autogen", "node_modules", "typeorm"))).toBe(false);
    expect(fs.existsSync(path.join(project.dir, "node_modules", "@types", "node"))).toBe(false);
  });

  it("still builds with the project's own tsc, the tool installed (its config file included)", async () => {
    const build = await project.exec("tsc", ["-p", "."]);
    seconds.tsc = build.seconds;
    expectOk(build, "tsc");
  });

  it("autogen check exits 0 on a database the project's own TypeORM synchronized", async () => {
    expectOk(await project.exec("node", ["dist/src/sync.js", synced.url]), "synchronize()");
    const check = await project.exec("autogen", ["check", "--url", synced.url]);
    seconds.check = check.seconds;
    expect({ code: check.code, out: check.stdout + check.stderr }).toEqual({ code: 0, out: expect.any(String) });
    // The compiled JavaScript entities (dist/), with no TypeScript involved.
    const js = await project.exec("autogen", ["check", "--config", "autogen.dist.config.js", "--url", synced.url]);
    expect({ code: js.code, out: js.stdout + js.stderr }).toEqual({ code: 0, out: expect.any(String) });
  });

  it("with no URL, autogen check works on the database the DataSource's connection settings name", async () => {
    const url = new URL(synced.url);
    const dataSource = `import "reflect-metadata";
import { DataSource } from "typeorm";
import { Author } from "../src/entities/author";
import { Book } from "../src/entities/book";
import { Content, Note } from "../src/entities/content";
import { Tag } from "../src/entities/tag";

export default new DataSource({
  type: "postgres",
  host: ${JSON.stringify(url.hostname)},
  port: ${Number(url.port)},
  username: ${JSON.stringify(decodeURIComponent(url.username))},
  password: async () => "unused-under-trust",
  database: ${JSON.stringify(synced.name)},
  ssl: false,
  extra: { application_name: "user-app" },
  entities: [Author, Book, Tag, Content, Note],
});
`;
    fs.mkdirSync(path.join(project.dir, "connected", "migrations"), { recursive: true });
    fs.writeFileSync(path.join(project.dir, "connected", "data-source.ts"), dataSource);
    const config = { dataSource: "connected/data-source.ts", migrations: "connected/migrations" };
    fs.writeFileSync(path.join(project.dir, "autogen.connected.config.json"), JSON.stringify(config));
    // On the embedded database (empty) check would list every table to create.
    const check = await project.exec("autogen", ["check", "--config", "autogen.connected.config.json"]);
    expect({ code: check.code, stdout: check.stdout }).toEqual({ code: 0, stdout: "No changes in schema detected.\n" });
    expect(check.stderr).not.toMatch(/embedded|ERROR|WARNING/);
  });

  it("autogen -m initial on an empty database gives what synchronize() gives, and TypeORM then wants nothing", async () => {
    const generate = await project.exec("autogen", ["-m", "initial", "--url", empty.url]);
    seconds.generate = generate.seconds;
    expectOk(generate, "autogen -m initial");
    expect(fs.readdirSync(path.join(project.dir, "migrations")).filter((f) => f.endsWith("_initial.ts"))).toHaveLength(1);
    const upgrade = await project.exec("autogen", ["upgrade", "head", "--url", empty.url]);
    seconds.upgrade = upgrade.seconds;
    expectOk(upgrade, "autogen upgrade head");
    expect(pgDump(empty.url, DUMP)).toBe(pgDump(synced.url, DUMP));
    expectOk(await project.exec("autogen", ["check", "--url", empty.url]), "autogen check after upgrade");
    const pending = await project.exec("node", ["dist/src/sync.js", empty.url, "pending"]);
    expectOk(pending, "the schema builder's pending statements");
    expect(JSON.parse(pending.stdout.trim().split("\n").pop()!)).toEqual([]);
  });
});
