/**
 * A table the comparison creates whose name a table of a schema it does not cover already has: often the
 * entity's own table, left in the schema the entity moved from, when that schema is out of the comparison
 * (the config's `schemas` leaves it out, or the history predates the `comparedSchemas` record, see
 * src/revision/compared-schemas.ts). The comparison cannot know (an unrelated table of another schema may
 * have any name, and is never moved nor dropped), so it says so, and the user decides.
 */
import type { Queryable } from "../db/database";
import type { Operation } from "../ops/operation";

const NAMESAKES = `
SELECT n.nspname::text AS schema, c.relname::text AS name
FROM pg_class c
JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE c.relkind IN ('r', 'p')
  AND c.relname = ANY ($1::text[])
  AND NOT (n.nspname = ANY ($2::text[]))
  AND n.nspname NOT LIKE 'pg\\_%'
  AND n.nspname <> 'information_schema'
ORDER BY 2, 1`;

/**
 * One warning per table `operations` create that has a namesake in a schema out of `schemas`; none (and no
 * query) when they create no table.
 */
export async function namesakeWarnings(db: Queryable, operations: readonly Operation[], schemas: readonly string[]): Promise<string[]> {
  const created = operations.flatMap((op) => (op.kind === "createTable" ? [op.table] : []));
  if (created.length === 0) return [];
  const { rows } = await db.query<{ schema: string; name: string }>(NAMESAKES, [[...new Set(created.map((t) => t.name))], [...schemas]]);
  return created.flatMap((table) =>
    rows
      .filter((row) => row.name === table.name)
      .map(
        (row) =>
          `Table ${table.schema}.${table.name} is created, and ${row.schema}.${row.name}, in a schema this comparison ` +
          `does not cover (${schemas.join(", ")}), has its name. If the entity moved from there, compare both ` +
          `schemas (list them in the config's "schemas") so that the table moves with its rows instead.`,
      ),
  );
}
