/**
 * compileBatch on its own: what joins the single ALTER TABLE, what goes before and after it, and what
 * has to run alone (renames).
 */
import { operationBuilders as b } from "../../src/ops/builders";
import { compileBatch } from "../../src/runner/batch-alter";

const T = { schema: "public", name: "t" };

function sql(ops: Parameters<typeof compileBatch>[1]): string[] {
  return compileBatch(T, ops).map((s) => s.sql);
}

test("column and constraint changes share one statement; comments after, index drops before", () => {
  expect(
    sql([
      b.addColumn("t", { name: "a", type: "integer", comment: "the a" }),
      b.dropIndex("t", "t_old_idx"),
      b.alterColumn("t", "b", { type: "bigint", nullable: false }),
      b.addCheck("t", { name: "t_a_check", definition: "a > 0" }),
      b.setTableComment("t", "tee"),
    ]),
  ).toEqual([
    'DROP INDEX "public"."t_old_idx"',
    'ALTER TABLE "public"."t" ADD COLUMN "a" integer, ALTER COLUMN "b" TYPE bigint, ALTER COLUMN "b" SET NOT NULL, ' +
      'ADD CONSTRAINT "t_a_check" CHECK (a > 0)',
    `COMMENT ON COLUMN "public"."t"."a" IS 'the a'`,
    `COMMENT ON TABLE "public"."t" IS 'tee'`,
  ]);
});

test("a rename runs alone between two combined statements", () => {
  expect(
    sql([
      b.addColumn("t", { name: "a", type: "integer" }),
      b.dropColumn("t", "old"),
      b.renameColumn("t", "x", "y"),
      b.alterColumn("t", "y", { nullable: false }),
      b.dropConstraint("t", "t_y_key"),
    ]),
  ).toEqual([
    'ALTER TABLE "public"."t" ADD COLUMN "a" integer, DROP COLUMN "old"',
    'ALTER TABLE "public"."t" RENAME COLUMN "x" TO "y"',
    'ALTER TABLE "public"."t" ALTER COLUMN "y" SET NOT NULL, DROP CONSTRAINT "t_y_key"',
  ]);
});

test("an empty batch compiles to nothing", () => {
  expect(sql([])).toEqual([]);
});
