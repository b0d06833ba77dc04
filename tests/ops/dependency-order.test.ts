/**
 * orderByDependencies on hand-written dependencies: the phase order kept where nothing requires
 * otherwise, raw SQL as a barrier, cycles left to the phase order, and a freed name reused.
 */
import { orderMigration } from "../../src/compare/dependency-order";
import type { FunctionDef } from "../../src/model/catalog-objects";
import { functionKey } from "../../src/model/object-ref";
import { columnKey, objectKeyOfAnchor, relationKey } from "../../src/model/object-keys";
import { orderByDependencies } from "../../src/ops/dependency-order";
import { invertAll } from "../../src/ops/invert";
import type { Operation } from "../../src/ops/operation";
import { column, model, ref, table, view } from "../support/model-builders";

const add = (name: string): Operation => ({ kind: "addColumn", table: ref("t"), column: column(name, "integer") });
const needs = (dependent: string, referenced: string) => ({
  dependent: columnKey(ref("t"), dependent),
  referenced: columnKey(ref("t"), referenced),
});

describe("orderByDependencies", () => {
  it("keeps the given order when nothing depends on anything", () => {
    const ops = [add("a"), add("b"), add("c")];
    expect(orderByDependencies(ops, {})).toEqual(ops);
  });

  it("moves only what must wait, and keeps the rest in the given order", () => {
    const [a, b, c, d] = [add("a"), add("b"), add("c"), add("d")];
    expect(orderByDependencies([a, b, c, d], { to: { edges: [needs("a", "c")] } })).toEqual([b, c, a, d]);
  });

  it("never moves anything across raw SQL", () => {
    const [a, b] = [add("a"), add("b")];
    const sql: Operation = { kind: "execute", sql: "SELECT 1" };
    expect(orderByDependencies([a, sql, b], { to: { edges: [needs("a", "b")] } })).toEqual([a, sql, b]);
  });

  it("leaves a cycle in the given order", () => {
    const [a, b, c] = [add("a"), add("b"), add("c")];
    const edges = [needs("a", "b"), needs("b", "a"), needs("c", "b")];
    expect(orderByDependencies([c, a, b], { to: { edges } })).toEqual([a, b, c]);
  });

  it("drops a name before creating it again, and drops dependents before what they need", () => {
    const dropOld: Operation = { kind: "dropTable", table: ref("old") };
    const dropView: Operation = { kind: "dropView", view: ref("v"), materialized: false };
    const rename: Operation = { kind: "renameTable", table: ref("t"), to: "old" };
    const create: Operation = { kind: "createTable", table: table("t", [column("id", "integer")]) };
    const from = { edges: [{ dependent: relationKey(ref("v")), referenced: relationKey(ref("old")) }] };
    expect(orderByDependencies([create, dropOld, rename, dropView], { from })).toEqual([dropView, dropOld, rename, create]);
  });
});

describe("objectKeyOfAnchor: the model's dependency keys as object keys", () => {
  it.each([
    ['relation "public"."t"', 'rel:"public"."t"'],
    ['"public"."v"', 'rel:"public"."v"'],
    ['index "s"."i"', 'rel:"s"."i"'],
    ['sequence "s"."q"', 'rel:"s"."q"'],
    ['column "public"."t"."a""b"', 'rel:"public"."t"/col:"a""b"'],
    ['function "public"."f"(a integer, b public.t)', 'fn:"public"."f"(a integer, b public.t)'],
    ['type "public"."mood"', 'type:"public"."mood"'],
    ['trigger "public"."t"."stamp"', 'rel:"public"."t"/trigger:"stamp"'],
    ['collation "public"."c"', 'coll:"public"."c"'],
    ['schema "x"', 'schema:"x"'],
  ])("%s -> %s", (anchor, key) => {
    expect(objectKeyOfAnchor(anchor)).toBe(key);
  });

  it("gives null for what it has no key for", () => {
    expect(objectKeyOfAnchor("operator something")).toBeNull();
    expect(objectKeyOfAnchor('relation "only-schema"')).toBeNull();
  });
});

describe("orderMigration: one order from the phases and the dependencies the models know", () => {
  const fn = (name: string, dependsOn: string[]): FunctionDef => ({
    schema: "public",
    name,
    kind: "function",
    arguments: "",
    signature: "",
    returns: "SETOF public.w",
    definition: `CREATE OR REPLACE FUNCTION public.${name}() ...`,
    dependsOn,
  });

  it("creates a view after the function it calls, and that function after the view it reads; drops the other way", () => {
    const w = view("w", "SELECT 1 AS one");
    const f = fn("f", ['relation "public"."w"']);
    const v = view("v", "SELECT * FROM public.f()", { dependsOn: ['function "public"."f"()'] });
    const target = model({ views: [v, w], catalog: { functions: { [functionKey("public", "f", "")]: f } } });
    const empty = model({});
    const creates: Operation[] = [
      { kind: "createView", view: v },
      { kind: "createFunction", function: f },
      { kind: "createView", view: w },
    ];
    const created = orderMigration(creates, empty, target);
    expect(created.map(name)).toEqual(["w", "f", "v"]);
    const drops = orderMigration(invertAll(creates), target, empty);
    expect(invertAll(creates).map(name)).toEqual(["w", "f", "v"]);
    expect(drops.map(name)).toEqual(["v", "f", "w"]);
  });
});

describe("what hangs on an object the same migration creates", () => {
  const revokeFromPublic = (object: { kind: "view"; schema: string; name: string }): Operation => ({
    kind: "setPrivileges",
    object,
    grantee: "public",
    privileges: [],
    grantable: [],
    existing: { privileges: ["SELECT"], grantable: [] },
  });
  const v = view("v", "SELECT 1 AS one");
  const viewRef = { kind: "view" as const, schema: "public", name: "v" };

  it("runs a removal after the create of what it is set on, whatever its phase", () => {
    const ordered = orderMigration([{ kind: "createView", view: v }, revokeFromPublic(viewRef)], model({}), model({ views: [v] }));
    expect(ordered.map((op) => op.kind)).toEqual(["createView", "setPrivileges"]);
  });

  it("keeps a removal before the drop of an object the migration drops and creates again", () => {
    const ops: Operation[] = [
      { kind: "dropView", view: { schema: "public", name: "v" }, materialized: false, existing: v },
      { kind: "createView", view: v },
      revokeFromPublic(viewRef),
    ];
    expect(orderMigration(ops, model({ views: [v] }), model({ views: [v] })).map((op) => op.kind)).toEqual([
      "setPrivileges",
      "dropView",
      "createView",
    ]);
  });
});

function name(op: Operation): string {
  if (op.kind === "createView" || op.kind === "dropView") return op.view.name;
  if (op.kind === "createFunction" || op.kind === "dropFunction") return op.function.name;
  return op.kind;
}
