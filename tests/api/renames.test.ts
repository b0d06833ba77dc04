/**
 * Interactive rename detection: `compareWithRenames` asks an asynchronous decider about each created
 * object that could be a renamed deleted one, in passes (tables first), and turns the answers into
 * renameTable / renameColumn ops instead of drop + add. The PostgreSQL 15 test proves the data survives.
 */
import { Client } from "pg";
import {
  compareWithRenames,
  InvalidRenameDecisionError,
  treatRenamesAsNew,
  type RenameCandidate,
  type RenameDecider,
} from "../../src/api/renames";
import { compare } from "../../src/compare/compare";
import { introspect } from "../../src/introspect";
import type { SchemaModel } from "../../src/model/schema-model";
import { applyOperations } from "../support/apply";
import { column, idColumn, index, model, primaryKey, ref, table, unique } from "../support/model-builders";
import { createTestDatabase, type TestDatabase } from "../support/test-db";

/** A decider stub answering from `answers` ("schema.table" or "schema.table.column" -> deleted name), logging each question. */
function stub(answers: Record<string, string | null>, asked: string[] = []): RenameDecider {
  return async (candidate) => {
    const key = subjectKey(candidate);
    const offered = candidate.kind === "table" ? candidate.deleted : candidate.deleted.map((c) => c.name);
    asked.push(`${key} <- [${offered.join(",")}]`);
    return answers[key] ?? null;
  };
}

function subjectKey(candidate: RenameCandidate): string {
  return candidate.kind === "table"
    ? `${candidate.schema}.${candidate.created}`
    : `${candidate.table.schema}.${candidate.table.name}.${candidate.created.name}`;
}

const mailUsers = table("users", [idColumn(), column("mail", "character varying(100)")], {
  primaryKey: primaryKey("PK_users", ["id"]),
  uniques: [unique("UQ_mail", ["mail"])],
});
const emailUsers = (type: string) =>
  table("users", [idColumn(), column("email", type)], {
    primaryKey: primaryKey("PK_users", ["id"]),
    uniques: [unique("UQ_mail", ["email"])],
  });

describe("compareWithRenames", () => {
  it("turns a column the decider calls a rename into one renameColumn (no drop, no add)", async () => {
    const asked: string[] = [];
    const result = await compareWithRenames(
      model({ tables: [mailUsers] }),
      model({ tables: [emailUsers("character varying(100)")] }),
      {},
      stub({ "public.users.email": "mail" }, asked),
    );
    expect(asked).toStrictEqual(["public.users.email <- [mail]"]);
    expect(result).toStrictEqual({
      operations: [{ kind: "renameColumn", table: ref("users"), from: "mail", to: "email" }],
      log: ["Detected renamed column 'public.users.mail' to 'public.users.email'"],
    });
  });

  it("turns a rename with a type change into renameColumn then alterColumn", async () => {
    const result = await compareWithRenames(
      model({ tables: [mailUsers] }),
      model({ tables: [emailUsers("text")] }),
      {},
      stub({ "public.users.email": "mail" }),
    );
    expect(result.operations).toStrictEqual([
      { kind: "renameColumn", table: ref("users"), from: "mail", to: "email" },
      {
        kind: "alterColumn",
        table: ref("users"),
        column: "email",
        changes: { type: "text" },
        existing: column("email", "character varying(100)"),
      },
    ]);
  });

  it("asks about tables first, then about the columns of a renamed table (a second pass)", async () => {
    const asked: string[] = [];
    const people = { ...emailUsers("character varying(100)"), name: "people" };
    const result = await compareWithRenames(
      model({ tables: [mailUsers] }),
      model({ tables: [people] }),
      {},
      stub({ "public.people": "users", "public.people.email": "mail" }, asked),
    );
    expect(asked).toStrictEqual(["public.people <- [users]", "public.people.email <- [mail]"]);
    expect(result.operations).toStrictEqual([
      { kind: "renameTable", table: ref("users"), to: "people" },
      { kind: "renameColumn", table: ref("people"), from: "mail", to: "email" },
    ]);
  });

  it("keeps drop + add when the decider says new, exactly as plain compare does", async () => {
    const from = model({ tables: [mailUsers] });
    const to = model({ tables: [emailUsers("character varying(100)")] });
    const result = await compareWithRenames(from, to, {}, stub({}));
    expect(result).toStrictEqual(compare(from, to));
    expect(result.operations.map((op) => op.kind)).toEqual(expect.arrayContaining(["dropColumn", "addColumn"]));
  });

  it("never calls the decider when nothing was both created and deleted", async () => {
    const decide = jest.fn<Promise<string | null>, [RenameCandidate]>();
    const from = model({ tables: [mailUsers, table("gone", [column("x", "text")])] });
    const to = model({ tables: [{ ...mailUsers, columns: [...mailUsers.columns, column("extra", "text")] }] });
    const result = await compareWithRenames(from, to, {}, decide);
    expect(decide).not.toHaveBeenCalled();
    expect(result).toStrictEqual(compare(from, to));
  });

  it("offers a deleted column to one created column at most, in sorted order", async () => {
    const asked: string[] = [];
    const from = model({ tables: [table("t", [column("a", "text")])] });
    const to = model({ tables: [table("t", [column("y", "text"), column("x", "text")])] });
    const result = await compareWithRenames(from, to, {}, stub({ "public.t.x": "a", "public.t.y": "a" }, asked));
    // x is asked first and takes a; y has nothing left to choose from, so it is not asked at all.
    expect(asked).toStrictEqual(["public.t.x <- [a]"]);
    expect(result.operations).toStrictEqual([
      { kind: "renameColumn", table: ref("t"), from: "a", to: "x" },
      { kind: "addColumn", table: ref("t"), column: column("y", "text") },
    ]);
  });

  it("removes a chosen deleted table from the choices of later questions, and never pairs across schemas", async () => {
    const asked: string[] = [];
    const from = model({ schemas: ["audit", "public"], tables: [table("a"), table("b"), table("audit.c")] });
    const to = model({ schemas: ["audit", "public"], tables: [table("y"), table("x"), table("audit.z")] });
    const result = await compareWithRenames(from, to, {}, stub({ "public.x": "b", "audit.z": "c" }, asked));
    expect(asked).toStrictEqual(["audit.z <- [c]", "public.x <- [a,b]", "public.y <- [a]"]);
    expect(result.log).toStrictEqual([
      "Detected renamed table 'public.b' to 'public.x'",
      "Detected renamed table 'audit.c' to 'audit.z'",
      "Detected removed table 'public.a'",
      "Detected added table 'public.y'",
    ]);
  });

  it("refuses an answer that was not offered", async () => {
    const decide: RenameDecider = async () => "nope";
    await expect(
      compareWithRenames(model({ tables: [mailUsers] }), model({ tables: [emailUsers("text")] }), {}, decide),
    ).rejects.toThrow(
      new InvalidRenameDecisionError("column public.users.email", "nope", ["mail"]),
    );
  });

  it("still applies the caller's filters", async () => {
    const decide = jest.fn<Promise<string | null>, [RenameCandidate]>();
    const result = await compareWithRenames(
      model({ tables: [mailUsers] }),
      model({ tables: [emailUsers("text")] }),
      { exclude: (t) => t.name === "users" },
      decide,
    );
    expect(decide).not.toHaveBeenCalled();
    expect(result.operations).toStrictEqual([]);
  });
});

describe("treatRenamesAsNew", () => {
  it("answers new and warns once per possible rename, with the flags that answer it when generating", async () => {
    const lines: string[] = [];
    const from = model({ tables: [table("users", [column("mail", "text"), column("phone", "text")]), table("old")] });
    const to = model({ tables: [table("users", [column("email", "text")]), table("fresh")] });
    const result = await compareWithRenames(from, to, {}, treatRenamesAsNew((line) => lines.push(line)));
    expect(result).toStrictEqual(compare(from, to));
    expect(lines).toStrictEqual([
      "Possible rename: table public.old -> fresh (compared as drop + add; when generating, answer --rename old=fresh or --no-rename old)",
      "Possible rename: column public.users.mail -> email (compared as drop + add; when generating, answer --rename users.mail=email or --no-rename users.mail)",
      "Possible rename: column public.users.phone -> email (compared as drop + add; when generating, answer --rename users.phone=email or --no-rename users.phone)",
    ]);
  });
});

describe("compareWithRenames on PostgreSQL 15", () => {
  let before: TestDatabase;
  let after: TestDatabase;
  beforeAll(async () => {
    [before, after] = await Promise.all([createTestDatabase("ren_a"), createTestDatabase("ren_b")]);
  });
  afterAll(async () => {
    await Promise.all([before?.drop(), after?.drop()]);
  });

  const read = async (db: TestDatabase): Promise<SchemaModel> => {
    const client = new Client({ connectionString: db.url });
    await client.connect();
    try {
      return await introspect(client, { schemas: ["public"] });
    } finally {
      await client.end();
    }
  };

  it("keeps the rows of a renamed table and of a renamed column whose type also changes", async () => {
    await before.query(`
      CREATE TABLE users (id integer CONSTRAINT pk_users PRIMARY KEY, mail varchar(100) NOT NULL, CONSTRAINT uq_mail UNIQUE (mail));
      CREATE INDEX idx_mail ON users (mail);
      INSERT INTO users VALUES (1, 'ann@example.com'), (2, 'bob@example.com');
    `);
    await after.query(`
      CREATE TABLE people (id integer CONSTRAINT pk_users PRIMARY KEY, email text NOT NULL, CONSTRAINT uq_mail UNIQUE (email));
      CREATE INDEX idx_mail ON people (email);
    `);
    const target = await read(after);
    const result = await compareWithRenames(
      await read(before),
      target,
      {},
      stub({ "public.people": "users", "public.people.email": "mail" }),
    );
    expect(result.operations.map((op) => op.kind)).toStrictEqual(["renameTable", "renameColumn", "alterColumn"]);

    await applyOperations(before.url, result.operations);
    expect(await before.query("SELECT id, email FROM people ORDER BY id")).toStrictEqual([
      { id: 1, email: "ann@example.com" },
      { id: 2, email: "bob@example.com" },
    ]);
    expect(compare(await read(before), target).operations).toStrictEqual([]);
  });
});

describe("compareWithRenames and what refers to a renamed column", () => {
  it("moves an index on the old column to the new one instead of re-creating it", async () => {
    const t = (name: string) => table("t", [column(name, "text")], { indexes: [index("IDX_t", [name])] });
    const result = await compareWithRenames(model({ tables: [t("a")] }), model({ tables: [t("b")] }), {}, stub({ "public.t.b": "a" }));
    expect(result.operations).toStrictEqual([{ kind: "renameColumn", table: ref("t"), from: "a", to: "b" }]);
  });
});
