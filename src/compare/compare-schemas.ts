/**
 * Schemas. A schema that `to` needs (listed in `to.schemas`, or holding one of its compared objects) and
 * that `from` lacks is created. A schema `from` has and `to` does not need is dropped only
 * with `dropSchemas`, and only when nothing of `from` stays in it. `public` is never dropped, and created only
 * where `from` is known to lack it, since a model built without reading a database (by hand, a fresh
 * database's) does not list it: a database whose `public` was dropped or renamed needs it again before
 * anything is made in it. It is known with `dropSchemas` (a whole database compared, where `from.schemas`
 * lists every schema it has), and where `from` was read for `public` from a catalog without it
 * (`catalogSchemas`: entity mode, where hardened databases drop `public`); then it is created only where
 * missing (`ifMissing`), as the history replays on fresh databases, which have it.
 */
import { qualifiedName } from "../model/names";
import type { SchemaModel } from "../model/schema-model";
import type { CreateSchemaOp, Operation } from "../ops/operation";
import type { ChangeCollector } from "./collector";
import type { CompareOptions } from "./compare-options";
import type { TableScope } from "./scope";

const NEVER_TOUCHED: ReadonlySet<string> = new Set(["public", "information_schema"]);

/**
 * Compares schemas once every other comparator has run: the ops already collected tell which objects of
 * `from` go away. `renamed` is `from` once the renames have run: a table moved to another schema is in
 * the schema it goes to, which still has to exist first.
 */
export function compareSchemas(
  from: SchemaModel,
  renamed: SchemaModel,
  to: SchemaModel,
  inScope: TableScope,
  options: Pick<CompareOptions, "dropSchemas" | "catalogSchemas">,
  sink: ChangeCollector,
): void {
  const dropSchemas = options.dropSchemas ?? false;
  const existing = schemasOf(from, () => true, true);
  const needed = schemasOf(to, inScope, false);
  for (const schema of [...needed].sort()) {
    const op = existing.has(schema) ? null : schemaCreation(schema, dropSchemas, options.catalogSchemas ?? []);
    if (op !== null) sink.emit(op, `Detected added schema '${schema}'`);
  }
  if (!dropSchemas) return;
  const staying = remainingSchemas(renamed, sink.operations);
  for (const schema of [...existing].sort()) {
    if (needed.has(schema) || staying.has(schema) || untouchable(schema)) continue;
    sink.emit({ kind: "dropSchema", schema }, `Detected removed schema '${schema}'`);
  }
}

/** The creation of a schema `from` lacks; of `public`, only where it is known to lack it (see the file comment). */
function schemaCreation(schema: string, dropSchemas: boolean, catalogSchemas: readonly string[]): CreateSchemaOp | null {
  if (schema !== "public") return untouchable(schema) ? null : { kind: "createSchema", schema };
  if (dropSchemas) return { kind: "createSchema", schema };
  return catalogSchemas.includes(schema) ? { kind: "createSchema", schema, ifMissing: true } : null;
}

function untouchable(schema: string): boolean {
  return NEVER_TOUCHED.has(schema) || schema.startsWith("pg_");
}

/**
 * The listed schemas and those holding the model's tables (in scope), enums, sequences and, with
 * `withExtensions`, extensions. An extension is compared only when its schema is listed (see
 * compare-extensions.ts), so the schemas `to` needs never come from its extensions alone.
 */
function schemasOf(model: SchemaModel, inScope: TableScope, withExtensions: boolean): Set<string> {
  const extensions = withExtensions ? Object.values(model.extensions) : [];
  return new Set([
    ...model.schemas,
    ...Object.values(model.tables).filter(inScope).map((t) => t.schema),
    ...Object.values(model.enums).map((e) => e.schema),
    ...Object.values(model.sequences).map((s) => s.schema),
    ...Object.values(model.views).map((v) => v.schema),
    ...extensions.flatMap((e) => (e.schema === null ? [] : [e.schema])),
  ]);
}

/** Schemas still holding an object of `from` (after renames) once `ops` have run: a table, enum, sequence or extension not dropped. */
function remainingSchemas(from: SchemaModel, ops: readonly Operation[]): Set<string> {
  const gone = new Set<string>();
  for (const op of ops) {
    if (op.kind === "dropTable") gone.add(`table:${qualifiedName(op.table.schema, op.table.name)}`);
    if (op.kind === "dropEnum") gone.add(`enum:${qualifiedName(op.enum.schema, op.enum.name)}`);
    if (op.kind === "dropSequence") gone.add(`sequence:${qualifiedName(op.sequence.schema, op.sequence.name)}`);
    if (op.kind === "dropExtension") gone.add(`extension:${op.name}`);
    if (op.kind === "dropView") gone.add(`view:${qualifiedName(op.view.schema, op.view.name)}`);
  }
  const stays = (kind: string, schema: string, name: string) => !gone.has(`${kind}:${qualifiedName(schema, name)}`);
  return new Set([
    ...Object.values(from.tables).filter((t) => stays("table", t.schema, t.name)).map((t) => t.schema),
    ...Object.values(from.enums).filter((e) => stays("enum", e.schema, e.name)).map((e) => e.schema),
    ...Object.values(from.sequences).filter((s) => stays("sequence", s.schema, s.name)).map((s) => s.schema),
    ...Object.values(from.views).filter((v) => stays("view", v.schema, v.name)).map((v) => v.schema),
    ...Object.values(from.extensions)
      .filter((e) => e.schema !== null && !gone.has(`extension:${e.name}`))
      .map((e) => e.schema as string),
  ]);
}
