/**
 * The comparison shared by the named members of a table that Postgres cannot alter in place (constraints,
 * indexes): matched by name between `current` and `target`, a removed one is dropped, an added one is
 * created, a changed one is dropped and re-created (unless the kind can change it in place), and a
 * removed one whose definition an added one repeats under another name is renamed. Drops name (and carry) the member as `original`
 * has it, since they run before this migration's renames; adds use the target table.
 */
import type { TableDef, TableRef } from "../model/schema-model";
import type { ChangeCollector } from "./collector";
import { differences, keyedBy } from "./differences";
import { displayName } from "./display";
import { originalNamed, refOf, type TableVersions } from "./table-versions";

/** Why a member is dropped or added, as the log line words it. */
export type MemberChange = "added" | "removed" | "changed";

/** One kind of named table member, as `compareNamedMembers` needs to know it. */
export interface NamedMemberKind<T extends { readonly name: string }> {
  /** The members of this kind in a table, in a fixed order. */
  readonly membersOf: (table: TableDef) => readonly T[];
  /** Whether two members of the same name are the same definition. */
  readonly same: (a: T, b: T) => boolean;
  /** Emits the drop of `member`; `reason` words its log line. */
  readonly emitDrop: (table: TableRef, member: T, sink: ChangeCollector, reason: "removed" | "changed") => void;
  /** Emits the creation of `member`; without a reason the difference is already logged by its drop. */
  readonly emitAdd: (table: TableRef, member: T, sink: ChangeCollector, reason?: "added") => void;
  /** Emits the renaming of `from` to `to`, two members with the same definition under different names. */
  readonly emitRename: (table: TableRef, from: T, to: T, sink: ChangeCollector) => void;
  /** Emits an in-place change of `from` to `to` on `table` where there is one, and says so. */
  readonly alterInPlace?: (table: TableDef, from: T, to: T, sink: ChangeCollector) => boolean;
}

/** Compares the members of one kind of a table present on both sides. */
export function compareNamedMembers<T extends { readonly name: string }>(
  { original, current, target }: TableVersions,
  kind: NamedMemberKind<T>,
  sink: ChangeCollector,
): void {
  const byName = (def: TableDef) => keyedBy(kind.membersOf(def), (member) => member.name);
  const diff = differences(byName(current), byName(target), kind.same);
  const originals = kind.membersOf(original);
  const drop = (member: T, reason: "removed" | "changed") =>
    kind.emitDrop(refOf(original), originalNamed(originals, member.name, member), sink, reason);
  const { renamed, removed, added } = pairRenames(diff.removed, diff.added, kind.same);
  removed.forEach((member) => drop(member, "removed"));
  renamed.forEach(({ from, to }) => kind.emitRename(refOf(target), from, to, sink));
  added.forEach((member) => kind.emitAdd(refOf(target), member, sink, "added"));
  for (const { from: before, to: after } of diff.modified) {
    if (kind.alterInPlace?.(target, before, after, sink) === true) continue;
    drop(before, "changed");
    kind.emitAdd(refOf(target), after, sink);
  }
}

/**
 * Pairs each removed member with the first added one that repeats its definition under another name:
 * the same object renamed, which is cheaper than dropping and rebuilding it (an index) or re-checking
 * every row (a constraint). What is left stays removed or added.
 */
export function pairRenames<T extends { readonly name: string }>(
  removed: readonly T[],
  added: readonly T[],
  same: (a: T, b: T) => boolean,
): { renamed: { from: T; to: T }[]; removed: T[]; added: T[] } {
  const unpaired = [...added];
  const renamed: { from: T; to: T }[] = [];
  const gone: T[] = [];
  for (const member of removed) {
    const twin = unpaired.findIndex((candidate) => same({ ...member, name: candidate.name }, candidate));
    if (twin < 0) {
      gone.push(member);
    } else {
      renamed.push({ from: member, to: unpaired[twin]! });
      unpaired.splice(twin, 1);
    }
  }
  return { renamed, removed: gone, added: unpaired };
}

/**
 * The log line of a member dropped or added: `Detected removed index 'users_idx' on 'public.users'`; a
 * changed one adds `: dropped and re-created`. Undefined without a reason (the op belongs to a difference
 * already logged).
 */
export function memberChangeLine(
  reason: MemberChange | undefined,
  noun: string,
  name: string,
  table: TableRef,
): string | undefined {
  if (reason === undefined) return undefined;
  const line = `Detected ${reason} ${noun} '${name}' on '${displayName(table)}'`;
  return reason === "changed" ? `${line}: dropped and re-created` : line;
}
