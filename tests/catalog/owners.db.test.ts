/**
 * Owners of objects a migration drops and creates again. Found by probing PostgreSQL 15 (2026-12-05): a
 * view recreated because a column it reads is retyped (entity mode too), an enum rebuilt to remove a label,
 * come back owned by the role that runs the migration. Owners are not in the model, and the migration may
 * run on another database than the one it was generated from (whose owners it cannot know), so they would
 * have to be read when the migration runs. Named known failures until then.
 */
import { compare } from "../../src/compare";
import { ENTITY_MANAGED_KINDS } from "../../src/compare/managed-kinds";
import { applyOperations } from "../support/apply";
import { createTestDatabase } from "../support/test-db";
import { asEntitySide, ensureRoles, readModel } from "./catalog-round-trip";

async function ownerAfterMigration(before: string, after: string, owned: string): Promise<string> {
  await ensureRoles(["autogen_app_owner"]);
  const a = await createTestDatabase("own_a");
  const b = await createTestDatabase("own_b");
  try {
    await a.query(before);
    await b.query(after);
    const ops = compare(await readModel(a.url, ["public"]), asEntitySide(await readModel(b.url, ["public"])), { manage: ENTITY_MANAGED_KINDS }).operations;
    await applyOperations(a.url, ops);
    const rows = await a.query(`SELECT pg_get_userbyid(${owned}) AS owner`);
    return (rows[0] as { owner: string }).owner;
  } finally {
    await Promise.all([a.drop(), b.drop()]);
  }
}

describe("known failures: owners of recreated objects", () => {
  it.failing("[known failure] a view recreated around a retyped column keeps its owner", async () => {
    const sql = (type: string) =>
      `CREATE TABLE t (a ${type}); CREATE VIEW v AS SELECT a FROM t; ALTER TABLE t OWNER TO autogen_app_owner; ALTER VIEW v OWNER TO autogen_app_owner;`;
    expect(await ownerAfterMigration(sql("int"), sql("bigint"), "(SELECT relowner FROM pg_class WHERE oid = 'v'::regclass)")).toBe("autogen_app_owner");
  });

  it.failing("[known failure] an enum rebuilt to remove a label keeps its owner", async () => {
    const sql = (labels: string) =>
      `CREATE TYPE e AS ENUM (${labels}); CREATE TABLE t (x e); ALTER TYPE e OWNER TO autogen_app_owner; ALTER TABLE t OWNER TO autogen_app_owner;`;
    expect(await ownerAfterMigration(sql("'a', 'b', 'c'"), sql("'a', 'b'"), "(SELECT typowner FROM pg_type WHERE oid = 'e'::regtype)")).toBe("autogen_app_owner");
  });
});
