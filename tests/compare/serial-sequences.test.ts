import { compare } from "../../src/compare/compare";
import { invertAll } from "../../src/ops/invert";
import { compileOperations } from "../../src/sql/compile";
import { column, model, ref, sequence, table } from "./model-builders";

const serialId = column("id", "integer", { nullable: false, identity: { kind: "serial" } });
const nextvalId = column("id", "integer", { nullable: false, default: "nextval('public.test_id_seq'::regclass)" });
/** `CREATE SEQUENCE test_id_seq`: bigint, not owned. */
const freeSequence = sequence("test_id_seq");
/** The sequence `id serial` creates: integer, owned by test.id. */
const serialSequence = sequence("test_id_seq", {
  dataType: "integer",
  maxValue: "2147483647",
  ownedBy: { table: ref("test"), column: "id" },
});

const withSerial = model({ tables: [table("test", [serialId])] });
const withNextval = model({ tables: [table("test", [nextvalId])], sequences: [freeSequence] });

describe("compare: a serial column and a nextval default on the serial's own sequence", () => {
  it("keeps the sequence: serial -> nextval only disowns it (and changes its type)", () => {
    const result = compare(withSerial, withNextval);
    expect(result).toStrictEqual({
      operations: [{ kind: "alterSequence", from: serialSequence, to: freeSequence }],
      log: ["Detected changed sequence 'public.test_id_seq' (dataType, maxValue, ownedBy)"],
    });
    expect(compileOperations(result.operations).map((s) => s.sql)).toStrictEqual([
      `ALTER SEQUENCE "public"."test_id_seq" AS bigint MAXVALUE 9223372036854775807 OWNED BY NONE`,
    ]);
    expect(compileOperations(invertAll(result.operations)).map((s) => s.sql)).toStrictEqual([
      `ALTER SEQUENCE "public"."test_id_seq" AS integer MAXVALUE 2147483647 OWNED BY "public"."test"."id"`,
    ]);
  });

  it("keeps the sequence: nextval -> serial makes the column own it", () => {
    expect(compare(withNextval, withSerial).operations).toStrictEqual([
      { kind: "alterSequence", from: freeSequence, to: serialSequence },
    ]);
  });

  it("finds nothing when the spelled-out side already matches the serial exactly", () => {
    const owned = model({ tables: [table("test", [nextvalId])], sequences: [{ ...serialSequence }] });
    expect(compare(withSerial, owned)).toStrictEqual({ operations: [], log: [] });
  });

  it("drops the serial and creates the sequence when the default draws from another sequence", () => {
    const other = column("id", "integer", { nullable: false, default: "nextval('public.ids'::regclass)" });
    const ops = compare(withSerial, model({ tables: [table("test", [other])], sequences: [sequence("ids")] })).operations;
    // The serial's own sequence goes (its reset's drop stage, where the downgrade creates it again).
    expect(ops.map((op) => op.kind)).toStrictEqual(["resetPrivileges", "createSequence", "alterColumn"]);
  });
});

describe("compare: a serial column the other side has not, whose sequence it has free-standing", () => {
  const other = column("x", "integer");
  const withoutId = model({ tables: [table("test", [other])], sequences: [freeSequence] });

  it("keeps the sequence: the column dropped after its sequence is released, and owning it again in the downgrade", () => {
    const result = compare(model({ tables: [table("test", [serialId, other])] }), withoutId);
    expect(compileOperations(result.operations).map((s) => s.sql)).toStrictEqual([
      `ALTER SEQUENCE "public"."test_id_seq" AS bigint MAXVALUE 9223372036854775807 OWNED BY NONE`,
      `ALTER TABLE "public"."test" DROP COLUMN "id"`,
    ]);
    expect(compileOperations(invertAll(result.operations)).map((s) => s.sql)).toStrictEqual([
      `ALTER TABLE "public"."test" ADD COLUMN "id" integer NOT NULL DEFAULT nextval('public.test_id_seq'::regclass)`,
      `ALTER SEQUENCE "public"."test_id_seq" AS integer MAXVALUE 2147483647 OWNED BY "public"."test"."id"`,
    ]);
  });

  it("keeps the sequence: the table dropped after its sequence is released", () => {
    const result = compare(model({ tables: [table("test", [serialId])] }), model({ sequences: [freeSequence] }));
    expect(compileOperations(result.operations).map((s) => s.sql)).toStrictEqual([
      `ALTER SEQUENCE "public"."test_id_seq" AS bigint MAXVALUE 9223372036854775807 OWNED BY NONE`,
      `DROP TABLE "public"."test"`,
    ]);
  });

  it("draws on the sequence by its name as PostgreSQL prints it, quoted where it must be", () => {
    const serial = column("Id", "integer", { nullable: false, identity: { kind: "serial" } });
    const result = compare(model({ tables: [table("Test", [serial, other])] }), model({ tables: [table("Test", [other])], sequences: [sequence("Test_Id_seq")] }));
    const dropped = result.operations.find((op) => op.kind === "dropColumn");
    expect(dropped?.kind === "dropColumn" && dropped.existing?.default).toBe(`nextval('public."Test_Id_seq"'::regclass)`);
  });
});
