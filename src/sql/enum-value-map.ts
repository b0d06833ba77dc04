/**
 * Removing enum labels safely. Before an enum is rebuilt without some labels, the migration checks, in
 * SQL and in its own transaction, that no row of any column of the type holds one of them (a label the
 * op's `valueMap` maps to a kept label is rewritten instead): when one does, it stops with an error that
 * names the table, column and labels, before anything is changed. So does a bound of a value of a range
 * type rebuilt with the enum that is any removed label (a value map does not rewrite range bounds).
 * Checking at generation time would not do: rows are written between generating a migration and running it.
 */
import { removedLabels } from "../ops/enum-change";
import type { DomainDef, RangeTypeDef } from "../model/schema-model";
import type { AlterEnumOp, EnumUsage } from "../ops/operation";
import { multirangeOf, typeNamesEnum } from "../ops/type-text";
import { statement, type CompiledStatement } from "./compiled-statement";
import { quoteIdent, quoteLiteral, quoteQualified, quoteTable } from "./quote";
import { UncompilableOperationError } from "./uncompilable-operation-error";

/**
 * A column of a domain on the enum, as the enum's values it stores: an array when the column is an array
 * of the domain or the domain one of the enum.
 */
export function storedAs(op: AlterEnumOp, usage: EnumUsage, domain: DomainDef): EnumUsage {
  return { ...usage, array: usage.array || (typeNamesEnum(domain.type, op.enum.schema, op.enum.name)?.array ?? false) };
}

/**
 * One `DO` block per usage (the domains' columns too) that stops the migration when a row holds a removed,
 * unmapped label; and per column of a range type rebuilt with the enum, when a bound of a row's value is
 * any removed label (a value map does not rewrite range bounds).
 */
export function removedLabelChecks(op: AlterEnumOp): CompiledStatement[] {
  const map = checkedValueMap(op);
  const removed = removedLabels(op.from, op.to);
  const unmapped = removed.filter((label) => map[label] === undefined);
  const usages = [...op.usages, ...(op.domains ?? []).flatMap((d) => d.usages.map((u) => storedAs(op, u, d.domain)))];
  const labelChecks = unmapped.length === 0 ? [] : usages.map((usage) => {
    const list = labelList(unmapped);
    const column = quoteIdent(usage.column);
    const holds = usage.array ? `${column}::text[] && ${list}` : `${column}::text = ANY (${list})`;
    const message =
      `Cannot remove ${labelsText(unmapped)} from enum ${op.enum.schema}.${op.enum.name}: column ${usage.column} of table ` +
      `${usage.table.schema}.${usage.table.name} holds ${unmapped.length === 1 ? "it" : "them"} in some rows. Change those rows ` +
      `first, or map the label to a kept one with the alterEnum valueMap option.`;
    return stopWhen(usage, holds, message);
  });
  return [...labelChecks, ...(removed.length === 0 ? [] : [...rangeBoundChecks(op, removed), ...compositeChecks(op, removed)])];
}

/**
 * The checks of the columns of a composite type with an attribute of the enum (`EnumAttributeUsage.usages`):
 * a value whose attribute holds a removed label stops the migration (a value map does not rewrite
 * composite values; read back as the new type, it would fail with "invalid input value for enum").
 */
function compositeChecks(op: AlterEnumOp, removed: readonly string[]): CompiledStatement[] {
  return (op.attributes ?? []).flatMap((attribute) =>
    (attribute.usages ?? []).map((usage) => {
      const list = labelList(removed);
      const holds = (field: string) => (attribute.array ? `${field}::text[] && ${list}` : `${field}::text = ANY (${list})`);
      const column = quoteIdent(usage.column);
      const name = quoteIdent(attribute.attribute);
      const message =
        `Cannot remove ${labelsText(removed)} from enum ${op.enum.schema}.${op.enum.name}: column ${usage.column} of table ` +
        `${usage.table.schema}.${usage.table.name} (of composite type ${attribute.type.schema}.${attribute.type.name}, attribute ` +
        `${attribute.attribute}) holds ${removed.length === 1 ? "it" : "them"} in some rows. Change those rows first (a value map ` +
        `does not rewrite composite values).`;
      // unnest of an array of a composite type gives its attributes as columns.
      return stopWhen(usage, usage.array ? `EXISTS (SELECT FROM unnest(${column}) AS a WHERE ${holds(`a.${name}`)})` : holds(`(${column}).${name}`), message);
    }),
  );
}

/** The checks of the range types' columns: a bound holding a removed label stops the migration. */
function rangeBoundChecks(op: AlterEnumOp, removed: readonly string[]): CompiledStatement[] {
  return (op.ranges ?? []).flatMap(({ range, usages, domains }) => {
    const columns = [...usages, ...(domains ?? []).flatMap(({ domain, usages: of }) => of.map((u) => rangeStoredAs(range, u, domain)))];
    const depth = nesting(op, range);
    return columns.map((usage) => {
      const message =
        `Cannot remove ${labelsText(removed)} from enum ${op.enum.schema}.${op.enum.name}: column ${usage.column} of table ` +
        `${usage.table.schema}.${usage.table.name} (of range type ${range.schema}.${range.name}) holds ` +
        `${removed.length === 1 ? "it" : "them"} as a bound in some rows. Change those rows first (a value map does not rewrite range bounds).`;
      return stopWhen(usage, boundHolds(usage, labelList(removed), depth), message);
    });
  });
}

/** A column of a domain over a range type or its multirange type, as the ranges it stores (as `storedAs`). */
function rangeStoredAs(range: RangeTypeDef, usage: EnumUsage, domain: DomainDef): EnumUsage {
  const multirange = multirangeOf(range);
  const ofMultirange = typeNamesEnum(domain.type, multirange.schema, multirange.name);
  const over = ofMultirange ?? typeNamesEnum(domain.type, range.schema, range.name);
  return { ...usage, array: usage.array || (over?.array ?? false), ...(ofMultirange !== null && { multirange: true }) };
}

/** How deep the enum's labels are in a value of `range`: 1 for a range over it, 2 for a range over such a range, and so on. */
function nesting(op: AlterEnumOp, range: RangeTypeDef): number {
  const under = (op.ranges ?? []).find((r) => typeNamesEnum(range.subtype, r.range.schema, r.range.name) !== null);
  return under === undefined ? 1 : 1 + nesting(op, under.range);
}

/** The bounds, `depth` ranges deep, of the range `value`: the labels a value of a range over a range holds are its bounds' bounds. */
function bounds(value: string, depth: number): string[] {
  const own = [`lower(${value})`, `upper(${value})`];
  return depth <= 1 ? own : own.flatMap((bound) => bounds(bound, depth - 1));
}

/** Whether a bound of the column's range (each range of an array or a multirange; `depth` ranges deep) is in `list`. */
function boundHolds(usage: EnumUsage, list: string, depth: number): string {
  const bound = (value: string) => bounds(value, depth).map((b) => `${b}::text = ANY (${list})`).join(" OR ");
  const column = quoteIdent(usage.column);
  if (!usage.array && !usage.multirange) return bound(column);
  const sources = [
    usage.array ? `unnest(${column}) AS a(v)` : `(SELECT ${column}) AS a(v)`,
    ...(usage.multirange ? ["unnest(a.v) AS b(v)"] : []),
  ];
  return `EXISTS (SELECT FROM ${sources.join(", ")} WHERE ${bound(usage.multirange ? "b.v" : "a.v")})`;
}

function stopWhen(usage: EnumUsage, holds: string, message: string): CompiledStatement {
  const body =
    `BEGIN IF EXISTS (SELECT 1 FROM ${quoteTable(usage.table)} WHERE ${holds}) THEN ` +
    `RAISE EXCEPTION USING ERRCODE = 'check_violation', MESSAGE = ${quoteLiteral(message)}; END IF; END`;
  return statement(`DO ${quoteLiteral(body)}`);
}

function labelList(labels: readonly string[]): string {
  return `ARRAY[${labels.map(quoteLiteral).join(", ")}]`;
}

function labelsText(labels: readonly string[]): string {
  return `${labels.length === 1 ? "label" : "labels"} ${labels.map((l) => `'${l}'`).join(", ")}`;
}

/**
 * The column as text (`text[]` for an array) with every mapped label rewritten: a `CASE` for a column,
 * nested `array_replace` for an array (Postgres allows no subquery in `USING`).
 */
export function remappedText(op: AlterEnumOp, usage: EnumUsage): string {
  const column = quoteIdent(usage.column);
  const entries = Object.entries(checkedValueMap(op));
  if (usage.array) {
    return entries.reduce((text, [from, to]) => `array_replace(${text}, ${quoteLiteral(from)}, ${quoteLiteral(to)})`, `${column}::text[]`);
  }
  if (entries.length === 0) return `${column}::text`;
  const whens = entries.map(([from, to]) => `WHEN ${quoteLiteral(from)} THEN ${quoteLiteral(to)}`).join(" ");
  return `(CASE ${column}::text ${whens} ELSE ${column}::text END)`;
}

/** The value map, checked: each key a removed label, each value a label the enum keeps. */
function checkedValueMap(op: AlterEnumOp): Readonly<Record<string, string>> {
  const map = op.valueMap ?? {};
  for (const [from, to] of Object.entries(map)) {
    if (!op.from.includes(from) || op.to.includes(from) || !op.to.includes(to)) {
      throw new UncompilableOperationError(
        op,
        `enum ${quoteQualified(op.enum)}`,
        `its valueMap maps '${from}' to '${to}', but a value map must map a removed label to a label the enum keeps.`,
      );
    }
  }
  return map;
}
