/**
 * Tablespaces (src/compare/keep-tablespaces.ts): never compared, and what a migration drops and creates
 * again goes back where the database being migrated (`from`) has it; the derived downgrade puts the old
 * object back where it was. `to` here is what the entities give (no tablespace at all) or another
 * database (its own layout, which is not copied).
 */
import { compare } from "../../src/compare/compare";
import type { RenameResolver } from "../../src/compare/compare-options";
import { invertAll } from "../../src/ops/invert";
import type { Operation } from "../../src/ops/operation";
import { column, exclusion, idColumn, index, model, primaryKey, table, unique, view } from "./model-builders";

const FAST = { tablespace: "fast" };

/** Each created relation's name and tablespace ("-": the database's default), in op order. */
function placements(ops: readonly Operation[]): string[] {
  const at = (name: string, def: object) => `${name}@${(def as { readonly tablespace?: string }).tablespace ?? "-"}`;
  return ops.flatMap((op) => {
    switch (op.kind) {
      case "createIndex":
        return [at(op.index.name, op.index)];
      case "addConstraint":
        return [at(op.constraint.name, op.constraint)];
      case "createTable":
        return [
          at(op.table.name, op.table),
          ...[...(op.table.primaryKey === null ? [] : [op.table.primaryKey]), ...op.table.uniques, ...op.table.exclusions].map((c) => at(c.name, c)),
        ];
      case "createView":
        return [at(op.view.name, op.view), ...op.view.indexes.map((i) => at(i.name, i))];
      default:
        return [];
    }
  });
}

const columns = [idColumn(), column("a", "integer"), column("b", "integer"), column("r", "int4range")];

describe("compare: tablespaces", () => {
  it("keeps them for what it drops and creates again, and the downgrade puts the old objects back there", () => {
    const from = model({
      tables: [
        table("t", columns, {
          primaryKey: primaryKey("t_pkey", ["id"], FAST),
          uniques: [unique("t_a_key", ["a"], FAST)],
          exclusions: [exclusion("t_r_excl", "EXCLUDE USING gist (r WITH &&)", FAST)],
          indexes: [index("t_a_idx", ["a"], FAST)],
          tablespace: "slow",
        }),
      ],
    });
    // As entities give it: the key renamed by a naming strategy and widened, the others changed in place.
    const to = model({
      tables: [
        table("t", columns, {
          primaryKey: primaryKey("PK_t", ["id", "a"]),
          uniques: [unique("t_a_key", ["a", "b"])],
          exclusions: [exclusion("t_r_excl", "EXCLUDE USING gist (r WITH &&) WHERE ((a > 0))")],
          indexes: [index("t_a_idx", ["a", "b"])],
        }),
      ],
    });
    const { operations } = compare(from, to);
    expect(placements(operations).sort()).toEqual(["PK_t@fast", "t_a_idx@fast", "t_a_key@fast", "t_r_excl@fast"]);
    expect(placements(invertAll(operations)).sort()).toEqual(["t_a_idx@fast", "t_a_key@fast", "t_pkey@fast", "t_r_excl@fast"]);
  });

  it("compares nothing else: objects that differ only by their tablespaces are the same", () => {
    const placedAt = (tablespace: string | undefined) =>
      model({
        tables: [
          table("t", columns, {
            primaryKey: primaryKey("t_pkey", ["id"], tablespace === undefined ? {} : { tablespace }),
            indexes: [index("t_a_idx", ["a"], tablespace === undefined ? {} : { tablespace })],
            ...(tablespace !== undefined && { tablespace }),
          }),
        ],
        views: [view("v", "SELECT 1", { materialized: true, ...(tablespace !== undefined && { tablespace }) })],
      });
    expect(compare(placedAt("fast"), placedAt(undefined)).operations).toEqual([]);
    expect(compare(placedAt(undefined), placedAt("fast")).operations).toEqual([]);
    expect(compare(placedAt("fast"), placedAt("slow")).operations).toEqual([]);
  });

  it("creates what the database does not have in the default tablespace, whatever the other side says", () => {
    const to = model({
      tables: [table("t", columns, { primaryKey: primaryKey("t_pkey", ["id"], FAST), indexes: [index("t_a_idx", ["a"], FAST)], tablespace: "slow" })],
      views: [view("v", "SELECT 1", { materialized: true, indexes: [index("v_i", ["x"], FAST)], tablespace: "slow" })],
    });
    expect(placements(compare(model({}), to).operations)).toEqual(["t@-", "t_pkey@-", "t_a_idx@-", "v@-", "v_i@-"]);
  });

  it("renames an index rather than rebuilding it whatever the tablespaces say", () => {
    const from = model({ tables: [table("t", columns, { indexes: [index("t_a_idx", ["a"], FAST)] })] });
    const to = model({ tables: [table("t", columns, { indexes: [index("IDX_t_a", ["a"])] })] });
    expect(compare(from, to).operations).toEqual([{ kind: "renameIndex", table: { schema: "public", name: "t" }, from: "t_a_idx", to: "IDX_t_a" }]);
  });

  it("keeps them for a table created again for a new partition key, and a materialized view and its index created again", () => {
    const from = model({
      tables: [
        table("p", [column("a", "integer", { nullable: false }), column("b", "integer", { nullable: false })], {
          primaryKey: primaryKey("p_pkey", ["a", "b"], FAST),
          indexes: [index("p_b_idx", ["b"], FAST)],
          partitionBy: "RANGE (a)",
          tablespace: "slow",
        }),
      ],
      views: [view("mv", "SELECT 1 AS x", { materialized: true, indexes: [index("mv_x", ["x"], FAST)], tablespace: "slow" })],
    });
    const to = model({
      tables: [
        table("p", [column("a", "integer", { nullable: false }), column("b", "integer", { nullable: false })], {
          primaryKey: primaryKey("p_pkey", ["a", "b"]),
          indexes: [index("p_b_idx", ["b"])],
          partitionBy: "RANGE (b)",
        }),
      ],
      views: [view("mv", "SELECT 2 AS x", { materialized: true, indexes: [index("mv_x", ["x"])] })],
    });
    const { operations } = compare(from, to, { manage: new Set(["partitions"]) });
    expect(placements(operations)).toEqual(["p@slow", "p_pkey@fast", "p_b_idx@fast", "mv@slow", "mv_x@fast"]);
    expect(placements(invertAll(operations))).toEqual(["p@slow", "p_pkey@fast", "p_b_idx@fast", "mv@slow", "mv_x@fast"]);
  });

  // TypeORM names an index or unique constraint after its columns: one whose columns change comes under a new name.
  it("puts what replaces an index or unique constraint under a new name where the ones it replaces were", () => {
    const from = model({
      tables: [table("t", columns, { uniques: [unique("UQ_old", ["a"], FAST)], indexes: [index("IDX_old", ["a"], FAST), index("IDX_keep", ["b"])] })],
    });
    const to = model({ tables: [table("t", columns, { uniques: [unique("UQ_new", ["a", "b"])], indexes: [index("IDX_new", ["a", "b"]), index("IDX_keep", ["b"])] })] });
    const { operations } = compare(from, to);
    expect(placements(operations).sort()).toEqual(["IDX_new@fast", "UQ_new@fast"]);
    // The downgrade drops them and creates the old ones again, where they were.
    expect(placements(invertAll(operations)).sort()).toEqual(["IDX_old@fast", "UQ_old@fast"]);
  });

  it("leaves a new index in the default tablespace where the ones dropped beside it were in different ones", () => {
    const from = model({ tables: [table("t", columns, { indexes: [index("IDX_a", ["a"], FAST), index("IDX_b", ["b"])] })] });
    const to = model({ tables: [table("t", columns, { indexes: [index("IDX_ab", ["a", "b"])] })] });
    expect(placements(compare(from, to).operations)).toEqual(["IDX_ab@-"]);
  });

  it("keeps them for the members of a renamed table that are created again", () => {
    const renames: RenameResolver = {
      resolveTables: ({ created, deleted }) => ({ created: [], deleted: [], renamed: [{ from: deleted[0]!, to: created[0]! }] }),
      resolveColumns: ({ created, deleted }) => ({ created, deleted, renamed: [] }),
    };
    const from = model({ tables: [table("old", columns, { primaryKey: primaryKey("old_pkey", ["id"], FAST), indexes: [index("t_a_idx", ["a"], FAST)] })] });
    const to = model({ tables: [table("new", columns, { primaryKey: primaryKey("new_pkey", ["id", "a"]), indexes: [index("t_a_idx", ["a", "b"])] })] });
    const { operations } = compare(from, to, { renames });
    expect(placements(operations).sort()).toEqual(["new_pkey@fast", "t_a_idx@fast"]);
  });

  it("keeps them for an index of a renamed table created again around a generated column added again", () => {
    const renames: RenameResolver = {
      resolveTables: ({ created, deleted }) => ({ created: [], deleted: [], renamed: [{ from: deleted[0]!, to: created[0]! }] }),
      resolveColumns: ({ created, deleted }) => ({ created, deleted, renamed: [] }),
    };
    const withG = (name: string, type: string, rest = {}) =>
      table(name, [idColumn(), column("a", type), column("g", type, { generated: "(a * 2)" })], { indexes: [index("t_g_idx", ["g"], rest)] });
    // The database says what the generated column reads (pg_depend); retyping `a` drops and adds `g` again.
    const from = { ...model({ tables: [withG("old", "integer", FAST)] }), generatedReads: { '"public"."old"': { g: ["a"] } } };
    const to = model({ tables: [withG("new", "bigint")] });
    const { operations } = compare(from, to, { renames });
    expect(operations.map((op) => op.kind)).toContain("addColumn");
    expect(placements(operations)).toEqual(["t_g_idx@fast"]);
  });
});
