/**
 * The schemas a migration history uses before any migration of it creates them. The server the history was
 * written against had them: made by hand before the history began, or the schema unqualified entities land
 * in by the connection's search_path (src/api/default-schema.ts), which autogenerate never creates since it
 * exists. A fresh database (the shadow of `--shadow` and `autogen diff ... migrations`, those of `autogen
 * test`) has `public` only, so the replay stopped at the first table in one: "schema "app" does not exist".
 * They are created there first, as the server had them; a schema a migration creates before anything uses it
 * is left to that migration.
 *
 * Which schemas a migration uses is read from its recorded operations (every `schema` a table, type,
 * extension, key reference or grant names), not from raw SQL. A migration that cannot be recorded (one calling
 * `op.inspect()`) ends the reading: the replay then meets what it meets, as before.
 */
import type { Database } from "../db/database";
import type { Operation } from "../ops/operation";
import { recordingOps } from "../ops/recording-ops";
import { planUpgrade } from "../revision/plan";
import type { ScriptDirectory } from "../revision/script-directory";
import { compileCreateSchema } from "../sql/compile-namespaces";

/** Every schema name an operation holds, at any depth (`schema` properties). */
function schemasIn(value: unknown, into: Set<string>): void {
  if (Array.isArray(value)) {
    for (const item of value) schemasIn(item, into);
    return;
  }
  if (typeof value !== "object" || value === null) return;
  for (const [key, inner] of Object.entries(value)) {
    if (key === "schema" && typeof inner === "string") into.add(inner);
    else schemasIn(inner, into);
  }
}

/** The schemas the history up to `targets` uses before creating them, in the order it first uses them. */
export async function assumedSchemas(scripts: ScriptDirectory, targets: readonly string[]): Promise<string[]> {
  const seen = new Set<string>();
  const created = new Set<string>();
  const assumed: string[] = [];
  for (const target of targets) {
    for (const step of planUpgrade(scripts.graph, [], target).steps) {
      if (seen.has(step.revision.id)) continue;
      seen.add(step.revision.id);
      const module = scripts.modules.get(step.revision.id);
      if (module === undefined) return assumed;
      const op = recordingOps();
      try {
        await module.upgrade(op);
      } catch {
        return assumed; // op.inspect(), or a failure the replay reports itself
      }
      for (const operation of op.operations as readonly Operation[]) {
        if (operation.kind === "createSchema") {
          created.add(operation.schema);
          continue;
        }
        const used = new Set<string>();
        schemasIn(operation, used);
        for (const schema of used) {
          if (created.has(schema) || assumed.includes(schema)) continue;
          assumed.push(schema);
        }
      }
    }
  }
  return assumed;
}

/**
 * Creates on fresh `db` the schemas the history up to `targets` assumes (see the file comment), each only
 * where missing (`ifMissing`, as a migration creates `public`); `public`, which a fresh database has, costs no
 * round trip.
 */
export async function createAssumedSchemas(db: Database, scripts: ScriptDirectory, targets: readonly string[]): Promise<void> {
  for (const schema of await assumedSchemas(scripts, targets)) {
    if (schema === "public" || schema.startsWith("pg_")) continue;
    for (const { sql } of compileCreateSchema({ kind: "createSchema", schema, ifMissing: true })) await db.query(sql);
  }
}
