/**
 * The introspected model of a database whose catalog has not changed since it was last read (issue 11:
 * `autogen check` with nothing changed). Reading the catalog costs the server a deparse of every default,
 * check, index and view (0.4 s at 1,000 tables); telling whether any of it changed costs a scan of the
 * catalog rows the reading depends on, by key and row version, which prints nothing.
 *
 * The key (`catalogState`) is complete or the entry is never used:
 * - every catalog the introspection queries read (src/introspect/sql), its user rows by row version
 *   (`xmin`: a row changed by UPDATE is a new row version; inserted and deleted rows change the list),
 *   plus the rows outside user oids the model can name (the `public` schema and its comment, roles by
 *   name, languages, tablespaces), and the comments the installed extensions' control files give them
 *   (`pg_available_extensions`, read from the files, which a package upgrade changes);
 * - the index state flags, which CREATE/DROP INDEX CONCURRENTLY change in place (without a new xmin);
 *   the other in-place updates (VACUUM and ANALYZE statistics, frozen xids) touch nothing the model reads;
 * - the server's version, the role connected, the database, and the server's start time: two clusters
 *   may hold rows with the same oids and xmins, two starts of one cluster cannot be told apart from two
 *   clusters, so a restart reads the catalog again;
 * - the introspection's options and the tool's build;
 * - the session's search_path, as the schemas it resolves to (`current_schemas(false)`: `"$user"` named,
 *   missing schemas left out). Introspection pins its own, but the state is also the key of what is built
 *   on the catalog read (src/cache/entity-model-cache.ts, src/cache/up-to-date-cache.ts), and the entities'
 *   expressions name functions, types and sequences through the session's path: `f()` is `app.f()` once
 *   the database's search_path puts `app` first, and a model normalised under `public` first is no longer
 *   the entities' model.
 * An entry is stored only when the catalog state was the same before and after the read, so an entry
 * never mixes two states (told by a small statement when no transaction took an id or ended meanwhile,
 * see `SNAPSHOT`, else by reading the state again). Entries are content-addressed: never stale, only
 * unused; the newest few are kept.
 *
 * The state itself is kept too, under the snapshot it was read in (`stateAt`): a command that finds the
 * same snapshot, on a server and session alike, knows the state without reading the catalog's rows.
 */
import fs from "node:fs";
import path from "node:path";
import type { Queryable } from "../db/database";
import type { IntrospectOptions } from "../introspect/introspect";
import type { SchemaModel } from "../model/schema-model";
import { decodeText, prune, readJson, sha256, toolIdentity, touch, writeJson } from "./cache-files";

/** Bumped whenever an entry's format or meaning changes. */
const FORMAT = "introspected-27";

/**
 * The row versions of `catalog`'s rows matching `where`: how many, and their `xmin`s in the order a scan
 * meets them, as one md5 (with `extra` columns that change in place). A row inserted, deleted or updated
 * by a transaction adds that transaction's id to the list or takes one out, and no two transactions share
 * an id: any change to the rows changes the text. The order needs no sort (a tenth of the cost at 1,000
 * tables): the same rows are met in the same order until the table is rewritten, and a rewrite
 * (VACUUM FULL of a catalog) only costs one reading of the catalog more.
 */
const rows = (catalog: string, where: string, extra = ""): string =>
  `(SELECT count(*)::text || md5(string_agg(xmin::text${extra}, ',')) FROM pg_catalog.${catalog} WHERE ${where})`;

const USER = "oid >= 16384";

/** The state's columns that are not the catalog's rows: the server, its start, the role, the database, the path. */
const SESSION_COLUMNS = `current_setting('server_version_num') AS version, current_user::text AS role,
  (SELECT oid::text FROM pg_catalog.pg_database WHERE datname = current_database()) AS database,
  pg_catalog.pg_postmaster_start_time()::text AS started,
  pg_catalog.current_schemas(false)::text AS path`;

/** The catalog state (see the file comment): one row, read in one statement. */
export const CATALOG_STATE_SQL = `
SELECT ${SESSION_COLUMNS},
  md5(concat_ws('|',
    ${rows("pg_namespace", "true")},
    ${rows("pg_class", `${USER} AND relpersistence <> 't'`)},
    ${rows("pg_attribute", "attrelid >= 16384")},
    ${rows("pg_attrdef", USER)},
    ${rows("pg_constraint", USER)},
    ${rows("pg_index", "indexrelid >= 16384", " || indisvalid::text || indisready::text || indislive::text")},
    ${rows("pg_type", USER)},
    ${rows("pg_enum", USER)},
    ${rows("pg_range", "rngtypid >= 16384")},
    ${rows("pg_proc", USER)},
    ${rows("pg_aggregate", "aggfnoid >= 16384")},
    ${rows("pg_trigger", USER)},
    ${rows("pg_event_trigger", "true")},
    ${rows("pg_policy", USER)},
    ${rows("pg_description", "objoid >= 16384 OR classoid = 'pg_catalog.pg_namespace'::pg_catalog.regclass")},
    ${rows("pg_depend", "objid >= 16384 OR refobjid >= 16384")},
    ${rows("pg_extension", "true")},
    ${rows("pg_sequence", "seqrelid >= 16384")},
    ${rows("pg_inherits", "inhrelid >= 16384")},
    ${rows("pg_partitioned_table", "partrelid >= 16384")},
    ${rows("pg_collation", USER)},
    ${rows("pg_rewrite", USER)},
    ${rows("pg_statistic_ext", USER)},
    ${rows("pg_publication", USER)},
    ${rows("pg_publication_rel", USER)},
    ${rows("pg_publication_namespace", USER)},
    ${rows("pg_opclass", USER)},
    ${rows("pg_am", USER)},
    ${rows("pg_operator", USER)},
    ${rows("pg_cast", USER)},
    ${rows("pg_language", "true")},
    ${rows("pg_tablespace", "true")},
    ${rows("pg_default_acl", "true")},
    (SELECT md5(string_agg(oid::text || ':' || rolname, ',' ORDER BY oid)) FROM pg_catalog.pg_roles),
    (SELECT md5(string_agg(name || ':' || coalesce(comment, ''), ',' ORDER BY name))
      FROM pg_catalog.pg_available_extensions WHERE name IN (SELECT extname FROM pg_catalog.pg_extension))
  )) AS catalog`;

interface SessionColumns {
  readonly version: string;
  readonly role: string;
  readonly database: string;
  readonly started: string;
  readonly path: string;
}

interface CatalogState extends SessionColumns {
  readonly catalog: string;
}

/** The catalog state of `db` as one text: equal texts, equal introspections (for equal options). */
export async function catalogState(db: Queryable): Promise<string> {
  const { rows: result } = await db.query<CatalogState>(CATALOG_STATE_SQL);
  return stateText(result[0]!);
}

function stateText(state: CatalogState): string {
  return [state.version, state.role, state.database, state.started, state.path, state.catalog].join("\n");
}

/**
 * What tells, in one small statement, that the catalog state did not move between two statements: the
 * snapshot a statement runs in (`xmin:xmax:xip...`, 64-bit transaction ids), and the index state flags.
 * The same snapshot twice means that in between no transaction took an id (`xmax` would have moved) or
 * ended (it would have left the in-progress list), in any database of the cluster; the catalog rows the
 * state reads by row version change only in transactions with an id. The index flags are the exception
 * the state reads apart, as they change in place (CREATE and DROP INDEX CONCURRENTLY), so they are read
 * here too (about 1 ms at 1,300 indexes). What it cannot tell is a package upgrade rewriting an
 * extension's control file (its comment) with no transaction since, which only a whole read of the state
 * sees (and `ALTER EXTENSION ... UPDATE`, the usual next step, takes an id).
 */
const SNAPSHOT =
  "pg_catalog.pg_current_snapshot()::text || ' ' || coalesce((SELECT md5(string_agg(indisvalid::text || indisready::text || " +
  "indislive::text, ',')) FROM pg_catalog.pg_index WHERE indexrelid >= 16384), '')";

const STATE_AND_SNAPSHOT_SQL = `SELECT ${SNAPSHOT} AS snapshot, s.* FROM (${CATALOG_STATE_SQL}) s`;

/**
 * The session's columns of the state and the snapshot, without the catalog's rows: 17 ms of server CPU in a
 * new backend at 1,000 tables, against 100-130 ms for the whole state.
 */
const SESSION_AND_SNAPSHOT_SQL = `SELECT ${SESSION_COLUMNS}, ${SNAPSHOT} AS snapshot`;

/** A state and the snapshot it was read in (`SNAPSHOT`). */
interface StateAt {
  readonly state: string;
  readonly snapshot: string;
}

/** Where the state read at `snapshot` by a session like `session` is kept (see `stateAt`). */
function stateFile(cacheDir: string, session: SessionColumns, snapshot: string): string {
  const key = [session.version, session.role, session.database, session.started, session.path, snapshot];
  return path.join(cacheDir, `state-${sha256(FORMAT, toolIdentity(), ...key)}.json`);
}

/**
 * The catalog state now, and the snapshot it holds for. One small statement reads the session's columns and
 * the snapshot; when a state was read at that very snapshot by a session with the same columns (same
 * server start, database, role and path), nothing changed since (see `SNAPSHOT`) and it is still the state.
 * Otherwise the whole state is read (in one statement with its snapshot) and kept under that snapshot for
 * the next command: on a database no one writes to, a `check` with nothing changed then needs no whole read.
 * Any transaction with an id anywhere in the cluster (a write, an ANALYZE, a migration) moves the snapshot:
 * on a database written to all the time, every command then sends this small statement in vain, one round
 * trip more than reading the state whole at once (its cost on such a database not measured).
 */
async function stateAt(db: Queryable, cacheDir: string): Promise<StateAt> {
  const { rows: probed } = await db.query<SessionColumns & { snapshot: string }>(SESSION_AND_SNAPSHOT_SQL);
  const probe = probed[0]!;
  const file = stateFile(cacheDir, probe, probe.snapshot);
  const known = readJson<{ format: string; state: string }>(file);
  if (known !== null && known.format === FORMAT && typeof known.state === "string") {
    touch(file);
    return { state: known.state, snapshot: probe.snapshot };
  }
  const { rows: result } = await db.query<CatalogState & { snapshot: string }>(STATE_AND_SNAPSHOT_SQL);
  const read = result[0]!;
  const state = stateText(read);
  writeJson(stateFile(cacheDir, read, read.snapshot), { format: FORMAT, state });
  prune(cacheDir, "state-");
  return { state, snapshot: read.snapshot };
}

/**
 * The catalog state after a read that started at `before` (its state, and the snapshot that state was
 * read in): `before.state` itself when no transaction took an id or ended since (see `SNAPSHOT`), which
 * one small statement tells, else the state read again (`CATALOG_STATE_SQL`, 21-27 ms of server CPU at
 * 1,000 tables in a warm backend, against 1.3-1.7 ms for the small statement).
 */
async function stateAfter(db: Queryable, before: StateAt): Promise<string> {
  const { rows } = await db.query<{ snapshot: string }>(`SELECT ${SNAPSHOT} AS snapshot`);
  return rows[0]!.snapshot === before.snapshot ? before.state : catalogState(db);
}

/**
 * `introspect(db, options)` from the cache when the catalog state is the one an entry was read in, else
 * read (and stored when the state did not move during the read). With `cacheDir` null, just read.
 * `state` is the catalog state the model was read in (null when unknown: no cache, or it moved).
 */
export async function cachedIntrospection(
  cacheDir: string | null,
  db: Queryable,
  options: IntrospectOptions,
  read: () => Promise<SchemaModel>,
): Promise<{ readonly model: SchemaModel; readonly cached: boolean; readonly state: string | null }> {
  // The session's own temporary schema is left out of the state (other sessions' temporary objects come
  // and go): reading it is never cached.
  const temporary = options.schemas.some((schema) => schema.startsWith("pg_temp") || schema.startsWith("pg_toast_temp"));
  if (cacheDir === null || temporary) return { model: await read(), cached: false, state: null };
  const began = await stateAt(db, cacheDir);
  const before = began.state;
  const file = path.join(cacheDir, `introspected-${sha256(FORMAT, toolIdentity(), JSON.stringify(options), before)}.json`);
  let bytes: Buffer | null = null;
  try {
    bytes = fs.readFileSync(file);
  } catch {
    // Not there (or unreadable): read the catalog.
  }
  // The format is at the start of the text: the model itself is decoded and parsed when first used (a
  // check that finds its answer remembered never does, see up-to-date-cache.ts).
  const start = `{"format":${JSON.stringify(FORMAT)},`;
  if (bytes !== null && bytes.toString("utf8", 0, start.length) === start) {
    touch(file);
    let model: SchemaModel | undefined;
    const stored = bytes;
    return {
      get model(): SchemaModel {
        model ??= (JSON.parse(decodeText(stored)) as { model: SchemaModel }).model;
        return model;
      },
      cached: true,
      state: before,
    };
  }
  const model = await read();
  const after = await stateAfter(db, began);
  if (after === before) {
    writeJson(file, { format: FORMAT, model });
    prune(cacheDir, "introspected-");
  }
  return { model, cached: false, state: after === before ? before : null };
}
