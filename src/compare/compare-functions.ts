/**
 * Functions, procedures and aggregates, matched by signature (name and identity arguments). When the
 * comparison manages their kind (`functions`, `aggregates`): created, dropped, and changed with `CREATE OR
 * REPLACE` where Postgres allows it (same kind, result and arguments with their names and defaults, and
 * for an aggregate the same kind of aggregate), else dropped and created again. An aggregate's state
 * type, support functions and initial values change in place (PostgreSQL 15 takes all of them in
 * `CREATE OR REPLACE AGGREGATE`), which keeps the views calling it, its owner, grants and comments.
 * Either way, a function that reads a table or view the migration drops and creates again (its row type,
 * a BEGIN ATOMIC body), and one that depends on a function the migration drops, or drops and creates
 * again (an aggregate on its support functions), is dropped before and created again after it.
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
import { readsRenamed, tablesRenamed } from "./function-renames";

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

/**
 * A hypothetical-set aggregate: the reader prints `HYPOTHETICAL` as the last option of its definition.
 * Its arguments read like an ordered-set aggregate's, but `CREATE OR REPLACE` cannot turn one into the other.
 */
function hypothetical(fn: FunctionDef): boolean {
  return fn.kind === "aggregate" && fn.definition.endsWith("\n    HYPOTHETICAL\n)");
}

/**
 * Whether `CREATE OR REPLACE` can turn `from` into `to`: same kind, result and arguments (names,
 * defaults), and for an aggregate the same kind of aggregate (an ordered-set one has `ORDER BY` in its
 * arguments).
 */
export function replaceableInPlace(from: FunctionDef, to: FunctionDef): boolean {
  return (
    from.kind === to.kind &&
    from.returns === to.returns &&
    from.signature === to.signature &&
    hypothetical(from) === hypothetical(to)
  );
}

/** The managed kind a function, procedure or aggregate belongs to. */
export function managedKind(fn: FunctionDef): ManagedKind {
  return fn.kind === "aggregate" ? "aggregates" : "functions";
}

/** The functions a dependency list names (`function "s"."f"(args)`). */
const functionsIn = (fn: FunctionDef): string[] => (fn.dependsOn ?? []).filter((d) => d.startsWith("function "));

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

/** The differences of the functions of the kinds managed; null when neither kind is. */
function changes(from: SchemaModel, to: SchemaModel, manage: ReadonlySet<ManagedKind> | undefined) {
  if (!manages(manage, "functions") && !manages(manage, "aggregates")) return null;
  const managed = (functions: SchemaModel["functions"]) =>
    new Map(Object.entries(functions).filter(([, fn]) => manages(manage, managedKind(fn))));
  return differences(managed(from.functions), managed(to.functions), sameFunction);
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
  // So is one that depends on another function (an aggregate on its support functions): that one may be
  // dropped, or dropped and created again, in between (here or in step two).
  const recreated = migrationEvents(sink.operations).recreated;
  for (const { from: before, to: after } of diff.modified) {
    if (replaceableInPlace(before, after)) continue;
    const split =
      (before.dependsOn ?? []).some((d) => (d.startsWith("relation ") || d.startsWith("type ")) && recreated.has(d)) ||
      functionsIn(before).length > 0;
    emitRecreate(before, after, `Detected changed ${display(after)}: its signature or result changed, dropped and created again`, sink, split);
  }
}

/**
 * Step two, once the views are compared: in-place replacements, and the functions that read a relation or
 * use a type this migration drops and creates again, or depend on a function it drops or drops and
 * creates again (dropped before it and created again after it: the phase order, refined by
 * src/compare/dependency-order.ts, puts them there; `from.functions` is in dependency order, so that a
 * function recreated here takes those depending on it along). A function that reads a relation, or
 * depends on a function, the migration drops for good must go too: when its kind is not managed, that is
 * a `DependentObjectError`.
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
  const changedTables = tablesChangedUnderViews(sink.operations, from);
  const renamedTables = tablesRenamed(sink.operations);
  const inPlace = new Map(
    (diff?.modified ?? []).filter((m) => replaceableInPlace(m.from, m.to)).map((m) => [m.key, m.to] as const),
  );
  // The functions this step drops and creates again, for those depending on them.
  const recreatedHere = new Set<string>();
  const recreate = (fn: FunctionDef, target: FunctionDef, why: string) => {
    const line = `${display(fn)[0]!.toUpperCase()}${display(fn).slice(1)} ${why}: dropped before and created again after`;
    emitRecreate(fn, target, line, sink, true);
    recreatedHere.add(functionAnchor(fn.schema, fn.name, fn.arguments));
  };
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
    // The functions it depends on (an aggregate's support functions) that go, or go and come back.
    const functionGone = functionsIn(fn).find((f) => events.dropped.has(f));
    const functionRecreated = functionsIn(fn).find((f) => events.recreated.has(f) || recreatedHere.has(f));
    // Its body reads a table this migration renames (or renames columns of), and is to change.
    const renamed = inPlace.has(key) ? readsRenamed(fn, target, renamedTables) : undefined;
    const lost = gone ?? functionGone;
    if (lost !== undefined && !manages(manage, managedKind(fn))) {
      throw new DependentObjectError(`${fn.kind} ${fn.schema}.${fn.name}(${fn.arguments})`, displayAnchor(lost), managedKind(fn));
    }
    const supporting = functionGone ?? functionRecreated;
    if (recreated !== undefined && (gone === undefined || readsRelations(target))) {
      recreate(fn, target, `depends on ${displayAnchor(recreated)}, which this migration drops and creates again`);
    } else if (supporting !== undefined && gone === undefined) {
      const what = functionGone !== undefined ? "drops" : "drops and creates again";
      recreate(fn, target, `depends on ${displayAnchor(supporting)}, which this migration ${what}`);
    } else if (changed !== undefined && gone === undefined) {
      recreate(fn, target, `reads ${displayAnchor(changed)}, whose columns this migration drops or retypes`);
    } else if (renamed !== undefined && gone === undefined) {
      recreate(fn, target, `reads ${displayAnchor(renamed)}, which this migration renames or renames columns of`);
    } else if (inPlace.has(key)) {
      sink.emit({ kind: "replaceFunction", function: target, existing: fn }, `Detected changed ${display(target)}: replaced`);
    }
  }
}
