/**
 * Range types: create, drop, and drop and create again (no `ALTER TYPE` changes a range type's
 * definition). The subtype, operator class, collation and function names are Postgres's own printing,
 * inserted verbatim as column types are.
 */
import type { RangeTypeDef } from "../model/schema-model";
import type { AlterRangeTypeOp, CreateRangeTypeOp, DropRangeTypeOp } from "../ops/operation";
import { statement, type CompiledStatement } from "./compiled-statement";
import { keepingOwners } from "./compile-owners";
import { quoteQualified } from "./quote";
import { UncompilableOperationError } from "./uncompilable-operation-error";

/**
 * `CREATE TYPE "s"."r" AS RANGE (SUBTYPE = t [, SUBTYPE_OPCLASS = o] [, COLLATION = c] [, CANONICAL = f]
 * [, SUBTYPE_DIFF = g] [, MULTIRANGE_TYPE_NAME = m])`, each option only where the type has one.
 */
export function compileCreateRangeType(op: CreateRangeTypeOp): CompiledStatement[] {
  return [statement(createRange(op.type))];
}

/** `DROP TYPE "s"."r"`: never CASCADE, so anything using it (or its multirange type) stops the drop. */
export function compileDropRangeType(op: DropRangeTypeOp): CompiledStatement[] {
  return [statement(`DROP TYPE ${quoteQualified(op.type)}`)];
}

/** `DROP TYPE` and `CREATE TYPE ... AS RANGE` under the same name; the new type keeps the old one's owner. */
export function compileAlterRangeType(op: AlterRangeTypeOp): CompiledStatement[] {
  const { from, to } = op;
  if (from.schema !== to.schema || from.name !== to.name) {
    throw new UncompilableOperationError(op, `range type ${quoteQualified(from)}`, "A range type cannot be renamed here.");
  }
  return keepingOwners(
    [{ kind: "type", schema: to.schema, name: to.name }],
    [statement(`DROP TYPE ${quoteQualified(from)}`), statement(createRange(to))],
  );
}

/** The `CREATE TYPE ... AS RANGE` text of `def` (also for a range type rebuilt with its subtype: range-rebuild.ts). */
export function createRange(def: RangeTypeDef): string {
  const options: [string, string | null][] = [
    ["SUBTYPE", def.subtype],
    ["SUBTYPE_OPCLASS", def.opclass],
    ["COLLATION", def.collation],
    ["CANONICAL", def.canonical],
    ["SUBTYPE_DIFF", def.subtypeDiff],
    ["MULTIRANGE_TYPE_NAME", def.multirange],
  ];
  const given = options.filter((option): option is [string, string] => option[1] !== null);
  return `CREATE TYPE ${quoteQualified(def)} AS RANGE (${given.map(([name, value]) => `${name} = ${value}`).join(", ")})`;
}
