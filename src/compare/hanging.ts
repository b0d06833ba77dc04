/**
 * The one algorithm for objects that hang on other objects (triggers, policies, row security, grants,
 * comments, and functions reading relations): compared as a kind when the comparison manages it, and in
 * any case brought back when the migration drops and creates again what they hang on.
 *
 * - Managed: the target's objects are wanted. Unmanaged: the current ones are, as they are; only those
 *   whose owner the migration drops for good go (with it: their removal is still emitted, so that the
 *   derived downgrade brings them back).
 * - An object wanted on both sides whose owner is recreated, or that uses something recreated or retyped
 *   (a trigger naming a retyped column), is removed before and added again after, in the same migration,
 *   as the target has it: also when it changes, which elsewhere may be a change in place.
 * - An unmanaged object that uses something the migration drops for good (a trigger on a dropped column)
 *   can be neither kept nor dropped: `DependentObjectError`.
 */
import type { ChangeCollector } from "./collector";
import { DependentObjectError } from "./compare-errors";
import type { MigrationEvents } from "./migration-events";

export interface HangingKind<T> {
  /** The managed kind's name, for messages: `triggers`. */
  readonly kindName: string;
  readonly managed: boolean;
  /** The current objects, by key (in scope). */
  readonly from: ReadonlyMap<string, T>;
  /** The target's objects, by key (in scope); used when managed. */
  readonly to: ReadonlyMap<string, T>;
  readonly same: (a: T, b: T) => boolean;
  /** Anchors whose drop takes the object with it: its relation, or the object it is on. */
  readonly owners: (item: T) => readonly string[];
  /** Anchors it uses without belonging to them: the columns and functions a trigger names. */
  readonly uses: (item: T) => readonly string[];
  /** `trigger t_upd on public.users`, for messages. */
  readonly describe: (item: T) => string;
  readonly emitRemove: (item: T, line: string | undefined) => void;
  readonly emitAdd: (item: T, line: string | undefined) => void;
  /** A managed change of one object; default: remove then add. */
  readonly emitChange?: (from: T, to: T) => void;
}

/** `column "s"."t"."c"` -> `column s.t.c`, for messages. */
export function displayAnchor(anchor: string): string {
  return anchor.replace(/"((?:[^"]|"")*)"/g, (_, part: string) => part.replace(/""/g, '"'));
}

const intersects = (keys: readonly string[], set: ReadonlySet<string>): string | undefined =>
  keys.find((key) => set.has(key));

export function compareHanging<T>(kind: HangingKind<T>, events: MigrationEvents, sink: ChangeCollector): void {
  const wanted = new Map(kind.managed ? kind.to : kind.from);
  if (!kind.managed) {
    for (const [key, item] of kind.from) {
      if (intersects(kind.owners(item), events.dropped) !== undefined) {
        wanted.delete(key);
        continue;
      }
      const used = intersects(kind.uses(item), events.dropped);
      if (used !== undefined) throw new DependentObjectError(kind.describe(item), displayAnchor(used), kind.kindName);
    }
  }
  for (const [key, item] of kind.from) {
    if (wanted.has(key)) continue;
    const owner = intersects(kind.owners(item), events.dropped);
    kind.emitRemove(item, owner === undefined ? `Detected removed ${kind.describe(item)}` : undefined);
  }
  for (const [key, target] of wanted) {
    const current = kind.from.get(key);
    if (current === undefined) {
      kind.emitAdd(target, `Detected added ${kind.describe(target)}`);
      continue;
    }
    const cause =
      intersects(kind.owners(current), events.recreated) ??
      intersects(kind.uses(current), events.recreated) ??
      intersects(kind.uses(current), events.retyped);
    if (!kind.same(current, target)) {
      // A change in place would apply to what the recreate already took away (a grant changed on a
      // recreated view would leave only what it adds).
      if (kind.emitChange !== undefined && cause === undefined) {
        kind.emitChange(current, target);
      } else {
        kind.emitRemove(current, `Detected changed ${kind.describe(target)}: dropped and created again`);
        kind.emitAdd(target, undefined);
      }
    } else {
      if (cause === undefined) continue;
      kind.emitRemove(
        current,
        `${kind.describe(current)} goes with ${displayAnchor(cause)}, which this migration drops and creates ` +
          `again or retypes: dropped before and created again after`,
      );
      kind.emitAdd(target, undefined);
    }
  }
}
