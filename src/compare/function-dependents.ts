/**
 * What a function dropped, or dropped and created again, would take with it: PostgreSQL refuses to drop
 * a function that a column default, a generated column, a constraint or an index calls ("cannot drop
 * function g() because other objects depend on it"). Each such caller the migration keeps (read from
 * the database: `SchemaModel.functionCalls`) is removed before and set again after, as the target has it:
 * - a default: `ALTER TABLE ONLY ... ALTER COLUMN ... DROP DEFAULT`, then `SET DEFAULT` (`ONLY`: each
 *   inheritance child and partition has a default of its own, listed on its own); a change of that
 *   default already in the migration is split the same way, the rest of its changes kept;
 * - a generated column: dropped and added again (its values are derived; it moves to the end of its
 *   table, as for a changed expression), with the indexes and keys naming it; an inherited one goes with
 *   its parent's;
 * - a check or exclusion constraint, an index: dropped and created again;
 * - a domain's default or check: `ALTER DOMAIN ... DROP DEFAULT / DROP CONSTRAINT`, then set again.
 * Views, triggers, policies and functions that call it are recreated with their own kinds
 * (compare-views.ts, compare-triggers.ts, compare-functions.ts).
 *
 * The order comes from the dependencies of both models (`functionCalls`, src/compare/dependency-order.ts):
 * each removal before the drop of the function it calls, each setting after the create of the function
 * it calls then, and the create of another overload of the same name after the drop of the old one, so
 * that a call fitting both (`g()` for `g()` and `g(a int DEFAULT 1)`) is never ambiguous; the downgrade,
 * its inverse in reverse, does the same the other way.
 */
import { qualifiedName, tableKey } from "../model/names";
import { functionAnchor } from "../model/object-ref";
import type { ColumnDef, FunctionCall, SchemaModel, TableDef } from "../model/schema-model";
import type { DomainDef } from "../model/table-kinds";
import type { AlterColumnOp, Operation } from "../ops/operation";
import type { ChangeCollector } from "./collector";
import { domainChange } from "../ops/domain-change";
import { tableConstraints } from "./compare-constraints";
import { FunctionCalledOutsideError } from "./compare-errors";
import { emitCreateIndex, emitDropIndex } from "./compare-indexes";
import type { RenamedFrom } from "./compare-tables";
import { displayName } from "./display";
import { displayAnchor } from "./hanging";
import { membersReading, recreateGeneratedColumns, recreateMembers } from "./retype-dependents";
import { refOf } from "./table-versions";

/** The functions the ops collected so far drop, or drop and create again, as dependency keys. */
function functionsDropped(ops: readonly Operation[]): Map<string, "dropped" | "dropped and created again"> {
  const gone = new Map<string, "dropped" | "dropped and created again">();
  for (const op of ops) {
    if (op.kind === "dropFunction") gone.set(functionAnchor(op.function.schema, op.function.name, op.function.arguments), "dropped");
    if (op.kind === "replaceFunction" && op.recreate === true) {
      gone.set(functionAnchor(op.function.schema, op.function.name, op.function.arguments), "dropped and created again");
    }
  }
  return gone;
}

/** `function "s"."f"(args)` as a reader would write it: `s.f(args)`. */
function functionName(anchor: string): string {
  return displayAnchor(anchor).replace(/^function /, "");
}

/**
 * Adds the removals and settings around the functions dropped so far (see the file comment), and returns
 * every function dropped so far. A second call after the views are compared, with what the first returned
 * (`handled`), takes the functions dropped and created again with a view they read (a BEGIN ATOMIC body)
 * that a default, a check or an index calls: those are dropped with the views, before any column changes,
 * so each default's removal is recorded first (a column retyped under the view comes after the view's drop).
 */
export function recreateAroundFunctionDrops(
  renamed: RenamedFrom,
  to: SchemaModel,
  sink: ChangeCollector,
  handled?: ReadonlySet<string>,
): ReadonlySet<string> {
  const dropped = functionsDropped(sink.operations);
  const calls = renamed.model.functionCalls;
  const gone = new Map([...dropped].filter(([key]) => handled?.has(key) !== true));
  if (calls === undefined || gone.size === 0) return new Set(dropped.keys());
  refuseCallsOutside(renamed, calls, gone);
  setDomainCallsAgain(renamed.model, to, calls, gone, sink);
  recreateViewIndexes(renamed.model, to, calls, gone, sink);
  const droppedTables = new Set(sink.operations.flatMap((op) => (op.kind === "dropTable" ? [tableKey(op.table)] : [])));
  const toTables = new Map(Object.values(to.tables).map((t): [string, TableDef] => [tableKey(t), t]));
  for (const table of Object.values(renamed.model.tables)) {
    const original = renamed.original(table) ?? table;
    const affected = (calls[tableKey(original)] ?? []).filter((call) => gone.has(call.function));
    const target = toTables.get(tableKey(table));
    if (affected.length === 0 || target === undefined || droppedTables.has(tableKey(original))) continue;
    const why = (call: FunctionCall, what: string): string =>
      `Detected ${what} on '${displayName(table)}' calling function '${functionName(call.function)}', which this ` +
      `migration ${gone.get(call.function)!}: dropped before and created again after`;
    for (const call of affected.filter((c) => c.kind === "default")) {
      setDefaultAgain(table, original, target, call.name, why(call, `default of column '${call.name}'`), sink, handled !== undefined);
    }
    const generated = new Map(
      affected
        .filter((c) => c.kind === "generated" && original.columns.find((column) => column.name === c.name)?.inherited !== true)
        .map((c): [string, string] => [c.name, why(c, `generated column '${c.name}'`)]),
    );
    const recreated = recreateGeneratedColumns(table, original, target, generated, sink);
    const named = (kind: FunctionCall["kind"]) => new Map(affected.filter((c) => c.kind === kind).map((c) => [c.name, c]));
    const constraints = named("constraint");
    const indexes = named("index");
    const line = (noun: string, name: string): string => {
      const call = constraints.get(name) ?? indexes.get(name);
      return call !== undefined
        ? why(call, `${noun} '${name}'`)
        : `Detected ${noun} '${name}' on '${displayName(table)}' naming a generated column dropped and added again: dropped before and created again after`;
    };
    // What names or reads a generated column dropped and added again goes with it.
    const readers = membersReading(renamed.model, table, original, recreated, sink);
    const names = (members: readonly { readonly name: string }[]) => new Set(members.map((m) => m.name));
    const [readingConstraints, readingIndexes] = [names(readers.constraints), names(readers.indexes)];
    recreateMembers(
      table,
      original,
      target,
      tableConstraints(original).filter((c) => constraints.has(c.name) || readingConstraints.has(c.name)),
      original.indexes.filter((i) => indexes.has(i.name) || readingIndexes.has(i.name)),
      line,
      sink,
    );
  }
  return new Set(dropped.keys());
}

/**
 * Removes the default of `column` (named as `original` has it) before and sets it again after, as the
 * target has it; a change of that default among the ops is split into the two, the rest of its changes
 * kept. Nothing when the column is dropped, or has no default in the target and no op changes it. With
 * `first`, the removal is recorded before every op so far.
 */
function setDefaultAgain(
  table: TableDef,
  original: TableDef,
  target: TableDef,
  column: string,
  line: string,
  sink: ChangeCollector,
  first: boolean,
): void {
  const renamed = sink.operations.find(
    (op) => op.kind === "renameColumn" && tableKey(op.table) === tableKey(table) && op.from === column,
  );
  const name = renamed?.kind === "renameColumn" ? renamed.to : column;
  const dropped = sink.operations.some(
    (op) => op.kind === "dropColumn" && tableKey(op.table) === tableKey(original) && op.column === column,
  );
  const existing: ColumnDef | undefined = original.columns.find((c) => c.name === column);
  const wanted = target.columns.find((c) => c.name === name);
  if (dropped || existing === undefined || existing.default === null || wanted === undefined) return;
  const change = sink.operations.find(
    (op): op is AlterColumnOp =>
      op.kind === "alterColumn" && tableKey(op.table) === tableKey(table) && op.column === name && op.changes.default !== undefined,
  );
  const ref = refOf(table);
  const before: ColumnDef = { ...existing, name };
  const removal: Operation = { kind: "alterColumn", table: ref, column: name, changes: { default: null }, existing: before, only: true };
  if (first) sink.emitFirst(removal, line);
  else sink.emit(removal, line);
  if (change !== undefined) {
    const { default: _, ...rest } = change.changes;
    sink.replace(
      change,
      Object.keys(rest).length === 0
        ? null
        : { ...change, changes: rest, ...(change.existing !== undefined && { existing: { ...change.existing, default: null } }) },
    );
  }
  if (wanted.default === null) return;
  sink.emit({
    kind: "alterColumn",
    table: ref,
    column: name,
    changes: { default: wanted.default },
    existing: { ...wanted, default: null },
    only: true,
  });
}

/**
 * The domains whose default or checks call a function in `gone`: those removed before (`ALTER DOMAIN ...
 * DROP DEFAULT / DROP CONSTRAINT`) and set again after as the target has them, unless the migration
 * already rebuilds or drops the domain; a change of it in place already among the ops is split so.
 */
function setDomainCallsAgain(
  from: SchemaModel,
  to: SchemaModel,
  calls: NonNullable<SchemaModel["functionCalls"]>,
  gone: ReadonlyMap<string, string>,
  sink: ChangeCollector,
): void {
  const touched = new Set(
    sink.operations.flatMap((op) =>
      op.kind === "alterDomain" ? [qualifiedName(op.from.schema, op.from.name)] : op.kind === "dropDomain" ? [qualifiedName(op.domain.schema, op.domain.name)] : [],
    ),
  );
  // A change in place is split instead (its checks and default taken out before, the rest after), as a
  // column default's change is: one op cannot both drop a check before the function it calls is dropped
  // and add it back after the new one is created (a check whose call changes with the function's arguments).
  const inPlace = new Map(
    sink.operations.flatMap((op) =>
      op.kind === "alterDomain" && !domainChange(op.from, op.to).recreated ? [[qualifiedName(op.from.schema, op.from.name), op] as const] : [],
    ),
  );
  for (const [key, domain] of Object.entries(from.domains ?? {})) {
    const affected = (calls[key] ?? []).filter((call) => gone.has(call.function));
    const change = inPlace.get(key);
    const target = change?.to ?? to.domains?.[key];
    if (affected.length === 0 || target === undefined || (touched.has(key) && change === undefined)) continue;
    const checks = new Set(affected.filter((c) => c.kind === "domainConstraint").map((c) => c.name));
    const defaultToo = affected.some((c) => c.kind === "domainDefault");
    const without: DomainDef = {
      ...domain,
      default: defaultToo ? null : domain.default,
      checks: domain.checks.filter((c) => !checks.has(c.name)),
    };
    const functions = [...new Set(affected.map((c) => functionName(c.function)))].join("', '");
    const what = [defaultToo ? "default" : "", checks.size > 0 ? "checks" : ""].filter((w) => w !== "").join(" and ");
    const line =
      `Detected ${what} of domain '${displayName(domain)}' calling function '${functions}', which this migration ` +
      `${gone.get(affected[0]!.function)!}: dropped before and set again after`;
    if (change === undefined) sink.emit({ kind: "alterDomain", from: domain, to: without }, line);
    else sink.replace(change, { kind: "alterDomain", from: change.from, to: without });
    sink.emit({ kind: "alterDomain", from: without, to: target }, change === undefined ? undefined : line);
  }
}

/**
 * Refuses a function in `gone` called by a table, materialized view or domain the model does not hold
 * (see the error). `calls` names tables as the database has them, before the migration's renames.
 */
function refuseCallsOutside(renamed: RenamedFrom, calls: NonNullable<SchemaModel["functionCalls"]>, gone: ReadonlyMap<string, string>): void {
  const { model } = renamed;
  const held = new Set(Object.values(model.tables).map((table) => tableKey(renamed.original(table) ?? table)));
  for (const [key, list] of Object.entries(calls)) {
    if (held.has(key) || key in model.views || key in (model.domains ?? {})) continue;
    const call = list.find((c) => gone.has(c.function));
    if (call === undefined) continue;
    const where = displayAnchor(key);
    const caller =
      call.kind === "default" || call.kind === "generated"
        ? `${call.kind === "default" ? "default" : "generation expression"} of column ${where}.${call.name}`
        : call.kind === "domainDefault" || call.kind === "domainConstraint"
          ? `domain ${where}`
          : `${call.kind} ${call.name} on ${where}`;
    throw new FunctionCalledOutsideError(`function ${functionName(call.function)}`, caller);
  }
}

/** The indexes of materialized views (kept) that call a function in `gone`: dropped before, created again after. */
function recreateViewIndexes(
  model: SchemaModel,
  to: SchemaModel,
  calls: NonNullable<SchemaModel["functionCalls"]>,
  gone: ReadonlyMap<string, string>,
  sink: ChangeCollector,
): void {
  const droppedViews = new Set(sink.operations.flatMap((op) => (op.kind === "dropView" ? [qualifiedName(op.view.schema, op.view.name)] : [])));
  const droppedIndexes = new Set(sink.operations.flatMap((op) => (op.kind === "dropIndex" ? [qualifiedName(op.table.schema, op.name)] : [])));
  for (const [key, view] of Object.entries(model.views)) {
    const target = to.views[key];
    if (target === undefined || droppedViews.has(key)) continue;
    const ref = { schema: view.schema, name: view.name };
    for (const call of (calls[key] ?? []).filter((c) => c.kind === "index" && gone.has(c.function))) {
      const index = view.indexes.find((i) => i.name === call.name);
      if (index === undefined || droppedIndexes.has(qualifiedName(view.schema, index.name))) continue;
      droppedIndexes.add(qualifiedName(view.schema, index.name));
      emitDropIndex(ref, index, sink);
      sink.note(
        `Detected index '${index.name}' on '${displayName(view)}' calling function '${functionName(call.function)}', which ` +
          `this migration ${gone.get(call.function)!}: dropped before and created again after`,
      );
      const wanted = target.indexes.find((i) => i.name === index.name);
      if (wanted !== undefined) emitCreateIndex(ref, wanted, sink);
    }
  }
}
