/**
 * Renames and what entities do not describe: a column that an unmanaged trigger names can be renamed (the
 * trigger follows it), and is refused only once the answer is that it was dropped.
 */
import { compareWithRenames } from "../../src/api/renames";
import { DependentObjectError } from "../../src/compare/compare-errors";
import { ENTITY_MANAGED_KINDS } from "../../src/compare/managed-kinds";
import type { TriggerDef } from "../../src/model/catalog-objects";
import { column, model, table } from "../support/model-builders";

const trigger: TriggerDef = {
  schema: "public",
  table: "notes",
  name: "notes_title",
  definition: "CREATE TRIGGER notes_title BEFORE UPDATE OF title ON public.notes FOR EACH ROW EXECUTE FUNCTION public.f()",
  enabled: "origin",
  dependsOn: ['column "public"."notes"."title"', 'relation "public"."notes"'],
};
const from = model({
  tables: [table("notes", [column("id", "integer"), column("title", "text")])],
  catalog: { triggers: { '"public"."notes"."notes_title"': trigger } },
});
const to = model({ tables: [table("notes", [column("id", "integer"), column("heading", "text")])] });
const options = { manage: ENTITY_MANAGED_KINDS };

describe("renames beside unmanaged catalog objects", () => {
  it("asks first, and renames a column that an unmanaged trigger names", async () => {
    const asked: string[] = [];
    const result = await compareWithRenames(from, to, options, async (candidate) => {
      asked.push(candidate.kind === "column" ? candidate.created.name : candidate.created);
      return "title";
    });
    expect(asked).toEqual(["heading"]);
    expect(result.operations).toStrictEqual([
      { kind: "renameColumn", table: { schema: "public", name: "notes" }, from: "title", to: "heading" },
    ]);
  });

  it("refuses the drop once the answer is that the column is new", async () => {
    await expect(compareWithRenames(from, to, options, async () => null)).rejects.toBeInstanceOf(DependentObjectError);
  });
});
