/**
 * Honest markers: an operation is marked DESTRUCTIVE only when it can lose data, and WARNING only when it
 * can fail on the rows a table may hold, knowing which tables the same migration creates (they hold no
 * rows yet). The type rules are checked against PostgreSQL 15 in type-risk.db.test.ts.
 */
import { migrationHazards, operationHazards, type Hazard } from "../../src/ops/hazards";
import { invertAll } from "../../src/ops/invert";
import type { Operation } from "../../src/ops/operation";
import { check, column, foreignKey, index, key, ref, table, unique } from "../support/model-builders";

const memories = ref("memories");
const addNotNull: Operation = { kind: "addColumn", table: memories, column: column("n", "integer", { nullable: false }) };
const alter = (changes: Extract<Operation, { kind: "alterColumn" }>["changes"], existing = column("c", "text")): Operation => ({
  kind: "alterColumn",
  table: memories,
  column: "c",
  changes,
  existing,
});
const warning = (reason: string): Hazard => ({ level: "mayFail", reason });
const domainRetype = (from: string, to: string): Operation => {
  const domain = { schema: "public", name: "d", type: from, collation: null, default: null, notNull: false, checks: [] };
  return { kind: "alterDomain", from: domain, to: { ...domain, type: to }, usages: [{ table: memories, column: "c", default: null, array: false }] };
};
const destructive = (reason: string): Hazard => ({ level: "destructive", reason });
const sequence = { schema: "public", name: "q", dataType: "bigint", start: "1", increment: "1", minValue: "1", maxValue: "9223372036854775807", cache: "1", cycle: false, ownedBy: null };
const retypeSequence = (dataType: string, maxValue: string): Operation => ({ kind: "alterSequence", from: sequence, to: { ...sequence, dataType, maxValue } });
const identityOptions = (options: { minValue?: string; increment?: string }): Operation =>
  alter(
    { identity: { kind: "identity", generation: "BY DEFAULT", options } },
    column("c", "integer", { nullable: false, identity: { kind: "identity", generation: "BY DEFAULT" } }),
  );

const serialOptions = (options: { maxValue?: string }): Operation =>
  alter({ identity: { kind: "serial", options } }, column("c", "integer", { nullable: false, identity: { kind: "serial" } }));

describe("operationHazards (any table may hold rows)", () => {
  it.each<[string, Operation, Hazard[]]>([
    ["ADD COLUMN NOT NULL with no default", addNotNull, [warning("adds column memories.n NOT NULL with no default, which fails if table memories has rows")]],
    ["ADD COLUMN NOT NULL with a default", { ...addNotNull, column: column("n", "integer", { nullable: false, default: "0" }) } as Operation, []],
    ["ADD COLUMN NOT NULL identity", { ...addNotNull, column: column("n", "integer", { nullable: false, identity: { kind: "identity", generation: "ALWAYS" } }) } as Operation, []],
    ["SET NOT NULL with no default", alter({ nullable: false }), [warning("makes column memories.c NOT NULL, which fails if any row holds NULL")]],
    ["SET NOT NULL with a default that backfills (kept)", alter({ nullable: false }, column("c", "text", { default: "'x'::text" })), []],
    ["SET NOT NULL with a default that backfills (set by the same change)", alter({ nullable: false, default: "'x'::text" }), []],
    ["SET NOT NULL with a default, told not to fill NULLs", { ...alter({ nullable: false }, column("c", "text", { default: "'x'::text" })), fillNulls: false } as Operation, [
      warning("makes column memories.c NOT NULL, which fails if any row holds NULL"),
    ]],
    ["integer -> text", alter({ type: "text" }, column("c", "integer")), []],
    ["integer -> character varying(11)", alter({ type: "character varying(11)" }, column("c", "integer")), []],
    ["integer -> character varying(10)", alter({ type: "character varying(10)" }, column("c", "integer")), [
      warning("changes the type of column memories.c from integer to character varying(10), which fails if a value does not fit (the migration stops; nothing is lost)"),
    ]],
    ["varchar(200) -> varchar(100)", alter({ type: "character varying(100)" }, column("c", "character varying(200)")), [
      warning("changes the type of column memories.c from character varying(200) to character varying(100), which fails if a value does not fit (the migration stops; nothing is lost)"),
    ]],
    ["numeric(10,2) -> numeric(10,1)", alter({ type: "numeric(10,1)" }, column("c", "numeric(10,2)")), [
      destructive("changes the type of column memories.c from numeric(10,2) to numeric(10,1), which can fail or lose data"),
    ]],
    ["a USING expression of the user's", { ...(alter({ type: "text" }, column("c", "integer")) as Extract<Operation, { kind: "alterColumn" }>), using: "'x'" }, [
      destructive("changes the type of column memories.c from integer to text with USING 'x', which can fail or change values"),
    ]],
    ["removing an enum label", { kind: "alterEnum", enum: { schema: "public", name: "mood" }, from: ["a", "b"], to: ["a"], usages: [] }, [
      warning("removes label 'b' from enum mood; rows that hold it make the migration fail"),
    ]],
    ["a unique constraint", { kind: "addConstraint", table: memories, constraint: unique("UQ", ["a", "b"]) }, [
      warning("adds unique constraint UQ on memories (a, b), which fails if existing rows hold duplicates"),
    ]],
    ["a check constraint", { kind: "addConstraint", table: memories, constraint: check("CK", "CHECK ((n > 0))") }, [
      warning("adds check constraint CK on memories, which fails if an existing row breaks CHECK ((n > 0))"),
    ]],
    ["a foreign key", { kind: "addConstraint", table: memories, constraint: foreignKey("FK", ["t"], "tasks", ["id"]) }, [
      warning("adds foreign key FK on memories (t), which fails if an existing row refers to a missing row of tasks"),
    ]],
    // NOT VALID (the lock-safe form's, or as the model holds it): no existing row is checked.
    ["a check constraint added NOT VALID", { kind: "addConstraint", table: memories, constraint: check("CK", "CHECK ((n > 0))"), notValid: true }, []],
    ["a check constraint NOT VALID in the model", { kind: "addConstraint", table: memories, constraint: check("CK", "CHECK ((n > 0)) NOT VALID") }, []],
    ["a foreign key added NOT VALID", { kind: "addConstraint", table: memories, constraint: foreignKey("FK", ["t"], "tasks", ["id"]), notValid: true }, []],
    ["a unique index", { kind: "createIndex", table: memories, index: index("IX", [key("a")], { unique: true }) }, [
      warning("creates unique index IX on memories, which fails if existing rows hold duplicates"),
    ]],
    ["a plain index", { kind: "createIndex", table: memories, index: index("IX", [key("a")]) }, []],
    ["dropping a column", { kind: "dropColumn", table: memories, column: "c" }, [destructive("drops column memories.c and its data")]],
    ["a domain's base type widened under its columns", domainRetype("integer", "bigint"), []],
    ["a domain's base type narrowed under its columns", domainRetype("bigint", "integer"), [
      warning("changes the base type of domain d from bigint to integer and re-casts its columns, which fails if a value does not fit (the migration stops; nothing is lost)"),
    ]],
    ["a domain's base type changed under its columns to one that may round", domainRetype("numeric(10,2)", "numeric(10,1)"), [
      destructive("changes the base type of domain d from numeric(10,2) to numeric(10,1) and re-casts its columns, which can fail or lose data"),
    ]],
    // PostgreSQL refuses new bounds that leave out the sequence's current value (its data, not compared).
    ["a sequence narrowed from bigint to smallint", retypeSequence("smallint", "32767"), [
      warning("narrows sequence q to MINVALUE 1 MAXVALUE 32767, which fails if its current value is outside them (the migration stops; nothing is lost)"),
    ]],
    ["a sequence widened", { kind: "alterSequence", from: { ...sequence, dataType: "smallint", maxValue: "32767" }, to: sequence }, []],
    ["an identity's MINVALUE raised", identityOptions({ minValue: "10" }), [
      warning("narrows the identity sequence of column memories.c to MINVALUE 10 MAXVALUE 2147483647, which fails if its current value is outside them (the migration stops; nothing is lost)"),
    ]],
    ["an identity's INCREMENT changed, its bounds kept", identityOptions({ increment: "5" }), []],
    ["a serial sequence's MAXVALUE lowered", serialOptions({ maxValue: "9000" }), [
      warning("narrows the serial sequence of column memories.c to MINVALUE 1 MAXVALUE 9000, which fails if its current value is outside them (the migration stops; nothing is lost)"),
    ]],
    ["a domain's base type narrowed with no column of it", { ...domainRetype("bigint", "integer"), usages: undefined } as Operation, []],
  ])("%s", (_name, op, expected) => {
    expect(operationHazards(op)).toEqual(expected);
  });
});

describe("migrationHazards", () => {
  it("knows that a table created earlier in the same migration holds no rows", () => {
    const ops: Operation[] = [
      { kind: "createTable", table: table("memories", [column("id", "integer")]) },
      addNotNull,
      { kind: "addConstraint", table: memories, constraint: unique("UQ", ["n"]) },
      { kind: "addConstraint", table: ref("other"), constraint: unique("UQ2", ["n"]) },
    ];
    expect(migrationHazards(ops)).toEqual([[], [], [], [warning("adds unique constraint UQ2 on other (n), which fails if existing rows hold duplicates")]]);
  });

  it("marks the downgrade too: dropping a NOT NULL column comes back as an ADD COLUMN that fails on rows", () => {
    const drop: Operation = { kind: "dropColumn", table: memories, column: "n", existing: column("n", "integer", { nullable: false }) };
    expect(migrationHazards([drop])).toEqual([[destructive("drops column memories.n and its data")]]);
    expect(migrationHazards(invertAll([drop]))).toEqual([
      [warning("adds column memories.n NOT NULL with no default, which fails if table memories has rows")],
    ]);
  });
});
