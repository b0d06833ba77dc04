/**
 * Default privileges (`ALTER DEFAULT PRIVILEGES`): compared when the comparison manages privileges and
 * both sides were read from a database (a database diff with `--with-privileges`); entities describe
 * none, so in entity mode they stay exactly as they are. Those of the whole database are compared
 * whatever schemas are, as they apply to new objects in every schema; those IN SCHEMA, for the compared
 * schemas.
 *
 * PostgreSQL keeps an entry's ACL sorted by grantee, so each grantee is set on its own: what it loses is
 * revoked in one op, what it gains granted in another (catalog-phases.ts runs the first before the
 * migration creates anything and the second once it has created everything). An entry absent on one
 * side holds the built-in ACL of its kind there (`DefaultPrivilegesDef.builtIn`).
 *
 * Not managed, an entry IN SCHEMA a schema the migration drops goes with it (PostgreSQL drops it with
 * the schema): its removal is still emitted, so that the derived downgrade brings it back.
 */
import { heldBy, type DefaultPrivilegesDef, type PrivilegeGrant, type PrivilegeSet } from "../model/catalog-objects";
import { anchorKey } from "../model/object-ref";
import type { SchemaModel } from "../model/schema-model";
import { defaultPrivilegesLabel } from "../ops/catalog-labels";
import type { SetDefaultPrivilegesOp } from "../ops/catalog-operations";
import type { ChangeCollector } from "./collector";
import { deepEqual } from "./equality";
import { compareHanging } from "./hanging";
import { manages, type ManagedKind } from "./managed-kinds";
import type { MigrationEvents } from "./migration-events";

/** What each grantee holds in `grants`, in their order. */
const byGrantee = (grants: readonly PrivilegeGrant[]): Map<string, PrivilegeSet> =>
  new Map(grants.map((grant) => [grant.grantee, heldBy(grant)]));

/** The grants by grantee, whatever their order (the grantees' oids order them in each database). */
const sorted = (grants: readonly PrivilegeGrant[]): PrivilegeGrant[] =>
  [...grants].sort((a, b) => (a.grantee < b.grantee ? -1 : a.grantee > b.grantee ? 1 : 0));

/** What `a` and `b` both hold. */
function common(a: PrivilegeSet, b: PrivilegeSet): PrivilegeSet {
  return {
    privileges: a.privileges.filter((p) => b.privileges.includes(p)),
    grantable: a.grantable.filter((p) => b.grantable.includes(p)),
  };
}

/**
 * The ops that turn the entry's `from` grants into `to`'s, grantee by grantee (`from`'s first, then the
 * new ones): what a grantee loses in one op, what it gains in another.
 */
function emitEntry(entry: DefaultPrivilegesDef, from: readonly PrivilegeGrant[], to: readonly PrivilegeGrant[], line: string | undefined, sink: ChangeCollector): void {
  const [before, after] = [byGrantee(from), byGrantee(to)];
  let logged = line === undefined;
  const set = (grantee: string, held: PrivilegeSet, existing: PrivilegeSet): void => {
    if (deepEqual(held, existing)) return;
    const op: SetDefaultPrivilegesOp = {
      kind: "setDefaultPrivileges",
      role: entry.role,
      schema: entry.schema,
      objectType: entry.objectType,
      grantee,
      ...held,
      existing,
    };
    sink.emit(op, logged ? undefined : line);
    logged = true;
  };
  for (const grantee of new Set([...before.keys(), ...after.keys()])) {
    const existing = heldBy(before.get(grantee));
    const held = heldBy(after.get(grantee));
    const kept = common(existing, held);
    set(grantee, kept, existing);
    set(grantee, held, kept);
  }
}

export function compareDefaultPrivileges(
  from: SchemaModel,
  to: SchemaModel,
  manage: ReadonlySet<ManagedKind> | undefined,
  events: MigrationEvents,
  sink: ChangeCollector,
): void {
  const entries = (model: SchemaModel) => new Map(Object.entries(model.defaultPrivileges ?? {}));
  const describe = (entry: DefaultPrivilegesDef) => `default privileges on ${defaultPrivilegesLabel(entry)}`;
  compareHanging<DefaultPrivilegesDef>(
    {
      kindName: "privileges",
      managed: manages(manage, "privileges") && from.defaultPrivileges !== undefined && to.defaultPrivileges !== undefined,
      from: entries(from),
      to: entries(to),
      same: (a, b) => deepEqual(sorted(a.grants), sorted(b.grants)),
      owners: (entry) => (entry.schema === null ? [] : [anchorKey({ kind: "schema", name: entry.schema })]),
      uses: () => [],
      describe,
      emitRemove: (entry, line) => emitEntry(entry, entry.grants, entry.builtIn, line, sink),
      emitAdd: (entry, line) => emitEntry(entry, entry.builtIn, entry.grants, line, sink),
      emitChange: (a, b) => emitEntry(b, a.grants, b.grants, `Detected changed ${describe(b)}`, sink),
    },
    events,
    sink,
  );
}
