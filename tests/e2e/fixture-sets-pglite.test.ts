/**
 * Every entity fixture set of the project (tests/e2e/fixture-set-list.ts) through the same loop as
 * fixture-sets.test.ts, on the embedded database (PGlite, PostgreSQL 18), which shadow mode and the
 * zero-setup default use: both sides normalised by the same Postgres must agree there too. One of the
 * slow matrices (`npm run test:slow`, jest.slow.config.js), which CI runs after `npm test`.
 */
import { resolveConfig } from "../../src/config/load-config";
import { openEphemeral } from "../../src/db";
import { compileOperations } from "../../src/sql/compile";
import { diffSchema } from "../../src/api/autogenerate";
import { invertAll } from "../../src/ops/invert";
import path from "node:path";
import { FIXTURE_SETS as SETS, ROOT as root } from "./fixture-set-list";

describe.each(SETS)("$name on PGlite", ({ dir, source }) => {
  it("initial migration applies, then autogenerate finds nothing, and the downgrade applies", async () => {
    const projectDir = path.join(root, dir);
    const config = resolveConfig(source, null, projectDir);
    const db = await openEphemeral();
    try {
      const initial = await diffSchema(config, db);
      expect(initial.operations.length).toBeGreaterThan(0);
      const apply = async (ops: Parameters<typeof compileOperations>[0]) => {
        for (const statement of compileOperations(ops)) await db.query(statement.sql, statement.params);
      };
      await apply(initial.operations);
      expect((await diffSchema(config, db)).operations).toEqual([]);
      await apply(invertAll(initial.operations));
      expect((await diffSchema(config, db)).operations).toEqual(initial.operations);
    } finally {
      await db.close();
    }
  });
});
