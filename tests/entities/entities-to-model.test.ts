/**
 * The raw model of fixture entity sets, loaded through the TypeScript loader (here ts-jest compiles them),
 * built without a connection, and compared value for value. The synchronize test proves the same names
 * and structure against what typeorm really creates.
 */
import path from "node:path";
import { DefaultNamingStrategy, Table } from "typeorm";
import { loadEntitySet } from "../../src/entities/load-entities";
import { buildEntityMetadata } from "../../src/entities/build-metadata";
import { entitiesToModel } from "../../src/entities/entities-to-model";
import { readEntityModel } from "../../src/entities/read-entity-model";
import { EntityDefinitionError, EntityMetadataError } from "../../src/entities/entity-errors";
import type { SchemaModel } from "../../src/model/schema-model";
import { check, column, exclusion, foreignKey, index, primaryKey, serial, unique } from "./support/model-builders";

const FIXTURES = path.join(__dirname, "fixtures");

async function modelOf(patterns: string[], defaultSchema = "public"): Promise<SchemaModel> {
  return readEntityModel({ entities: patterns }, FIXTURES, { defaultSchema });
}

describe("entitiesToModel on the blog fixtures", () => {
  let model: SchemaModel;
  beforeAll(async () => {
    model = await modelOf(["blog/*.ts"]);
  });

  it("lists synchronised tables only: no view, no synchronize:false entity, no STI child table", () => {
    expect(Object.keys(model.tables).sort()).toEqual([
      '"app"."profile"',
      '"public"."content"',
      '"public"."posts"',
      '"public"."posts_tags_tag"',
      '"public"."tag"',
      '"public"."users"',
    ]);
    expect(model.schemas).toEqual(["app", "public"]);
    expect(model.sequences).toEqual({});
  });

  it("asks for the extensions typeorm installs: uuid-ossp for uuid keys, btree_gist for exclusions", () => {
    expect(model.extensions).toEqual({
      "uuid-ossp": { name: "uuid-ossp", schema: null, version: null },
      btree_gist: { name: "btree_gist", schema: null, version: null },
    });
  });

  it("names enums as typeorm does, labels in declared order", () => {
    expect(model.enums).toEqual({
      '"public"."users_role_enum"': { schema: "public", name: "users_role_enum", labels: ["admin", "member", "guest"] },
      '"app"."visibility"': { schema: "app", name: "visibility", labels: ["public", "friends", "private"] },
    });
  });

  it("converts users: inferred types, defaults, arrays, simple-*, date columns, comments", () => {
    expect(model.tables['"public"."users"']).toEqual({
      schema: "public",
      name: "users",
      comment: "People who log in",
      columns: [
        serial("id"),
        column("name", "character varying"),
        column("email", "character varying(120)"),
        column("role", "public.users_role_enum", { default: "'member'" }),
        column("active", "boolean", { default: "true" }),
        column("loginCount", "integer", { default: "'0'" }),
        column("bio", "character varying", { nullable: true, comment: "What they say about themselves" }),
        column("tags", "text[]", { default: "'{}'" }),
        column("nicknames", "text"),
        column("preferences", "text", { nullable: true }),
        column("settings", "jsonb", { default: `'{"plan":"free"}'` }),
        column("createdAt", "timestamp without time zone", { default: "now()" }),
        column("updatedAt", "timestamp with time zone", { default: "now()" }),
        column("deletedAt", "timestamp without time zone", { nullable: true }),
        column("version", "integer"),
      ],
      primaryKey: primaryKey("PK_a3ffb1c0c8416b9fc6f907b7433", ["id"]),
      uniques: [unique("UQ_97672ac88f789774dd47f7c8be3", ["email"])],
      foreignKeys: [],
      checks: [check("CHK_37b255103690e98881c46c4f05", `CHECK ("loginCount" >= 0)`)],
      exclusions: [],
      indexes: [
        index("IDX_users_active_name", ["name"], { where: `"active" = true` }),
        index("IDX_2d4a15c7f8b3864a5465fb687e", ["name", "email"]),
      ],
    });
  });

  it("converts posts: uuid key, numeric, precision, gin and unique indexes, skips synchronize:false index", () => {
    expect(model.tables['"public"."posts"']).toEqual({
      schema: "public",
      name: "posts",
      comment: null,
      columns: [
        column("id", "uuid", { default: "uuid_generate_v4()" }),
        column("title", "character varying(200)"),
        column("slug", "character varying"),
        column("price", "numeric(10,2)", { default: "'0'" }),
        column("publishedAt", "timestamp(3) without time zone", { nullable: true }),
        column("meta", "json", { nullable: true }),
        column("labels", "jsonb", { default: "'[]'" }),
        column("legacyId", "integer", { nullable: true }),
        column("views", "bigint", { default: "'0'" }),
        column("authorId", "integer"),
      ],
      primaryKey: primaryKey("PK_2829ac61eff60fcec60d7274b9e", ["id"]),
      uniques: [unique("UQ_posts_author_slug", ["authorId", "slug"])],
      foreignKeys: [
        foreignKey("FK_c5a322ad12a7bf95460c958e80e", ["authorId"], "users", ["id"], {
          onDelete: "CASCADE",
        }),
      ],
      checks: [],
      exclusions: [],
      indexes: [
        index("IDX_posts_labels", ["labels"], { method: "gin" }),
        index("IDX_1974ed57914c0ceef57acda2ef", ['"legacyId"'], { unique: true }),
        index("IDX_77749903f188b4d1de19db551e", ['"authorId"', '"publishedAt"']),
      ],
    });
  });

  it("converts profile in schema app: identity ALWAYS, named enum, stored generated column, collation, OneToOne", () => {
    expect(model.tables['"app"."profile"']).toEqual({
      schema: "app",
      name: "profile",
      comment: null,
      columns: [
        column("id", "integer", { identity: { kind: "identity", generation: "ALWAYS" } }),
        column("availability", "tsrange", { nullable: true }),
        column("visibility", "app.visibility", { default: "'public'" }),
        column("score", "integer", { default: "'0'" }),
        column("doubleScore", "integer", { generated: `"score" * 2` }),
        column("country", "character(2)", { nullable: true, collation: "C" }),
        column("user_id", "integer", { nullable: true }),
      ],
      primaryKey: primaryKey("PK_3dd8bfc97e4a77c70971591bdcb", ["id"]),
      uniques: [unique("REL_d752442f45f258a8bdefeebb2f", ["user_id"])],
      foreignKeys: [
        foreignKey("FK_d752442f45f258a8bdefeebb2f2", ["user_id"], "users", ["id"], {
          onDelete: "SET NULL",
          deferrable: true,
          initiallyDeferred: true,
        }),
      ],
      checks: [],
      exclusions: [
        exclusion("XCL_7e5379b0bff9566a5b07d41624", `EXCLUDE USING gist ("availability" WITH &&)`),
      ],
      indexes: [],
    });
  });

  it("converts tag (explicit PK name, SMALLSERIAL) and the ManyToMany junction table", () => {
    expect(model.tables['"public"."tag"']).toEqual({
      schema: "public",
      name: "tag",
      comment: null,
      columns: [column("name", "character varying(50)"), serial("position", "smallint")],
      primaryKey: primaryKey("tag_pkey", ["name"]),
      uniques: [],
      foreignKeys: [],
      checks: [],
      exclusions: [],
      indexes: [],
    });
    expect(model.tables['"public"."posts_tags_tag"']).toEqual({
      schema: "public",
      name: "posts_tags_tag",
      comment: null,
      columns: [column("postsId", "uuid"), column("tagName", "character varying(50)")],
      primaryKey: primaryKey("PK_bb9b0928f4cf5fb2afb6795f96d", ["postsId", "tagName"]),
      uniques: [],
      foreignKeys: [
        foreignKey("FK_98d9b575df7231009a53ffc6fa7", ["postsId"], "posts", ["id"], {
          onDelete: "CASCADE",
          onUpdate: "CASCADE",
        }),
        foreignKey("FK_9b5a01a8a9e4e659cc28bb268f2", ["tagName"], "tag", ["name"], {
          onDelete: "CASCADE",
          onUpdate: "CASCADE",
        }),
      ],
      checks: [],
      exclusions: [],
      indexes: [index("IDX_98d9b575df7231009a53ffc6fa", ['"postsId"']), index("IDX_9b5a01a8a9e4e659cc28bb268f", ['"tagName"'])],
    });
  });

  it("puts single-table inheritance children into the parent's table with the discriminator and its index", () => {
    expect(model.tables['"public"."content"']).toEqual({
      schema: "public",
      name: "content",
      comment: null,
      columns: [
        serial("id", "bigint"),
        column("title", "character varying"),
        column("size", "integer", { nullable: true }),
        column("kind", "character varying"),
      ],
      primaryKey: primaryKey("PK_6a2083913f3647b44f205204e36", ["id"]),
      uniques: [],
      foreignKeys: [],
      checks: [],
      exclusions: [],
      indexes: [index("IDX_03082f810265648fcfee701eb6", ["kind"])],
    });
  });
});

describe("entitiesToModel on quirks", () => {
  let model: SchemaModel;
  beforeAll(async () => {
    model = await modelOf(["quirks/*.ts"]);
  });

  it("quotes mixed-case and reserved names only where quote_ident would", () => {
    const account = model.tables['"public"."UserAccount"']!;
    expect(account.columns).toEqual([
      serial("id", "bigint"),
      column("Status", 'public."UserAccount_status_enum"'),
      column("order", "integer", { default: "'1'" }),
    ]);
    expect(account.indexes).toEqual([index("IDX_370e010fc7e115d7d89e98c2e4", ['"Status"', '"order"'])]);
    expect(model.enums['"public"."UserAccount_status_enum"']).toEqual({
      schema: "public",
      name: "UserAccount_status_enum",
      labels: ["on", "off"],
    });
  });

  it("renders defaults as typeorm does, with quotes doubled, and maps ON DELETE DEFAULT to SET DEFAULT", () => {
    const quirk = model.tables['"public"."quirk"']!;
    expect(quirk.columns).toEqual([
      column("id", "uuid", { default: "uuid_generate_v4()" }),
      column("motto", "character varying", { default: "'it''s'" }),
      column("words", "character varying[]", { default: "'{a''b,c}'" }),
      column("handle", "citext"),
      column("seenAt", "timestamp with time zone", { default: "now()" }),
      column("day", "date", { default: "('now'::text)::date" }),
      column("flags", "public.quirk_flags_enum[]", { default: "'{x}'" }),
      column("at", "time(0) without time zone", { nullable: true }),
      column("ratio", "double precision", { default: "'1.5'" }),
      column("accountId", "bigint", { nullable: true }),
    ]);
    expect(quirk.foreignKeys).toEqual([
      foreignKey("FK_d72e2f1750595d119c30a81c249", ["accountId"], "UserAccount", ["id"], {
        onDelete: "SET DEFAULT",
        onUpdate: "RESTRICT",
      }),
    ]);
    expect(Object.keys(model.extensions).sort()).toEqual(["citext", "uuid-ossp"]);
  });

  it("turns rowid into SERIAL, generated identity into BY DEFAULT, embeds into prefixed columns", () => {
    expect(model.tables['"public"."generated_things"']).toEqual({
      schema: "public",
      name: "generated_things",
      comment: null,
      columns: [
        serial("id"),
        column("ticket", "bigint", { identity: { kind: "identity", generation: "BY DEFAULT" } }),
        column("addressCity", "character varying"),
        column("addressZip", "character varying(10)", { nullable: true }),
      ],
      primaryKey: primaryKey("PK_19426967c4c207ade68de630139", ["id"]),
      uniques: [unique("UQ_generated_things_ticket", ["ticket"], { deferrable: true, initiallyDeferred: false })],
      foreignKeys: [],
      checks: [],
      exclusions: [],
      indexes: [],
    });
  });

  it("puts tables without a schema into the default schema it is given", async () => {
    const elsewhere = await modelOf(["quirks/*.ts"], "tenant");
    expect(Object.keys(elsewhere.tables).sort()).toEqual(['"tenant"."UserAccount"', '"tenant"."generated_things"', '"tenant"."quirk"']);
    expect(elsewhere.tables['"tenant"."quirk"']!.foreignKeys[0]!.referencedTable).toEqual({ schema: "tenant", name: "UserAccount" });
    expect(elsewhere.tables['"tenant"."UserAccount"']!.columns[1]!.type).toBe('tenant."UserAccount_status_enum"');
  });
});

describe("entitiesToModel with a DataSource module", () => {
  it("honours its naming strategy, schema and uuid extension, and loads the globs in its entities", async () => {
    const model = await readEntityModel({ dataSource: "shop/data-source.ts" }, FIXTURES, { defaultSchema: "public" });
    expect(model.schemas).toEqual(["shop"]);
    expect(model.extensions).toEqual({ pgcrypto: { name: "pgcrypto", schema: null, version: null } });
    expect(model.tables['"shop"."order"']).toEqual({
      schema: "shop",
      name: "order",
      comment: null,
      columns: [serial("id"), column("status", "character varying(16)", { default: "'new'" }), column("customerId", "uuid", { nullable: true })],
      primaryKey: primaryKey("pk_order_id", ["id"]),
      uniques: [],
      foreignKeys: [
        foreignKey("fk_order_customerId", ["customerId"], "shop.customer", ["id"], { onDelete: "RESTRICT" }),
      ],
      checks: [],
      exclusions: [],
      indexes: [],
    });
    expect(model.tables['"shop"."customer"']).toEqual({
      schema: "shop",
      name: "customer",
      comment: null,
      columns: [
        column("id", "uuid", { default: "gen_random_uuid()" }),
        column("email", "character varying"),
        column("city", "character varying"),
      ],
      primaryKey: primaryKey("pk_customer_id", ["id"]),
      uniques: [unique("uq_customer_email", ["email"])],
      foreignKeys: [],
      checks: [],
      exclusions: [],
      indexes: [index("ix_customer_city", ["city"])],
    });
  });

  it("asks for no extension when the DataSource disables installExtensions", async () => {
    const set = await loadEntitySet({ dataSource: "shop/data-source.ts" }, FIXTURES);
    const metadatas = await buildEntityMetadata({ ...set, options: { ...set.options, installExtensions: false } });
    expect(entitiesToModel(metadatas, { defaultSchema: "public" }).extensions).toEqual({});
  });
});

describe("primary key names from the naming strategy", () => {
  /**
   * Per table of the blog fixtures whose primary key is not named in the entity: our name, and the name
   * TypeORM's schema builder gives it (the strategy handed the whole `Table`).
   */
  async function primaryKeyNames(namingStrategy?: DefaultNamingStrategy) {
    const set = await loadEntitySet({ entities: ["blog/*.ts"] }, FIXTURES);
    const metadatas = await buildEntityMetadata({ ...set, options: { ...set.options, namingStrategy } });
    const model = entitiesToModel(metadatas, { defaultSchema: "public" });
    const ours: Record<string, string | undefined> = {};
    const typeorms: Record<string, string> = {};
    for (const m of metadatas) {
      if (!m.synchronize || m.primaryColumns.length === 0 || m.primaryColumns[0]!.primaryKeyConstraintName) continue;
      ours[m.tableName] = Object.values(model.tables).find((t) => t.name === m.tableName)?.primaryKey?.name;
      const strategy = m.dataSource.namingStrategy;
      typeorms[m.tableName] = strategy.primaryKeyName(Table.create(m, m.dataSource.driver), m.primaryColumns.map((c) => c.databaseName));
    }
    return { ours, typeorms };
  }

  it("are the default strategy's when it is not replaced", async () => {
    const { ours, typeorms } = await primaryKeyNames();
    expect(Object.keys(ours).length).toBeGreaterThanOrEqual(5);
    expect(Object.values(ours).every((n) => /^PK_[0-9a-f]{27}$/.test(n ?? ""))).toBe(true);
    expect(ours).toEqual(typeorms);
  });

  it("come from a whole Table when the strategy replaces getTableName or reads the Table", async () => {
    class UpperTableNames extends DefaultNamingStrategy {
      override getTableName(tableOrName: Table | string): string {
        return typeof tableOrName === "string" ? tableOrName.toUpperCase() : `T_${tableOrName.columns.length}`;
      }
    }
    class ColumnCounting extends DefaultNamingStrategy {
      override primaryKeyName(table: Table | string, columns: string[]): string {
        return typeof table === "string" ? "given a string" : `pk_${table.columns.length}_${columns.join("_")}`;
      }
    }
    for (const strategy of [new UpperTableNames(), new ColumnCounting()]) {
      const { ours, typeorms } = await primaryKeyNames(strategy);
      expect(Object.values(ours)).not.toContain("given a string");
      expect(ours).toEqual(typeorms);
    }
  });
});

describe("entity definitions that cannot become a schema", () => {
  it("refuses a SERIAL on a non-integer column, naming entity and property", async () => {
    const error = await modelOf(["invalid/bad-serial.ts"]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EntityDefinitionError);
    expect((error as Error).message).toBe(
      "The entity BadSerial, property code, cannot be turned into a PostgreSQL schema: a generated " +
        '"increment" column becomes SERIAL, which needs smallint, integer or bigint, not character varying.',
    );
  });

  it("refuses a default on a generated column", async () => {
    const error = await modelOf(["invalid/serial-default.ts"]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EntityDefinitionError);
    expect((error as Error).message).toBe(
      "The entity SerialDefault, property id, cannot be turned into a PostgreSQL schema: a generated column " +
        "cannot also have the default '5'.",
    );
  });

  it("wraps typeorm's own validation errors", async () => {
    const error = await modelOf(["invalid/unknown-type.ts"]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EntityMetadataError);
    expect((error as Error).message).toBe(
      'TypeORM 1.1.1 could not build the entity metadata: Data type "Object" in "UnknownType.data" is not ' +
        `supported by "postgres" database. It happened while TypeORM built the entity UnknownType ` +
        `(${path.join(FIXTURES, "invalid", "unknown-type.ts")}): check its decorators and options, and run the command again. ` +
        "TypeScript gives a property the type Object, which names no column type, for an object type, any or unknown, " +
        "and for a union with null or undefined (`title: string | null`) when the project compiles with strictNullChecks " +
        '(or strict) in its tsconfig.json: give the column its type, `@Column({ type: "varchar", nullable: true })`.',
    );
  });
});
