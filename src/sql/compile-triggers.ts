/**
 * Triggers, rules, extended statistics, policies and row-level security. Trigger and rule definitions are Postgres's own
 * `CREATE TRIGGER ...` and `CREATE RULE ...` text (`pg_get_triggerdef`, `pg_get_ruledef`); policy
 * expressions are Postgres's printing (`pg_get_expr`), wrapped in parentheses.
 */
import type { PartitionTriggerState, TriggerEnabled } from "../model/catalog-objects";
import type { MemberRef } from "../ops/catalog-operations";
import type {
  CreatePolicyOp,
  CreateRuleOp,
  CreateStatisticsOp,
  CreateTriggerOp,
  DropPolicyOp,
  DropRuleOp,
  DropStatisticsOp,
  DropTriggerOp,
  SetRowSecurityOp,
  SetTriggerEnabledOp,
} from "../ops/operation";
import { statement, type CompiledStatement } from "./compiled-statement";
import { parenthesize } from "./expression";
import { quoteIdent, quoteQualified } from "./quote";

const ENABLE_CLAUSES: Readonly<Record<TriggerEnabled, string>> = {
  origin: "ENABLE TRIGGER",
  disabled: "DISABLE TRIGGER",
  replica: "ENABLE REPLICA TRIGGER",
  always: "ENABLE ALWAYS TRIGGER",
};

function tableOf(member: MemberRef): string {
  return quoteQualified({ schema: member.schema, name: member.table });
}

function setEnabled(member: MemberRef, enabled: TriggerEnabled, noun = "TRIGGER"): CompiledStatement {
  return statement(`ALTER TABLE ${tableOf(member)} ${ENABLE_CLAUSES[enabled].replace("TRIGGER", noun)} ${quoteIdent(member.name)}`);
}

/**
 * The trigger's definition, then its state when it is not the default (`ENABLE`, "origin"), which reaches
 * the partitions' clones, then the partitions' own states.
 */
export function compileCreateTrigger(op: CreateTriggerOp): CompiledStatement[] {
  const create = statement(op.trigger.definition);
  const own = op.trigger.enabled === "origin" ? [create] : [create, setEnabled(op.trigger, op.trigger.enabled)];
  return [...own, ...(op.trigger.partitionStates ?? []).map((state) => setOnPartition(op.trigger, state))];
}

/** `ALTER TABLE ONLY partition ... TRIGGER t`: its clone alone, not those of its own partitions. */
function setOnPartition(trigger: MemberRef, state: PartitionTriggerState): CompiledStatement {
  return statement(`ALTER TABLE ONLY ${quoteQualified(state.table)} ${ENABLE_CLAUSES[state.enabled]} ${quoteIdent(trigger.name)}`);
}

export function compileDropTrigger(op: DropTriggerOp): CompiledStatement[] {
  return [statement(`DROP TRIGGER ${quoteIdent(op.trigger.name)} ON ${tableOf(op.trigger)}`)];
}

/**
 * The trigger's state, which PostgreSQL sets on every partition's clone too, then the partitions' own
 * states again; where the trigger's own state stays (and the partitions' are known), only the partitions
 * whose state changes.
 */
export function compileSetTriggerEnabled(op: SetTriggerEnabledOp): CompiledStatement[] {
  const states = op.partitionStates ?? [];
  if (op.existing === undefined || op.existing !== op.enabled || (op.partitionStates === undefined && op.existingPartitionStates === undefined)) {
    return [setEnabled(op.trigger, op.enabled), ...states.map((state) => setOnPartition(op.trigger, state))];
  }
  const key = (state: PartitionTriggerState) => JSON.stringify([state.table.schema, state.table.name]);
  const before = new Map((op.existingPartitionStates ?? []).map((state) => [key(state), state.enabled]));
  const after = new Map(states.map((state) => [key(state), state.enabled]));
  const tables = new Map([...(op.existingPartitionStates ?? []), ...states].map((state) => [key(state), state.table]));
  return [...tables].flatMap(([k, table]) => {
    const enabled = after.get(k) ?? op.enabled;
    return enabled === (before.get(k) ?? op.existing) ? [] : [setOnPartition(op.trigger, { table, enabled })];
  });
}

/** The rule's definition, then its state when it is not the default (`ENABLE`, "origin"). */
export function compileCreateRule(op: CreateRuleOp): CompiledStatement[] {
  const create = statement(op.rule.definition);
  return op.rule.enabled === "origin" ? [create] : [create, setEnabled(op.rule, op.rule.enabled, "RULE")];
}

export function compileDropRule(op: DropRuleOp): CompiledStatement[] {
  return [statement(`DROP RULE ${quoteIdent(op.rule.name)} ON ${tableOf(op.rule)}`)];
}

/** The statistics object's definition, then its target when it has one. */
export function compileCreateStatistics(op: CreateStatisticsOp): CompiledStatement[] {
  const { statistics } = op;
  const create = statement(statistics.definition);
  if (statistics.target === null) return [create];
  return [create, statement(`ALTER STATISTICS ${quoteQualified(statistics)} SET STATISTICS ${statistics.target}`)];
}

export function compileDropStatistics(op: DropStatisticsOp): CompiledStatement[] {
  return [statement(`DROP STATISTICS ${quoteQualified(op.statistics)}`)];
}

/** `PUBLIC` for `public` (no role can be named so), else the quoted role name. */
export function roleName(role: string): string {
  return role === "public" ? "PUBLIC" : quoteIdent(role);
}

/** `CREATE POLICY "p" ON "s"."t" AS PERMISSIVE FOR ALL TO PUBLIC USING (...) WITH CHECK (...)`. */
export function compileCreatePolicy(op: CreatePolicyOp): CompiledStatement[] {
  const policy = op.policy;
  const parts = [
    `CREATE POLICY ${quoteIdent(policy.name)} ON ${tableOf(policy)}`,
    `AS ${policy.permissive ? "PERMISSIVE" : "RESTRICTIVE"}`,
    `FOR ${policy.command}`,
    `TO ${(policy.roles.length === 0 ? ["public"] : policy.roles).map(roleName).join(", ")}`,
  ];
  if (policy.using !== null) parts.push(`USING ${parenthesize(policy.using)}`);
  if (policy.withCheck !== null) parts.push(`WITH CHECK ${parenthesize(policy.withCheck)}`);
  return [statement(parts.join(" "))];
}

export function compileDropPolicy(op: DropPolicyOp): CompiledStatement[] {
  return [statement(`DROP POLICY ${quoteIdent(op.policy.name)} ON ${tableOf(op.policy)}`)];
}

/** The flags that change (both when the previous state is unknown). */
export function compileSetRowSecurity(op: SetRowSecurityOp): CompiledStatement[] {
  const table = quoteQualified(op.table);
  const statements: CompiledStatement[] = [];
  if (op.existing?.enabled !== op.enabled) {
    statements.push(statement(`ALTER TABLE ${table} ${op.enabled ? "ENABLE" : "DISABLE"} ROW LEVEL SECURITY`));
  }
  if (op.existing?.forced !== op.forced) {
    statements.push(statement(`ALTER TABLE ${table} ${op.forced ? "FORCE" : "NO FORCE"} ROW LEVEL SECURITY`));
  }
  return statements;
}
