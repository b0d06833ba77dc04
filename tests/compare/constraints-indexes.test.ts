import { compare } from "../../src/compare/compare";
import type { TableDef } from "../../src/model/schema-model";
import { check, column, foreignKey, idColumn, index, model, primaryKey, ref, sortedOps, table, unique } from "./model-builders";

const base = (parts: Partial<TableDef> = {}) =>
  table("users", [idColumn(), column("email", "text"), column("age", "integer")], { primaryKey: primaryKey("PK_users", ["id"]), ...parts });

describe("compare: constraints", () => {
  it("adds and removes unique, check and exclusion constraints by name", () => {
    const uq = unique("UQ_email", ["email"]);
    const chk = check("CHK_age", "CHECK ((age >= 0))");
    const exclusion = { type: "exclusion" as const, name: "EX_age", definition: "EXCLUDE USING btree (age WITH =)" };
    const result = compare(model({ tables: [base({ uniques: [uq] })] }), model({ tables: [base({ checks: [chk], exclusions: [exclusion] })] }));
    expect(result.operations).toStrictEqual([
      { kind: "dropConstraint", table: ref("users"), name: "UQ_email", existing: uq },
      { kind: "addConstraint", table: ref("users"), constraint: chk },
      { kind: "addConstraint", table: ref("users"), constraint: exclusion },
    ]);
    expect(result.log).toStrictEqual([
      "Detected removed unique constraint 'UQ_email' on 'public.users'",
      "Detected added check constraint 'CHK_age' on 'public.users'",
      "Detected added exclusion constraint 'EX_age' on 'public.users'",
    ]);
  });

  it("drops and re-adds a constraint whose definition changed under the same name", () => {
    const before = check("CHK_age", "CHECK ((age >= 0))");
    const after = check("CHK_age", "CHECK ((age >= 18))");
    const result = compare(model({ tables: [base({ checks: [before] })] }), model({ tables: [base({ checks: [after] })] }));
    expect(result).toStrictEqual({
      operations: [
        { kind: "dropConstraint", table: ref("users"), name: "CHK_age", existing: before },
        { kind: "addConstraint", table: ref("users"), constraint: after },
      ],
      log: ["Detected changed check constraint 'CHK_age' on 'public.users': dropped and re-created"],
    });
  });

  it("renames a primary key whose definition stays under another name", () => {
    const result = compare(model({ tables: [base()] }), model({ tables: [base({ primaryKey: primaryKey("users_pkey", ["id"]) })] }));
    expect(result).toStrictEqual({
      operations: [{ kind: "renameConstraint", table: ref("users"), from: "PK_users", to: "users_pkey" }],
      log: ["Detected renamed primary key 'PK_users' to 'users_pkey' on 'public.users'"],
    });
  });

  it("renames indexes and constraints only onto the same definition, pairing them in order", () => {
    const from = base({
      indexes: [index("IDX_a", ["name"]), index("IDX_b", ["name"]), index("IDX_c", ["email"])],
      checks: [check("CHK_old", "CHECK ((age > 0))")],
    });
    const to = base({
      indexes: [index("IDX_x", ["name"]), index("IDX_y", ["email"], { unique: true })],
      checks: [check("CHK_new", "CHECK ((age > 0))")],
    });
    const result = compare(model({ tables: [from] }), model({ tables: [to] }));
    expect(result.operations).toStrictEqual([
      { kind: "dropIndex", table: ref("users"), name: "IDX_b", existing: index("IDX_b", ["name"]) },
      { kind: "dropIndex", table: ref("users"), name: "IDX_c", existing: index("IDX_c", ["email"]) },
      { kind: "renameIndex", table: ref("users"), from: "IDX_a", to: "IDX_x" },
      { kind: "renameConstraint", table: ref("users"), from: "CHK_old", to: "CHK_new" },
      { kind: "createIndex", table: ref("users"), index: index("IDX_y", ["email"], { unique: true }) },
    ]);
  });

  it("drops and re-adds a primary key that becomes deferrable", () => {
    const deferred = { ...primaryKey("PK_users", ["id"]), deferrable: true, initiallyDeferred: true };
    const result = compare(model({ tables: [base()] }), model({ tables: [base({ primaryKey: deferred })] }));
    expect(result).toStrictEqual({
      operations: [
        { kind: "dropConstraint", table: ref("users"), name: "PK_users", existing: primaryKey("PK_users", ["id"]) },
        { kind: "addConstraint", table: ref("users"), constraint: deferred },
      ],
      log: ["Detected changed primary key 'PK_users' on 'public.users': dropped and re-created"],
    });
  });

  it("drops and re-adds a foreign key around a type change of the column it references", () => {
    const users = table("users", [column("id", "integer", { nullable: false })], { primaryKey: primaryKey("PK_users", ["id"]) });
    const postFk = foreignKey("FK_posts_user", ["user_id"], "users", ["id"]);
    const posts = table("posts", [column("user_id", "integer")], { foreignKeys: [postFk] });
    const bigUsers = { ...users, columns: [column("id", "bigint", { nullable: false })] };
    const bigPosts = { ...posts, columns: [column("user_id", "bigint")] };
    const result = compare(model({ tables: [users, posts] }), model({ tables: [bigUsers, bigPosts] }));
    expect(sortedOps(result.operations)).toStrictEqual(
      sortedOps([
        { kind: "alterColumn", table: ref("users"), column: "id", changes: { type: "bigint" }, existing: users.columns[0]! },
        { kind: "alterColumn", table: ref("posts"), column: "user_id", changes: { type: "bigint" }, existing: posts.columns[0]! },
        { kind: "dropConstraint", table: ref("posts"), name: "FK_posts_user", existing: postFk },
        { kind: "addConstraint", table: ref("posts"), constraint: postFk },
      ]),
    );
    expect(result.log).toContain(
      "Detected type change on 'public.posts.user_id' used by foreign key 'FK_posts_user' on 'public.posts': " +
        "dropped and re-created around it",
    );
  });

  it("does not drop a foreign key twice when it is changed and its column retyped", () => {
    const users = table("users", [column("id", "integer", { nullable: false })], { primaryKey: primaryKey("PK_users", ["id"]) });
    const before = foreignKey("FK_posts_user", ["user_id"], "users", ["id"]);
    const after = foreignKey("FK_posts_user", ["user_id"], "users", ["id"], { onDelete: "CASCADE" });
    const posts = (type: string, key: typeof before) => table("posts", [column("user_id", type)], { foreignKeys: [key] });
    const result = compare(model({ tables: [users, posts("integer", before)] }), model({ tables: [users, posts("bigint", after)] }));
    expect(result.operations.filter((op) => op.kind === "dropConstraint" || op.kind === "addConstraint")).toStrictEqual([
      { kind: "dropConstraint", table: ref("posts"), name: "FK_posts_user", existing: before },
      { kind: "addConstraint", table: ref("posts"), constraint: after },
    ]);
  });
});

describe("compare: indexes", () => {
  it("adds and drops indexes by name", () => {
    const byEmail = index("IDX_email", ["email"]);
    const byAge = index("IDX_age", ["age"], { where: "(age > 18)" });
    const result = compare(model({ tables: [base({ indexes: [byEmail] })] }), model({ tables: [base({ indexes: [byAge] })] }));
    expect(result).toStrictEqual({
      operations: [
        { kind: "dropIndex", table: ref("users"), name: "IDX_email", existing: byEmail },
        { kind: "createIndex", table: ref("users"), index: byAge },
      ],
      log: ["Detected removed index 'IDX_email' on 'public.users'", "Detected added index 'IDX_age' on 'public.users'"],
    });
  });

  it("drops and re-creates an index when any field of its definition changes", () => {
    const before = index("IDX_email", ["email"]);
    for (const after of [
      { ...before, unique: true },
      { ...before, method: "hash" },
      { ...before, include: ["age"] },
      { ...before, nullsNotDistinct: true },
      index("IDX_email", ["lower(email)"]),
    ]) {
      const result = compare(model({ tables: [base({ indexes: [before] })] }), model({ tables: [base({ indexes: [after] })] }));
      expect(result).toStrictEqual({
        operations: [
          { kind: "dropIndex", table: ref("users"), name: "IDX_email", existing: before },
          { kind: "createIndex", table: ref("users"), index: after },
        ],
        log: ["Detected changed index 'IDX_email' on 'public.users': dropped and re-created"],
      });
    }
  });
});

describe("compare: foreign keys depending on a dropped key", () => {
  it("drops and re-adds a foreign key around the drop of the unique index it references", () => {
    const before = index("UQ_code", ["code"], { unique: true });
    const after = index("UQ_code", ["code"], { unique: true, include: ["id"] });
    const codes = (idx: typeof before) => table("codes", [idColumn(), column("code", "text", { nullable: false })], { indexes: [idx] });
    const ref1 = foreignKey("FK_use_code", ["code"], "codes", ["code"]);
    const uses = table("uses", [column("code", "text")], { foreignKeys: [ref1] });
    const result = compare(model({ tables: [codes(before), uses] }), model({ tables: [codes(after), uses] }));
    expect(result.operations).toStrictEqual([
      { kind: "dropConstraint", table: ref("uses"), name: "FK_use_code", existing: ref1 },
      { kind: "dropIndex", table: ref("codes"), name: "UQ_code", existing: before },
      { kind: "createIndex", table: ref("codes"), index: after },
      { kind: "addConstraint", table: ref("uses"), constraint: ref1 },
    ]);
    expect(result.log).toStrictEqual([
      "Detected changed index 'UQ_code' on 'public.codes': dropped and re-created",
      "Detected dropped unique index 'UQ_code' on 'public.codes' used by foreign key 'FK_use_code' on 'public.uses': " +
        "dropped and re-created around it",
    ]);
  });
});
