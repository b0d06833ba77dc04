/**
 * The options of a serial column's sequence (INCREMENT, START, CACHE, MINVALUE, ...), which a legacy
 * database sets with `ALTER SEQUENCE t_id_seq INCREMENT 10 START 1000` (invoice numbers, ids spaced for
 * shards). An identity column's are read and migrated; a serial column's are not read at all
 * (`ColumnIdentity` of kind `serial` holds only the sequence's name): a diff to a database that has them
 * finds nothing, and a migration that creates the sequence again (the derived downgrade of a dropped
 * serial column, a table created again) gives it PostgreSQL's defaults. Known broken, kept as failing
 * tests until the model says them. On PostgreSQL 15, judged by pg_dump.
 */
import { expectRoundTrip, roundTrip } from "./catalog-round-trip";

const OPTIONS = "ALTER SEQUENCE t_id_seq INCREMENT 10 START 1000 RESTART 1000 CACHE 20;";

describe("a serial column's sequence options", () => {
  it.failing("are compared: a diff to a database whose serial sequence has INCREMENT, START and CACHE sets them", async () => {
    const result = await roundTrip({ before: "CREATE TABLE t (id serial, at date);", after: `CREATE TABLE t (id serial, at date); ${OPTIONS}` });
    expect(result.upgrade).not.toEqual([]);
    expectRoundTrip(result);
  });

  it.failing("come back with the column in the derived downgrade of its drop", async () => {
    const result = await roundTrip({ before: `CREATE TABLE t (id serial, at date); ${OPTIONS}`, after: "CREATE TABLE t (at date);" });
    expect(result.upgradeSql).toEqual([`ALTER TABLE "public"."t" DROP COLUMN "id"`]);
    expect(result.downgraded).toEqual(result.original);
  });
});
