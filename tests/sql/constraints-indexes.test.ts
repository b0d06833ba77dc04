import { Client } from "pg";
import type { ConstraintDef } from "../../src/model/schema-model";
import { compileOperation } from "../../src/sql/compile";
import { createTestDatabase, type TestDatabase } from "../support/test-db";
import { check, foreignKey, index, key, primaryKey, ref, unique } from "../support/model-builders";
import { linesWith, roundTrip } from "./schema-signature";

let db: TestDatabase;
let client: Client;

beforeAll(async () => {
  db = await createTestDatabase("sql_constraints");
  client = new Client({ connectionString: db.url });
  await client.connect();
  await client.query(`
    CREATE TABLE "Authors" (id int NOT NULL, "Email" text, nick text, UNIQUE (id));
    CREATE TABLE books (id int NOT NULL, "authorId" int, title text, price numeric, tags text[], during tstzrange,
      deleted_at timestamptz, CONSTRAINT "PK_books" PRIMARY KEY (id));
  `);
});

afterAll(async () => {
  await client.end();
  await db.drop();
});

const books = ref("books");

describe("addConstraint / dropConstraint", () => {
  const fk: ConstraintDef = foreignKey("FK_books_author", ["authorId"], "Authors", ["id"], {
    onDelete: "SET NULL",
    onUpdate: "CASCADE",
    deferrable: true,
    initiallyDeferred: true,
  });

  it("adds a foreign key with actions and deferral", async () => {
    await roundTrip(
      client,
      { kind: "addConstraint", table: books, constraint: fk },
      [
        `ALTER TABLE "public"."books" ADD CONSTRAINT "FK_books_author" FOREIGN KEY ("authorId") REFERENCES "public"."Authors" ("id") ` +
          `ON DELETE SET NULL ON UPDATE CASCADE DEFERRABLE INITIALLY DEFERRED`,
      ],
      (after) => {
        expect(linesWith(after.constraints, "FK_books_author")).toEqual([
          `books "FK_books_author" FOREIGN KEY ("authorId") REFERENCES "Authors"(id) ON UPDATE CASCADE ON DELETE SET NULL DEFERRABLE INITIALLY DEFERRED`,
        ]);
      },
    );
  });

  it("adds a primary key, a deferrable unique, a check and an exclusion constraint", async () => {
    const cases: Array<[ConstraintDef, string, string]> = [
      [
        primaryKey("PK_Authors", ["id"]),
        `PRIMARY KEY ("id")`,
        "PRIMARY KEY (id)",
      ],
      [
        unique("UQ_email", ["Email", "nick"], { deferrable: true }),
        `UNIQUE ("Email", "nick") DEFERRABLE`,
        `UNIQUE ("Email", nick) DEFERRABLE`,
      ],
      [
        check("CHK_email", `CHECK (("Email" ~~ '%@%'::text))`),
        `CHECK (("Email" ~~ '%@%'::text))`,
        `CHECK (("Email" ~~ '%@%'::text))`,
      ],
    ];
    for (const [constraint, sql, printed] of cases) {
      await roundTrip(
        client,
        { kind: "addConstraint", table: ref("Authors"), constraint },
        [`ALTER TABLE "public"."Authors" ADD CONSTRAINT "${constraint.name}" ${sql}`],
        (after) =>
          expect(linesWith(after.constraints, constraint.name)).toEqual([
            `"Authors" "${constraint.name}" ${printed}`,
          ]),
      );
    }
    const exclusion: ConstraintDef = {
      type: "exclusion",
      name: "EX_during",
      definition: "EXCLUDE USING gist (during WITH &&)",
    };
    await roundTrip(client, { kind: "addConstraint", table: books, constraint: exclusion }, [
      `ALTER TABLE "public"."books" ADD CONSTRAINT "EX_during" EXCLUDE USING gist (during WITH &&)`,
    ]);
  });

  it("adds a deferrable primary key, initially deferred, and drops it again", async () => {
    await roundTrip(
      client,
      {
        kind: "addConstraint",
        table: ref("Authors"),
        constraint: primaryKey("PK_Authors_d", ["id"], { deferrable: true, initiallyDeferred: true }),
      },
      [`ALTER TABLE "public"."Authors" ADD CONSTRAINT "PK_Authors_d" PRIMARY KEY ("id") DEFERRABLE INITIALLY DEFERRED`],
      (after) =>
        expect(linesWith(after.constraints, "PK_Authors_d")).toEqual([
          `"Authors" "PK_Authors_d" PRIMARY KEY (id) DEFERRABLE INITIALLY DEFERRED`,
        ]),
    );
  });

  it("drops a constraint and restores it from existing", async () => {
    await roundTrip(
      client,
      {
        kind: "dropConstraint",
        table: books,
        name: "PK_books",
        existing: primaryKey("PK_books", ["id"]),
      },
      [`ALTER TABLE "public"."books" DROP CONSTRAINT "PK_books"`],
      (after) => {
        expect(linesWith(after.constraints, "PK_books")).toEqual([]);
      },
    );
  });
});

describe("renameConstraint / renameIndex", () => {
  it("renames a primary key (its index follows) and back", async () => {
    await roundTrip(
      client,
      { kind: "renameConstraint", table: books, from: "PK_books", to: "books pkey" },
      [`ALTER TABLE "public"."books" RENAME CONSTRAINT "PK_books" TO "books pkey"`],
      (after) => {
        expect(linesWith(after.constraints, "pkey")).toEqual([`books "books pkey" PRIMARY KEY (id)`]);
        expect(linesWith(after.indexes, "pkey")).toEqual([`CREATE UNIQUE INDEX "books pkey" ON public.books USING btree (id)`]);
      },
    );
  });

  it("renames an index in its table's schema, without rebuilding it, and back", async () => {
    await client.query(`CREATE INDEX "IDX_old" ON books (title)`);
    const before = (await client.query<{ oid: number }>(`SELECT 'public."IDX_old"'::regclass::oid AS oid`)).rows[0]!.oid;
    await roundTrip(
      client,
      { kind: "renameIndex", table: books, from: "IDX_old", to: "IDX_new" },
      [`ALTER INDEX "public"."IDX_old" RENAME TO "IDX_new"`],
      async (after) => {
        expect(linesWith(after.indexes, "IDX_")).toEqual([`CREATE INDEX "IDX_new" ON public.books USING btree (title)`]);
        // The same relation: renamed, not rebuilt.
        const { rows } = await client.query<{ oid: number }>(`SELECT 'public."IDX_new"'::regclass::oid AS oid`);
        expect(rows[0]!.oid).toBe(before);
      },
    );
    await client.query(`DROP INDEX "IDX_old"`);
  });
});

describe("createIndex / dropIndex", () => {
  it("creates an index with DESC, NULLS, opclass, collation, expression, INCLUDE and WHERE", async () => {
    const idx = index(
      "IDX_books_mix",
      [
        key('"authorId"', { descending: true, nullsFirst: false }),
        key("title", { collation: '"C"', opclass: "text_pattern_ops" }),
        key("lower(title)", { nullsFirst: true }),
        key("(price * (2)::numeric)", { descending: true, nullsFirst: true }),
      ],
      { include: ["id", '"authorId"'], where: "(deleted_at IS NULL)" },
    );
    await roundTrip(
      client,
      { kind: "createIndex", table: books, index: idx },
      [
        `CREATE INDEX "IDX_books_mix" ON "public"."books" USING btree ("authorId" DESC NULLS LAST, title COLLATE "C" text_pattern_ops, ` +
          `(lower(title)) NULLS FIRST, (price * (2)::numeric) DESC) INCLUDE (id, "authorId") WHERE (deleted_at IS NULL)`,
      ],
      (after) => {
        expect(linesWith(after.indexes, "IDX_books_mix")).toEqual([
          `CREATE INDEX "IDX_books_mix" ON public.books USING btree ("authorId" DESC NULLS LAST, title COLLATE "C" text_pattern_ops, ` +
            `lower(title) NULLS FIRST, ((price * (2)::numeric)) DESC) INCLUDE (id, "authorId") WHERE (deleted_at IS NULL)`,
        ]);
      },
    );
  });

  it("creates a unique NULLS NOT DISTINCT index, and a gin index with a bare boolean-style predicate", async () => {
    await roundTrip(
      client,
      {
        kind: "createIndex",
        table: ref("Authors"),
        index: index("UQ_nick", [key("nick")], { unique: true, nullsNotDistinct: true }),
      },
      [`CREATE UNIQUE INDEX "UQ_nick" ON "public"."Authors" USING btree (nick) NULLS NOT DISTINCT`],
      (after) => {
        expect(linesWith(after.indexes, "UQ_nick")).toEqual([
          `CREATE UNIQUE INDEX "UQ_nick" ON public."Authors" USING btree (nick) NULLS NOT DISTINCT`,
        ]);
      },
    );
    await roundTrip(
      client,
      {
        kind: "createIndex",
        table: books,
        index: index("IDX_tags", [key("tags")], { method: "gin", where: "tags IS NOT NULL" }),
      },
      [`CREATE INDEX "IDX_tags" ON "public"."books" USING gin (tags) WHERE (tags IS NOT NULL)`],
    );
  });

  it("creates and drops indexes CONCURRENTLY outside transactions", async () => {
    const idx = index("IDX_title_c", [key("title")]);
    const create = compileOperation({
      kind: "createIndex",
      table: books,
      index: idx,
      concurrently: true,
    });
    expect(create).toEqual([
      {
        sql: `CREATE INDEX CONCURRENTLY "IDX_title_c" ON "public"."books" USING btree (title)`,
        transactional: false,
      },
    ]);
    await roundTrip(
      client,
      { kind: "createIndex", table: books, index: idx, concurrently: true },
      create.map((s) => s.sql),
    );
    await client.query(`CREATE INDEX "IDX_title_c" ON books (title)`);
    await roundTrip(
      client,
      { kind: "dropIndex", table: books, name: "IDX_title_c", existing: idx, concurrently: true },
      [`DROP INDEX CONCURRENTLY "public"."IDX_title_c"`],
      (after) => expect(linesWith(after.indexes, "IDX_title_c")).toEqual([]),
    );
    expect(
      compileOperation({
        kind: "dropIndex",
        table: books,
        name: "IDX_title_c",
        concurrently: true,
      })[0]?.transactional,
    ).toBe(false);
    expect(compileOperation({ kind: "dropIndex", table: books, name: "IDX_title_c" })).toEqual([
      { sql: `DROP INDEX "public"."IDX_title_c"`, transactional: true },
    ]);
  });

  it("quotes an access method that is not built in", () => {
    const [s] = compileOperation({
      kind: "createIndex",
      table: books,
      index: index("i", [key("x")], { method: "My AM" }),
    });
    expect(s?.sql).toBe(`CREATE INDEX "i" ON "public"."books" USING "My AM" (x)`);
  });
});
