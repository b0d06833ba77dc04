/**
 * `check`, `diff ... entities` and autogenerate against a database that refuses writes. The entities are
 * normalised in temporary objects inside a transaction that is always rolled back, so nothing is ever
 * written; but a database or role with `default_transaction_read_only = on` (a CI role kept read-only on
 * purpose) refused even those, and every entity column came back as "PostgreSQL rejected N definitions
 * in the entities ... Fix the entity" (found probing server settings, 2026-12-06). The scratch transaction
 * now asks for READ WRITE, which such a default allows. A standby allows no write at all: it is named as
 * such, not blamed on the entities.
 */
import { connectPostgres } from "../../src/db/postgres";
import type { Database } from "../../src/db/database";
import { introspect } from "../../src/introspect";
import { normaliseModel } from "../../src/normalise";
import { NormaliseOnStandbyError } from "../../src/normalise/scratch-transaction";
import { check, column, enumType, index, model, table } from "../support/model-builders";
import { createTestDatabase, type TestDatabase } from "../support/test-db";
import { restartAsStandby, startCluster, stopCluster, type RunningCluster } from "../support/pg-cluster";

const raw = model({
  enums: [enumType("ro_state", ["on", "off"])],
  tables: [
    table(
      "ro_items",
      [
        column("id", "integer", { nullable: false }),
        column("state", '"public"."ro_state"', { nullable: false, default: "'on'" }),
        column("label", "varchar(40)", { default: "'x'" }),
      ],
      {
        checks: [check("CHK_ro_label", `CHECK (length("label") > 0)`)],
        indexes: [index("IDX_ro_label", ["label"], { where: `"state" = 'on'` })],
      },
    ),
  ],
});

describe("normalising the entities on a database with default_transaction_read_only = on", () => {
  let writable: TestDatabase;
  let readOnly: TestDatabase;
  beforeAll(async () => {
    writable = await createTestDatabase("norm_rw");
    readOnly = await createTestDatabase("norm_ro");
    await readOnly.query(`ALTER DATABASE "${readOnly.name}" SET default_transaction_read_only = on`);
  });
  afterAll(async () => {
    await writable?.drop();
    await readOnly?.drop();
  });

  it("gives what a writable database gives, and leaves the database as it was", async () => {
    const rw = await connectPostgres(writable.url);
    const ro = await connectPostgres(readOnly.url);
    try {
      // The setting is in force for the session: a write outside the scratch transaction is refused.
      await expect(ro.query("CREATE TABLE ro_probe (a int)")).rejects.toMatchObject({ code: "25006" });
      const expected = await normaliseModel(rw, raw);
      const got = await normaliseModel(ro, raw);
      expect(got).toEqual(expected);
      expect(got.tables['"public"."ro_items"']!.columns.map((c) => c.default)).toEqual([
        null,
        "'on'::public.ro_state",
        "'x'::character varying",
      ]);
      const after = await introspect(ro, { schemas: ["public"] });
      expect(Object.keys(after.tables)).toEqual([]);
      expect(Object.keys(after.enums)).toEqual([]);
      const { rows } = await ro.query<{ v: string }>("SELECT current_setting('default_transaction_read_only') AS v");
      expect(rows[0]!.v).toBe("on");
    } finally {
      await rw.close();
      await ro.close();
    }
  });
});

describe("normalising the entities on a standby", () => {
  let cluster: RunningCluster;
  let db: Database;
  beforeAll(async () => {
    cluster = await startCluster();
    const primary = await connectPostgres(cluster.url);
    try {
      await primary.query("CREATE TABLE kept (id int PRIMARY KEY)");
    } finally {
      await primary.close();
    }
    restartAsStandby(cluster);
    db = await connectPostgres(cluster.url);
  }, 60_000);
  afterAll(async () => {
    await db?.close();
    if (cluster) stopCluster(cluster.dir);
  });

  it("is refused as a standby's, not blamed on the entities, and the session stays usable", async () => {
    const { rows } = await db.query<{ standby: boolean }>("SELECT pg_is_in_recovery() AS standby");
    expect(rows[0]!.standby).toBe(true);
    const error = await normaliseModel(db, raw).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(NormaliseOnStandbyError);
    expect((error as Error).message).toMatch(/^The database is a standby \(in recovery\)/);
    expect((error as Error).message).toMatch(/against the primary/);
    // Reading its catalog (what `autogen diff` does) still works on the same session.
    const model = await introspect(db, { schemas: ["public"] });
    expect(Object.keys(model.tables)).toEqual(['"public"."kept"']);
  });
});
