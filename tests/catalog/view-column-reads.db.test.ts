/**
 * PostgreSQL refuses to retype or drop a column that a view reads, and only such a column. A view, and
 * above all a materialized view (dropping it takes its rows until the next refresh, which may take long),
 * is dropped and created again around the change of a column it reads, not of any column of the tables
 * it reads. A whole-row reference (`SELECT t FROM t`) reads every column. On PostgreSQL 15, with the
 * derived downgrade, against pg_dump.
 */
import type { Operation } from "../../src/ops/operation";
import { expectRoundTrip, roundTrip } from "./catalog-round-trip";

const START = `
  CREATE TABLE t (id int PRIMARY KEY, a text, b text, c text);
  INSERT INTO t VALUES (1, 'x', 'y', 'z');
  CREATE MATERIALIZED VIEW counts AS SELECT id, count(*) AS n FROM t GROUP BY id;
  CREATE VIEW reads_a AS SELECT id, a FROM t;
  CREATE VIEW whole AS SELECT t FROM t;`;

const viewsDropped = (ops: readonly Operation[]) => ops.flatMap((op) => (op.kind === "dropView" ? [op.view.name] : [])).sort();

describe("views around changed columns", () => {
  it("are left in place when the columns changed are not ones they read", async () => {
    const result = await roundTrip({
      before: START,
      after: START.replace("b text, c text", "b varchar(10)").replace("'y', 'z'", "'y'"),
    });
    expectRoundTrip(result);
    // The whole-row reference reads every column: that view alone is in the way.
    expect(viewsDropped(result.upgrade)).toEqual(["whole"]);
    expect(result.upgradeSql).toContain('ALTER TABLE "public"."t" ALTER COLUMN "b" TYPE character varying(10)');
    expect(result.upgradeSql).toContain('ALTER TABLE "public"."t" DROP COLUMN "c"');
  });

  it("are dropped and created again around a column they read", async () => {
    const result = await roundTrip({ before: START, after: START.replace("(id int PRIMARY KEY, a text", "(id bigint PRIMARY KEY, a varchar(20)") });
    expectRoundTrip(result);
    expect(viewsDropped(result.upgrade)).toEqual(["counts", "reads_a", "whole"]);
  });
});
