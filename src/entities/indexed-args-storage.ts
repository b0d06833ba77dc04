/**
 * Serves TypeORM's `MetadataArgsStorage` look-ups from per-target indexes while metadata is built.
 *
 * `EntityMetadataBuilder` calls `filterColumns`, `filterRelations`, `findGenerated`, `filterIndices`, ... once
 * per entity (or per column), and each call scans the global array of every entity's decorator arguments:
 * O(entities x arguments), about 0.4 s of a 0.6 s build at 1,000 entities. While installed, each of those
 * methods runs TypeORM's own code unchanged, but on a `this` whose array holds only the arguments whose
 * `target` is one of the requested targets, in their original order. TypeORM's predicate and its
 * duplicate-property rules then see exactly the arguments that could have matched, in the same order, and
 * return the same result (the same objects, and the same clones for overridden relation types).
 *
 * An index is rebuilt whenever its array is replaced or changes length (decorators only ever push), so
 * entity files loaded while a build is running cannot be missed.
 */

/** The look-ups served from an index, each with the storage array it scans. Their first argument is a target or an array of targets. */
const INDEXED_LOOKUPS: Readonly<Record<string, string>> = {
  filterTables: "tables",
  filterColumns: "columns",
  findGenerated: "generations",
  findTree: "trees",
  filterRelations: "relations",
  filterRelationIds: "relationIds",
  filterIndices: "indices",
  filterForeignKeys: "foreignKeys",
  filterUniques: "uniques",
  filterChecks: "checks",
  filterExclusions: "exclusions",
  filterListeners: "entityListeners",
  filterEmbeddeds: "embeddeds",
  findJoinTable: "joinTables",
  filterJoinColumns: "joinColumns",
  findInheritanceType: "inheritances",
  findDiscriminatorValue: "discriminatorValues",
};

type Lookup = (this: object, target: unknown, ...rest: unknown[]) => unknown;
type Storage = Record<string, unknown>;

interface TargetIndex {
  readonly array: readonly { readonly target?: unknown }[];
  readonly length: number;
  /** Positions in `array` of the arguments of each target, ascending. */
  readonly positions: ReadonlyMap<unknown, readonly number[]>;
}

interface Installation {
  count: number;
  readonly restore: () => void;
}

const installations = new WeakMap<object, Installation>();

function buildIndex(array: readonly { readonly target?: unknown }[]): TargetIndex {
  const positions = new Map<unknown, number[]>();
  array.forEach((args, position) => {
    const list = positions.get(args.target);
    if (list) list.push(position);
    else positions.set(args.target, [position]);
  });
  return { array, length: array.length, positions };
}

/** The arguments of `array` whose target is `target` or one of its elements, in their original order. */
function candidates(index: TargetIndex, target: unknown): unknown[] {
  if (!Array.isArray(target))
    return (index.positions.get(target) ?? []).map((position) => index.array[position]);
  const lists = [...new Set<unknown>(target)]
    .map((one) => index.positions.get(one))
    .filter((list): list is readonly number[] => list !== undefined);
  const merged = lists.length === 1 ? lists[0] : lists.flat().sort((a, b) => a - b);
  return merged.map((position) => index.array[position]);
}

function indexedLookup(storage: Storage, original: Lookup, property: string): Lookup {
  let index: TargetIndex | undefined;
  return function lookup(target: unknown, ...rest: unknown[]): unknown {
    const array = storage[property];
    if (!Array.isArray(array)) return original.call(storage, target, ...rest);
    if (index?.array !== array || index.length !== array.length) index = buildIndex(array);
    // TypeORM's own method, on a view of the storage whose array holds only the candidates.
    const view: Storage = Object.create(storage) as Storage;
    view[property] = candidates(index, target);
    return original.call(view, target, ...rest);
  };
}

function install(storage: Storage): () => void {
  const replaced: [name: string, own: PropertyDescriptor | undefined][] = [];
  for (const [name, property] of Object.entries(INDEXED_LOOKUPS)) {
    const original = storage[name];
    if (typeof original !== "function") continue;
    replaced.push([name, Object.getOwnPropertyDescriptor(storage, name)]);
    Object.defineProperty(storage, name, {
      value: indexedLookup(storage, original as Lookup, property),
      configurable: true,
      writable: true,
      enumerable: false,
    });
  }
  return () => {
    for (const [name, own] of replaced) {
      if (own) Object.defineProperty(storage, name, own);
      else delete storage[name];
    }
  };
}

/**
 * Runs `work` with the look-ups of `storage` (TypeORM's `getMetadataArgsStorage()`) served from per-target
 * indexes, and restores the storage's own methods when the last overlapping call settles.
 *
 * @example
 *   await withIndexedMetadataArgs(getMetadataArgsStorage(), () => dataSource.buildMetadatas());
 */
export async function withIndexedMetadataArgs<T>(
  storage: object,
  work: () => Promise<T>,
): Promise<T> {
  let installation = installations.get(storage);
  if (!installation) {
    installation = { count: 0, restore: install(storage as Storage) };
    installations.set(storage, installation);
  }
  installation.count += 1;
  try {
    return await work();
  } finally {
    installation.count -= 1;
    if (installation.count === 0) {
      installations.delete(storage);
      installation.restore();
    }
  }
}
