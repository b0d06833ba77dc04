/**
 * The property behind derived downgrades: inverting compare(a, b) gives the same changes as compare(b, a).
 */
import { compare } from "../../src/compare/compare";
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

describe("compare: inverting compare(a, b) gives compare(b, a)", () => {
  it.each(cases)("%s", (_name, a, b) => {
    const forward = compare(a, b).operations;
    expect(forward.length).toBeGreaterThan(0);
    const backward = compare(b, a, { dropSchemas: true }).operations;
    expect(sortedOps(withoutUsing(invertAll(forward)))).toStrictEqual(sortedOps(withoutUsing(backward)));
  });
});
