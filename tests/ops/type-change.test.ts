import { typeChangeNeedsCast, usingCast } from "../../src/ops/type-change";
import { qualifiedNameParts, typeNamesEnum, typeShape, unquoteIdentifier } from "../../src/ops/type-text";

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
    ["public.mood", "character varying(20)"],
  ])("%s -> %s needs no USING", (from, to) => {
    expect(typeChangeNeedsCast(from, to)).toBe(false);
    expect(usingCast("c", from, to)).toBeNull();
  });

  it.each([
    ["text", "integer", '"c"::integer'],
    ["integer", "boolean", '"c"::boolean'],
    ["text", "uuid", '"c"::uuid'],
    // Built-in types without a cast between them (a serial key made a uuid key): through the text form.
    ["integer", "uuid", '"c"::text::uuid'],
    ["uuid", "bigint", '"c"::text::bigint'],
    ["date", "integer", '"c"::text::integer'],
    ["boolean", "bigint", '"c"::text::bigint'],
    ["integer[]", "uuid[]", '"c"::text[]::uuid[]'],
    ["jsonb", "integer", '"c"::integer'],
    ["text", "public.mood", '"c"::public.mood'],
    // No cast makes a value an array: it becomes the one element (NULL stays NULL); back, the first element.
    ["integer", "integer[]", 'CASE WHEN "c" IS NULL THEN NULL ELSE ARRAY["c"]::integer[] END'],
    ["text", "integer[]", 'CASE WHEN "c" IS NULL THEN NULL ELSE ARRAY["c"::integer]::integer[] END'],
    ["integer[]", "integer", '"c"[1]'],
    ["text[]", "public.e", '"c"[1]::public.e'],
    ["public.e[]", "integer", '"c"[1]::text::integer'],
    ["text[]", "integer[]", '"c"::integer[]'],
    ["jsonb", "public.\"Weird(1)\"", '"c"::text::public."Weird(1)"'],
    // A user-defined type has no cast but the I/O conversion from a string type: go through text.
    ["public.e1", "other.e2", '"c"::text::other.e2'],
    ['"My Schema"."E"', "public.e", '"c"::text::public.e'],
    ["public.e1[]", "public.e2[]", '"c"::text[]::public.e2[]'],
    ["public.e", "integer", '"c"::text::integer'],
    ["integer", "public.e", '"c"::text::public.e'],
    ["character varying(20)", "public.e", '"c"::public.e'],
    ["text[]", "public.e[]", '"c"::public.e[]'],
    ["public.e", "public.e[]", 'CASE WHEN "c" IS NULL THEN NULL ELSE ARRAY["c"]::public.e[] END'],
    ["public.e1", "public.e2[]", 'CASE WHEN "c" IS NULL THEN NULL ELSE ARRAY["c"::text::public.e2]::public.e2[] END'],
    ["public.e[]", "text[]", '"c"::text[]'],
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
