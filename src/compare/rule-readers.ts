/**
 * What a migration changes that a view, a materialized view or a rule reads while the migration leaves
 * it in place: PostgreSQL refuses to retype or drop a column, or drop a table, view or type, that a rule
 * (a view's query is one) reads ("cannot alter type of a column used by a view or rule", "cannot drop
 * ... because other objects depend on it"). The comparison drops and creates again the views it compares
 * around such a change; a view it leaves out (`exclude`, a schema it does not compare) it does not know,
 * so the migration would be written and fail when it runs. Which rules read what comes from the
 * database's own records (pg_depend, src/introspect/sql/rules-reading.sql), by column: a view that
 * reads another column of a dropped column's table does not stand in the way.
 */
import type { TableRef } from "../model/schema-model";
import type { Operation } from "../ops/operation";
import { typeRebuild } from "../ops/type-rebuild";
import { retypesColumn } from "../ops/column-changes";
import { RuleReaderError } from "./compare-errors";
import { displayName } from "./display";

/** One rule reading a relation, a column of it, or a type (a row of rules-reading.sql). */
export interface RuleReading {
  /** The rule's relation: the view whose query it is, or the table it is on. */
  readonly schema: string;
  readonly relation: string;
  /** `pg_class.relkind` of that relation: `v` view, `m` materialized view, `r`/`p` table. */
  readonly relkind: string;
  readonly rule: string;
  readonly readsKind: "relation" | "type";
  readonly readsSchema: string;
  readonly readsName: string;
  /** The column read, or null for the relation or type as a whole. */
  readonly readsColumn: string | null;
}

/** A change no rule may read through: what it touches (named as the database has it) and how it reads. */
export interface BlockedChange {
  readonly kind: "relation" | "type";
  readonly target: TableRef;
  /** The column changed, or null when the whole relation or type goes (then any reading of it blocks). */
  readonly column: string | null;
  /** What the migration does to it, as a verb: `retypes to bigint`, `drops`. */
  readonly what: string;
}

/**
 * The changes of `operations` that a rule reading them would stop, named as the database has them
 * before the migration (a table or column renamed earlier in it by its name before).
 */
export function blockedChanges(operations: readonly Operation[]): BlockedChange[] {
  const names = new RenameTrail();
  const changes: BlockedChange[] = [];
  for (const op of operations) {
    changes.push(...changesOf(op, names));
    names.follow(op);
  }
  return changes;
}

function changesOf(op: Operation, names: RenameTrail): BlockedChange[] {
  const column = (table: TableRef, name: string, what: string): BlockedChange => {
    const original = names.column(table, name);
    return { kind: "relation", target: original.table, column: original.column, what };
  };
  const whole = (kind: BlockedChange["kind"], ref: TableRef, what: string): BlockedChange => ({ kind, target: names.table(ref), column: null, what });
  switch (op.kind) {
    case "alterColumn":
      if (!retypesColumn(op)) return [];
      return [column(op.table, op.column, op.changes.type === undefined ? `changes the collation of` : `retypes to ${op.changes.type}`)];
    case "dropColumn":
      return [column(op.table, op.column, "drops")];
    case "dropTable":
      return [whole("relation", op.table, "drops")];
    case "dropView":
      return [whole("relation", op.view, "drops")];
    case "dropSequence":
      return [whole("relation", op.sequence, "drops")];
    case "dropEnum":
      return [whole("type", op.enum, "drops")];
    case "dropDomain":
      return [whole("type", op.domain, "drops")];
    case "dropCompositeType":
    case "dropRangeType":
      return [whole("type", op.type, "drops")];
    case "alterRangeType":
      return [whole("type", op.from, "drops and creates again")];
    default:
      return rebuildChanges(op, column, whole);
  }
}

/** An enum, domain or composite type rebuilt: the type goes (created again), and each column of it is re-cast. */
function rebuildChanges(
  op: Operation,
  column: (table: TableRef, name: string, what: string) => BlockedChange,
  whole: (kind: BlockedChange["kind"], ref: TableRef, what: string) => BlockedChange,
): BlockedChange[] {
  const rebuild = typeRebuild(op);
  if (rebuild === null) return [];
  const type = `${rebuild.noun} ${displayName(rebuild.type)}`;
  return [
    whole("type", rebuild.type, `drops and creates again (a rebuild of the ${type})`),
    ...rebuild.columns.map((usage) => column(usage.table, usage.column, `re-casts to the ${type} created again`)),
  ];
}

/** The relations and types `changes` touch, for rules-reading.sql. */
export function changedObjects(changes: readonly BlockedChange[]): TableRef[] {
  const unique = new Map(changes.map((change): [string, TableRef] => [displayName(change.target), change.target]));
  return [...unique.values()];
}

/**
 * Refuses `operations` when a rule they leave in place reads what they change (`readings`: the rules
 * reading the objects `changedObjects` names, from the database).
 * @throws RuleReaderError naming every such rule and what the migration does to what it reads
 */
export function refuseRuleReaders(operations: readonly Operation[], changes: readonly BlockedChange[], readings: readonly RuleReading[]): void {
  const blockers = ruleReaderBlockers(operations, changes, readings);
  if (blockers.length > 0) throw new RuleReaderError(blockers);
}

/** Each rule `operations` leave in place that reads what they change: `view public.v reads column public.t.c, which the migration retypes to bigint`. */
export function ruleReaderBlockers(
  operations: readonly Operation[],
  changes: readonly BlockedChange[],
  readings: readonly RuleReading[],
  /** What makes the changes, in the words: `the migration`, `the downgrade`. */
  by = "the migration",
): string[] {
  const removed = removedRules(operations);
  const blockers = new Set<string>();
  for (const change of changes) {
    for (const reading of readings) {
      if (!reads(reading, change) || removed.has(ruleKey(reading)) || removed.has(relationOf(reading))) continue;
      blockers.add(`${ruleName(reading)} reads ${readName(reading, change)}, which ${by} ${change.what}`);
    }
  }
  return [...blockers];
}

function reads(reading: RuleReading, change: BlockedChange): boolean {
  if (reading.readsKind !== change.kind) return false;
  if (reading.readsSchema !== change.target.schema || reading.readsName !== change.target.name) return false;
  return change.column === null || reading.readsColumn === change.column;
}

/** The rules the operations drop, and the relations they drop (taking their rules with them). */
function removedRules(operations: readonly Operation[]): Set<string> {
  const removed = new Set<string>();
  for (const op of operations) {
    if (op.kind === "dropTable") removed.add(displayName(op.table));
    if (op.kind === "dropView") removed.add(displayName(op.view));
    if (op.kind === "dropRule") removed.add(`${op.rule.schema}.${op.rule.table}/${op.rule.name}`);
  }
  return removed;
}

function relationOf(reading: RuleReading): string {
  return `${reading.schema}.${reading.relation}`;
}

function ruleKey(reading: RuleReading): string {
  return `${relationOf(reading)}/${reading.rule}`;
}

/** `view public.v`, `materialized view public.m`, or `rule r on public.t`. */
function ruleName(reading: RuleReading): string {
  if (reading.rule === "_RETURN" && reading.relkind === "v") return `view ${relationOf(reading)}`;
  if (reading.rule === "_RETURN" && reading.relkind === "m") return `materialized view ${relationOf(reading)}`;
  return `rule ${reading.rule} on ${relationOf(reading)}`;
}

/** What `reading` reads of what `change` touches: the column, else the relation or type as a whole. */
function readName(reading: RuleReading, change: BlockedChange): string {
  const name = `${reading.readsSchema}.${reading.readsName}`;
  if (change.column !== null) return `column ${name}.${change.column}`;
  return reading.readsKind === "type" ? `type ${name}` : name;
}

/** The names tables and columns had before the renames of the operations walked so far. */
class RenameTrail {
  /** Current table key -> the table as the database has it. */
  private readonly tables = new Map<string, TableRef>();
  /** Current `table key.column` -> the column's name in the database. */
  private readonly columns = new Map<string, string>();

  table(ref: TableRef): TableRef {
    return this.tables.get(displayName(ref)) ?? ref;
  }

  column(table: TableRef, name: string): { table: TableRef; column: string } {
    return { table: this.table(table), column: this.columns.get(`${displayName(table)}.${name}`) ?? name };
  }

  follow(op: Operation): void {
    if (op.kind === "renameTable") {
      const renamed = { schema: op.table.schema, name: op.to };
      this.tables.set(displayName(renamed), this.table(op.table));
      const prefix = `${displayName(op.table)}.`;
      for (const [key, original] of [...this.columns]) {
        if (key.startsWith(prefix)) this.columns.set(`${displayName(renamed)}.${key.slice(prefix.length)}`, original);
      }
    }
    if (op.kind === "renameColumn") this.columns.set(`${displayName(op.table)}.${op.to}`, this.column(op.table, op.from).column);
  }
}
