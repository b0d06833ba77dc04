/**
 * A serial column (or its table) dropped while its sequence stays, free-standing, where another table's
 * default may draw from it; and the other way, a serial column taking over a free-standing sequence of
 * its sequence's name. The model hides the serial's sequence behind its column; spellOutMatchingSerials
 * (src/compare/serial-sequences.ts) spells it out, so that the sequence is released (`ALTER SEQUENCE ...
 * OWNED BY NONE`) before the drop, which would take it along from under the other table's default, and the
 * downgrade's column draws on it and owns it again. Before, the comparison created a sequence of the name
 * the serial's still held ("relation a_id_seq already exists"). On PostgreSQL 15, judged by pg_dump.
 *
 * The cases share a round trip, a schema each (`sharedRoundTrip`), and assert on their own part.
 */
import { expectRoundTrip, expectShared, sharedRoundTrip } from "./catalog-round-trip";

const OTHER = "CREATE TABLE b (id bigint DEFAULT nextval('a_id_seq'));";

const shared = sharedRoundTrip({
  columnDropped: { before: `CREATE TABLE a (id bigserial, x int); ${OTHER}`, after: `CREATE TABLE a (x int); CREATE SEQUENCE a_id_seq; ${OTHER}` },
  tableDropped: { before: `CREATE TABLE a (id bigserial); ${OTHER}`, after: `CREATE SEQUENCE a_id_seq; ${OTHER}` },
  columnDroppedAlone: {
    before: "CREATE TABLE a (id serial, x int); INSERT INTO a (x) SELECT 1 FROM generate_series(1, 5);",
    after: "CREATE TABLE a (x int); CREATE SEQUENCE a_id_seq AS integer;",
    rows: "SELECT last_value FROM a_id_seq",
  },
  columnAdded: { before: `CREATE TABLE a (x int); CREATE SEQUENCE a_id_seq; ${OTHER}`, after: `CREATE TABLE a (id bigserial, x int); ${OTHER}` },
  tableCreated: { before: `CREATE SEQUENCE a_id_seq; ${OTHER}`, after: `CREATE TABLE a (id bigserial); ${OTHER}` },
  defaultRemoved: { before: `CREATE TABLE a (id bigserial); ${OTHER}`, after: "CREATE TABLE b (id bigint);" },
});

it(`in one round trip: ${shared.names}`, async () => {
  await expectShared(shared);
});

describe("a serial column's sequence kept free-standing while the column goes", () => {
  it("the column dropped, another table's default drawing from the sequence", async () => {
    expectRoundTrip(await shared.of("columnDropped"));
  });

  it("its table dropped, another table's default drawing from the sequence", async () => {
    expectRoundTrip(await shared.of("tableDropped"));
  });

  it("the column dropped, nothing else drawing from the sequence: it stays, with its position", async () => {
    const result = await shared.of("columnDroppedAlone");
    expectRoundTrip(result);
    expect(result.rows?.upgraded).toEqual([{ last_value: "5" }]);
  });
});

describe("a free-standing sequence taken over by a serial column of its name", () => {
  it("the column added, another table's default drawing from the sequence", async () => {
    expectRoundTrip(await shared.of("columnAdded"));
  });

  it("its table created, another table's default drawing from the sequence", async () => {
    expectRoundTrip(await shared.of("tableCreated"));
  });
});

describe("a default drawing on another table's serial sequence", () => {
  it("removed before that table is dropped, set again after it is created in the downgrade", async () => {
    expectRoundTrip(await shared.of("defaultRemoved"));
  });
});
