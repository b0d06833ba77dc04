/**
 * The op API's builders for catalog objects (functions, triggers, policies, row-level security,
 * privileges, comments, collations): part of `operationBuilders` (./builders.ts). Each returns the
 * operation its arguments describe, in canonical form (optional keys present only when given).
 */
import type { TriggerEnabled } from "../model/catalog-objects";
import type { RoutineKind } from "../model/object-ref";
import type {
  CreateCollationOp,
  CreateFunctionOp,
  CreatePolicyOp,
  CreateRuleOp,
  CreateStatisticsOp,
  CreateTriggerOp,
  DropCollationOp,
  DropFunctionOp,
  DropPolicyOp,
  DropRuleOp,
  DropStatisticsOp,
  DropTriggerOp,
  KeepOwnerOp,
  ResetPrivilegesOp,
  OwnedObjectRef,
  ReplaceFunctionOp,
  SetCommentOp,
  SetDefaultPrivilegesOp,
  SetPrivilegesOp,
  SetRowSecurityOp,
  SetTriggerEnabledOp,
} from "./catalog-operations";
import {
  resolveCollation,
  resolveDefaultPrivileges,
  resolveFunction,
  resolveObject,
  resolvePolicy,
  resolvePrivilegeSet,
  resolveRule,
  resolveStatistics,
  resolveTrigger,
  resolveTriggerEnabled,
  resolvePartitionStates,
  type PartitionTriggerStateSpec,
  type CollationSpec,
  type DefaultPrivilegesSpec,
  type ExistingFunctionSpec,
  type FunctionSpec,
  type ObjectSpec,
  type PolicySpec,
  type PrivilegeSpec,
  type RuleSpec,
  type StatisticsSpec,
  type TriggerSpec,
} from "./catalog-specs";
import { OpArgumentError, requireText, toTableRef as ref, type TableName, type TypeName } from "./op-specs";

export interface CatalogOperationBuilders {
  /**
   * @example
   * createFunction({ schema: "audit", name: "touch" }, {
   *   arguments: "",
   *   definition: "CREATE OR REPLACE FUNCTION audit.touch()\n RETURNS trigger\n LANGUAGE plpgsql\nAS $$ BEGIN RETURN NEW; END $$",
   * })
   */
  createFunction(name: TypeName, spec: FunctionSpec): CreateFunctionOp;
  /**
   * `dropFunction("f", "i integer")` → `DROP FUNCTION "public"."f"(i integer)`; `kind: "aggregate"` →
   * `DROP AGGREGATE`; `existing` makes it reversible.
   */
  dropFunction(
    name: TypeName,
    args: string,
    options?: { readonly kind?: RoutineKind; readonly existing?: ExistingFunctionSpec },
  ): DropFunctionOp;
  /** `CREATE OR REPLACE`, or with `recreate` a drop and a create (another result type, say). */
  replaceFunction(
    name: TypeName,
    spec: FunctionSpec,
    options?: { readonly existing?: ExistingFunctionSpec; readonly recreate?: boolean },
  ): ReplaceFunctionOp;
  /** `createTrigger("users", { name: "users_touch", definition: "CREATE TRIGGER users_touch BEFORE UPDATE ON public.users ..." })`. */
  createTrigger(table: TableName, spec: TriggerSpec): CreateTriggerOp;
  dropTrigger(table: TableName, name: string, options?: { readonly existing?: Omit<TriggerSpec, "name"> }): DropTriggerOp;
  /** `createRule("v", { name: "v_insert", definition: "CREATE RULE v_insert AS ON INSERT TO public.v DO INSTEAD ..." })`. */
  createRule(table: TableName, spec: RuleSpec): CreateRuleOp;
  dropRule(table: TableName, name: string, options?: { readonly existing?: Omit<RuleSpec, "name"> }): DropRuleOp;
  /** `createStatistics("users_city_zip", { table: "users", definition: "CREATE STATISTICS public.users_city_zip ON city, zip FROM public.users" })`. */
  createStatistics(name: TableName, spec: StatisticsSpec): CreateStatisticsOp;
  dropStatistics(name: TableName, options?: { readonly existing?: StatisticsSpec }): DropStatisticsOp;
  /** `setTriggerEnabled("users", "users_touch", "disabled")` → `ALTER TABLE ... DISABLE TRIGGER ...`. */
  setTriggerEnabled(
    table: TableName,
    name: string,
    enabled: TriggerEnabled,
    options?: {
      readonly existing?: TriggerEnabled;
      /** On a partitioned table: partitions' own states, as they are to be and as they are. */
      readonly partitionStates?: readonly PartitionTriggerStateSpec[];
      readonly existingPartitionStates?: readonly PartitionTriggerStateSpec[];
      /** Run with the removals (see SetTriggerEnabledOp). */
      readonly stage?: "release";
    },
  ): SetTriggerEnabledOp;
  /** `createPolicy("docs", { name: "own", using: "(owner = CURRENT_USER)" })`: permissive, FOR ALL, TO PUBLIC. */
  createPolicy(table: TableName, spec: PolicySpec): CreatePolicyOp;
  dropPolicy(table: TableName, name: string, options?: { readonly existing?: Omit<PolicySpec, "name"> }): DropPolicyOp;
  /** `setRowSecurity("docs", { enabled: true })`: ENABLE (and with `forced`, FORCE) ROW LEVEL SECURITY. */
  setRowSecurity(
    table: TableName,
    flags: { readonly enabled: boolean; readonly forced?: boolean },
    options?: { readonly existing?: { readonly enabled: boolean; readonly forced?: boolean } },
  ): SetRowSecurityOp;
  /**
   * Sets what `grantee` (a role, or `public`) holds on an object; `existing` is what it held, so that
   * only the difference is granted or revoked. `owner: true`: the grantee is the object's owner, whoever
   * owns it where the migration runs (the statements look it up then; `grantee` is only shown).
   * `stage`: "removal" (before what it is on is dropped or recreated) or "addition" (once it exists), where
   * the GRANTs and REVOKEs alone would put it at the other end. `late`: past every other privilege change
   * of its end (after them all at the addition end, before them all at the removal end), as a grant on a
   * column that a late REVOKE on its table would take back. `ifColumnExists` (a column only): only
   * where the column exists when the migration runs, as on a column of a view whose new query may not
   * have it. `cascade`: its REVOKEs also take the grants the grantee made from its grant option.
   * `grantor`: the grants are those this role (not the owner) passed on from its grant option; they run
   * as that role (SET ROLE), which the role running the migration must be a member of.
   * @example
   * setPrivileges({ kind: "table", name: "users" }, "reporting", { privileges: ["SELECT"] }, { existing: { privileges: [] } })
   * // => GRANT SELECT ON TABLE "public"."users" TO "reporting"
   * setPrivileges({ kind: "table", name: "users" }, "intern", { privileges: ["SELECT"] }, { existing: { privileges: [] }, grantor: "reporting" })
   * // => a DO block that checks that the role running it may act as "reporting", then runs
   * //    SET ROLE "reporting"; GRANT SELECT ON TABLE "public"."users" TO "intern"; and sets the role back
   */
  setPrivileges(
    object: ObjectSpec,
    grantee: string,
    held: PrivilegeSpec,
    options?: {
      readonly existing?: PrivilegeSpec;
      readonly owner?: boolean;
      readonly stage?: "removal" | "addition";
      readonly late?: boolean;
      readonly ifColumnExists?: boolean;
      readonly cascade?: boolean;
      readonly grantor?: string;
    },
  ): SetPrivilegesOp;
  /**
   * Sets what `grantee` (a role, or `public`) gets on the objects of a kind that a role creates from now on
   * (`ALTER DEFAULT PRIVILEGES`); `existing` is what it got, so that only the difference is granted or
   * revoked. Without a schema, the role's defaults in every schema: those replace the built-in privileges
   * of the kind (a REVOKE from `public` takes EXECUTE on new functions away); IN SCHEMA ones add to them.
   * The role running the migration must be a member of `role` (or a superuser).
   * @example
   * setDefaultPrivileges({ role: "app", schema: "sales", objectType: "tables" }, "reporting", { privileges: ["SELECT"] }, { existing: { privileges: [] } })
   * // => ALTER DEFAULT PRIVILEGES FOR ROLE "app" IN SCHEMA "sales" GRANT SELECT ON TABLES TO "reporting"
   * setDefaultPrivileges({ role: "app", objectType: "functions" }, "public", { privileges: [] }, { existing: { privileges: ["EXECUTE"] } })
   * // => ALTER DEFAULT PRIVILEGES FOR ROLE "app" REVOKE EXECUTE ON FUNCTIONS FROM PUBLIC
   */
  setDefaultPrivileges(
    target: DefaultPrivilegesSpec,
    grantee: string,
    held: PrivilegeSpec,
    options?: { readonly existing?: PrivilegeSpec },
  ): SetDefaultPrivilegesOp;
  /**
   * `setComment({ kind: "view", name: "active_users" }, "Who logged in this month")`; null removes it.
   * `ifColumnExists` (a column only): only where the column exists when the migration runs.
   */
  setComment(
    object: ObjectSpec,
    comment: string | null,
    options?: { readonly existing?: string | null; readonly ifColumnExists?: boolean },
  ): SetCommentOp;
  /** `createCollation("numeric", { provider: "icu", locale: "en-u-kn-true" })`. */
  createCollation(name: TypeName, spec: CollationSpec): CreateCollationOp;
  dropCollation(name: TypeName, options?: { readonly existing?: CollationSpec }): DropCollationOp;
  /**
   * `keepOwner({ kind: "view", name: "active_users" }, "remember")` before the object is dropped, and
   * `"restore"` after it is created again: the new object gets the owner the old one had. `owner`: the one
   * `restore` gives when the session remembered none (an object created again by a downgrade, see KeepOwnerOp).
   */
  keepOwner(object: ObjectSpec, stage: "remember" | "restore", options?: { readonly owner?: string }): KeepOwnerOp;
  /**
   * `resetPrivileges({ kind: "view", name: "active_users" }, "create")` after the object is created (again):
   * what `ALTER DEFAULT PRIVILEGES` gave it is taken away, so that the grants set after leave it as it was,
   * or as the target has it. `"drop"`, before it is dropped, runs nothing: it is where the downgrade's
   * create does the same. `ownedBy`: for the sequence of a serial or identity column, that column (a table
   * of the sequence's schema), through which the sequence is found when the statement runs.
   */
  resetPrivileges(
    object: ObjectSpec,
    stage: "drop" | "create",
    options?: { readonly ownedBy?: { readonly table: string; readonly column: string } },
  ): ResetPrivilegesOp;
}

const OWNED_KINDS: ReadonlySet<string> = new Set([
  "table", "view", "materializedView", "sequence", "type", "domain", "function", "procedure", "aggregate",
]);

/** `object` resolved, when it is of a kind that has an owner (OwnedObjectRef). */
function ownedObject(object: ObjectSpec, opName: string): OwnedObjectRef {
  const ref = resolveObject(object, opName);
  if (!OWNED_KINDS.has(ref.kind)) {
    throw new OpArgumentError(opName, `the object must be one of ${[...OWNED_KINDS].join(", ")}, not a ${ref.kind}.`);
  }
  return ref as OwnedObjectRef;
}

/** A sequence `ref` with the column that owns it (resetPrivileges' `ownedBy`), when one is given. */
function withOwningColumn(ref: OwnedObjectRef, ownedBy: { readonly table: string; readonly column: string } | undefined): OwnedObjectRef {
  if (ownedBy === undefined) return ref;
  if (ref.kind !== "sequence") {
    throw new OpArgumentError("resetPrivileges", `ownedBy names the column of a sequence, and the object is a ${ref.kind}.`);
  }
  const table = requireText(ownedBy.table, "ownedBy.table (the owning column's table)", "resetPrivileges");
  const column = requireText(ownedBy.column, "ownedBy.column (the owning column)", "resetPrivileges");
  return { ...ref, ownedBy: { table, column } };
}

/** `stage`, when it is one of `stages`. */
function oneOf<S extends string>(stage: S, stages: readonly S[], opName: string): S {
  if (!stages.includes(stage)) {
    throw new OpArgumentError(opName, `the stage must be ${stages.map((s) => JSON.stringify(s)).join(" or ")}, got ${JSON.stringify(stage)}.`);
  }
  return stage;
}

function existingFunction(name: TypeName, args: string, spec: ExistingFunctionSpec, method: string) {
  return resolveFunction(name, { ...spec, arguments: args }, method);
}

export const catalogBuilders: CatalogOperationBuilders = {
  createFunction: (name, spec) => ({ kind: "createFunction", function: resolveFunction(name, spec, "createFunction") }),
  dropFunction: (name, args, options) => {
    if (typeof args !== "string") throw new OpArgumentError("dropFunction", "the identity arguments must be a string.");
    const existing = options?.existing && existingFunction(name, args, options.existing, "dropFunction");
    const kind = options?.kind ?? existing?.kind ?? "function";
    return {
      kind: "dropFunction",
      function: { ...ref(name, "dropFunction"), arguments: args, kind },
      ...(existing && { existing }),
    };
  },
  replaceFunction: (name, spec, options) => {
    const fn = resolveFunction(name, spec, "replaceFunction");
    return {
      kind: "replaceFunction",
      function: fn,
      ...(options?.existing && { existing: existingFunction(name, fn.arguments, options.existing, "replaceFunction") }),
      ...(options?.recreate === true && { recreate: true }),
    };
  },
  createTrigger: (table, spec) => ({ kind: "createTrigger", trigger: resolveTrigger(table, spec, "createTrigger") }),
  dropTrigger: (table, name, options) => ({
    kind: "dropTrigger",
    trigger: { ...member(table, name, "dropTrigger") },
    ...(options?.existing && { existing: resolveTrigger(table, { ...options.existing, name }, "dropTrigger") }),
  }),
  createRule: (table, spec) => ({ kind: "createRule", rule: resolveRule(table, spec, "createRule") }),
  dropRule: (table, name, options) => ({
    kind: "dropRule",
    rule: member(table, name, "dropRule"),
    ...(options?.existing && { existing: resolveRule(table, { ...options.existing, name }, "dropRule") }),
  }),
  createStatistics: (name, spec) => ({ kind: "createStatistics", statistics: resolveStatistics(name, spec, "createStatistics") }),
  dropStatistics: (name, options) => ({
    kind: "dropStatistics",
    statistics: ref(name, "dropStatistics"),
    ...(options?.existing && { existing: resolveStatistics(name, options.existing, "dropStatistics") }),
  }),
  setTriggerEnabled: (table, name, enabled, options) => ({
    kind: "setTriggerEnabled",
    trigger: member(table, name, "setTriggerEnabled"),
    enabled: resolveTriggerEnabled(enabled, "setTriggerEnabled"),
    ...(options?.existing !== undefined && { existing: resolveTriggerEnabled(options.existing, "setTriggerEnabled") }),
    ...(options?.partitionStates !== undefined && { partitionStates: resolvePartitionStates(options.partitionStates, "setTriggerEnabled") }),
    ...(options?.existingPartitionStates !== undefined && {
      existingPartitionStates: resolvePartitionStates(options.existingPartitionStates, "setTriggerEnabled"),
    }),
    ...(options?.stage === "release" && { stage: "release" as const }),
  }),
  createPolicy: (table, spec) => ({ kind: "createPolicy", policy: resolvePolicy(table, spec, "createPolicy") }),
  dropPolicy: (table, name, options) => ({
    kind: "dropPolicy",
    policy: member(table, name, "dropPolicy"),
    ...(options?.existing && { existing: resolvePolicy(table, { ...options.existing, name }, "dropPolicy") }),
  }),
  setRowSecurity: (table, flags, options) => ({
    kind: "setRowSecurity",
    table: ref(table, "setRowSecurity"),
    enabled: flags?.enabled === true,
    forced: flags?.forced === true,
    ...(options?.existing && { existing: { enabled: options.existing.enabled === true, forced: options.existing.forced === true } }),
  }),
  setPrivileges: (object, grantee, held, options) => ({
    kind: "setPrivileges",
    object: resolveObject(object, "setPrivileges"),
    grantee: requireText(grantee, "the grantee (a role name, or public)", "setPrivileges"),
    ...(options?.grantor !== undefined && { grantor: requireText(options.grantor, "the grantor (a role name)", "setPrivileges") }),
    ...resolvePrivilegeSet(held, "setPrivileges"),
    ...(options?.existing && { existing: resolvePrivilegeSet(options.existing, "setPrivileges") }),
    ...(options?.owner === true && { owner: true }),
    ...(options?.stage !== undefined && { stage: privilegeStage(options.stage) }),
    ...(options?.late === true && { late: true }),
    ...(options?.ifColumnExists === true && { ifColumnExists: onColumn(object, "setPrivileges") }),
    ...(options?.cascade === true && { cascade: true }),
  }),
  setDefaultPrivileges: (target, grantee, held, options) => ({
    kind: "setDefaultPrivileges",
    ...resolveDefaultPrivileges(target, "setDefaultPrivileges"),
    grantee: requireText(grantee, "the grantee (a role name, or public)", "setDefaultPrivileges"),
    ...resolvePrivilegeSet(held, "setDefaultPrivileges"),
    ...(options?.existing && { existing: resolvePrivilegeSet(options.existing, "setDefaultPrivileges") }),
  }),
  setComment: (object, comment, options) => ({
    kind: "setComment",
    object: resolveObject(object, "setComment"),
    comment: comment ?? null,
    ...(options && options.existing !== undefined && { existing: options.existing }),
    ...(options?.ifColumnExists === true && { ifColumnExists: onColumn(object, "setComment") }),
  }),
  keepOwner: (object, stage, options) => ({
    kind: "keepOwner",
    object: ownedObject(object, "keepOwner"),
    stage: oneOf(stage, ["remember", "restore"], "keepOwner"),
    ...(options?.owner !== undefined && { owner: requireText(options.owner, "the owner (a role name)", "keepOwner") }),
  }),
  resetPrivileges: (object, stage, options) => ({
    kind: "resetPrivileges",
    object: withOwningColumn(ownedObject(object, "resetPrivileges"), options?.ownedBy),
    stage: oneOf(stage, ["drop", "create"], "resetPrivileges"),
  }),
  createCollation: (name, spec) => ({ kind: "createCollation", collation: resolveCollation(name, spec, "createCollation") }),
  dropCollation: (name, options) => ({
    kind: "dropCollation",
    collation: ref(name, "dropCollation"),
    ...(options?.existing && { existing: resolveCollation(name, options.existing, "dropCollation") }),
  }),
};

/** `ifColumnExists` is for a column: another object's statements would have nothing to look for. */
function onColumn(object: ObjectSpec, method: string): true {
  if (object.kind === "column") return true;
  throw new OpArgumentError(method, `ifColumnExists is for a column, not a ${String(object.kind)}.`);
}

/** A hand-written `stage`, checked: a typo would silently fall back to the statements' own end. */
function privilegeStage(stage: string): "removal" | "addition" {
  if (stage === "removal" || stage === "addition") return stage;
  throw new OpArgumentError("setPrivileges", `stage must be "removal" or "addition", not ${JSON.stringify(stage)}.`);
}

function member(table: TableName, name: string, method: string) {
  const { schema, name: tableName } = ref(table, method);
  return { schema, table: tableName, name: requireText(name, "the name", method) };
}
