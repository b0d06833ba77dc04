/**
 * Known broken: a serial column (or its table) dropped while its sequence stays, free-standing, because
 * another table's default draws from it. The model hides the serial's sequence behind its column, and
 * spellOutMatchingSerials (src/compare/serial-sequences.ts) spells it out only where the other side keeps
 * the column with a `nextval` default: here the comparison creates a sequence of the name the serial's
 * already holds ("relation a_id_seq already exists"), and the DROP would take the sequence along from under
 * the other table's default. What it needs: `ALTER SEQUENCE ... OWNED BY NONE` before the drop, and the
 * downgrade's column owning it again. On PostgreSQL 15, judged by pg_dump.
 */
import { expectRoundTrip, roundTrip } from "./catalog-round-trip";

const OTHER = "CREATE TABLE b (id bigint DEFAULT nextval('a_id_seq'));";

describe("a serial column's sequence kept free-standing while the column goes", () => {
  it.failing("the column dropped, another table's default drawing from the sequence", async () => {
    const result = await roundTrip({
      before: `CREATE TABLE a (id bigserial, x int); ${OTHER}`,
      after: `CREATE TABLE a (x int); CREATE SEQUENCE a_id_seq; ${OTHER}`,
    });
    expectRoundTrip(result);
  });

  it.failing("its table dropped, another table's default drawing from the sequence", async () => {
    const result = await roundTrip({ before: `CREATE TABLE a (id bigserial); ${OTHER}`, after: `CREATE SEQUENCE a_id_seq; ${OTHER}` });
    expectRoundTrip(result);
  });
});
