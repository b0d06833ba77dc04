/**
 * Partitions, inheritance and table storage: ATTACH / DETACH PARTITION, INHERIT / NO INHERIT, SET LOGGED /
 * UNLOGGED and storage parameters, and the clauses `CREATE TABLE` takes for them; REPLICA IDENTITY and
 * CLUSTER ON.
 */
import type { TableDef, TableRef } from "../model/schema-model";
import type {
  AddInheritanceOp,
  AlterClusterOnOp,
  AlterTableOfOp,
  AlterReplicaIdentityOp,
  AlterTableStorageOp,
  AttachPartitionOp,
  DetachPartitionOp,
  DropInheritanceOp,
  Operation,
} from "../ops/operation";
import { statement, type CompiledStatement } from "./compiled-statement";
import { dollarQuote } from "./dollar-quote";
import { quoteIdent, quoteLiteral, quoteTable } from "./quote";
import { UncompilableOperationError } from "./uncompilable-operation-error";

/**
 * `ALTER TABLE "s"."parent" ATTACH PARTITION "s"."t" FOR VALUES ...`; for a table that stood alone
 * (`standalone`), first the parent's checks it lacks (`addParentChecks`: ATTACH matches keys, indexes and
 * foreign keys by definition, making the copies the table lacks itself, but checks by name).
 */
export function compileAttachPartition(op: AttachPartitionOp): CompiledStatement[] {
  const attach = statement(`ALTER TABLE ${quoteTable(op.parent)} ATTACH PARTITION ${quoteTable(op.table)} ${op.bound}`);
  return op.standalone === true ? [addParentChecks(op.table, op.parent), attach] : [attach];
}

/**
 * A DO block that adds to `table` each check of `parent` it lacks by name, under the parent's name and as
 * PostgreSQL prints it: ATTACH PARTITION and INHERIT refuse a table without them.
 */
function addParentChecks(table: TableRef, parent: TableRef): CompiledStatement {
  const child = quoteLiteral(quoteTable(table));
  const body = `
DECLARE
  c record;
BEGIN
  FOR c IN
    SELECT p.conname, pg_catalog.pg_get_constraintdef(p.oid) AS definition
    FROM pg_catalog.pg_constraint p
    WHERE p.conrelid = ${quoteLiteral(quoteTable(parent))}::regclass AND p.contype = 'c' AND NOT p.connoinherit
      AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint t WHERE t.conrelid = ${child}::regclass AND t.conname = p.conname)
    ORDER BY p.conname
  LOOP
    EXECUTE pg_catalog.format('ALTER TABLE %s ADD CONSTRAINT %I %s', ${child}, c.conname, c.definition);
  END LOOP;
END
`;
  return statement(`DO ${dollarQuote(body, "autogen_attach")}`);
}

/**
 * `ALTER TABLE "s"."parent" DETACH PARTITION "s"."t"`; for a table that stands alone after it
 * (`standalone`), in a DO block that first lists what the table has of the parent's (its constraints
 * made from the parent's: key and foreign-key copies, checks it has only from the parent; its indexes
 * attached to the parent's), detaches it, then drops those, foreign keys first: PostgreSQL would leave
 * them as the table's own, which no model of the table describes. `IF EXISTS`: a foreign key to a
 * partitioned table has a copy per partition it references, under one name, dropped with the first.
 */
export function compileDetachPartition(op: DetachPartitionOp): CompiledStatement[] {
  const detach = `ALTER TABLE ${quoteTable(op.parent)} DETACH PARTITION ${quoteTable(op.table)}`;
  if (op.standalone !== true) return [statement(detach)];
  const table = quoteLiteral(quoteTable(op.table));
  const drops = `
    SELECT pg_catalog.array_agg(d.sql ORDER BY d.rank, d.name)
    FROM (
      SELECT DISTINCT pg_catalog.format('ALTER TABLE %s DROP CONSTRAINT IF EXISTS %I', ${table}, c.conname) AS sql,
        CASE c.contype WHEN 'f' THEN 0 WHEN 'c' THEN 2 ELSE 1 END AS rank, c.conname::text AS name
      FROM pg_catalog.pg_constraint c
      WHERE c.conrelid = ${table}::regclass AND (c.conparentid <> 0 OR (c.contype = 'c' AND c.coninhcount > 0 AND NOT c.conislocal))
      UNION ALL
      SELECT pg_catalog.format('DROP INDEX IF EXISTS %I.%I', n.nspname, i.relname), 3, i.relname::text
      FROM pg_catalog.pg_index x
      JOIN pg_catalog.pg_class i ON i.oid = x.indexrelid
      JOIN pg_catalog.pg_namespace n ON n.oid = i.relnamespace
      WHERE x.indrelid = ${table}::regclass
        AND EXISTS (SELECT 1 FROM pg_catalog.pg_inherits h WHERE h.inhrelid = x.indexrelid)
        AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint k WHERE k.conindid = x.indexrelid AND k.conrelid = x.indrelid)
    ) d`;
  return [thenRunListed(detach, drops, "autogen_detach")];
}

/** `ALTER TABLE "s"."t" INHERIT "s"."parent"`, after the parent's checks the table lacks (`addParentChecks`). */
export function compileAddInheritance(op: AddInheritanceOp): CompiledStatement[] {
  return [addParentChecks(op.table, op.parent), statement(`ALTER TABLE ${quoteTable(op.table)} INHERIT ${quoteTable(op.parent)}`)];
}

/**
 * `ALTER TABLE "s"."t" NO INHERIT "s"."parent"`, in a DO block that then drops the checks the table had
 * only from that parent: PostgreSQL leaves them as the table's own, where a model has none (a child's
 * inherited checks go with its parent's), so that the table holds its own checks, as after a standalone
 * detach.
 */
export function compileDropInheritance(op: DropInheritanceOp): CompiledStatement[] {
  const table = quoteLiteral(quoteTable(op.table));
  const drops = `
    SELECT pg_catalog.array_agg(pg_catalog.format('ALTER TABLE %s DROP CONSTRAINT %I', ${table}, t.conname) ORDER BY t.conname)
    FROM pg_catalog.pg_constraint t
    JOIN pg_catalog.pg_constraint p
      ON p.conrelid = ${quoteLiteral(quoteTable(op.parent))}::regclass AND p.conname = t.conname AND p.contype = 'c'
    WHERE t.conrelid = ${table}::regclass AND t.contype = 'c' AND NOT t.conislocal AND t.coninhcount = 1`;
  return [thenRunListed(`ALTER TABLE ${quoteTable(op.table)} NO INHERIT ${quoteTable(op.parent)}`, drops, "autogen_inherit")];
}

/**
 * A DO block that runs `listing` (a query giving a text[] of statements, or NULL for none) before
 * `action`, which changes what it would list, then `action`, then each listed statement in order.
 */
function thenRunListed(action: string, listing: string, tag: string): CompiledStatement {
  const body = `
DECLARE
  listed text[];
  listed_statement text;
BEGIN
  listed := COALESCE((${listing.trim()}), '{}');
  EXECUTE ${quoteLiteral(action)};
  FOREACH listed_statement IN ARRAY listed LOOP
    EXECUTE listed_statement;
  END LOOP;
END
`;
  return statement(`DO ${dollarQuote(body, tag)}`);
}

/**
 * `ALTER TABLE "s"."t" SET LOGGED | SET UNLOGGED, SET ("name" = 'value'), RESET ("name")`, then `ALTER
 * SEQUENCE ... SET LOGGED | SET UNLOGGED` for each owned sequence that keeps the other persistence.
 */
export function compileAlterTableStorage(op: AlterTableStorageOp): CompiledStatement[] {
  const actions: string[] = [];
  if (op.from.unlogged !== op.to.unlogged) actions.push(op.to.unlogged ? "SET UNLOGGED" : "SET LOGGED");
  actions.push(...parameterChanges(op, op.table, "table", op.from.storageParameters, op.to.storageParameters));
  if (actions.length === 0) return [];
  const statements = [statement(`ALTER TABLE ${quoteTable(op.table)} ${actions.join(", ")}`)];
  // The owned sequences the table's new persistence took along and that keep their own.
  if (op.from.unlogged !== op.to.unlogged) {
    for (const sequence of op.to.sequencesKept ?? []) {
      statements.push(statement(`ALTER SEQUENCE ${quoteTable(sequence)} SET ${op.to.unlogged ? "LOGGED" : "UNLOGGED"}`));
    }
  }
  return statements;
}

/** `ALTER TABLE "s"."t" REPLICA IDENTITY DEFAULT | FULL | NOTHING | USING INDEX "i"` (it never recurses to partitions). */
export function compileAlterReplicaIdentity(op: AlterReplicaIdentityOp): CompiledStatement[] {
  const identity = typeof op.to === "string" ? op.to.toUpperCase() : `USING INDEX ${quoteIdent(op.to.index)}`;
  return [statement(`ALTER TABLE ${quoteTable(op.table)} REPLICA IDENTITY ${identity}`)];
}

/** `ALTER TABLE "s"."t" CLUSTER ON "i"` or `SET WITHOUT CLUSTER`. */
export function compileAlterClusterOn(op: AlterClusterOnOp): CompiledStatement[] {
  const action = op.to === null ? "SET WITHOUT CLUSTER" : `CLUSTER ON ${quoteIdent(op.to)}`;
  return [statement(`ALTER TABLE ${quoteTable(op.table)} ${action}`)];
}

/** `ALTER TABLE "s"."t" NOT OF` then, for a type in `to`, `ALTER TABLE "s"."t" OF "s"."type"`. */
export function compileAlterTableOf(op: AlterTableOfOp): CompiledStatement[] {
  return [
    ...(op.from === null ? [] : [statement(`ALTER TABLE ${quoteTable(op.table)} NOT OF`)]),
    ...(op.to === null ? [] : [statement(`ALTER TABLE ${quoteTable(op.table)} OF ${quoteTable(op.to)}`)]),
  ];
}

/** `UNLOGGED ` for `CREATE UNLOGGED TABLE`, or nothing. */
export function unloggedKeyword(table: TableDef): string {
  return table.unlogged === true ? "UNLOGGED " : "";
}

/**
 * `INHERITS (...)`, `PARTITION BY ...`, `WITH (...)` and `TABLESPACE "ts"` after a table's elements, each
 * when it applies.
 */
export function createTableClauses(op: Operation, table: TableDef): string {
  const clauses: string[] = [];
  if (table.inherits !== undefined && table.inherits.length > 0 && table.partitionOf === undefined) {
    clauses.push(`INHERITS (${table.inherits.map(quoteTable).join(", ")})`);
  }
  if (table.partitionBy !== undefined) clauses.push(`PARTITION BY ${table.partitionBy}`);
  const parameters = table.storageParameters ?? [];
  if (parameters.length > 0) clauses.push(`WITH (${parameterList(op, table, "table", parameters)})`);
  if (table.tablespace !== undefined) clauses.push(`TABLESPACE ${quoteIdent(table.tablespace)}`);
  return clauses.length === 0 ? "" : ` ${clauses.join(" ")}`;
}

/**
 * `name=value` parameters (a table's storage parameters, a view's options) as the SQL list inside
 * `WITH (...)`: `"fillfactor" = '70', "toast"."autovacuum_enabled" = 'false'`.
 */
export function parameterList(op: Operation, relation: TableRef, noun: string, parameters: readonly string[]): string {
  return parameters
    .map((p) => parameter(op, relation, noun, p))
    .map(([name, value]) => `${name} = ${value}`)
    .join(", ");
}

/** ` WITH (...)` of `parameters` (an index's storage parameters), or nothing when there are none. */
export function withParameters(op: Operation, relation: TableRef, noun: string, parameters: readonly string[] | undefined): string {
  return parameters === undefined || parameters.length === 0 ? "" : ` WITH (${parameterList(op, relation, noun, parameters)})`;
}

/**
 * The actions that take storage parameters `from` to `to`: `RESET (...)` of those `to` lacks, `SET (...)`
 * of those it adds or changes; with `inOrder`, of all of `to`'s, in its order, when any changes (SET puts
 * the parameters it names last, in its order: the result is then `to` exactly, as pg_dump prints it).
 */
export function parameterChanges(
  op: Operation,
  relation: TableRef,
  noun: string,
  from: readonly string[],
  to: readonly string[],
  inOrder = false,
): string[] {
  const before = new Map(from.map((p) => parameter(op, relation, noun, p)));
  const after = new Map(to.map((p) => parameter(op, relation, noun, p)));
  const reset = [...before.keys()].filter((name) => !after.has(name));
  const changed = [...after].filter(([name, value]) => before.get(name) !== value);
  const reordered = inOrder && from.join("\0") !== to.join("\0");
  const set = reordered ? [...after] : changed;
  return [
    ...(reset.length > 0 ? [`RESET (${reset.join(", ")})`] : []),
    ...(set.length > 0 ? [`SET (${set.map(([name, value]) => `${name} = ${value}`).join(", ")})`] : []),
  ];
}

/** A `name=value` parameter as `["name", 'value']` SQL text; `toast.x` becomes `"toast"."x"`. */
function parameter(op: Operation, table: TableRef, noun: string, text: string): [string, string] {
  const eq = text.indexOf("=");
  const name = eq < 0 ? text : text.slice(0, eq);
  if (eq < 0 || !/^[a-z_][a-z0-9_]*(\.[a-z_][a-z0-9_]*)?$/.test(name)) {
    throw new UncompilableOperationError(
      op,
      `${noun} ${quoteTable(table)}`,
      `the ${noun === "table" || noun === "index" ? "storage parameter" : "option"} ${JSON.stringify(text)} is not of the form name=value.`,
    );
  }
  return [name.split(".").map(quoteIdent).join("."), quoteLiteral(text.slice(eq + 1))];
}
