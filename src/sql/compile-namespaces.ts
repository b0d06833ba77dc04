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
import { dollarQuote } from "./dollar-quote";
import { quoteIdent, quoteLiteral } from "./quote";

/**
 * `CREATE SCHEMA "s"`; with `ifMissing`, in a DO block that looks the schema up first: `CREATE SCHEMA IF
 * NOT EXISTS` needs the CREATE privilege on the database even where the schema exists.
 * @example compileCreateSchema({ kind: "createSchema", schema: "public", ifMissing: true })
 * // DO $autogen_schema$ BEGIN IF NOT EXISTS (SELECT FROM pg_catalog.pg_namespace WHERE nspname = 'public')
 * //   THEN CREATE SCHEMA "public"; END IF; END $autogen_schema$
 */
export function compileCreateSchema(op: CreateSchemaOp): CompiledStatement[] {
  const create = `CREATE SCHEMA ${quoteIdent(op.schema)}`;
  if (op.ifMissing !== true) return [statement(create)];
  const missing = `NOT EXISTS (SELECT FROM pg_catalog.pg_namespace WHERE nspname = ${quoteLiteral(op.schema)})`;
  return [statement(`DO ${dollarQuote(` BEGIN IF ${missing} THEN ${create}; END IF; END `, "autogen_schema")}`)];
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
