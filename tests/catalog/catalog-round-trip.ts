/**
 * The round trip every catalog-object test runs on the PostgreSQL 15 test cluster: build the start (A)
 * and the target (B) in two databases, compare them (and, as `autogen diff` does, name the owners whose
 * own privileges change as A has them, unless `ownersAtRunTime`), apply the upgrade to A, check that comparing again
 * finds nothing and that A dumps like B, then apply the derived downgrade and check that A dumps as it
 * did at the start (pg_dump --schema-only, privileges included when asked).
 */
import { Client } from "pg";
import { compare, type CompareOptions } from "../../src/compare";
import { introspect } from "../../src/introspect";
import { nameOwnerGrantees } from "../../src/introspect/owner-grantees";
import type { RenameResolver } from "../../src/compare/compare-options";
import type { SchemaModel, TableDef } from "../../src/model/schema-model";
import { invertAll } from "../../src/ops/invert";
import type { Operation } from "../../src/ops/operation";
import { exclusionWithoutStorage } from "../../src/compare/exclusion-storage";
import { compileOperations } from "../../src/sql/compile";
import { applyOperations } from "../support/apply";
import { pgDumpBySchemaAsync } from "../support/pg-dump";
import { tablespacesIn } from "../support/tablespace";
import { createTestDatabase, serverUrl, type TestDatabase } from "../support/test-db";

export interface RoundTripCase {
  /** SQL of the start, run on A. */
  readonly before: string;
  /** SQL of the target, run on B. */
  readonly after: string;
  readonly options?: CompareOptions;
  readonly schemas?: readonly string[];
  /** Compare the dumps with their GRANTs. */
  readonly privileges?: boolean;
  /**
   * Keep the comparison's owner lookups (`setPrivileges` with `owner`, DO blocks that find the owner
   * when they run) instead of naming A's owners as `autogen diff` does.
   */
  readonly ownersAtRunTime?: boolean;
  /**
   * Compare with B's model as the entity side gives one: without what only a database's catalog knows
   * (`generatedReads`, `partitionKeyColumns`, `memberReads`, `functionCalls`, default privileges, views' options, columns'
   * physical settings, tablespaces, tables' REPLICA IDENTITY and CLUSTER index, materialized views' CLUSTER
   * index).
   */
  readonly targetAsEntities?: boolean;
  /** Read where A's relations are (`tablespacesIn`) at the start, after the upgrade and after the downgrade. */
  readonly tablespaces?: boolean;
  /**
   * Compare with B's views' output columns unknown, as the entity side gives them for a view whose query
   * reads what the same migration creates (Postgres could not print it beforehand).
   */
  readonly viewColumnsUnknown?: boolean;
  /** A query run on A at the start, after the upgrade and after the downgrade: the rows the migration must keep. */
  readonly rows?: string;
  /** Queries as `rows`, each run with its schema as the search path (schema -> query), for cases that share A. */
  readonly rowsIn?: Readonly<Record<string, string>>;
}

/** `def` without its tablespace, which entities never give. */
function unplaced<T extends { readonly tablespace?: string }>({ tablespace: _, ...def }: T): Omit<T, "tablespace"> {
  return def;
}

/** An index or key without its index's storage parameters and statistics targets, which entities never give either. */
function unstored<T extends { readonly tablespace?: string; readonly storageParameters?: readonly string[]; readonly statisticsTargets?: unknown }>(
  member: T,
) {
  const { storageParameters: _, statisticsTargets: __, ...rest } = unplaced(member);
  return rest;
}

/** A key without its index's INCLUDE columns (TypeORM cannot say them), its storage parameters nor tablespace. */
function bareKey<T extends { readonly tablespace?: string; readonly storageParameters?: readonly string[]; readonly include?: readonly string[] }>(key: T) {
  const { include: _, ...rest } = unstored(key);
  return rest;
}

/** A model without the fields only the database side has. */
export function asEntitySide(model: SchemaModel): SchemaModel {
  const { generatedReads: _, partitionKeyColumns: __, functionCalls: ___, defaultPrivileges: ____, memberReads: _____, ...rest } = model;
  // TypeORM's @ViewEntity gives no options, nor a materialized view's tablespace or CLUSTER index.
  const views = Object.fromEntries(
    Object.entries(rest.views).map(([key, { options: _o, clusterOn: _c, ...view }]) => [key, { ...unplaced(view), indexes: view.indexes.map(unstored) }]),
  );
  // Nor a column's storage, compression, statistics target or options, nor any tablespace, nor a table's
  // REPLICA IDENTITY or CLUSTER index, nor an index's storage parameters or statistics targets,
  const tables = Object.fromEntries(
    Object.entries(rest.tables).map(([key, { replicaIdentity: _r, clusterOn: _c, ...table }]) => [
      key,
      {
        ...unplaced(table),
        // Nor the name of a serial column's sequence.
        columns: table.columns.map(({ storage: _s, compression: _c, statisticsTarget: _t, attributeOptions: _a, ...column }) =>
          column.identity?.kind === "serial" ? { ...column, identity: { kind: "serial" as const } } : column,
        ),
        primaryKey: table.primaryKey === null ? null : bareKey(table.primaryKey),
        uniques: table.uniques.map(bareKey),
        // Nor a foreign key's MATCH FULL or the columns its ON DELETE SET NULL sets.
        foreignKeys: table.foreignKeys.map(({ match: _m, onDeleteColumns: _d, ...fk }) => fk),
        // Nor an exclusion's index storage parameters, which sit in its definition.
        exclusions: table.exclusions.map((exclusion) => ({ ...unplaced(exclusion), definition: exclusionWithoutStorage(exclusion.definition) })),
        indexes: table.indexes.map(unstored),
      },
    ]),
  );
  // Nor a sequence's UNLOGGED (a serial spelled out as its sequence says nothing of it).
  const sequences = Object.fromEntries(Object.entries(rest.sequences).map(([key, { unlogged: _u, ...sequence }]) => [key, sequence]));
  return { ...rest, views, tables, sequences };
}

/** A model whose views' output columns are unknown. */
export function withoutViewColumns(model: SchemaModel): SchemaModel {
  const views = Object.fromEntries(Object.entries(model.views).map(([key, { columns: _, ...view }]) => [key, view]));
  return { ...model, views };
}

export interface RoundTrip {
  readonly upgrade: readonly Operation[];
  readonly upgradeSql: readonly string[];
  readonly log: readonly string[];
  /** What comparing the upgraded A with B still finds (should be nothing). */
  readonly remaining: readonly Operation[];
  readonly upgraded: string;
  readonly target: string;
  readonly original: string;
  readonly downgraded: string;
  /** The four dumps cut by schema (`pgDumpBySchemaAsync`), for cases that share the databases (`caseIn`). */
  readonly bySchema: Readonly<Record<"upgraded" | "target" | "original" | "downgraded", Readonly<Record<string, string>>>>;
  /** With `tablespaces`: where A's relations are at each stage (`schema.name` -> tablespace, "-" for the default). */
  readonly tablespaces?: Readonly<Record<"original" | "upgraded" | "downgraded", Readonly<Record<string, string>>>>;
  /** With `rows`: what its query returned on A at each stage. */
  readonly rows?: Readonly<Record<"original" | "upgraded" | "downgraded", readonly unknown[]>>;
  /** With `rowsIn`: what each schema's query returned on A at each stage. */
  readonly rowsIn?: Readonly<Record<string, Readonly<Record<"original" | "upgraded" | "downgraded", readonly unknown[]>>>>;
}

export async function readModel(url: string, schemas: readonly string[]): Promise<SchemaModel> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return await introspect(client, { schemas });
  } finally {
    await client.end();
  }
}

/** Creates cluster-wide roles if missing (other test files may create them at the same time). */
export async function ensureRoles(roles: readonly string[]): Promise<void> {
  const client = new Client({ connectionString: serverUrl() });
  await client.connect();
  try {
    for (const role of roles) {
      await client.query(
        `DO $$ BEGIN CREATE ROLE "${role}"; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$`,
      );
    }
  } finally {
    await client.end();
  }
}

/** Runs each query with its schema as the search path, on one connection. */
async function queryIn(url: string, queries: Readonly<Record<string, string>>): Promise<Record<string, unknown[]>> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const rows: Record<string, unknown[]> = {};
    for (const [schema, query] of Object.entries(queries)) {
      await client.query(`SET search_path = "${schema}"`);
      rows[schema] = (await client.query(query)).rows;
    }
    return rows;
  } finally {
    await client.end();
  }
}


/**
 * Runs the round trip; the databases are dropped afterwards. What does not depend on each other runs at
 * once: the two databases, their models, their dumps and what A holds at the start; B's drop, once B is
 * read, with A's migration; after the upgrade, A's model, its dump and what it holds.
 */
export async function roundTrip(c: RoundTripCase): Promise<RoundTrip> {
  const schemas = c.schemas ?? ["public"];
  const dump = (url: string) => pgDumpBySchemaAsync(url, { ignoreColumnOrder: true, privileges: c.privileges ?? false });
  let a: TestDatabase | null = null;
  let b: TestDatabase | null = null;
  let droppingB: Promise<void> | undefined;
  // One session on A for its SQL, its reads, the owners' lookup and both migrations: a new backend costs the
  // server 25-28 ms and spends most of its first introspection filling its catalog caches (bench/README.md).
  let readerA: Client | null = null;
  try {
    const created = await Promise.allSettled([createTestDatabase("cat_a"), createTestDatabase("cat_b")]);
    a = created[0].status === "fulfilled" ? created[0].value : null;
    b = created[1].status === "fulfilled" ? created[1].value : null;
    for (const result of created) if (result.status === "rejected") throw result.reason;
    const [dbA, dbB] = [a!, b!];
    readerA = new Client({ connectionString: dbA.url });
    await readerA.connect();
    const sessionA = readerA;
    // B is built and read on one session, A on `sessionA` (its SQL, reads and both migrations); each read
    // as on a new session (DISCARD ALL: the SQL's SET ROLE, search_path and the like are gone).
    const readB = dbB.session(async (session) => {
      await session.query(c.after);
      await session.query("DISCARD ALL");
      return introspect(session, { schemas });
    });
    readB.catch(() => undefined);
    await sessionA.query(c.before);
    await sessionA.query("DISCARD ALL");
    const placed = () => (c.tablespaces ? tablespacesIn(dbA.url, schemas) : Promise.resolve({}));
    const rows = () => (c.rows === undefined ? Promise.resolve([]) : dbA.query(c.rows));
    const rowsIn = () => (c.rowsIn === undefined ? Promise.resolve({}) : queryIn(dbA.url, c.rowsIn)) as Promise<Record<string, unknown[]>>;
    const [from, read, original, target, placedOriginal, rowsOriginal, rowsInOriginal] = await Promise.all([
      introspect(sessionA, { schemas }),
      readB,
      dump(dbA.url),
      readB.then(() => dump(dbB.url)),
      placed(),
      rows(),
      rowsIn(),
    ]);
    // B is read and dumped: nothing reads it again.
    droppingB = dbB.drop();
    droppingB.catch(() => undefined);
    b = null;
    const entitySide = c.targetAsEntities ? asEntitySide(read) : read;
    const to = c.viewColumnsUnknown ? withoutViewColumns(entitySide) : entitySide;
    const compared = compare(from, to, c.options);
    const log = compared.log;
    const upgrade = c.ownersAtRunTime ? compared.operations : await nameOwnerGrantees(sessionA, compared.operations);
    await applyOperations(sessionA, upgrade);
    const [upgradedModel, upgraded, placedUpgraded, rowsUpgraded, rowsInUpgraded] = await Promise.all([
      introspect(sessionA, { schemas }),
      dump(dbA.url),
      placed(),
      rows(),
      rowsIn(),
    ]);
    const remaining = compare(upgradedModel, to, c.options).operations;
    await applyOperations(sessionA, invertAll(upgrade));
    const [downgraded, placedDowngraded, rowsDowngraded, rowsInDowngraded] = await Promise.all([dump(dbA.url), placed(), rows(), rowsIn()]);
    const stages = <T>(original: T, upgraded: T, downgraded: T) => ({ original, upgraded, downgraded });
    return {
      upgrade,
      upgradeSql: compileOperations(upgrade).map((s) => s.sql),
      log,
      remaining,
      upgraded: upgraded.whole,
      target: target.whole,
      original: original.whole,
      downgraded: downgraded.whole,
      bySchema: { upgraded: upgraded.schemas, target: target.schemas, original: original.schemas, downgraded: downgraded.schemas },
      ...(c.tablespaces && { tablespaces: stages(placedOriginal, placedUpgraded, placedDowngraded) }),
      ...(c.rows !== undefined && { rows: stages(rowsOriginal, rowsUpgraded, rowsDowngraded) }),
      ...(c.rowsIn !== undefined && {
        rowsIn: Object.fromEntries(
          Object.keys(c.rowsIn).map((schema) => [schema, stages(rowsInOriginal[schema]!, rowsInUpgraded[schema]!, rowsInDowngraded[schema]!)]),
        ),
      }),
    };
  } finally {
    await readerA?.end().catch(() => undefined);
    await Promise.all([a?.drop(), b?.drop(), droppingB]);
  }
}

/** Whether `text` names `schema` (as a whole word: `app1` is not in `app12`). */
export function namesSchema(text: string, schema: string): boolean {
  return new RegExp(`(^|[^A-Za-z0-9_$])${schema}($|[^A-Za-z0-9_$])`).test(text);
}

/**
 * The part of a round trip about one schema, when cases share the two databases a schema each: the
 * operations, statements and log lines that name it (in their order), and the dumps' parts about it.
 * `expectEachInOneCase` checks that nothing named no case's schema, or several.
 */
export function caseIn(result: RoundTrip, schema: string): RoundTrip {
  const named = (values: readonly string[]) => values.filter((value) => namesSchema(value, schema));
  const ofSchema = (operations: readonly Operation[]) => operations.filter((op) => namesSchema(JSON.stringify(op), schema));
  const part = (dumps: Readonly<Record<string, string>>) => dumps[schema] ?? "";
  const placed = (where: Readonly<Record<string, string>>) => Object.fromEntries(Object.entries(where).filter(([relation]) => relation.startsWith(`${schema}.`)));
  return {
    upgrade: ofSchema(result.upgrade),
    upgradeSql: named(result.upgradeSql),
    log: named(result.log),
    remaining: ofSchema(result.remaining),
    upgraded: part(result.bySchema.upgraded),
    target: part(result.bySchema.target),
    original: part(result.bySchema.original),
    downgraded: part(result.bySchema.downgraded),
    bySchema: result.bySchema,
    ...(result.tablespaces && {
      tablespaces: {
        original: placed(result.tablespaces.original),
        upgraded: placed(result.tablespaces.upgraded),
        downgraded: placed(result.tablespaces.downgraded),
      },
    }),
    ...(result.rowsIn?.[schema] && { rows: result.rowsIn[schema] }),
  };
}

/** Statements of no object, which no case's part holds: the setting that lets a function be created before what its body names. */
const SESSION_SETTINGS = new Set(["SET LOCAL check_function_bodies = off"]);

/**
 * Every operation, statement and log line of a shared round trip names exactly one of the cases' schemas
 * (but the session settings a migration makes), so that the cases' parts (`caseIn`) hold all of it.
 */
export function expectEachInOneCase(result: RoundTrip, schemas: readonly string[]): void {
  const cases = (text: string) => schemas.filter((schema) => namesSchema(text, schema));
  expect(result.upgrade.map((op) => JSON.stringify(op)).filter((text) => cases(text).length !== 1)).toEqual([]);
  expect(result.upgradeSql.filter((sql) => !SESSION_SETTINGS.has(sql) && cases(sql).length !== 1)).toEqual([]);
  expect(result.log.filter((line) => cases(line).length !== 1)).toEqual([]);
  // Each case's dump parts are there (a schema it dropped would leave nothing to compare).
  for (const side of ["original", "target", "upgraded", "downgraded"] as const) {
    expect(schemas.filter((schema) => !(result.bySchema[side][schema] ?? "").includes(`CREATE SCHEMA ${schema};`))).toEqual([]);
  }
}

/** A case of a shared round trip: its start (A) and target (B), and the rows it keeps (`RoundTripCase.rows`, in its schema). */
export interface SharedCase {
  readonly before: string;
  readonly after: string;
  readonly rows?: string;
}

let sharedSchemas = 0;

/**
 * Cases compared with the same options in one round trip (two databases, four dumps instead of a pair and
 * four dumps each), each in a schema of its own, `s<n>` (unique in the file). Without `renames`, a case's
 * SQL names no schema and runs with its schema as the search path, and `in(name)` renames `public` in
 * expected text to it; with `renames` (a schema the cases' SQL names, such as `app`), that schema is renamed
 * to the case's in its SQL and in expected text. A case's `rows` query runs with its schema as the search
 * path. `databaseWide` is SQL that names no schema, run on A and B after every case's, the same setting for
 * all of them (a role's default privileges, say); pg_dump puts it in no schema, so only the whole round
 * trip compares it. `of(name)` gives the case's part (`caseIn`) of the round trip, which runs once, when
 * first asked (or, if it fails, of the case's round trip alone); `whole()` the round trip itself (see
 * `expectShared`).
 */
export function sharedRoundTrip<K extends string>(
  cases: Readonly<Record<K, SharedCase>>,
  options: Omit<RoundTripCase, "before" | "after" | "schemas" | "rows" | "rowsIn"> & {
    readonly renames?: string;
    readonly setUp?: () => Promise<void>;
    readonly databaseWide?: string;
  } = {},
) {
  const { renames, setUp, databaseWide, ...compared } = options;
  const names = Object.keys(cases) as K[];
  const schemaOf = Object.fromEntries(names.map((name) => [name, `s${sharedSchemas++}`])) as Record<K, string>;
  const named = renames ?? "public";
  const rename = (schema: string, text: string) => text.replace(new RegExp(`(?<![A-Za-z0-9_$])${named}(?![A-Za-z0-9_$])`, "g"), schema);
  /** The round trip of `subset` of the cases. */
  const tripOf = (subset: readonly K[]) => {
    const side = (which: "before" | "after") =>
      subset
        .map((name) => {
          const sql = cases[name][which];
          return renames === undefined ? `CREATE SCHEMA ${schemaOf[name]}; SET search_path = ${schemaOf[name]}; ${sql}` : rename(schemaOf[name], sql);
        })
        .join("\n") + (renames === undefined ? "\nRESET search_path;" : "") + (databaseWide === undefined ? "" : `\n${databaseWide}`);
    const queries = subset.filter((name) => cases[name].rows !== undefined);
    const rowsIn = Object.fromEntries(queries.map((name) => [schemaOf[name], renames === undefined ? cases[name].rows! : rename(schemaOf[name], cases[name].rows!)]));
    return roundTrip({ ...compared, before: side("before"), after: side("after"), schemas: subset.map((name) => schemaOf[name]), ...(queries.length > 0 && { rowsIn }) });
  };
  let shared: Promise<RoundTrip> | null = null;
  const whole = () =>
    (shared ??= (async () => {
      await setUp?.();
      return tripOf(names);
    })());
  const alone = new Map<K, Promise<RoundTrip>>();
  return {
    /** The cases' names, for a test's title. */
    names: names.join("; "),
    schemas: names.map((name) => schemaOf[name]),
    whole,
    of: async (name: K) => {
      const result = await whole().catch(() => null);
      if (result !== null) return caseIn(result, schemaOf[name]);
      // The shared round trip stopped (one case's migration failed, say; `expectShared` says why): the case's
      // own round trip, alone, says whether it is this case's doing, so that only a failing case fails.
      if (!alone.has(name)) alone.set(name, tripOf([name]));
      return caseIn(await alone.get(name)!, schemaOf[name]);
    },
    in: (name: K) => (text: string) => rename(schemaOf[name], text),
  };
}

/** The whole of a shared round trip: nothing remains, A dumps as B and then as A again; each statement is one case's. */
export async function expectShared(group: { whole(): Promise<RoundTrip>; readonly schemas: readonly string[] }): Promise<void> {
  const result = await group.whole();
  expectRoundTrip(result);
  expectEachInOneCase(result, group.schemas);
}

/**
 * The whole of a shared round trip in entity mode, whose upgraded database keeps settings the target lacks
 * (so it is not compared with B's dump): nothing remains, the downgrade gives A back, each statement is one case's.
 */
export async function expectSharedEntityMode(group: { whole(): Promise<RoundTrip>; readonly schemas: readonly string[] }): Promise<void> {
  const result = await group.whole();
  expect(result.remaining).toEqual([]);
  expect(result.downgraded).toEqual(result.original);
  expectEachInOneCase(result, group.schemas);
}

/** The three checks of a round trip, as one assertion each. */
export function expectRoundTrip(result: RoundTrip): void {
  expect(result.remaining).toEqual([]);
  expect(result.upgraded).toEqual(result.target);
  expect(result.downgraded).toEqual(result.original);
}

const tableRef = (table: TableDef) => ({ schema: table.schema, name: table.name });

/**
 * The table gone in the schema `schema()` names (a case's, known once its group is made) taken as renamed
 * to the one new there; every other table created or deleted stays so, as without a resolver.
 */
export function renamedIn(schema: () => string): RenameResolver {
  return {
    resolveTables: ({ created, deleted }) => {
      const mine = (table: TableDef) => table.schema === schema();
      const [from, to] = [deleted.find(mine), created.find(mine)];
      const renamed = from !== undefined && to !== undefined ? [{ from: tableRef(from), to: tableRef(to) }] : [];
      const rest = (tables: readonly TableDef[]) => tables.filter((table) => renamed.length === 0 || (table !== from && table !== to)).map(tableRef);
      return { created: rest(created), renamed, deleted: rest(deleted) };
    },
    resolveColumns: ({ created, deleted }) => ({ created: [...created], renamed: [], deleted: [...deleted] }),
  };
}

/**
 * Every table gone in one of the schemas `schemas()` names (cases', known once their group is made) taken as
 * renamed to the one new there at the same place, a schema at a time; with `columns`, every column gone
 * in a table of those schemas likewise, else columns stay created and deleted. Elsewhere every table and
 * column created or deleted stays so, as without a resolver.
 */
export function renamedInOrderIn(schemas: () => readonly string[], { columns = false }: { readonly columns?: boolean } = {}): RenameResolver {
  return {
    resolveTables: ({ created, deleted }) => {
      const answers = schemas().map((schema) => {
        const own = (tables: readonly TableDef[]) => tables.filter((table) => table.schema === schema).map(tableRef);
        const [mineCreated, mineDeleted] = [own(created), own(deleted)];
        return mineCreated.length > 0 && mineDeleted.length > 0
          ? { created: [], renamed: mineDeleted.map((from, i) => ({ from, to: mineCreated[i]! })), deleted: [] }
          : { created: mineCreated, renamed: [], deleted: mineDeleted };
      });
      const others = (tables: readonly TableDef[]) => tables.filter((table) => !schemas().includes(table.schema)).map(tableRef);
      return {
        created: [...answers.flatMap((answer) => answer.created), ...others(created)],
        renamed: answers.flatMap((answer) => answer.renamed),
        deleted: [...answers.flatMap((answer) => answer.deleted), ...others(deleted)],
      };
    },
    resolveColumns: ({ table, created, deleted }) =>
      columns && schemas().includes(table.schema)
        ? { created: [], renamed: deleted.map((from, i) => ({ from, to: created[i]! })), deleted: [] }
        : { created: [...created], renamed: [], deleted: [...deleted] },
  };
}
