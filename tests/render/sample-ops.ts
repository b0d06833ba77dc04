/**
 * One or more operations of every kind, in the canonical form the builders produce, with their expected
 * rendered statement (compact form: drops without `existing`).
 */
import type { ColumnDef, TableDef } from "../../src/model/schema-model";
import type { Operation } from "../../src/ops/operation";

const pub = (name: string) => ({ schema: "public", name });

export function column(name: string, type: string, extra: Partial<ColumnDef> = {}): ColumnDef {
  return {
    name,
    type,
    nullable: true,
    default: null,
    identity: null,
    generated: null,
    collation: null,
    comment: null,
    ...extra,
  };
}

export const usersTable: TableDef = {
  schema: "public",
  name: "users",
  comment: "People who log in",
  columns: [
    column("id", "integer", { nullable: false, identity: { kind: "identity", generation: "BY DEFAULT" } }),
    column("email", "character varying(255)", { nullable: false, collation: "C" }),
    column("status", "public.user_status", { default: "'active'::public.user_status", comment: "it's" }),
    column("search", "tsvector", { generated: "to_tsvector('simple'::regconfig, (email)::text)" }),
  ],
  primaryKey: { type: "primaryKey", name: "users_pkey", columns: ["id"], deferrable: false, initiallyDeferred: false },
  uniques: [{ type: "unique", name: "users_email_key", columns: ["email"], deferrable: true, initiallyDeferred: false }],
  foreignKeys: [],
  checks: [{ type: "check", name: "users_email_check", definition: "CHECK ((email)::text <> ''::text)" }],
  exclusions: [],
  indexes: [],
};

export interface Sample {
  readonly title: string;
  readonly op: Operation;
  readonly rendered: string;
}

export const samples: readonly Sample[] = [
  { title: "createSchema", op: { kind: "createSchema", schema: "audit" }, rendered: `await op.createSchema("audit");` },
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
      enum: pub("user_status"),
      from: ["active", "banned"],
      to: ["active"],
      usages: [
        { table: pub("users"), column: "status", default: "'active'::public.user_status", array: false },
        { table: { schema: "audit", name: "log" }, column: "statuses", default: null, array: true },
      ],
    },
    rendered:
      `await op.alterEnum("user_status", { from: ["active", "banned"], to: ["active"], usages: [` +
      `{ table: "users", column: "status", default: "'active'::public.user_status" }, ` +
      `{ table: { schema: "audit", name: "log" }, column: "statuses", array: true }] });`,
  },
  {
    title: "createSequence (defaults)",
    op: {
      kind: "createSequence",
      sequence: {
        ...pub("order_seq"),
        dataType: "bigint",
        start: "1",
        increment: "1",
        minValue: "1",
        maxValue: "9223372036854775807",
        cache: "1",
        cycle: false,
        ownedBy: null,
      },
    },
    rendered: `await op.createSequence("order_seq");`,
  },
  {
    title: "createSequence (descending integer, owned)",
    op: {
      kind: "createSequence",
      sequence: {
        ...pub("countdown"),
        dataType: "integer",
        start: "-10",
        increment: "-2",
        minValue: "-2147483648",
        maxValue: "-1",
        cache: "20",
        cycle: true,
        ownedBy: { table: pub("users"), column: "id" },
      },
    },
    rendered:
      `await op.createSequence("countdown", { dataType: "integer", start: -10, increment: -2, cache: 20, ` +
      `cycle: true, ownedBy: { table: "users", column: "id" } });`,
  },
  {
    title: "dropSequence",
    op: { kind: "dropSequence", sequence: pub("order_seq") },
    rendered: `await op.dropSequence("order_seq");`,
  },
  {
    title: "alterSequence",
    op: {
      kind: "alterSequence",
      from: { ...pub("s"), dataType: "bigint", start: "1", increment: "1", minValue: "1", maxValue: "9223372036854775807", cache: "1", cycle: false, ownedBy: null },
      to: { ...pub("s"), dataType: "bigint", start: "100", increment: "1", minValue: "1", maxValue: "9223372036854775806", cache: "1", cycle: false, ownedBy: null },
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
      table: { schema: "audit", name: "log", comment: null, columns: [column("at", "timestamp with time zone", { default: "now()" })], primaryKey: null, uniques: [], foreignKeys: [], checks: [], exclusions: [], indexes: [] },
    },
    rendered: `await op.createTable({ schema: "audit", name: "log" }, { columns: [{ name: "at", type: "timestamp with time zone", default: "now()" }] });`,
  },
  {
    title: "dropTable",
    op: { kind: "dropTable", table: pub("users"), existing: usersTable },
    rendered: `await op.dropTable("users");`,
  },
  {
    title: "setTableComment",
    op: { kind: "setTableComment", table: pub("users"), comment: null, existing: "People" },
    rendered: `await op.setTableComment("users", null, { existing: "People" });`,
  },
  {
    title: "renameTable",
    op: { kind: "renameTable", table: pub("people"), to: "users" },
    rendered: `await op.renameTable("people", "users");`,
  },
  {
    title: "addColumn",
    op: { kind: "addColumn", table: pub("memories"), column: column("task_id", "character varying") },
    rendered: `await op.addColumn("memories", { name: "task_id", type: "character varying" });`,
  },
  {
    title: "addColumn (serial)",
    op: { kind: "addColumn", table: pub("memories"), column: column("n", "integer", { nullable: false, identity: { kind: "serial" } }) },
    rendered: `await op.addColumn("memories", { name: "n", type: "integer", nullable: false, identity: { kind: "serial" } });`,
  },
  {
    title: "dropColumn",
    op: { kind: "dropColumn", table: pub("memories"), column: "task_id", existing: column("task_id", "text") },
    rendered: `await op.dropColumn("memories", "task_id");`,
  },
  {
    title: "alterColumn",
    op: {
      kind: "alterColumn",
      table: pub("orders"),
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
    op: { kind: "alterColumn", table: pub("orders"), column: "note", changes: { comment: "x", identity: null } },
    rendered: `await op.alterColumn("orders", "note", { identity: null, comment: "x" });`,
  },
  {
    title: "renameColumn",
    op: { kind: "renameColumn", table: pub("users"), from: "mail", to: "email" },
    rendered: `await op.renameColumn("users", "mail", "email");`,
  },
  {
    title: "addPrimaryKey",
    op: { kind: "addConstraint", table: pub("users"), constraint: { type: "primaryKey", name: "users_pkey", columns: ["id"], deferrable: false, initiallyDeferred: false } },
    rendered: `await op.addPrimaryKey("users", { name: "users_pkey", columns: ["id"] });`,
  },
  {
    title: "addPrimaryKey (deferrable)",
    op: {
      kind: "addConstraint",
      table: pub("users"),
      constraint: { type: "primaryKey", name: "users_pkey", columns: ["id"], deferrable: true, initiallyDeferred: true },
    },
    rendered: `await op.addPrimaryKey("users", { name: "users_pkey", columns: ["id"], deferrable: true, initiallyDeferred: true });`,
  },
  {
    title: "addUnique",
    op: {
      kind: "addConstraint",
      table: pub("users"),
      constraint: { type: "unique", name: "u", columns: ["a", "b"], deferrable: true, initiallyDeferred: true },
    },
    rendered: `await op.addUnique("users", { name: "u", columns: ["a", "b"], deferrable: true, initiallyDeferred: true });`,
  },
  {
    title: "addForeignKey",
    op: {
      kind: "addConstraint",
      table: pub("orders"),
      constraint: {
        type: "foreignKey",
        name: "orders_user_fk",
        columns: ["user_id"],
        referencedTable: { schema: "auth", name: "users" },
        referencedColumns: ["id"],
        onDelete: "CASCADE",
        onUpdate: "NO ACTION",
        deferrable: false,
        initiallyDeferred: false,
      },
    },
    rendered:
      `await op.addForeignKey("orders", { name: "orders_user_fk", columns: ["user_id"], ` +
      `referencedTable: { schema: "auth", name: "users" }, referencedColumns: ["id"], onDelete: "CASCADE" });`,
  },
  {
    title: "addCheck",
    op: { kind: "addConstraint", table: pub("orders"), constraint: { type: "check", name: "c", definition: "CHECK ((total >= 0))" } },
    rendered: `await op.addCheck("orders", { name: "c", definition: "CHECK ((total >= 0))" });`,
  },
  {
    title: "addExclusion",
    op: {
      kind: "addConstraint",
      table: pub("bookings"),
      constraint: { type: "exclusion", name: "no_overlap", definition: "EXCLUDE USING gist (room WITH =, during WITH &&)" },
    },
    rendered: `await op.addExclusion("bookings", { name: "no_overlap", definition: "EXCLUDE USING gist (room WITH =, during WITH &&)" });`,
  },
  {
    title: "dropConstraint",
    op: { kind: "dropConstraint", table: pub("orders"), name: "c", existing: { type: "check", name: "c", definition: "CHECK ((total >= 0))" } },
    rendered: `await op.dropConstraint("orders", "c");`,
  },
  {
    title: "createIndex",
    op: {
      kind: "createIndex",
      table: pub("users"),
      index: {
        name: "users_email_idx",
        unique: true,
        method: "btree",
        keys: [
          { expression: "lower((email)::text)", descending: false, nullsFirst: false, opclass: null, collation: null },
          { expression: "created_at", descending: true, nullsFirst: false, opclass: null, collation: null },
        ],
        include: ["id"],
        where: "(deleted_at IS NULL)",
        nullsNotDistinct: true,
      },
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
      table: pub("docs"),
      index: {
        name: "docs_body_idx",
        unique: false,
        method: "gin",
        keys: [{ expression: "body", descending: false, nullsFirst: false, opclass: "jsonb_path_ops", collation: null }],
        include: [],
        where: null,
        nullsNotDistinct: false,
      },
    },
    rendered: `await op.createIndex("docs", { name: "docs_body_idx", keys: [{ expression: "body", opclass: "jsonb_path_ops" }], method: "gin" });`,
  },
  {
    title: "dropIndex",
    op: { kind: "dropIndex", table: pub("users"), name: "users_email_idx", concurrently: true },
    rendered: `await op.dropIndex("users", "users_email_idx", { concurrently: true });`,
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
];

/** The op as the compact rendering rebuilds it: drops lose their `existing`. */
export function withoutDropExisting(op: Operation): Operation {
  const drops = ["dropExtension", "dropEnum", "dropSequence", "dropTable", "dropColumn", "dropConstraint", "dropIndex"];
  if (!drops.includes(op.kind) || !("existing" in op)) return op;
  const { existing: _, ...rest } = op as Operation & { existing?: unknown };
  return rest as Operation;
}
