import { destructiveReason } from "../../src/ops/destructive";
import type { Operation } from "../../src/ops/operation";
import { isWideningTypeChange } from "../../src/ops/type-widening";
import { column, ref, table } from "../support/model-builders";

const memories = ref("memories");
const alter = (
  from: string,
  to: string,
  extra: Partial<Extract<Operation, { kind: "alterColumn" }>> = {},
): Operation => ({
  kind: "alterColumn",
  table: memories,
  column: "c",
  changes: { type: to },
  existing: column("c", from),
  ...extra,
});

const pair = { schema: "public", name: "pair" };
const compositeChange: Operation = {
  kind: "alterCompositeType",
  from: { ...pair, attributes: [{ name: "n", type: "numeric(10,2)", collation: null }, { name: "note", type: "text", collation: null }] },
  to: { ...pair, attributes: [{ name: "n", type: "integer", collation: null }] },
};
const usage = { table: memories, column: "p", default: null, array: false };

describe("destructiveReason", () => {
  it.each<[Operation, string]>([
    [{ kind: "dropTable", table: memories }, "drops table memories and all its rows"],
    [
      { kind: "dropColumn", table: memories, column: "task_id" },
      "drops column memories.task_id and its data",
    ],
    [
      { kind: "dropColumn", table: ref("audit.events"), column: "at" },
      "drops column audit.events.at and its data",
    ],
    [{ kind: "dropSchema", schema: "audit" }, "drops schema audit"],
    [{ kind: "dropEnum", enum: { schema: "public", name: "mood" } }, "drops enum mood"],
    [
      { kind: "dropSequence", sequence: { schema: "public", name: "n" } },
      "drops sequence n and its current value",
    ],
    [
      alter("numeric(10,2)", "integer"),
      "changes the type of column memories.c from numeric(10,2) to integer, which can fail or lose data",
    ],
    [
      alter("text", "integer"),
      "changes the type of column memories.c from text to integer, which can fail or lose data",
    ],
    [
      { kind: "alterColumn", table: memories, column: "c", changes: { type: "uuid" } },
      "changes the type of column memories.c to uuid from an unknown type, which can fail or lose data",
    ],
    [
      {
        kind: "alterColumn",
        table: memories,
        column: "c",
        changes: { generated: "(a + 1)" },
        existing: column("c", "integer"),
      },
      "replaces the values of column memories.c with the generated expression (a + 1)",
    ],
    [
      { ...compositeChange, usages: [usage] },
      "drops attribute note of type pair and its values; changes the type of attribute n of type pair, which can fail or lose data",
    ],
  ])("flags %j", (op, reason) => {
    expect(destructiveReason(op)).toBe(reason);
  });

  // Failing on existing rows loses nothing: those are warnings (tests/ops/hazards.test.ts), not DESTRUCTIVE.
  it.each<Operation>([
    {
      kind: "alterEnum",
      enum: { schema: "public", name: "mood" },
      from: ["a", "b", "c"],
      to: ["a"],
      usages: [],
    },
    alter("integer", "smallint"),
    {
      kind: "alterColumn",
      table: memories,
      column: "c",
      changes: { nullable: false },
      existing: column("c", "text"),
    },
    alter("integer", "text"),
    alter("character varying(120)", "character varying(200)"),
    alter("integer", "bigint"),
    alter("numeric(10,2)", "numeric(12,2)"),
    {
      kind: "alterColumn",
      table: memories,
      column: "c",
      changes: { nullable: false },
      existing: column("c", "text", { nullable: false }),
    },
    {
      kind: "alterColumn",
      table: memories,
      column: "c",
      changes: { nullable: true, default: "1", comment: "x" },
    },
    {
      kind: "alterColumn",
      table: memories,
      column: "c",
      changes: { generated: "(a * 3)" },
      existing: column("c", "integer", { generated: "(a * 2)" }),
    },
    {
      kind: "alterEnum",
      enum: { schema: "public", name: "mood" },
      from: ["a"],
      to: ["a", "b"],
      usages: [],
    },
    { kind: "dropIndex", table: memories, name: "IDX" },
    { kind: "dropConstraint", table: memories, name: "FK" },
    { kind: "renameColumn", table: memories, from: "a", to: "b" },
    { kind: "createTable", table: table("t") },
    // No column holds a value of the type: nothing to lose (a typed table's columns change by column ops).
    compositeChange,
    // A widening loses nothing.
    {
      kind: "alterCompositeType",
      from: { ...pair, attributes: [{ name: "n", type: "integer", collation: null }] },
      to: { ...pair, attributes: [{ name: "n", type: "bigint", collation: null }] },
      usages: [usage],
    },
  ])("does not flag %j", (op) => {
    expect(destructiveReason(op)).toBeNull();
  });
});

describe("isWideningTypeChange", () => {
  it.each([
    ["character varying(120)", "character varying(200)"],
    ["character varying(120)", "text"],
    ["character varying(120)", "character varying"],
    ["text", "character varying"],
    ["smallint", "integer"],
    ["integer", "bigint"],
    ["integer", "numeric"],
    ["integer", "numeric(12,0)"],
    ["numeric(10,2)", "numeric(12,4)"],
    ["numeric(10,2)", "numeric"],
    ["real", "double precision"],
    ["timestamp(3) without time zone", "timestamp without time zone"],
    ["character varying(5)[]", "character varying(9)[]"],
    ["bit varying(3)", "bit varying(8)"],
    ["integer", "text"],
    ["integer", "character varying(11)"],
    ["character(5)", "character(9)"],
    ["public.mood", "text"],
    ["jsonb", "json"],
  ])("%s -> %s keeps every value", (from, to) => {
    expect(isWideningTypeChange(from, to)).toBe(true);
  });

  it.each([
    ["character varying(200)", "character varying(120)"],
    ["text", "character varying(10)"],
    ["bigint", "integer"],
    ["integer", "numeric(5,0)"],
    ["numeric(10,2)", "numeric(10,3)"],
    ["numeric", "numeric(10,2)"],
    ["double precision", "real"],
    ["timestamp without time zone", "timestamp with time zone"],
    ["integer", "integer[]"],
    ["text", "public.mood"],
    ["text", "integer"],
    ["integer", "character varying(10)"],
  ])("%s -> %s may not", (from, to) => {
    expect(isWideningTypeChange(from, to)).toBe(false);
  });
});
