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
 *
 * That holds for a look-up whose code selects arguments by `target` (a target, or membership in an array of
 * targets) and reads nothing else of the array, which is a property of its code. The storage is the
 * project's TypeORM's, whatever its version, so each look-up is indexed only when its code (with the
 * storage helpers it calls) is one the equality test ran on, for every TypeORM version of the version
 * matrix (tests/entities/indexed-args-storage.test.ts); any other look-up runs as TypeORM wrote it.
 */
import crypto from "node:crypto";

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

/**
 * Fingerprints (see `lookupFingerprint`) of the look-up implementations proven equal when indexed: those
 * of TypeORM 0.3.17 to 0.3.20, 0.3.31, and 1.1.1 to 1.1.3, each run through the equality test.
 */
const PROVEN_LOOKUPS: ReadonlySet<string> = new Set([
  "1d2449fc9f7ca35ae2537dc4", // filterTables
  "c7ebe6d5e3fae5d2f2b5ffe4", // filterColumns
  "5492f6d3a70765917cb1acae", // findGenerated
  "4c088c115848be70c7311105", // findTree
  "c068d02a20fc43651fef8a5b", // filterRelations
  "83144e330659189be53a6de6", // filterRelationIds
  "5f822fb13b0ba05917bca488", // filterIndices
  "ed0c7d2d1e333a05b797fede", // filterForeignKeys (0.3.23 and later)
  "c17e72ff2fe1ebda3616e1f3", // filterUniques
  "5ff19dc419b16574fe8b0dce", // filterChecks
  "4234d0985542039f71451cc7", // filterExclusions
  "096ba247137a55946f24a91a", // filterListeners
  "ee67946891a0bdf7086b894d", // filterEmbeddeds
  "18af5da524a744e3cc9e8bd5", // findJoinTable
  "ed15d34b33aa99af6ea8cde7", // filterJoinColumns
  "0a07cdab42b5a6550c6e198d", // findInheritanceType
  "12ecdfd7ada710e5bb4e8409", // findDiscriminatorValue
]);

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

/** Source text with runs of white space as one space. */
function normalisedSource(fn: unknown): string {
  return String(fn).replace(/\s+/g, " ").trim();
}

/**
 * A look-up's fingerprint: a digest of its code and of the storage methods it calls (`this.x(...)`), so
 * that the same code in another TypeORM release is recognised. `undefined` when `storage` has no such
 * method.
 */
export function lookupFingerprint(storage: object, name: string): string | undefined {
  const methods = storage as Storage;
  const method = methods[name];
  if (typeof method !== "function") return undefined;
  const source = normalisedSource(method);
  const helpers = [...new Set([...source.matchAll(/this\.(\w+)\(/g)].map((match) => match[1]!))]
    .filter((helper) => typeof methods[helper] === "function")
    .sort();
  const text = [`${name}: ${source}`, ...helpers.map((helper) => `${helper}: ${normalisedSource(methods[helper])}`)];
  return crypto.createHash("sha256").update(text.join("\n")).digest("hex").slice(0, 24);
}

/** Which look-ups to index: those proven equal (the default), or every one (for the equality test). */
export type IndexedLookups = "proven" | "all";

/** The look-ups of `storage` served from indexes under `which`. */
export function indexedLookupNames(storage: object, which: IndexedLookups = "proven"): string[] {
  return Object.keys(INDEXED_LOOKUPS).filter((name) => {
    const fingerprint = lookupFingerprint(storage, name);
    return fingerprint !== undefined && (which === "all" || PROVEN_LOOKUPS.has(fingerprint));
  });
}

function install(storage: Storage, which: IndexedLookups): () => void {
  const replaced: [name: string, own: PropertyDescriptor | undefined][] = [];
  for (const name of indexedLookupNames(storage, which)) {
    const property = INDEXED_LOOKUPS[name]!;
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
 * @param which `"proven"` (the default) indexes only look-ups whose code is proven equal; `"all"` every
 *   look-up the storage has (the equality test proves a new TypeORM version with it).
 * @example
 *   await withIndexedMetadataArgs(getMetadataArgsStorage(), () => dataSource.buildMetadatas());
 */
export async function withIndexedMetadataArgs<T>(
  storage: object,
  work: () => Promise<T>,
  which: IndexedLookups = "proven",
): Promise<T> {
  let installation = installations.get(storage);
  if (!installation) {
    installation = { count: 0, restore: install(storage as Storage, which) };
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
