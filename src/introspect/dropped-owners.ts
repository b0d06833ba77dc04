/**
 * The owners of what a migration drops for good (a table, view, function), for its downgrade. Owners are
 * not in the model, and the downgrade that creates such an object again usually runs in another session
 * than the upgrade, so the `keepOwner` pair an object dropped and created again gets (read and given back
 * within one migration) cannot serve it. Where the database the migration is generated from is at hand,
 * each such object's owner is read there and written into a lone `keepOwner` remember with `owner`: the
 * derived downgrade's restore gives the object back that owner, where the role exists.
 *
 * An object owned by the role that generates the migration gets none: that is the "whoever creates it"
 * owner of a development database, and where the migration runs, the role running the downgrade is the
 * better guess for it (what happens without this). One owned by another role was given to it on purpose.
 * @internal
 */
import { droppedAndCreated } from "../compare/keep-owners";
import type { Queryable } from "../db/database";
import type { KeepOwnerOp, OwnedObjectRef } from "../ops/catalog-operations";
import type { Operation } from "../ops/operation";
import { objectName } from "../sql/object-name";
import { routineOwnerQuery } from "../sql/owner-lookup";

/** The query branch that gives `ref`'s owner as row `i` (parameters from `$p`, pushed onto `params`). */
function ownerOf(ref: OwnedObjectRef, i: number, params: unknown[]): string {
  const next = (value: string) => `$${params.push(value)}`;
  switch (ref.kind) {
    case "table":
    case "view":
    case "materializedView":
      return `SELECT ${i} AS i, pg_catalog.pg_get_userbyid(relowner)::text AS owner FROM pg_catalog.pg_class WHERE oid = pg_catalog.to_regclass(${next(objectName(ref))})`;
    case "type":
    case "domain":
      return `SELECT ${i} AS i, pg_catalog.pg_get_userbyid(typowner)::text AS owner FROM pg_catalog.pg_type WHERE oid = pg_catalog.to_regtype(${next(objectName(ref))})`;
    case "function":
    case "procedure":
    case "aggregate":
      // By its identity arguments as the introspection printed them: under search_path = pg_catalog.
      return `SELECT ${i} AS i, (${routineOwnerQuery(ref)}) AS owner`;
  }
}

/**
 * `operations`, with a `keepOwner` remember naming its owner first for every object they drop and do not
 * create again whose owner in `db` is not the role connected. One query, only when something is dropped.
 */
export async function rememberDroppedOwners(db: Queryable, operations: readonly Operation[]): Promise<Operation[]> {
  const { dropped, created } = droppedAndCreated(operations);
  const gone = [...dropped]
    .filter(([key]) => !created.has(key))
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([, ref]) => ref);
  if (gone.length === 0) return [...operations];
  const params: unknown[] = [];
  const branches = gone.map((ref, i) => ownerOf(ref, i, params));
  await db.query("BEGIN READ ONLY");
  let rows: { i: number; owner: string }[];
  try {
    await db.query("SELECT pg_catalog.set_config('search_path', 'pg_catalog', true)");
    rows = (
      await db.query<{ i: number; owner: string }>(
        `SELECT * FROM (${branches.join(" UNION ALL ")}) o WHERE owner IS DISTINCT FROM current_user::text`,
        params,
      )
    ).rows;
  } finally {
    await db.query("ROLLBACK");
  }
  const remembered = rows
    .sort((a, b) => a.i - b.i)
    .map((row): KeepOwnerOp => ({ kind: "keepOwner", object: gone[row.i]!, stage: "remember", owner: row.owner }));
  return [...remembered, ...operations];
}
