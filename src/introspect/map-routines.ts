/**
 * `functions.sql`, `triggers.sql`, `rules.sql` and `row-security.sql` rows -> FunctionDef, TriggerDef,
 * RuleDef, PolicyDef and RowSecurityDef.
 * @internal
 */
import type {
  FunctionDef,
  PartitionTriggerState,
  PolicyCommand,
  PolicyDef,
  RowSecurityDef,
  RuleDef,
  TriggerDef,
  TriggerEnabled,
} from "../model/catalog-objects";
import type { FunctionRow, PolicyJson, RowSecurityRow, RuleRow, TriggerRow } from "./catalog-object-rows";
import { UnsupportedCatalogObjectError } from "./introspect-errors";

const ROUTINE_KINDS: Readonly<Record<string, FunctionDef["kind"]>> = { f: "function", p: "procedure", a: "aggregate" };

/** One function, procedure or aggregate; the definition without the newline `pg_get_functiondef` ends with. */
export function mapFunction(row: FunctionRow): FunctionDef {
  const kind = ROUTINE_KINDS[row.kind];
  if (kind === undefined) {
    throw new UnsupportedCatalogObjectError(
      `function ${row.schema}.${row.name}(${row.arguments})`,
      `its kind "${row.kind}" is unknown`,
    );
  }
  return {
    schema: row.schema,
    name: row.name,
    kind,
    arguments: row.arguments,
    signature: row.signature,
    returns: row.returns,
    definition: row.definition.trimEnd(),
    dependsOn: [...row.depends_on],
  };
}

const TRIGGER_ENABLED: Readonly<Record<string, TriggerEnabled>> = {
  O: "origin",
  D: "disabled",
  R: "replica",
  A: "always",
};

/** A trigger's or a rule's row: the same columns, the definition as Postgres prints it. */
function mapDefined(noun: "trigger" | "rule", row: TriggerRow | RuleRow, definition: string): TriggerDef {
  return {
    schema: row.schema,
    table: row.table_name,
    name: row.name,
    definition,
    enabled: triggerEnabled(noun, row),
    dependsOn: [...row.depends_on],
  };
}

/** The row's `tgenabled` / `ev_enabled` as the model says it. */
function triggerEnabled(noun: "trigger" | "rule", row: { schema: string; table_name: string; name: string; enabled: string }): TriggerEnabled {
  const enabled = TRIGGER_ENABLED[row.enabled];
  if (enabled === undefined) {
    throw new UnsupportedCatalogObjectError(
      `${noun} ${row.name} on ${row.schema}.${row.table_name}`,
      `its enabled state "${row.enabled}" is unknown`,
    );
  }
  return enabled;
}

/** A rule, its definition without the final semicolon `pg_get_ruledef` prints. */
export function mapRule(row: RuleRow): RuleDef {
  return mapDefined("rule", row, row.definition.replace(/;\s*$/, ""));
}

export function mapTrigger(row: TriggerRow): TriggerDef {
  const trigger = mapDefined("trigger", row, row.definition);
  const states = (row.partition_states ?? []).map(([schema, table, enabled]) => ({
    table: { schema, name: table },
    enabled: triggerEnabled("trigger", { ...row, enabled }),
  }));
  if (states.length === 0) return trigger;
  // In code point order, whatever the databases' collations.
  const order = (s: PartitionTriggerState) => `${s.table.schema}\u0000${s.table.name}`;
  states.sort((a, b) => (order(a) < order(b) ? -1 : order(a) > order(b) ? 1 : 0));
  const { dependsOn, ...definition } = trigger;
  return { ...definition, partitionStates: states, ...(dependsOn !== undefined && { dependsOn }) };
}

const POLICY_COMMANDS: Readonly<Record<string, PolicyCommand>> = {
  "*": "ALL",
  r: "SELECT",
  a: "INSERT",
  w: "UPDATE",
  d: "DELETE",
};

function mapPolicy(row: RowSecurityRow, policy: PolicyJson): PolicyDef {
  const command = POLICY_COMMANDS[policy.command];
  if (command === undefined) {
    throw new UnsupportedCatalogObjectError(
      `policy ${policy.name} on ${row.schema}.${row.name}`,
      `its command "${policy.command}" is unknown`,
    );
  }
  return {
    schema: row.schema,
    table: row.name,
    name: policy.name,
    permissive: policy.permissive,
    command,
    roles: [...policy.roles],
    using: policy.using,
    withCheck: policy.with_check,
    dependsOn: [...policy.depends_on],
  };
}

/** A table's row security flags (null when neither is set) and its policies. */
export function mapRowSecurity(row: RowSecurityRow): { flags: RowSecurityDef | null; policies: PolicyDef[] } {
  const flags = row.enabled || row.forced
    ? { schema: row.schema, name: row.name, enabled: row.enabled, forced: row.forced }
    : null;
  return { flags, policies: row.policies.map((policy) => mapPolicy(row, policy)) };
}
