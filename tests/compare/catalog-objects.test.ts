/**
 * The comparator and the catalog objects: each kind compared only when managed, left alone otherwise,
 * and in any case brought back around what the migration drops and creates again; what cannot be kept
 * is refused; the downgrade is derived.
 */
import { compare } from "../../src/compare/compare";
import { DependentObjectError } from "../../src/compare/compare-errors";
import { ALL_MANAGED_KINDS, ENTITY_MANAGED_KINDS } from "../../src/compare/managed-kinds";
import type { CatalogObjects, FunctionDef, ObjectPrivileges, PolicyDef, TriggerDef } from "../../src/model/catalog-objects";
import type { SchemaModel, TableDef } from "../../src/model/schema-model";
import { invertAll } from "../../src/ops/invert";
import { compileOperations } from "../../src/sql/compile";
import { column, model, sortedOps, table, view } from "./model-builders";

const entityMode = { manage: ENTITY_MANAGED_KINDS };
const everything = { manage: new Set(ALL_MANAGED_KINDS) };

const notes = table("notes", [column("id", "integer", { nullable: false }), column("body", "character varying(100)"), column("title", "text")]);
const notesWider = table("notes", [notes.columns[0]!, column("body", "character varying(200)"), notes.columns[2]!]);
const bodies = view("bodies", "SELECT notes.id,\n    notes.body\n   FROM public.notes", { dependsOn: ['"public"."notes"'] });
const entityBodies = view("bodies", bodies.definition);

const stamp: FunctionDef = {
  schema: "public",
  name: "stamp",
  kind: "function",
  arguments: "",
  signature: "",
  returns: "trigger",
  definition: "CREATE OR REPLACE FUNCTION public.stamp()\n RETURNS trigger\n LANGUAGE plpgsql\nAS $function$ BEGIN RETURN NEW; END $function$",
  dependsOn: [],
};
const insteadOf: TriggerDef = {
  schema: "public",
  table: "bodies",
  name: "bodies_insert",
  definition: "CREATE TRIGGER bodies_insert INSTEAD OF INSERT ON public.bodies FOR EACH ROW EXECUTE FUNCTION public.stamp()",
  enabled: "origin",
  dependsOn: ['function "public"."stamp"()', 'relation "public"."bodies"'],
};
const onTitle: TriggerDef = {
  schema: "public",
  table: "notes",
  name: "notes_title",
  definition: "CREATE TRIGGER notes_title BEFORE UPDATE OF title ON public.notes FOR EACH ROW EXECUTE FUNCTION public.stamp()",
  enabled: "origin",
  dependsOn: ['column "public"."notes"."title"', 'function "public"."stamp"()', 'relation "public"."notes"'],
};
const policy: PolicyDef = {
  schema: "public",
  table: "notes",
  name: "readers",
  permissive: true,
  command: "SELECT",
  roles: ["public"],
  using: "(id > 0)",
  withCheck: null,
  dependsOn: ['column "public"."notes"."id"', 'relation "public"."notes"'],
};
const viewGrants: ObjectPrivileges = {
  object: { kind: "view", schema: "public", name: "bodies" },
  grants: [{ grantee: "reader", privileges: ["SELECT"], grantable: [] }],
};

const catalog: Partial<CatalogObjects> = {
  functions: { '"public"."stamp"()': stamp },
  triggers: { '"public"."bodies"."bodies_insert"': insteadOf, '"public"."notes"."notes_title"': onTitle },
  policies: { '"public"."notes"."readers"': policy },
  rowSecurity: { '"public"."notes"': { schema: "public", name: "notes", enabled: true, forced: false } },
  privileges: { 'view "public"."bodies"': viewGrants },
  comments: { 'view "public"."bodies"': { object: { kind: "view", schema: "public", name: "bodies" }, comment: "Bodies" } },
  collations: {
    '"public"."bytes"': { schema: "public", name: "bytes", provider: "libc", deterministic: true, lcCollate: "C", lcCtype: "C", locale: null, rules: null },
  },
};

const database = (tables: TableDef[] = [notes]): SchemaModel => model({ tables, views: [bodies], catalog });
const entities = (tables: TableDef[] = [notes]): SchemaModel => model({ tables, views: [entityBodies] });

describe("compare: catalog objects in entity mode", () => {
  it("leaves every catalog object the entities do not describe alone", () => {
    expect(compare(database(), entities(), entityMode)).toStrictEqual({ operations: [], log: [] });
  });

  it("brings back a recreated view's trigger, grants and comment, removing them first so the downgrade restores them", () => {
    const result = compare(database(), entities([notesWider]), entityMode);
    expect(result.operations.map((op) => op.kind)).toEqual([
      "keepOwner",
      "setComment",
      "setPrivileges",
      "resetPrivileges",
      "dropTrigger",
      "dropView",
      "alterColumn",
      "createView",
      "createTrigger",
      "resetPrivileges",
      "setPrivileges",
      "setComment",
      "keepOwner",
    ]);
    const { dependsOn: _, ...asDefined } = insteadOf;
    expect(result.operations[8]).toStrictEqual({ kind: "createTrigger", trigger: asDefined });
    expect(result.log).toContain(
      "trigger 'bodies_insert' on 'public.bodies' goes with relation public.bodies, which this migration drops and " +
        "creates again or retypes: dropped before and created again after",
    );
    // The downgrade runs the same steps backwards: the old view gets its trigger, grant and comment back,
    // and its owner.
    expect(invertAll(result.operations).map((op) => op.kind)).toEqual([
      "keepOwner",
      "setComment",
      "setPrivileges",
      "resetPrivileges",
      "dropTrigger",
      "dropView",
      "alterColumn",
      "createView",
      "createTrigger",
      "resetPrivileges",
      "setPrivileges",
      "setComment",
      "keepOwner",
    ]);
    expect(invertAll(result.operations).map((op) => (op.kind === "keepOwner" ? op.stage : null)).filter(Boolean)).toEqual(["remember", "restore"]);
    // The privileges are brought to the built-in ones after the downgrade's create too, before its grants.
    expect(invertAll(result.operations).map((op) => (op.kind === "resetPrivileges" ? op.stage : null)).filter(Boolean)).toEqual(["drop", "create"]);
  });

  it("removes what hangs on a dropped table before it, so that the downgrade brings it all back", () => {
    const result = compare(database(), model({ tables: [] }), entityMode);
    const kinds = result.operations.map((op) => op.kind);
    expect(kinds).toEqual([
      "setComment",
      "setPrivileges",
      // Where the downgrade, creating the table and the view again, brings them to the built-in privileges.
      "resetPrivileges",
      "resetPrivileges",
      "setRowSecurity",
      "dropTrigger",
      "dropTrigger",
      "dropPolicy",
      "dropView",
      "dropTable",
    ]);
    expect(result.operations[4]).toStrictEqual({
      kind: "setRowSecurity",
      table: { schema: "public", name: "notes" },
      enabled: false,
      forced: false,
      existing: { enabled: true, forced: false },
    });
    // The function and collation are not the table's: they stay.
    expect(kinds).not.toContain("dropFunction");
  });

  // When the model does not know a view's new output columns (an entity view whose query reads what the
  // same migration creates, so Postgres could not print it beforehand), the new query may have dropped a
  // commented or granted column: what is set again on its columns after the view is created again runs
  // only where the column still exists (a DO block that looks for it), in the upgrade and in the
  // downgrade, which sets it on the new view before dropping it. With the columns known, see the next test.
  it("sets a comment or grant on a view column again only where the new query still has it, when its columns are unknown", () => {
    const bodyColumnRef = { kind: "column", schema: "public", table: "bodies", column: "body" } as const;
    const grants: ObjectPrivileges = { object: bodyColumnRef, grants: [{ grantee: "reader", privileges: ["SELECT"], grantable: [] }] };
    const commented: Partial<CatalogObjects> = {
      comments: { 'column "public"."bodies"."body"': { object: bodyColumnRef, comment: "Text" } },
      privileges: { 'column "public"."bodies"."body"': grants },
    };
    const withColumns = view("bodies", bodies.definition, { dependsOn: bodies.dependsOn as string[], columns: ["id", "body"] });
    const from = model({ tables: [notes], views: [withColumns], catalog: commented });
    const idsOnly = view("bodies", "SELECT notes.id\n   FROM public.notes");
    const result = compare(from, model({ tables: [notes], views: [idsOnly] }), entityMode);
    const onColumn = result.operations.filter((op) => op.kind === "setComment" || op.kind === "setPrivileges");
    const none = { privileges: [], grantable: [] };
    // Taken off the column the old view has, unconditionally; set again once the view is created. The
    // view goes, with every grant on it: the revoke cascades to what a grantee passed on.
    expect(onColumn).toStrictEqual([
      { kind: "setComment", object: bodyColumnRef, comment: null, existing: "Text" },
      { kind: "setPrivileges", object: bodyColumnRef, grantee: "reader", ...none, existing: { privileges: ["SELECT"], grantable: [] }, cascade: true },
      { kind: "setPrivileges", object: bodyColumnRef, grantee: "reader", privileges: ["SELECT"], grantable: [], existing: none, ifColumnExists: true, cascade: true },
      { kind: "setComment", object: bodyColumnRef, comment: "Text", existing: null, ifColumnExists: true },
    ]);
    expect(result.operations.findIndex((op) => op.kind === "createView")).toBeLessThan(result.operations.indexOf(onColumn[2]!));
    const lookFor = `IF EXISTS (SELECT FROM pg_catalog.pg_attribute WHERE attrelid = ''"public"."bodies"''::pg_catalog.regclass AND attname = ''body''`;
    expect(compileOperations([onColumn[3]!]).map((s) => s.sql)).toEqual([
      `DO 'BEGIN ${lookFor} AND attnum > 0 AND NOT attisdropped) THEN EXECUTE ''COMMENT ON COLUMN "public"."bodies"."body" IS ''''Text''''''; END IF; END'`,
    ]);
    // The downgrade takes them off the new view only where it has the column, and sets them on the old one.
    const downgrade = invertAll(result.operations).filter((op) => op.kind === "setComment" || op.kind === "setPrivileges");
    expect(downgrade.map((op) => [op.kind, op.kind === "setComment" ? op.comment : op.privileges, op.ifColumnExists])).toEqual([
      ["setComment", null, true],
      ["setPrivileges", [], true],
      ["setPrivileges", ["SELECT"], undefined],
      ["setComment", "Text", undefined],
    ]);
  });

  it("does not set again a comment on a view column that the view's new query drops, when both know the columns", () => {
    const withColumns = view("bodies", bodies.definition, { dependsOn: bodies.dependsOn as string[], columns: ["id", "body"] });
    const idColumnRef = { kind: "column", schema: "public", table: "bodies", column: "id" } as const;
    const bodyColumnRef = { kind: "column", schema: "public", table: "bodies", column: "body" } as const;
    const commented: Partial<CatalogObjects> = {
      comments: {
        'column "public"."bodies"."body"': { object: bodyColumnRef, comment: "Text" },
        'column "public"."bodies"."id"': { object: idColumnRef, comment: "Key" },
      },
    };
    const from = model({ tables: [notes], views: [withColumns], catalog: commented });
    const idsOnly = view("bodies", "SELECT notes.id\n   FROM public.notes", { columns: ["id"] });
    const result = compare(from, model({ tables: [notes], views: [idsOnly] }), entityMode);
    const comments = result.operations.filter((op) => op.kind === "setComment");
    // The comment on the column that stays comes back after the view is created again; the other goes.
    expect(comments.map((op) => [op.object, op.comment])).toEqual([
      [bodyColumnRef, null],
      [idColumnRef, null],
      [idColumnRef, "Key"],
    ]);
    expect(result.operations.findIndex((op) => op.kind === "createView")).toBeLessThan(
      result.operations.findIndex((op) => op.kind === "setComment" && op.comment === "Key"),
    );
  });

  it("refuses to drop a column that a trigger it does not manage names", () => {
    const withoutTitle = table("notes", notes.columns.slice(0, 2));
    expect(() => compare(database(), entities([withoutTitle]), entityMode)).toThrow(DependentObjectError);
    expect(() => compare(database(), entities([withoutTitle]), entityMode)).toThrow(
      "The migration drops column public.notes.title, but trigger 'notes_title' on 'public.notes' depends on it",
    );
  });

  it("refuses to drop a table that a function it does not manage reads", () => {
    const reader: FunctionDef = { ...stamp, name: "all_notes", returns: "SETOF public.notes", dependsOn: ['relation "public"."notes"'] };
    const from = model({ tables: [notes], catalog: { functions: { '"public"."all_notes"()': reader } } });
    expect(() => compare(from, model({ tables: [] }), entityMode)).toThrow("function public.all_notes() depends on it");
  });
});

describe("compare: catalog objects between databases", () => {
  it("manages every kind but privileges by default", () => {
    const result = compare(database(), model({ tables: [notes], views: [bodies] }));
    expect(result.operations.map((op) => op.kind).sort()).toEqual(
      ["dropCollation", "dropFunction", "dropPolicy", "dropTrigger", "dropTrigger", "resetPrivileges", "setComment", "setRowSecurity"].sort(),
    );
  });

  it("creates them in an order that works and derives a downgrade equal to the reverse comparison", () => {
    const target = database();
    const empty = model({ tables: [notes], views: [bodies] });
    const forward = compare(empty, target, everything).operations;
    expect(forward.map((op) => op.kind)).toEqual([
      "createCollation",
      "createFunction",
      "createTrigger",
      "createTrigger",
      "createPolicy",
      "setRowSecurity",
      // Privileges managed, the new function starts from the built-in privileges before its grants.
      "resetPrivileges",
      "setPrivileges",
      "setComment",
    ]);
    const backward = compare(target, empty, everything).operations;
    expect(sortedOps(invertAll(forward))).toStrictEqual(sortedOps(backward));
  });

  it("replaces a function in place or, when its result changes, drops and creates it again with the views calling it", () => {
    const label: FunctionDef = {
      ...stamp,
      name: "label",
      arguments: "i integer",
      signature: "i integer",
      returns: "text",
      definition: "CREATE OR REPLACE FUNCTION public.label(i integer)\n RETURNS text\n LANGUAGE sql\nAS $function$ SELECT 'x' $function$",
    };
    const labels = view("labels", "SELECT public.label(1) AS label", { dependsOn: ['function "public"."label"(i integer)'] });
    const from = model({ views: [labels], catalog: { functions: { '"public"."label"(i integer)': label } } });
    const body = { ...label, definition: label.definition.replace("'x'", "'y'") };
    const inPlace = compare(from, model({ views: [labels], catalog: { functions: { '"public"."label"(i integer)': body } } }));
    expect(inPlace.operations).toStrictEqual([{ kind: "replaceFunction", function: body, existing: label }]);

    const retyped = { ...label, returns: "character varying", definition: label.definition.replace("RETURNS text", "RETURNS character varying") };
    const recreated = compare(from, model({ views: [labels], catalog: { functions: { '"public"."label"(i integer)': retyped } } }));
    // The view keeps its owner around its drop and create (the function within its own statements).
    expect(recreated.operations.map((op) => op.kind)).toEqual(["keepOwner", "resetPrivileges", "dropView", "replaceFunction", "createView", "resetPrivileges", "keepOwner"]);
    expect(recreated.operations[3]).toStrictEqual({ kind: "replaceFunction", function: retyped, existing: label, recreate: true });
  });

  it("orders a function returning a view's rows after the view, and a view calling a function after the function", () => {
    const rows: FunctionDef = { ...stamp, name: "rows", returns: "SETOF public.bodies", dependsOn: ['relation "public"."bodies"'] };
    const caller = view("caller", "SELECT * FROM public.rows()", { dependsOn: ['function "public"."rows"()'] });
    const target = model({ tables: [notes], views: [bodies, caller], catalog: { functions: { '"public"."rows"()': rows } } });
    const created = compare(model({ tables: [notes] }), target).operations;
    expect(created.map((op) => `${op.kind} ${"view" in op ? op.view.name : "function" in op ? op.function.name : ""}`)).toEqual([
      "createView bodies",
      "createFunction rows",
      "createView caller",
    ]);
    expect(compare(target, model({ tables: [notes] })).operations.map((op) => op.kind)).toEqual([
      "resetPrivileges",
      "resetPrivileges",
      "resetPrivileges",
      "dropView",
      "dropFunction",
      "dropView",
    ]);
  });
});
