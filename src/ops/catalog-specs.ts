/**
 * The argument types of the catalog-object op API (`op.createFunction(...)`, `op.setPrivileges(...)`) and
 * the pure functions that turn them into the model's definitions, filling every field left out with its
 * default (see `CATALOG_SPEC_DEFAULTS`); the renderer leaves those fields out again.
 */
import {
  DEFAULT_PRIVILEGES_OBJECT_TYPES,
  PRIVILEGE_NAMES,
  type CollationDef,
  type DefaultPrivilegesDef,
  type DefaultPrivilegesObjectType,
  type FunctionDef,
  type PartitionTriggerState,
  type PolicyCommand,
  type PolicyDef,
  type PrivilegeName,
  type PrivilegeSet,
  type RuleDef,
  type StatisticsDef,
  type TriggerDef,
  type TriggerEnabled,
} from "../model/catalog-objects";
import type { CatalogObjectRef, RoutineKind } from "../model/object-ref";
import { OpArgumentError, requireText, toTableRef, type TableName } from "./op-specs";

/**
 * A function, procedure or aggregate. `definition` is the whole `CREATE OR REPLACE FUNCTION ...` (or
 * `CREATE OR REPLACE AGGREGATE ...`) statement;
 * `arguments` the identity arguments (`i integer, t text`, as `pg_get_function_identity_arguments` prints
 * them) that tell overloads apart and that its drop names. `kind` defaults to `function`, `signature` (the
 * arguments with their modes and defaults) to `arguments`, `returns` to null (not known).
 */
export interface FunctionSpec {
  readonly arguments: string;
  readonly definition: string;
  readonly kind?: RoutineKind;
  readonly signature?: string;
  readonly returns?: string | null;
}
/** A function version an op replaces: its arguments are the op's. */
export type ExistingFunctionSpec = Omit<FunctionSpec, "arguments">;

/** A trigger: `definition` is the whole `CREATE TRIGGER ...` statement; `enabled` defaults to "origin". */
export interface TriggerSpec {
  readonly name: string;
  readonly definition: string;
  readonly enabled?: TriggerEnabled;
  /** On a partitioned table: the partitions whose clone has a state of its own (`TriggerDef.partitionStates`). */
  readonly partitionStates?: readonly PartitionTriggerStateSpec[];
}

/** A partition's own enabled state of its partitioned table's trigger. */
export interface PartitionTriggerStateSpec {
  readonly table: TableName;
  readonly enabled: TriggerEnabled;
}

/** A rule, by its definition (`CREATE RULE ...`); enabled ("origin") unless given. */
export type RuleSpec = Omit<TriggerSpec, "partitionStates">;

/** A policy: permissive, FOR ALL, TO PUBLIC, without USING or WITH CHECK unless given. */
export interface PolicySpec {
  readonly name: string;
  readonly permissive?: boolean;
  readonly command?: PolicyCommand;
  readonly roles?: readonly string[];
  readonly using?: string | null;
  readonly withCheck?: string | null;
}

/** What a grantee holds; `grantable` (held WITH GRANT OPTION) defaults to none. */
export interface PrivilegeSpec {
  readonly privileges: readonly PrivilegeName[];
  readonly grantable?: readonly PrivilegeName[];
}

/**
 * Whose default privileges, where and on what: `{ role: "app", schema: "sales", objectType: "tables" }`.
 * Without `schema` (or with null), those of the role's objects in every schema (no IN SCHEMA), unlike an
 * object's spec, whose schema defaults to public.
 */
export interface DefaultPrivilegesSpec {
  readonly role: string;
  readonly schema?: string | null;
  readonly objectType: DefaultPrivilegesObjectType;
}

/** A catalog object; `schema` defaults to `public` (a schema itself is `{ kind: "schema", name }`, an extension `{ kind: "extension", name }`, a publication `{ kind: "publication", name }`). */
export type ObjectSpec = CatalogObjectRef extends infer R
  ? R extends { readonly schema: string }
    ? Omit<R, "schema"> & { readonly schema?: string }
    : R
  : never;

/** A collation; every field but `provider` defaults to null (deterministic to true). */
export interface CollationSpec {
  readonly provider: CollationDef["provider"];
  readonly lcCollate?: string | null;
  readonly lcCtype?: string | null;
  readonly locale?: string | null;
  readonly rules?: string | null;
  readonly deterministic?: boolean;
}

/** The defaults of the specs above, written once (the builders fill them, the renderer omits them). */
export const CATALOG_SPEC_DEFAULTS = Object.freeze({
  function: Object.freeze({ kind: "function" as const, returns: null }),
  trigger: Object.freeze({ enabled: "origin" as const }),
  policy: Object.freeze({ permissive: true, command: "ALL" as const, roles: Object.freeze(["public"]), using: null, withCheck: null }),
  collation: Object.freeze({ deterministic: true }),
});

const COMMANDS: ReadonlySet<string> = new Set(["ALL", "SELECT", "INSERT", "UPDATE", "DELETE"]);
const ENABLED: ReadonlySet<string> = new Set(["origin", "disabled", "replica", "always"]);
const PROVIDERS: ReadonlySet<string> = new Set(["libc", "icu", "builtin"]);
const OBJECT_KINDS: ReadonlySet<string> = new Set([
  "schema", "extension", "publication", "table", "view", "materializedView", "sequence", "type", "domain", "collation", "index", "column",
  "constraint", "trigger", "policy", "rule", "statistics", "domainConstraint", "function", "procedure", "aggregate",
]);
const ROUTINE_KINDS: ReadonlySet<string> = new Set(["function", "procedure", "aggregate"]);

function oneOf<T extends string>(value: unknown, allowed: ReadonlySet<string>, what: string, method: string): T {
  if (typeof value !== "string" || !allowed.has(value)) {
    throw new OpArgumentError(method, `${what} must be one of ${[...allowed].join(", ")}, got ${JSON.stringify(value)}.`);
  }
  return value as T;
}

export function resolveFunction(name: TableName, spec: FunctionSpec, method: string): FunctionDef {
  const ref = toTableRef(name, method);
  if (typeof spec?.arguments !== "string") {
    throw new OpArgumentError(method, `the function's identity arguments ("arguments") must be a string ("" for none).`);
  }
  const kind = spec.kind ?? CATALOG_SPEC_DEFAULTS.function.kind;
  return {
    schema: ref.schema,
    name: ref.name,
    kind: oneOf(kind, ROUTINE_KINDS, "kind", method),
    arguments: spec.arguments,
    signature: spec.signature ?? spec.arguments,
    returns: spec.returns ?? CATALOG_SPEC_DEFAULTS.function.returns,
    definition: requireText(spec.definition, "the function's definition (CREATE OR REPLACE FUNCTION ...)", method),
  };
}

/** A trigger or a rule from its spec (`noun` names it in messages). */
function resolveDefined(noun: "trigger" | "rule", table: TableName, spec: TriggerSpec, method: string): TriggerDef {
  const ref = toTableRef(table, method);
  return {
    schema: ref.schema,
    table: ref.name,
    name: requireText(spec?.name, `the ${noun} name`, method),
    definition: requireText(spec.definition, `the ${noun}'s definition (CREATE ${noun.toUpperCase()} ...)`, method),
    enabled: oneOf(spec.enabled ?? CATALOG_SPEC_DEFAULTS.trigger.enabled, ENABLED, "enabled", method),
  };
}

export function resolveTrigger(table: TableName, spec: TriggerSpec, method: string): TriggerDef {
  const trigger = resolveDefined("trigger", table, spec, method);
  const states = spec.partitionStates === undefined ? [] : resolvePartitionStates(spec.partitionStates, method);
  return states.length === 0 ? trigger : { ...trigger, partitionStates: states };
}

export function resolvePartitionStates(specs: readonly PartitionTriggerStateSpec[], method: string): PartitionTriggerState[] {
  return specs.map((spec) => ({ table: toTableRef(spec?.table, method), enabled: resolveTriggerEnabled(spec?.enabled, method) }));
}

export function resolveRule(table: TableName, spec: RuleSpec, method: string): RuleDef {
  return resolveDefined("rule", table, spec, method);
}

/** A statistics object: its table, its definition (`CREATE STATISTICS ...`), its target (default: none). */
export interface StatisticsSpec {
  readonly table: TableName;
  readonly definition: string;
  readonly target?: number | null;
}

export function resolveStatistics(name: TableName, spec: StatisticsSpec, method: string): StatisticsDef {
  const target = spec?.target ?? null;
  if (target !== null && (!Number.isInteger(target) || target < 0 || target > 10000)) {
    throw new OpArgumentError(method, `the statistics target must be an integer from 0 to 10000 or null, not ${String(target)}.`);
  }
  return {
    ...toTableRef(name, method),
    table: toTableRef(spec?.table, method),
    definition: requireText(spec?.definition, "the statistics object's definition (CREATE STATISTICS ...)", method),
    target,
  };
}

export function resolveTriggerEnabled(value: unknown, method: string): TriggerEnabled {
  return oneOf(value, ENABLED, "enabled", method);
}

export function resolvePolicy(table: TableName, spec: PolicySpec, method: string): PolicyDef {
  const ref = toTableRef(table, method);
  const defaults = CATALOG_SPEC_DEFAULTS.policy;
  return {
    schema: ref.schema,
    table: ref.name,
    name: requireText(spec?.name, "the policy name", method),
    permissive: spec.permissive ?? defaults.permissive,
    command: oneOf(spec.command ?? defaults.command, COMMANDS, "command", method),
    roles: [...(spec.roles ?? defaults.roles)].map((role) => requireText(role, "a role name", method)),
    using: spec.using ?? defaults.using,
    withCheck: spec.withCheck ?? defaults.withCheck,
  };
}

function privilegeNames(values: readonly unknown[] | undefined, method: string): PrivilegeName[] {
  if (values !== undefined && !Array.isArray(values)) throw new OpArgumentError(method, "privileges must be an array.");
  const names = (values ?? []).map((value) => oneOf<PrivilegeName>(value, new Set(PRIVILEGE_NAMES), "a privilege", method));
  return PRIVILEGE_NAMES.filter((name) => names.includes(name));
}

/** The privileges and grantable ones, each in the model's order; grantable ones are also held. */
export function resolvePrivilegeSet(spec: PrivilegeSpec, method: string): PrivilegeSet {
  const privileges = privilegeNames(spec?.privileges, method);
  const grantable = privilegeNames(spec.grantable, method);
  const missing = grantable.filter((p) => !privileges.includes(p));
  if (missing.length > 0) {
    throw new OpArgumentError(method, `${missing.join(", ")} cannot be grantable without being in "privileges".`);
  }
  return { privileges, grantable };
}

/** The role, schema (null: every schema) and kind of object of `spec`, checked. */
export function resolveDefaultPrivileges(spec: DefaultPrivilegesSpec, method: string): Pick<DefaultPrivilegesDef, "role" | "schema" | "objectType"> {
  const objectType = oneOf<DefaultPrivilegesObjectType>(spec?.objectType, new Set(DEFAULT_PRIVILEGES_OBJECT_TYPES), "objectType", method);
  const schema = spec.schema == null ? null : requireText(spec.schema, "the schema", method);
  if (objectType === "schemas" && schema !== null) {
    throw new OpArgumentError(method, "default privileges on schemas are the role's in every schema: give no schema.");
  }
  return { role: requireText(spec.role, "the role (FOR ROLE)", method), schema, objectType };
}

export function resolveObject(spec: ObjectSpec, method: string): CatalogObjectRef {
  const kind = oneOf<CatalogObjectRef["kind"]>(spec?.kind, OBJECT_KINDS, "the object kind", method);
  if (kind === "schema" || kind === "extension" || kind === "publication") return { kind, name: requireText((spec as { name: unknown }).name, `the ${kind} name`, method) };
  const { kind: _kind, schema, ...rest } = spec as ObjectSpec & { schema?: string };
  for (const [key, value] of Object.entries(rest)) {
    if (typeof value !== "string") throw new OpArgumentError(method, `the object's ${key} must be a string.`);
  }
  return { kind, schema: schema ?? "public", ...rest } as CatalogObjectRef;
}

export function resolveCollation(name: TableName, spec: CollationSpec, method: string): CollationDef {
  const ref = toTableRef(name, method);
  return {
    schema: ref.schema,
    name: ref.name,
    provider: oneOf(spec?.provider, PROVIDERS, "provider", method),
    deterministic: spec.deterministic ?? CATALOG_SPEC_DEFAULTS.collation.deterministic,
    lcCollate: spec.lcCollate ?? null,
    lcCtype: spec.lcCtype ?? null,
    locale: spec.locale ?? null,
    rules: spec.rules ?? null,
  };
}
