/**
 * Comments on extensions (`COMMENT ON EXTENSION`) between two PostgreSQL 15 databases (`autogen diff`):
 * compared like the other objects' comments, with the downgrade derived. Before, neither compared nor
 * named as left uncompared: two databases whose only difference was an extension's comment were up to
 * date. `CREATE EXTENSION` sets its control file's comment, so an extension the script creates gets a
 * comment statement only where TO's comment is another one. Towards the entities nothing is done to an
 * extension's comment, even where the project manages comments: the entities describe none.
 */
import fs from "node:fs";
import path from "node:path";
import { diff, downgradeSteps } from "../../src/api/diff";
import { openProject } from "../../src/api/project";
import { applyOperations } from "../support/apply";
import { pgDumpAsync } from "../support/pg-dump";
import { createTestDatabase, type TestDatabase } from "../support/test-db";
import { tempProject } from "./cli-support";

const made: TestDatabase[] = [];

async function database(sql: string): Promise<TestDatabase> {
  const db = await createTestDatabase("extcomment");
  made.push(db);
  await db.query(sql);
  return db;
}

afterAll(async () => {
  await Promise.all(made.map((db) => db.drop()));
});

const CITEXT_OWN = "data type for case-insensitive character strings";

/** The statements of the diff from A to B; applied to A it dumps like B, and its downgrade brings A back. */
async function roundTrip(a: TestDatabase, b: TestDatabase): Promise<string[]> {
  const result = await diff(a.url, b.url);
  const before = await pgDumpAsync(a.url);
  await applyOperations(a.url, result.operations);
  expect(await pgDumpAsync(a.url)).toEqual(await pgDumpAsync(b.url));
  expect((await diff(a.url, b.url)).upToDate).toBe(true);
  await applyOperations(a.url, downgradeSteps(result).map((s) => s.operation));
  expect(await pgDumpAsync(a.url)).toEqual(before);
  return result.steps.flatMap((s) => s.statements.map((st) => st.sql));
}

describe("autogen diff compares the comments of extensions", () => {
  const cases: Array<[string, string, string, string[]]> = [
    [
      "a comment set on an extension both have",
      "CREATE EXTENSION citext;",
      "CREATE EXTENSION citext; COMMENT ON EXTENSION citext IS 'emails, case-insensitive';",
      [`COMMENT ON EXTENSION "citext" IS 'emails, case-insensitive'`],
    ],
    [
      "its control file's comment back",
      "CREATE EXTENSION citext; COMMENT ON EXTENSION citext IS 'emails, case-insensitive';",
      "CREATE EXTENSION citext;",
      [`COMMENT ON EXTENSION "citext" IS '${CITEXT_OWN}'`],
    ],
    ["a comment removed", "CREATE EXTENSION citext;", "CREATE EXTENSION citext; COMMENT ON EXTENSION citext IS NULL;", ['COMMENT ON EXTENSION "citext" IS NULL']],
    [
      "an extension created with a comment of its own",
      "",
      "CREATE EXTENSION citext; COMMENT ON EXTENSION citext IS 'emails';",
      ['CREATE EXTENSION IF NOT EXISTS "citext" WITH SCHEMA "public" VERSION \'{citext}\'', `COMMENT ON EXTENSION "citext" IS 'emails'`],
    ],
    ["an extension created with its control file's comment: no comment statement", "", "CREATE EXTENSION citext;", ['CREATE EXTENSION IF NOT EXISTS "citext" WITH SCHEMA "public" VERSION \'{citext}\'']],
    [
      "an extension with a comment of its own dropped: the downgrade sets the comment again",
      "CREATE EXTENSION citext; COMMENT ON EXTENSION citext IS 'emails';",
      "",
      ['COMMENT ON EXTENSION "citext" IS NULL', 'DROP EXTENSION "citext"'],
    ],
  ];

  it.each(cases)("%s", async (_name, a, b, statements) => {
    const [from, to] = await Promise.all([database(a), database(b)]);
    // {citext}: the version B holds, which the server's control file chose (1.6 on 15, 1.8 on 18).
    const [held] = await to.query<{ v: string }>("SELECT extversion AS v FROM pg_extension WHERE extname = 'citext'");
    expect(await roundTrip(from, to)).toEqual(statements.map((sql) => sql.replace("{citext}", held?.v ?? "")));
  });

  it("two databases that differ only in an extension's comment are not up to date", async () => {
    const [from, to] = await Promise.all([database("CREATE EXTENSION citext;"), database("CREATE EXTENSION citext; COMMENT ON EXTENSION citext IS 'x';")]);
    const result = await diff(from.url, to.url);
    expect(result.upToDate).toBe(false);
    expect(result.log).toEqual([`Detected comment change from '${CITEXT_OWN}' to 'x' on extension citext`]);
  });
});

describe("with entities, an extension's comment is left as it is", () => {
  const ENTITY = `
import { Column, Entity, PrimaryGeneratedColumn } from "typeorm";

@Entity({ name: "users" })
export class User {
  @PrimaryGeneratedColumn("uuid")
  id: string;

  @Column({ type: "citext" })
  email: string;
}
`;

  it.each([[[]], [["comments"]]])("managing %j: no statement on the comments of the extensions the entities require or not", async (manage) => {
    const db = await database(
      `CREATE EXTENSION citext; CREATE EXTENSION "uuid-ossp"; CREATE EXTENSION hstore; ` +
        `COMMENT ON EXTENSION citext IS 'emails'; COMMENT ON EXTENSION "uuid-ossp" IS NULL; COMMENT ON EXTENSION hstore IS 'mine';`,
    );
    const dir = tempProject({ "autogen.config.json": JSON.stringify({ entities: ["entities/*.ts"], manage }) });
    fs.mkdirSync(path.join(dir, "entities"), { recursive: true });
    fs.writeFileSync(path.join(dir, "entities", "user.ts"), ENTITY);
    const project = await openProject({ cwd: dir, env: {} });
    const extensionComments = (result: Awaited<ReturnType<typeof diff>>) => ({
      operations: result.operations.filter((op) => op.kind === "setComment" && op.object.kind === "extension"),
      log: result.log.filter((line) => line.includes("on extension")),
    });
    expect(extensionComments(await diff(db.url, "entities", { project }))).toEqual({ operations: [], log: [] });
    // The other way the database is the target: the script creates hstore, which the entities do not
    // require, and gives it the database's comment where comments are managed.
    expect(extensionComments(await diff("entities", db.url, { project }))).toEqual(
      manage.length === 0
        ? { operations: [], log: [] }
        : {
            operations: [{ kind: "setComment", object: { kind: "extension", name: "hstore" }, comment: "mine", existing: "data type for storing sets of (key, value) pairs" }],
            log: ["Detected comment change from 'data type for storing sets of (key, value) pairs' to 'mine' on extension hstore"],
          },
    );
  });
});
