/**
 * The phases of the catalog-object operations (see ./phases.ts for the whole list and why).
 *
 * What hangs on other objects (comments, privileges, row-level security, triggers, policies) is removed
 * at the very start, before anything it hangs on is dropped or changed, and added at the very end, once
 * everything it hangs on exists. Removal means an op that only takes away: a comment set to NULL, a
 * privilege change that grants nothing, a row security change that turns nothing on. Comments and grants
 * are removed before the triggers and policies they may be on are dropped, and added after those are
 * created.
 *
 * A grant passed on by another role than the owner (`grantor`) needs what that role holds: its grant
 * option (on the object, or on a column's table) and the USAGE of the object's schema, which the owner's
 * grants give. So those grants are removed before any other and added after all others, a column's
 * before (and after) its table's, whose grant option may be the one it was passed on from. A grant
 * option is revoked once what was passed on from it no longer holds it (PostgreSQL refuses it before),
 * and what was passed on may lose it only at the addition end (a change that grants too): so a change
 * at the addition end that only revokes, and takes a grant option away (the second half of a change
 * the comparator cuts in two), runs after every grant passed on, and the other way round (a grant
 * passed on on a column, then one on its table, then the owner's grants). A REVOKE on a table takes the
 * same privileges from the grantee's grants on its columns: a grant on a column that such a late REVOKE,
 * or one in a change at the addition end that also grants, would take back runs after it, and what is
 * passed on from it after that (`late`), and a grant option revoked at the addition end that waits for
 * them after those; at the removal end,
 * where the downgrade has their inverses, the other way round, before anything else.
 *
 * Default privileges (`ALTER DEFAULT PRIVILEGES`) apply to what is created after them: a change that only
 * takes away runs with the removals, before the migration creates anything, and any other at the very
 * end, once it has created everything. An object the migration creates thus gets only what the default
 * privileges of both sides give it (the derived downgrade, read backwards, does the same the other way),
 * and then, where the comparison knows its ACL, starts from the built-in privileges (`resetPrivileges`).
 */
import type { FunctionDef } from "../model/catalog-objects";
import type { Operation, OperationKind, OperationOf } from "./operation";
import type { Phase } from "./phases";

function phase<K extends OperationKind>(kind: K, name: string, test: (op: OperationOf<K>) => boolean): Phase {
  return { name: `${kind} (${name})`, matches: (op) => op.kind === kind && test(op as OperationOf<K>) };
}

const isSubset = (a: readonly string[], b: readonly string[]): boolean => a.every((x) => b.includes(x));

/** A privilege change, or a default privilege change, that only revokes (and knows what it revokes from). */
export function revokesOnly(op: OperationOf<"setPrivileges" | "setDefaultPrivileges">): boolean {
  return op.existing !== undefined && isSubset(op.privileges, op.existing.privileges) && isSubset(op.grantable, op.existing.grantable);
}

/** A privilege change in the removals: its `stage`, else whether it only revokes. */
function privilegeRemoval(op: OperationOf<"setPrivileges">): boolean {
  return op.stage === undefined ? revokesOnly(op) : op.stage === "removal";
}

/** A privilege change past every other of its end (see SetPrivilegesOp.late). */
const late = (op: OperationOf<"setPrivileges">): boolean => op.late === true;

/** A change at the addition end that only revokes, a grant option among what it revokes (see the file comment). */
function revokesOptionLast(op: OperationOf<"setPrivileges">): boolean {
  return op.stage === "addition" && revokesOnly(op) && op.existing!.grantable.some((p) => !op.grantable.includes(p));
}

/** A change of a grant passed on by another role than the owner. */
const passedOn = (op: OperationOf<"setPrivileges">): boolean => op.grantor !== undefined;

const onColumn = (op: OperationOf<"setPrivileges">): boolean => op.object.kind === "column";

/** A row security change that only turns flags off. */
function turnsOffOnly(op: OperationOf<"setRowSecurity">): boolean {
  return op.existing !== undefined && (!op.enabled || op.existing.enabled) && (!op.forced || op.existing.forced);
}

/** Whether a function depends on a table or view (its row type, a BEGIN ATOMIC body), as far as known. */
export function readsRelations(fn: FunctionDef | undefined): boolean {
  return (fn?.dependsOn ?? []).some((key) => key.startsWith("relation "));
}

export const CATALOG_REMOVALS: readonly Phase[] = [
  // The owner of an object dropped and created again is read before anything else runs.
  phase("keepOwner", "remember", (op) => op.stage === "remember"),
  phase("setComment", "removal", (op) => op.comment === null),
  phase("setPrivileges", "late removal of a grant passed on", (op) => privilegeRemoval(op) && late(op) && passedOn(op)),
  phase("setPrivileges", "late removal", (op) => privilegeRemoval(op) && late(op)),
  phase("setPrivileges", "removal of a grant passed on, on a column", (op) => privilegeRemoval(op) && passedOn(op) && onColumn(op)),
  phase("setPrivileges", "removal of a grant passed on", (op) => privilegeRemoval(op) && passedOn(op)),
  phase("setPrivileges", "removal", privilegeRemoval),
  phase("setDefaultPrivileges", "removal", revokesOnly),
  // Where the derived downgrade, read backwards, has the create's reset (see ResetPrivilegesOp).
  phase("resetPrivileges", "drop", (op) => op.stage === "drop"),
  phase("setRowSecurity", "removal", turnsOffOnly),
  // Partitions' own trigger states given back before the partitions are detached or dropped.
  phase("setTriggerEnabled", "release", (op) => op.stage === "release"),
  phase("dropTrigger", "all", () => true),
  phase("dropRule", "all", () => true),
  phase("dropStatistics", "all", () => true),
  phase("dropPolicy", "all", () => true),
  // A table leaves a publication before the publication goes, or its table or a column it names changes.
  phase("dropPublicationTable", "all", () => true),
  // A schema it stops publishing whole, before the schema can go (PostgreSQL takes it out of the
  // publication with it, and the statement would then fail).
  phase("alterPublication", "schemas removed", dropsSchemasOnly),
  phase("dropPublication", "all", () => true),
];

/** An `alterPublication` that only stops publishing schemas whole: its options and its other schemas stay. */
function dropsSchemasOnly(op: OperationOf<"alterPublication">): boolean {
  const { from, to } = op;
  return (
    to.schemas.length < from.schemas.length &&
    isSubset(to.schemas, from.schemas) &&
    to.viaPartitionRoot === from.viaPartitionRoot &&
    to.publish.join() === from.publish.join()
  );
}

/**
 * Views, and the functions that read relations, are dropped together first: the comparator orders them
 * by their real dependencies (a view that calls a function before it, a function that returns a view's
 * rows after it).
 */
export const DROP_VIEWS_AND_DEPENDENT_FUNCTIONS: Phase = {
  name: "dropView (and dropFunction of the functions that read relations)",
  matches: (op: Operation) => op.kind === "dropView" || (op.kind === "dropFunction" && readsRelations(op.existing)),
};

/** Views, and the functions that read relations, are created together once the tables are final. */
export const CREATE_VIEWS_AND_DEPENDENT_FUNCTIONS: Phase = {
  name: "createView (and createFunction, replaceFunction of the functions that read relations)",
  matches: (op: Operation) =>
    op.kind === "createView" ||
    ((op.kind === "createFunction" || op.kind === "replaceFunction") && readsRelations(op.function)),
};

export const CATALOG_ADDITIONS: readonly Phase[] = [
  phase("createTrigger", "all", () => true),
  phase("setTriggerEnabled", "all", () => true),
  phase("createRule", "all", () => true),
  phase("createStatistics", "all", () => true),
  phase("createPolicy", "all", () => true),
  phase("createPublication", "all", () => true),
  phase("alterPublication", "all", () => true),
  phase("addPublicationTable", "all", () => true),
  phase("setRowSecurity", "other", () => true),
  // An object created (again) loses what the default privileges gave it before its grants are set.
  phase("resetPrivileges", "create", (op) => op.stage === "create"),
  phase("setPrivileges", "other", (op) => !passedOn(op) && !revokesOptionLast(op) && !late(op)),
  phase("setPrivileges", "a grant passed on", (op) => !onColumn(op) && !revokesOptionLast(op) && !late(op)),
  phase("setPrivileges", "a grant passed on, on a column", (op) => !revokesOptionLast(op) && !late(op)),
  phase("setPrivileges", "a grant option revoked, passed on, on a column", (op) => !late(op) && passedOn(op) && onColumn(op)),
  phase("setPrivileges", "a grant option revoked, passed on", (op) => !late(op) && passedOn(op)),
  phase("setPrivileges", "a grant option revoked", (op) => !late(op)),
  phase("setPrivileges", "late", (op) => !passedOn(op) && !revokesOptionLast(op)),
  phase("setPrivileges", "late, a grant passed on", (op) => !revokesOptionLast(op)),
  phase("setPrivileges", "late, a grant option revoked, passed on", passedOn),
  phase("setPrivileges", "late, a grant option revoked", () => true),
  phase("setComment", "other", () => true),
  // ... and given to the new object once everything else has run.
  phase("keepOwner", "restore", (op) => op.stage === "restore"),
  // Once the migration has created everything: none of it gets them.
  phase("setDefaultPrivileges", "other", () => true),
];
