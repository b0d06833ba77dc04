/**
 * A table the comparison creates whose name another relation already has, where the comparison cannot
 * see it, so the migration may not do what it seems to:
 * - a table of a schema the comparison does not cover: often the entity's own table, left in the schema
 *   the entity moved from, when that schema is out of the comparison (the config's `schemas` leaves it
 *   out, or the history predates the `comparedSchemas` record, see src/revision/compared-schemas.ts). The
 *   comparison cannot know (an unrelated table of another schema may have any name, and is never moved
 *   nor dropped), so it says so, and the user decides;
 * - a foreign table of the same schema (an entity mapped over postgres_fdw), which the model does not
 *   describe: the CREATE TABLE cannot apply. The entity wants `synchronize: false`, or the config's
 *   `exclude`.
 */
import type { Queryable } from "../db/database";
import type { Operation } from "../ops/operation";

const NAMESAKES = `
SELECT n.nspname::text AS schema, c.relname::text AS name, c.relkind::text AS kind,
  (SELECT s.srvname::text FROM pg_foreign_table f JOIN pg_foreign_server s ON s.oid = f.ftserver WHERE f.ftrelid = c.oid) AS server
FROM pg_class c
JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE c.relkind IN ('r', 'p', 'f')
  AND c.relname = ANY ($1::text[])
  AND (c.relkind = 'f' OR NOT (n.nspname = ANY ($2::text[])))
  AND n.nspname NOT LIKE 'pg\\_%'
  AND n.nspname <> 'information_schema'
ORDER BY 2, 1`;

interface Namesake {
  readonly schema: string;
  readonly name: string;
  readonly kind: "r" | "p" | "f";
  readonly server: string | null;
}

/**
 * One warning per table `operations` create that has a namesake in a schema out of `schemas`, or a
 * foreign table of its name in its own schema; none (and no query) when they create no table.
 */
export async function namesakeWarnings(db: Queryable, operations: readonly Operation[], schemas: readonly string[]): Promise<string[]> {
  const created = operations.flatMap((op) => (op.kind === "createTable" ? [op.table] : []));
  if (created.length === 0) return [];
  const { rows } = await db.query<Namesake>(NAMESAKES, [[...new Set(created.map((t) => t.name))], [...schemas]]);
  return created.flatMap((table) =>
    rows
      .filter((row) => row.name === table.name)
      .flatMap((row) => {
        if (row.kind !== "f") {
          return [
            `Table ${table.schema}.${table.name} is created, and ${row.schema}.${row.name}, in a schema this comparison ` +
              `does not cover (${schemas.join(", ")}), has its name. If the entity moved from there, compare both ` +
              `schemas (list them in the config's "schemas") so that the table moves with its rows instead.`,
          ];
        }
        if (row.schema !== table.schema) return [];
        return [
          `Table ${table.schema}.${table.name} is created, but the database has a foreign table of that name ` +
            `(server ${row.server}), which autogen does not manage: the CREATE TABLE cannot apply. If the entity ` +
            `maps the foreign table, give it synchronize: false, or leave it out with the config's "exclude".`,
        ];
      }),
  );
}
