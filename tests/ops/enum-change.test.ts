/**
 * `addsLabelsInPlace`: an `alterEnum` that only adds labels is an `ADD VALUE`, unless it also changes a
 * usage's default (`defaultAfter`), which a label added in place could not hold in the same transaction:
 * then it rebuilds the type, and sets the new default after the re-cast.
 */
import { addsLabelsInPlace } from "../../src/ops/enum-change";
import type { AlterEnumOp, EnumUsage } from "../../src/ops/operation";
import { orderOperations } from "../../src/ops/phases";
import { compileOperation } from "../../src/sql/compile";
import { restoreEnumDependents, setAsideEnumDependents } from "../../src/sql/enum-dependents";
import { restoreTypeFunctions, setAsideTypeFunctions } from "../../src/sql/type-functions";
import { rememberPrivileges, restorePrivileges } from "../../src/sql/compile-reset-privileges";
import { rememberComment, restoreComment } from "../../src/sql/keep-grants-and-comments";

const usage = (extra: Partial<EnumUsage> = {}): EnumUsage => ({
  table: { schema: "public", name: "t" },
  column: "m",
  default: "'ok'::public.mood",
  array: false,
  ...extra,
});
const append = (usages: EnumUsage[]): AlterEnumOp => ({
  kind: "alterEnum",
  enum: { schema: "public", name: "mood" },
  from: ["ok"],
  to: ["ok", "glad"],
  usages,
});

describe("addsLabelsInPlace", () => {
  it("is true for added labels whose usages keep their defaults", () => {
    expect(addsLabelsInPlace(append([usage()]))).toBe(true);
    expect(addsLabelsInPlace(append([usage({ defaultAfter: "'ok'::public.mood" })]))).toBe(true);
  });

  it("is false when a usage's default changes, or labels are removed or reordered", () => {
    expect(addsLabelsInPlace(append([usage({ defaultAfter: "'glad'::public.mood" })]))).toBe(false);
    expect(addsLabelsInPlace(append([usage({ defaultAfter: null })]))).toBe(false);
    expect(addsLabelsInPlace({ ...append([]), from: ["ok", "glad"], to: ["glad", "ok"] })).toBe(false);
  });

  it("compiles an append with a default change as a rebuild that sets the new default, in the rebuild phase", () => {
    const op = append([usage({ defaultAfter: "'glad'::public.mood" })]);
    // Between reading the type's grants, comment and owner and giving them to the new one (keepOwner), the
    // new type's privileges brought to the built-in ones just before its owner, then to the old one's.
    const sql = compileOperation(op).map((s) => s.sql);
    const mood = { schema: "public", name: "mood" };
    expect(sql.slice(3, -4)).toEqual([
      setAsideEnumDependents(mood).sql,
      setAsideTypeFunctions(mood, [mood]).sql,
      `ALTER TYPE "public"."mood" RENAME TO "mood__old"`,
      `CREATE TYPE "public"."mood" AS ENUM ('ok', 'glad')`,
      `ALTER TABLE "public"."t" ALTER COLUMN "m" DROP DEFAULT`,
      `ALTER TABLE "public"."t" ALTER COLUMN "m" TYPE "public"."mood" USING "m"::text::"public"."mood"`,
      `ALTER TABLE "public"."t" ALTER COLUMN "m" SET DEFAULT 'glad'::public.mood`,
      restoreTypeFunctions(mood).sql,
      restoreEnumDependents(mood).sql,
      `DROP TYPE "public"."mood__old"`,
    ]);
    const type = { kind: "type", ...mood } as const;
    expect(sql.slice(0, 3)).toEqual([rememberPrivileges(type).sql, rememberComment(type).sql, expect.stringMatching(/^DO \$autogen_owner\$ BEGIN PERFORM set_config\('autogen\.owner_/)]);
    expect(sql.at(-4)).toMatch(/^DO \$autogen_acl\$[^]*REVOKE %s ON TYPE "public"."mood" FROM %s CASCADE/);
    expect(sql.slice(-3)).toEqual([expect.stringMatching(/ALTER TYPE "public"."mood" OWNER TO %I/), restorePrivileges(type).sql, restoreComment(type).sql]);
    // After a table's column drops, like every rebuild; a plain append runs before them.
    const dropColumn = { kind: "dropColumn" as const, table: { schema: "public", name: "u" }, column: "x" };
    expect(orderOperations([op, dropColumn]).map((o) => o.kind)).toEqual(["dropColumn", "alterEnum"]);
    expect(orderOperations([append([usage()]), dropColumn]).map((o) => o.kind)).toEqual(["alterEnum", "dropColumn"]);
  });
});
