/**
 * Which entity and property a TypeORM metadata failure concerns. TypeORM's own messages often name
 * neither ("Cannot find relation undefined. Wrong relation specified for @RelationId decorator", or a bare
 * `TypeError` from inside its builder), so after a failure the build is run once more with TypeORM's
 * builder and metadata classes traced: each of their methods notes the entity (and property) it works on,
 * from its `this` or its arguments, and the error is attributed to the innermost one in progress when it
 * was thrown. Nothing is traced on a build that succeeds.
 */
import type { ProjectTypeorm } from "./project-typeorm";

/** What a failure concerns. */
export interface MetadataCulprit {
  readonly entity: string;
  /** The property path, or `null` when the failure concerns the entity as a whole. */
  readonly property: string | null;
}

/** TypeORM's modules whose classes take part in building metadata (the same paths in 0.3 and 1.x). */
const TRACED_MODULES: readonly string[] = [
  "metadata-builder/EntityMetadataBuilder",
  "metadata-builder/RelationJoinColumnBuilder",
  "metadata-builder/JunctionEntityMetadataBuilder",
  "metadata-builder/ClosureJunctionEntityMetadataBuilder",
  "metadata-builder/EntityMetadataValidator",
  "metadata/EntityMetadata",
  "metadata/ColumnMetadata",
  "metadata/RelationMetadata",
  "metadata/RelationIdMetadata",
  "metadata/RelationCountMetadata",
  "metadata/EmbeddedMetadata",
  "metadata/IndexMetadata",
  "metadata/UniqueMetadata",
  "metadata/ForeignKeyMetadata",
  "metadata/CheckMetadata",
  "metadata/ExclusionMetadata",
  "metadata/EntityListenerMetadata",
];

type AnyObject = Record<string, unknown>;

function isObject(value: unknown): value is AnyObject {
  return value !== null && typeof value === "object";
}

function nameOfTarget(target: unknown): string | undefined {
  if (typeof target === "function" && target.name) return target.name;
  if (typeof target === "string" && target) return target;
  if (isObject(target) && isObject(target.options) && typeof target.options.name === "string") return target.options.name;
  return undefined;
}

/** The entity (and property) a value of TypeORM's builder stands for, if any. */
export function subjectOf(value: unknown): MetadataCulprit | undefined {
  if (!isObject(value)) return undefined;
  // An EntityMetadata: it has its own name and columns.
  if (Array.isArray(value.columns) && "tableType" in value) {
    const entity = typeof value.name === "string" && value.name ? value.name : nameOfTarget(value.target);
    return entity === undefined ? undefined : { entity, property: null };
  }
  // Column, relation, index, embedded, ... metadata: they know their entity.
  const owner = value.entityMetadata;
  if (isObject(owner)) {
    const entity = subjectOf(owner)?.entity;
    if (entity === undefined) return undefined;
    const property =
      typeof value.propertyPath === "string" && value.propertyPath
        ? value.propertyPath
        : typeof value.propertyName === "string" && value.propertyName
          ? value.propertyName
          : null;
    return { entity, property };
  }
  // Decorator arguments: `{ target, propertyName }`.
  const entity = nameOfTarget(value.target);
  if (entity !== undefined && ("propertyName" in value || "type" in value)) {
    return { entity, property: typeof value.propertyName === "string" ? value.propertyName : null };
  }
  return undefined;
}

type Method = (this: unknown, ...args: unknown[]) => unknown;

/** Wraps every method of `prototype`, noting subjects on `stack`; returns a function that undoes it. */
function trace(prototype: AnyObject, stack: MetadataCulprit[], attributed: WeakMap<object, MetadataCulprit>): () => void {
  const restore: (() => void)[] = [];
  for (const name of Object.getOwnPropertyNames(prototype)) {
    if (name === "constructor") continue;
    const descriptor = Object.getOwnPropertyDescriptor(prototype, name);
    if (!descriptor || typeof descriptor.value !== "function" || !descriptor.configurable) continue;
    const original = descriptor.value as Method;
    const traced: Method = function (this: unknown, ...args: unknown[]) {
      const subject = subjectOf(this) ?? args.map(subjectOf).find((found) => found !== undefined);
      if (subject) stack.push(subject);
      try {
        return original.apply(this, args);
      } catch (error) {
        const innermost = stack[stack.length - 1];
        if (isObject(error) && innermost && !attributed.has(error)) attributed.set(error, innermost);
        throw error;
      } finally {
        if (subject) stack.pop();
      }
    };
    Object.defineProperty(prototype, name, { ...descriptor, value: traced });
    restore.push(() => Object.defineProperty(prototype, name, descriptor));
  }
  return () => {
    for (const undo of restore) undo();
  };
}

/**
 * Runs `rebuild` (the build that failed) with TypeORM's builder traced, and returns what the error it
 * throws concerns; `null` when the build throws outside any one entity, or does not fail again.
 */
export async function diagnoseMetadataFailure(
  typeorm: ProjectTypeorm,
  rebuild: () => Promise<unknown>,
): Promise<MetadataCulprit | null> {
  const stack: MetadataCulprit[] = [];
  const attributed = new WeakMap<object, MetadataCulprit>();
  const undo: (() => void)[] = [];
  try {
    for (const relative of TRACED_MODULES) {
      let exports: AnyObject | undefined;
      try {
        exports = typeorm.internal(relative);
      } catch {
        continue;
      }
      for (const value of Object.values(exports ?? {})) {
        if (typeof value === "function" && isObject(value.prototype)) {
          undo.push(trace(value.prototype as AnyObject, stack, attributed));
        }
      }
    }
    await rebuild();
    return null;
  } catch (error) {
    return (isObject(error) && attributed.get(error)) || null;
  } finally {
    for (const restore of undo.reverse()) restore();
  }
}
