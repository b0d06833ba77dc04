import { compare } from "../../src/compare/compare";
import { EMPTY_MODEL } from "../../src/model/schema-model";
import { column, foreignKey, idColumn, index, model, primaryKey, ref, sortedOps, table, unique, check } from "./model-builders";

const users = table("users", [idColumn(), column("name", "character varying(120)", { nullable: false })], {
  primaryKey: primaryKey("PK_users", ["id"]),
  uniques: [unique("UQ_users_name", ["name"])],
  checks: [check("CHK_name", "CHECK ((length((name)::text) > 0))")],
});
const posts = table("posts", [idColumn(), column("user_id", "integer")], {
  primaryKey: primaryKey("PK_posts", ["id"]),
  foreignKeys: [foreignKey("FK_posts_user", ["user_id"], "users", ["id"], { onDelete: "CASCADE" })],
  indexes: [index("IDX_posts_user", ["user_id"])],
});

/** Before a table dropped for good: where its downgrade, creating it again, brings it to the built-in privileges. */
const resetBeforeDrop = (name: string) => ({ kind: "resetPrivileges", object: { kind: "table", ...ref(name) }, stage: "drop" }) as const;

/**
 * The same for a table with an identity column `id`, and the sequence of that column, which goes with it
 * (found through the column when the downgrade runs).
 */
const resetWithSequenceBeforeDrop = (name: string) => [
  { kind: "resetPrivileges", object: { kind: "sequence", ...ref(`${name}_id_seq`), ownedBy: { table: name, column: "id" } }, stage: "drop" } as const,
  resetBeforeDrop(name),
];

describe("compare: tables", () => {
  it("finds nothing between identical models", () => {
    const m = model({ tables: [users, posts] });
    expect(compare(m, m)).toStrictEqual({ operations: [], log: [] });
    expect(compare(EMPTY_MODEL, EMPTY_MODEL)).toStrictEqual({ operations: [], log: [] });
  });

  it("creates a table with its foreign keys and indexes as separate ops", () => {
    const result = compare(model({ tables: [users] }), model({ tables: [users, posts] }));
    expect(sortedOps(result.operations)).toStrictEqual(
      sortedOps([
        { kind: "createTable", table: { ...posts, foreignKeys: [], indexes: [] } },
        { kind: "addConstraint", table: ref("posts"), constraint: posts.foreignKeys[0]! },
        { kind: "createIndex", table: ref("posts"), index: posts.indexes[0]! },
      ]),
    );
    expect(result.log).toStrictEqual(["Detected added table 'public.posts'"]);
  });

  it("drops a table with existing (without FKs and indexes) and drops its FKs and indexes separately", () => {
    const result = compare(model({ tables: [users, posts] }), model({ tables: [users] }));
    expect(sortedOps(result.operations)).toStrictEqual(
      sortedOps([
        ...resetWithSequenceBeforeDrop("posts"),
        { kind: "dropTable", table: ref("posts"), existing: { ...posts, foreignKeys: [], indexes: [] } },
        { kind: "dropConstraint", table: ref("posts"), name: "FK_posts_user", existing: posts.foreignKeys[0]! },
        { kind: "dropIndex", table: ref("posts"), name: "IDX_posts_user", existing: posts.indexes[0]! },
      ]),
    );
    expect(result.log).toStrictEqual(["Detected removed table 'public.posts'"]);
  });

  it("drops the foreign keys of other tables that point at a dropped table", () => {
    const postsWithoutUsers = { ...posts, foreignKeys: [] };
    const result = compare(model({ tables: [users, posts] }), model({ tables: [postsWithoutUsers] }));
    expect(sortedOps(result.operations)).toStrictEqual(
      sortedOps([
        ...resetWithSequenceBeforeDrop("users"),
        { kind: "dropTable", table: ref("users"), existing: users },
        { kind: "dropConstraint", table: ref("posts"), name: "FK_posts_user", existing: posts.foreignKeys[0]! },
      ]),
    );
    expect(result.log).toStrictEqual([
      "Detected removed table 'public.users'",
      "Detected removed foreign key 'FK_posts_user' on 'public.posts'",
    ]);
  });

  it("never touches a table the exclude predicate filters out, on either side", () => {
    const legacy = table("legacy", [column("x", "text")]);
    const from = model({ tables: [users, legacy] });
    const to = model({ tables: [users, table("audit.log", [column("y", "text")])] });
    const result = compare(from, to, { exclude: (t) => t.name === "legacy" || t.schema === "audit" });
    expect(result).toStrictEqual({ operations: [], log: [] });
  });

  it("compares only the tables the include predicate accepts", () => {
    const result = compare(model({ tables: [users] }), model({ tables: [posts] }), {
      include: (t) => t.name === "users",
    });
    expect(result.operations).toStrictEqual([...resetWithSequenceBeforeDrop("users"), { kind: "dropTable", table: ref("users"), existing: users }]);
  });

  it("never touches the version table, whichever side has it", () => {
    const version = table("autogen_version", [column("version_num", "character varying(32)", { nullable: false })]);
    expect(compare(model({ tables: [version] }), EMPTY_MODEL).operations).toStrictEqual([]);
    expect(compare(EMPTY_MODEL, model({ tables: [version] })).operations).toStrictEqual([]);
    const custom = table("my_versions", [column("v", "text")]);
    // The default version table stays ignored when another one is configured.
    expect(compare(model({ tables: [version] }), EMPTY_MODEL, { versionTable: "my_versions" }).operations).toStrictEqual([]);
    expect(compare(model({ tables: [custom] }), EMPTY_MODEL, { versionTable: "my_versions" }).operations).toStrictEqual([]);
  });

  it.each(["autogen_checksums", "typeorm_metadata"])("never touches the tool-owned table %s, in any schema", (name) => {
    const owned = [table(name, [column("v", "text")]), table(`audit.${name}`, [column("v", "text")])];
    expect(compare(model({ tables: owned }), EMPTY_MODEL, { dropSchemas: true }).operations).toStrictEqual([]);
    expect(compare(EMPTY_MODEL, model({ tables: owned })).operations).toStrictEqual([]);
    const changed = owned.map((t) => ({ ...t, columns: [column("v", "integer")] }));
    expect(compare(model({ tables: owned }), model({ tables: changed }))).toStrictEqual({ operations: [], log: [] });
  });

  it("keeps TypeORM's migration history and metadata tables under any name, unless an entity maps them", () => {
    const history = table("typeorm_migrations", [
      column("id", "integer", { nullable: false }),
      column("timestamp", "bigint", { nullable: false }),
      column("name", "character varying", { nullable: false }),
    ]);
    const metadata = table("meta", ["type", "database", "schema", "table", "name", "value"].map((c) => column(c, "text")));
    const lookalike = table("events", [column("id", "integer"), column("name", "text")]);
    const result = compare(model({ tables: [history, metadata, lookalike] }), EMPTY_MODEL);
    expect(result.operations).toStrictEqual([resetBeforeDrop("events"), { kind: "dropTable", table: ref("events"), existing: lookalike }]);
    // An entity that maps such a table makes it an ordinary table again.
    const mapped = { ...history, columns: [...history.columns, column("note", "text")] };
    expect(compare(model({ tables: [history] }), model({ tables: [mapped] })).operations.map((o) => o.kind)).toEqual([
      "addColumn",
    ]);
  });

  it("warns when a table left out of the comparison references a dropped table", () => {
    const from = model({ tables: [users, posts] });
    const result = compare(from, model({}), { exclude: (t) => t.name === "posts" });
    expect(result.operations).toStrictEqual([...resetWithSequenceBeforeDrop("users"), { kind: "dropTable", table: ref("users"), existing: users }]);
    expect(result.log).toStrictEqual([
      "Detected removed table 'public.users'",
      "Warning: table 'public.posts' is excluded from the comparison but its foreign key 'FK_posts_user' " +
        "references the removed table 'public.users': dropping it will fail",
    ]);
  });

  it("emits a table comment change with the comment it replaces", () => {
    const result = compare(model({ tables: [users] }), model({ tables: [{ ...users, comment: "People" }] }));
    expect(result).toStrictEqual({
      operations: [{ kind: "setTableComment", table: ref("users"), comment: "People", existing: null }],
      log: ["Detected table comment change from none to 'People' on 'public.users'"],
    });
  });
});
