/**
 * orderByDependencies on hand-written dependencies: the phase order kept where nothing requires
 * otherwise, raw SQL as a barrier, cycles left to the phase order, and a freed name reused.
 */
import { columnKey, relationKey } from "../../src/model/object-keys";
import { orderByDependencies } from "../../src/ops/dependency-order";
import type { Operation } from "../../src/ops/operation";
import { column, ref, table } from "../support/model-builders";

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
