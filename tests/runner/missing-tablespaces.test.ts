/**
 * The pure part of running a migration where a tablespace it names does not exist: which tablespaces an op
 * names, and the op without those the database lacks (what would go there goes to the default). Specs
 * anywhere in the op lose them; user data (raw SQL's parameters, an enum rebuild's value map) is never
 * touched; an op with nothing to take out is returned as it is.
 */
import type { Operation } from "../../src/ops/operation";
import { compileOperation } from "../../src/sql/compile";
import { tablespacesNamed, withoutTablespaces } from "../../src/runner/missing-tablespaces";
import { column, exclusion, index, primaryKey, ref, table, unique, view } from "../support/model-builders";

const events = table("events", [column("id", "integer", { nullable: false }), column("r", "int4range"), column("a", "integer")], {
  primaryKey: primaryKey("events_pkey", ["id"], { tablespace: "gone" }),
  uniques: [unique("events_a_key", ["a"], { tablespace: "here" })],
  exclusions: [exclusion("events_r_excl", "EXCLUDE USING gist (r WITH &&)", { tablespace: "gone" })],
  tablespace: "gone",
});
const createTable: Operation = { kind: "createTable", table: events };
const createIndex: Operation = { kind: "createIndex", table: ref("events"), index: index("events_a_idx", ["a"], { tablespace: "gone" }) };
const createView: Operation = {
  kind: "createView",
  view: view("event_ids", "SELECT id FROM public.events", { materialized: true, tablespace: "gone" }),
};

const sql = (op: Operation) => compileOperation(op).map((s) => s.sql);

describe("tablespacesNamed", () => {
  it("lists each tablespace of the op's specs once, nested ones included", () => {
    expect(tablespacesNamed(createTable).sort()).toEqual(["gone", "here"]);
    expect(tablespacesNamed(createIndex)).toEqual(["gone"]);
    expect(tablespacesNamed({ kind: "dropIndex", table: ref("events"), name: "events_a_idx", existing: index("events_a_idx", ["a"], { tablespace: "old" }) })).toEqual(["old"]);
  });

  it("finds none in an op without one, nor in raw SQL's parameters or an enum's value map", () => {
    expect(tablespacesNamed({ kind: "createIndex", table: ref("events"), index: index("events_a_idx", ["a"]) })).toEqual([]);
    expect(tablespacesNamed({ kind: "execute", sql: "INSERT INTO t (j) VALUES ($1)", params: [{ tablespace: "gone" }] })).toEqual([]);
    const alterEnum: Operation = {
      kind: "alterEnum",
      enum: { schema: "public", name: "place" },
      from: ["tablespace", "disk"],
      to: ["disk"],
      usages: [],
      valueMap: { tablespace: "disk" },
    };
    expect(tablespacesNamed(alterEnum)).toEqual([]);
  });
});

describe("withoutTablespaces", () => {
  it("takes the missing tablespaces out of a table, its keys and exclusion, and keeps the others", () => {
    expect(sql(withoutTablespaces(createTable, new Set(["gone"])))).toEqual([
      `CREATE TABLE "public"."events" ("id" integer NOT NULL, "r" int4range, "a" integer, ` +
        `CONSTRAINT "events_pkey" PRIMARY KEY ("id"), ` +
        `CONSTRAINT "events_a_key" UNIQUE ("a") USING INDEX TABLESPACE "here", ` +
        `CONSTRAINT "events_r_excl" EXCLUDE USING gist (r WITH &&))`,
    ]);
  });

  it("takes them out of an index and a materialized view, leaving no tablespace key behind", () => {
    const index = withoutTablespaces(createIndex, new Set(["gone"]));
    expect(sql(index)).toEqual([`CREATE INDEX "events_a_idx" ON "public"."events" USING btree (a)`]);
    expect(index.kind === "createIndex" && "tablespace" in index.index).toBe(false);
    expect(sql(withoutTablespaces(createView, new Set(["gone"])))).toEqual([
      `CREATE MATERIALIZED VIEW "public"."event_ids" AS SELECT id FROM public.events`,
    ]);
  });

  it("leaves the op given untouched, and returns it itself when nothing is missing", () => {
    const before = JSON.stringify(createTable);
    withoutTablespaces(createTable, new Set(["gone", "here"]));
    expect(JSON.stringify(createTable)).toBe(before);
    expect(withoutTablespaces(createTable, new Set(["elsewhere"]))).toBe(createTable);
  });

  it("never touches raw SQL's parameters nor an enum's value map", () => {
    const execute: Operation = { kind: "execute", sql: "INSERT INTO t (j) VALUES ($1)", params: [{ tablespace: "gone" }] };
    expect(withoutTablespaces(execute, new Set(["gone"]))).toBe(execute);
    const alterEnum: Operation = {
      kind: "alterEnum",
      enum: { schema: "public", name: "place" },
      from: ["tablespace", "disk"],
      to: ["disk"],
      usages: [],
      valueMap: { tablespace: "gone" },
    };
    expect(withoutTablespaces(alterEnum, new Set(["gone"]))).toBe(alterEnum);
  });
});
