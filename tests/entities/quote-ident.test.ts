/**
 * `quoteIdent` must quote exactly where the server's `quote_ident` does, since index keys and enum type
 * names in the model are compared with text Postgres printed.
 */
import { Client } from "pg";
import { quoteIdent } from "../../src/model/names";
import { serverUrl } from "../support/test-db";

const SAMPLES = [
  "id",
  "user_id",
  "_private",
  "a1",
  "userId",
  "UserAccount",
  "1abc",
  "a$b",
  "with space",
  'quote"d',
  "é",
  "",
  "order",
  "user",
  "year",
  "name",
  "int",
  "between",
  "json",
];

describe("quoteIdent", () => {
  let client: Client;
  beforeAll(async () => {
    client = new Client({ connectionString: serverUrl() });
    await client.connect();
  });
  afterAll(async () => {
    await client.end();
  });

  it("agrees with quote_ident on every keyword of the server and on tricky names", async () => {
    const keywords = (await client.query<{ word: string }>("SELECT word FROM pg_get_keywords()")).rows.map((r) => r.word);
    const names = [...SAMPLES, ...keywords];
    const { rows } = await client.query<{ name: string; quoted: string }>(
      "SELECT name, quote_ident(name) AS quoted FROM unnest($1::text[]) AS name",
      [names],
    );
    expect(rows.length).toBe(names.length);
    expect(rows.filter((row) => quoteIdent(row.name) !== row.quoted)).toEqual([]);
  });

  it("leaves plain lowercase names bare and quotes the rest", () => {
    expect(quoteIdent("created_at")).toBe("created_at");
    expect(quoteIdent("createdAt")).toBe('"createdAt"');
    expect(quoteIdent("select")).toBe('"select"');
    expect(quoteIdent('a"b')).toBe('"a""b"');
  });
});
