/**
 * migra-style golden round trip on PostgreSQL 15: build schema A and schema B in two databases, compare
 * them, run the compiled upgrade on A and check nothing is left to compare with B; then run the derived
 * downgrade and check A is back.
 */
import { Client } from "pg";
import { compare } from "../../src/compare/compare";
import type { RenameResolver } from "../../src/compare/compare-options";
import { introspect } from "../../src/introspect";
import type { SchemaModel } from "../../src/model/schema-model";
import type { Operation } from "../../src/ops/operation";
import { invertAll } from "../../src/ops/invert";
import { compileOperations } from "../../src/sql/compile";
import { createTestDatabase, type TestDatabase } from "../support/test-db";

const BEFORE = `
  CREATE TYPE mood AS ENUM ('sad', 'ok');
  CREATE TYPE color AS ENUM ('red', 'green');
  CREATE TABLE users (id integer PRIMARY KEY, name varchar(120) NOT NULL, code text, mood mood DEFAULT 'ok', note text);
  CREATE TABLE old_stuff (id serial PRIMARY KEY, user_id integer CONSTRAINT fk_old_user REFERENCES users (id));
  CREATE TABLE posts (
    id integer PRIMARY KEY, user_id integer CONSTRAINT fk_posts_user REFERENCES users (id), title text,
    CONSTRAINT chk_title CHECK (length(title) > 0));
  CREATE INDEX idx_posts_title ON posts (title);
  CREATE TABLE likes (user_id integer CONSTRAINT fk_likes_user REFERENCES users (id));
  CREATE TABLE paint (c color);
  INSERT INTO users VALUES (1, 'ann', '42', 'sad', 'x');
  INSERT INTO posts VALUES (1, 1, 'hello');
  INSERT INTO likes VALUES (1);
  INSERT INTO paint VALUES ('green');
`;

const AFTER = `
  CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy');
  CREATE TYPE color AS ENUM ('green', 'blue');
  CREATE TABLE users (id bigint PRIMARY KEY, name varchar(200), code integer, mood mood DEFAULT 'happy', bio text);
  COMMENT ON TABLE users IS 'People';
  CREATE TABLE posts (
    id integer PRIMARY KEY, user_id bigint CONSTRAINT fk_posts_user REFERENCES users (id) ON DELETE CASCADE, title text,
    CONSTRAINT chk_title CHECK (length(title) > 1));
  CREATE INDEX idx_posts_title ON posts (lower(title));
  CREATE TABLE likes (user_id integer CONSTRAINT fk_likes_user REFERENCES users (id));
  CREATE TABLE paint (c color);
  CREATE TABLE tags (id integer PRIMARY KEY, post_id integer CONSTRAINT fk_tags_post REFERENCES posts (id));
`;

const RENAME_BEFORE = `
  CREATE TABLE accounts (id integer PRIMARY KEY, mail text, old text, CONSTRAINT uq_mail UNIQUE (mail));
  CREATE INDEX idx_mail ON accounts (mail);
  CREATE TABLE orders (account_id integer CONSTRAINT fk_orders_account REFERENCES accounts (id));
  INSERT INTO accounts VALUES (7, 'a@b', 'x');
  INSERT INTO orders VALUES (7);
`;

const RENAME_AFTER = `
  CREATE TABLE members (id integer PRIMARY KEY, email text, CONSTRAINT uq_email UNIQUE (email));
  CREATE INDEX idx_mail ON members (email);
  CREATE TABLE orders (account_id integer CONSTRAINT fk_orders_account REFERENCES members (id));
`;

/** Renames accounts to members and mail to email. */
const renames: RenameResolver = {
  resolveTables: ({ created, deleted }) => ({
    created: created.filter((t) => t.name !== "members"),
    renamed: [{ from: deleted.find((t) => t.name === "accounts")!, to: created.find((t) => t.name === "members")! }],
    deleted: deleted.filter((t) => t.name !== "accounts"),
  }),
  resolveColumns: ({ created, deleted }) => ({
    created: created.filter((c) => c.name !== "email"),
    renamed: [{ from: { name: "mail" }, to: { name: "email" } }],
    deleted: deleted.filter((c) => c.name !== "mail"),
  }),
};

let a: TestDatabase;
let b: TestDatabase;

async function withClient<T>(db: TestDatabase, fn: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: db.url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

const read = (db: TestDatabase, schema = "public"): Promise<SchemaModel> =>
  withClient(db, (c) => introspect(c, { schemas: [schema] }));

async function run(db: TestDatabase, ops: readonly Operation[]): Promise<void> {
  await withClient(db, async (client) => {
    for (const statement of compileOperations(ops)) await client.query(statement.sql, statement.params as unknown[]);
  });
}

beforeAll(async () => {
  [a, b] = await Promise.all([createTestDatabase("cmpa"), createTestDatabase("cmpb")]);
  await a.query(BEFORE);
  await b.query(AFTER);
  await a.query(`CREATE SCHEMA ren; SET search_path = ren; ${RENAME_BEFORE}`);
  await b.query(`CREATE SCHEMA ren; SET search_path = ren; ${RENAME_AFTER}`);
});

afterAll(async () => {
  await Promise.all([a.drop(), b.drop()]);
});

describe("compare: round trip on PostgreSQL 15", () => {
  it("upgrades A to B and downgrades back, leaving nothing to compare", async () => {
    const before = await read(a);
    const wanted = await read(b);
    const { operations, log } = compare(before, wanted);
    expect(log).toEqual(
      expect.arrayContaining([
        "Detected removed table 'public.old_stuff'",
        "Detected added table 'public.tags'",
        "Detected type change from 'character varying(120)' to 'character varying(200)' on 'public.users.name'",
        "Detected type change from 'text' to 'integer' on 'public.users.code'",
        "Detected added value 'happy' of enum 'public.mood'",
        "Detected type change on 'public.users.id' used by foreign key 'fk_likes_user' on 'public.likes': dropped and re-created around it",
      ]),
    );
    expect(operations.filter((op) => op.kind === "dropColumn" && op.column === "name")).toStrictEqual([]);

    await run(a, operations);
    expect(compare(await read(a), wanted)).toStrictEqual({ operations: [], log: [] });
    expect(await a.query("SELECT id, name, code, mood::text FROM users")).toStrictEqual([
      { id: "1", name: "ann", code: 42, mood: "sad" },
    ]);

    await run(a, invertAll(operations));
    expect(compare(await read(a), before)).toStrictEqual({ operations: [], log: [] });
  });

  it("renames a table and a column in place, and the constraints whose names follow the table's", async () => {
    const before = await read(a, "ren");
    const wanted = await read(b, "ren");
    const { operations, log } = compare(before, wanted, { renames });
    // The primary key keeps its definition under a new name: renamed, so the foreign key that
    // references it stays as it is (no drop and re-create around a dropped key).
    expect(operations.map((op) => op.kind)).toStrictEqual([
      "dropColumn", "renameTable", "renameColumn", "renameConstraint", "renameConstraint",
    ]);
    expect(log).toContain("Detected renamed primary key 'accounts_pkey' to 'members_pkey' on 'ren.members'");

    await run(a, operations);
    expect(compare(await read(a, "ren"), wanted)).toStrictEqual({ operations: [], log: [] });
    expect(await a.query("SELECT id, email FROM ren.members")).toStrictEqual([{ id: 7, email: "a@b" }]);

    await run(a, invertAll(operations));
    expect(compare(await read(a, "ren"), before)).toStrictEqual({ operations: [], log: [] });
  });
});
