import { compare } from "../../src/compare/compare";
import { column, idColumn, model, ref, table } from "./model-builders";

const name120 = column("name", "character varying(120)", { nullable: false });
const users = (...columns: ReturnType<typeof column>[]) => model({ tables: [table("users", [idColumn(), ...columns])] });

describe("compare: columns", () => {
  it("adds a column", () => {
    const added = column("task_id", "integer");
    expect(compare(users(name120), users(name120, added))).toStrictEqual({
      operations: [{ kind: "addColumn", table: ref("users"), column: added }],
      log: ["Detected added column 'public.users.task_id'"],
    });
  });

  it("warns when an added NOT NULL column has no default, but still adds it", () => {
    const added = column("age", "integer", { nullable: false });
    const result = compare(users(), users(added));
    expect(result.operations).toStrictEqual([{ kind: "addColumn", table: ref("users"), column: added }]);
    expect(result.log).toStrictEqual([
      "Detected added column 'public.users.age' (NOT NULL without a default: this fails if the table has rows; " +
        "add a default or backfill first)",
    ]);
    const withDefault = column("age", "integer", { nullable: false, default: "0" });
    expect(compare(users(), users(withDefault)).log).toStrictEqual(["Detected added column 'public.users.age'"]);
  });

  it("drops a column with the column it drops", () => {
    expect(compare(users(name120), users())).toStrictEqual({
      operations: [{ kind: "dropColumn", table: ref("users"), column: "name", existing: name120 }],
      log: ["Detected removed column 'public.users.name'"],
    });
  });

  it("widens varchar(120) to varchar(200) with ONE alterColumn and no USING, never drop+add", () => {
    const name200 = { ...name120, type: "character varying(200)" };
    expect(compare(users(name120), users(name200))).toStrictEqual({
      operations: [
        {
          kind: "alterColumn",
          table: ref("users"),
          column: "name",
          changes: { type: "character varying(200)" },
          existing: name120,
        },
      ],
      log: ["Detected type change from 'character varying(120)' to 'character varying(200)' on 'public.users.name'"],
    });
  });

  it("gives a USING cast when the base type changes outside an assignment-cast family", () => {
    const before = column("code", "text");
    const after = column("code", "integer");
    expect(compare(users(before), users(after)).operations).toStrictEqual([
      {
        kind: "alterColumn",
        table: ref("users"),
        column: "code",
        changes: { type: "integer" },
        using: '"code"::integer',
        existing: before,
      },
    ]);
  });

  it.each([
    ["public.e1", "other.e2", '"state"::text::other.e2'],
    ["text", "public.e1", '"state"::public.e1'],
    ["public.e1", "text", null],
    ["public.e1[]", "public.e2[]", '"state"::text[]::public.e2[]'],
  ])("casts an enum column change from %s to %s with %s", (from, to, using) => {
    const before = column("state", from);
    const [op] = compare(users(before), users(column("state", to))).operations;
    expect(op).toStrictEqual({
      kind: "alterColumn",
      table: ref("users"),
      column: "state",
      changes: { type: to },
      ...(using === null ? {} : { using }),
      existing: before,
    });
  });

  it("puts a nullability and a default change of one column in one alterColumn", () => {
    const before = column("status", "character varying", { nullable: true, default: null });
    const after = column("status", "character varying", { nullable: false, default: "'new'::character varying" });
    expect(compare(users(before), users(after))).toStrictEqual({
      operations: [
        {
          kind: "alterColumn",
          table: ref("users"),
          column: "status",
          changes: { nullable: false, default: "'new'::character varying" },
          existing: before,
        },
      ],
      log: [
        "Detected NOT NULL on column 'public.users.status'",
        "Detected default change from none to ''new'::character varying' on 'public.users.status'",
      ],
    });
  });

  it("turns a serial column into an identity column through changes.identity", () => {
    const serial = column("n", "integer", { nullable: false, identity: { kind: "serial" } });
    const identity = column("n", "integer", { nullable: false, identity: { kind: "identity", generation: "ALWAYS" } });
    // The serial's sequence goes and the identity's, of the same name, comes: it starts from the built-in privileges.
    const sequence = { kind: "sequence", ...ref("users_n_seq"), ownedBy: { table: "users", column: "n" } };
    const reset = (stage: "drop" | "create") => ({ kind: "resetPrivileges", object: sequence, stage });
    expect(compare(users(serial), users(identity))).toStrictEqual({
      operations: [
        reset("drop"),
        {
          kind: "alterColumn",
          table: ref("users"),
          column: "n",
          changes: { identity: { kind: "identity", generation: "ALWAYS" } },
          existing: serial,
        },
        reset("create"),
      ],
      log: ["Detected identity change from 'serial' to 'GENERATED ALWAYS AS IDENTITY' on 'public.users.n'"],
    });
  });

  it("changes a column comment, collation and generated expression through alterColumn", () => {
    const before = column("full", "text", { generated: "(first || last)" });
    const after = column("full", "text", { generated: "(last || first)", collation: "C", comment: "Full name" });
    expect(compare(users(before), users(after))).toStrictEqual({
      operations: [
        {
          kind: "alterColumn",
          table: ref("users"),
          column: "full",
          changes: { generated: "(last || first)", collation: "C", comment: "Full name" },
          existing: before,
        },
      ],
      log: [
        "Detected generated expression change from '(first || last)' to '(last || first)' on 'public.users.full'",
        "Detected collation change from none to 'C' on 'public.users.full'",
        "Detected comment change from none to 'Full name' on 'public.users.full'",
      ],
    });
  });

  it("ignores the order of columns, which Postgres cannot change", () => {
    const a = column("a", "text");
    const b = column("b", "text");
    expect(compare(users(a, b), users(b, a)).operations).toStrictEqual([]);
  });
});
