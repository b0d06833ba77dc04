/**
 * Where a migration is cut so that no transaction uses an enum label it added, in either direction; and
 * what counts as using a label.
 */
import { enumLabelStages } from "../../src/ops/enum-label-stages";
import { stringLiterals, usesEnumLabels } from "../../src/ops/enum-label-uses";
import type { Operation } from "../../src/ops/operation";
import { check, column, index, key, ref, table } from "../support/model-builders";

const status = { schema: "public", name: "status" };
const tasks = ref("tasks");
const addReview: Operation = { kind: "alterEnum", enum: status, from: ["new", "done"], to: ["new", "review", "done"], usages: [] };
const createNotes: Operation = { kind: "createTable", table: table("notes", [column("id", "integer")]) };
const defaultReview: Operation = {
  kind: "alterColumn",
  table: tasks,
  column: "state",
  changes: { default: "'review'::public.status" },
  existing: column("state", "public.status", { default: "'new'::public.status" }),
};

describe("usesEnumLabels", () => {
  const labels = new Set(["review", "it's"]);
  it.each<[string, Operation, boolean]>([
    ["a default", defaultReview, true],
    ["a default naming another label", { ...defaultReview, changes: { default: "'done'::public.status" } }, false],
    ["an array default", { kind: "addColumn", table: tasks, column: column("h", "public.status[]", { default: "'{new,review}'::public.status[]" }) }, true],
    ["a quoted array element", { kind: "addColumn", table: tasks, column: column("h", "public.status[]", { default: `'{"it's"}'::public.status[]`.replace("it's", "it''s") }) }, true],
    ["a check", { kind: "addConstraint", table: tasks, constraint: check("c", "CHECK ((state <> 'it''s'::public.status))") }, true],
    ["a partial index", { kind: "createIndex", table: tasks, index: index("i", [key("state")], { where: "(state = 'review'::public.status)" }) }, true],
    ["raw SQL", { kind: "execute", sql: "UPDATE tasks SET state = 'review'" }, true],
    ["a cast of existing values to the enum", { kind: "alterColumn", table: tasks, column: "s", changes: { type: "public.status" }, using: '"s"::public.status', existing: column("s", "text") }, true],
    ["a cast to an array of the enum", { kind: "alterColumn", table: tasks, column: "s", changes: { type: "public.status[]" }, existing: column("s", "text[]") }, true],
    ["a column of the enum with no default", { kind: "addColumn", table: tasks, column: column("s", "public.status") }, false],
    ["the label as a word outside a literal", { kind: "execute", sql: "SELECT review FROM t" }, false],
    ["a comment holding the label", { kind: "setTableComment", table: tasks, comment: "'review'" }, false],
  ])("%s", (_name, op, expected) => {
    expect(usesEnumLabels(op, status, labels)).toBe(expected);
  });

  it("reads standard and escape string literals", () => {
    expect(stringLiterals(`a = 'it''s' AND b = E'x\\'y' AND c = 'z'`)).toEqual(["it's", "x'y", "z"]);
  });
});

describe("enumLabelStages", () => {
  it("leaves a migration whole when no added label is used", () => {
    expect(enumLabelStages([addReview, createNotes])).toEqual([{ operations: [addReview, createNotes], cutBecause: [] }]);
  });

  it("cuts right after the labels when the same migration uses one", () => {
    expect(enumLabelStages([addReview, createNotes, defaultReview])).toEqual([
      { operations: [addReview], cutBecause: [{ direction: "upgrade", enum: status, labels: ["review"] }] },
      { operations: [createNotes, defaultReview], cutBecause: [] },
    ]);
  });

  it("cuts where the downgrade would use a label its later step adds back", () => {
    // Upgrade: drop a check that names 'gone', then remove the label (a rebuild). The downgrade adds the
    // label back (ADD VALUE), then restores the check: the two must be in different transactions.
    const dropCheck: Operation = {
      kind: "dropConstraint",
      table: tasks,
      name: "c",
      existing: check("c", "CHECK ((state <> 'gone'::public.status))"),
    };
    const removeGone: Operation = { kind: "alterEnum", enum: status, from: ["new", "gone"], to: ["new"], usages: [] };
    expect(enumLabelStages([dropCheck, removeGone])).toEqual([
      { operations: [dropCheck], cutBecause: [{ direction: "downgrade", enum: status, labels: ["gone"] }] },
      { operations: [removeGone], cutBecause: [] },
    ]);
  });

  it("uses one cut for several labels used after it", () => {
    const addUrgent: Operation = { kind: "alterEnum", enum: ref("prio"), from: ["low"], to: ["low", "urgent"], usages: [] };
    const defaultUrgent: Operation = { kind: "addColumn", table: tasks, column: column("p", "public.prio", { default: "'urgent'::public.prio" }) };
    const stages = enumLabelStages([addReview, addUrgent, createNotes, defaultReview, defaultUrgent]);
    expect(stages.map((s) => s.operations)).toEqual([[addReview, addUrgent], [createNotes, defaultReview, defaultUrgent]]);
    expect(stages[0]!.cutBecause).toHaveLength(2);
  });
});
