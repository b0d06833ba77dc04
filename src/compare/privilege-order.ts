/**
 * The order a change of an object's privileges must keep with the changes of other ACL entries, for
 * compare-privileges.ts: PostgreSQL refuses to revoke a grant option while what was passed on from it
 * still holds the privilege ("dependent privileges exist"), and a REVOKE on a table takes the same
 * privilege from the grantee's grants on its columns. Here: which entries' REVOKEs must wait for the
 * addition end (`revokesThatWait`), what a change on a table touches of its columns' entries
 * (`tableChanges`, `touchedEntries`) and which column grants must follow it (`grantedLate`), and the
 * set algebra of privilege sets they share.
 */
import {
  NO_PRIVILEGES,
  PRIVILEGE_NAMES,
  heldBy,
  type OwnerPrivileges,
  type PrivilegeGrant,
  type PrivilegeName,
  type PrivilegeSet,
} from "../model/catalog-objects";
import { anchorKey, anchorsOf, relationAnchor, type CatalogObjectRef } from "../model/object-ref";
import type { SchemaModel } from "../model/schema-model";

/** Whether `held` only takes away from `existing` (a change that revokes and grants nothing). */
export const within = (held: PrivilegeSet, existing: PrivilegeSet): boolean =>
  held.privileges.every((p) => existing.privileges.includes(p)) && held.grantable.every((p) => existing.grantable.includes(p));

/** The same ACL entry: one grantor's grants to one grantee (the owner's when there is no grantor). */
export const sameEntry = (a: PrivilegeGrant, b: PrivilegeGrant): boolean => a.grantee === b.grantee && a.grantor === b.grantor;

/** How many entries `from` and `to` start with alike (same grantees and grantors, in order): those changed in place. */
export function inPlaceCount(from: readonly PrivilegeGrant[], to: readonly PrivilegeGrant[]): number {
  let common = 0;
  while (common < from.length && common < to.length && sameEntry(from[common]!, to[common]!)) common++;
  return common;
}

/** What `a` holds and `b` does not. */
export function without(a: PrivilegeSet, b: PrivilegeSet): PrivilegeSet {
  const left = (pick: (set: PrivilegeSet) => readonly PrivilegeName[]) => pick(a).filter((p) => !pick(b).includes(p));
  return { privileges: left((set) => set.privileges), grantable: left((set) => set.grantable) };
}

/** Whether `a` and `b` share a privilege, or a grant option. */
export const overlap = (a: PrivilegeSet, b: PrivilegeSet): boolean =>
  a.privileges.some((p) => b.privileges.includes(p)) || a.grantable.some((p) => b.grantable.includes(p));

/** Everything `a` or `b` holds, in `PRIVILEGE_NAMES` order. */
export function joined(a: PrivilegeSet, b: PrivilegeSet): PrivilegeSet {
  const either = (pick: (set: PrivilegeSet) => readonly PrivilegeName[]) =>
    PRIVILEGE_NAMES.filter((p) => pick(a).includes(p) || pick(b).includes(p));
  return { privileges: either((set) => set.privileges), grantable: either((set) => set.grantable) };
}

/** A grant a role passed on from its grant option, in the start's ACL of `object` (under `key`). */
interface PassedOnGrant {
  readonly key: string;
  readonly object: CatalogObjectRef;
  readonly grant: PrivilegeGrant;
}

/**
 * Whether a change of an entry (`entry` in `from`, holding `held` in `to`) on `object` must wait with its
 * REVOKEs for the addition end: it takes away a grant option on a privilege that something passed on
 * from it loses only there, by a change that also grants (so not a removal), or by one that waits
 * itself (down a chain). A grant on a column counts for the column and for its table, as a REVOKE of a
 * grant option on the table takes the column's too. Something passed on that goes entirely, or only
 * loses privileges, is removed at the start, before the option: nothing waits for it.
 */
export function revokesThatWait(from: SchemaModel, to: SchemaModel): (object: CatalogObjectRef, entry: PrivilegeGrant, held: PrivilegeSet) => boolean {
  const passedOn = new Map<string, PassedOnGrant[]>();
  for (const [key, { object, grants }] of Object.entries(from.privileges)) {
    for (const grant of grants) {
      if (grant.grantor === undefined) continue;
      for (const anchor of anchorsOf(object)) {
        const by = JSON.stringify([anchor, grant.grantor]);
        let list = passedOn.get(by);
        if (list === undefined) passedOn.set(by, (list = []));
        list.push({ key, object, grant });
      }
    }
  }
  const heldAfter = ({ key, grant }: PassedOnGrant) => heldBy(to.privileges[key]?.grants.find((g) => sameEntry(g, grant)));
  const waits = new Map<PrivilegeGrant, boolean>();
  const wait = (object: CatalogObjectRef, entry: PrivilegeGrant, held: PrivilegeSet): boolean => {
    const known = waits.get(entry);
    if (known !== undefined) return known;
    waits.set(entry, false);
    const taken = entry.grantable.filter((p) => !held.grantable.includes(p));
    const result = (passedOn.get(JSON.stringify([anchorKey(object), entry.grantee])) ?? []).some((passed) => {
      const after = heldAfter(passed);
      const loses = passed.grant.privileges.some((p) => taken.includes(p) && !after.privileges.includes(p));
      return loses && (!within(after, heldBy(passed.grant)) || wait(passed.object, passed.grant, after));
    });
    waits.set(entry, result);
    return result;
  };
  return wait;
}

/** What the changes of an object's entries wait for elsewhere in the migration. */
export interface Around {
  /** Whether an entry's change must wait with its REVOKEs for the addition end (see `revokesThatWait`). */
  readonly waits: (entry: PrivilegeGrant, held: PrivilegeSet) => boolean;
  /** What the change of the object's table touches in an entry of it (see `tableChanges`). */
  readonly touched: (entry: PrivilegeGrant) => PrivilegeSet;
  /** What a REVOKE on the object's table that runs at the addition end takes from an entry of it (see `tableChanges`). */
  readonly takenLate: (entry: PrivilegeGrant) => PrivilegeSet;
  /** The same for the owner's own entry on the object, by the change of the owner's own entry on its table. */
  readonly owner: TableChange;
}

/** What a column's entry must not hold while its table's entry changes, and must not gain before that change's REVOKE. */
export interface TableChange {
  readonly touched: PrivilegeSet;
  readonly takenLate: PrivilegeSet;
}

export const UNTOUCHED: TableChange = { touched: NO_PRIVILEGES, takenLate: NO_PRIVILEGES };

/**
 * What the REVOKEs turning `held` into `after` take from an entry on a column, by PostgreSQL's REVOKE on
 * its table: a privilege with its grant option, and a grant option.
 */
function revokedBy(held: PrivilegeSet, after: PrivilegeSet): PrivilegeSet {
  const lost = without(held, after);
  const options = PRIVILEGE_NAMES.filter((p) => lost.privileges.includes(p) || lost.grantable.includes(p));
  return { privileges: lost.privileges, grantable: options };
}

/**
 * What the change of a table's entries does to the entries of its columns. PostgreSQL's REVOKE on a table
 * takes the privilege, with its grant option, or the grant option, from the same grantee's entry from the
 * same grantor on each of its columns too; its GRANT leaves them alone. `touched`: what the upgrade's
 * REVOKEs on the table take, and the derived downgrade's (those of the upgrade's GRANTs, inverted); an
 * entry revoked whole and granted again, past the table's common prefix, takes everything it holds.
 * `takenLate`: what the upgrade's REVOKE takes where it runs at the addition end: in the second half of a
 * change cut in two (`emitGrants`), or in a change that also grants. The owner's own entries (`"owner"`)
 * likewise, the owner's own entry on the table changed in one op (a side without one holds the default).
 */
export function tableChanges(
  from: SchemaModel,
  to: SchemaModel,
  wait: ReturnType<typeof revokesThatWait>,
): (object: CatalogObjectRef, entry: PrivilegeGrant | "owner") => TableChange {
  const byAnchor = (model: SchemaModel) => new Map(Object.values(model.privileges).map((p) => [anchorKey(p.object), p]));
  const [before, after] = [byAnchor(from), byAnchor(to)];
  return (object, entry) => {
    if (object.kind !== "column") return UNTOUCHED;
    const table = relationAnchor(object.schema, object.table);
    const [start, end] = [before.get(table), after.get(table)];
    if (entry === "owner") return ownerChange(start?.owner, end?.owner);
    const [held, target] = [start?.grants ?? [], end?.grants ?? []];
    const i = held.findIndex((grant) => sameEntry(grant, entry));
    if (i >= 0 && i < inPlaceCount(held, target)) {
      const [was, is] = [heldBy(held[i]), heldBy(target[i])];
      const taken = revokedBy(was, is);
      const late = !within(is, was) || wait(start!.object, held[i]!, is);
      return { touched: joined(taken, revokedBy(is, was)), takenLate: late ? taken : NO_PRIVILEGES };
    }
    const whole = (grants: readonly PrivilegeGrant[]) =>
      revokedBy(heldBy(grants.find((grant) => sameEntry(grant, entry))), NO_PRIVILEGES);
    return { touched: joined(whole(held), whole(target)), takenLate: NO_PRIVILEGES };
  };
}

/**
 * What the change of the owner's own entry on a table (`was` to `is`, either absent where it holds the
 * default) does to the owner's own entries on its columns.
 */
function ownerChange(was: OwnerPrivileges | undefined, is: OwnerPrivileges | undefined): TableChange {
  const known = was ?? is;
  if (known === undefined) return UNTOUCHED;
  const [held, target] = [was === undefined ? known.default : heldBy(was), is === undefined ? known.default : heldBy(is)];
  const taken = revokedBy(held, target);
  return { touched: joined(taken, revokedBy(target, held)), takenLate: within(target, held) ? NO_PRIVILEGES : taken };
}

/**
 * What the change of its table touches in each entry of `from` (a column's, by index): what `touched`
 * says of the entry itself and, in an entry a role passed on, the privileges whose grant option that
 * role's own entry on the column holds and loses meanwhile (PostgreSQL refuses to take an option while
 * something passed on from it holds the privilege). A grant passed on follows its grantor's entry in the
 * ACL, so one pass in order meets the grantor's first.
 */
export function touchedEntries(
  from: readonly PrivilegeGrant[],
  to: readonly PrivilegeGrant[],
  touched: (entry: PrivilegeGrant) => PrivilegeSet,
): (i: number) => PrivilegeSet {
  const result: PrivilegeSet[] = [];
  from.forEach((entry, i) => {
    const options = from.slice(0, i).flatMap((grant, j) => {
      if (grant.grantee !== entry.grantor) return [];
      const held = joined(heldBy(grant), heldBy(to.find((target) => sameEntry(target, grant))));
      return result[j]!.grantable.filter((p) => held.grantable.includes(p));
    });
    result.push(joined(touched(entry), { privileges: options, grantable: options }));
  });
  return (i) => result[i] ?? NO_PRIVILEGES;
}

/**
 * The entries of `to` (a column's) whose GRANTs must follow a REVOKE on the column's table that runs at the
 * addition end: those that gain (`gained`, by index) what it takes from them (`takenLate`), and down a
 * chain those passed on by a role that gains late the grant option they need. An entry granted anew
 * (past `common`) goes to the end of the ACL: those after a late one follow it.
 */
export function grantedLate(
  to: readonly PrivilegeGrant[],
  common: number,
  gained: (i: number) => PrivilegeSet,
  takenLate: (entry: PrivilegeGrant) => PrivilegeSet,
): ReadonlySet<PrivilegeGrant> {
  const late = new Set<PrivilegeGrant>();
  // The grant options each role gains late.
  const options = new Map<string, PrivilegeName[]>();
  const follows = (entry: PrivilegeGrant, gains: PrivilegeSet) => {
    const needed = entry.grantor === undefined ? [] : (options.get(entry.grantor) ?? []);
    return overlap(gains, takenLate(entry)) || [...gains.privileges, ...gains.grantable].some((p) => needed.includes(p));
  };
  for (let found = true; found; ) {
    found = false;
    to.forEach((entry, i) => {
      if (late.has(entry) || !follows(entry, gained(i))) return;
      late.add(entry);
      options.set(entry.grantee, [...(options.get(entry.grantee) ?? []), ...gained(i).grantable]);
      found = true;
    });
  }
  const first = to.findIndex((entry, i) => i >= common && late.has(entry));
  if (first >= 0) for (const entry of to.slice(first)) late.add(entry);
  return late;
}

