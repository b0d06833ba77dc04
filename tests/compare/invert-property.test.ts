/**
 * The property behind derived downgrades: inverting compare(a, b) gives the same changes as compare(b, a).
 *
 * Exactly so where privileges are managed. Without (the default, and entity mode), one difference is by
 * design (src/compare/keep-owners.ts): the downgrade brings back what the upgrade drops for good as it
 * was, from the built-in privileges of its kind (`resetPrivileges` "create" after its create, the inverse
 * of the "drop" stage the upgrade has before the drop), where compare(b, a) creates it as a new object,
 * which keeps what ALTER DEFAULT PRIVILEGES give it; and compare(b, a), dropping what compare(a, b)
 * created as new, has that "drop" stage (which runs nothing) where the downgrade has none. The cases
 * without privileges assert that difference exactly, object by object.
 */
import { compare } from "../../src/compare/compare";
import { resetDroppedAndCreated } from "../../src/compare/keep-owners";
import { ALL_MANAGED_KINDS } from "../../src/compare/managed-kinds";
import type { ResetPrivilegesOp } from "../../src/ops/catalog-operations";
import type { SchemaModel } from "../../src/model/schema-model";
import { invertAll } from "../../src/ops/invert";
import type { Operation } from "../../src/ops/operation";
import { check, column, enumType, foreignKey, idColumn, index, model, primaryKey, sequence, sortedOps, table, unique } from "./model-builders";

const users = table("users", [idColumn(), column("name", "character varying(120)", { nullable: false })], {
  primaryKey: primaryKey("PK_users", ["id"]),
});
const posts = table("posts", [idColumn(), column("user_id", "integer")], {
  primaryKey: primaryKey("PK_posts", ["id"]),
  foreignKeys: [foreignKey("FK_posts_user", ["user_id"], "users", ["id"])],
  indexes: [index("IDX_posts_user", ["user_id"])],
});

const cases: [string, SchemaModel, SchemaModel][] = [
  ["a table with FKs and indexes", model({ tables: [users] }), model({ tables: [users, posts] })],
  ["a dropped table", model({ tables: [users, posts] }), model({ tables: [users] })],
  ["a widened column", model({ tables: [users] }), model({ tables: [{ ...users, columns: [users.columns[0]!, column("name", "character varying(200)", { nullable: false })] }] })],
  [
    "a retyped column with a cast, nullability and default",
    model({ tables: [table("t", [column("c", "text")])] }),
    model({ tables: [table("t", [column("c", "integer", { nullable: false, default: "0" })])] }),
  ],
  ["an added column", model({ tables: [users] }), model({ tables: [{ ...users, columns: [...users.columns, column("bio", "text")] }] })],
  [
    "constraints and indexes",
    model({ tables: [{ ...users, uniques: [unique("UQ_name", ["name"])] }] }),
    model({ tables: [{ ...users, checks: [check("CHK_name", "CHECK ((name <> ''::text))")], indexes: [index("IDX_name", ["name"])] }] }),
  ],
  ["a table comment", model({ tables: [users] }), model({ tables: [{ ...users, comment: "People" }] })],
  ["an enum append", model({ enums: [enumType("mood", ["a"])] }), model({ enums: [enumType("mood", ["a", "b"])] })],
  ["enums and sequences", model({ enums: [enumType("e", ["x"])], sequences: [sequence("s")] }), model({ sequences: [sequence("s", { increment: "5" }), sequence("t")] })],
  ["a new schema", model({}), model({ tables: [table("audit.log", [column("id", "integer")])] })],
];

/**
 * A USING cast is how a change is carried out, not which change it is: invert casts back whenever the
 * forward op cast (`integer` to `text` gets `USING "c"::text`), where compare gives no cast because none is
 * needed. Both are valid; the property compares the changes without it.
 */
function withoutUsing(ops: readonly Operation[]): Operation[] {
  return ops.map((op) => {
    if (op.kind !== "alterColumn") return op;
    const { using: _using, ...rest } = op;
    return rest;
  });
}

/** Each object the reset follows that `ops` create, and do not drop, as new (an identity column's sequence too). */
function createdAsNew(ops: readonly Operation[]) {
  const { dropped, created } = resetDroppedAndCreated(ops);
  return [...created].filter(([key]) => !dropped.has(key)).map(([, object]) => object);
}

/**
 * compare(b, a) with the one difference from the derived downgrade of compare(a, b) that privileges not
 * managed make (see the file comment): without the "drop" stage of what compare(a, b) created as new, and
 * with the "create" stage of what compare(a, b) dropped for good, which compare(b, a) creates as new.
 */
function asDowngradeOf(forward: readonly Operation[], backward: readonly Operation[]): Operation[] {
  const madeNew = new Set(createdAsNew(forward).map((object) => JSON.stringify(object)));
  const broughtBack = createdAsNew(backward).map((object): ResetPrivilegesOp => ({ kind: "resetPrivileges", object, stage: "create" }));
  const kept = backward.filter((op) => !(op.kind === "resetPrivileges" && op.stage === "drop" && madeNew.has(JSON.stringify(op.object))));
  return [...kept, ...broughtBack];
}

describe("compare: inverting compare(a, b) gives compare(b, a), but what compare(b, a) creates as new comes back as it was", () => {
  it.each(cases)("%s", (_name, a, b) => {
    const forward = compare(a, b).operations;
    expect(forward.length).toBeGreaterThan(0);
    const backward = compare(b, a, { dropSchemas: true }).operations;
    expect(sortedOps(withoutUsing(invertAll(forward)))).toStrictEqual(sortedOps(withoutUsing(asDowngradeOf(forward, backward))));
  });
});

/**
 * A new table with a grant, privileges managed: its grants are set after its reset and revoked (CASCADE)
 * before the downgrade drops it, as compare(b, a) revokes them before dropping it. Not managed, neither
 * side has them: the downgrade brings them back, compare(b, a) does not create them (src/compare/hanging.ts).
 */
const granted: [string, SchemaModel, SchemaModel] = [
  "a table with a grant",
  model({ tables: [users] }),
  model({
    tables: [users, posts],
    catalog: {
      privileges: {
        'table "public"."posts"': { object: { kind: "table", schema: "public", name: "posts" }, grants: [{ grantee: "reader", privileges: ["SELECT"], grantable: [] }] },
      },
    },
  }),
];

/**
 * A grant on a column that both sides have, while its table's grant to the same role goes: revoked from the
 * column before the table's REVOKE, which would take it, and granted back after; compare(b, a), whose
 * REVOKE on the table is the other way round, does the same around it.
 */
const columnKept: [string, SchemaModel, SchemaModel] = (() => {
  const onTable = { object: { kind: "table", schema: "public", name: "users" }, grants: [{ grantee: "reader", privileges: ["SELECT"], grantable: [] }] } as const;
  const onColumn = {
    object: { kind: "column", schema: "public", table: "users", column: "name" },
    grants: [{ grantee: "reader", privileges: ["SELECT", "UPDATE"], grantable: [] }],
  } as const;
  const column = { 'column "public"."users"."name"': onColumn };
  return [
    "a column's grant kept while its table's goes",
    model({ tables: [users], catalog: { privileges: { 'table "public"."users"': onTable, ...column } } }),
    model({ tables: [users], catalog: { privileges: column } }),
  ];
})();

describe("compare, privileges managed: inverting compare(a, b) gives exactly compare(b, a)", () => {
  const manage = new Set(ALL_MANAGED_KINDS);
  it.each([...cases, granted])("%s", (_name, a, b) => {
    const forward = compare(a, b, { manage }).operations;
    expect(forward.length).toBeGreaterThan(0);
    const backward = compare(b, a, { manage, dropSchemas: true }).operations;
    expect(sortedOps(withoutUsing(invertAll(forward)))).toStrictEqual(sortedOps(withoutUsing(backward)));
  });

  it(columnKept[0], () => {
    const [, a, b] = columnKept;
    const forward = compare(a, b, { manage }).operations;
    const onColumn = forward.filter((op) => op.kind === "setPrivileges" && op.object.kind === "column");
    expect(onColumn.map((op) => op.kind === "setPrivileges" && [op.existing?.privileges, op.privileges])).toEqual([
      [["SELECT", "UPDATE"], ["UPDATE"]],
      [["UPDATE"], ["SELECT", "UPDATE"]],
    ]);
    expect(sortedOps(invertAll(forward))).toStrictEqual(sortedOps(compare(b, a, { manage }).operations));
  });
});
