/** The lock-safe transformation (src/safe/safe-form.ts): which steps each kind of operation becomes. */
import { operationBuilders as b } from "../../src/ops/builders";
import { invertAll } from "../../src/ops/invert";
import { safeSteps } from "../../src/safe/safe-form";
import { compileOperation } from "../../src/sql/compile";
import { renderStepsBody } from "../../src/render/render-steps";
import { samples } from "../render/sample-ops";
import { ALL_KINDS } from "./lock-safe-support";

const sqlOf = (steps: ReturnType<typeof safeSteps>) =>
  steps.map((s) => `${s.transactional ? "tx" : "alone"}: ${s.operations.flatMap((op) => compileOperation(op).map((c) => c.sql.split("\n")[0])).join(" | ")}`);

describe("safeSteps", () => {
  it("turns every kind into its lock-safe steps, in the plain order", () => {
    expect(sqlOf(safeSteps(ALL_KINDS, { backfillBatchPages: 7 }))).toEqual([
      'alone: DROP INDEX CONCURRENTLY "public"."items_n_idx"',
      `alone: ALTER TYPE "public"."mood" ADD VALUE IF NOT EXISTS 'meh'`,
      'tx: ALTER TABLE "public"."items" ALTER COLUMN "label" TYPE character varying(100) | ALTER TABLE "public"."items" ADD CONSTRAINT "items_code_nn_autogen" CHECK ("code" IS NOT NULL) NOT VALID',
      'tx: ALTER TABLE "public"."items" VALIDATE CONSTRAINT "items_code_nn_autogen"',
      'tx: ALTER TABLE "public"."items" ALTER COLUMN "code" SET NOT NULL | ALTER TABLE "public"."items" DROP CONSTRAINT "items_code_nn_autogen" | ALTER TABLE "public"."items" ALTER COLUMN "note" SET DEFAULT \'none\'::text',
      "alone: DO $autogen_backfill$",
      'tx: ALTER TABLE "public"."items" ADD CONSTRAINT "items_note_nn_autogen" CHECK ("note" IS NOT NULL) NOT VALID',
      'tx: ALTER TABLE "public"."items" VALIDATE CONSTRAINT "items_note_nn_autogen"',
      'tx: ALTER TABLE "public"."items" ALTER COLUMN "note" SET NOT NULL | ALTER TABLE "public"."items" DROP CONSTRAINT "items_note_nn_autogen" | ALTER TABLE "public"."items" ADD CONSTRAINT "items_n_check" CHECK ((n >= 0)) NOT VALID',
      'tx: ALTER TABLE "public"."items" VALIDATE CONSTRAINT "items_n_check"',
      'alone: CREATE UNIQUE INDEX CONCURRENTLY "items_email_key" ON "public"."items" USING btree (email)',
      'tx: ALTER TABLE "public"."items" ADD CONSTRAINT "items_email_key" UNIQUE USING INDEX "items_email_key"',
      'alone: CREATE UNIQUE INDEX CONCURRENTLY "tags_pkey" ON "public"."tags" USING btree (name)',
      'tx: ALTER TABLE "public"."tags" ADD CONSTRAINT "tags_pkey" PRIMARY KEY USING INDEX "tags_pkey"',
      'alone: CREATE INDEX CONCURRENTLY "items_name_idx" ON "public"."items" USING btree (name)',
      'tx: ALTER TABLE "public"."items" ADD CONSTRAINT "items_ref_fk" FOREIGN KEY ("ref") REFERENCES "public"."refs" ("id") NOT VALID',
      'tx: ALTER TABLE "public"."items" VALIDATE CONSTRAINT "items_ref_fk"',
    ]);
  });

  it("leaves everything on a table the migration creates in one transaction", () => {
    const ops = [
      b.createTable("pets", { columns: [{ name: "id", type: "integer", nullable: false }, { name: "owner", type: "integer" }] }),
      b.addUnique("pets", { name: "pets_id_key", columns: ["id"] }),
      b.createIndex("pets", { name: "pets_owner_idx", keys: ["owner"] }),
      b.addForeignKey("pets", { name: "pets_owner_fk", columns: ["owner"], referencedTable: "users", referencedColumns: ["id"] }),
    ];
    const steps = safeSteps(ops);
    expect(steps).toHaveLength(1);
    expect(steps[0]!.transactional).toBe(true);
    expect(steps[0]!.operations).toEqual(ops);
  });

  it("validates a NOT VALID constraint the comparison's start has in a step of its own, between the steps around it", () => {
    const ops = [
      b.alterColumn("items", "n", { default: "0" }),
      b.validateConstraint("items", "items_ref_fk", {
        existing: { type: "foreignKey", columns: ["ref"], referencedTable: "refs", referencedColumns: ["id"], notValid: true },
      }),
      b.setTableComment("items", "stock"),
    ];
    expect(sqlOf(safeSteps(ops))).toEqual([
      'tx: ALTER TABLE "public"."items" ALTER COLUMN "n" SET DEFAULT 0',
      'tx: ALTER TABLE "public"."items" VALIDATE CONSTRAINT "items_ref_fk"',
      "tx: COMMENT ON TABLE \"public\".\"items\" IS 'stock'",
    ]);
  });

  it("builds the indexes of a partitioned table partition by partition, keeps its keys plain (PostgreSQL has no lock-safe form there), also under a new name", () => {
    const ops = [
      b.renameTable("events", "happenings"),
      b.createIndex("happenings", { name: "happenings_kind_idx", keys: ["kind"] }),
      b.dropIndex("happenings", "happenings_code_idx", { existing: { keys: ["code"] } }),
      b.addForeignKey("happenings", { name: "happenings_kind_fk", columns: ["kind"], referencedTable: "kinds", referencedColumns: ["id"] }),
      b.addUnique("happenings", { name: "happenings_code_key", columns: ["code", "day"] }),
      b.addCheck("happenings", { name: "happenings_code_check", definition: "CHECK ((length(code) > 0))" }),
      b.createIndex("happenings", { name: "happenings_code_day_idx", keys: ["code", "day"], unique: true }),
      b.createIndex("kinds", { name: "kinds_name_idx", keys: ["name"] }),
    ];
    const steps = safeSteps(ops, { partitionedTables: new Set(['"public"."events"']) });
    expect(sqlOf(steps)).toEqual([
      'tx: ALTER TABLE "public"."events" RENAME TO "happenings"',
      'alone: DO $autogen_partitioned_index$ | CREATE INDEX IF NOT EXISTS "happenings_kind_idx" ON ONLY "public"."happenings" USING btree (kind) | ' +
        "SELECT g.statement, g.index_schema, g.index_name FROM (WITH RECURSIVE root AS ( | " +
        "DO $autogen_partitioned_index$",
      'tx: DROP INDEX "public"."happenings_code_idx" | ALTER TABLE "public"."happenings" ADD CONSTRAINT "happenings_kind_fk" FOREIGN KEY ("kind") REFERENCES "public"."kinds" ("id") | ' +
        'ALTER TABLE "public"."happenings" ADD CONSTRAINT "happenings_code_key" UNIQUE ("code", "day") | ' +
        'ALTER TABLE "public"."happenings" ADD CONSTRAINT "happenings_code_check" CHECK ((length(code) > 0)) NOT VALID',
      'tx: ALTER TABLE "public"."happenings" VALIDATE CONSTRAINT "happenings_code_check"',
      'alone: DO $autogen_partitioned_index$ | CREATE UNIQUE INDEX IF NOT EXISTS "happenings_code_day_idx" ON ONLY "public"."happenings" USING btree (code, day) | ' +
        "SELECT g.statement, g.index_schema, g.index_name FROM (WITH RECURSIVE root AS ( | " +
        "DO $autogen_partitioned_index$",
      'alone: CREATE INDEX CONCURRENTLY "kinds_name_idx" ON "public"."kinds" USING btree (name)',
    ]);
    expect(steps.map((s) => s.name)).toContain("build index happenings_kind_idx on the partitions of happenings");
    // The downgrade drops the index on the partitioned table, with its partitions' (PostgreSQL refuses CONCURRENTLY there).
    expect(sqlOf(safeSteps(invertAll(ops.slice(1, 2)), { partitionedTables: new Set(['"public"."happenings"']) }))).toEqual([
      'tx: DROP INDEX "public"."happenings_kind_idx"',
    ]);
  });

  it("names a step after its first operation in words, for every kind of operation", () => {
    const names = samples.map((sample) => ({ kind: sample.op.kind, name: safeSteps([sample.op])[0]!.name }));
    for (const { kind, name } of names) {
      expect(name).toMatch(/^[a-z]+ /);
      expect(`${kind}: ${name}`).not.toMatch(new RegExp(`: ${kind}\\b`));
    }
    const nameOf = (kind: string) => names.find((n) => n.kind === kind)!.name;
    expect(nameOf("resetPrivileges")).toMatch(/^restore built-in privileges of /);
    expect(nameOf("keepOwner")).toMatch(/^keep owner of /);
    expect(nameOf("setTriggerEnabled")).toBe("set enabled state of trigger t on audit.log");
    expect(nameOf("addInheritance")).toMatch(/^add inheritance of table /);
    expect(nameOf("setComment")).toMatch(/^set comment of /);
  });

  it("says a migration of one step runs in 1 step, not 1 steps", () => {
    const body = renderStepsBody(safeSteps([b.createIndex("items", { name: "items_n_idx", keys: ["n"] })]));
    expect(body).toContain("// Runs in 1 step, outside any transaction.\n");
    expect(body).not.toContain("1 steps");
  });

  it("makes the downgrade lock-safe too", () => {
    const down = sqlOf(safeSteps(invertAll([b.createIndex("items", { name: "i", keys: ["n"] })])));
    expect(down).toEqual(['alone: DROP INDEX CONCURRENTLY "public"."i"']);
  });
});
