import { compare } from "../../src/compare/compare";
import { InvalidRenameError } from "../../src/compare/compare-errors";
import type { RenameResolver } from "../../src/compare/compare-options";
import { column, enumType, foreignKey, idColumn, index, model, primaryKey, ref, sortedOps, table, unique } from "./model-builders";

/** A resolver stub: renames the listed pairs, leaves everything else created or deleted. */
function stub(tables: Record<string, string>, columns: Record<string, string>): RenameResolver {
  return {
    resolveTables: ({ created, deleted }) => {
      const renamed = deleted.flatMap((d) => (tables[d.name] ? [{ from: d, to: created.find((c) => c.name === tables[d.name])! }] : []));
      return {
        created: created.filter((c) => !renamed.some((r) => r.to === c)),
        renamed,
        deleted: deleted.filter((d) => !renamed.some((r) => r.from === d)),
      };
    },
    resolveColumns: ({ created, deleted }) => {
      const renamed = deleted.flatMap((d) => (columns[d.name] ? [{ from: d, to: { name: columns[d.name]! } }] : []));
      return {
        created: created.filter((c) => !renamed.some((r) => r.to.name === c.name)),
        renamed,
        deleted: deleted.filter((d) => !renamed.some((r) => r.from === d)),
      };
    },
  };
}

const users = table("users", [idColumn(), column("mail", "character varying(100)")], {
  primaryKey: primaryKey("PK_users", ["id"]),
  uniques: [unique("UQ_mail", ["mail"])],
  indexes: [index("IDX_mail", ["mail"])],
});
const renamedUsers = table("users", [idColumn(), column("email", "character varying(200)")], {
  primaryKey: primaryKey("PK_users", ["id"]),
  uniques: [unique("UQ_mail", ["email"])],
  indexes: [index("IDX_mail", ["email"])],
});

describe("compare: renames", () => {
  it("without a resolver, a renamed column is a drop plus an add", () => {
    const ops = compare(model({ tables: [users] }), model({ tables: [renamedUsers] })).operations;
    expect(ops.map((op) => op.kind).sort()).toStrictEqual(
      ["addColumn", "addConstraint", "createIndex", "dropColumn", "dropConstraint", "dropIndex"].sort(),
    );
  });

  it("renames a column, then compares the renamed column and what refers to it", () => {
    const result = compare(model({ tables: [users] }), model({ tables: [renamedUsers] }), {
      renames: stub({}, { mail: "email" }),
    });
    expect(result).toStrictEqual({
      operations: [
        { kind: "renameColumn", table: ref("users"), from: "mail", to: "email" },
        {
          kind: "alterColumn",
          table: ref("users"),
          column: "email",
          changes: { type: "character varying(200)" },
          existing: column("email", "character varying(100)"),
        },
      ],
      log: [
        "Detected renamed column 'public.users.mail' to 'public.users.email'",
        "Detected type change from 'character varying(100)' to 'character varying(200)' on 'public.users.email'",
      ],
    });
  });

  it("renames a table and keeps foreign keys of other tables pointing at it", () => {
    const posts = (target: string) =>
      table("posts", [column("author", "integer")], { foreignKeys: [foreignKey("FK_author", ["author"], target, ["id"])] });
    const people = { ...users, name: "people" };
    const result = compare(model({ tables: [users, posts("users")] }), model({ tables: [people, posts("people")] }), {
      renames: stub({ users: "people" }, {}),
    });
    expect(result).toStrictEqual({
      operations: [{ kind: "renameTable", table: ref("users"), to: "people" }],
      log: ["Detected renamed table 'public.users' to 'public.people'"],
    });
  });

  it("is not asked when nothing was both created and deleted", () => {
    const resolver: RenameResolver = {
      resolveTables: () => { throw new Error("not expected"); },
      resolveColumns: () => { throw new Error("not expected"); },
    };
    const result = compare(model({ tables: [users] }), model({ tables: [users, table("extra", [])] }), { renames: resolver });
    expect(sortedOps(result.operations)).toStrictEqual([{ kind: "createTable", table: table("extra", []) }]);
  });

  it("refuses an answer that leaves an object out", () => {
    const from = model({ tables: [users] });
    const to = model({ tables: [renamedUsers] });
    const forgetful: RenameResolver = { ...stub({}, {}), resolveColumns: () => ({ created: [], renamed: [], deleted: [] }) };
    expect(() => compare(from, to, { renames: forgetful })).toThrow(InvalidRenameError);
    expect(() => compare(from, to, { renames: forgetful })).toThrow(
      "The rename resolver gave an answer for column of public.users renames that cannot be applied: the created 'email' is missing from the answer.",
    );
  });

  it("turns a rename across schemas into a move (SET SCHEMA), renamed there when the name changes too", () => {
    const mover: RenameResolver = {
      ...stub({}, {}),
      resolveTables: ({ created, deleted }) => ({ created: [], renamed: [{ from: deleted[0]!, to: created[0]! }], deleted: [] }),
    };
    const moved = compare(model({ tables: [users] }), model({ tables: [{ ...users, schema: "other" }] }), { renames: mover });
    expect(moved.operations).toStrictEqual([
      { kind: "createSchema", schema: "other" },
      { kind: "moveTable", table: ref("users"), schema: "other" },
    ]);
    const renamed = compare(model({ tables: [users] }), model({ tables: [{ ...users, schema: "other", name: "people" }] }), { renames: mover });
    expect(renamed.operations).toStrictEqual([
      { kind: "createSchema", schema: "other" },
      { kind: "moveTable", table: ref("users"), schema: "other", to: "people" },
    ]);
  });
});

describe("compare: renames and the phase order", () => {
  it("names drops by the original table (drops run before renames) and adds by the new one", () => {
    const before = table("users", [idColumn(), column("old", "text"), column("mail", "text")], {
      uniques: [unique("UQ_mail", ["mail"])],
      indexes: [index("IDX_mail", ["mail"])],
    });
    const after = table("people", [idColumn(), column("email", "text"), column("nick", "text")], {
      uniques: [unique("UQ_nick", ["nick"])],
      indexes: [index("IDX_mail", ["email"], { unique: true })],
    });
    const result = compare(model({ tables: [before] }), model({ tables: [after] }), {
      renames: stub({ users: "people" }, { mail: "email" }),
    });
    expect(result.operations).toStrictEqual([
      { kind: "dropIndex", table: ref("users"), name: "IDX_mail", existing: index("IDX_mail", ["mail"]) },
      { kind: "dropConstraint", table: ref("users"), name: "UQ_mail", existing: unique("UQ_mail", ["mail"]) },
      { kind: "dropColumn", table: ref("users"), column: "old", existing: column("old", "text") },
      { kind: "renameTable", table: ref("users"), to: "people" },
      { kind: "renameColumn", table: ref("people"), from: "mail", to: "email" },
      { kind: "addColumn", table: ref("people"), column: column("nick", "text") },
      { kind: "addConstraint", table: ref("people"), constraint: unique("UQ_nick", ["nick"]) },
      { kind: "createIndex", table: ref("people"), index: index("IDX_mail", ["email"], { unique: true }) },
    ]);
  });

  it("follows a renamed column into the foreign keys of other tables", () => {
    const parent = (key: string) => table("parent", [column(key, "integer", { nullable: false })], { primaryKey: primaryKey("PK_parent", [key]) });
    const child = (key: string) => table("child", [column("parent_id", "integer")], { foreignKeys: [foreignKey("FK_child", ["parent_id"], "parent", [key])] });
    const result = compare(model({ tables: [parent("id"), child("id")] }), model({ tables: [parent("code"), child("code")] }), {
      renames: stub({}, { id: "code" }),
    });
    expect(result.operations).toStrictEqual([{ kind: "renameColumn", table: ref("parent"), from: "id", to: "code" }]);
  });

  it("follows a renamed column into index keys, quoted as quote_ident quotes them", () => {
    const t = (name: string, key: string) => table("t", [column(name, "integer")], { indexes: [index("IDX_t", [key])] });
    const renamesTo = (to: string) => stub({}, { position: to });
    expect(compare(model({ tables: [t("position", "\"position\"")] }), model({ tables: [t("order", "\"order\"")] }), { renames: renamesTo("order") }).operations)
      .toStrictEqual([{ kind: "renameColumn", table: ref("t"), from: "position", to: "order" }]);
    expect(compare(model({ tables: [t("position", "\"position\"")] }), model({ tables: [t("rank", "rank")] }), { renames: renamesTo("rank") }).operations)
      .toStrictEqual([{ kind: "renameColumn", table: ref("t"), from: "position", to: "rank" }]);
  });
});

describe("compare: renames and moves carry the enum types TypeORM names after them", () => {
  const labels = ["admin", "member"];
  const role = (type: string) => column("role", `public.${type}`, { default: `'member'::public.${type}` });
  const withRole = (name: string, type: string) => table(name, [idColumn(), role(type)]);

  it("renames a renamed table's enum with it, rewriting the column's type and default, and finds nothing else", () => {
    const result = compare(
      model({ enums: [enumType("users_role_enum", labels)], tables: [withRole("users", "users_role_enum")] }),
      model({ enums: [enumType("people_role_enum", labels)], tables: [withRole("people", "people_role_enum")] }),
      { renames: stub({ users: "people" }, {}) },
    );
    expect(result.operations).toStrictEqual([
      { kind: "renameEnum", enum: ref("users_role_enum"), to: "people_role_enum" },
      { kind: "renameTable", table: ref("users"), to: "people" },
    ]);
  });

  it("renames a renamed column's enum, also when its table is renamed too", () => {
    const result = compare(
      model({ enums: [enumType("users_role_enum", labels)], tables: [withRole("users", "users_role_enum")] }),
      model({
        enums: [enumType("people_kind_enum", labels)],
        tables: [table("people", [idColumn(), column("kind", "public.people_kind_enum", { default: "'member'::public.people_kind_enum" })])],
      }),
      { renames: stub({ users: "people" }, { role: "kind" }) },
    );
    expect(result.operations).toStrictEqual([
      { kind: "renameEnum", enum: ref("users_role_enum"), to: "people_kind_enum" },
      { kind: "renameTable", table: ref("users"), to: "people" },
      { kind: "renameColumn", table: ref("people"), from: "role", to: "kind" },
    ]);
  });

  it("re-creates the enum as before when another column uses it too", () => {
    const other = table("audit", [idColumn(), column("actor_role", "public.users_role_enum")]);
    const result = compare(
      model({ enums: [enumType("users_role_enum", labels)], tables: [withRole("users", "users_role_enum"), other] }),
      model({ enums: [enumType("people_role_enum", labels)], tables: [withRole("people", "people_role_enum"), other] }),
      { renames: stub({ users: "people" }, {}) },
    );
    expect(result.operations.map((op) => op.kind)).not.toContain("renameEnum");
    expect(result.operations.map((op) => op.kind)).toContain("createEnum");
  });

  /** A resolver that pairs the one deleted table with the one created (a move across schemas). */
  const mover: RenameResolver = {
    ...stub({}, {}),
    resolveTables: ({ created, deleted }) => ({ created: [], renamed: [{ from: deleted[0]!, to: created[0]! }], deleted: [] }),
  };
  const archived = (name: string, type: string) =>
    table(`archive.${name}`, [idColumn(), column("role", `archive.${type}`, { default: `'member'::archive.${type}` })]);

  it("moves a moved table's enum with it (SET SCHEMA), renamed there when the table is renamed too", () => {
    const from = model({ enums: [enumType("users_role_enum", labels)], tables: [withRole("users", "users_role_enum")] });
    const moved = compare(
      from,
      model({ enums: [enumType("archive.users_role_enum", labels)], tables: [archived("users", "users_role_enum")] }),
      { renames: mover },
    );
    expect(moved.operations).toStrictEqual([
      { kind: "createSchema", schema: "archive" },
      { kind: "moveEnum", enum: ref("users_role_enum"), schema: "archive" },
      { kind: "moveTable", table: ref("users"), schema: "archive" },
    ]);
    const renamed = compare(
      from,
      model({ enums: [enumType("archive.people_role_enum", labels)], tables: [archived("people", "people_role_enum")] }),
      { renames: mover },
    );
    expect(renamed.operations).toStrictEqual([
      { kind: "createSchema", schema: "archive" },
      { kind: "moveEnum", enum: ref("users_role_enum"), schema: "archive", to: "people_role_enum" },
      { kind: "moveTable", table: ref("users"), schema: "archive", to: "people" },
    ]);
  });

  it("re-creates a moved table's enum in the new schema as before when another column uses it too", () => {
    const other = table("audit", [idColumn(), column("actor_role", "public.users_role_enum")]);
    const result = compare(
      model({ enums: [enumType("users_role_enum", labels)], tables: [withRole("users", "users_role_enum"), other] }),
      model({
        enums: [enumType("users_role_enum", labels), enumType("archive.users_role_enum", labels)],
        tables: [archived("users", "users_role_enum"), other],
      }),
      { renames: mover },
    );
    expect(result.operations.map((op) => op.kind)).not.toContain("moveEnum");
    expect(result.operations).toContainEqual({ kind: "createEnum", enum: enumType("archive.users_role_enum", labels) });
  });
});
