/**
 * Privileges: per object, what each grantee holds from the owner, and from each role that passed a grant
 * option on (an entry apart, set as that role). Compared when the comparison manages privileges (a
 * database diff with `--with-privileges`), and in any case revoked before and granted again after an
 * object the migration drops and creates again (a recreated view starts with the default ACL).
 *
 * Those set on a column of a view created again whose new columns are unknown run only where the column
 * still exists (`ifColumnExists`); their removal, before the view is dropped, runs on the column it has.
 *
 * The GRANTs on one object are emitted in the target's ACL order, so that the result's ACL, and a dump
 * of it, read as the target's: Postgres keeps an entry in place while it is changed, removes it when its
 * last privilege is revoked, and appends a new one (see `emitGrants`).
 */
import {
  defaultGrants,
  heldBy,
  NO_PRIVILEGES,
  type ObjectPrivileges,
  type OwnerPrivileges,
  type PrivilegeGrant,
  type PrivilegeSet,
} from "../model/catalog-objects";
import { anchorsOf } from "../model/object-ref";
import type { SchemaModel } from "../model/schema-model";
import { catalogObjectLabel } from "../ops/catalog-labels";
import type { SetPrivilegesOp } from "../ops/catalog-operations";
import { revokesOnly } from "../ops/catalog-phases";
import type { RelationScope } from "./catalog-scope";
import { scoped } from "./catalog-scope";
import type { ChangeCollector } from "./collector";
import { deepEqual } from "./equality";
import { compareHanging } from "./hanging";
import { manages, type ManagedKind } from "./managed-kinds";
import { onColumnOfUnknownView, type MigrationEvents } from "./migration-events";
import {
  grantedLate,
  inPlaceCount,
  joined,
  overlap,
  revokesThatWait,
  tableChanges,
  touchedEntries,
  UNTOUCHED,
  within,
  without,
  type Around,
} from "./privilege-order";
import { relationOfObject } from "../model/object-ref";


/** What the owner holds, for comparison (not the role's name); undefined for the default entry. */
const ownerHolds = (p: ObjectPrivileges): PrivilegeSet | undefined => (p.owner === undefined ? undefined : heldBy(p.owner));

/**
 * The ops that turn the grants `from` into `to` on `object`, keeping the ACL in `to`'s order both ways:
 * the entries of the longest common prefix (same grantees and grantors in the same order) are changed in
 * place; from the first difference on, the current entries are revoked, last first, and the target's
 * granted in order. Revoking an entry that others follow and granting it again would move it to the end,
 * so an entry is only ever revoked once every entry after it is gone: the derived downgrade then restores
 * the original order exactly. A grant passed on from a grant option follows that option in the ACL, and
 * goes first: the entries revoked, then the changes in place that only revoke, both last first, come
 * before the other changes in place and the new entries, in order (see also catalog-phases.ts).
 *
 * A change in place whose REVOKEs must wait for what was passed on from the entry's grant option to
 * lose it (`waits`: see `revokesThatWait`; PostgreSQL refuses them before, "dependent privileges
 * exist") is cut in two: its GRANTs where they were, and its REVOKEs, last first, at the addition end
 * after the grants passed on (`stage`). Each entry keeps its place: it gains before it loses. Not where
 * the object goes or comes back (`marks.stage`): there its REVOKEs take what was passed on along
 * (`cascade`).
 *
 * On a column, PostgreSQL's REVOKE on its table also takes the privilege (with its grant option), or the
 * grant option, from the same grantee's entry from the same grantor on the column; its GRANT gives nothing
 * back there. So what the change of that entry on the table touches (`touched`: see `tableChanges`),
 * whether the upgrade's REVOKE or the derived downgrade's takes it, is revoked from the column's entry at
 * the start (leaving `start`), and granted back at the end where the target holds it (from `end`): ops
 * whose `existing` is what the entry holds when each runs (where the table's REVOKE runs first, in the
 * same removals, it takes the same), so that every inverse is exact, and no REVOKE on the table that runs
 * between them finds anything there to take, either way. One op giving back what the entry keeps would
 * be wrong one way or the other: from what it held, it grants nothing; from what the table's REVOKE
 * leaves, its inverse revokes it in the downgrade, whose GRANT on the table gives nothing back. An entry
 * that would empty on the way is not kept in place (PostgreSQL removes an empty entry, and one granted
 * again goes to the end): it is revoked whole and granted again, as is every entry after it. The grants
 * that a REVOKE on the table run at the addition end would take back, and what is passed on from them,
 * run after it (`late`: see `grantedLate`).
 *
 * An entry both: what its table's change touches is taken apart as above (what was passed on from the
 * grant options it touches with it, at the start), and only what the entry's change takes away besides
 * may have to wait, cut in two (from `start` to `end`). Its GRANTs, and what it is granted back, run
 * first; the REVOKEs of its second half after them, and after every late grant on the column where there
 * is one (late themselves), as what they wait for may be among those.
 */
function emitGrants(
  object: ObjectPrivileges["object"],
  from: readonly PrivilegeGrant[],
  to: readonly PrivilegeGrant[],
  owners: { readonly from: OwnerPrivileges | undefined; readonly to: OwnerPrivileges | undefined },
  line: string | undefined,
  sink: ChangeCollector,
  around: Around,
  marks: Pick<SetPrivilegesOp, "stage" | "ifColumnExists" | "cascade"> = {},
): void {
  const { stage, ...carried } = marks;
  const matching = inPlaceCount(from, to);
  // What the change of its table touches in each entry of `from`.
  const touched = stage === undefined ? touchedEntries(from, to, around.touched) : () => NO_PRIVILEGES;
  // What an entry changed in place holds while its table changes: before it (`start`), and after it until the end.
  const start = (i: number) => without(heldBy(from[i]), touched(i));
  const end = (i: number) => without(heldBy(to[i]), touched(i));
  let common = 0;
  while (common < matching && start(common).privileges.length > 0 && end(common).privileges.length > 0) common++;
  // Cut in two: where what an entry's change takes away besides what its table's change touches must wait.
  const cut = [...Array(common).keys()].filter((i) => stage === undefined && around.waits({ ...from[i]!, ...start(i) }, end(i)));
  // What each target entry gains once its table has changed: an entry past the common prefix is granted again whole.
  const gained = (i: number) => without(heldBy(to[i]), i < common ? start(i) : NO_PRIVILEGES);
  const late: ReadonlySet<object> = stage === undefined ? grantedLate(to, common, gained, around.takenLate) : new Set();
  let logged = line === undefined;
  const set = (
    entry: { grantee: string; grantor?: string },
    held: PrivilegeSet,
    existing: PrivilegeSet,
    owner = false,
    at = stage,
    last = late.has(entry),
  ): void => {
    if (deepEqual(held, existing)) return;
    const { grantee, grantor } = entry;
    const op: SetPrivilegesOp = {
      kind: "setPrivileges",
      object,
      grantee,
      ...(grantor !== undefined && { grantor }),
      ...held,
      existing,
      ...(owner && { owner }),
      ...carried,
    };
    // Said only where its statements would put it at the other end (see SetPrivilegesOp.stage).
    const marked = at !== undefined && revokesOnly(op) !== (at === "removal") ? { ...op, stage: at } : op;
    // Late: a change that grants, or the second half of one cut in two (it waits for grants).
    sink.emit(last && (!revokesOnly(op) || at === "addition") ? { ...marked, late: true } : marked, logged ? undefined : line);
    logged = true;
  };
  // The owner's own entry is changed in place, first. A side without one holds the default entry. The
  // role named is the owner of the object the migration changes (`from`'s) when its entry is not the
  // default one; otherwise the model does not say who that owner is (the two databases' owners may
  // differ), so the statements look it up when they run (`owner`), naming the target's only in messages.
  // On a column, what the change of the owner's own entry on its table touches is taken apart as in the
  // other entries: revoked first, granted back last. Emptied on the way, the entry comes back at the end
  // of the column's ACL: where it was is not in the model (nor in a dump, which prints the owner's first).
  const known = owners.from ?? owners.to;
  if (known !== undefined) {
    const base = known.default;
    const [was, is] = [owners.from === undefined ? base : heldBy(owners.from), owners.to === undefined ? base : heldBy(owners.to)];
    const { touched: taken, takenLate } = stage === undefined ? around.owner : UNTOUCHED;
    const [first, then] = [without(was, taken), without(is, taken)];
    const entry = { grantee: known.role };
    const lookedUp = owners.from === undefined;
    set(entry, first, was, lookedUp);
    set(entry, then, first, lookedUp);
    set(entry, is, then, lookedUp, stage, overlap(without(is, then), takenLate));
  }
  const inPlace = [...Array(common).keys()];
  // What an entry holds in the middle of its change (both sides' privileges where it is cut in two), and
  // once what its table's change touched is granted back.
  const between = (i: number) => (cut.includes(i) ? joined(end(i), start(i)) : end(i));
  const back = (i: number) => (cut.includes(i) ? joined(heldBy(to[i]), start(i)) : heldBy(to[i]));
  const takesAway = (i: number) => within(between(i), start(i));
  for (const grant of from.slice(common).reverse()) set(grant, NO_PRIVILEGES, heldBy(grant));
  // What the table's change touches, revoked before it (a removal: before every GRANT on the table too).
  for (const i of [...inPlace].reverse()) set(from[i]!, start(i), heldBy(from[i]));
  for (const i of [...inPlace].reverse().filter(takesAway)) set(to[i]!, between(i), start(i));
  for (const i of inPlace.filter((i) => !takesAway(i))) set(to[i]!, between(i), start(i));
  // ... and granted back after it (an addition; after a REVOKE on the table that runs there too: `late`).
  for (const i of inPlace) set(to[i]!, back(i), between(i));
  for (const grant of to.slice(common)) set(grant, heldBy(grant), NO_PRIVILEGES);
  // The second halves, after the grants passed on they wait for, late ones included.
  for (const i of [...cut].reverse()) set(to[i]!, heldBy(to[i]), back(i), false, "addition", late.size > 0);
}

export function comparePrivileges(
  from: SchemaModel,
  to: SchemaModel,
  manage: ReadonlySet<ManagedKind> | undefined,
  inScope: RelationScope,
  events: MigrationEvents,
  sink: ChangeCollector,
): void {
  const defaults = (p: ObjectPrivileges) => defaultGrants(p.object.kind);
  // Where the object goes, or goes and comes back, a removal must run before and an addition after,
  // whatever GRANTs or REVOKEs they are; elsewhere revokes run first and grants last, which also keeps a
  // column's grant after a REVOKE on its table (which takes the column's away too). So for a new object,
  // whose additions follow the reset to the built-in privileges after its create (keep-owners.ts), and
  // which its downgrade drops.
  const gone = new Set([...events.dropped, ...events.recreated, ...events.created]);
  // Its grants go with it, also those a grantee passed on (which a plain REVOKE from it would refuse).
  const stage = (p: ObjectPrivileges, which: "removal" | "addition") =>
    anchorsOf(p.object).some((anchor) => gone.has(anchor)) ? { stage: which, cascade: true } : {};
  // Set once a view whose new columns are unknown is created again: only where the column is still there.
  const unsure = (p: ObjectPrivileges) => (onColumnOfUnknownView(events, p.object) ? { ifColumnExists: true } : {});
  const wait = revokesThatWait(from, to);
  // Unmanaged, no table's grants change (what goes or comes back goes or comes back whole).
  const changes = manages(manage, "privileges") ? tableChanges(from, to, wait) : () => UNTOUCHED;
  const waits = (p: ObjectPrivileges): Around => ({
    waits: (entry, held) => wait(p.object, entry, held),
    touched: (entry) => changes(p.object, entry).touched,
    takenLate: (entry) => changes(p.object, entry).takenLate,
    owner: changes(p.object, "owner"),
  });
  compareHanging<ObjectPrivileges>(
    {
      kindName: "privileges",
      managed: manages(manage, "privileges"),
      from: scoped(from.privileges, (p) => relationOfObject(p.object), inScope),
      to: scoped(to.privileges, (p) => relationOfObject(p.object), inScope),
      // A column's grants that both sides have are set again where a change on its table touches them (see `emitGrants`).
      same: (a, b) =>
        deepEqual(a.grants, b.grants) &&
        deepEqual(ownerHolds(a), ownerHolds(b)) &&
        !a.grants.some((entry) => overlap(heldBy(entry), changes(a.object, entry).touched)) &&
        !(a.owner !== undefined && overlap(heldBy(a.owner), changes(a.object, "owner").touched)),
      owners: (p) => anchorsOf(p.object),
      uses: () => [],
      describe: (p) => `privileges on ${catalogObjectLabel(p.object)}`,
      emitRemove: (p, line) =>
        emitGrants(p.object, p.grants, defaults(p), { from: p.owner, to: undefined }, line, sink, waits(p), stage(p, "removal")),
      emitAdd: (p, line) =>
        emitGrants(p.object, defaults(p), p.grants, { from: undefined, to: p.owner }, line, sink, waits(p), {
          ...stage(p, "addition"),
          ...unsure(p),
        }),
      emitChange: (a, b) =>
        emitGrants(
          b.object,
          a.grants,
          b.grants,
          { from: a.owner, to: b.owner },
          `Detected changed privileges on ${catalogObjectLabel(b.object)}`,
          sink,
          waits(a),
          unsure(b),
        ),
    },
    events,
    sink,
  );
}
