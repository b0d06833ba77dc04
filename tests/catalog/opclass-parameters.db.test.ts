/**
 * An index key's operator class parameters (`tsvector_ops (siglen = 100)`, pg_trgm's `gist_trgm_ops
 * (siglen = 32)`), which PostgreSQL keeps in the index column's attoptions and pg_get_indexdef prints after
 * the class: they were not read, so a diff to a database that has them found nothing, and an index created
 * (or created again) lost them. Read now as pg_get_indexdef prints them, with the class named even where
 * it is the default. On PostgreSQL 15, judged by pg_dump.
 *
 * The cases share one round trip, a schema each (sharedRoundTrip: `public` in what a test expects is its schema).
 */
import { expectRoundTrip, expectShared, sharedRoundTrip } from "./catalog-round-trip";

const TABLE = "CREATE TABLE t (id int, doc tsvector);";
const INDEX = (key: string) => `${TABLE} CREATE INDEX t_doc ON t USING gist (${key});`;

const shared = sharedRoundTrip({
  created: { before: TABLE, after: INDEX("doc tsvector_ops (siglen = 100)") },
  changed: { before: INDEX("doc tsvector_ops (siglen = 100)"), after: INDEX("doc tsvector_ops (siglen = 200)") },
  added: { before: INDEX("doc"), after: INDEX("doc tsvector_ops (siglen = 100)") },
  matview: {
    before: `${TABLE} CREATE MATERIALIZED VIEW mv AS SELECT doc FROM t;`,
    after: `${TABLE} CREATE MATERIALIZED VIEW mv AS SELECT doc FROM t; CREATE INDEX mv_doc ON mv USING gist (doc tsvector_ops (siglen = 100));`,
  },
});

describe("an index key's operator class parameters", () => {
  it("are created with the index", async () => {
    const result = await shared.of("created");
    expect(result.upgradeSql).toEqual([shared.in("created")(`CREATE INDEX "t_doc" ON "public"."t" USING gist (doc tsvector_ops (siglen='100'))`)]);
    expectRoundTrip(result);
  });

  it("changed: the index is dropped and created again", async () => {
    const result = await shared.of("changed");
    expect(result.upgrade.map((op) => op.kind)).toEqual(["dropIndex", "createIndex"]);
    expectRoundTrip(result);
  });

  it("given to the default class: the index is dropped and created again", async () => {
    const result = await shared.of("added");
    expect(result.upgrade.map((op) => op.kind)).toEqual(["dropIndex", "createIndex"]);
    expectRoundTrip(result);
  });

  it("on a materialized view's index", async () => {
    expectRoundTrip(await shared.of("matview"));
  });

  it(`the shared round trip (${shared.names}): A reaches B and comes back; each statement is one case's`, () => expectShared(shared));
});
