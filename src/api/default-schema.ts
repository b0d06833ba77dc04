/**
 * Where an entity that names no schema (and whose DataSource sets none) lives: where TypeORM puts it on the
 * same connection. TypeORM (0.3 and 1.x) reads the session's `current_schema()` when it connects (the first
 * schema of its `search_path` that exists: `ALTER ROLE/DATABASE ... SET search_path`, or the connection's
 * `options`) and creates and queries such tables there, unqualified. Comparing them in `public` regardless
 * wrote migrations that put the tables where the application never looks (found probing server settings,
 * 2026-12-06). The config's `defaultSchema` says it outright: the databases `--shadow` and `autogen test`
 * make have `public` only, so a project whose server puts its tables elsewhere needs it there.
 */
import type { ResolvedConfig } from "../config/config";
import type { Queryable } from "../db/database";

/** The schema TypeORM gives entities without one on `db`'s connection: `public` when its search_path names none that exists. */
export async function sessionDefaultSchema(db: Queryable): Promise<string> {
  const { rows } = await db.query<{ schema: string | null }>("SELECT pg_catalog.current_schema()::text AS schema");
  return rows[0]?.schema ?? "public";
}

/** Where entities without a schema are compared: the config's `defaultSchema`, else `db`'s current schema. */
export async function entityDefaultSchema(config: Pick<ResolvedConfig, "defaultSchema">, db: Queryable): Promise<string> {
  return config.defaultSchema ?? (await sessionDefaultSchema(db));
}

/**
 * A warning when the entities go to a schema other than `public` because the connection's search_path says
 * so and the config does not: the databases of `--shadow` and `autogen test` would put them in `public`.
 */
export function defaultSchemaWarning(config: Pick<ResolvedConfig, "defaultSchema">, schema: string): string | null {
  if (config.defaultSchema !== null || schema === "public") return null;
  return (
    `Entities that name no schema are compared in "${schema}", this connection's current schema (its ` +
    `search_path), where TypeORM puts them. Set defaultSchema: "${schema}" in the config to say so outright: the ` +
    `databases of --shadow and autogen test have public only.`
  );
}
