/** Schemas and extensions. */
import type {
  AlterExtensionOp,
  MoveExtensionOp,
  CreateExtensionOp,
  CreateSchemaOp,
  DropExtensionOp,
  DropSchemaOp,
} from "../ops/operation";
import { statement, type CompiledStatement } from "./compiled-statement";
import { quoteIdent, quoteLiteral } from "./quote";

/** `CREATE SCHEMA "s"`. */
export function compileCreateSchema(op: CreateSchemaOp): CompiledStatement[] {
  return [statement(`CREATE SCHEMA ${quoteIdent(op.schema)}`)];
}

/** `DROP SCHEMA "s"`: never CASCADE, so a schema that still holds objects is not emptied silently. */
export function compileDropSchema(op: DropSchemaOp): CompiledStatement[] {
  return [statement(`DROP SCHEMA ${quoteIdent(op.schema)}`)];
}

/**
 * `CREATE EXTENSION IF NOT EXISTS "x" [WITH SCHEMA "s"] [VERSION 'v']`: an extension is often installed
 * already (by a superuser, or by TypeORM's `initialize()`), which is not an error.
 */
export function compileCreateExtension(op: CreateExtensionOp): CompiledStatement[] {
  const { name, schema, version } = op.extension;
  let sql = `CREATE EXTENSION IF NOT EXISTS ${quoteIdent(name)}`;
  if (schema !== null) sql += ` WITH SCHEMA ${quoteIdent(schema)}`;
  if (version !== null) sql += ` VERSION ${quoteLiteral(version)}`;
  return [statement(sql)];
}

/** `ALTER EXTENSION "x" UPDATE TO 'v'`: runs the update scripts the extension ships. */
export function compileAlterExtension(op: AlterExtensionOp): CompiledStatement[] {
  return [statement(`ALTER EXTENSION ${quoteIdent(op.name)} UPDATE TO ${quoteLiteral(op.version)}`)];
}

/** `ALTER EXTENSION "x" SET SCHEMA "s"`. */
export function compileMoveExtension(op: MoveExtensionOp): CompiledStatement[] {
  return [statement(`ALTER EXTENSION ${quoteIdent(op.name)} SET SCHEMA ${quoteIdent(op.to)}`)];
}

/** `DROP EXTENSION "x"`: never CASCADE. */
export function compileDropExtension(op: DropExtensionOp): CompiledStatement[] {
  return [statement(`DROP EXTENSION ${quoteIdent(op.name)}`)];
}
