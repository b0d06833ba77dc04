/**
 * Publications (logical replication): `CREATE PUBLICATION` with what it publishes whole and its options,
 * `ALTER PUBLICATION ... SET (...)` for its options, `ADD TABLE ONLY` / `DROP TABLE ONLY` for each table it
 * lists (with its column list and row filter), `DROP PUBLICATION`. ONLY, as pg_dump writes them: each
 * entry is one table's (`pg_publication_rel` holds a row for each inheritance child a table was added
 * with), and without it `ADD TABLE parent` would also add the children, without their own filters, and
 * `DROP TABLE parent` would take the children's own entries along.
 */
import type {
  AddPublicationTableOp,
  AlterPublicationOp,
  CreatePublicationOp,
  DropPublicationOp,
  DropPublicationTableOp,
} from "../ops/catalog-operations";
import type { PublicationDef } from "../model/catalog-objects";
import type { Operation } from "../ops/operation";
import { statement, type CompiledStatement } from "./compiled-statement";
import { parenthesize } from "./expression";
import { quoteColumnList, quoteIdent, quoteLiteral, quoteTable } from "./quote";
import { UncompilableOperationError } from "./uncompilable-operation-error";

const PUBLISHED: readonly string[] = ["insert", "update", "delete", "truncate"];

/** `publish = 'insert, update', publish_via_partition_root = false`, the operations checked. */
function options(op: Operation, publication: PublicationDef): string {
  const unknown = publication.publish.filter((action) => !PUBLISHED.includes(action));
  if (unknown.length > 0) {
    throw new UncompilableOperationError(
      op,
      `publication ${quoteIdent(publication.name)}`,
      `it publishes ${unknown.map((a) => JSON.stringify(a)).join(", ")}, which is not one of ${PUBLISHED.join(", ")}.`,
    );
  }
  return `publish = ${quoteLiteral(publication.publish.join(", "))}, publish_via_partition_root = ${publication.viaPartitionRoot}`;
}

/**
 * @example // => CREATE PUBLICATION "cdc" FOR TABLES IN SCHEMA "sales" WITH (publish = 'insert, update, delete, truncate', publish_via_partition_root = false)
 */
export function compileCreatePublication(op: CreatePublicationOp): CompiledStatement[] {
  const p = op.publication;
  const what = p.allTables
    ? " FOR ALL TABLES"
    : p.schemas.length > 0
      ? ` FOR TABLES IN SCHEMA ${p.schemas.map(quoteIdent).join(", ")}`
      : "";
  return [statement(`CREATE PUBLICATION ${quoteIdent(p.name)}${what} WITH (${options(op, p)})`)];
}

export function compileDropPublication(op: DropPublicationOp): CompiledStatement[] {
  return [statement(`DROP PUBLICATION ${quoteIdent(op.name)}`)];
}

/**
 * `ALTER PUBLICATION ... DROP TABLES IN SCHEMA` / `ADD TABLES IN SCHEMA` for the schemas it stops or starts
 * publishing whole (in place: what else it publishes stays), then `SET (...)` for its options when they change.
 */
export function compileAlterPublication(op: AlterPublicationOp): CompiledStatement[] {
  const alter = `ALTER PUBLICATION ${quoteIdent(op.to.name)}`;
  const dropped = op.from.schemas.filter((s) => !op.to.schemas.includes(s));
  const added = op.to.schemas.filter((s) => !op.from.schemas.includes(s));
  const sameOptions = op.from.viaPartitionRoot === op.to.viaPartitionRoot && op.from.publish.join() === op.to.publish.join();
  return [
    ...(dropped.length === 0 ? [] : [statement(`${alter} DROP TABLES IN SCHEMA ${dropped.map(quoteIdent).join(", ")}`)]),
    ...(added.length === 0 ? [] : [statement(`${alter} ADD TABLES IN SCHEMA ${added.map(quoteIdent).join(", ")}`)]),
    ...(sameOptions && (dropped.length > 0 || added.length > 0) ? [] : [statement(`${alter} SET (${options(op, op.to)})`)]),
  ];
}

/** @example // => ALTER PUBLICATION "cdc" ADD TABLE ONLY "public"."orders" ("id", "total") WHERE (total > 0) */
export function compileAddPublicationTable(op: AddPublicationTableOp): CompiledStatement[] {
  const m = op.member;
  const columns = m.columns === null ? "" : ` ${quoteColumnList(m.columns)}`;
  const where = m.where === null ? "" : ` WHERE ${parenthesize(m.where)}`;
  return [statement(`ALTER PUBLICATION ${quoteIdent(m.publication)} ADD TABLE ONLY ${quoteTable(m.table)}${columns}${where}`)];
}

export function compileDropPublicationTable(op: DropPublicationTableOp): CompiledStatement[] {
  return [statement(`ALTER PUBLICATION ${quoteIdent(op.publication)} DROP TABLE ONLY ${quoteTable(op.table)}`)];
}
