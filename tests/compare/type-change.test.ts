import { typeChangeNeedsCast, usingCast } from "../../src/compare/type-change";
import { qualifiedNameParts, typeNamesEnum, typeShape, unquoteIdentifier } from "../../src/compare/type-text";

describe("type change casts", () => {
  it.each([
    ["character varying(120)", "character varying(200)"],
    ["character varying", "text"],
    ["text", "character varying(50)"],
    ["integer", "bigint"],
    ["numeric(10,2)", "numeric"],
    ["timestamp(3) without time zone", "timestamp with time zone"],
    ["interval", "interval year to month"],
    ["integer[]", "bigint[]"],
    ["json", "jsonb"],
    ["public.mood", "text"],
  ])("%s -> %s needs no USING", (from, to) => {
    expect(typeChangeNeedsCast(from, to)).toBe(false);
    expect(usingCast("c", from, to)).toBeNull();
  });

  it.each([
    ["text", "integer", '"c"::integer'],
    ["integer", "boolean", '"c"::boolean'],
    ["text", "uuid", '"c"::uuid'],
    ["text", "public.mood", '"c"::public.mood'],
    ["integer", "integer[]", '"c"::integer[]'],
    ["text[]", "integer[]", '"c"::integer[]'],
    ["jsonb", "public.\"Weird(1)\"", '"c"::public."Weird(1)"'],
  ])("%s -> %s needs USING %s", (from, to, using) => {
    expect(usingCast("c", from, to)).toBe(using);
  });

  it("quotes the column in the cast", () => {
    expect(usingCast('Odd "name"', "text", "integer")).toBe('"Odd ""name"""::integer');
  });
});

describe("type texts", () => {
  it("splits a format_type text into base type and array flag", () => {
    expect(typeShape("character varying(20)[]")).toStrictEqual({ base: "character varying", array: true });
    expect(typeShape("timestamp(6) with time zone")).toStrictEqual({ base: "timestamp with time zone", array: false });
    expect(typeShape("numeric(10,-2)")).toStrictEqual({ base: "numeric", array: false });
  });

  it("reads identifiers and qualified names", () => {
    expect(unquoteIdentifier('"Order ""x"""')).toBe('Order "x"');
    expect(unquoteIdentifier("user_id")).toBe("user_id");
    expect(unquoteIdentifier("lower(email)")).toBeNull();
    expect(qualifiedNameParts('"My Schema".mood')).toStrictEqual(["My Schema", "mood"]);
    expect(qualifiedNameParts("character varying(2)")).toBeNull();
    expect(qualifiedNameParts("a.")).toBeNull();
    expect(typeNamesEnum('"a.b"."c"[]', "a.b", "c")).toStrictEqual({ array: true });
    expect(typeNamesEnum("public.mood_x", "public", "mood")).toBeNull();
  });
});
