/**
 * `diff(from, to, options)` called the wrong way from JavaScript (src/api/diff-arguments.ts): in the shape
 * of the other commands (`diff(project, { ... })`), with the options first, a TypeORM DataSource or nothing
 * for a side. Each is told, in one paragraph, what it was given and the shapes diff() takes. Before, the
 * first two asked for the project they had been given ('"migrations" needs a project'), the others failed
 * on "Cannot read properties of undefined (reading 'kind')" or "of null (reading 'graph')".
 */
import { DataSource } from "typeorm";
import { diff, openProject, type Project } from "../../src";
import { DiffArgumentError } from "../../src/api/diff-arguments";
import { tempProject } from "../cli/cli-support";

const SHAPES = 'diff() is called as diff(from, to, options?): FROM and TO are each a string';
const anyDiff = diff as unknown as (...args: unknown[]) => Promise<unknown>;

describe("diff() called with arguments of the wrong shape", () => {
  let project: Project;
  beforeAll(async () => {
    const dir = tempProject({ "autogen.config.json": JSON.stringify({ migrations: "migrations", entities: ["entities/*.ts"] }), "migrations/.keep": "" });
    project = await openProject({ cwd: dir, env: {} });
  });

  const cases: Array<[string, () => unknown[], string]> = [
    [
      "the project first, the sides in an object (the shape of the other commands)",
      () => [project, { from: "migrations", to: "entities" }],
      'diff() got a Project (from openProject) as FROM (its first argument). ' + SHAPES,
    ],
    ["the options first", () => [{ project, schemas: ["public"] }, "entities"], "diff() got an object with the keys project, schemas as FROM (its first argument)."],
    ["nothing", () => [], "diff() got undefined as FROM (its first argument)."],
    ["no TO", () => ["migrations"], "diff() got undefined as TO (its second argument)."],
    ["a number", () => [5, "entities", { project }], "diff() got a number as FROM (its first argument)."],
    ["a DiffSource of no kind diff() knows", () => [{ kind: "database", url: "x" }, "entities", { project }], "diff() got an object with the keys kind, url as FROM"],
    ["a url DiffSource without its url", () => ["migrations", { kind: "url" }, { project }], "diff() got an object with the key kind as TO"],
    ["the project as options", () => ["migrations", "entities", project], "diff() got a Project (from openProject) as options (its third argument)."],
    ["options as a string", () => ["migrations", "entities", "public"], "diff() got a string as options (its third argument)."],
    ["an option misspelt", () => ["migrations", "entities", { project, schema: ["app"] }], "diff() got an object with the keys project, schema as options"],
  ];

  it.each(cases)("%s", async (_name, args, start) => {
    const error = await anyDiff(...args()).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(DiffArgumentError);
    const message = (error as Error).message;
    expect(message).toContain(start);
    expect(message).toContain(SHAPES);
    expect(message).not.toContain("\n");
  });

  it("names the fix where the mistake is a known one", async () => {
    const messages = await Promise.all(
      [
        [project, { from: "migrations", to: "entities" }],
        [{ project, schemas: ["public"] }, "entities"],
        [{ from: "migrations", to: "entities", project }],
        ["migrations", "entities", project],
        ["migrations", "entities", { project, schema: ["app"] }],
      ].map((args) => anyDiff(...args).catch((e: Error) => e.message)),
    );
    expect(messages.map((m) => String(m).slice(String(m).indexOf("onProgress.") + "onProgress. ".length))).toEqual([
      'A project is not a side: it goes in the options, diff("migrations", "entities", { project }).',
      "Options come third, after FROM and TO.",
      "FROM and TO are not options: diff(from, to, { project }).",
      "A project goes in the options: diff(from, to, { project }).",
      '"schema" is no option.',
    ]);
  });

  it("says a TypeORM DataSource is not a side, without printing its settings", async () => {
    const dataSource = new DataSource({ type: "postgres", url: "postgresql://app:s3cret@db.example/app" });
    const message = await anyDiff(dataSource, "entities", { project }).catch((e: Error) => e.message);
    expect(message).toContain("diff() got a TypeORM DataSource as FROM (its first argument).");
    expect(message).toContain("A TypeORM DataSource is not a side: give its database's URL");
    expect(message).not.toContain("s3cret");
    const asOptions = await anyDiff("migrations", "entities", dataSource).catch((e: Error) => e.message);
    expect(asOptions).toContain("diff() got a TypeORM DataSource as options (its third argument).");
    expect(asOptions).toMatch(/A TypeORM DataSource is no option: give \{ project \}, whose config names it\.$/);
  });

  it("still takes a DiffSource object, its revision left out meaning the heads", async () => {
    const result = (await diff({ kind: "migrations" } as never, "migrations", { project })) as { upToDate: boolean };
    expect(result.upToDate).toBe(true);
  }, 120_000);
});
