import { compare } from "../../src/compare/compare";
import { EnumRebuildBlockedError } from "../../src/compare/compare-errors";
import type { EnumUsage, Operation } from "../../src/ops/operation";
import { column, enumType, model, ref, sequence, table } from "./model-builders";

const mood = enumType("mood", ["sad", "ok"]);
const people = table("people", [
  column("mood", "public.mood", { default: "'ok'::public.mood" }),
  column("history", "public.mood[]"),
  column("label", "text"),
]);

/** The alterEnum appending 'happy' to `mood`: it lists both usages in `people`, then `more`. */
function appendHappy(...more: EnumUsage[]): Operation {
  return {
    kind: "alterEnum",
    enum: ref("mood"),
    from: ["sad", "ok"],
    to: ["sad", "ok", "happy"],
    usages: [
      { table: ref("people"), column: "mood", default: "'ok'::public.mood", array: false },
      { table: ref("people"), column: "history", default: null, array: true },
      ...more,
    ],
  };
}

describe("compare: enums", () => {
  it("creates and drops enums", () => {
    const color = enumType("paint.color", ["red"]);
    expect(compare(model({ enums: [mood] }), model({ enums: [color], schemas: ["paint", "public"] }))).toStrictEqual({
      operations: [
        // Where the downgrade, creating the enum again, brings it to the built-in privileges.
        { kind: "resetPrivileges", object: { kind: "type", ...ref("mood") }, stage: "drop" },
        { kind: "createSchema", schema: "paint" },
        { kind: "createEnum", enum: color },
        { kind: "dropEnum", enum: ref("mood"), existing: mood },
      ],
      log: ["Detected removed enum 'public.mood'", "Detected added enum 'paint.color'", "Detected added schema 'paint'"],
    });
  });

  it("appends a label with one alterEnum listing every usage with its default", () => {
    const appended = enumType("mood", ["sad", "ok", "happy"]);
    const result = compare(model({ enums: [mood], tables: [people] }), model({ enums: [appended], tables: [people] }));
    expect(result).toStrictEqual({
      operations: [
        appendHappy(),
      ],
      log: ["Detected added value 'happy' of enum 'public.mood'"],
    });
  });

  it("rebuilds when a label is removed or renamed (a rename is not detectable)", () => {
    const renamed = enumType("mood", ["sad", "fine"]);
    // Without people's default 'ok', which the rebuilt type would refuse (see the next test).
    const plain = { ...people, columns: people.columns.map((c) => (c.name === "mood" ? { ...c, default: null } : c)) };
    const result = compare(model({ enums: [mood], tables: [plain] }), model({ enums: [renamed], tables: [plain] }));
    expect(result.operations).toStrictEqual([
      expect.objectContaining({ kind: "alterEnum", from: ["sad", "ok"], to: ["sad", "fine"] }),
    ]);
    expect(result.log).toStrictEqual([
      "Detected changed values of enum 'public.mood' from ('sad', 'ok') to ('sad', 'fine'): the type is rebuilt",
    ]);
  });

  it("refuses a rebuild while what it keeps holds a label it removes, naming each", () => {
    const renamed = enumType("mood", ["sad", "fine"]);
    const legacy = table("legacy", [column("m", "public.mood")], { checks: [{ type: "check", name: "not_ok", definition: "CHECK ((m <> ALL ('{ok,sad}'::public.mood[])))" }] });
    const run = () =>
      compare(model({ enums: [mood], tables: [people, legacy] }), model({ enums: [renamed], tables: [people] }), { exclude: (t) => t.name === "legacy" });
    expect(run).toThrow(EnumRebuildBlockedError);
    expect(run).toThrow(
      "but column public.people.mood holds the label 'ok', which the rebuilt type no longer has (change or drop it first); " +
        "and constraint not_ok on public.legacy holds the label 'ok', which the rebuilt type no longer has (change or drop it first).",
    );
  });

  it("finds usages of quoted enum names and in tables left out of the comparison", () => {
    const odd = enumType("My Schema.Mood", ["a"]);
    const legacy = table("legacy", [column("m", '"My Schema"."Mood"[]'), column("other", "public.mood")]);
    const result = compare(
      model({ enums: [odd], tables: [legacy] }),
      model({ enums: [{ ...odd, labels: ["a", "b"] }] }),
      { exclude: (t) => t.name === "legacy" },
    );
    expect(result.operations).toStrictEqual([
      {
        kind: "alterEnum",
        enum: ref("My Schema.Mood"),
        from: ["a"],
        to: ["a", "b"],
        usages: [{ table: ref("legacy"), column: "m", default: null, array: true }],
      },
    ]);
  });

  it("does not drop an enum still used by a table left out of the comparison", () => {
    const result = compare(model({ enums: [mood], tables: [people] }), model({}), { exclude: (t) => t.name === "people" });
    expect(result).toStrictEqual({
      operations: [],
      log: [
        "Enum 'public.mood' is not in the target but column 'public.people.mood' (excluded from the comparison) uses it: not dropped",
      ],
    });
  });
});

describe("compare: sequences", () => {
  it("creates, drops and alters free-standing sequences", () => {
    const counter = sequence("counter");
    const ticket = sequence("ticket");
    const faster = { ...ticket, increment: "10", cycle: true };
    expect(compare(model({ sequences: [counter, ticket] }), model({ sequences: [faster, sequence("fresh")] }))).toStrictEqual({
      operations: [
        { kind: "resetPrivileges", object: { kind: "sequence", ...ref("counter") }, stage: "drop" },
        { kind: "createSequence", sequence: sequence("fresh") },
        { kind: "alterSequence", from: ticket, to: faster },
        { kind: "dropSequence", sequence: ref("counter"), existing: counter },
      ],
      log: [
        "Detected removed sequence 'public.counter'",
        "Detected added sequence 'public.fresh'",
        "Detected changed sequence 'public.ticket' (increment, cycle)",
      ],
    });
  });
});

describe("compare: enum usages follow the phase order", () => {
  const retired = table("retired", [column("mood", "public.mood")]);
  const renames = {
    resolveTables: () => { throw new Error("no table renames here"); },
    resolveColumns: ({ created, deleted }: { created: readonly { name: string }[]; deleted: readonly { name: string }[] }) => ({
      created: created.filter((c) => c.name !== "feeling"),
      renamed: [{ from: deleted.find((d) => d.name === "mood")!, to: { name: "feeling" } }],
      deleted: deleted.filter((d) => d.name !== "mood"),
    }),
  };
  const from = model({ enums: [mood], tables: [people, retired] });
  const renamedPeople = table("people", [
    column("feeling", "public.mood", { default: "'ok'::public.mood" }),
    column("label", "text"),
  ]);

  it("a rebuild re-casts only the surviving columns, under their new names", () => {
    const to = model({ enums: [enumType("mood", ["ok", "sad"])], tables: [renamedPeople] });
    const alter = compare(from, to, { renames }).operations.find((op) => op.kind === "alterEnum");
    expect(alter).toStrictEqual({
      kind: "alterEnum",
      enum: ref("mood"),
      from: ["sad", "ok"],
      to: ["ok", "sad"],
      usages: [{ table: ref("people"), column: "feeling", default: "'ok'::public.mood", array: false }],
    });
  });

  it("an append (which runs before drops and renames) lists the columns as they are", () => {
    const to = model({ enums: [enumType("mood", ["sad", "ok", "happy"])], tables: [renamedPeople] });
    const alter = compare(from, to, { renames }).operations.find((op) => op.kind === "alterEnum");
    expect(alter).toStrictEqual(
      appendHappy({ table: ref("retired"), column: "mood", default: null, array: false }),
    );
  });
});
