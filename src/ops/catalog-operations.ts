/**
 * The operations on catalog objects that entities do not describe: functions, procedures and aggregates, triggers,
 * rules, row-level security, privileges and default privileges, comments on any object, collations. Part of
 * the `Operation` union (./operation.ts). As everywhere, every op that removes or changes something carries what it replaces
 * (`existing`), so that its inverse is derived.
 */
import type {
  CollationDef,
  DefaultPrivilegesObjectType,
  FunctionDef,
  PartitionTriggerState,
  PolicyDef,
  PrivilegeName,
  PrivilegeSet,
  PublicationDef,
  PublicationTableDef,
  RuleDef,
  StatisticsDef,
  TriggerDef,
  TriggerEnabled,
} from "../model/catalog-objects";
import type { CatalogObjectRef, RoutineKind } from "../model/object-ref";
import type { TableRef } from "../model/schema-model";

/** A function, procedure or aggregate, by the signature that tells overloads apart. */
export interface FunctionRef {
  readonly schema: string;
  readonly name: string;
  /** Identity arguments as `pg_get_function_identity_arguments` prints them: `i integer, t text[]`. */
  readonly arguments: string;
  readonly kind: RoutineKind;
}

/** A trigger, rule or policy: named within its table. */
export interface MemberRef {
  readonly schema: string;
  readonly table: string;
  readonly name: string;
}

/**
 * Runs the function's definition (`CREATE OR REPLACE FUNCTION ...`, as `pg_get_functiondef` prints it;
 * an aggregate's `CREATE OR REPLACE AGGREGATE ...`) with `check_function_bodies` off for the rest of the
 * transaction, as pg_dump does, so that an SQL function may read a table created later in the same
 * migration.
 */
export interface CreateFunctionOp { readonly kind: "createFunction"; readonly function: FunctionDef }
export interface DropFunctionOp {
  readonly kind: "dropFunction";
  readonly function: FunctionRef;
  readonly existing?: FunctionDef;
}
/**
 * Changes a function to another version of the same signature: `CREATE OR REPLACE` in place, which keeps
 * whatever depends on it, or, with `recreate`, `DROP` then `CREATE` where Postgres cannot replace it
 * (another result type, renamed or removed argument defaults, function <-> procedure, an ordered-set
 * aggregate made hypothetical). Whatever depends
 * on a recreated function must be dropped before and created again after (the comparator does so for the
 * views, triggers and policies it knows of).
 */
export interface ReplaceFunctionOp {
  readonly kind: "replaceFunction";
  readonly function: FunctionDef;
  readonly existing?: FunctionDef;
  readonly recreate?: boolean;
}

/** Runs the trigger's definition (`pg_get_triggerdef`), then sets its enabled state when not the default. */
export interface CreateTriggerOp { readonly kind: "createTrigger"; readonly trigger: TriggerDef }
export interface DropTriggerOp {
  readonly kind: "dropTrigger";
  readonly trigger: MemberRef;
  readonly existing?: TriggerDef;
}
/**
 * `ALTER TABLE ... ENABLE [REPLICA | ALWAYS] TRIGGER` / `DISABLE TRIGGER`. On a partitioned table, which
 * sets every partition's clone too, `partitionStates` are the partitions' own states as they are to be
 * (`TriggerDef.partitionStates`), set again after (`ALTER TABLE ONLY partition ...`), and
 * `existingPartitionStates` as they are; where the trigger's own state stays, only the partitions whose
 * state changes are set. `stage: "release"`: one that only gives partitions the migration detaches or
 * drops the trigger's state back, run with the removals (its inverse, in the derived downgrade, sets
 * theirs again once they are back).
 */
export interface SetTriggerEnabledOp {
  readonly kind: "setTriggerEnabled";
  readonly trigger: MemberRef;
  readonly enabled: TriggerEnabled;
  readonly existing?: TriggerEnabled;
  readonly partitionStates?: readonly PartitionTriggerState[];
  readonly existingPartitionStates?: readonly PartitionTriggerState[];
  readonly stage?: "release";
}

/** Runs the rule's definition (`pg_get_ruledef`), then sets its enabled state when not the default. */
export interface CreateRuleOp { readonly kind: "createRule"; readonly rule: RuleDef }
/** `DROP RULE ... ON ...`. */
export interface DropRuleOp {
  readonly kind: "dropRule";
  readonly rule: MemberRef;
  readonly existing?: RuleDef;
}

/** Runs the statistics object's definition (`pg_get_statisticsobjdef`), then sets its target when given. */
export interface CreateStatisticsOp { readonly kind: "createStatistics"; readonly statistics: StatisticsDef }
/** `DROP STATISTICS`. */
export interface DropStatisticsOp {
  readonly kind: "dropStatistics";
  readonly statistics: { readonly schema: string; readonly name: string };
  readonly existing?: StatisticsDef;
}

export interface CreatePolicyOp { readonly kind: "createPolicy"; readonly policy: PolicyDef }
export interface DropPolicyOp {
  readonly kind: "dropPolicy";
  readonly policy: MemberRef;
  readonly existing?: PolicyDef;
}

/** `ALTER TABLE ... ENABLE / DISABLE ROW LEVEL SECURITY`, `[NO] FORCE ROW LEVEL SECURITY`. */
export interface SetRowSecurityOp {
  readonly kind: "setRowSecurity";
  readonly table: TableRef;
  readonly enabled: boolean;
  readonly forced: boolean;
  readonly existing?: { readonly enabled: boolean; readonly forced: boolean };
}

/**
 * Sets what one grantee holds on one object: the GRANTs and REVOKEs that turn `existing` into
 * `privileges` (GRANTs first, so that the grantee's ACL entry keeps its place). Without `existing`, every
 * privilege is revoked first.
 */
export interface SetPrivilegesOp {
  readonly kind: "setPrivileges";
  readonly object: CatalogObjectRef;
  /** A role name, or `public` for PUBLIC. */
  readonly grantee: string;
  /**
   * The role whose grants to the grantee these are, where that is not the object's owner: a role that
   * passes on what it holds WITH GRANT OPTION. Its GRANTs and REVOKEs run as that role (SET ROLE), which
   * the role running them must be a member of, and change only the entry that role granted.
   */
  readonly grantor?: string;
  readonly privileges: readonly PrivilegeName[];
  /** Those of `privileges` held WITH GRANT OPTION. */
  readonly grantable: readonly PrivilegeName[];
  readonly existing?: PrivilegeSet;
  /**
   * The grantee is the object's owner in the database the statements run on, whoever that is: they look
   * the owner up when they run, and `grantee` only names the owner the comparison saw. The comparator
   * sets it when it changes the owner's own entry without knowing who owns the object in the database the
   * migration changes (its entry there held the default, which the model does not record with a name).
   */
  readonly owner?: boolean;
  /**
   * Which end of the migration the change belongs to, when its GRANTs and REVOKEs do not say it: a
   * `removal` takes the entry back to its default before what it is on is dropped or created again
   * (giving EXECUTE back to PUBLIC on a function that goes), an `addition` sets it once that object
   * exists (revoking EXECUTE from PUBLIC on a function created again). Without it, a change that only
   * revokes is a removal and any other an addition (catalog-phases.ts). An `addition` that only revokes
   * and takes a grant option away runs after every grant passed on: the comparator cuts in two a change
   * that takes away an option while what was passed on from it changes at the addition end, its REVOKEs
   * after that.
   */
  readonly stage?: "removal" | "addition";
  /**
   * Runs past every other privilege change of its end: at the addition end after them all (the grant
   * options revoked there included), at the removal end before them all. The comparator sets it on a
   * grant on a column that a REVOKE on its table run at the addition end (cut to run there, see `stage`,
   * or in a change that also grants) would take back, as PostgreSQL revokes a privilege on a table from
   * its columns too, and on what is passed on from such a grant; the downgrade revokes them first. And on
   * the second half of a change cut in two on such a column (an `addition` that revokes a grant option),
   * which waits for the grants passed on: it runs after every late grant.
   */
  readonly late?: boolean;
  /** See SetCommentOp. */
  readonly ifColumnExists?: boolean;
  /**
   * Its REVOKEs take along the grants the grantee made from its grant option (`CASCADE`), which would
   * otherwise refuse them. The comparator sets it on the grants of an object the migration drops, or drops
   * and creates again: the drop takes every grant anyway, and the downgrade gives each holder its own back.
   */
  readonly cascade?: boolean;
}

/**
 * Sets what `grantee` gets on the objects of one kind that `role` creates from now on (`ALTER DEFAULT
 * PRIVILEGES FOR ROLE role [IN SCHEMA schema] GRANT / REVOKE ... ON TABLES TO / FROM grantee`): the GRANTs
 * and REVOKEs that turn `existing` into `privileges`. Without `existing`, every privilege is revoked first.
 * FOR ROLE needs the role running it to be a member of `role` (or a superuser): it fails first, naming
 * both, otherwise. Objects that already exist are left as they are.
 */
export interface SetDefaultPrivilegesOp {
  readonly kind: "setDefaultPrivileges";
  readonly role: string;
  /** `IN SCHEMA`; null for the role's objects in every schema. */
  readonly schema: string | null;
  readonly objectType: DefaultPrivilegesObjectType;
  /** A role name, or `public` for PUBLIC. */
  readonly grantee: string;
  readonly privileges: readonly PrivilegeName[];
  /** Those of `privileges` held WITH GRANT OPTION. */
  readonly grantable: readonly PrivilegeName[];
  readonly existing?: PrivilegeSet;
}

/** `COMMENT ON <object> IS '...'` (or `IS NULL`) on any object but a table, whose comment is setTableComment's. */
export interface SetCommentOp {
  readonly kind: "setComment";
  readonly object: CatalogObjectRef;
  readonly comment: string | null;
  readonly existing?: string | null;
  /**
   * A column's only: the statements run only where the column exists when they run (a DO block that
   * looks for it). The comparator sets it on what it sets again on a column of a view it drops and creates
   * again without knowing the new query's columns (a query that reads what the same migration creates):
   * the new query may no longer have that column. Kept by the inverse, which runs on the new view.
   */
  readonly ifColumnExists?: boolean;
}

export interface CreateCollationOp { readonly kind: "createCollation"; readonly collation: CollationDef }
export interface DropCollationOp {
  readonly kind: "dropCollation";
  readonly collation: { readonly schema: string; readonly name: string };
  readonly existing?: CollationDef;
}

/** `CREATE PUBLICATION` with what it publishes whole (all tables, schemas) and its options; its tables are `addPublicationTable`s. */
export interface CreatePublicationOp { readonly kind: "createPublication"; readonly publication: PublicationDef }
/** `DROP PUBLICATION`. */
export interface DropPublicationOp {
  readonly kind: "dropPublication";
  readonly name: string;
  readonly existing?: PublicationDef;
}
/** `ALTER PUBLICATION ... SET (publish = ..., publish_via_partition_root = ...)`: its options only. */
export interface AlterPublicationOp {
  readonly kind: "alterPublication";
  readonly from: PublicationDef;
  readonly to: PublicationDef;
}
/** `ALTER PUBLICATION p ADD TABLE t (columns) WHERE (...)`. */
export interface AddPublicationTableOp { readonly kind: "addPublicationTable"; readonly member: PublicationTableDef }
/** `ALTER PUBLICATION p DROP TABLE t`. */
export interface DropPublicationTableOp {
  readonly kind: "dropPublicationTable";
  readonly publication: string;
  readonly table: TableRef;
  readonly existing?: PublicationTableDef;
}

/**
 * The kinds of object whose owner a migration that drops and creates one again keeps (see KeepOwnerOp),
 * and that start from the built-in privileges (ResetPrivilegesOp). A sequence a serial or identity column
 * owns is only reset: its owner is its table's. It carries that column (`ownedBy`, a table of its schema),
 * through which the reset finds it when it runs: its name is PostgreSQL's choice, `<table>_<column>_seq`
 * unless another relation held that name (`t_id_seq1`).
 */
export type OwnedObjectRef =
  | { readonly kind: "table" | "view" | "materializedView" | "type" | "domain"; readonly schema: string; readonly name: string }
  | {
      readonly kind: "sequence";
      readonly schema: string;
      readonly name: string;
      readonly ownedBy?: { readonly table: string; readonly column: string };
    }
  | { readonly kind: RoutineKind; readonly schema: string; readonly name: string; readonly arguments: string };

/**
 * Keeps the owner of an object the migration drops and creates again (a view around a retyped column, an
 * enum rebuilt without a label): `remember` reads its owner into a setting of the session before the drop,
 * `restore` gives the new object that owner after the create (`ALTER ... OWNER TO`). Read when the
 * migration runs, since it may run on another database than the one it was generated from. Each is the
 * other's inverse.
 *
 * An object the upgrade drops for good has its `remember` alone, with `owner`: the role that owned it where
 * the migration was generated, when that was not the role generating it. The downgrade's `restore`, after
 * the create, gives it the owner remembered in the same session if there is one, else `owner` where that
 * role exists (a downgrade usually runs in another session than its upgrade).
 */
export interface KeepOwnerOp {
  readonly kind: "keepOwner";
  readonly object: OwnedObjectRef;
  readonly stage: "remember" | "restore";
  readonly owner?: string;
}

/**
 * An object the migration creates starts from the built-in privileges of its kind (what `acldefault`
 * gives: the owner's, and PUBLIC's EXECUTE on a function or USAGE on a type), where the comparison knows
 * the ACL it must end with, so that the grants set after it (setPrivileges) leave exactly that ACL:
 * `create`, after the create, takes away what `ALTER DEFAULT PRIVILEGES` gave the new object and gives
 * back what they took from the built-in ones, read when the migration runs. `drop`, before the drop, runs
 * nothing: it is where the derived downgrade, which creates the object again there, takes them away. Each
 * is the other's inverse. The comparator gives an object it drops and creates again both, one it drops
 * the `drop` stage, and one it creates the `create` stage when it manages privileges
 * (src/compare/keep-owners.ts).
 */
export interface ResetPrivilegesOp {
  readonly kind: "resetPrivileges";
  readonly object: OwnedObjectRef;
  readonly stage: "drop" | "create";
}

export type CatalogOperation =
  | CreateFunctionOp
  | DropFunctionOp
  | ReplaceFunctionOp
  | CreateTriggerOp
  | DropTriggerOp
  | SetTriggerEnabledOp
  | CreateRuleOp
  | DropRuleOp
  | CreateStatisticsOp
  | DropStatisticsOp
  | CreatePolicyOp
  | DropPolicyOp
  | SetRowSecurityOp
  | SetPrivilegesOp
  | SetDefaultPrivilegesOp
  | SetCommentOp
  | CreateCollationOp
  | DropCollationOp
  | CreatePublicationOp
  | DropPublicationOp
  | AlterPublicationOp
  | AddPublicationTableOp
  | DropPublicationTableOp
  | KeepOwnerOp
  | ResetPrivilegesOp;

/** The reference a drop of this function needs. */
export function functionRef(fn: FunctionDef): FunctionRef {
  return { schema: fn.schema, name: fn.name, arguments: fn.arguments, kind: fn.kind };
}

/** The reference of a trigger or policy. */
export function memberRef(member: { readonly schema: string; readonly table: string; readonly name: string }): MemberRef {
  return { schema: member.schema, table: member.table, name: member.name };
}
