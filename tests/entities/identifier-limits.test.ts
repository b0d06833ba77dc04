/**
 * limitIdentifiers: every name of the entity model as PostgreSQL stores it (63 bytes), references
 * included, and collisions refused in each namespace Postgres keeps names unique in.
 */
import { limitIdentifiers, truncationWarning } from "../../src/entities/identifier-limits";
import { IdentifierCollisionError } from "../../src/entities/entity-errors";
import { suffixedIdentifier, truncateIdentifier } from "../../src/model/identifier-limit";
import { UsageError } from "../../src/errors";
import {
  check,
  column,
  enumType,
  foreignKey,
  index,
  key,
  model,
  primaryKey,
  table,
  unique,
  view,
} from "../support/model-builders";

const L = (prefix: string) => `${prefix}_${"n".repeat(70)}`;
const T = (prefix: string) => truncateIdentifier(L(prefix));

describe("limitIdentifiers", () => {
  it("truncates names and every reference to them, and reports each once", () => {
    const parent = table(L("parent"), [column(L("id"), "integer", { nullable: false })], {
      primaryKey: primaryKey(L("pk"), [L("id")]),
    });
    const child = table(
      "child",
      [
        column("id", "integer"),
        column(L("parent_id"), "integer"),
        column("status", `public.${L("status")}[]`),
        column("mood", `public."${L("Mood")}"`),
      ],
      {
        uniques: [unique(L("uq"), [L("parent_id")])],
        foreignKeys: [foreignKey(L("fk"), [L("parent_id")], L("parent"), [L("id")])],
        checks: [check(L("chk"), "CHECK ((id > 0))")],
        indexes: [index(L("idx"), [key(`"${L("parent_id")}"`), key("lower(status)")], { include: [L("parent_id")] })],
      },
    );
    const { model: limited, truncations } = limitIdentifiers(
      model({
        tables: [parent, child],
        enums: [enumType(L("status"), ["a"]), enumType(L("Mood"), ["x"])],
        views: [view(L("v"), "SELECT 1", { materialized: true, indexes: [index(L("vidx"), ["x"])] })],
      }),
    );
    expect(Object.keys(limited.tables)).toEqual([`"public"."${T("parent")}"`, `"public"."child"`]);
    const c = limited.tables['"public"."child"']!;
    expect(c.columns.map((col) => [col.name, col.type])).toEqual([
      ["id", "integer"],
      [T("parent_id"), "integer"],
      ["status", `public.${T("status")}[]`],
      ["mood", `public."${T("Mood")}"`],
    ]);
    expect(c.uniques[0]).toMatchObject({ name: T("uq"), columns: [T("parent_id")] });
    expect(c.foreignKeys[0]).toMatchObject({
      name: T("fk"),
      columns: [T("parent_id")],
      referencedTable: { schema: "public", name: T("parent") },
      referencedColumns: [T("id")],
    });
    expect(c.checks[0]!.name).toBe(T("chk"));
    expect(c.indexes[0]).toMatchObject({ name: T("idx"), include: [T("parent_id")] });
    expect(c.indexes[0]!.keys.map((k) => k.expression)).toEqual([T("parent_id"), "lower(status)"]);
    expect(limited.tables[`"public"."${T("parent")}"`]!.primaryKey).toMatchObject({ name: T("pk"), columns: [T("id")] });
    expect(Object.keys(limited.enums)).toEqual([`"public"."${T("status")}"`, `"public"."${T("Mood")}"`]);
    expect(limited.views[`"public"."${T("v")}"`]!.indexes[0]!.name).toBe(T("vidx"));

    expect(truncations.map((t) => t.object)).toEqual([
      `enum public.${L("status")}`,
      `enum public.${L("Mood")}`,
      `table public.${L("parent")}`,
      `column public.${L("parent")}.${L("id")}`,
      `primary key ${L("pk")} of table public.${L("parent")}`,
      `column public.child.${L("parent_id")}`,
      `unique constraint ${L("uq")} of table public.child`,
      `foreign key ${L("fk")} of table public.child`,
      `check constraint ${L("chk")} of table public.child`,
      `index ${L("idx")} of public.child`,
      `materialized view public.${L("v")}`,
      `index ${L("vidx")} of public.${L("v")}`,
    ]);
    expect(truncationWarning(truncations[0]!)).toBe(
      `The name of enum public.${L("status")} is 77 bytes long; PostgreSQL keeps at most 63 bytes of a ` +
        `name, so it is stored, and written in the migration, as "${T("status")}". Give it a shorter name to keep ` +
        `the whole name.`,
    );
  });

  it("leaves a model of short names as it is", () => {
    const m = model({ tables: [table("t", [column("a", "text")], { indexes: [index("i", ["a"])] })], enums: [enumType("e", ["x"])] });
    const { model: limited, truncations } = limitIdentifiers(m);
    expect(limited).toEqual(m);
    expect(truncations).toEqual([]);
  });

  it.each([
    ["two columns", model({ tables: [table("t", [column(L("a") + "1", "int"), column(L("a") + "2", "int")])] }), "column of table public.t"],
    ["two tables", model({ tables: [table(L("t") + "1"), table(L("t") + "2")] }), "relation in schema public"],
    ["a table and an index", model({ tables: [table(L("t") + "1"), table("u", [column("a", "int")], { indexes: [index(L("t") + "2", ["a"])] })] }), "relation in schema public"],
    ["an enum and a table", model({ tables: [table(L("x") + "1")], enums: [enumType(L("x") + "2", ["a"])] }), "type in schema public"],
    ["two constraints", model({ tables: [table("t", [column("a", "int")], { checks: [check(L("c") + "1", "CHECK (true)"), check(L("c") + "2", "CHECK (true)")] })] }), "constraint of table public.t"],
  ])("refuses %s that become one name, as a usage error naming both", (_what, m, namespace) => {
    let error: unknown;
    try {
      limitIdentifiers(m);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(IdentifierCollisionError);
    expect(error).toBeInstanceOf(UsageError);
    const collision = error as IdentifierCollisionError;
    expect(collision.namespace).toBe(namespace);
    expect(collision.first).not.toBe(collision.second);
    expect(collision.message).toContain(collision.first);
    expect(collision.message).toContain(collision.second);
  });

  it("derives suffixed names that fit and stay distinct", () => {
    expect(suffixedIdentifier("e".repeat(63), "__old")).toBe(`${"e".repeat(58)}__old`);
    expect(suffixedIdentifier("日".repeat(21), "__old")).toBe(`${"日".repeat(19)}__old`);
    expect(suffixedIdentifier("short", "__old")).toBe("short__old");
  });
});
