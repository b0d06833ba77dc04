/**
 * Functions and procedures, matched by signature (name and identity arguments). When the comparison
 * manages them: created, dropped, and changed with `CREATE OR REPLACE` where Postgres allows it (same
 * kind, result and arguments with their names and defaults), else dropped and created again. Either way,
 * a function that reads a table or view the migration drops and creates again (its row type, a BEGIN
 * ATOMIC body) is dropped before and created again after it.
 *
 * Two steps, because views and functions depend on each other: `compareFunctions` emits what changes a
 * function's identity (drops, creates, re-creations), so that `compareViews` recreates the views calling
 * them; `compareFunctionsAfterViews` then emits the in-place replacements and the re-creations forced by
 * the views (and tables) this migration recreates or drops.
 */
import { tablesChangedUnderViews } from "./compare-views";
import type { FunctionDef } from "../model/catalog-objects";
import { functionAnchor } from "../model/object-ref";
import type { SchemaModel } from "../model/schema-model";
import { readsRelations } from "../ops/catalog-phases";
import { functionRef } from "../ops/catalog-operations";
import type { ChangeCollector } from "./collector";
import { DependentObjectError } from "./compare-errors";
import { differences, mapOf } from "./differences";
import { displayAnchor } from "./hanging";
import { manages, type ManagedKind } from "./managed-kinds";
import { migrationEvents } from "./migration-events";

/** The same function: every field but what the database knows of its dependencies. */
export function sameFunction(a: FunctionDef, b: FunctionDef): boolean {
  return (
    a.kind === b.kind &&
    a.arguments === b.arguments &&
    a.signature === b.signature &&
    a.returns === b.returns &&
    a.definition === b.definition
  );
}

/** Whether `CREATE OR REPLACE` can turn `from` into `to`: same kind, result and arguments (names, defaults). */
export function replaceableInPlace(from: FunctionDef, to: FunctionDef): boolean {
  return from.kind === to.kind && from.returns === to.returns && from.signature === to.signature;
}

/** `public.f(integer)` for log lines. */
function display(fn: FunctionDef): string {
  return `${fn.kind} '${fn.schema}.${fn.name}(${fn.arguments})'`;
}

/**
 * Drops `from` and creates `to` (same signature): one `replaceFunction` with `recreate` when neither reads
 * a relation (both then run where functions are created, before the tables), else a drop with the views
 * and a create with the views, so that the views it reads can be recreated in between.
 */
function emitRecreate(
  from: FunctionDef,
  to: FunctionDef,
  line: string | undefined,
  sink: ChangeCollector,
  split = false,
): void {
  if (!split && !readsRelations(from) && !readsRelations(to)) {
    sink.emit({ kind: "replaceFunction", function: to, existing: from, recreate: true }, line);
    return;
  }
  sink.emit({ kind: "dropFunction", function: functionRef(from), existing: from }, line);
  sink.emit({ kind: "createFunction", function: to });
}

function changes(from: SchemaModel, to: SchemaModel, manage: ReadonlySet<ManagedKind> | undefined) {
  if (!manages(manage, "functions")) return null;
  return differences(mapOf(from.functions), mapOf(to.functions), sameFunction);
}

/** Step one: drops, creates, and changes `CREATE OR REPLACE` cannot make. */
export function compareFunctions(
  from: SchemaModel,
  to: SchemaModel,
  manage: ReadonlySet<ManagedKind> | undefined,
  sink: ChangeCollector,
): void {
  const diff = changes(from, to, manage);
  if (diff === null) return;
  for (const fn of [...diff.removed].reverse()) {
    sink.emit({ kind: "dropFunction", function: functionRef(fn), existing: fn }, `Detected removed ${display(fn)}`);
  }
  for (const fn of diff.added) sink.emit({ kind: "createFunction", function: fn }, `Detected added ${display(fn)}`);
  // Types and relations this migration drops and creates again (an enum or domain rebuilt, compared
  // before the functions): a function naming one is dropped before it and created after it, in two steps.
  const recreated = migrationEvents(sink.operations).recreated;
  for (const { from: before, to: after } of diff.modified) {
    if (replaceableInPlace(before, after)) continue;
    const split = (before.dependsOn ?? []).some((d) => (d.startsWith("relation ") || d.startsWith("type ")) && recreated.has(d));
    emitRecreate(before, after, `Detected changed ${display(after)}: its signature or result changed, dropped and created again`, sink, split);
  }
}

/**
 * Step two, once the views are compared: in-place replacements, and the functions that read a relation or
 * use a type this migration drops and creates again (dropped before it and created again after it: the
 * phase order, refined by src/compare/dependency-order.ts, puts them there). A function that reads a
 * relation the migration drops for good must go too: when functions are not managed, that is a
 * `DependentObjectError`.
 */
export function compareFunctionsAfterViews(
  from: SchemaModel,
  to: SchemaModel,
  manage: ReadonlySet<ManagedKind> | undefined,
  sink: ChangeCollector,
): void {
  const diff = changes(from, to, manage);
  const events = migrationEvents(sink.operations);
  // Tables whose columns this migration drops or retypes (as for views): a function whose body reads one
  // (BEGIN ATOMIC) is in the way of the change ("cannot alter type of a column used by a function").
  const changedTables = tablesChangedUnderViews(sink.operations);
  const inPlace = new Map(
    (diff?.modified ?? []).filter((m) => replaceableInPlace(m.from, m.to)).map((m) => [m.key, m.to] as const),
  );
  for (const [key, fn] of Object.entries(from.functions)) {
    const anchor = functionAnchor(fn.schema, fn.name, fn.arguments);
    if (events.dropped.has(anchor) || events.recreated.has(anchor)) continue; // step one's
    const target = inPlace.get(key) ?? fn;
    // The relations it reads and the types it uses (an enum rebuild recreates its type).
    const relations = (fn.dependsOn ?? []).filter((d) => d.startsWith("relation ") || d.startsWith("type "));
    const gone = relations.find((relation) => events.dropped.has(relation));
    const recreated = relations.find((relation) => events.recreated.has(relation));
    const changed = readsRelations(target)
      ? relations.find((r) => r.startsWith("relation ") && changedTables.has(r.slice("relation ".length)))
      : undefined;
    if (gone !== undefined && diff === null) {
      throw new DependentObjectError(`${fn.kind} ${fn.schema}.${fn.name}(${fn.arguments})`, displayAnchor(gone), "functions");
    }
    if (recreated !== undefined && (gone === undefined || readsRelations(target))) {
      emitRecreate(
        fn,
        target,
        `${display(fn)[0]!.toUpperCase()}${display(fn).slice(1)} depends on ${displayAnchor(recreated)}, which this ` +
          `migration drops and creates again: dropped before and created again after`,
        sink,
        true,
      );
    } else if (changed !== undefined && gone === undefined) {
      emitRecreate(
        fn,
        target,
        `${display(fn)[0]!.toUpperCase()}${display(fn).slice(1)} reads ${displayAnchor(changed)}, whose columns this ` +
          `migration drops or retypes: dropped before and created again after`,
        sink,
        true,
      );
    } else if (inPlace.has(key)) {
      sink.emit({ kind: "replaceFunction", function: target, existing: fn }, `Detected changed ${display(target)}: replaced`);
    }
  }
}
