/**
 * A column whose collation alone changes is altered with `ALTER COLUMN ... TYPE t COLLATE c`, which
 * PostgreSQL treats as a retype: it refuses it under a view, materialized view or rule reading the column
 * ("cannot alter type of a column used by a view or rule"), a trigger's WHEN, a policy, a generated
 * column or a BEGIN ATOMIC function. Only a new type made those make way (dropped before and created
 * again after); a new collation now does too. On PostgreSQL 15, judged by pg_dump.
 *
 * The cases share one round trip, a schema each (sharedRoundTrip: `public` in what a test expects is its schema).
 */
import { expectRoundTrip, expectShared, roundTrip, sharedRoundTrip } from "./catalog-round-trip";

/** `t` with `name` as `collation` says, and `readers` of it. */
const TABLE = (collation: string, readers: string) => `CREATE TABLE t (id int, name text${collation}); ${readers}`;
const pair = (readers: string) => ({ before: TABLE("", readers), after: TABLE(` COLLATE "C"`, readers) });

const shared = sharedRoundTrip({
  view: pair(`CREATE VIEW v AS SELECT name FROM t ORDER BY name; CREATE MATERIALIZED VIEW mv AS SELECT name FROM t; CREATE INDEX mv_name ON mv (name);`),
  trigger: pair(
    `CREATE FUNCTION f() RETURNS trigger LANGUAGE plpgsql AS $$BEGIN RETURN NEW; END$$;
     CREATE TRIGGER tr BEFORE UPDATE ON t FOR EACH ROW WHEN (NEW.name <> OLD.name) EXECUTE FUNCTION f();`,
  ),
  policy: pair(`ALTER TABLE t ENABLE ROW LEVEL SECURITY; CREATE POLICY p ON t USING (name > 'a');`),
  generated: pair(`ALTER TABLE t ADD COLUMN up text GENERATED ALWAYS AS (upper(name)) STORED;`),
  rule: pair(`CREATE TABLE l (x text); CREATE RULE r AS ON UPDATE TO t WHERE NEW.name > 'm' DO ALSO INSERT INTO l VALUES (NEW.name);`),
  atomic: pair(`CREATE FUNCTION firsts() RETURNS text LANGUAGE sql BEGIN ATOMIC SELECT min(name) FROM t; END;`),
});

describe("a column's collation changed under what reads it", () => {
  it("a view and a materialized view (with its index) are dropped before and created again after", async () => {
    const result = await shared.of("view");
    expectRoundTrip(result);
    const at = (sql: string) => result.upgradeSql.indexOf(shared.in("view")(sql));
    expect(at(`DROP VIEW "public"."v"`)).toBeLessThan(at(`ALTER TABLE "public"."t" ALTER COLUMN "name" TYPE text COLLATE "C"`));
  });

  it("a trigger whose WHEN reads it", async () => {
    expectRoundTrip(await shared.of("trigger"));
  });

  it("a policy", async () => {
    expectRoundTrip(await shared.of("policy"));
  });

  it("a generated column", async () => {
    expectRoundTrip(await shared.of("generated"));
  });

  it("a rule", async () => {
    expectRoundTrip(await shared.of("rule"));
  });

  it("a BEGIN ATOMIC function", async () => {
    expectRoundTrip(await shared.of("atomic"));
  });

  it(`the shared round trip (${shared.names}): A reaches B and comes back; each statement is one case's`, () => expectShared(shared));

  it("keeps the rows", async () => {
    const readers = `CREATE VIEW v AS SELECT name FROM t;`;
    const result = await roundTrip({ before: TABLE("", readers) + "INSERT INTO t VALUES (1, 'b'), (2, 'A');", after: TABLE(` COLLATE "C"`, readers), rows: "SELECT * FROM v ORDER BY name" });
    expectRoundTrip(result);
    expect(result.rows!.upgraded).toEqual([{ name: "A" }, { name: "b" }]);
    expect(result.rows!.downgraded).toEqual(result.rows!.original);
  });
});
