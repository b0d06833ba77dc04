/**
 * One or more operations of every kind, in the canonical form the builders produce, with their expected
 * rendered statement (compact form: drops without `existing`).
 */
import type { TableDef } from "../../src/model/schema-model";
import type { Operation } from "../../src/ops/operation";
import { tableKindSamples } from "./sample-table-kind-ops";
import { catalogSamples } from "./catalog-sample-ops";
import { check, column, exclusion, foreignKey, idColumn, index, key, primaryKey, ref, sequence, table, unique } from "../support/model-builders";

export const usersTable: TableDef = table(
  "users",
  [
    idColumn(),
    column("email", "character varying(255)", { nullable: false, collation: "C" }),
    column("status", "public.user_status", { default: "'active'::public.user_status", comment: "it's" }),
    column("search", "tsvector", { generated: "to_tsvector('simple'::regconfig, (email)::text)" }),
  ],
  {
    comment: "People who log in",
    primaryKey: primaryKey("users_pkey", ["id"]),
    uniques: [unique("users_email_key", ["email"], { deferrable: true })],
    checks: [check("users_email_check", "CHECK ((email)::text <> ''::text)")],
  },
);

export interface Sample {
  readonly title: string;
  readonly op: Operation;
  readonly rendered: string;
}

export const samples: readonly Sample[] = [
  { title: "createSchema", op: { kind: "createSchema", schema: "audit" }, rendered: `await op.createSchema("audit");` },
  {
    title: "createSchema (only where missing)",
    op: { kind: "createSchema", schema: "public", ifMissing: true },
    rendered: `await op.createSchema("public", { ifMissing: true });`,
  },
  { title: "dropSchema", op: { kind: "dropSchema", schema: "audit" }, rendered: `await op.dropSchema("audit");` },
  {
    title: "createExtension (defaults)",
    op: { kind: "createExtension", extension: { name: "pgcrypto", schema: null, version: null } },
    rendered: `await op.createExtension("pgcrypto");`,
  },
  {
    title: "createExtension (schema, version)",
    op: { kind: "createExtension", extension: { name: "citext", schema: "ext", version: "1.6" } },
    rendered: `await op.createExtension("citext", { schema: "ext", version: "1.6" });`,
  },
  {
    title: "dropExtension",
    op: { kind: "dropExtension", name: "citext", existing: { name: "citext", schema: "ext", version: null } },
    rendered: `await op.dropExtension("citext");`,
  },
  {
    title: "alterExtension",
    op: { kind: "alterExtension", name: "pg_trgm", version: "1.6", existing: { name: "pg_trgm", schema: "public", version: "1.4" } },
    rendered: `await op.alterExtension("pg_trgm", "1.6", { existing: { schema: "public", version: "1.4" } });`,
  },
  {
    title: "moveExtension",
    op: { kind: "moveExtension", name: "citext", from: "public", to: "extensions" },
    rendered: `await op.moveExtension("citext", { from: "public", to: "extensions" });`,
  },
  {
    title: "alterExtension (nothing known of the installed one)",
    op: { kind: "alterExtension", name: "pg_trgm", version: "1.6", existing: { name: "pg_trgm", schema: null, version: null } },
    rendered: `await op.alterExtension("pg_trgm", "1.6", { existing: {} });`,
  },
  {
    title: "alterExtension (no existing)",
    op: { kind: "alterExtension", name: "pg_trgm", version: "1.6" },
    rendered: `await op.alterExtension("pg_trgm", "1.6");`,
  },
  {
    title: "createEnum",
    op: { kind: "createEnum", enum: { schema: "public", name: "user_status", labels: ["active", "it's"] } },
    rendered: `await op.createEnum("user_status", ["active", "it's"]);`,
  },
  {
    title: "dropEnum (other schema)",
    op: { kind: "dropEnum", enum: { schema: "billing", name: "plan" } },
    rendered: `await op.dropEnum({ schema: "billing", name: "plan" });`,
  },
  {
    title: "alterEnum",
    op: {
      kind: "alterEnum",
      enum: ref("user_status"),
      from: ["active", "banned"],
      to: ["active"],
      usages: [
        { table: ref("users"), column: "status", default: "'active'::public.user_status", array: false },
        { table: { schema: "audit", name: "log" }, column: "statuses", default: null, array: true },
      ],
    },
    rendered:
      `await op.alterEnum("user_status", { from: ["active", "banned"], to: ["active"], usages: [` +
      `{ table: "users", column: "status", default: "'active'::public.user_status" }, ` +
      `{ table: { schema: "audit", name: "log" }, column: "statuses", array: true }] });`,
  },
  {
    title: "alterEnum (a usage's default changes with the rebuild)",
    op: {
      kind: "alterEnum",
      enum: ref("mood"),
      from: ["ok", "glad"],
      to: ["ok"],
      usages: [
        { table: ref("t"), column: "m", default: "'glad'::public.mood", defaultAfter: "'ok'::public.mood", array: false },
        { table: ref("t"), column: "n", default: "'glad'::public.mood", defaultAfter: null, array: false },
      ],
    },
    rendered:
      `await op.alterEnum("mood", { from: ["ok", "glad"], to: ["ok"], usages: [` +
      `{ table: "t", column: "m", default: "'glad'::public.mood", defaultAfter: "'ok'::public.mood" }, ` +
      `{ table: "t", column: "n", default: "'glad'::public.mood", defaultAfter: null }] });`,
  },
  {
    title: "alterEnum (range types over it rebuilt with it)",
    op: {
      kind: "alterEnum",
      enum: ref("mood"),
      from: ["ok", "glad"],
      to: ["ok"],
      usages: [],
      ranges: [
        {
          range: { schema: "public", name: "moods", subtype: "public.mood", opclass: null, collation: null, canonical: null, subtypeDiff: null, multirange: "public.mood_spans" },
          usages: [
            { table: ref("t"), column: "r", default: null, array: true },
            { table: ref("t"), column: "m", default: null, array: false, multirange: true },
          ],
          domains: [
            {
              domain: { schema: "public", name: "dm", type: "public.moods", collation: null, default: null, notNull: false, checks: [] },
              usages: [{ table: ref("t"), column: "d", default: null, array: false }],
            },
          ],
        },
      ],
    },
    rendered:
      `await op.alterEnum("mood", { from: ["ok", "glad"], to: ["ok"], ranges: [{ name: "moods", spec: { subtype: "public.mood", ` +
      `multirange: "public.mood_spans" }, usages: [{ table: "t", column: "r", array: true }, { table: "t", column: "m", multirange: true }], ` +
      `domains: [{ name: "dm", spec: { type: "public.moods" }, usages: [{ table: "t", column: "d" }] }] }] });`,
  },
  {
    title: "createSequence (defaults)",
    op: { kind: "createSequence", sequence: sequence("order_seq") },
    rendered: `await op.createSequence("order_seq");`,
  },
  {
    title: "createSequence (descending integer, owned)",
    op: {
      kind: "createSequence",
      sequence: sequence("countdown", {
        dataType: "integer",
        start: "-10",
        increment: "-2",
        minValue: "-2147483648",
        maxValue: "-1",
        cache: "20",
        cycle: true,
        ownedBy: { table: ref("users"), column: "id" },
      }),
    },
    rendered:
      `await op.createSequence("countdown", { dataType: "integer", start: -10, increment: -2, cache: 20, ` +
      `cycle: true, ownedBy: { table: "users", column: "id" } });`,
  },
  {
    title: "dropSequence",
    op: { kind: "dropSequence", sequence: ref("order_seq") },
    rendered: `await op.dropSequence("order_seq");`,
  },
  {
    title: "alterSequence",
    op: {
      kind: "alterSequence",
      from: sequence("s"),
      to: sequence("s", { start: "100", maxValue: "9223372036854775806" }),
    },
    rendered: `await op.alterSequence("s", { from: {}, to: { start: 100, maxValue: "9223372036854775806" } });`,
  },
  {
    title: "createTable",
    op: { kind: "createTable", table: usersTable },
    rendered:
      `await op.createTable("users", { columns: [` +
      `{ name: "id", type: "integer", nullable: false, identity: { kind: "identity", generation: "BY DEFAULT" } }, ` +
      `{ name: "email", type: "character varying(255)", nullable: false, collation: "C" }, ` +
      `{ name: "status", type: "public.user_status", default: "'active'::public.user_status", comment: "it's" }, ` +
      `{ name: "search", type: "tsvector", generated: "to_tsvector('simple'::regconfig, (email)::text)" }], ` +
      `primaryKey: { name: "users_pkey", columns: ["id"] }, ` +
      `uniques: [{ name: "users_email_key", columns: ["email"], deferrable: true }], ` +
      `checks: [{ name: "users_email_check", definition: "CHECK ((email)::text <> ''::text)" }], ` +
      `comment: "People who log in" });`,
  },
  {
    title: "createTable (bare, other schema)",
    op: {
      kind: "createTable",
      table: table("audit.log", [column("at", "timestamp with time zone", { default: "now()" })]),
    },
    rendered: `await op.createTable({ schema: "audit", name: "log" }, { columns: [{ name: "at", type: "timestamp with time zone", default: "now()" }] });`,
  },
  {
    title: "dropTable",
    op: { kind: "dropTable", table: ref("users"), existing: usersTable },
    rendered: `await op.dropTable("users");`,
  },
  {
    title: "setTableComment",
    op: { kind: "setTableComment", table: ref("users"), comment: null, existing: "People" },
    rendered: `await op.setTableComment("users", null, { existing: "People" });`,
  },
  {
    title: "renameTable",
    op: { kind: "renameTable", table: ref("people"), to: "users" },
    rendered: `await op.renameTable("people", "users");`,
  },
  {
    title: "renameEnum",
    op: { kind: "renameEnum", enum: ref("users_role_enum"), to: "people_role_enum" },
    rendered: `await op.renameEnum("users_role_enum", "people_role_enum");`,
  },
  {
    title: "moveEnum",
    op: { kind: "moveEnum", enum: ref("notes_kind_enum"), schema: "archive" },
    rendered: `await op.moveEnum("notes_kind_enum", "archive");`,
  },
  {
    title: "moveEnum (renamed too)",
    op: { kind: "moveEnum", enum: ref("notes_kind_enum"), schema: "archive", to: "old_notes_kind_enum" },
    rendered: `await op.moveEnum("notes_kind_enum", "archive", "old_notes_kind_enum");`,
  },
  {
    title: "moveTable",
    op: { kind: "moveTable", table: ref("notes"), schema: "archive" },
    rendered: `await op.moveTable("notes", "archive");`,
  },
  {
    title: "moveTable (renamed too)",
    op: { kind: "moveTable", table: { schema: "archive", name: "old_notes" }, schema: "public", to: "notes" },
    rendered: `await op.moveTable({ schema: "archive", name: "old_notes" }, "public", "notes");`,
  },
  {
    title: "addColumn",
    op: { kind: "addColumn", table: ref("memories"), column: column("task_id", "character varying") },
    rendered: `await op.addColumn("memories", { name: "task_id", type: "character varying" });`,
  },
  {
    title: "addColumn (serial)",
    op: { kind: "addColumn", table: ref("memories"), column: column("n", "integer", { nullable: false, identity: { kind: "serial" } }) },
    rendered: `await op.addColumn("memories", { name: "n", type: "integer", nullable: false, identity: { kind: "serial" } });`,
  },
  {
    title: "addColumn (serial, its sequence under a name of its own)",
    op: { kind: "addColumn", table: ref("memories"), column: column("n", "integer", { nullable: false, identity: { kind: "serial", sequence: "old_n_seq" } }) },
    rendered: `await op.addColumn("memories", { name: "n", type: "integer", nullable: false, identity: { kind: "serial", sequence: "old_n_seq" } });`,
  },
  {
    title: "dropColumn",
    op: { kind: "dropColumn", table: ref("memories"), column: "task_id", existing: column("task_id", "text") },
    rendered: `await op.dropColumn("memories", "task_id");`,
  },
  {
    title: "alterColumn",
    op: {
      kind: "alterColumn",
      table: ref("orders"),
      column: "total",
      changes: { type: "bigint", nullable: true, default: null },
      using: '"total"::bigint',
      existing: column("total", "integer", { nullable: false, default: "0" }),
    },
    rendered:
      `await op.alterColumn("orders", "total", { type: "bigint", nullable: true, default: null }, ` +
      `{ using: "\\"total\\"::bigint", existing: { type: "integer", nullable: false, default: "0" } });`,
  },
  {
    title: "alterColumn (no existing)",
    op: { kind: "alterColumn", table: ref("orders"), column: "note", changes: { comment: "x", identity: null } },
    rendered: `await op.alterColumn("orders", "note", { identity: null, comment: "x" });`,
  },
  {
    title: "alterColumn (physical settings, partitions' settings kept through a retype)",
    op: {
      kind: "alterColumn",
      table: ref("docs"),
      column: "body",
      changes: { type: "text", storage: { mode: "EXTERNAL", typeDefault: "EXTENDED" }, compression: null, statisticsTarget: 500, attributeOptions: ["n_distinct=-0.5"] },
      existing: column("body", "character varying(100)", { compression: "lz4", attributeOptions: ["n_distinct=10"] }),
      descendants: [{ table: ref("docs_2024"), from: { compression: "lz4" }, to: { storage: { mode: "MAIN", typeDefault: "EXTENDED" } } }],
    },
    rendered:
      `await op.alterColumn("docs", "body", { type: "text", storage: { mode: "EXTERNAL", typeDefault: "EXTENDED" }, compression: null, ` +
      `statisticsTarget: 500, attributeOptions: ["n_distinct=-0.5"] }, { existing: { type: "character varying(100)", compression: "lz4", ` +
      `attributeOptions: ["n_distinct=10"] }, descendants: [{ table: "docs_2024", from: { compression: "lz4" }, ` +
      `to: { storage: { mode: "MAIN", typeDefault: "EXTENDED" } } }] });`,
  },
  {
    title: "alterColumn (a partitioned table's NOT NULL, a partition's own NOT NULL set again after its inverse)",
    op: {
      kind: "alterColumn",
      table: ref("events"),
      column: "v",
      changes: { nullable: false },
      existing: column("v", "integer"),
      notNullPartitions: [ref("events_2024")],
    },
    rendered: `await op.alterColumn("events", "v", { nullable: false }, { existing: { type: "integer" }, notNullPartitions: ["events_2024"] });`,
  },
  {
    title: "addColumn (physical settings)",
    op: {
      kind: "addColumn",
      table: ref("docs"),
      column: column("blob", "bytea", { storage: { mode: "EXTERNAL", typeDefault: "EXTENDED" }, statisticsTarget: 0 }),
    },
    rendered: `await op.addColumn("docs", { name: "blob", type: "bytea", storage: { mode: "EXTERNAL", typeDefault: "EXTENDED" }, statisticsTarget: 0 });`,
  },
  {
    title: "renameIndex",
    op: { kind: "renameIndex", table: ref("users"), from: "IDX_1a2b", to: "users_email_idx" },
    rendered: `await op.renameIndex("users", "IDX_1a2b", "users_email_idx");`,
  },
  {
    title: "alterIndexStorage",
    op: { kind: "alterIndexStorage", table: ref("users"), name: "users_email_idx", from: ["fillfactor=90"], to: ["fillfactor=70", "deduplicate_items=off"] },
    rendered: `await op.alterIndexStorage("users", "users_email_idx", { from: ["fillfactor=90"], to: ["fillfactor=70", "deduplicate_items=off"] });`,
  },
  {
    title: "alterIndexStatistics",
    op: { kind: "alterIndexStatistics", table: ref("users"), name: "users_lower_email_idx", from: { 2: 100 }, to: { 1: 500 } },
    rendered: `await op.alterIndexStatistics("users", "users_lower_email_idx", { from: { "2": 100 }, to: { "1": 500 } });`,
  },
  {
    title: "renameConstraint",
    op: { kind: "renameConstraint", table: ref("audit.log"), from: "PK_9f", to: "log_pkey" },
    rendered: `await op.renameConstraint({ schema: "audit", name: "log" }, "PK_9f", "log_pkey");`,
  },
  {
    title: "renameColumn",
    op: { kind: "renameColumn", table: ref("users"), from: "mail", to: "email" },
    rendered: `await op.renameColumn("users", "mail", "email");`,
  },
  {
    title: "addPrimaryKey",
    op: { kind: "addConstraint", table: ref("users"), constraint: primaryKey("users_pkey", ["id"]) },
    rendered: `await op.addPrimaryKey("users", { name: "users_pkey", columns: ["id"] });`,
  },
  {
    title: "addPrimaryKey (deferrable)",
    op: {
      kind: "addConstraint",
      table: ref("users"),
      constraint: primaryKey("users_pkey", ["id"], { deferrable: true, initiallyDeferred: true }),
    },
    rendered: `await op.addPrimaryKey("users", { name: "users_pkey", columns: ["id"], deferrable: true, initiallyDeferred: true });`,
  },
  {
    title: "addUnique",
    op: {
      kind: "addConstraint",
      table: ref("users"),
      constraint: unique("u", ["a", "b"], { deferrable: true, initiallyDeferred: true }),
    },
    rendered: `await op.addUnique("users", { name: "u", columns: ["a", "b"], deferrable: true, initiallyDeferred: true });`,
  },
  {
    title: "addForeignKey",
    op: {
      kind: "addConstraint",
      table: ref("orders"),
      constraint: foreignKey("orders_user_fk", ["user_id"], "auth.users", ["id"], { onDelete: "CASCADE" }),
    },
    rendered:
      `await op.addForeignKey("orders", { name: "orders_user_fk", columns: ["user_id"], ` +
      `referencedTable: { schema: "auth", name: "users" }, referencedColumns: ["id"], onDelete: "CASCADE" });`,
  },
  {
    title: "addCheck",
    op: { kind: "addConstraint", table: ref("orders"), constraint: check("c", "CHECK ((total >= 0))") },
    rendered: `await op.addCheck("orders", { name: "c", definition: "CHECK ((total >= 0))" });`,
  },
  {
    title: "addExclusion",
    op: {
      kind: "addConstraint",
      table: ref("bookings"),
      constraint: exclusion("no_overlap", "EXCLUDE USING gist (room WITH =, during WITH &&)"),
    },
    rendered: `await op.addExclusion("bookings", { name: "no_overlap", definition: "EXCLUDE USING gist (room WITH =, during WITH &&)" });`,
  },
  {
    title: "dropConstraint",
    op: { kind: "dropConstraint", table: ref("orders"), name: "c", existing: check("c", "CHECK ((total >= 0))") },
    rendered: `await op.dropConstraint("orders", "c");`,
  },
  {
    title: "validateConstraint",
    op: { kind: "validateConstraint", table: ref("orders"), name: "c" },
    rendered: `await op.validateConstraint("orders", "c");`,
  },
  {
    title: "validateConstraint (what it validates)",
    op: { kind: "validateConstraint", table: ref("orders"), name: "c", existing: check("c", "CHECK ((total >= 0)) NOT VALID") },
    rendered: `await op.validateConstraint("orders", "c");`,
  },
  {
    title: "invalidateConstraint",
    op: {
      kind: "invalidateConstraint",
      table: ref("orders"),
      constraint: { ...foreignKey("orders_user_fk", ["user_id"], "users", ["id"]), notValid: true },
    },
    rendered: `await op.invalidateConstraint("orders", "orders_user_fk", { type: "foreignKey", columns: ["user_id"], referencedTable: "users", referencedColumns: ["id"], notValid: true });`,
  },
  {
    title: "createIndex",
    op: {
      kind: "createIndex",
      table: ref("users"),
      index: index("users_email_idx", ["lower((email)::text)", key("created_at", { descending: true })], {
        unique: true,
        include: ["id"],
        where: "(deleted_at IS NULL)",
        nullsNotDistinct: true,
      }),
      concurrently: true,
    },
    rendered:
      `await op.createIndex("users", { name: "users_email_idx", keys: ["lower((email)::text)", ` +
      `{ expression: "created_at", descending: true, nullsFirst: false }], unique: true, include: ["id"], ` +
      `where: "(deleted_at IS NULL)", nullsNotDistinct: true }, { concurrently: true });`,
  },
  {
    title: "createIndex (gin, opclass)",
    op: {
      kind: "createIndex",
      table: ref("docs"),
      index: index("docs_body_idx", [key("body", { opclass: "jsonb_path_ops" })], { method: "gin" }),
    },
    rendered: `await op.createIndex("docs", { name: "docs_body_idx", keys: [{ expression: "body", opclass: "jsonb_path_ops" }], method: "gin" });`,
  },
  {
    title: "createPartitionedIndex",
    op: {
      kind: "createPartitionedIndex",
      table: ref("events"),
      index: index("events_code_day_idx", ["code", key("day", { descending: true })], { unique: true, where: "(code IS NOT NULL)" }),
    },
    rendered:
      `await op.createPartitionedIndex("events", { name: "events_code_day_idx", keys: ["code", ` +
      `{ expression: "day", descending: true, nullsFirst: false }], unique: true, where: "(code IS NOT NULL)" });`,
  },
  {
    title: "createIndex (storage parameters)",
    op: {
      kind: "createIndex",
      table: ref("docs"),
      index: index("docs_body_idx", ["body"], { method: "gin", storageParameters: ["fastupdate=off", "gin_pending_list_limit=128"] }),
    },
    rendered: `await op.createIndex("docs", { name: "docs_body_idx", keys: ["body"], method: "gin", storageParameters: ["fastupdate=off", "gin_pending_list_limit=128"] });`,
  },
  {
    title: "createIndex (statistics targets)",
    op: {
      kind: "createIndex",
      table: ref("users"),
      index: index("users_lower_email_idx", ["id", "lower((email)::text)"], { statisticsTargets: { 2: 500 } }),
    },
    rendered: `await op.createIndex("users", { name: "users_lower_email_idx", keys: ["id", "lower((email)::text)"], statisticsTargets: { "2": 500 } });`,
  },
  {
    title: "dropIndex",
    op: { kind: "dropIndex", table: ref("users"), name: "users_email_idx", concurrently: true },
    rendered: `await op.dropIndex("users", "users_email_idx", { concurrently: true });`,
  },
  {
    title: "createView",
    op: {
      kind: "createView",
      view: {
        schema: "public",
        name: "active_users",
        materialized: false,
        definition: "SELECT users.id\n   FROM public.users",
        indexes: [],
      },
    },
    rendered: `await op.createView("active_users", { definition: "SELECT users.id\\n   FROM public.users" });`,
  },
  {
    title: "createView (materialized, other schema)",
    op: {
      kind: "createView",
      view: {
        schema: "audit",
        name: "daily",
        materialized: true,
        definition: "SELECT 1 AS one",
        indexes: [index("daily_one_idx", ["one"], { unique: true })],
      },
    },
    rendered:
      `await op.createView({ schema: "audit", name: "daily" }, { definition: "SELECT 1 AS one", materialized: true, ` +
      `indexes: [{ name: "daily_one_idx", keys: ["one"], unique: true }] });`,
  },
  {
    title: "createView (materialized, CLUSTER ON one of its indexes)",
    op: {
      kind: "createView",
      view: {
        schema: "public",
        name: "daily",
        materialized: true,
        definition: "SELECT 1 AS one",
        indexes: [index("daily_one_idx", ["one"])],
        clusterOn: "daily_one_idx",
      },
    },
    rendered:
      `await op.createView("daily", { definition: "SELECT 1 AS one", materialized: true, ` +
      `indexes: [{ name: "daily_one_idx", keys: ["one"] }], clusterOn: "daily_one_idx" });`,
  },
  {
    title: "createView (with options)",
    op: {
      kind: "createView",
      view: {
        schema: "public",
        name: "own_users",
        materialized: false,
        definition: "SELECT users.id\n   FROM public.users",
        indexes: [],
        options: ["check_option=local", "security_barrier=true"],
      },
    },
    rendered:
      `await op.createView("own_users", { definition: "SELECT users.id\\n   FROM public.users", ` +
      `options: ["check_option=local", "security_barrier=true"] });`,
  },
  {
    title: "dropView",
    op: {
      kind: "dropView",
      view: { schema: "audit", name: "daily" },
      materialized: true,
      existing: { schema: "audit", name: "daily", materialized: true, definition: "SELECT 1 AS one", indexes: [] },
    },
    rendered: `await op.dropView({ schema: "audit", name: "daily" }, { materialized: true });`,
  },
  {
    title: "dropView (materialized, clustered)",
    op: {
      kind: "dropView",
      view: { schema: "public", name: "daily" },
      materialized: true,
      existing: {
        schema: "public",
        name: "daily",
        materialized: true,
        definition: "SELECT 1 AS one",
        indexes: [index("daily_one_idx", ["one"])],
        clusterOn: "daily_one_idx",
      },
    },
    rendered: `await op.dropView("daily", { materialized: true });`,
  },
  {
    title: "execute",
    op: { kind: "execute", sql: "UPDATE users SET active = true" },
    rendered: `await op.execute("UPDATE users SET active = true");`,
  },
  {
    title: "execute (params, reverse)",
    op: {
      kind: "execute",
      sql: "UPDATE users SET n = $1, at = $2 WHERE tag = $3",
      params: [1.5, new Date("2026-01-02T03:04:05.000Z"), { a: [null, true], "b-c": 9007199254740993n }],
      reverseSql: null,
    },
    rendered:
      `await op.execute("UPDATE users SET n = $1, at = $2 WHERE tag = $3", [1.5, new Date("2026-01-02T03:04:05.000Z"), ` +
      `{ a: [null, true], "b-c": 9007199254740993n }], { reverseSql: null });`,
  },
  {
    title: "execute (reverse only)",
    op: { kind: "execute", sql: "SELECT 1", reverseSql: "SELECT 2" },
    rendered: `await op.execute("SELECT 1", null, { reverseSql: "SELECT 2" });`,
  },
  ...tableKindSamples,
  ...catalogSamples,
];

/** The op as the compact rendering rebuilds it: drops lose their `existing`. */
export function withoutDropExisting(op: Operation): Operation {
  const drops = [
    ...["dropExtension", "dropEnum", "dropSequence", "dropTable", "dropColumn", "dropConstraint", "dropIndex", "dropView", "validateConstraint"],
    ...["dropFunction", "dropTrigger", "dropRule", "dropStatistics", "dropPolicy", "dropCollation", "dropDomain", "dropCompositeType", "dropRangeType"],
    ...["dropPublication", "dropPublicationTable"],
  ];
  if (!drops.includes(op.kind) || !("existing" in op)) return op;
  const { existing: _, ...rest } = op as Operation & { existing?: unknown };
  return rest as Operation;
}
