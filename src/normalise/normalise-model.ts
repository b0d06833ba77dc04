/**
 * Normalisation by Postgres, not by string rules: the raw entity model is materialised as temporary
 * objects inside a transaction that is always rolled back, read back through the same introspector as the
 * live database, and every text (types, defaults, checks, exclusions, generated expressions, index keys
 * and predicates) is replaced by what Postgres printed. Nothing is created outside `pg_temp`, except the
 * extensions the entities need and the database lacks, which are created inside the same rolled-back
 * transaction so that their functions resolve (and only when the user may create them).
 */
import type { Database, Queryable } from "../db/database";
import type { ColumnDef, IndexDef, IndexKey, SchemaModel, TableDef } from "../model/schema-model";
import { qualifiedName } from "../model/names";
import { introspectInTransaction } from "../introspect";
import { AutogenError } from "../errors";
import { withScratchTransaction } from "./scratch-transaction";
import {
  type PackedItem,
  type PackedTable,
  type ScratchPlan,
  type TypeSlot,
  indexSql,
  packedTableSql,
  planScratch,
  plainColumnOf,
  slotKey,
  enumTypeSubstituter,
  typeTableSql,
} from "./scratch-plan";

/** Postgres refused a definition the entities ask for (a misspelt type, a check on a missing column). */
export class DefinitionRejectedError extends AutogenError {
  constructor(readonly problems: readonly { readonly object: string; readonly reason: string }[]) {
    super(
      `PostgreSQL rejected ${problems.length === 1 ? "a definition" : `${problems.length} definitions`} ` +
        `in the entities: ${problems.map((p) => `${p.object}: ${p.reason}`).join("; ")}. ` +
        `Fix the entity and run the command again.`,
    );
  }
}

/** Runs `sql` in a savepoint; returns what it threw (the savepoint rolled back), or null. */
async function attemptStatement(tx: Queryable, sql: string): Promise<unknown> {
  await tx.query("SAVEPOINT autogen_try");
  try {
    await tx.query(sql);
    await tx.query("RELEASE SAVEPOINT autogen_try");
    return null;
  } catch (error) {
    await tx.query("ROLLBACK TO SAVEPOINT autogen_try");
    return error ?? new Error("unknown error");
  }
}

/** `attemptStatement`, giving Postgres's message when the statement fails. */
async function attempt(tx: Queryable, sql: string): Promise<string | null> {
  const error = await attemptStatement(tx, sql);
  return error === null ? null : (error as Error).message;
}

type Problem = { object: string; reason: string };

function createExtensionSql(name: string): string {
  return `CREATE EXTENSION IF NOT EXISTS "${name.replace(/"/g, '""')}"`;
}

/**
 * The fast path: every scratch statement sent as one script, in one round trip instead of three per
 * statement (a model of 1,000 tables needs about 700 statements). It gives up, leaving nothing behind,
 * when any statement fails, or when a text holds a semicolon (which a script would split into several
 * statements where the one-at-a-time path refuses it); the caller then takes that path, which names every
 * definition Postgres rejects. When it succeeds, the objects created are the same, so the result is too.
 */
async function createAllAtOnce(db: Database, raw: SchemaModel, plan: ScratchPlan): Promise<boolean> {
  const statements = [
    ...Object.values(raw.extensions).map((ext) => createExtensionSql(ext.name)),
    ...plan.enumStatements,
    ...[...plan.typeTables].map(([name, slots]) => typeTableSql(name, slots)),
    ...plan.packedTables.flatMap((table) => packedTableSql(table)),
  ];
  if (statements.length === 0) return true;
  if (statements.some((sql) => sql.includes(";"))) return false;
  await db.query("SAVEPOINT autogen_batch");
  try {
    await db.exec(statements.join(";\n"));
  } catch {
    await db.query("ROLLBACK TO SAVEPOINT autogen_batch");
    return false;
  }
  await db.query("RELEASE SAVEPOINT autogen_batch");
  return true;
}

/** The slow path: one statement at a time, each in a savepoint, collecting what Postgres rejects. */
async function createOneByOne(tx: Queryable, raw: SchemaModel, plan: ScratchPlan): Promise<void> {
  const problems: Problem[] = [];
  for (const ext of Object.values(raw.extensions)) {
    await attempt(tx, createExtensionSql(ext.name));
  }
  for (const sql of plan.enumStatements) {
    const reason = await attempt(tx, sql);
    if (reason) problems.push({ object: "enum", reason });
  }
  await createTypeTables(tx, plan, problems);
  for (const table of plan.packedTables) await createPackedTable(tx, table, problems);
  if (problems.length) throw new DefinitionRejectedError(problems);
}

async function createTypeTables(tx: Queryable, plan: ScratchPlan, problems: Problem[]): Promise<void> {
  for (const [name, slots] of plan.typeTables) {
    if ((await attempt(tx, typeTableSql(name, slots))) === null) continue;
    // Find the culprits one column at a time, then create the table without them.
    const good: TypeSlot[] = [];
    for (const slot of slots) {
      const reason = await attempt(tx, typeTableSql(`${name}_probe`, [slot]));
      if (reason === null) {
        await tx.query(`DROP TABLE pg_temp."${name}_probe"`);
        good.push(slot);
      } else {
        problems.push({ object: `column ${slot.origins.join(", ")} (type ${slot.type})`, reason });
      }
    }
    if (good.length) await tx.query(typeTableSql(name, good));
  }
}

async function createPackedTable(tx: Queryable, table: PackedTable, problems: Problem[]): Promise<void> {
  const [create, ...indexes] = packedTableSql(table);
  if ((await attempt(tx, create!)) !== null) {
    const columnsOnly: PackedTable = { ...table, items: table.items.filter((i) => i.kind === "generated") };
    const reason = await attempt(tx, packedTableSql(columnsOnly)[0]!);
    if (reason !== null) {
      for (const item of columnsOnly.items.filter((i) => i.tableKey)) {
        problems.push({ object: `generated column ${item.tableKey}.${item.name}`, reason });
      }
      return;
    }
    for (const item of table.items.filter((i) => i.kind === "check" || i.kind === "exclusion")) {
      const why = await attempt(tx, `ALTER TABLE pg_temp."${table.name}" ADD ${item.sql}`);
      if (why !== null) problems.push({ object: `${item.kind} constraint "${item.name}" on ${item.tableKey}`, reason: why });
    }
  }
  for (const [i, sql] of indexes.entries()) {
    const why = await attempt(tx, sql);
    if (why !== null) {
      const item = table.items.filter((x) => x.kind === "index")[i]!;
      problems.push({ object: `index "${item.name}" on ${item.tableKey}`, reason: why });
    }
  }
}

/** Replaces our temporary enum stand-ins in Postgres's printing by the real (qualified) enum names. */
function enumRestorer(plan: ScratchPlan, realNames: ReadonlyMap<string, string>): (text: string) => string {
  if (plan.enumTokens.length === 0) return (t) => t;
  const pattern = /(?:pg_temp(?:_\d+)?\.)?(autogen_enum_\d{5})/g;
  return (text) => text.replace(pattern, (whole, token: string) => realNames.get(token) ?? whole);
}

async function quoteIdents(tx: Queryable, names: readonly string[]): Promise<Map<string, string>> {
  const unique = [...new Set(names)];
  if (unique.length === 0) return new Map();
  const { rows } = await tx.query<{ n: string; q: string }>(
    "SELECT n, quote_ident(n) AS q FROM unnest($1::text[]) AS n",
    [unique],
  );
  return new Map(rows.map((r) => [r.n, r.q]));
}

/**
 * Returns `raw` with every Postgres-printable text replaced by Postgres's own printing. Throws
 * `DefinitionRejectedError` naming each entity column, constraint or index that Postgres refused.
 */
export async function normaliseModel(db: Database, raw: SchemaModel): Promise<SchemaModel> {
  return withScratchTransaction(db, async (tx) => {
    // The dense plan first (few packed tables, see `ScratchOptions`), all at once; when anything fails,
    // the plan of earlier versions, one statement at a time, so that failures are reported as before.
    let plan = planScratch(raw, { packColumns: "referenced" });
    if (!(await createAllAtOnce(db, raw, plan))) {
      plan = planScratch(raw);
      await createOneByOne(tx, raw, plan);
    }

    const viewTokens = await createScratchViews(tx, raw);
    const viewIndexTables = await createScratchViewIndexes(tx, raw, viewTokens);
    const { rows } = await tx.query<{ nspname: string }>(
      "SELECT nspname::text AS nspname FROM pg_namespace WHERE oid = pg_my_temp_schema()",
    );
    const tempSchema = rows[0]?.nspname;
    const scratch = tempSchema
      ? await introspectInTransaction(tx, { schemas: [tempSchema], catalogObjects: false })
      : null;

    const identNames: string[] = [];
    for (const { enum: e } of plan.enumTokens) identNames.push(e.schema, e.name);
    for (const t of Object.values(raw.tables)) {
      for (const i of t.indexes) for (const k of i.keys) {
        const col = plainColumnOf(k, t);
        if (col !== null) identNames.push(col);
      }
      for (const i of t.indexes) identNames.push(...i.include);
    }
    const quoted = await quoteIdents(tx, identNames);
    const realNames = new Map(
      plan.enumTokens.map(({ token, enum: e }) => [token, `${quoted.get(e.schema)}.${quoted.get(e.name)}`]),
    );
    const restore = enumRestorer(plan, realNames);
    const rebuilt = rebuild(raw, plan, scratch, tempSchema ?? "", quoted, restore);
    return { ...rebuilt, views: normalisedViews(raw, viewTokens, viewIndexTables, scratch, tempSchema ?? "") };
  });
}

/**
 * Errors that mean a view reads something the database does not have yet (a table, column, type,
 * function or schema this migration creates). Its query then stays as the entity gives it: the view is
 * new, or reads something new, so it is created whatever Postgres would print.
 */
const NOT_THERE_YET: ReadonlySet<string> = new Set(["42P01", "42703", "42704", "42883", "3F000"]);

/**
 * Creates each view of `raw` as a temporary view of the same query, for Postgres to print it. Returns
 * the temporary view's name for each view it could create. A query Postgres rejects for any other
 * reason than something missing is reported (`DefinitionRejectedError`), naming the view.
 */
async function createScratchViews(tx: Queryable, raw: SchemaModel): Promise<Map<string, string>> {
  const tokens = new Map<string, string>();
  const problems: Problem[] = [];
  let counter = 0;
  for (const [key, view] of Object.entries(raw.views)) {
    const token = `autogen_view_${String(counter++).padStart(5, "0")}`;
    const error = await attemptStatement(tx, `CREATE TEMP VIEW "${token}" AS ${view.definition}`);
    if (error === null) {
      tokens.set(key, token);
      continue;
    }
    const code = (error as { code?: unknown }).code;
    if (typeof code !== "string" || !NOT_THERE_YET.has(code)) {
      problems.push({ object: `view ${view.schema}.${view.name}`, reason: (error as Error).message });
    }
  }
  if (problems.length) throw new DefinitionRejectedError(problems);
  return tokens;
}

/**
 * The indexes of each materialized view whose temporary twin exists, made on a temporary table of the
 * twin's columns and types (`CREATE TEMP TABLE ... AS SELECT * FROM twin WITH NO DATA`: a temporary
 * materialized view does not exist), for Postgres to print their keys and predicates as it prints a
 * materialized view's. Returns that table's name for each view; an index Postgres refuses is reported
 * (`DefinitionRejectedError`), naming it, as a table's is, unless it names what is not there yet (as a
 * view's query: it then stays as the entity gives it).
 */
async function createScratchViewIndexes(
  tx: Queryable,
  raw: SchemaModel,
  viewTokens: ReadonlyMap<string, string>,
): Promise<Map<string, string>> {
  const tables = new Map<string, string>();
  const problems: Problem[] = [];
  for (const [key, view] of Object.entries(raw.views)) {
    const token = viewTokens.get(key);
    if (!view.materialized || view.indexes.length === 0 || token === undefined) continue;
    const table = `${token}_indexed`;
    await tx.query(`CREATE TEMP TABLE "${table}" AS SELECT * FROM pg_temp."${token}" WITH NO DATA`);
    const { rows } = await tx.query<{ name: string }>(
      "SELECT attname::text AS name FROM pg_attribute WHERE attrelid = $1::regclass AND attnum > 0 AND NOT attisdropped",
      [`pg_temp."${table}"`],
    );
    tables.set(key, table);
    for (const [i, index] of view.indexes.entries()) {
      const error = await attemptStatement(tx, indexSql(index, `${table}_${i}`, table, { columns: rows }));
      const code = (error as { code?: unknown } | null)?.code;
      // What the migration creates first (a function an expression calls, an operator class, a collation):
      // the index stays as the entity gives it. Its columns are the twin's, all there.
      if (error === null || (typeof code === "string" && NOT_THERE_YET.has(code) && code !== "42703")) continue;
      problems.push({ object: `index "${index.name}" on ${view.schema}.${view.name}`, reason: (error as Error).message });
    }
  }
  if (problems.length) throw new DefinitionRejectedError(problems);
  return tables;
}

/**
 * The views of `raw` with the queries Postgres printed for their temporary twins, where there is one, and
 * a materialized view's indexes as Postgres printed them on the twin's table (`indexTables`).
 */
function normalisedViews(
  raw: SchemaModel,
  tokens: ReadonlyMap<string, string>,
  indexTables: ReadonlyMap<string, string>,
  scratch: SchemaModel | null,
  tempSchema: string,
): SchemaModel["views"] {
  const views: Record<string, SchemaModel["views"][string]> = {};
  for (const [key, view] of Object.entries(raw.views)) {
    const token = tokens.get(key);
    const printed = token === undefined ? undefined : scratch?.views[qualifiedName(tempSchema, token)];
    if (printed === undefined) {
      views[key] = view;
      continue;
    }
    const table = indexTables.get(key);
    const scratchIndexes = table === undefined ? undefined : scratch?.tables[qualifiedName(tempSchema, table)]?.indexes;
    const indexes = view.indexes.map((index, i) => {
      const si = scratchIndexes?.find((x) => x.name === `${table}_${i}`);
      // Only what Postgres prints of the entity's own index: the scratch table's tablespace is not the view's.
      return si === undefined ? index : { ...index, method: si.method, keys: si.keys, include: si.include, where: si.where };
    });
    views[key] = { ...view, definition: printed.definition, columns: printed.columns, indexes };
  }
  return views;
}

function rebuild(
  raw: SchemaModel,
  plan: ScratchPlan,
  scratch: SchemaModel | null,
  tempSchema: string,
  quoted: ReadonlyMap<string, string>,
  restore: (text: string) => string,
): SchemaModel {
  const scratchTable = (name: string): TableDef | undefined => scratch?.tables[qualifiedName(tempSchema, name)];
  const sub = enumTypeSubstituter(plan.enumTokens);
  // Indexed once (the first item wins, as a search in plan order would find it): searching every packed
  // table for every column, check and index is quadratic in the number of tables.
  const itemKey = (tableKey: string, kind: string, name: string): string => JSON.stringify([tableKey, kind, name]);
  const packedItems = new Map<string, { readonly item: PackedItem; readonly table: TableDef | undefined }>();
  for (const p of plan.packedTables) {
    const table = scratchTable(p.name);
    for (const item of p.items) {
      const key = itemKey(item.tableKey, item.kind, item.name);
      if (!packedItems.has(key)) packedItems.set(key, { item, table });
    }
  }
  const packedItem = (tableKey: string, kind: string, name: string) => packedItems.get(itemKey(tableKey, kind, name));

  const column = (t: TableDef, tableKey: string, c: ColumnDef): ColumnDef => {
    if (c.generated !== null) {
      const found = packedItem(tableKey, "generated", c.name);
      const sc = found?.table?.columns.find((x) => x.name === c.name);
      return sc ? { ...c, type: restore(sc.type), generated: restore(sc.generated ?? c.generated) } : c;
    }
    const slot = plan.typeSlots.get(slotKey(sub(c.type), c.default, c.collation));
    const sc = slot ? scratchTable(slot.scratchTable)?.columns.find((x) => x.name === slot.scratchColumn) : undefined;
    if (!sc) return c;
    return {
      ...c,
      type: restore(sc.type),
      default: sc.default === null ? null : restore(sc.default),
      collation: sc.collation,
    };
  };

  const index = (t: TableDef, tableKey: string, i: IndexDef): IndexDef => {
    const found = packedItem(tableKey, "index", i.name);
    const si = found?.table?.indexes.find((x) => x.name === found.item.scratchName);
    if (si) {
      return { ...si, name: i.name, keys: si.keys.map((k) => ({ ...k, expression: restore(k.expression) })), where: si.where === null ? null : restore(si.where) };
    }
    const keys = i.keys.map((k): IndexKey => {
      const col = plainColumnOf(k, t);
      return col !== null ? { ...k, expression: quoted.get(col) ?? k.expression } : k;
    });
    return { ...i, keys, include: i.include.map((n) => quoted.get(n) ?? n) };
  };

  const tables: Record<string, TableDef> = {};
  for (const [key, t] of Object.entries(raw.tables)) {
    const constraintDef = (kind: "check" | "exclusion", name: string, fallback: string) => {
      const found = packedItem(key, kind, name);
      const defs = kind === "check" ? found?.table?.checks : found?.table?.exclusions;
      const def = defs?.find((x) => x.name === found!.item.scratchName)?.definition;
      return def === undefined ? fallback : restore(def);
    };
    tables[key] = {
      ...t,
      columns: t.columns.map((c) => column(t, key, c)),
      checks: t.checks.map((c) => ({ ...c, definition: constraintDef("check", c.name, c.definition) })),
      exclusions: t.exclusions.map((c) => ({ ...c, definition: constraintDef("exclusion", c.name, c.definition) })),
      indexes: t.indexes.map((i) => index(t, key, i)),
    };
  }
  return { ...raw, tables };
}
