/**
 * Foreign keys and checks NOT ENFORCED (PostgreSQL 18) where the suite's server is 15, which has none: the
 * op compiles to the right SQL text, renders into a migration file and back, counts as unchecked rows
 * (no failure on rows, no VALIDATE: PostgreSQL refuses to validate one), and a difference of enforcement
 * is a drop and an add. Their round trips on a real PostgreSQL 18 are tests/pg18/not-enforced.db.test.ts.
 */
import os from "node:os";
import path from "node:path";
import { mkdtemp, rm } from "node:fs/promises";
import { compare } from "../../src/compare";
import { mapConstraint } from "../../src/introspect/map-constraint";
import type { ConstraintRow } from "../../src/introspect/catalog-rows";
import { invertAll } from "../../src/ops/invert";
import { isNotValidInModel } from "../../src/ops/not-valid";
import type { Operation } from "../../src/ops/operation";
import { renderMigration } from "../../src/render/render-migration";
import { safeSteps } from "../../src/safe/safe-form";
import { compileOperation } from "../../src/sql/compile";
import { check, column, foreignKey, model, ref, table } from "../support/model-builders";
import { evaluateMigration } from "../render/evaluate-migration";

const unenforced = {
  ...foreignKey("c_pid_fkey", ["pid"], "p", ["id"]),
  notEnforced: true as const,
};
const add: Operation = { kind: "addConstraint", table: ref("c"), constraint: unenforced };
const sql = (op: Operation): string[] => compileOperation(op).map((s) => s.sql);

it("reads a foreign key whose definition says NOT ENFORCED as notEnforced, not notValid (it is never validated)", () => {
  const row = {
    table_schema: "public",
    table_name: "c",
    name: "c_pid_fkey",
    type: "f",
    columns: ["pid"],
    ref_schema: "public",
    ref_table: "p",
    ref_columns: ["id"],
    on_delete: "a",
    on_update: "a",
    on_delete_columns: null,
    match_type: "s",
    deferrable: false,
    initially_deferred: false,
    validated: false,
    definition: "FOREIGN KEY (pid) REFERENCES p(id) NOT ENFORCED",
  } as unknown as ConstraintRow;
  expect(mapConstraint(row)).toStrictEqual(unenforced);
});

it("compiles a foreign key NOT ENFORCED, and its lock-safe form adds it with nothing to validate", () => {
  expect(sql(add)).toEqual([
    'ALTER TABLE "public"."c" ADD CONSTRAINT "c_pid_fkey" FOREIGN KEY ("pid") REFERENCES "public"."p" ("id") NOT ENFORCED',
  ]);
  expect(isNotValidInModel(unenforced)).toBe(true);
  expect(isNotValidInModel(check("c_q", "CHECK ((q > 0)) NOT ENFORCED"))).toBe(true);
  const steps = safeSteps([
    add,
    {
      kind: "addConstraint",
      table: ref("c"),
      constraint: check("c_q", "CHECK ((q > 0)) NOT ENFORCED"),
    },
  ]);
  expect(steps.flatMap((s) => s.operations).map((op) => op.kind)).toEqual([
    "addConstraint",
    "addConstraint",
  ]);
});

it("makes a foreign key that stops being enforced a drop and an add, and the downgrade the way back", () => {
  const enforced = foreignKey("c_pid_fkey", ["pid"], "p", ["id"]);
  const side = (fk: typeof enforced) =>
    model({
      tables: [
        table("p", [column("id", "integer", { nullable: false })]),
        table("c", [column("pid", "integer")], { foreignKeys: [fk] }),
      ],
    });
  const { operations } = compare(side(enforced), side(unenforced));
  expect(operations.flatMap(sql)).toEqual([
    'ALTER TABLE "public"."c" DROP CONSTRAINT "c_pid_fkey"',
    'ALTER TABLE "public"."c" ADD CONSTRAINT "c_pid_fkey" FOREIGN KEY ("pid") REFERENCES "public"."p" ("id") NOT ENFORCED',
  ]);
  expect(invertAll(operations).flatMap(sql)).toEqual([
    'ALTER TABLE "public"."c" DROP CONSTRAINT "c_pid_fkey"',
    'ALTER TABLE "public"."c" ADD CONSTRAINT "c_pid_fkey" FOREIGN KEY ("pid") REFERENCES "public"."p" ("id")',
  ]);
});

it("writes notEnforced: true in the migration file and reads it back as the same op", async () => {
  const dir = await mkdtemp(path.join(os.tmpdir(), "not-enforced-"));
  try {
    const text = await renderMigration(
      {
        message: "fk",
        revision: "abc",
        downRevision: null,
        branchLabels: null,
        dependsOn: null,
        createDate: new Date(0),
        upgradeOps: [add],
        downgradeOps: [],
      },
      path.join(dir, "a.ts"),
    );
    expect(text).toContain("notEnforced: true");
    expect((await evaluateMigration(text).replay("upgrade")).operations).toStrictEqual([add]);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
