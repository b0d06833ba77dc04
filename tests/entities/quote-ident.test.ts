/**
 * `quoteIdent` must quote exactly where the server's `quote_ident` does, since index keys and enum type
 * names in the model are compared with text Postgres printed.
 */
import { Client } from "pg";
import { tableColumns, viewColumns } from "../../src/compare/adopt-index-options";
import { printsAs, quoteIdent, quoteIdentAlways } from "../../src/model/names";
import type { ViewDef } from "../../src/model/schema-model";
import { column, table } from "../support/model-builders";
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

  /** The samples and every keyword of the server, each with the server's quote_ident of it. */
  async function quotedByServer(): Promise<Array<{ name: string; quoted: string }>> {
    const keywords = (await client.query<{ word: string }>("SELECT word FROM pg_get_keywords()")).rows.map((r) => r.word);
    const names = [...SAMPLES, ...keywords];
    const { rows } = await client.query<{ name: string; quoted: string }>(
      "SELECT name, quote_ident(name) AS quoted FROM unnest($1::text[]) AS name",
      [names],
    );
    expect(rows.length).toBe(names.length);
    return rows;
  }

  it("agrees with quote_ident on every keyword of the server and on tricky names", async () => {
    expect((await quotedByServer()).filter((row) => quoteIdent(row.name) !== row.quoted)).toEqual([]);
  });

  it("leaves plain lowercase names bare and quotes the rest", () => {
    expect(quoteIdent("created_at")).toBe("created_at");
    expect(quoteIdent("createdAt")).toBe('"createdAt"');
    expect(quoteIdent("select")).toBe('"select"');
    expect(quoteIdent('a"b')).toBe('"a""b"');
  });

  // printsAs: a name as any major prints it.
  it("printsAs: the server's quote_ident of the name, and the name double-quoted (16+ quote more keywords than 15)", async () => {
    const rows = await quotedByServer();
    expect(rows.filter((row) => !printsAs(row.quoted, row.name) || !printsAs(quoteIdentAlways(row.name), row.name))).toEqual([]);
    // As 16 and later print some of their new keywords, which 15 leaves bare.
    for (const name of ["json", "json_table", "system_user", "merge_action"]) expect(printsAs(`"${name}"`, name)).toBe(true);
  });

  it("printsAs: no other name, and never a keyword printed bare that is no name", () => {
    expect(printsAs("json", "payload")).toBe(false);
    expect(printsAs('"Json"', "json")).toBe(false);
    expect(printsAs("true", "true")).toBe(false);
    expect(printsAs("user", "user")).toBe(false);
    expect(printsAs("userid", "userId")).toBe(false);
  });

  it("printsAs: finds a column an index key names in either printing (the index options kept for it)", () => {
    const current = table("t", [column("json", "jsonb"), column("n", "integer")]);
    const target = table("t", [column("json", "jsonb"), column("n", "bigint")]);
    for (const key of ["json", '"json"']) {
      expect(tableColumns(current, target).keepsType(key)).toBe(true);
      expect(tableColumns(current, target).has(key)).toBe(true);
    }
    expect(tableColumns(current, target).keepsType("n")).toBe(false);
    const view = { columns: ["json"], definition: "SELECT 1", materialized: true } as unknown as ViewDef;
    expect(viewColumns(view, view, () => true).keepsType('"json"')).toBe(true);
    expect(viewColumns(view, view, () => true).has("json")).toBe(true);
    expect(viewColumns(view, view, () => true).has("n")).toBe(false);
  });
});
