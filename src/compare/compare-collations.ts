/**
 * Collation objects, when the comparison manages them: created (before any column can use them) and
 * dropped (after the columns have moved off them). Postgres cannot alter a collation, and dropping one
 * that columns use fails: a collation whose definition differs is reported and left as it is.
 */
import type { CollationDef } from "../model/catalog-objects";
import type { SchemaModel } from "../model/schema-model";
import type { ChangeCollector } from "./collector";
import { differences, mapOf } from "./differences";
import { deepEqual } from "./equality";
import { manages, type ManagedKind } from "./managed-kinds";

export function compareCollations(
  from: SchemaModel,
  to: SchemaModel,
  manage: ReadonlySet<ManagedKind> | undefined,
  sink: ChangeCollector,
): void {
  if (!manages(manage, "collations")) return;
  const diff = differences(mapOf(from.collations), mapOf(to.collations), deepEqual as (a: CollationDef, b: CollationDef) => boolean);
  for (const c of diff.removed) {
    sink.emit(
      { kind: "dropCollation", collation: { schema: c.schema, name: c.name }, existing: c },
      `Detected removed collation '${c.schema}.${c.name}'`,
    );
  }
  for (const c of diff.added) sink.emit({ kind: "createCollation", collation: c }, `Detected added collation '${c.schema}.${c.name}'`);
  for (const { to: c } of diff.modified) {
    sink.leaveAsIs(
      `Warning: collation '${c.schema}.${c.name}' differs in its definition, which Postgres cannot alter: left as it ` +
        `is (drop and create it by hand, with the columns that use it)`,
    );
  }
}
