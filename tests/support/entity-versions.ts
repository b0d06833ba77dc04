/**
 * Test support for the e2e tests that compare autogenerate with TypeORM's synchronize(): one folder of
 * entity files per version under tests/e2e/entities/.
 */
import path from "node:path";
import { DataSource } from "typeorm";
import { resolveConfig } from "../../src/config/load-config";
import { connectPostgres } from "../../src/db";
import { diffSchema } from "../../src/api/autogenerate";
import { loadEntities } from "../../src/entities/load-entities";
import type { Operation } from "../../src/ops/operation";
import type { RenameDecider } from "../../src/api/rename-candidates";
import { createTestDatabase, type TestDatabase } from "./test-db";
import type { PgDumpOptions } from "./pg-dump";

/** The folder of an entity version: `tests/e2e/entities/<version>`. */
export function entitiesDir(version: string): string {
  return path.join(__dirname, "..", "e2e", "entities", version);
}

/**
 * What autogenerate finds between the database at `url` and the entities of `version`; `renames` answers
 * the possible renames (without it they are compared as drop + add).
 */
export async function autogenerate(
  version: string,
  url: string,
  renames?: RenameDecider,
): Promise<{ operations: readonly Operation[]; log: readonly string[]; warnings: readonly string[] }> {
  const db = await connectPostgres(url);
  try {
    return await diffSchema(resolveConfig({ entities: ["*.ts"] }, null, entitiesDir(version)), db, renames);
  } finally {
    await db.close();
  }
}

/**
 * A new database that TypeORM's synchronize() built from the entities of `version`. synchronize() does
 * not create schemas (a migration does, with createSchema), so `schemas` are created first.
 */
export async function synchronized(version: string, schemas: readonly string[] = []): Promise<TestDatabase> {
  const db = await createTestDatabase("sync");
  for (const schema of schemas) await db.query(`CREATE SCHEMA "${schema}"`);
  const entities = await loadEntities({ entities: ["*.ts"] }, entitiesDir(version));
  const ds = new DataSource({ type: "postgres", url: db.url, entities: [...entities] as Function[] });
  await ds.initialize();
  await ds.synchronize();
  await ds.destroy();
  return db;
}

/**
 * pg_dump options for comparing with a synchronize()d database: column order ignored, and TypeORM's own
 * typeorm_metadata (where synchronize() records views and generated columns) left out, since autogen
 * does not write it.
 */
export const SYNC_DUMP: PgDumpOptions = { ignoreColumnOrder: true, args: ["--exclude-table=public.typeorm_metadata"] };
