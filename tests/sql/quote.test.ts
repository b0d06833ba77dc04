import { Client } from "pg";
import { isParenthesized, isPlainIdentifier, parenthesize } from "../../src/sql/expression";
import {
  quoteColumnRef,
  quoteIdent,
  quoteLiteral,
  quoteTable,
  regclassLiteral,
  UnrepresentableLiteralError,
} from "../../src/sql/quote";
import { makeObjectName, serialSequenceRef } from "../../src/ops/serial-sequence";
import { createTestDatabase, type TestDatabase } from "../support/test-db";

describe("quoting", () => {
  it("always double-quotes identifiers and doubles embedded quotes", () => {
    expect(quoteIdent("users")).toBe('"users"');
    expect(quoteIdent('My "Table"')).toBe('"My ""Table"""');
    expect(quoteTable({ schema: "Sales", name: "order" })).toBe('"Sales"."order"');
    expect(quoteColumnRef({ schema: "s", name: "t" }, "C")).toBe('"s"."t"."C"');
    expect(regclassLiteral({ schema: "s", name: "it's" })).toBe(`'"s"."it''s"'::regclass`);
  });

  it("writes literals read alike whatever standard_conforming_strings says, and refuses NUL", () => {
    expect(quoteLiteral("it's ✓")).toBe("'it''s ✓'");
    expect(quoteLiteral("it's a \\ ✓")).toBe("E'it''s a \\\\ ✓'");
    expect(() => quoteLiteral("a\u0000b")).toThrow(UnrepresentableLiteralError);
  });

  it("tells plain identifiers from expressions, and wraps only when needed", () => {
    expect(["name", '"Name"', '"a ""b"""', "été"].every(isPlainIdentifier)).toBe(true);
    expect(["lower(name)", "a + b", '"a".b', "Name", '"a"b"'].some(isPlainIdentifier)).toBe(false);
    expect(isParenthesized("(a + 1)")).toBe(true);
    expect(isParenthesized("(a) + (b)")).toBe(false);
    expect(isParenthesized("(a).b")).toBe(false);
    expect(isParenthesized(`(x = ')(')`)).toBe(true);
    expect(isParenthesized(`("a)" + 1)`)).toBe(true);
    expect(parenthesize("lower(b)")).toBe("(lower(b))");
    expect(parenthesize("(a > 1)")).toBe("(a > 1)");
  });
});

describe("serial sequence names", () => {
  let db: TestDatabase;
  let client: Client;
  beforeAll(async () => {
    db = await createTestDatabase("sql_quote");
    client = new Client({ connectionString: db.url });
    await client.connect();
  });
  afterAll(async () => {
    await client.end();
    await db.drop();
  });

  it.each([
    ["short", "id"],
    ["t".repeat(60), "id"],
    ["a".repeat(40), "b".repeat(40)],
    ["ü".repeat(30), "identifier_é"],
    ['With "Quotes"', "Col"],
  ])("names the sequence of %s.%s the way PostgreSQL does", async (tableName, column) => {
    await client.query(`CREATE TABLE ${quoteIdent(tableName)} (${quoteIdent(column)} serial)`);
    const [row] = (
      await client.query(`SELECT pg_get_serial_sequence($1, $2) AS s`, [
        quoteTable({ schema: "public", name: tableName }),
        column,
      ])
    ).rows;
    const expected = serialSequenceRef({ schema: "public", name: tableName }, column);
    const [check] = (
      await client.query(`SELECT $1::regclass = $2::regclass AS same`, [
        quoteTable(expected),
        row.s,
      ])
    ).rows;
    expect(check.same).toBe(true);
    expect(Buffer.byteLength(makeObjectName(tableName, column, "seq"))).toBeLessThanOrEqual(63);
  });
});
