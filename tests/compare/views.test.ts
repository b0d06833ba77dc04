/** Views in the comparator: added, removed, changed, and recreated around the changes they would block. */
import { compare } from "../../src/compare/compare";
import type { Operation } from "../../src/ops/operation";
import { invertAll } from "../../src/ops/invert";
import { column, enumType, index, model, table, view } from "./model-builders";

const users = table("users", [column("id", "integer", { nullable: false }), column("name", "text")]);
const usersWider = table("users", [column("id", "bigint", { nullable: false }), column("name", "text")]);
const usersPlus = table("users", [...users.columns, column("email", "text")]);

/** What the database reports: the query as Postgres prints it and what it reads. */
const names = view("names", "SELECT users.name\n   FROM public.users", { dependsOn: ['"public"."users"'] });
const ids = view("ids", "SELECT users.id\n   FROM public.users", { dependsOn: ['"public"."users"'] });
const idCount = view("id_count", "SELECT count(*) AS n\n   FROM public.ids", { materialized: true, dependsOn: ['"public"."ids"'] });
/** What the entities give once normalised: the same queries, without dependencies. */
const entity = (v: ReturnType<typeof view>) => view({ schema: v.schema, name: v.name }, v.definition, { materialized: v.materialized });

const summary = (ops: readonly Operation[]) =>
  ops.filter((o) => o.kind === "createView" || o.kind === "dropView").map((o) => `${o.kind} ${o.kind === "createView" ? o.view.name : o.view.name}`);

describe("compare: views", () => {
  it("creates the views the entities add, in their order, and drops the ones they remove with their query", () => {
    const added = compare(model({ tables: [users] }), model({ tables: [users], views: [entity(names), entity(ids)] }));
    expect(added.operations).toStrictEqual([
      { kind: "createView", view: entity(names) },
      { kind: "createView", view: entity(ids) },
    ]);
    expect(added.log).toEqual(["Detected added view 'public.names'", "Detected added view 'public.ids'"]);

    const removed = compare(model({ tables: [users], views: [names] }), model({ tables: [users] }));
    expect(removed.operations).toStrictEqual([
      // Where the downgrade, creating the view again, brings it to the built-in privileges.
      { kind: "resetPrivileges", object: { kind: "view", schema: "public", name: "names" }, stage: "drop" },
      { kind: "dropView", view: { schema: "public", name: "names" }, materialized: false, existing: entity(names) },
    ]);
    expect(removed.log).toEqual(["Detected removed view 'public.names'"]);
  });

  it("finds nothing when the queries match, whatever the database knows of dependencies", () => {
    expect(compare(model({ tables: [users], views: [names, ids] }), model({ tables: [users], views: [entity(names), entity(ids)] }))).toStrictEqual({
      operations: [],
      log: [],
    });
  });

  it("drops and creates again a view whose query or kind changed", () => {
    const changed = view("names", "SELECT upper(users.name) AS name\n   FROM public.users");
    const result = compare(model({ tables: [users], views: [names] }), model({ tables: [users], views: [changed] }));
    expect(summary(result.operations)).toEqual(["dropView names", "createView names"]);
    expect(result.log).toEqual(["Detected changed query of view 'public.names': dropped and created again"]);

    const materialized = { ...entity(names), materialized: true };
    const kind = compare(model({ tables: [users], views: [names] }), model({ tables: [users], views: [materialized] }));
    expect(kind.operations).toStrictEqual([
      { kind: "resetPrivileges", object: { kind: "view", schema: "public", name: "names" }, stage: "drop" },
      { kind: "dropView", view: { schema: "public", name: "names" }, materialized: false, existing: entity(names) },
      { kind: "createView", view: materialized },
    ]);
    expect(kind.log).toEqual(["Detected changed kind of materialized view 'public.names': dropped and created again"]);
  });

  it("recreates unchanged views around a retyped column they read, and the views that read them, in order", () => {
    const from = model({ tables: [users], views: [names, ids, idCount] });
    const to = model({ tables: [usersWider], views: [entity(names), entity(ids), entity(idCount)] });
    const result = compare(from, to);
    // Every view reading users is in the way of the ALTER; id_count reads ids. Drops first (a view before
    // what it reads), the table change, then creates (a view after what it reads).
    // Each view recreated keeps its owner: read first, given back last (tests/catalog/owners.db.test.ts), and
    // starts from the built-in privileges (tests/catalog/default-privileges.db.test.ts).
    const label = (o: Operation): string =>
      o.kind === "keepOwner" || o.kind === "resetPrivileges"
        ? `${o.kind} ${o.stage} ${o.object.name}`
        : `${o.kind} ${"view" in o ? o.view.name : ""}`.trim();
    expect(result.operations.map(label)).toEqual([
      "keepOwner remember id_count",
      "keepOwner remember ids",
      "keepOwner remember names",
      "resetPrivileges drop id_count",
      "resetPrivileges drop ids",
      "resetPrivileges drop names",
      "dropView id_count",
      "dropView ids",
      "dropView names",
      "alterColumn",
      "createView names",
      "createView ids",
      "createView id_count",
      "resetPrivileges create id_count",
      "resetPrivileges create ids",
      "resetPrivileges create names",
      "keepOwner restore id_count",
      "keepOwner restore ids",
      "keepOwner restore names",
    ]);
    expect(result.log).toContain(
      "View 'public.ids' reads table 'public.users', which this migration changes: dropped and created again",
    );
    expect(result.log).toContain(
      "Materialized view 'public.id_count' reads view 'public.ids', which this migration changes: dropped and created again",
    );
  });

  it("recreates a view reading a column whose enum gains a label: the downgrade re-casts that column", () => {
    const mood = enumType("mood", ["sad", "ok"]);
    const people = table("people", [column("mood", "public.mood")]);
    const moods = view("moods", "SELECT people.mood\n   FROM public.people", { dependsOn: ['"public"."people"'] });
    const result = compare(
      model({ enums: [mood], tables: [people], views: [moods] }),
      model({ enums: [enumType("mood", ["sad", "ok", "happy"])], tables: [people], views: [entity(moods)] }),
    );
    // The view keeps its owner (keepOwner read first, given back last).
    const steps = ["keepOwner", "resetPrivileges", "dropView", "alterEnum", "createView", "resetPrivileges", "keepOwner"];
    expect(result.operations.map((o) => o.kind)).toEqual(steps);
    // Reversed and inverted, the downgrade drops the view, rebuilds the enum, then creates the view.
    expect(invertAll(result.operations).map((o) => o.kind)).toEqual(steps);
  });

  it("changes a materialized view's indexes without rebuilding it, and a rebuilt one brings its own", () => {
    const byId = index("id_count_n", ["n"], { unique: true });
    const byIdLower = index("id_count_n", ["(n + 1)"], { unique: true });
    const before = { ...idCount, indexes: [byId, index("id_count_old", ["n"])] };
    const after = { ...entity(idCount), indexes: [byIdLower, index("id_count_new", ["n"])] };
    const changed = compare(model({ tables: [users], views: [ids, before] }), model({ tables: [users], views: [entity(ids), after] }));
    const idCountRef = { schema: "public", name: "id_count" };
    // id_count_old and id_count_new have the same definition: renamed; id_count_n changed: rebuilt.
    expect(changed.operations).toStrictEqual([
      { kind: "dropIndex", table: idCountRef, name: "id_count_n", existing: byId },
      { kind: "renameIndex", table: idCountRef, from: "id_count_old", to: "id_count_new" },
      { kind: "createIndex", table: idCountRef, index: byIdLower },
    ]);
    // Rebuilt because what it reads changes: the createView carries the target's indexes.
    const rebuilt = compare(
      model({ tables: [users], views: [ids, before] }),
      model({ tables: [usersWider], views: [entity(ids), after] }),
    );
    expect(rebuilt.operations.filter((o) => o.kind === "createIndex" || o.kind === "dropIndex")).toEqual([]);
    expect(rebuilt.operations).toContainEqual({ kind: "createView", view: after });
  });

  it("leaves views alone when their tables only gain columns", () => {
    const result = compare(model({ tables: [users], views: [names] }), model({ tables: [usersPlus], views: [entity(names)] }));
    expect(summary(result.operations)).toEqual([]);
    expect(result.operations.map((o) => o.kind)).toEqual(["addColumn"]);
  });

  it("leaves out views the filters exclude, and sees a filter's object type", () => {
    const seen: string[] = [];
    const exclude = (o: { type: string; schema: string; name: string }) => {
      seen.push(`${o.type} ${o.name}`);
      return o.type === "view" && o.name === "names";
    };
    const result = compare(model({ tables: [users], views: [names] }), model({ tables: [users], views: [entity(ids)] }), { exclude });
    expect(summary(result.operations)).toEqual(["createView ids"]);
    expect(seen).toEqual(expect.arrayContaining(["table users", "view names", "view ids"]));
  });

  it("creates the schema of a new view, and drops the schema of the last removed view when asked to", () => {
    const report = view("rep.report", "SELECT 1 AS one");
    const created = compare(model({}), model({ schemas: ["public", "rep"], views: [report] }));
    expect(created.operations).toStrictEqual([
      { kind: "createSchema", schema: "rep" },
      { kind: "createView", view: report },
    ]);
    const dropped = compare(model({ schemas: ["public", "rep"], views: [report] }), model({}), { dropSchemas: true });
    expect(dropped.operations.map((o) => o.kind)).toEqual(["resetPrivileges", "dropView", "dropSchema"]);
  });
});
