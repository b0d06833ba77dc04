/**
 * Whether an operation uses enum labels: PostgreSQL refuses to use a label in the transaction that added
 * it ("unsafe use of new value", SQLSTATE 55P04), so a migration that adds a label and uses it must be cut
 * in two (see `enumLabelStages`).
 *
 * An operation uses a label when one of the SQL expressions it holds (a default, a generated expression, a
 * check or exclusion, an index predicate or key, a view's query, a `USING` cast, raw SQL) holds a string
 * literal equal to the label, or an array literal (`'{a,b}'`) with the label as an element; or when it
 * casts existing values to the enum (an `alterColumn` to the enum type, whose rows may hold the label's
 * text). The test reads literals, not types: a literal of another type that happens to spell the label
 * counts too, which at worst cuts a migration that did not need it.
 */
import type { ColumnDef, ConstraintDef, DomainDef, IndexDef } from "../model/schema-model";
import { dispatch, type Operation, type OperationTable, type TypeRef } from "./operation";
import { typeNamesEnum } from "./type-text";

/** The SQL expressions an operation hands to Postgres to parse. */
const EXPRESSIONS: OperationTable<readonly string[]> = {
  createSchema: () => [],
  dropSchema: () => [],
  createExtension: () => [],
  dropExtension: () => [],
  alterExtension: () => [],
  moveExtension: () => [],
  createEnum: () => [],
  dropEnum: () => [],
  // A rebuild restores each usage's default after re-casting it, or sets its new one.
  alterEnum: (op) =>
    op.usages.flatMap((usage) => [usage.default, usage.defaultAfter].filter((text): text is string => typeof text === "string")),
  renameEnum: () => [],
  moveEnum: () => [],
  createSequence: () => [],
  dropSequence: () => [],
  alterSequence: () => [],
  createTable: (op) => [
    ...(op.table.partitionOf === undefined ? [] : [op.table.partitionOf.bound]),
    ...op.table.columns.flatMap(columnExpressions),
    ...op.table.checks.map((check) => check.definition),
    ...op.table.exclusions.map((exclusion) => exclusion.definition),
    ...op.table.indexes.flatMap(indexExpressions),
  ],
  dropTable: () => [],
  setTableComment: () => [],
  renameTable: () => [],
  moveTable: () => [],
  addColumn: (op) => columnExpressions(op.column),
  dropColumn: () => [],
  alterColumn: (op) =>
    [op.changes.default, op.changes.generated, op.using].filter(
      (text): text is string => typeof text === "string",
    ),
  renameColumn: () => [],
  renameIndex: () => [],
  alterIndexStorage: () => [],
  alterIndexStatistics: () => [],
  renameConstraint: () => [],
  addConstraint: (op) => constraintExpressions(op.constraint),
  dropConstraint: () => [],
  createIndex: (op) => indexExpressions(op.index),
  createPartitionedIndex: (op) => indexExpressions(op.index),
  dropIndex: () => [],
  createView: (op) => [op.view.definition, ...op.view.indexes.flatMap(indexExpressions)],
  dropView: () => [],
  execute: (op) => [op.sql],
  createDomain: (op) => domainExpressions(op.domain),
  dropDomain: () => [],
  alterDomain: (op) => domainExpressions(op.to),
  createCompositeType: () => [],
  dropCompositeType: () => [],
  alterCompositeType: () => [],
  createRangeType: () => [],
  dropRangeType: () => [],
  alterRangeType: () => [],
  // A list partition's bound may name the label: `FOR VALUES IN ('archived')`.
  attachPartition: (op) => [op.bound],
  detachPartition: () => [],
  addInheritance: () => [],
  dropInheritance: () => [],
  alterTableStorage: () => [],
  alterReplicaIdentity: () => [],
  alterClusterOn: () => [],
  alterTableOf: () => [],
  // A function's body is not parsed while it is created (check_function_bodies is off), but read as text
  // it may hold the label: counted, which at worst cuts a migration that did not need it.
  createFunction: (op) => [op.function.definition],
  dropFunction: () => [],
  replaceFunction: (op) => [op.function.definition],
  createTrigger: (op) => [op.trigger.definition],
  dropTrigger: () => [],
  setTriggerEnabled: () => [],
  createRule: (op) => [op.rule.definition],
  dropRule: () => [],
  createStatistics: (op) => [op.statistics.definition],
  dropStatistics: () => [],
  createPolicy: (op) => [op.policy.using, op.policy.withCheck].filter((text): text is string => text !== null),
  dropPolicy: () => [],
  setRowSecurity: () => [],
  setPrivileges: () => [],
  setDefaultPrivileges: () => [],
  setComment: () => [],
  createCollation: () => [],
  dropCollation: () => [],
  createPublication: () => [],
  dropPublication: () => [],
  alterPublication: () => [],
  addPublicationTable: (op) => (op.member.where === null ? [] : [op.member.where]),
  dropPublicationTable: () => [],
  keepOwner: () => [],
  resetPrivileges: () => [],
  validateConstraint: () => [],
  invalidateConstraint: (op) => constraintExpressions(op.constraint),
  backfillColumn: (op) => (op.value === "DEFAULT" ? [] : [op.value]),
};

function domainExpressions(domain: DomainDef): string[] {
  return [...(domain.default === null ? [] : [domain.default]), ...domain.checks.map((check) => check.definition)];
}

function columnExpressions(column: ColumnDef): string[] {
  return [column.default, column.generated].filter((text): text is string => text !== null);
}

function constraintExpressions(constraint: ConstraintDef): string[] {
  return constraint.type === "check" || constraint.type === "exclusion" ? [constraint.definition] : [];
}

function indexExpressions(index: IndexDef): string[] {
  return [...index.keys.map((key) => key.expression), ...(index.where === null ? [] : [index.where])];
}

/**
 * Whether `op` uses one of `labels` of enum `type`.
 * @example usesEnumLabels(addColumn with default `'review'::public.status`, status, ["review"]) // => true
 */
export function usesEnumLabels(op: Operation, type: TypeRef, labels: ReadonlySet<string>): boolean {
  if (labels.size === 0) return false;
  if (op.kind === "alterColumn" && op.changes.type !== undefined && typeNamesEnum(op.changes.type, type.schema, type.name) !== null) {
    return true;
  }
  return dispatch(EXPRESSIONS, op).some((sql) => stringLiterals(sql).some((value) => literalHolds(value, labels)));
}

function literalHolds(value: string, labels: ReadonlySet<string>): boolean {
  if (labels.has(value)) return true;
  const trimmed = value.trim();
  return trimmed.startsWith("{") && trimmed.endsWith("}") && arrayElements(trimmed).some((element) => labels.has(element));
}

/**
 * The values of the string literals in an SQL text: `'...'` with `''` escapes, and `E'...'` with
 * backslash escapes too. Dollar-quoted strings are not read.
 * @example stringLiterals(`(state <> 'it''s'::public.status)`) // => ["it's"]
 */
export function stringLiterals(sql: string): string[] {
  const values: string[] = [];
  for (let i = 0; i < sql.length; i++) {
    if (sql[i] !== "'") continue;
    const escaped = i > 0 && /[eE]/.test(sql[i - 1]!) && (i < 2 || !/[A-Za-z0-9_]/.test(sql[i - 2]!));
    let value = "";
    let j = i + 1;
    for (; j < sql.length; j++) {
      const c = sql[j]!;
      if (escaped && c === "\\" && j + 1 < sql.length) {
        value += sql[++j]!;
      } else if (c === "'" && sql[j + 1] === "'") {
        value += "'";
        j++;
      } else if (c === "'") {
        break;
      } else {
        value += c;
      }
    }
    values.push(value);
    i = j;
  }
  return values;
}

/** The elements of an array literal's text (`{a,"b c",{d}}` gives a, b c, d), quotes and escapes removed. */
function arrayElements(text: string): string[] {
  const elements: string[] = [];
  let current = "";
  let quoted = false;
  let inQuotes = false;
  const flush = () => {
    const element = quoted ? current : current.trim();
    if (quoted || element !== "") elements.push(element);
    current = "";
    quoted = false;
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (inQuotes) {
      if (c === "\\" && i + 1 < text.length) current += text[++i]!;
      else if (c === '"') inQuotes = false;
      else current += c;
    } else if (c === '"') {
      inQuotes = true;
      quoted = true;
    } else if (c === "{" || c === "}" || c === ",") {
      flush();
    } else {
      current += c;
    }
  }
  flush();
  return elements;
}
