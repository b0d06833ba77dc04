/**
 * Operations on catalog objects (functions, triggers, policies, row security, privileges, comments,
 * collations), in the canonical form the builders produce, with their expected rendered statement.
 */
import type { FunctionDef, PolicyDef, RuleDef, StatisticsDef, TriggerDef } from "../../src/model/catalog-objects";
import type { Sample } from "./sample-ops";

export const touch: FunctionDef = {
  schema: "public",
  name: "touch",
  kind: "function",
  arguments: "",
  signature: "",
  returns: "trigger",
  definition: "CREATE OR REPLACE FUNCTION public.touch()\n RETURNS trigger\n LANGUAGE plpgsql\nAS $function$ BEGIN RETURN NEW; END $function$",
};
const area: FunctionDef = {
  schema: "geo",
  name: "area",
  kind: "function",
  arguments: "w integer, h integer",
  signature: "w integer, h integer DEFAULT 1",
  returns: "integer",
  definition: "CREATE OR REPLACE FUNCTION geo.area(w integer, h integer DEFAULT 1)\n RETURNS integer\n LANGUAGE sql\nRETURN (w * h)",
};
const bump: FunctionDef = {
  schema: "public",
  name: "bump",
  kind: "procedure",
  arguments: "INOUT n integer",
  signature: "INOUT n integer",
  returns: null,
  definition: "CREATE OR REPLACE PROCEDURE public.bump(INOUT n integer)\n LANGUAGE sql\nBEGIN ATOMIC\n SELECT (n + 1);\nEND",
};
const nth: FunctionDef = {
  schema: "public",
  name: "nth",
  kind: "aggregate",
  arguments: "n integer ORDER BY double precision",
  signature: "n integer ORDER BY double precision",
  returns: "double precision",
  definition:
    "CREATE OR REPLACE AGGREGATE public.nth(n integer ORDER BY double precision) (\n    SFUNC = array_append,\n" +
    "    STYPE = double precision[],\n    FINALFUNC = public.pick,\n    FINALFUNC_EXTRA\n)",
};
const trigger: TriggerDef = {
  schema: "public",
  table: "users",
  name: "users_touch",
  definition: "CREATE TRIGGER users_touch BEFORE UPDATE ON public.users FOR EACH ROW EXECUTE FUNCTION public.touch()",
  enabled: "replica",
};
const rule: RuleDef = {
  schema: "public",
  table: "user_names",
  name: "user_names_insert",
  definition: "CREATE RULE user_names_insert AS\n    ON INSERT TO public.user_names DO INSTEAD  INSERT INTO public.users (name)\n  VALUES (new.name)",
  enabled: "disabled",
};
const statistics: StatisticsDef = {
  schema: "stats",
  name: "users_city_zip",
  table: { schema: "public", name: "users" },
  definition: "CREATE STATISTICS stats.users_city_zip (ndistinct, dependencies) ON city, zip FROM public.users",
  target: 500,
};
const policy: PolicyDef = {
  schema: "public",
  table: "docs",
  name: "own",
  permissive: false,
  command: "UPDATE",
  roles: ["editor", "public"],
  using: "(owner = CURRENT_USER)",
  withCheck: null,
};

export const catalogSamples: readonly Sample[] = [
  {
    title: "createFunction",
    op: { kind: "createFunction", function: touch },
    rendered:
      `await op.createFunction("touch", { arguments: "", definition: ${JSON.stringify(touch.definition)}, returns: "trigger" });`,
  },
  {
    title: "dropFunction",
    op: { kind: "dropFunction", function: { schema: "geo", name: "area", arguments: "w integer, h integer", kind: "function" }, existing: area },
    rendered: `await op.dropFunction({ schema: "geo", name: "area" }, "w integer, h integer");`,
  },
  {
    title: "dropFunction (a procedure)",
    op: { kind: "dropFunction", function: { schema: "public", name: "bump", arguments: "INOUT n integer", kind: "procedure" } },
    rendered: `await op.dropFunction("bump", "INOUT n integer", { kind: "procedure" });`,
  },
  {
    title: "replaceFunction (recreated)",
    op: { kind: "replaceFunction", function: area, existing: { ...area, signature: "w integer, h integer", returns: "bigint" }, recreate: true },
    rendered:
      `await op.replaceFunction({ schema: "geo", name: "area" }, { arguments: "w integer, h integer", definition: ` +
      `${JSON.stringify(area.definition)}, signature: "w integer, h integer DEFAULT 1", returns: "integer" }, ` +
      `{ existing: { definition: ${JSON.stringify(area.definition)}, returns: "bigint" }, recreate: true });`,
  },
  {
    title: "createFunction (a procedure)",
    op: { kind: "createFunction", function: bump },
    rendered: `await op.createFunction("bump", { arguments: "INOUT n integer", definition: ${JSON.stringify(bump.definition)}, kind: "procedure" });`,
  },
  {
    title: "createFunction (an aggregate)",
    op: { kind: "createFunction", function: nth },
    rendered:
      `await op.createFunction("nth", { arguments: "n integer ORDER BY double precision", definition: ` +
      `${JSON.stringify(nth.definition)}, kind: "aggregate", returns: "double precision" });`,
  },
  {
    title: "dropFunction (an aggregate)",
    op: { kind: "dropFunction", function: { schema: "public", name: "nth", arguments: nth.arguments, kind: "aggregate" }, existing: nth },
    rendered: `await op.dropFunction("nth", "n integer ORDER BY double precision", { kind: "aggregate" });`,
  },
  {
    title: "createTrigger",
    op: { kind: "createTrigger", trigger },
    rendered: `await op.createTrigger("users", { name: "users_touch", definition: ${JSON.stringify(trigger.definition)}, enabled: "replica" });`,
  },
  {
    title: "dropTrigger",
    op: { kind: "dropTrigger", trigger: { schema: "public", table: "users", name: "users_touch" }, existing: trigger },
    rendered: `await op.dropTrigger("users", "users_touch");`,
  },
  {
    title: "setTriggerEnabled",
    op: { kind: "setTriggerEnabled", trigger: { schema: "audit", table: "log", name: "t" }, enabled: "disabled", existing: "origin" },
    rendered: `await op.setTriggerEnabled({ schema: "audit", name: "log" }, "t", "disabled", { existing: "origin" });`,
  },
  {
    title: "createTrigger (on a partitioned table, partitions' own states)",
    op: { kind: "createTrigger", trigger: { ...trigger, table: "events", enabled: "origin", partitionStates: [{ table: { schema: "public", name: "events_2024" }, enabled: "disabled" }] } },
    rendered:
      `await op.createTrigger("events", { name: "users_touch", definition: ${JSON.stringify(trigger.definition)}, ` +
      `partitionStates: [{ table: "events_2024", enabled: "disabled" }] });`,
  },
  {
    title: "setTriggerEnabled (partitions' own states given back before the partitions are detached)",
    op: {
      kind: "setTriggerEnabled",
      trigger: { schema: "public", table: "events", name: "t" },
      enabled: "origin",
      existing: "origin",
      partitionStates: [],
      existingPartitionStates: [{ table: { schema: "public", name: "events_2024" }, enabled: "always" }],
      stage: "release",
    },
    rendered:
      `await op.setTriggerEnabled("events", "t", "origin", { existing: "origin", partitionStates: [], ` +
      `existingPartitionStates: [{ table: "events_2024", enabled: "always" }], stage: "release" });`,
  },
  {
    title: "createRule",
    op: { kind: "createRule", rule },
    rendered: `await op.createRule("user_names", { name: "user_names_insert", definition: ${JSON.stringify(rule.definition)}, enabled: "disabled" });`,
  },
  {
    title: "dropRule",
    op: { kind: "dropRule", rule: { schema: "audit", table: "log", name: "r" }, existing: { ...rule, schema: "audit", table: "log", name: "r", enabled: "origin" } },
    rendered: `await op.dropRule({ schema: "audit", name: "log" }, "r");`,
  },
  {
    title: "createStatistics",
    op: { kind: "createStatistics", statistics },
    rendered:
      `await op.createStatistics({ schema: "stats", name: "users_city_zip" }, { table: "users", ` +
      `definition: ${JSON.stringify(statistics.definition)}, target: 500 });`,
  },
  {
    title: "dropStatistics",
    op: { kind: "dropStatistics", statistics: { schema: "stats", name: "users_city_zip" }, existing: statistics },
    rendered: `await op.dropStatistics({ schema: "stats", name: "users_city_zip" });`,
  },
  {
    title: "createPolicy",
    op: { kind: "createPolicy", policy },
    rendered:
      `await op.createPolicy("docs", { name: "own", permissive: false, command: "UPDATE", roles: ["editor", "public"], ` +
      `using: "(owner = CURRENT_USER)" });`,
  },
  {
    title: "createPolicy (defaults)",
    op: {
      kind: "createPolicy",
      policy: { schema: "public", table: "docs", name: "all", permissive: true, command: "ALL", roles: ["public"], using: null, withCheck: "true" },
    },
    rendered: `await op.createPolicy("docs", { name: "all", withCheck: "true" });`,
  },
  {
    title: "dropPolicy",
    op: { kind: "dropPolicy", policy: { schema: "public", table: "docs", name: "own" }, existing: policy },
    rendered: `await op.dropPolicy("docs", "own");`,
  },
  {
    title: "setRowSecurity",
    op: { kind: "setRowSecurity", table: { schema: "public", name: "docs" }, enabled: true, forced: true, existing: { enabled: false, forced: false } },
    rendered: `await op.setRowSecurity("docs", { enabled: true, forced: true }, { existing: { enabled: false } });`,
  },
  {
    title: "setPrivileges (a table)",
    op: {
      kind: "setPrivileges",
      object: { kind: "table", schema: "public", name: "users" },
      grantee: "reporting",
      privileges: ["INSERT", "SELECT"],
      grantable: ["SELECT"],
      existing: { privileges: [], grantable: [] },
    },
    rendered:
      `await op.setPrivileges({ kind: "table", name: "users" }, "reporting", { privileges: ["INSERT", "SELECT"], grantable: ["SELECT"] }, ` +
      `{ existing: { privileges: [] } });`,
  },
  {
    title: "setPrivileges (a function, PUBLIC)",
    op: {
      kind: "setPrivileges",
      object: { kind: "function", schema: "geo", name: "area", arguments: "w integer, h integer" },
      grantee: "public",
      privileges: [],
      grantable: [],
      existing: { privileges: ["EXECUTE"], grantable: [] },
    },
    rendered:
      `await op.setPrivileges({ kind: "function", schema: "geo", name: "area", arguments: "w integer, h integer" }, "public", ` +
      `{ privileges: [] }, { existing: { privileges: ["EXECUTE"] } });`,
  },
  {
    title: "setPrivileges (the owner's own entry, looked up where it runs)",
    op: {
      kind: "setPrivileges",
      object: { kind: "table", schema: "public", name: "users" },
      grantee: "app",
      privileges: ["INSERT", "SELECT", "UPDATE", "DELETE", "REFERENCES", "TRIGGER"],
      grantable: [],
      existing: { privileges: ["INSERT", "SELECT", "UPDATE", "DELETE", "TRUNCATE", "REFERENCES", "TRIGGER"], grantable: [] },
      owner: true,
    },
    rendered:
      `await op.setPrivileges({ kind: "table", name: "users" }, "app", { privileges: ["INSERT", "SELECT", "UPDATE", "DELETE", "REFERENCES", "TRIGGER"] }, ` +
      `{ existing: { privileges: ["INSERT", "SELECT", "UPDATE", "DELETE", "TRUNCATE", "REFERENCES", "TRIGGER"] }, owner: true });`,
  },
  {
    title: "setPrivileges (an addition that only revokes, on a function created again)",
    op: {
      kind: "setPrivileges",
      object: { kind: "function", schema: "public", name: "g", arguments: "" },
      grantee: "public",
      privileges: [],
      grantable: [],
      existing: { privileges: ["EXECUTE"], grantable: [] },
      stage: "addition",
    },
    rendered:
      `await op.setPrivileges({ kind: "function", name: "g", arguments: "" }, "public", { privileges: [] }, ` +
      `{ existing: { privileges: ["EXECUTE"] }, stage: "addition" });`,
  },
  {
    title: "setPrivileges (a removal before its table is dropped, taking the grants the grantee passed on)",
    op: {
      kind: "setPrivileges",
      object: { kind: "table", schema: "public", name: "orders" },
      grantee: "clerk",
      privileges: [],
      grantable: [],
      existing: { privileges: ["SELECT"], grantable: ["SELECT"] },
      cascade: true,
    },
    rendered:
      `await op.setPrivileges({ kind: "table", name: "orders" }, "clerk", { privileges: [] }, ` +
      `{ existing: { privileges: ["SELECT"], grantable: ["SELECT"] }, cascade: true });`,
  },
  {
    title: "setPrivileges (a column of a view created again, only where the new query still has it)",
    op: {
      kind: "setPrivileges",
      object: { kind: "column", schema: "public", table: "v", column: "a" },
      grantee: "reporting",
      privileges: ["SELECT"],
      grantable: [],
      existing: { privileges: [], grantable: [] },
      stage: "addition",
      ifColumnExists: true,
    },
    rendered:
      `await op.setPrivileges({ kind: "column", table: "v", column: "a" }, "reporting", { privileges: ["SELECT"] }, ` +
      `{ existing: { privileges: [] }, stage: "addition", ifColumnExists: true });`,
  },
  {
    title: "setPrivileges (a grant passed on by a role from its grant option, run as that role)",
    op: {
      kind: "setPrivileges",
      object: { kind: "table", schema: "public", name: "orders" },
      grantee: "intern",
      grantor: "clerk",
      privileges: ["SELECT"],
      grantable: [],
      existing: { privileges: [], grantable: [] },
    },
    rendered:
      `await op.setPrivileges({ kind: "table", name: "orders" }, "intern", { privileges: ["SELECT"] }, ` +
      `{ existing: { privileges: [] }, grantor: "clerk" });`,
  },
  {
    title: "setPrivileges (a grant on a column after a late REVOKE on its table, which would take it back)",
    op: {
      kind: "setPrivileges",
      object: { kind: "column", schema: "public", table: "orders", column: "total" },
      grantee: "clerk",
      privileges: ["SELECT"],
      grantable: ["SELECT"],
      existing: { privileges: [], grantable: [] },
      late: true,
    },
    rendered:
      `await op.setPrivileges({ kind: "column", table: "orders", column: "total" }, "clerk", { privileges: ["SELECT"], grantable: ["SELECT"] }, ` +
      `{ existing: { privileges: [] }, late: true });`,
  },
  {
    title: "setDefaultPrivileges (in a schema, with grant option)",
    op: {
      kind: "setDefaultPrivileges",
      role: "app",
      schema: "sales",
      objectType: "tables",
      grantee: "reporting",
      privileges: ["SELECT"],
      grantable: ["SELECT"],
      existing: { privileges: [], grantable: [] },
    },
    rendered:
      `await op.setDefaultPrivileges({ role: "app", schema: "sales", objectType: "tables" }, "reporting", ` +
      `{ privileges: ["SELECT"], grantable: ["SELECT"] }, { existing: { privileges: [] } });`,
  },
  {
    title: "setDefaultPrivileges (every schema: a built-in privilege revoked from PUBLIC)",
    op: {
      kind: "setDefaultPrivileges",
      role: "app",
      schema: null,
      objectType: "functions",
      grantee: "public",
      privileges: [],
      grantable: [],
      existing: { privileges: ["EXECUTE"], grantable: [] },
    },
    rendered:
      `await op.setDefaultPrivileges({ role: "app", objectType: "functions" }, "public", { privileges: [] }, ` +
      `{ existing: { privileges: ["EXECUTE"] } });`,
  },
  {
    title: "setComment (a view's column)",
    op: { kind: "setComment", object: { kind: "column", schema: "public", table: "v", column: "a" }, comment: "The a", existing: null },
    rendered: `await op.setComment({ kind: "column", table: "v", column: "a" }, "The a", { existing: null });`,
  },
  {
    title: "setComment (a column of a view created again, only where the new query still has it)",
    op: {
      kind: "setComment",
      object: { kind: "column", schema: "public", table: "v", column: "a" },
      comment: "The a",
      existing: null,
      ifColumnExists: true,
    },
    rendered: `await op.setComment({ kind: "column", table: "v", column: "a" }, "The a", { existing: null, ifColumnExists: true });`,
  },
  {
    title: "setComment (a schema, removed)",
    op: { kind: "setComment", object: { kind: "schema", name: "audit" }, comment: null, existing: "Audit" },
    rendered: `await op.setComment({ kind: "schema", name: "audit" }, null, { existing: "Audit" });`,
  },
  {
    title: "setComment (an extension)",
    op: { kind: "setComment", object: { kind: "extension", name: "uuid-ossp" }, comment: "ids", existing: "generate universally unique identifiers (UUIDs)" },
    rendered: `await op.setComment({ kind: "extension", name: "uuid-ossp" }, "ids", { existing: "generate universally unique identifiers (UUIDs)" });`,
  },
  {
    title: "setComment (a publication)",
    op: { kind: "setComment", object: { kind: "publication", name: "cdc" }, comment: "to the warehouse", existing: null },
    rendered: `await op.setComment({ kind: "publication", name: "cdc" }, "to the warehouse", { existing: null });`,
  },
  {
    title: "createCollation",
    op: {
      kind: "createCollation",
      collation: { schema: "public", name: "nd", provider: "icu", deterministic: false, lcCollate: null, lcCtype: null, locale: "und-u-ks-level2", rules: null },
    },
    rendered: `await op.createCollation("nd", { provider: "icu", locale: "und-u-ks-level2", deterministic: false });`,
  },
  {
    title: "dropCollation",
    op: {
      kind: "dropCollation",
      collation: { schema: "public", name: "posix" },
      existing: { schema: "public", name: "posix", provider: "libc", deterministic: true, lcCollate: "POSIX", lcCtype: "POSIX", locale: null, rules: null },
    },
    rendered: `await op.dropCollation("posix");`,
  },
  {
    title: "keepOwner (a function's, remembered)",
    op: { kind: "keepOwner", object: { kind: "function", schema: "geo", name: "area", arguments: "w integer, h integer" }, stage: "remember" },
    rendered: `await op.keepOwner({ kind: "function", schema: "geo", name: "area", arguments: "w integer, h integer" }, "remember");`,
  },
  {
    title: "keepOwner (a view's, restored)",
    op: { kind: "keepOwner", object: { kind: "view", schema: "public", name: "active_users" }, stage: "restore" },
    rendered: `await op.keepOwner({ kind: "view", name: "active_users" }, "restore");`,
  },
  {
    title: "keepOwner (a dropped table's, with the owner it had where the migration was generated)",
    op: { kind: "keepOwner", object: { kind: "table", schema: "public", name: "orders" }, stage: "remember", owner: "billing" },
    rendered: `await op.keepOwner({ kind: "table", name: "orders" }, "remember", { owner: "billing" });`,
  },
  {
    title: "resetPrivileges (a view's, after it is created again)",
    op: { kind: "resetPrivileges", object: { kind: "view", schema: "public", name: "active_users" }, stage: "create" },
    rendered: `await op.resetPrivileges({ kind: "view", name: "active_users" }, "create");`,
  },
  {
    title: "resetPrivileges (a serial column's sequence, after its table is created)",
    op: {
      kind: "resetPrivileges",
      object: { kind: "sequence", schema: "public", name: "orders_id_seq", ownedBy: { table: "orders", column: "id" } },
      stage: "create",
    },
    rendered: `await op.resetPrivileges({ kind: "sequence", name: "orders_id_seq" }, "create", { ownedBy: { table: "orders", column: "id" } });`,
  },
  {
    title: "resetPrivileges (a function's, before it is dropped)",
    op: { kind: "resetPrivileges", object: { kind: "function", schema: "geo", name: "area", arguments: "w integer, h integer" }, stage: "drop" },
    rendered: `await op.resetPrivileges({ kind: "function", schema: "geo", name: "area", arguments: "w integer, h integer" }, "drop");`,
  },
  {
    title: "createPublication (defaults)",
    op: { kind: "createPublication", publication: { name: "cdc", allTables: false, schemas: [], publish: ["insert", "update", "delete", "truncate"], viaPartitionRoot: false } },
    rendered: `await op.createPublication("cdc");`,
  },
  {
    title: "createPublication (schemas, options)",
    op: { kind: "createPublication", publication: { name: "sales", allTables: false, schemas: ["eu", "us"], publish: ["insert", "update"], viaPartitionRoot: true } },
    rendered: `await op.createPublication("sales", { schemas: ["eu", "us"], publish: ["insert", "update"], viaPartitionRoot: true });`,
  },
  {
    title: "dropPublication",
    op: {
      kind: "dropPublication",
      name: "all_rows",
      existing: { name: "all_rows", allTables: true, schemas: [], publish: ["insert", "update", "delete", "truncate"], viaPartitionRoot: false },
    },
    rendered: `await op.dropPublication("all_rows");`,
  },
  {
    title: "alterPublication",
    op: {
      kind: "alterPublication",
      from: { name: "cdc", allTables: false, schemas: [], publish: ["insert", "update", "delete", "truncate"], viaPartitionRoot: false },
      to: { name: "cdc", allTables: false, schemas: [], publish: ["insert"], viaPartitionRoot: false },
    },
    rendered: `await op.alterPublication("cdc", { from: {}, to: { publish: ["insert"] } });`,
  },
  {
    title: "addPublicationTable (column list, row filter)",
    op: { kind: "addPublicationTable", member: { publication: "cdc", table: { schema: "public", name: "orders" }, columns: ["id", "total"], where: "(total > 0)" } },
    rendered: `await op.addPublicationTable("cdc", "orders", { columns: ["id", "total"], where: "(total > 0)" });`,
  },
  {
    title: "dropPublicationTable",
    op: {
      kind: "dropPublicationTable",
      publication: "cdc",
      table: { schema: "sales", name: "orders" },
      existing: { publication: "cdc", table: { schema: "sales", name: "orders" }, columns: null, where: null },
    },
    rendered: `await op.dropPublicationTable("cdc", { schema: "sales", name: "orders" });`,
  },
];
