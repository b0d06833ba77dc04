import { Client } from "pg";
import { operationBuilders as b } from "../../src/ops/builders";
import { bulkInsertOps } from "../../src/ops/bulk-insert";
import { OpArgumentError } from "../../src/ops/op-specs";
import { InspectUnavailableError, recordingOps } from "../../src/ops/recording-ops";
import { resolveSequence } from "../../src/ops/sequence-defaults";
import { EMPTY_MODEL } from "../../src/model/schema-model";
import { createTestDatabase, type TestDatabase } from "../support/test-db";
import { column } from "../support/model-builders";

const users = { schema: "public", name: "users" };

describe("operation builders", () => {
  it("fill a column spec's defaults and read a bare table name as public", () => {
    expect(b.addColumn("users", { name: "email", type: "text" })).toStrictEqual({
      kind: "addColumn",
      table: users,
      column: column("email", "text"),
    });
    expect(b.dropColumn({ schema: "audit", name: "log" }, "at", { existing: { type: "date", nullable: false } })).toStrictEqual({
      kind: "dropColumn",
      table: { schema: "audit", name: "log" },
      column: "at",
      existing: column("at", "date", { nullable: false }),
    });
  });

  it("wrap a bare check expression and keep a full definition", () => {
    expect(b.addCheck("users", { name: "c", definition: "age >= 0" })).toMatchObject({
      constraint: { type: "check", name: "c", definition: "CHECK (age >= 0)" },
    });
    expect(b.addCheck("users", { name: "c", definition: "CHECK ((age >= 0)) NOT VALID" })).toMatchObject({
      constraint: { definition: "CHECK ((age >= 0)) NOT VALID" },
    });
  });

  it("give index keys Postgres's default null ordering", () => {
    const op = b.createIndex("users", { name: "i", keys: ["a", { expression: "b", descending: true }] });
    expect(op).toStrictEqual({
      kind: "createIndex",
      table: users,
      index: {
        name: "i",
        unique: false,
        method: "btree",
        keys: [
          { expression: "a", descending: false, nullsFirst: false, opclass: null, collation: null },
          { expression: "b", descending: true, nullsFirst: true, opclass: null, collation: null },
        ],
        include: [],
        where: null,
        nullsNotDistinct: false,
      },
    });
  });

  it("keep only the keys of a column change that are given", () => {
    expect(b.alterColumn("users", "age", { nullable: false, default: undefined, comment: null })).toStrictEqual({
      kind: "alterColumn",
      table: users,
      column: "age",
      changes: { nullable: false, comment: null },
    });
  });

  it("do not share arrays with the caller", () => {
    const labels = ["a"];
    const op = b.createEnum("e", labels);
    labels.push("b");
    expect(op.enum.labels).toEqual(["a"]);
  });

  it("name the method and the problem in argument errors", () => {
    expect(() => b.addColumn("", { name: "a", type: "text" })).toThrow(
      new OpArgumentError("addColumn", 'the name must be a non-empty string, got "".'),
    );
    expect(() => b.addColumn("users", { name: "a" } as never)).toThrow(/op\.addColumn\(\): the type of column "a"/);
    expect(() => b.createSequence("s", { increment: 0 })).toThrow(/sequence public\.s has increment 0/);
    expect(() => b.createSequence("s", { start: 1.5 })).toThrow(/"start" must be an integer, got 1\.5/);
    expect(() => b.createSequence("s", { dataType: "numeric" })).toThrow(/use smallint, integer or bigint/);
    expect(() => b.setPrivileges({ kind: "function", name: "f", arguments: "" }, "public", { privileges: [] }, { stage: "later" as never })).toThrow(
      new OpArgumentError("setPrivileges", 'stage must be "removal" or "addition", not "later".'),
    );
    expect(() => b.resetPrivileges({ kind: "table", name: "t" }, "create", { ownedBy: { table: "t", column: "id" } })).toThrow(
      new OpArgumentError("resetPrivileges", "ownedBy names the column of a sequence, and the object is a table."),
    );
    expect(() => b.resetPrivileges({ kind: "sequence", name: "t_id_seq" }, "create", { ownedBy: { table: "t", column: "" } })).toThrow(
      /op\.resetPrivileges\(\): ownedBy\.column \(the owning column\) must be a non-empty string/,
    );
    expect(() => b.createIndex("users", { name: "i", keys: [] })).toThrow(/index "i" needs at least one key/);
    expect(() => b.createTable("t", {} as never)).toThrow(/table public\.t needs a spec with a "columns" array/);
  });
});

describe("recordingOps", () => {
  it("records operations in call order, batches included", async () => {
    const op = recordingOps();
    await op.createSchema("audit");
    await op.batchAlterTable("users", (batch) => {
      batch.renameColumn("mail", "email");
      batch.dropConstraint("users_mail_key");
    });
    await op.execute("SELECT 1");
    expect(op.operations).toStrictEqual([
      { kind: "createSchema", schema: "audit" },
      { kind: "renameColumn", table: users, from: "mail", to: "email" },
      { kind: "dropConstraint", table: users, name: "users_mail_key" },
      { kind: "execute", sql: "SELECT 1" },
    ]);
  });

  it("remembers noTransaction and answers inspect only with a model", async () => {
    const op = recordingOps();
    expect(op.transactional).toBe(true);
    op.noTransaction();
    expect(op.transactional).toBe(false);
    await expect(op.inspect()).rejects.toThrow(InspectUnavailableError);
    await expect(recordingOps({ model: EMPTY_MODEL }).inspect()).resolves.toBe(EMPTY_MODEL);
  });

  it("records bulkInsert as parameterised INSERTs split at 65535 parameters", async () => {
    const op = recordingOps();
    await op.bulkInsert("roles", [{ name: "a" }, { name: "b", rank: 2 }]);
    expect(op.operations).toStrictEqual([
      { kind: "execute", sql: 'INSERT INTO "public"."roles" ("name", "rank") VALUES ($1, DEFAULT), ($2, $3)', params: ["a", "b", 2] },
    ]);
    const rows = Array.from({ length: 40000 }, (_, i) => ({ a: i, b: i }));
    const ops = bulkInsertOps("t", rows);
    expect(ops.map((o) => o.params!.length)).toEqual([65534, 80000 - 65534]);
    expect(bulkInsertOps("t", [])).toEqual([]);
  });
});

describe("against PostgreSQL 15", () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase("builders");
  });
  afterAll(async () => {
    await db.drop();
  });

  it("sequence defaults are Postgres's own", async () => {
    const cases = [
      ["smallint", 1],
      ["integer", -3],
      ["bigint", 1],
      ["bigint", -1],
    ] as const;
    for (const [dataType, increment] of cases) {
      const name = `s_${dataType}_${increment < 0 ? "down" : "up"}`;
      await db.query(`CREATE SEQUENCE ${name} AS ${dataType} INCREMENT ${increment}`);
      const [row] = await db.query(
        `SELECT format_type(seqtypid, NULL) AS "dataType", seqstart::text AS start, seqincrement::text AS increment,
                seqmin::text AS "minValue", seqmax::text AS "maxValue", seqcache::text AS cache, seqcycle AS cycle
           FROM pg_sequence WHERE seqrelid = $1::regclass`,
        [name],
      );
      expect(resolveSequence({ schema: "public", name }, { dataType, increment }, "createSequence")).toStrictEqual({
        schema: "public",
        name,
        ...row,
        ownedBy: null,
      });
    }
  });

  it("bulkInsert statements insert the rows, DEFAULT where a key is missing", async () => {
    await db.query(`CREATE TABLE roles (name text NOT NULL, "Rank" int NOT NULL DEFAULT 7, meta jsonb)`);
    const client = new Client({ connectionString: db.url });
    await client.connect();
    try {
      for (const op of bulkInsertOps("roles", [{ name: "admin", Rank: 1, meta: { a: [1] } }, { name: "it's" }])) {
        await client.query(op.sql, op.params as unknown[]);
      }
    } finally {
      await client.end();
    }
    expect(await db.query(`SELECT name, "Rank", meta FROM roles ORDER BY name`)).toEqual([
      { name: "admin", Rank: 1, meta: { a: [1] } },
      { name: "it's", Rank: 7, meta: null },
    ]);
  });
});
