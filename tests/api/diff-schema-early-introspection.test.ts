/**
 * `diffSchema` starts introspecting before the entities load, on the config's schemas or `public`. These
 * check on PostgreSQL that the guess never leaks into the result: entities in another schema are compared
 * with that schema only, and an entity error is reported as before with the connection left usable.
 */
import path from "node:path";
import { diffSchema } from "../../src/api/autogenerate";
import { resolveConfig } from "../../src/config/load-config";
import type { Database } from "../../src/db/database";
import { connectPostgres } from "../../src/db";
import { EntityLoadError } from "../../src/entities/entity-errors";
import { applyOperations } from "../support/apply";
import { createTestDatabase, type TestDatabase } from "../support/test-db";

const PROJECT = path.join(__dirname, "fixtures", "early-introspection");

describe("diffSchema with the early introspection", () => {
  let target: TestDatabase;
  let db: Database;
  beforeAll(async () => {
    target = await createTestDatabase("early");
    await target.query("CREATE SCHEMA billing; CREATE TABLE public.stray (id integer)");
    db = await connectPostgres(target.url);
    // billing.invoice as the pipeline itself creates it (TypeORM's constraint names).
    const initial = await diffSchema(resolveConfig({ entities: ["invoice.ts"] }, null, PROJECT), db);
    expect(initial.operations.length).toBeGreaterThan(0);
    await applyOperations(target.url, initial.operations);
  });
  afterAll(async () => {
    await db.close();
    await target.drop();
  });

  it("re-reads the database on the entities' schemas when they are not the guessed `public`", async () => {
    const config = resolveConfig({ entities: ["invoice.ts"] }, null, PROJECT);
    const diff = await diffSchema(config, db);
    expect(diff.log).toEqual([]);
    expect(diff.operations).toEqual([]);
    expect(Object.keys(diff.current.tables)).toEqual(['"billing"."invoice"']);
  });

  it("uses the early result when config.schemas is set, and compares those schemas only", async () => {
    const config = resolveConfig({ entities: ["invoice.ts"], schemas: ["billing", "public"] }, null, PROJECT);
    const diff = await diffSchema(config, db);
    expect(Object.keys(diff.current.tables).sort()).toEqual(['"billing"."invoice"', '"public"."stray"']);
    expect(diff.log.join("\n")).toContain("stray");
  });

  it("reports an entity error first and leaves the connection usable", async () => {
    const broken = resolveConfig({ entities: ["broken.ts"] }, null, PROJECT);
    await expect(diffSchema(broken, db)).rejects.toThrow(EntityLoadError);
    const { rows } = await db.query<{ ok: number }>("SELECT 1 AS ok");
    expect(rows).toEqual([{ ok: 1 }]);
    const diff = await diffSchema(resolveConfig({ entities: ["invoice.ts"] }, null, PROJECT), db);
    expect(diff.operations).toEqual([]);
  });
});
