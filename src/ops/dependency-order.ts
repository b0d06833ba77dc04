/**
 * Dependency ordering: the phase order (phases.ts) corrected by real dependency records, so that a
 * script applies as printed where one list of phases cannot know the order (a generated column
 * reading a column added after it, a sequence owned by a column of a table created in the same script,
 * a view calling a function that returns another view's rows, a function used by a default or a check,
 * a function on an enum that is rebuilt). The dependencies come from src/compare/dependency-order.ts:
 * those the models know, and every `pg_depend` record when both sides are databases.
 *
 * The rules, with "D needs R" an edge of the `to` side (after the migration) or of the `from` side
 * (before it), and the ops' objects from operation-objects.ts:
 * - an op that creates or alters D runs after the ops that create or alter R (`to` edges, and the
 *   objects an op names itself: `needs`);
 * - an op that drops or alters D runs before the ops that drop R, and an op that drops D before the ops
 *   that alter R (`from` edges: an enum rebuilt to remove a label drops its old type);
 * - an op that drops a name runs before the op that creates the same name;
 * - a grant, comment or row-security change runs after the op that creates what it is set on, unless the
 *   same ops drop that object first (`hangsOn`).
 * Within those constraints the phase order is kept: of the ops whose predecessors have all run, the one
 * first in phase order runs next. Where the constraints form a cycle, the ops on it run together in phase
 * order, after whatever the cycle needs. Raw SQL (`execute`) stays a barrier: nothing is moved across it.
 */
import { keyAndOwners, type ObjectDependencies, type ObjectKey } from "../model/object-keys";
import type { Operation } from "./operation";
import { operationObjects, type OperationObjects } from "./operation-objects";

export interface DependencySources {
  /** The database the ops start from (its dependencies order the drops). */
  readonly from?: ObjectDependencies | null;
  /** The database the ops lead to (its dependencies order the creates). */
  readonly to?: ObjectDependencies | null;
}

/**
 * `ops` (in phase order, see `orderOperations`) reordered where the dependencies require it.
 * @example orderByDependencies([addColumn("x" generated from "y"), addColumn("y")], { to })
 *   // => [addColumn("y"), addColumn("x")]
 */
export function orderByDependencies(ops: readonly Operation[], sources: DependencySources): Operation[] {
  const result: Operation[] = [];
  let run: Operation[] = [];
  for (const op of ops) {
    if (op.kind === "execute") {
      result.push(...orderRun(run, sources), op);
      run = [];
    } else {
      run.push(op);
    }
  }
  result.push(...orderRun(run, sources));
  return result;
}

type Role = "creates" | "drops" | "alters";

/** Which ops create, drop or alter each key. */
class RoleIndex {
  private readonly byRole: Record<Role, Map<ObjectKey, number[]>> = {
    creates: new Map(),
    drops: new Map(),
    alters: new Map(),
  };

  constructor(objects: readonly OperationObjects[]) {
    objects.forEach((o, i) => {
      for (const role of ["creates", "drops", "alters"] as const) {
        for (const key of o[role] ?? []) {
          const list = this.byRole[role].get(key);
          if (list) list.push(i);
          else this.byRole[role].set(key, [i]);
        }
      }
    });
  }

  /** The ops that play one of `roles` for `key` or, failing that, for the innermost object holding it. */
  find(key: ObjectKey, roles: readonly Role[]): number[] {
    return this.findAt(key, roles).ops;
  }

  /** `find`, with the key the ops were found for (`key` itself or an owner); null when none. */
  findAt(key: ObjectKey, roles: readonly Role[]): { readonly at: ObjectKey | null; readonly ops: number[] } {
    for (const candidate of keyAndOwners(key)) {
      const found = roles.flatMap((role) => this.byRole[role].get(candidate) ?? []);
      if (found.length > 0) return { at: candidate, ops: found };
    }
    return { at: null, ops: [] };
  }

  exactly(key: ObjectKey, role: Role): readonly number[] {
    return this.byRole[role].get(key) ?? [];
  }
}

function orderRun(run: readonly Operation[], sources: DependencySources): Operation[] {
  if (run.length < 2) return [...run];
  const objects = run.map(operationObjects);
  const index = new RoleIndex(objects);
  const successors: Set<number>[] = run.map(() => new Set());
  const before = (first: number, then: number): void => {
    if (first !== then) successors[first]!.add(then);
  };
  for (const { dependent, referenced } of sources.to?.edges ?? []) {
    const establishing = index.findAt(dependent, ["creates", "alters"]);
    if (establishing.ops.length === 0) continue;
    const established = index.findAt(referenced, ["creates", "alters"]);
    // Both ends found only through the object holding them (a partition's key on its own column, both
    // resolved to the table that a DETACH and an ATTACH alter): an edge inside that object, which orders
    // nothing among the ops on it (it would tie them all into one cycle, run together out of phase order).
    if (established.at === establishing.at) continue;
    for (const first of established.ops) {
      for (const then of establishing.ops) before(first, then);
    }
  }
  for (const { dependent, referenced } of sources.from?.edges ?? []) {
    for (const then of index.find(referenced, ["drops"])) {
      for (const first of index.find(dependent, ["drops", "alters"])) before(first, then);
    }
    // A rebuild in place (an enum's labels removed) cannot leave the old object while something depends on it.
    for (const then of index.find(referenced, ["alters"])) {
      for (const first of index.find(dependent, ["drops"])) before(first, then);
    }
  }
  objects.forEach((o, then) => {
    for (const key of o.needs ?? []) {
      for (const first of index.find(key, ["creates", "alters"])) before(first, then);
    }
    for (const key of o.creates ?? []) {
      for (const first of index.exactly(key, "drops")) before(first, then);
    }
    // Set on an object the list creates (and does not drop first: a recreated object's removals belong
    // before its drop, where their phase puts them): after the create.
    for (const key of o.hangsOn ?? []) {
      if (index.find(key, ["drops"]).length > 0) continue;
      for (const first of index.find(key, ["creates"])) before(first, then);
    }
  });
  return topologicalInPhaseOrder(successors).map((i) => run[i]!);
}

/**
 * A topological order that takes, of the nodes ready, the lowest index. Nodes on a cycle are taken
 * together (a strongly connected component), in index order, once everything the cycle needs has run.
 */
function topologicalInPhaseOrder(successors: readonly Set<number>[]): number[] {
  const components = stronglyConnected(successors);
  const componentOf = new Array<number>(successors.length);
  components.forEach((members, c) => {
    for (const m of members) componentOf[m] = c;
  });
  const next: Set<number>[] = components.map(() => new Set());
  const waiting = new Array<number>(components.length).fill(0);
  successors.forEach((targets, from) => {
    for (const to of targets) {
      const [a, b] = [componentOf[from]!, componentOf[to]!];
      if (a !== b && !next[a]!.has(b)) {
        next[a]!.add(b);
        waiting[b]!++;
      }
    }
  });
  // A component's priority is its lowest index, and its members run in index order.
  const first = components.map((members) => Math.min(...members));
  const byFirst = new Map(first.map((index, c) => [index, c]));
  const ready = new MinHeap();
  waiting.forEach((w, c) => {
    if (w === 0) ready.push(first[c]!);
  });
  const order: number[] = [];
  for (let top = ready.pop(); top !== undefined; top = ready.pop()) {
    const c = byFirst.get(top)!;
    order.push(...[...components[c]!].sort((x, y) => x - y));
    for (const b of next[c]!) {
      waiting[b]!--;
      if (waiting[b] === 0) ready.push(first[b]!);
    }
  }
  return order;
}

/** Tarjan's strongly connected components, without recursion (a long chain would overflow the stack). */
function stronglyConnected(successors: readonly Set<number>[]): number[][] {
  const count = successors.length;
  const index = new Array<number>(count).fill(-1);
  const low = new Array<number>(count).fill(0);
  const onStack = new Array<boolean>(count).fill(false);
  const stack: number[] = [];
  const components: number[][] = [];
  const targets = successors.map((s) => [...s]);
  let counter = 0;
  for (let root = 0; root < count; root++) {
    if (index[root] !== -1) continue;
    const work: [number, number][] = [[root, 0]];
    index[root] = low[root] = counter++;
    stack.push(root);
    onStack[root] = true;
    while (work.length > 0) {
      const frame = work[work.length - 1]!;
      const [node, edge] = frame;
      if (edge < targets[node]!.length) {
        frame[1]++;
        const to = targets[node]![edge]!;
        if (index[to] === -1) {
          index[to] = low[to] = counter++;
          stack.push(to);
          onStack[to] = true;
          work.push([to, 0]);
        } else if (onStack[to]) {
          low[node] = Math.min(low[node]!, index[to]!);
        }
        continue;
      }
      work.pop();
      if (work.length > 0) {
        const parent = work[work.length - 1]![0];
        low[parent] = Math.min(low[parent]!, low[node]!);
      }
      if (low[node] === index[node]) {
        const members: number[] = [];
        for (;;) {
          const m = stack.pop()!;
          onStack[m] = false;
          members.push(m);
          if (m === node) break;
        }
        components.push(members);
      }
    }
  }
  return components;
}

/** A binary min-heap of numbers. */
class MinHeap {
  private readonly items: number[] = [];

  push(value: number): void {
    const items = this.items;
    items.push(value);
    let i = items.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (items[parent]! <= value) break;
      items[i] = items[parent]!;
      i = parent;
    }
    items[i] = value;
  }

  pop(): number | undefined {
    const items = this.items;
    if (items.length === 0) return undefined;
    const top = items[0]!;
    const last = items.pop()!;
    if (items.length > 0) {
      let i = 0;
      for (;;) {
        const left = 2 * i + 1;
        if (left >= items.length) break;
        const right = left + 1;
        const child = right < items.length && items[right]! < items[left]! ? right : left;
        if (items[child]! >= last) break;
        items[i] = items[child]!;
        i = child;
      }
      items[i] = last;
    }
    return top;
  }
}
