import { invert, invertAll } from "../../src/ops/invert";
import { IrreversibleOperationError } from "../../src/ops/irreversible-operation-error";
import type { AlterColumnOp, Operation } from "../../src/ops/operation";
import { compileOperation } from "../../src/sql/compile";
import { check, column, index, key, ref, sequence, table } from "../support/model-builders";

const users = ref("users");
const audit = { schema: "audit", name: "events" };
const email = column("email", "character varying(120)", { nullable: true, comment: "old" });
const seq = sequence("counter");

/** Each op paired with its exact inverse. */
const PAIRS: Array<[Operation, Operation]> = [
  [
    { kind: "createSchema", schema: "audit" },
    { kind: "dropSchema", schema: "audit" },
  ],
  [
    { kind: "createExtension", extension: { name: "citext", schema: null, version: null } },
    {
      kind: "dropExtension",
      name: "citext",
      existing: { name: "citext", schema: null, version: null },
    },
  ],
  [
    {
      kind: "alterExtension",
      name: "pg_trgm",
      version: "1.6",
      existing: { name: "pg_trgm", schema: "public", version: "1.4" },
    },
    {
      kind: "alterExtension",
      name: "pg_trgm",
      version: "1.4",
      existing: { name: "pg_trgm", schema: "public", version: "1.6" },
    },
  ],
  [
    { kind: "createEnum", enum: { schema: "public", name: "mood", labels: ["a", "b"] } },
    {
      kind: "dropEnum",
      enum: { schema: "public", name: "mood" },
      existing: { schema: "public", name: "mood", labels: ["a", "b"] },
    },
  ],
  [
    {
      kind: "alterEnum",
      enum: { schema: "public", name: "mood" },
      from: ["a"],
      to: ["a", "b"],
      usages: [],
    },
    {
      kind: "alterEnum",
      enum: { schema: "public", name: "mood" },
      from: ["a", "b"],
      to: ["a"],
      usages: [],
    },
  ],
  // A usage whose default the rebuild changes gets its old default back.
  [
    {
      kind: "alterEnum",
      enum: { schema: "public", name: "mood" },
      from: ["ok", "glad"],
      to: ["ok"],
      usages: [{ table: users, column: "m", default: "'glad'::public.mood", defaultAfter: "'ok'::public.mood", array: false }],
    },
    {
      kind: "alterEnum",
      enum: { schema: "public", name: "mood" },
      from: ["ok"],
      to: ["ok", "glad"],
      usages: [{ table: users, column: "m", default: "'ok'::public.mood", defaultAfter: "'glad'::public.mood", array: false }],
    },
  ],
  [
    { kind: "createSequence", sequence: seq },
    { kind: "dropSequence", sequence: { schema: "public", name: "counter" }, existing: seq },
  ],
  [
    { kind: "alterSequence", from: seq, to: { ...seq, cache: "5" } },
    { kind: "alterSequence", from: { ...seq, cache: "5" }, to: seq },
  ],
  [
    { kind: "createTable", table: table("users", [email]) },
    { kind: "dropTable", table: users, existing: table("users", [email]) },
  ],
  // A table created again (a new partition key) keeps its columns' sequences both ways.
  [
    { kind: "createTable", table: table("users", [email]), keepSequences: ["id"], continueSequences: ["n"] },
    { kind: "dropTable", table: users, existing: table("users", [email]), keepSequences: ["id"], continueSequences: ["n"] },
  ],
  [
    { kind: "setTableComment", table: users, comment: "new", existing: null },
    { kind: "setTableComment", table: users, comment: null, existing: "new" },
  ],
  [
    { kind: "renameEnum", enum: { schema: "audit", name: "users_role_enum" }, to: "people_role_enum" },
    { kind: "renameEnum", enum: { schema: "audit", name: "people_role_enum" }, to: "users_role_enum" },
  ],
  [
    { kind: "moveEnum", enum: { schema: "public", name: "notes_kind_enum" }, schema: "archive" },
    { kind: "moveEnum", enum: { schema: "archive", name: "notes_kind_enum" }, schema: "public" },
  ],
  [
    { kind: "moveEnum", enum: { schema: "public", name: "notes_kind_enum" }, schema: "archive", to: "old_notes_kind_enum" },
    { kind: "moveEnum", enum: { schema: "archive", name: "old_notes_kind_enum" }, schema: "public", to: "notes_kind_enum" },
  ],
  [
    { kind: "renameTable", table: audit, to: "log" },
    { kind: "renameTable", table: { schema: "audit", name: "log" }, to: "events" },
  ],
  [
    { kind: "moveTable", table: users, schema: "archive" },
    { kind: "moveTable", table: { schema: "archive", name: "users" }, schema: "public" },
  ],
  [
    { kind: "moveTable", table: audit, schema: "public", to: "audit_events" },
    { kind: "moveTable", table: { schema: "public", name: "audit_events" }, schema: "audit", to: "events" },
  ],
  [
    { kind: "addColumn", table: users, column: email },
    { kind: "dropColumn", table: users, column: "email", existing: email },
  ],
  [
    { kind: "renameColumn", table: users, from: "a", to: "b" },
    { kind: "renameColumn", table: users, from: "b", to: "a" },
  ],
  [
    {
      kind: "addConstraint",
      table: users,
      constraint: check("c", "CHECK (true)"),
    },
    {
      kind: "dropConstraint",
      table: users,
      name: "c",
      existing: check("c", "CHECK (true)"),
    },
  ],
  [
    { kind: "createIndex", table: users, index: index("i", [key("email")]), concurrently: true },
    {
      kind: "dropIndex",
      table: users,
      name: "i",
      existing: index("i", [key("email")]),
      concurrently: true,
    },
  ],
  [
    { kind: "execute", sql: "UPDATE x SET a = 1", reverseSql: "UPDATE x SET a = 0" },
    { kind: "execute", sql: "UPDATE x SET a = 0", reverseSql: "UPDATE x SET a = 1" },
  ],
];

describe("invert", () => {
  it.each(PAIRS.map(([op, inverse]) => [op.kind, op, inverse] as const))(
    "inverts %s and back",
    (_kind, op, inverse) => {
      expect(invert(op)).toStrictEqual(inverse);
      expect(invert(inverse)).toStrictEqual(op);
    },
  );

  it("restores exactly the changed keys of a column and carries the new state; the cast back follows the cast rule", () => {
    const op: Operation = {
      kind: "alterColumn",
      table: users,
      column: "email",
      changes: { type: "integer", nullable: false },
      using: `"email"::integer`,
      existing: email,
    };
    const inverse = invert(op);
    expect(inverse).toStrictEqual({
      kind: "alterColumn",
      table: users,
      column: "email",
      changes: { type: "character varying(120)", nullable: true },
      existing: { ...email, type: "integer", nullable: false },
    });
    // integer -> varchar is an assignment cast: no USING on the way back.
    expect(compileOperation(inverse).map((s) => s.sql)).toEqual([
      `ALTER TABLE "public"."users" ALTER COLUMN "email" TYPE character varying(120), ` +
        `ALTER COLUMN "email" DROP NOT NULL`,
    ]);
    expect(invert(inverse)).toStrictEqual({ ...op, using: `"email"::integer` });
  });

  it.each([
    ["public.status", "text", null, `"state"::public.status`],
    ["text", "public.status", `"state"::public.status`, null],
    ["public.status", "other.status2", `"state"::text::other.status2`, `"state"::text::public.status`],
    ["public.status[]", "integer[]", `"state"::text[]::integer[]`, `"state"::text[]::public.status[]`],
  ])("casts a %s -> %s change by the same rule both ways", (from, to, forward, back) => {
    const state = { ...email, name: "state", type: from };
    const op: AlterColumnOp = {
      kind: "alterColumn",
      table: users,
      column: "state",
      changes: { type: to },
      ...(forward === null ? {} : { using: forward }),
      existing: state,
    };
    const inverse = invert(op) as AlterColumnOp;
    expect(inverse.changes).toStrictEqual({ type: from });
    expect(inverse.using).toBe(back ?? undefined);
    expect(invert(inverse)).toStrictEqual(op);
  });

  it("gives no cast back when the forward change needed none", () => {
    const op: Operation = {
      kind: "alterColumn",
      table: users,
      column: "email",
      changes: { comment: null },
      existing: email,
    };
    expect(invert(op)).toStrictEqual({
      kind: "alterColumn",
      table: users,
      column: "email",
      changes: { comment: "old" },
      existing: { ...email, comment: null },
    });
  });

  it.each(
    (
      [
        [
          { kind: "dropTable", table: users },
          /dropTable on table users: .*dropped table's definition \(existing\)/,
        ],
        [
          { kind: "dropColumn", table: audit, column: "at" },
          /dropColumn on column audit\.events\.at/,
        ],
        [
          { kind: "dropConstraint", table: users, name: "FK_x" },
          /dropConstraint on constraint FK_x on users/,
        ],
        [{ kind: "dropIndex", table: users, name: "IDX" }, /dropIndex on index IDX on users/],
        [{ kind: "dropEnum", enum: { schema: "public", name: "mood" } }, /dropEnum on enum mood/],
        [
          { kind: "dropSequence", sequence: { schema: "public", name: "counter" } },
          /dropSequence on sequence counter/,
        ],
        [{ kind: "dropExtension", name: "citext" }, /dropExtension on extension citext/],
        [{ kind: "alterExtension", name: "citext", version: "1.6" }, /alterExtension on extension citext.*\(existing\)/],
        [
          { kind: "alterExtension", name: "citext", version: "1.6", existing: { name: "citext", schema: null, version: null } },
          /alterExtension on extension citext.*\(existing\.version\)/,
        ],
        [
          { kind: "setTableComment", table: users, comment: "x" },
          /setTableComment on comment of table users/,
        ],
        [
          { kind: "alterColumn", table: users, column: "email", changes: { nullable: false } },
          /alterColumn on column users\.email/,
        ],
        [
          { kind: "execute", sql: "DELETE FROM users" },
          /execute on SQL "DELETE FROM users".*reverseSql/,
        ],
      ] as Array<[Operation, RegExp]>
    ).map(([op, message]) => [op.kind, op, message] as const),
  )("refuses %s without the state its inverse needs", (_kind, op, message) => {
    expect(() => invert(op)).toThrow(IrreversibleOperationError);
    expect(() => invert(op)).toThrow(message);
    try {
      invert(op);
    } catch (error) {
      expect((error as IrreversibleOperationError).op).toBe(op);
    }
  });

  it("keeps parameters out of the inverse of raw SQL", () => {
    const op: Operation = {
      kind: "execute",
      sql: "DELETE FROM t WHERE a = $1",
      params: [1],
      reverseSql: "SELECT 1",
    };
    expect(invert(op)).toStrictEqual({ kind: "execute", sql: "SELECT 1", reverseSql: null });
  });
});

describe("invertAll", () => {
  it("leaves out a schema created only where missing: it may have been there before, and stays", () => {
    const ensured: Operation = { kind: "createSchema", schema: "public", ifMissing: true };
    const notes: Operation = { kind: "createTable", table: table("notes", [column("id", "integer")]) };
    expect(invert(ensured)).toStrictEqual(ensured);
    expect(invertAll([ensured, notes])).toStrictEqual([{ kind: "dropTable", table: ref("notes"), existing: table("notes", [column("id", "integer")]) }]);
  });

  it("reverses the list and inverts each op", () => {
    const ops: Operation[] = [
      { kind: "createSchema", schema: "a" },
      { kind: "renameTable", table: users, to: "people" },
      { kind: "renameColumn", table: ref("people"), from: "a", to: "b" },
    ];
    expect(invertAll(ops)).toStrictEqual([
      { kind: "renameColumn", table: ref("people"), from: "b", to: "a" },
      { kind: "renameTable", table: ref("people"), to: "users" },
      { kind: "dropSchema", schema: "a" },
    ]);
  });
});
