/**
 * Tablespaces a migration names that the database it runs on does not have. A migration generated from a
 * database that keeps objects in tablespace `ts1` carries `tablespace: "ts1"` in what it creates again
 * (src/compare/keep-tablespaces.ts); replayed where `ts1` does not exist (a shadow database, `autogen test`,
 * PGlite, a CI database built from migrations, a developer's fresh database), PostgreSQL refuses it, and
 * `SET default_tablespace` to a missing one fails too. So the online runner compiles each op without the
 * tablespaces the database lacks: the object goes to the database's default tablespace, and the run warns
 * once per name. The offline script (`--sql`) keeps them: it runs where the DBA runs it.
 *
 * A tablespace sits in an op's specs wherever they are (a created table's, index's, key's, materialized
 * view's, and in the indexes an enum or domain rebuild creates again), so the op's plain data is walked
 * as a whole, but for what holds user data rather than specs: raw SQL's parameters (a JSON value may have a
 * `tablespace` key) and an enum rebuild's `valueMap` (keyed by labels).
 */
import type { Queryable } from "../db/database";
import type { Operation } from "../ops/operation";

/** Values under these keys are user data, never specs. */
const DATA_KEYS: ReadonlySet<string> = new Set(["params", "valueMap"]);

/**
 * `value` with each `tablespace` string replaced by what `place` returns for it (undefined: the key is
 * left out); the same value, not a copy, when nothing changes.
 */
function mapTablespaces(value: unknown, place: (tablespace: string) => string | undefined): unknown {
  if (Array.isArray(value)) {
    const items = value.map((item) => mapTablespaces(item, place));
    return items.some((item, i) => item !== value[i]) ? items : value;
  }
  // A plain object (of any realm: a migration file's specs may come from another one); not a Date or a Buffer.
  if (Object.prototype.toString.call(value) !== "[object Object]") return value;
  const record = value as Readonly<Record<string, unknown>>;
  let result: Record<string, unknown> | null = null;
  for (const [key, child] of Object.entries(record)) {
    const mapped =
      key === "tablespace" && typeof child === "string" ? place(child) : DATA_KEYS.has(key) ? child : mapTablespaces(child, place);
    if (mapped === child) continue;
    result ??= { ...record };
    if (mapped === undefined) delete result[key];
    else result[key] = mapped;
  }
  return result ?? value;
}

/** The tablespaces `operation` names, each once. */
export function tablespacesNamed(operation: Operation): string[] {
  const names = new Set<string>();
  mapTablespaces(operation, (tablespace) => {
    names.add(tablespace);
    return tablespace;
  });
  return [...names];
}

/**
 * `operation` without the tablespaces of `missing`: what it would put there goes to the database's default.
 * @example
 * withoutTablespaces({ kind: "createIndex", table, index: { name: "i", ..., tablespace: "ts1" } }, new Set(["ts1"]))
 * // => { kind: "createIndex", table, index: { name: "i", ... } }
 */
export function withoutTablespaces(operation: Operation, missing: ReadonlySet<string>): Operation {
  return mapTablespaces(operation, (tablespace) => (missing.has(tablespace) ? undefined : tablespace)) as Operation;
}

/** The names in `pg_tablespace`. */
async function readTablespaces(db: Queryable): Promise<Set<string>> {
  const { rows } = await db.query<{ name: string }>("SELECT spcname::text AS name FROM pg_tablespace");
  return new Set(rows.map((row) => row.name));
}

/**
 * Takes the tablespaces `db` lacks out of an op, calling `onMissing` the first time one is met (each
 * name once per filter, that is per run). `pg_tablespace` is read when the first op naming a tablespace
 * comes, and again only after raw SQL ran (`op.execute`: the one way a migration of the run can create a
 * tablespace), so that a baseline creating thousands of objects in a missing tablespace reads it once.
 */
export type TablespaceFilter = (operation: Operation, onMissing: (tablespace: string) => void) => Promise<Operation>;

/** A filter for one run on `db` (see `TablespaceFilter`). */
export function missingTablespaceFilter(db: Queryable): TablespaceFilter {
  let existing: Set<string> | null = null;
  const reported = new Set<string>();
  return async (operation, onMissing) => {
    if (operation.kind === "execute") {
      existing = null;
      return operation;
    }
    const named = tablespacesNamed(operation);
    if (named.length === 0) return operation;
    existing ??= await readTablespaces(db);
    const missing = new Set(named.filter((name) => !existing!.has(name)));
    if (missing.size === 0) return operation;
    for (const name of missing) {
      if (reported.has(name)) continue;
      reported.add(name);
      onMissing(name);
    }
    return withoutTablespaces(operation, missing);
  };
}
