/**
 * Every entity fixture set of the project, through the whole pipeline on PostgreSQL 15: the initial
 * migration equals TypeORM's synchronize() (pg_dump, column order ignored), a second autogenerate finds
 * nothing, and the derived downgrade leaves an empty schema. The same loop on the embedded database:
 * fixture-sets-pglite.test.ts.
 */
import path from "node:path";
import { DataSource } from "typeorm";
import { resolveConfig } from "../../src/config/load-config";
import { connectPostgres } from "../../src/db";
import { diffSchema } from "../../src/api/autogenerate";
import { invertAll } from "../../src/ops/invert";
import { loadEntitySet } from "../../src/entities/load-entities";
import { createTestDatabase } from "../support/test-db";
import { pgDump } from "../support/pg-dump";
import { applyOperations } from "../support/apply";
import { FIXTURE_SETS as SETS, ROOT as root } from "./fixture-set-list";

describe.each(SETS)("$name", ({ dir, source, schemas }) => {
  it("synchronize()'s database compares clean; initial migration == synchronize(); then no changes; downgrade empties the database", async () => {
    const projectDir = path.join(root, dir);
    const target = await createTestDatabase("fx");
    const synced = await createTestDatabase("fxsync");
    try {
      const config = resolveConfig(source, null, projectDir);
      const set = await loadEntitySet(
        "dataSource" in source ? { dataSource: path.join(projectDir, source.dataSource) } : source,
        projectDir,
      );
      for (const schema of schemas ?? []) await synced.query(`CREATE SCHEMA "${schema}"`);
      const ds = new DataSource({ ...(set.options as object), type: "postgres", url: synced.url, entities: [...set.entities] as Function[] });
      await ds.initialize();
      await ds.synchronize();
      await ds.destroy();

      const run = async (url = target.url) => {
        const db = await connectPostgres(url);
        try {
          return await diffSchema(config, db);
        } finally {
          await db.close();
        }
      };
      // A database TypeORM created compares clean: an existing project can adopt autogen with `stamp`.
      expect((await run(synced.url)).operations).toEqual([]);
      const empty = pgDump(target.url);
      const initial = await run();
      await applyOperations(target.url, initial.operations);
      // synchronize() records views and generated columns in its own table, which autogen leaves alone.
      const args = ["--exclude-table=public.typeorm_metadata"];
      const loose = { ignoreColumnOrder: true, ignoreStatementOrder: true };
      expect(pgDump(target.url, loose)).toEqual(pgDump(synced.url, { ...loose, args }));
      expect((await run()).operations).toEqual([]);
      await applyOperations(target.url, invertAll(initial.operations));
      expect(pgDump(target.url)).toEqual(empty);
    } finally {
      await target.drop();
      await synced.drop();
    }
  });
});
