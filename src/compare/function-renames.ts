/**
 * A function whose body (BEGIN ATOMIC) reads a table this migration renames, or whose columns it renames:
 * PostgreSQL follows the rename in the body, but the derived downgrade cannot replace it in place. The
 * downgrade runs the inverse of the upgrade's `CREATE OR REPLACE` (with the old body, naming the old
 * names) before the renames back, and PostgreSQL parses such a body when it is created: "column ... does
 * not exist". Such a function, when its body changes, is dropped before the renames and created again
 * after them instead (src/compare/compare-functions.ts), and the views calling it with it
 * (src/compare/compare-views.ts).
 */
import type { FunctionDef } from "../model/catalog-objects";
import { tableKey } from "../model/names";
import type { QualifiedName, SchemaModel } from "../model/schema-model";
import type { Operation } from "../ops/operation";
import { readsRelations } from "../ops/catalog-phases";
import { manages, type ManagedKind } from "./managed-kinds";

/** The tables `ops` rename, move, or rename columns of, as `from` names them (`"s"."t"`). */
export function tablesRenamed(ops: readonly Operation[]): Set<QualifiedName> {
  const original = new Map<QualifiedName, QualifiedName>();
  const renamed = new Set<QualifiedName>();
  for (const op of ops) {
    if (op.kind === "renameTable" || op.kind === "moveTable") {
      const schema = op.kind === "moveTable" ? op.schema : op.table.schema;
      original.set(tableKey({ schema, name: op.to ?? op.table.name }), tableKey(op.table));
      renamed.add(tableKey(op.table));
    }
  }
  for (const op of ops) {
    if (op.kind === "renameColumn") renamed.add(original.get(tableKey(op.table)) ?? tableKey(op.table));
  }
  return renamed;
}

/** The relation of `fn`'s (a `from` function's) that `renamed` holds, if its body reads one and is to change. */
export function readsRenamed(fn: FunctionDef, target: FunctionDef | undefined, renamed: ReadonlySet<QualifiedName>): string | undefined {
  if (target === undefined || target.definition === fn.definition || !readsRelations(fn)) return undefined;
  return (fn.dependsOn ?? []).find((d) => d.startsWith("relation ") && renamed.has(d.slice("relation ".length)));
}

/** Keys of `from`'s functions that `readsRenamed` finds, of the kinds `manage` compares. */
export function functionsReadingRenamed(
  from: SchemaModel,
  to: SchemaModel,
  ops: readonly Operation[],
  manage: ReadonlySet<ManagedKind> | undefined,
): Set<string> {
  const renamed = tablesRenamed(ops);
  const found = new Set<string>();
  if (renamed.size === 0) return found;
  for (const [key, fn] of Object.entries(from.functions)) {
    if (manages(manage, fn.kind === "aggregate" ? "aggregates" : "functions") && readsRenamed(fn, to.functions[key], renamed) !== undefined) found.add(key);
  }
  return found;
}
