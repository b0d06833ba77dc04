/**
 * The phase order (src/ops/phases.ts) refined by real dependencies where the phase list is not enough:
 * views and the functions that read relations are dropped in one phase and created in another, and
 * within each the order must follow what depends on what (a view calling a function, a function
 * returning a view's rows). The dependencies are the database's (`pg_depend`, read into `dependsOn` of
 * views and functions) on either side.
 */
import { functionAnchor, relationAnchor } from "../model/object-ref";
import type { SchemaModel } from "../model/schema-model";
import type { Operation } from "../ops/operation";
import { phaseOf } from "../ops/phases";
import { anchorsTouched } from "./migration-events";

/** The dependency key of the object an op drops or creates, for the ops this refinement orders. */
function objectOf(op: Operation): { key: string; creates: boolean } | null {
  switch (op.kind) {
    case "dropView":
      return { key: relationAnchor(op.view.schema, op.view.name), creates: false };
    case "createView":
      return { key: relationAnchor(op.view.schema, op.view.name), creates: true };
    case "dropFunction":
      return { key: functionAnchor(op.function.schema, op.function.name, op.function.arguments), creates: false };
    case "createFunction":
    case "replaceFunction":
      return { key: functionAnchor(op.function.schema, op.function.name, op.function.arguments), creates: true };
    default:
      return null;
  }
}

/** What each view and function depends on, as dependency keys, from both models (`to` first). */
function dependencyGraph(from: SchemaModel, to: SchemaModel): Map<string, readonly string[]> {
  const graph = new Map<string, readonly string[]>();
  for (const model of [from, to]) {
    for (const view of Object.values(model.views)) {
      // A view lists the relations it reads as plain keys and the functions it calls as dependency keys.
      const deps = (view.dependsOn ?? []).map((key) => (key.startsWith("function ") ? key : `relation ${key}`));
      if (deps.length > 0) graph.set(relationAnchor(view.schema, view.name), deps);
    }
    for (const fn of Object.values(model.functions)) {
      if ((fn.dependsOn ?? []).length > 0) graph.set(functionAnchor(fn.schema, fn.name, fn.arguments), fn.dependsOn!);
    }
  }
  return graph;
}

/**
 * `ops` (in phase order) with each run of view and function drops ordered so that a dependant goes
 * before what it depends on, and each run of creates so that it comes after; then each function created
 * before something it depends on is created (a type an enum rebuild creates again) moved right after it,
 * and each function dropped after something it depends on is dropped moved right before it.
 */
export function refineDependencyOrder(ops: readonly Operation[], from: SchemaModel, to: SchemaModel): Operation[] {
  if (!ops.some((op) => objectOf(op) !== null)) return [...ops];
  return placeFunctions(orderRuns(ops, from, to));
}

/** What a function op depends on (its definition's `dependsOn`), or nothing for other ops. */
function functionDependencies(op: Operation): readonly string[] {
  if (op.kind === "createFunction" || op.kind === "replaceFunction") return op.function.dependsOn ?? [];
  if (op.kind === "dropFunction") return op.existing?.dependsOn ?? [];
  return [];
}

/** Moves function creates after, and function drops before, the ops that create or drop what they need. */
function placeFunctions(ops: readonly Operation[]): Operation[] {
  const result = [...ops];
  const touchedBy = (op: Operation) => anchorsTouched(op);
  for (const op of ops) {
    const needs = functionDependencies(op);
    if (needs.length === 0) continue;
    const at = result.indexOf(op);
    const barrier = (i: number) => result[i]!.kind === "execute";
    if (op.kind === "dropFunction") {
      let target = at;
      for (let i = at - 1; i >= 0 && !barrier(i); i--) {
        if (touchedBy(result[i]!).drops.some((key) => needs.includes(key))) target = i;
      }
      if (target < at) result.splice(target, 0, ...result.splice(at, 1));
    } else {
      let target = at;
      for (let i = at + 1; i < result.length && !barrier(i); i++) {
        if (touchedBy(result[i]!).creates.some((key) => needs.includes(key))) target = i;
      }
      if (target > at) result.splice(target, 0, ...result.splice(at, 1));
    }
  }
  return result;
}

/** The runs of view and function drops and creates, each in dependency order. */
function orderRuns(ops: readonly Operation[], from: SchemaModel, to: SchemaModel): Operation[] {
  const graph = dependencyGraph(from, to);
  const result: Operation[] = [];
  let run: Operation[] = [];
  let runPhase = -1;
  const flush = (): void => {
    result.push(...orderRun(run, graph));
    run = [];
  };
  for (const op of ops) {
    const phase = op.kind === "execute" ? -2 : phaseOf(op);
    if (phase !== runPhase || objectOf(op) === null) {
      flush();
      runPhase = objectOf(op) === null ? -1 : phase;
    }
    if (objectOf(op) === null) result.push(op);
    else run.push(op);
  }
  flush();
  return result;
}

/** A stable topological order of one run: Kahn's algorithm taking the earliest ready op each time. */
function orderRun(run: readonly Operation[], graph: ReadonlyMap<string, readonly string[]>): Operation[] {
  if (run.length < 2) return [...run];
  const objects = run.map((op) => objectOf(op)!);
  const index = new Map(objects.map((o, i) => [o.key, i]));
  // before[i]: the ops that must come before op i.
  const before = objects.map(() => new Set<number>());
  objects.forEach((object, i) => {
    for (const dependency of graph.get(object.key) ?? []) {
      const j = index.get(dependency);
      if (j === undefined || j === i) continue;
      // A create comes after what it depends on; a drop before it.
      if (object.creates) before[i]!.add(j);
      else before[j]!.add(i);
    }
  });
  const placed = new Set<number>();
  const ordered: Operation[] = [];
  while (ordered.length < run.length) {
    let next = run.findIndex((_, i) => !placed.has(i) && [...before[i]!].every((j) => placed.has(j)));
    if (next < 0) next = run.findIndex((_, i) => !placed.has(i)); // a cycle: keep the given order
    placed.add(next);
    ordered.push(run[next]!);
  }
  return ordered;
}

