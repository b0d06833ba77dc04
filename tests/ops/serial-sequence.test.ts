import { nextvalSequence, serialSequenceDef } from "../../src/ops/serial-sequence";

describe("serial sequences", () => {
  it("reads the sequence a nextval default draws from, as pg_get_expr prints it", () => {
    expect(nextvalSequence("nextval('public.test_id_seq'::regclass)")).toStrictEqual({ schema: "public", name: "test_id_seq" });
    expect(nextvalSequence(`nextval('"My Schema"."it''s ""q"""'::regclass)`)).toStrictEqual({
      schema: "My Schema",
      name: `it's "q"`,
    });
  });

  it.each([
    null,
    "nextval('test_id_seq'::regclass)",
    "(nextval('public.s'::regclass) + 1)",
    "nextval('public.s'::text)",
    "42",
  ])("finds no sequence in %s", (text) => {
    expect(nextvalSequence(text)).toBeNull();
  });

  it("gives the sequence a serial column implies, owned by the column, with Postgres's defaults for its type", () => {
    expect(serialSequenceDef({ schema: "s", name: "t" }, "id", "smallint")).toStrictEqual({
      schema: "s",
      name: "t_id_seq",
      dataType: "smallint",
      start: "1",
      increment: "1",
      minValue: "1",
      maxValue: "32767",
      cache: "1",
      cycle: false,
      ownedBy: { table: { schema: "s", name: "t" }, column: "id" },
    });
    expect(serialSequenceDef({ schema: "s", name: "t" }, "id", "numeric")).toBeNull();
  });
});
