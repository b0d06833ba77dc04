/**
 * The introspected model of a database whose catalog has not changed since it was last read (issue 11:
 * `autogen check` with nothing changed). Reading the catalog costs the server a deparse of every default,
 * check, index and view (0.4 s at 1,000 tables); telling whether any of it changed costs a scan of the
 * catalog rows the reading depends on, by key and row version, which prints nothing.
 *
 * The key (`catalogState`) is complete or the entry is never used:
 * - every catalog the introspection queries read (src/introspect/sql), each user row by its key and its
 *   row version (`xmin`: a row changed by UPDATE is a new row version; inserted and deleted rows change
 *   the set), plus the rows outside user oids the model can name (the `public` schema and its comment,
 *   roles by name, languages);
 * - the index state flags, which CREATE/DROP INDEX CONCURRENTLY change in place (without a new xmin);
 *   the other in-place updates (VACUUM and ANALYZE statistics, frozen xids) touch nothing the model reads;
 * - the server's version, the role connected, the database, and the server's start time: two clusters
 *   may hold rows with the same oids and xmins, two starts of one cluster cannot be told apart from two
 *   clusters, so a restart reads the catalog again;
 * - the introspection's options and the tool's build.
 * An entry is stored only when the catalog state was the same before and after the read, so an entry
 * never mixes two states. Entries are content-addressed: never stale, only unused; the newest few are kept.
 */
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import type { Queryable } from "../db/database";
import type { IntrospectOptions } from "../introspect/introspect";
import type { SchemaModel } from "../model/schema-model";
import { writePrivateFile } from "../loader/compile-cache";

/** Bumped whenever an entry's format or meaning changes. */
const FORMAT = "introspected-1";

/** Entries of this kind kept in a cache directory: the newest, by modification time. */
const KEPT_ENTRIES = 8;

/** `key:xmin` of every row of `catalog` matching `where`, in key order, as one md5. */
const rows = (catalog: string, key: string, where: string, extra = ""): string =>
  `(SELECT md5(string_agg(${key} || ':' || xmin::text${extra}, ',' ORDER BY ${key})) FROM pg_catalog.${catalog} WHERE ${where})`;

const USER = "oid >= 16384";

/** The catalog state (see the file comment): one row, read in one statement. */
export const CATALOG_STATE_SQL = `
SELECT current_setting('server_version_num') AS version, current_user::text AS role,
  (SELECT oid::text FROM pg_catalog.pg_database WHERE datname = current_database()) AS database,
  pg_catalog.pg_postmaster_start_time()::text AS started,
  md5(concat_ws('|',
    ${rows("pg_namespace", "oid::text", "true")},
    ${rows("pg_class", "oid::text", `${USER} AND relpersistence <> 't'`)},
    ${rows("pg_attribute", "attrelid::text || '.' || attnum::text", "attrelid >= 16384")},
    ${rows("pg_attrdef", "oid::text", USER)},
    ${rows("pg_constraint", "oid::text", USER)},
    ${rows("pg_index", "indexrelid::text", "indexrelid >= 16384", " || indisvalid::text || indisready::text || indislive::text")},
    ${rows("pg_type", "oid::text", USER)},
    ${rows("pg_enum", "oid::text", USER)},
    ${rows("pg_proc", "oid::text", USER)},
    ${rows("pg_trigger", "oid::text", USER)},
    ${rows("pg_policy", "oid::text", USER)},
    ${rows("pg_description", "classoid::text || '.' || objoid::text || '.' || objsubid::text", "objoid >= 16384 OR classoid = 'pg_catalog.pg_namespace'::pg_catalog.regclass")},
    ${rows("pg_depend", "classid::text || '.' || objid::text || '.' || objsubid::text || '.' || refclassid::text || '.' || refobjid::text || '.' || refobjsubid::text || deptype::text", "objid >= 16384 OR refobjid >= 16384")},
    ${rows("pg_extension", "oid::text", "true")},
    ${rows("pg_sequence", "seqrelid::text", "seqrelid >= 16384")},
    ${rows("pg_inherits", "inhrelid::text || '.' || inhparent::text", "inhrelid >= 16384")},
    ${rows("pg_partitioned_table", "partrelid::text", "partrelid >= 16384")},
    ${rows("pg_collation", "oid::text", USER)},
    ${rows("pg_rewrite", "oid::text", USER)},
    ${rows("pg_opclass", "oid::text", USER)},
    ${rows("pg_am", "oid::text", USER)},
    ${rows("pg_operator", "oid::text", USER)},
    ${rows("pg_cast", "oid::text", USER)},
    ${rows("pg_language", "oid::text", "true")},
    (SELECT md5(string_agg(oid::text || ':' || rolname, ',' ORDER BY oid)) FROM pg_catalog.pg_roles)
  )) AS catalog`;

interface CatalogState {
  readonly version: string;
  readonly role: string;
  readonly database: string;
  readonly started: string;
  readonly catalog: string;
}

/** The catalog state of `db` as one text: equal texts, equal introspections (for equal options). */
export async function catalogState(db: Queryable): Promise<string> {
  const { rows: result } = await db.query<CatalogState>(CATALOG_STATE_SQL);
  const state = result[0]!;
  return [state.version, state.role, state.database, state.started, state.catalog].join("\n");
}

const sha256 = (...parts: readonly string[]): string => {
  const hash = crypto.createHash("sha256");
  for (const part of parts) hash.update(part).update("\0");
  return hash.digest("hex");
};

/** This build of the tool: a rebuilt dist/ (or source) rewrites this file. */
function buildStamp(): string {
  try {
    const stat = fs.statSync(__filename);
    return `${stat.size}:${stat.mtimeMs}`;
  } catch {
    return "";
  }
}

/**
 * `introspect(db, options)` from the cache when the catalog state is the one an entry was read in, else
 * read (and stored when the state did not move during the read). With `cacheDir` null, just read.
 */
export async function cachedIntrospection(
  cacheDir: string | null,
  db: Queryable,
  options: IntrospectOptions,
  read: () => Promise<SchemaModel>,
): Promise<{ readonly model: SchemaModel; readonly cached: boolean }> {
  if (cacheDir === null) return { model: await read(), cached: false };
  const before = await catalogState(db);
  const file = path.join(cacheDir, `introspected-${sha256(FORMAT, buildStamp(), JSON.stringify(options), before)}.json`);
  try {
    const stored = JSON.parse(fs.readFileSync(file, "utf8")) as { format?: string; model?: SchemaModel };
    if (stored.format === FORMAT && stored.model !== undefined) {
      touch(file);
      return { model: stored.model, cached: true };
    }
  } catch {
    // Not there (or unreadable): read the catalog.
  }
  const model = await read();
  if ((await catalogState(db)) === before) {
    store(file, { format: FORMAT, model });
    prune(cacheDir, "introspected-");
  }
  return { model, cached: false };
}

/** Marks an entry used now, so that pruning keeps it. */
function touch(file: string): void {
  try {
    const now = new Date();
    fs.utimesSync(file, now, now);
  } catch {
    // Only a cache.
  }
}

/** Writes `value` as `file`, whole or not at all (a temporary file renamed into place). */
function store(file: string, value: unknown): void {
  const temporary = `${file}.${process.pid}.${crypto.randomBytes(4).toString("hex")}.tmp`;
  try {
    writePrivateFile(temporary, JSON.stringify(value));
    fs.renameSync(temporary, file);
  } catch {
    fs.rmSync(temporary, { force: true });
    // Only a cache: the next run reads the catalog again.
  }
}

/** Removes all but the newest `KEPT_ENTRIES` files of `directory` whose names start with `prefix`. */
export function prune(directory: string, prefix: string): void {
  try {
    const entries = fs
      .readdirSync(directory)
      .filter((name) => name.startsWith(prefix) && name.endsWith(".json"))
      .map((name) => ({ name, mtime: fs.statSync(path.join(directory, name)).mtimeMs }))
      .sort((a, b) => b.mtime - a.mtime);
    for (const entry of entries.slice(KEPT_ENTRIES)) fs.rmSync(path.join(directory, entry.name), { force: true });
  } catch {
    // Only a cache.
  }
}
