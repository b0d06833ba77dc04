import { Client } from "pg";
import type { TableDef } from "../../src/model/schema-model";
import { invertAll } from "../../src/ops/invert";
import type { Operation } from "../../src/ops/operation";
import { orderOperations, PHASES, phaseOf } from "../../src/ops/phases";
import { compileOperations } from "../../src/sql/compile";
import { createTestDatabase, type TestDatabase } from "../support/test-db";
import { column, foreignKey, index, key, primaryKey, ref, table } from "../support/model-builders";
import { run, signature } from "../sql/schema-signature";

const mood = { schema: "public", name: "mood" };
const authors: TableDef = table(
  "authors",
  [
    column("id", "integer", { nullable: false }),
    column("mood", "public.mood", { default: "'ok'::public.mood" }),
  ],
  { primaryKey: primaryKey("PK_authors", ["id"]) },
);
const books: TableDef = table(
  "books",
  [column("id", "integer", { nullable: false }), column("author_id", "integer")],
  { primaryKey: primaryKey("PK_books", ["id"]) },
);
const fk: Operation = {
  kind: "addConstraint",
  table: ref("books"),
  constraint: foreignKey("FK_books_author", ["author_id"], "authors", ["id"], { onDelete: "CASCADE" }),
};
const createEnum: Operation = { kind: "createEnum", enum: { ...mood, labels: ["ok", "sad"] } };
const createAuthors: Operation = { kind: "createTable", table: authors };
const createBooks: Operation = { kind: "createTable", table: books };
const bookIndex: Operation = {
  kind: "createIndex",
  table: ref("books"),
  index: index("IDX_books_author", [key("author_id")]),
};

describe("orderOperations", () => {
  it("orders types before tables, tables before their indexes and foreign keys", () => {
    expect(orderOperations([fk, bookIndex, createBooks, createAuthors, createEnum])).toEqual([
      createEnum,
      createBooks,
      createAuthors,
      bookIndex,
      fk,
    ]);
  });

  it("keeps the given order within a phase and never moves ops across raw SQL", () => {
    const a: Operation = { kind: "dropTable", table: ref("a") };
    const b: Operation = { kind: "dropTable", table: ref("b") };
    const sql: Operation = { kind: "execute", sql: "UPDATE x SET y = 1" };
    const schema: Operation = { kind: "createSchema", schema: "s" };
    expect(orderOperations([b, a, schema, sql, fk, schema])).toEqual([
      schema,
      b,
      a,
      sql,
      schema,
      fk,
    ]);
  });

  it("drops foreign keys first and other constraints after indexes; an unknown dropped constraint counts as other", () => {
    const dropFk: Operation = {
      kind: "dropConstraint",
      table: ref("books"),
      name: "FK",
      existing: { ...(fk as Extract<Operation, { kind: "addConstraint" }>).constraint },
    };
    const dropUnknown: Operation = {
      kind: "dropConstraint",
      table: ref("authors"),
      name: "PK_authors",
    };
    const dropIndex: Operation = { kind: "dropIndex", table: ref("books"), name: "IDX" };
    expect(orderOperations([dropUnknown, dropIndex, dropFk])).toEqual([
      dropFk,
      dropIndex,
      dropUnknown,
    ]);
  });

  it("adds enum labels early and rebuilds enums after drops and renames but before creates", () => {
    const append: Operation = {
      kind: "alterEnum",
      enum: mood,
      from: ["ok"],
      to: ["ok", "sad"],
      usages: [],
    };
    const rebuild: Operation = {
      kind: "alterEnum",
      enum: mood,
      from: ["ok", "sad"],
      to: ["ok"],
      usages: [],
    };
    const rename: Operation = { kind: "renameColumn", table: ref("t"), from: "a", to: "b" };
    const add: Operation = { kind: "addColumn", table: ref("t"), column: column("m", "public.mood") };
    expect(orderOperations([add, rebuild, rename, append])).toEqual([append, rename, rebuild, add]);
  });

  it("renames an enum before any enum is created (which may take its old name) and before its labels are added", () => {
    const renameEnum: Operation = { kind: "renameEnum", enum: ref("users_mood"), to: "mood" };
    const append: Operation = { kind: "alterEnum", enum: mood, from: ["ok"], to: ["ok", "sad"], usages: [] };
    const createOld: Operation = { kind: "createEnum", enum: { ...ref("users_mood"), labels: ["x"] } };
    const renameTable: Operation = { kind: "renameTable", table: ref("users"), to: "people" };
    expect(orderOperations([renameTable, append, createOld, renameEnum])).toEqual([renameEnum, createOld, append, renameTable]);
  });

  it("moves an enum once its new schema is created, before any enum is created (which may take its old name)", () => {
    const moveEnum: Operation = { kind: "moveEnum", enum: ref("notes_kind_enum"), schema: "archive" };
    const createSchema: Operation = { kind: "createSchema", schema: "archive" };
    const createOld: Operation = { kind: "createEnum", enum: { ...ref("notes_kind_enum"), labels: ["x"] } };
    const moveTable: Operation = { kind: "moveTable", table: ref("notes"), schema: "archive" };
    expect(orderOperations([moveTable, createOld, moveEnum, createSchema])).toEqual([createSchema, moveEnum, createOld, moveTable]);
  });

  it("takes a replica identity or CLUSTER index back to the default before any drop, and sets one after every create", () => {
    const takeBack: Operation = { kind: "alterReplicaIdentity", table: ref("t"), from: { index: "t_a" }, to: "default" };
    const unCluster: Operation = { kind: "alterClusterOn", table: ref("t"), from: "t_a", to: null };
    const drop: Operation = { kind: "dropIndex", table: ref("t"), name: "t_a" };
    const rename: Operation = { kind: "renameTable", table: ref("t"), to: "u" };
    const create: Operation = { kind: "createIndex", table: ref("u"), index: index("t_a", ["a"], { unique: true }) };
    const set: Operation = { kind: "alterReplicaIdentity", table: ref("u"), from: "default", to: { index: "t_a" } };
    const cluster: Operation = { kind: "alterClusterOn", table: ref("u"), from: null, to: "t_a" };
    expect(orderOperations([cluster, set, create, rename, drop, unCluster, takeBack])).toEqual([
      takeBack,
      unCluster,
      drop,
      rename,
      create,
      set,
      cluster,
    ]);
  });

  it("places every op kind in exactly one phase", () => {
    const kinds = new Set(PHASES.map((p) => p.name.split(" ")[0]));
    // Every kind but execute: the schema ops, the table and catalog kinds (renameEnum, moveEnum, moveTable,
    // resetPrivileges and setDefaultPrivileges among them), validateConstraint, invalidateConstraint,
    // backfillColumn, createPartitionedIndex, alterReplicaIdentity, alterClusterOn, alterIndexStorage, alterIndexStatistics, the
    // three range type ops, moveExtension and alterTableOf.
    expect(kinds.size).toBe(79);
    expect(() => phaseOf({ kind: "execute", sql: "" })).toThrow();
  });

  it("takes default privileges away before anything is created and gives them after everything is", () => {
    const target = { role: "app", schema: "sales", objectType: "tables" } as const;
    const revoke: Operation = { kind: "setDefaultPrivileges", ...target, grantee: "bob", privileges: [], grantable: [], existing: { privileges: ["SELECT"], grantable: [] } };
    const grant: Operation = { kind: "setDefaultPrivileges", ...target, grantee: "ann", privileges: ["SELECT"], grantable: [], existing: { privileges: [], grantable: [] } };
    const createSchema: Operation = { kind: "createSchema", schema: "sales" };
    const createFunction: Operation = {
      kind: "createFunction",
      function: { schema: "sales", name: "f", kind: "function", arguments: "", signature: "", returns: "integer", definition: "CREATE FUNCTION ..." },
    };
    const restore: Operation = { kind: "keepOwner", object: { kind: "table", schema: "sales", name: "authors" }, stage: "restore" };
    expect(orderOperations([grant, restore, createFunction, createAuthors, revoke, createSchema])).toEqual([
      revoke,
      createSchema,
      createFunction,
      createAuthors,
      restore,
      grant,
    ]);
  });
});

describe("upgrade and its inverse against PostgreSQL", () => {
  let db: TestDatabase;
  let client: Client;
  beforeAll(async () => {
    db = await createTestDatabase("ops_phases");
    client = new Client({ connectionString: db.url });
    await client.connect();
  });
  afterAll(async () => {
    await client.end();
    await db.drop();
  });

  it("runs an ordered upgrade, and its reversed inverse drops the FK before the tables and the tables before the enum", async () => {
    const empty = await signature(client);
    const upgrade = orderOperations([fk, createBooks, bookIndex, createAuthors, createEnum]);
    await run(client, compileOperations(upgrade));
    expect((await signature(client)).constraints).toContain(
      'books "FK_books_author" FOREIGN KEY (author_id) REFERENCES authors(id) ON DELETE CASCADE',
    );

    const downgrade = invertAll(upgrade);
    expect(downgrade.map((op) => op.kind)).toEqual([
      "dropConstraint",
      "dropIndex",
      "dropTable",
      "dropTable",
      "dropEnum",
    ]);
    expect(downgrade.map((op) => phaseOf(op))).toEqual(
      [...downgrade.map((op) => phaseOf(op))].sort((x, y) => x - y),
    );
    await run(client, compileOperations(downgrade));
    expect(await signature(client)).toEqual(empty);
  });

  it("undoes a table rename and a rename of one of its columns in the right order", async () => {
    await client.query("CREATE TABLE old_name (old_col int)");
    const before = await signature(client);
    const upgrade = orderOperations([
      { kind: "renameColumn", table: ref("new_name"), from: "old_col", to: "new_col" },
      { kind: "renameTable", table: ref("old_name"), to: "new_name" },
    ]);
    await run(client, compileOperations(upgrade));
    expect((await signature(client)).columns).toContain("new_name.new_col integer");
    await run(client, compileOperations(invertAll(upgrade)));
    expect(await signature(client)).toEqual(before);
  });
});
