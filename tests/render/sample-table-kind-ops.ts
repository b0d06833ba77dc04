/**
 * Samples of the domain, composite type, range type, partition, inheritance, storage and table identity ops, and of the new fields of
 * the older ops (partitioned and child tables, identity options, NOT VALID, NULLS NOT DISTINCT, ONLY,
 * enum value maps, tablespaces), with their expected rendered statement (compact form).
 */
import type { DomainDef, RangeTypeDef } from "../../src/model/schema-model";
import type { Sample } from "./sample-ops";
import { column, exclusion, foreignKey, index, primaryKey, table, unique, view } from "../support/model-builders";

const positive: DomainDef = {
  schema: "public",
  name: "positive",
  type: "integer",
  collation: null,
  default: "1",
  notNull: true,
  checks: [{ name: "positive_check", definition: "CHECK ((VALUE > 0))" }],
};

const floatrange: RangeTypeDef = {
  schema: "public",
  name: "floatrange",
  subtype: "double precision",
  opclass: null,
  collation: null,
  canonical: null,
  subtypeDiff: "float8mi",
  multirange: null,
};

export const tableKindSamples: readonly Sample[] = [
  {
    title: "createDomain",
    op: { kind: "createDomain", domain: positive },
    rendered:
      `await op.createDomain("positive", { type: "integer", default: "1", notNull: true, ` +
      `checks: [{ name: "positive_check", definition: "CHECK ((VALUE > 0))" }] });`,
  },
  {
    title: "dropDomain",
    op: { kind: "dropDomain", domain: { schema: "audit", name: "code" } },
    rendered: `await op.dropDomain({ schema: "audit", name: "code" });`,
  },
  {
    title: "alterDomain",
    op: { kind: "alterDomain", from: positive, to: { ...positive, default: null, collation: null, checks: [] } },
    rendered:
      `await op.alterDomain("positive", { from: { type: "integer", default: "1", notNull: true, ` +
      `checks: [{ name: "positive_check", definition: "CHECK ((VALUE > 0))" }] }, to: { type: "integer", notNull: true } });`,
  },
  {
    title: "alterDomain with a new base type and the columns it re-casts",
    op: {
      kind: "alterDomain",
      from: positive,
      to: { ...positive, type: "bigint" },
      usages: [
        { table: { schema: "public", name: "t" }, column: "n", default: "7", array: false },
        { table: { schema: "audit", name: "u" }, column: "ns", default: null, array: true },
      ],
    },
    rendered:
      `await op.alterDomain("positive", { from: { type: "integer", default: "1", notNull: true, ` +
      `checks: [{ name: "positive_check", definition: "CHECK ((VALUE > 0))" }] }, to: { type: "bigint", default: "1", notNull: true, ` +
      `checks: [{ name: "positive_check", definition: "CHECK ((VALUE > 0))" }] }, usages: [{ table: "t", column: "n", default: "7" }, ` +
      `{ table: { schema: "audit", name: "u" }, column: "ns", array: true }] });`,
  },
  {
    title: "alterDomain with a new base type and a range type over it",
    op: {
      kind: "alterDomain",
      from: positive,
      to: { ...positive, type: "bigint" },
      ranges: [
        {
          range: { schema: "public", name: "spans", subtype: "public.positive", opclass: null, collation: null, canonical: null, subtypeDiff: null, multirange: null },
          usages: [{ table: { schema: "public", name: "t" }, column: "s", default: "public.spans(1, 2)", array: false }],
        },
      ],
    },
    rendered:
      `await op.alterDomain("positive", { from: { type: "integer", default: "1", notNull: true, ` +
      `checks: [{ name: "positive_check", definition: "CHECK ((VALUE > 0))" }] }, to: { type: "bigint", default: "1", notNull: true, ` +
      `checks: [{ name: "positive_check", definition: "CHECK ((VALUE > 0))" }] }, ranges: [{ name: "spans", spec: { subtype: "public.positive" }, ` +
      `usages: [{ table: "t", column: "s", default: "public.spans(1, 2)" }] }] });`,
  },
  {
    title: "alterDomain with a range type over it whose composite types' attributes are retyped",
    op: {
      kind: "alterDomain",
      from: positive,
      to: { ...positive, type: "bigint" },
      ranges: [
        {
          range: { schema: "public", name: "spans", subtype: "public.positive", opclass: null, collation: null, canonical: null, subtypeDiff: null, multirange: null },
          usages: [],
          attributes: [
            { type: { schema: "public", name: "pair" }, attribute: "s", array: false },
            { type: { schema: "audit", name: "pair" }, attribute: "ms", array: true, multirange: true },
          ],
        },
      ],
    },
    rendered:
      `await op.alterDomain("positive", { from: { type: "integer", default: "1", notNull: true, ` +
      `checks: [{ name: "positive_check", definition: "CHECK ((VALUE > 0))" }] }, to: { type: "bigint", default: "1", notNull: true, ` +
      `checks: [{ name: "positive_check", definition: "CHECK ((VALUE > 0))" }] }, ranges: [{ name: "spans", spec: { subtype: "public.positive" }, ` +
      `attributes: [{ type: "pair", attribute: "s" }, { type: { schema: "audit", name: "pair" }, attribute: "ms", array: true, multirange: true }] }] });`,
  },
  {
    title: "alterDomain with a range type over it and its subtype_diff function",
    op: {
      kind: "alterDomain",
      from: positive,
      to: { ...positive, type: "bigint" },
      ranges: [
        {
          range: { schema: "public", name: "spans", subtype: "public.positive", opclass: null, collation: null, canonical: null, subtypeDiff: "public.pdiff", multirange: null },
          usages: [],
          subtypeDiff: {
            schema: "public",
            name: "pdiff",
            kind: "function",
            arguments: "a public.positive, b public.positive",
            signature: "a public.positive, b public.positive",
            returns: "double precision",
            definition: "CREATE OR REPLACE FUNCTION public.pdiff(a public.positive, b public.positive)\n RETURNS double precision\n LANGUAGE sql\nRETURN (b - a)",
          },
        },
      ],
    },
    rendered:
      `await op.alterDomain("positive", { from: { type: "integer", default: "1", notNull: true, ` +
      `checks: [{ name: "positive_check", definition: "CHECK ((VALUE > 0))" }] }, to: { type: "bigint", default: "1", notNull: true, ` +
      `checks: [{ name: "positive_check", definition: "CHECK ((VALUE > 0))" }] }, ranges: [{ name: "spans", spec: { subtype: "public.positive", subtypeDiff: "public.pdiff" }, ` +
      `subtypeDiff: { name: "pdiff", spec: { arguments: "a public.positive, b public.positive", definition: "CREATE OR REPLACE FUNCTION public.pdiff(a public.positive, b public.positive)\\n RETURNS double precision\\n LANGUAGE sql\\nRETURN (b - a)", ` +
      `returns: "double precision" } } }] });`,
  },
  {
    title: "createCompositeType",
    op: {
      kind: "createCompositeType",
      type: {
        schema: "public",
        name: "money_amount",
        attributes: [
          { name: "amount", type: "numeric(12,2)", collation: null },
          { name: "note", type: "text", collation: '"C"' },
        ],
      },
    },
    rendered:
      `await op.createCompositeType("money_amount", [{ name: "amount", type: "numeric(12,2)" }, ` +
      `{ name: "note", type: "text", collation: "\\"C\\"" }]);`,
  },
  {
    title: "dropCompositeType",
    op: { kind: "dropCompositeType", type: { schema: "public", name: "money_amount" } },
    rendered: `await op.dropCompositeType("money_amount");`,
  },
  {
    title: "alterCompositeType rebuilt under the columns it re-casts",
    op: {
      kind: "alterCompositeType",
      from: { schema: "public", name: "pair", attributes: [{ name: "a", type: "integer", collation: null }] },
      to: { schema: "public", name: "pair", attributes: [{ name: "a", type: "bigint", collation: null }] },
      usages: [{ table: { schema: "public", name: "t" }, column: "p", default: null, array: false }],
    },
    rendered:
      `await op.alterCompositeType("pair", { from: [{ name: "a", type: "integer" }], to: [{ name: "a", type: "bigint" }], ` +
      `usages: [{ table: "t", column: "p" }] });`,
  },
  {
    title: "alterCompositeType rebuilt under a column with storage and compression (set again after the re-cast)",
    op: {
      kind: "alterCompositeType",
      from: { schema: "public", name: "pair", attributes: [{ name: "a", type: "integer", collation: null }] },
      to: { schema: "public", name: "pair", attributes: [{ name: "a", type: "bigint", collation: null }] },
      usages: [
        {
          table: { schema: "public", name: "t" },
          column: "p",
          default: null,
          array: false,
          settings: { storage: { mode: "MAIN", typeDefault: "EXTENDED" }, compression: "lz4" },
          descendants: [{ table: { schema: "public", name: "t_child" }, settings: { compression: "pglz" } }],
        },
      ],
    },
    rendered:
      `await op.alterCompositeType("pair", { from: [{ name: "a", type: "integer" }], to: [{ name: "a", type: "bigint" }], ` +
      `usages: [{ table: "t", column: "p", settings: { storage: { mode: "MAIN", typeDefault: "EXTENDED" }, compression: "lz4" }, ` +
      `descendants: [{ table: "t_child", settings: { compression: "pglz" } }] }] });`,
  },
  {
    title: "alterCompositeType",
    op: {
      kind: "alterCompositeType",
      from: { schema: "public", name: "pair", attributes: [{ name: "a", type: "integer", collation: null }] },
      to: { schema: "public", name: "pair", attributes: [{ name: "b", type: "text", collation: null }] },
    },
    rendered:
      `await op.alterCompositeType("pair", { from: [{ name: "a", type: "integer" }], to: [{ name: "b", type: "text" }] });`,
  },
  {
    title: "createRangeType",
    op: { kind: "createRangeType", type: floatrange },
    rendered: `await op.createRangeType("floatrange", { subtype: "double precision", subtypeDiff: "float8mi" });`,
  },
  {
    title: "dropRangeType",
    op: { kind: "dropRangeType", type: { schema: "audit", name: "period" }, existing: { ...floatrange, schema: "audit", name: "period" } },
    rendered: `await op.dropRangeType({ schema: "audit", name: "period" });`,
  },
  {
    title: "alterRangeType",
    op: {
      kind: "alterRangeType",
      from: floatrange,
      to: { ...floatrange, subtype: "text", subtypeDiff: null, opclass: "text_pattern_ops", collation: '"C"', multirange: "public.floatranges" },
    },
    rendered:
      `await op.alterRangeType("floatrange", { from: { subtype: "double precision", subtypeDiff: "float8mi" }, to: { subtype: "text", ` +
      `opclass: "text_pattern_ops", collation: "\\"C\\"", multirange: "public.floatranges" } });`,
  },
  {
    title: "attachPartition",
    op: {
      kind: "attachPartition",
      table: { schema: "public", name: "m2006" },
      parent: { schema: "public", name: "measurement" },
      bound: "FOR VALUES FROM ('2006-01-01') TO ('2007-01-01')",
    },
    rendered: `await op.attachPartition("m2006", "measurement", "FOR VALUES FROM ('2006-01-01') TO ('2007-01-01')");`,
  },
  {
    title: "detachPartition",
    op: {
      kind: "detachPartition",
      table: { schema: "public", name: "m2006" },
      parent: { schema: "public", name: "measurement" },
      existing: { bound: "DEFAULT" },
    },
    rendered: `await op.detachPartition("m2006", "measurement", { existing: { bound: "DEFAULT" } });`,
  },
  {
    title: "attachPartition of a table that stood alone",
    op: {
      kind: "attachPartition",
      table: { schema: "public", name: "m2006" },
      parent: { schema: "public", name: "measurement" },
      bound: "DEFAULT",
      standalone: true,
    },
    rendered: `await op.attachPartition("m2006", "measurement", "DEFAULT", { standalone: true });`,
  },
  {
    title: "detachPartition of a table that stands alone after",
    op: {
      kind: "detachPartition",
      table: { schema: "public", name: "m2006" },
      parent: { schema: "public", name: "measurement" },
      existing: { bound: "DEFAULT" },
      standalone: true,
    },
    rendered: `await op.detachPartition("m2006", "measurement", { existing: { bound: "DEFAULT" }, standalone: true });`,
  },
  {
    title: "addInheritance",
    op: { kind: "addInheritance", table: { schema: "public", name: "child" }, parent: { schema: "audit", name: "base" } },
    rendered: `await op.addInheritance("child", { schema: "audit", name: "base" });`,
  },
  {
    title: "dropInheritance",
    op: { kind: "dropInheritance", table: { schema: "public", name: "child" }, parent: { schema: "public", name: "base" } },
    rendered: `await op.dropInheritance("child", "base");`,
  },
  {
    title: "alterTableStorage",
    op: {
      kind: "alterTableStorage",
      table: { schema: "public", name: "events" },
      from: { unlogged: false, storageParameters: [] },
      to: { unlogged: true, storageParameters: ["fillfactor=70"] },
    },
    rendered: `await op.alterTableStorage("events", { from: {}, to: { unlogged: true, storageParameters: ["fillfactor=70"] } });`,
  },
  {
    title: "alterReplicaIdentity",
    op: { kind: "alterReplicaIdentity", table: { schema: "public", name: "orders" }, from: "default", to: { index: "orders_code_key" } },
    rendered: `await op.alterReplicaIdentity("orders", { from: "default", to: { index: "orders_code_key" } });`,
  },
  {
    title: "alterReplicaIdentity to DEFAULT",
    op: { kind: "alterReplicaIdentity", table: { schema: "audit", name: "log" }, from: "full", to: "default" },
    rendered: `await op.alterReplicaIdentity({ schema: "audit", name: "log" }, { from: "full", to: "default" });`,
  },
  {
    title: "alterClusterOn",
    op: { kind: "alterClusterOn", table: { schema: "public", name: "orders" }, from: null, to: "orders_created_idx" },
    rendered: `await op.alterClusterOn("orders", { from: null, to: "orders_created_idx" });`,
  },
  {
    title: "alterTableOf",
    op: { kind: "alterTableOf", table: { schema: "public", name: "people" }, from: null, to: { schema: "public", name: "person" } },
    rendered: `await op.alterTableOf("people", { from: null, to: "person" });`,
  },
  {
    title: "alterTableOf to NOT OF",
    op: { kind: "alterTableOf", table: { schema: "hr", name: "people" }, from: { schema: "hr", name: "person" }, to: null },
    rendered: `await op.alterTableOf({ schema: "hr", name: "people" }, { from: { schema: "hr", name: "person" }, to: null });`,
  },
  {
    title: "createTable (partition of, sub-partitioned, unlogged, storage)",
    op: {
      kind: "createTable",
      table: table("m2007", [column("logdate", "date", { nullable: false, inherited: true })], {
        partitionBy: "LIST (city_id)",
        partitionOf: { parent: { schema: "public", name: "measurement" }, bound: "DEFAULT" },
        unlogged: true,
        storageParameters: ["fillfactor=70"],
      }),
    },
    rendered:
      `await op.createTable("m2007", { columns: [{ name: "logdate", type: "date", nullable: false, inherited: true }], ` +
      `partitionBy: "LIST (city_id)", partitionOf: { parent: "measurement", bound: "DEFAULT" }, unlogged: true, ` +
      `storageParameters: ["fillfactor=70"] });`,
  },
  {
    title: "createTable (created again for a new key, keeping its columns' sequences)",
    op: {
      kind: "createTable",
      table: table(
        "m",
        [
          column("id", "integer", { nullable: false, identity: { kind: "serial" } }),
          column("k", "bigint", { nullable: false, identity: { kind: "identity", generation: "ALWAYS" } }),
          column("at", "date"),
        ],
        { partitionBy: "RANGE (at, id)" },
      ),
      keepSequences: ["id"],
      continueSequences: ["k"],
    },
    rendered:
      `await op.createTable("m", { columns: [{ name: "id", type: "integer", nullable: false, identity: { kind: "serial" } }, ` +
      `{ name: "k", type: "bigint", nullable: false, identity: { kind: "identity", generation: "ALWAYS" } }, ` +
      `{ name: "at", type: "date" }], partitionBy: "RANGE (at, id)" }, { keepSequences: ["id"], continueSequences: ["k"] });`,
  },
  {
    title: "dropTable (to be created again, keeping its columns' sequences)",
    op: { kind: "dropTable", table: { schema: "public", name: "m" }, keepSequences: ["id", "n"], continueSequences: ["k"] },
    rendered: `await op.dropTable("m", { keepSequences: ["id", "n"], continueSequences: ["k"] });`,
  },
  {
    title: "createTable (typed by a composite type)",
    op: {
      kind: "createTable",
      table: table("people", [column("id", "integer"), column("name", "text")], { ofType: { schema: "hr", name: "person" } }),
    },
    rendered:
      `await op.createTable("people", { columns: [{ name: "id", type: "integer" }, { name: "name", type: "text" }], ` +
      `ofType: { schema: "hr", name: "person" } });`,
  },
  {
    title: "createTable (inherits, identity options, NULLS NOT DISTINCT)",
    op: {
      kind: "createTable",
      table: table(
        "child",
        [
          column("id", "integer", {
            nullable: false,
            identity: { kind: "identity", generation: "ALWAYS", options: { start: "100", cycle: true } },
          }),
        ],
        {
          uniques: [{ ...unique("child_id_key", ["id"]), nullsNotDistinct: true }],
          inherits: [{ schema: "public", name: "base" }],
        },
      ),
    },
    rendered:
      `await op.createTable("child", { columns: [{ name: "id", type: "integer", nullable: false, identity: ` +
      `{ kind: "identity", generation: "ALWAYS", options: { start: "100", cycle: true } } }], ` +
      `uniques: [{ name: "child_id_key", columns: ["id"], nullsNotDistinct: true }], inherits: ["base"] });`,
  },
  {
    title: "createTable (identity with its sequence named)",
    op: {
      kind: "createTable",
      table: table("tickets", [
        column("id", "integer", { nullable: false, identity: { kind: "identity", generation: "BY DEFAULT", sequence: "ticket_numbers" } }),
      ]),
    },
    rendered:
      `await op.createTable("tickets", { columns: [{ name: "id", type: "integer", nullable: false, identity: ` +
      `{ kind: "identity", generation: "BY DEFAULT", sequence: "ticket_numbers" } }] });`,
  },
  {
    title: "addForeignKey (NOT VALID)",
    op: {
      kind: "addConstraint",
      table: { schema: "public", name: "orders" },
      constraint: { ...foreignKey("orders_user", ["user_id"], "users", ["id"]), notValid: true },
    },
    rendered: `await op.addForeignKey("orders", { name: "orders_user", columns: ["user_id"], referencedTable: "users", referencedColumns: ["id"], notValid: true });`,
  },
  {
    title: "dropColumn (only)",
    op: { kind: "dropColumn", table: { schema: "public", name: "base" }, column: "e", only: true },
    rendered: `await op.dropColumn("base", "e", { only: true });`,
  },
  {
    title: "alterColumn (only)",
    op: {
      kind: "alterColumn",
      table: { schema: "public", name: "base" },
      column: "e",
      changes: { default: "2" },
      existing: column("e", "integer"),
      only: true,
    },
    rendered: `await op.alterColumn("base", "e", { default: "2" }, { existing: { type: "integer" }, only: true });`,
  },
  {
    title: "alterColumn (NOT NULL without filling NULLs)",
    op: {
      kind: "alterColumn",
      table: { schema: "public", name: "base" },
      column: "e",
      changes: { nullable: false },
      existing: column("e", "integer", { default: "2" }),
      fillNulls: false,
    },
    rendered: `await op.alterColumn("base", "e", { nullable: false }, { existing: { type: "integer", default: "2" }, fillNulls: false });`,
  },
  {
    title: "alterEnum (value map)",
    op: {
      kind: "alterEnum",
      enum: { schema: "public", name: "status" },
      from: ["open", "cancelled", "closed"],
      to: ["open", "closed"],
      usages: [],
      valueMap: { cancelled: "closed" },
    },
    rendered:
      `await op.alterEnum("status", { from: ["open", "cancelled", "closed"], to: ["open", "closed"], ` +
      `valueMap: { cancelled: "closed" } });`,
  },
  {
    title: "alterEnum (composite attributes retyped with the rebuild)",
    op: {
      kind: "alterEnum",
      enum: { schema: "public", name: "status" },
      from: ["open", "closed"],
      to: ["open"],
      usages: [],
      attributes: [
        { type: { schema: "public", name: "pair" }, attribute: "s", array: false },
        { type: { schema: "audit", name: "log" }, attribute: "history", array: true },
      ],
    },
    rendered:
      `await op.alterEnum("status", { from: ["open", "closed"], to: ["open"], attributes: [{ type: "pair", attribute: "s" }, ` +
      `{ type: { schema: "audit", name: "log" }, attribute: "history", array: true }] });`,
  },
  {
    title: "alterEnum (an appended label, the columns of a composite type with an attribute of it held as text by the downgrade)",
    op: {
      kind: "alterEnum",
      enum: { schema: "public", name: "status" },
      from: ["open"],
      to: ["open", "closed"],
      usages: [],
      attributes: [
        {
          type: { schema: "public", name: "pair" },
          attribute: "s",
          array: false,
          usages: [
            { table: { schema: "public", name: "t" }, column: "v", default: "ROW(1, 'open'::status)::pair", array: false },
            { table: { schema: "public", name: "t" }, column: "vs", default: null, array: true },
          ],
        },
      ],
    },
    rendered:
      `await op.alterEnum("status", { from: ["open"], to: ["open", "closed"], attributes: [{ type: "pair", attribute: "s", usages: [` +
      `{ table: "t", column: "v", default: "ROW(1, 'open'::status)::pair" }, { table: "t", column: "vs", array: true }] }] });`,
  },
  {
    title: "alterEnum (domains rebuilt with it)",
    op: {
      kind: "alterEnum",
      enum: { schema: "public", name: "status" },
      from: ["open", "closed"],
      to: ["open"],
      usages: [],
      domains: [
        {
          domain: { schema: "public", name: "status_nn", type: "public.status", collation: null, default: "'open'::public.status", notNull: true, checks: [] },
          usages: [{ table: { schema: "public", name: "t" }, column: "s", default: null, array: true }],
        },
      ],
    },
    rendered:
      `await op.alterEnum("status", { from: ["open", "closed"], to: ["open"], domains: [{ name: "status_nn", ` +
      `spec: { type: "public.status", default: "'open'::public.status", notNull: true }, usages: [{ table: "t", column: "s", array: true }] }] });`,
  },
  {
    title: "createTable (tablespaces of the table and of its keys' indexes)",
    op: {
      kind: "createTable",
      table: table("slots", [column("id", "integer", { nullable: false }), column("r", "int4range")], {
        primaryKey: primaryKey("slots_pkey", ["id"], { tablespace: "fast" }),
        uniques: [unique("slots_r_key", ["r"], { tablespace: "fast" })],
        exclusions: [exclusion("slots_r_excl", "EXCLUDE USING gist (r WITH &&)", { tablespace: "fast" })],
        tablespace: "slow",
      }),
    },
    rendered:
      `await op.createTable("slots", { columns: [{ name: "id", type: "integer", nullable: false }, { name: "r", type: "int4range" }], ` +
      `primaryKey: { name: "slots_pkey", columns: ["id"], tablespace: "fast" }, uniques: [{ name: "slots_r_key", columns: ["r"], tablespace: "fast" }], ` +
      `exclusions: [{ name: "slots_r_excl", definition: "EXCLUDE USING gist (r WITH &&)", tablespace: "fast" }], tablespace: "slow" });`,
  },
  {
    title: "createIndex (tablespace)",
    op: { kind: "createIndex", table: { schema: "public", name: "slots" }, index: index("slots_id_idx", ["id"], { tablespace: "fast" }) },
    rendered: `await op.createIndex("slots", { name: "slots_id_idx", keys: ["id"], tablespace: "fast" });`,
  },
  {
    title: "addExclusion (tablespace)",
    op: {
      kind: "addConstraint",
      table: { schema: "public", name: "slots" },
      constraint: exclusion("slots_r_excl", "EXCLUDE USING gist (r WITH &&)", { tablespace: "fast" }),
    },
    rendered: `await op.addExclusion("slots", { name: "slots_r_excl", definition: "EXCLUDE USING gist (r WITH &&)", tablespace: "fast" });`,
  },
  {
    title: "createView (materialized, tablespaces)",
    op: {
      kind: "createView",
      view: view("totals", "SELECT 1 AS one", { materialized: true, indexes: [index("totals_one", ["one"], { tablespace: "fast" })], tablespace: "slow" }),
    },
    rendered:
      `await op.createView("totals", { definition: "SELECT 1 AS one", materialized: true, ` +
      `indexes: [{ name: "totals_one", keys: ["one"], tablespace: "fast" }], tablespace: "slow" });`,
  },
  {
    title: "dropView (materialized, tablespace)",
    op: {
      kind: "dropView",
      view: { schema: "public", name: "totals" },
      materialized: true,
      existing: view("totals", "SELECT 1 AS one", { materialized: true, tablespace: "slow" }),
    },
    // The compact form leaves `existing` out; the round trip renders it (tests/render/round-trip.test.ts).
    rendered: `await op.dropView("totals", { materialized: true });`,
  },
];
