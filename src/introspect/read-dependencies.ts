/**
 * The dependencies between a database's objects, as Postgres records them (`pg_depend`), named by
 * object keys (src/model/object-keys.ts) so that they can be matched with the operations of a diff.
 *
 * What `pg_depend` calls an internal part of another object is named as that object: a table's row type
 * and array type, a view's `_RETURN` rule, the index behind a constraint, the sequence of an identity
 * column, the pg_class row of a composite type. An object that belongs to an extension is named as the
 * extension. The other records (normal, automatic, partition) become edges "dependent needs referenced";
 * edges within one object are dropped.
 */
import fs from "node:fs";
import path from "node:path";
import type { Queryable } from "../db/database";
import {
  collationKey,
  defaultKey,
  extensionKey,
  isDefaultOf,
  functionKey,
  memberKey,
  relationKey,
  schemaKey,
  topLevelName,
  typeKey,
  type Dependency,
  type ObjectDependencies,
  type ObjectKey,
} from "../model/object-keys";
import type { SchemaModel } from "../model/schema-model";
import { CatalogQueryError } from "./introspect-errors";
import { PIN_SESSION_SETTINGS } from "./session-settings";

/** One row of dependencies.sql: an object and how it is named. */
export interface ObjectRow {
  readonly id: string;
  readonly kind: string;
  readonly schema: string | null;
  readonly name: string | null;
  readonly member: string | null;
}

/** One row of dependency-edges.sql. */
export interface EdgeRow {
  readonly deptype: string;
  readonly dependent: string;
  readonly referenced: string;
}

const QUERY_FILES = ["dependencies.sql", "dependency-edges.sql", "dependencies-around.sql", "dependencies-around-names.sql"] as const;
const queries = new Map<string, string>();

function query(file: (typeof QUERY_FILES)[number]): string {
  let text = queries.get(file);
  if (text === undefined) {
    text = fs.readFileSync(path.join(__dirname, "sql", file), "utf8");
    queries.set(file, text);
  }
  return text;
}

type QueryFile = (typeof QUERY_FILES)[number];

/**
 * Runs `read` in its own read-only transaction with the introspection settings pinned (function
 * arguments print as the model prints them), and `settings` besides; rolled back either way. `read`'s
 * `run` runs a query file, after settings of its own when given (they last to the end of the transaction).
 * @param first the first query file `read` runs: the one named when the settings fail.
 * @throws CatalogQueryError naming the query file that failed
 */
async function inSnapshot<T>(
  db: Queryable,
  first: QueryFile,
  settings: readonly string[],
  read: (run: <R>(file: QueryFile, params?: readonly unknown[], settings?: readonly string[]) => Promise<R[]>) => Promise<T>,
): Promise<T> {
  await db.query("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
  let file = first;
  let value: T;
  try {
    await db.query(PIN_SESSION_SETTINGS);
    for (const setting of settings) await db.query(setting);
    value = await read(async <R>(next: QueryFile, params?: readonly unknown[], before: readonly string[] = []) => {
      file = next;
      for (const setting of before) await db.query(setting);
      return (await db.query<R>(query(next), params)).rows;
    });
  } catch (error) {
    await db.query("ROLLBACK").catch(() => undefined);
    throw new CatalogQueryError(file, error);
  }
  await db.query("ROLLBACK");
  return value;
}

/**
 * Reads every dependency between objects created after initdb, in its own read-only transaction: two
 * queries, the objects and the edges, joined here.
 * @throws CatalogQueryError when a query fails
 */
export async function readDependencies(db: Queryable): Promise<ObjectDependencies> {
  const [objects, edges] = await inSnapshot(db, "dependencies.sql", [], async (run) => [
    await run<ObjectRow>("dependencies.sql"),
    await run<EdgeRow>("dependency-edges.sql"),
  ] as const);
  return dependenciesFromRows(objects, edges);
}

/**
 * Set (locally) for dependencies-around.sql: hash joins only. Its joins are walks over pg_depend, and on
 * catalogs without statistics (a database just created or restored, before autovacuum analyses it: the
 * planner then takes pg_depend's user rows for none) nested loops made it take 56 s at 5,000 tables
 * instead of 0.3-0.5 s with hash joins, which are as fast with statistics as the planner's own choice.
 * Merge joins sorted pg_depend's internal records again at each step of the walks: without them the
 * read around a 5,000-table diff's operations took about 10% less (bench/README.md).
 */
export const AROUND_PLAN_SETTINGS: readonly string[] = ["SET LOCAL enable_nestloop = off", "SET LOCAL enable_mergejoin = off"];

/** The text of dependencies-around.sql (parameters: `aroundParameters`). */
export function aroundQuery(): string {
  return query("dependencies-around.sql");
}

/** The names dependencies-around.sql takes: the outermost objects of `keys`. */
export function aroundParameters(keys: Iterable<ObjectKey>): [string[], string[], string[], string[]] {
  const pairs = new Map<string, [string, string]>();
  const schemas = new Set<string>();
  const extensions = new Set<string>();
  for (const key of keys) {
    const top = topLevelName(key);
    if (top === null) continue;
    if (top.kind === "named") pairs.set(JSON.stringify([top.schema, top.name]), [top.schema, top.name]);
    else if (top.kind === "schema") schemas.add(top.schema);
    else extensions.add(top.name);
  }
  const named = [...pairs.values()];
  return [named.map(([schema]) => schema), named.map(([, name]) => name), [...schemas], [...extensions]];
}

/**
 * `readDependencies`, less every edge that cannot order an operation touching only `keys`: dependency
 * ordering (src/ops/dependency-order.ts) matches an edge only when both its ends, named as their owners,
 * are inside an object some operation creates, drops or alters, so the edges kept are exactly those of
 * the whole read whose ends are near those objects (dependencies-around.sql). At 5,000 tables with a
 * tenth changed: 11,700 edges read instead of 158,000, about 0.2 s instead of 0.5 s of server time, and
 * none of the 1 s the whole read took to name and join 160,000 objects here.
 * @throws CatalogQueryError when the query fails
 */
export async function readDependenciesAround(db: Queryable, keys: Iterable<ObjectKey>): Promise<ObjectDependencies> {
  return readAround(db, aroundParameters(keys));
}

/** `readDependenciesAround` with its parameters made (`aroundParameters`). */
async function readAround(db: Queryable, parameters: ReturnType<typeof aroundParameters>): Promise<ObjectDependencies> {
  const [objects, edges] = await inSnapshot(db, "dependencies-around.sql", AROUND_PLAN_SETTINGS, async (run) => {
    const edges = await run<EdgeRow>("dependencies-around.sql", parameters);
    const objects = await run<ObjectRow>("dependencies-around-names.sql", endsParameters(edges), NAMES_PLAN_SETTINGS);
    return [objects, edges] as const;
  });
  return dependenciesFromRows(objects, edges);
}

/** The planner's own choice again for dependencies-around-names.sql, whose lookups are by index. */
const NAMES_PLAN_SETTINGS: readonly string[] = ["SET LOCAL enable_nestloop = on", "SET LOCAL enable_mergejoin = on"];

/** The parameters of dependencies-around-names.sql: each end of `edges` once, as catalog, oid, column. */
function endsParameters(edges: readonly EdgeRow[]): [string[], string[], string[]] {
  const ends = new Set<string>();
  for (const edge of edges) {
    ends.add(edge.dependent);
    ends.add(edge.referenced);
  }
  const columns: [string[], string[], string[]] = [[], [], []];
  for (const id of ends) {
    const [catalog, object, sub] = id.split(":");
    columns[0].push(catalog!);
    columns[1].push(object!);
    columns[2].push(sub!);
  }
  return columns;
}

/**
 * The dependencies that can order operations touching `keys` on the database `db` whose model is
 * `model`: `readDependenciesAround` when the operations touch a small part of it, else the whole read
 * (`readDependencies`), which is cheaper once they touch much of it: the query around named objects
 * costs more per object (0.27 s of server time for 550 of 5,500 relations, 0.9 s for 2,200, 1.8 s for all,
 * against 0.5 s for the whole read and about 0.7 s here to name and join what it returns). Either way the
 * operations come out in the same order; only the time differs.
 */
export async function readDependenciesFor(
  db: Queryable,
  keys: ReadonlySet<ObjectKey>,
  model: Pick<SchemaModel, "tables" | "views" | "sequences" | "enums">,
): Promise<ObjectDependencies> {
  const relations =
    Object.keys(model.tables).length + Object.keys(model.views).length + Object.keys(model.sequences).length + Object.keys(model.enums).length;
  const parameters = aroundParameters(keys);
  return parameters[0].length * AROUND_AT_MOST > relations ? readDependencies(db) : readAround(db, parameters);
}

/** The around query is used while the operations touch at most one in this many of a side's objects. */
const AROUND_AT_MOST = 4;

/** Folds internal parts and extension members into their owners, and keeps the other records as edges. */
export function dependenciesFromRows(objects: readonly ObjectRow[], rows: readonly EdgeRow[]): ObjectDependencies {
  const described = new Map<string, ObjectRow>();
  for (const o of objects) described.set(o.id, o);
  // Keys only for the objects the edges name (the objects read may be more: see dependencies.sql).
  const keys = new Map<string, ObjectKey | null>();
  const keyFor = (id: string): ObjectKey | null => {
    let key = keys.get(id);
    if (key === undefined) {
      const o = described.get(id);
      const made = o === undefined ? null : keyOf(o.kind, o.schema, o.name, o.member);
      key = made === null ? null : flat(made);
      keys.set(id, key);
    }
    return key;
  };
  const owner = new Map<ObjectKey, ObjectKey>();
  const edges: [ObjectKey, ObjectKey][] = [];
  for (const row of rows) {
    const dependent = keyFor(row.dependent);
    const referenced = keyFor(row.referenced);
    if (dependent === null || referenced === null || dependent === referenced) continue;
    if (row.deptype === "i" || row.deptype === "e") owner.set(dependent, referenced);
    else edges.push([dependent, referenced]);
  }
  const resolve = (key: ObjectKey): ObjectKey => {
    let current = key;
    for (let hops = 0; hops < 8; hops++) {
      const next = owner.get(current);
      if (next === undefined) return current;
      current = next;
    }
    return current;
  };
  const seen = new Map<ObjectKey, Set<ObjectKey>>();
  const result: Dependency[] = [];
  for (const [d, r] of edges) {
    const dependent = resolve(d);
    const referenced = resolve(r);
    // A default on its own column orders nothing (its key is inside the column's).
    if (dependent === referenced || isDefaultOf(dependent, referenced)) continue;
    let from = seen.get(dependent);
    if (from === undefined) seen.set(dependent, (from = new Set()));
    if (from.has(referenced)) continue;
    from.add(referenced);
    result.push({ dependent, referenced });
  }
  return { edges: result };
}

/**
 * `key` as one flat string. A key built by concatenation is a tree of pieces (a V8 "cons string") until
 * something flattens it, and a Map compares and hashes such keys piece by piece on every lookup: at
 * 5,000 tables (160,000 objects, 150,000 edges) flat keys halved this function's time (0.85 -> 0.41 s).
 * Converting a string to a number flattens it in place; the number is kept where no optimiser can drop
 * the conversion as unused.
 */
function flat(key: ObjectKey): ObjectKey {
  flattened = Number(key);
  return key;
}
let flattened = 0;

function keyOf(kind: string, schema: string | null, name: string | null, member: string | null): ObjectKey | null {
  const ref = { schema: schema ?? "", name: name ?? "" };
  switch (kind) {
    case "relation":
      return member === null ? relationKey(ref) : memberKey(relationKey(ref), "col", member);
    case "type":
      return typeKey(ref);
    case "default":
      return defaultKey(ref, member ?? "");
    case "function":
      return functionKey(ref.schema, ref.name, member ?? "");
    case "constraint":
      return memberKey(relationKey(ref), "con", member ?? "");
    case "domain constraint":
      return memberKey(typeKey(ref), "con", member ?? "");
    case "trigger":
      return memberKey(relationKey(ref), "trigger", member ?? "");
    case "policy":
      return memberKey(relationKey(ref), "policy", member ?? "");
    case "rule":
      return memberKey(relationKey(ref), "rule", member ?? "");
    case "schema":
      return schemaKey(ref.schema);
    case "extension":
      return extensionKey(ref.name);
    case "collation":
      return collationKey(ref);
    default:
      return null;
  }
}
