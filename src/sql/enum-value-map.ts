/**
 * Removing enum labels safely. Before an enum is rebuilt without some labels, the migration checks, in
 * SQL and in its own transaction, that no row of any column of the type holds one of them (a label the
 * op's `valueMap` maps to a kept label is rewritten instead): when one does, it stops with an error that
 * names the table, column and labels, before anything is changed. Checking at generation time would not
 * do: rows are written between generating a migration and running it.
 */
import { removedLabels } from "../ops/enum-change";
import type { DomainDef } from "../model/schema-model";
import type { AlterEnumOp, EnumUsage } from "../ops/operation";
import { typeNamesEnum } from "../ops/type-text";
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

/** One `DO` block per usage (the domains' columns too) that stops the migration when a row holds a removed, unmapped label. */
export function removedLabelChecks(op: AlterEnumOp): CompiledStatement[] {
  const map = checkedValueMap(op);
  const unmapped = removedLabels(op.from, op.to).filter((label) => map[label] === undefined);
  if (unmapped.length === 0) return [];
  const list = `ARRAY[${unmapped.map(quoteLiteral).join(", ")}]`;
  const usages = [...op.usages, ...(op.domains ?? []).flatMap((d) => d.usages.map((u) => storedAs(op, u, d.domain)))];
  return usages.map((usage) => {
    const column = quoteIdent(usage.column);
    const holds = usage.array ? `${column}::text[] && ${list}` : `${column}::text = ANY (${list})`;
    const message =
      `Cannot remove ${unmapped.length === 1 ? "label" : "labels"} ${unmapped.map((l) => `'${l}'`).join(", ")} ` +
      `from enum ${op.enum.schema}.${op.enum.name}: column ${usage.column} of table ${usage.table.schema}.${usage.table.name} ` +
      `holds ${unmapped.length === 1 ? "it" : "them"} in some rows. Change those rows first, or map the label to a ` +
      `kept one with the alterEnum valueMap option.`;
    const body =
      `BEGIN IF EXISTS (SELECT 1 FROM ${quoteTable(usage.table)} WHERE ${holds}) THEN ` +
      `RAISE EXCEPTION USING ERRCODE = 'check_violation', MESSAGE = ${quoteLiteral(message)}; END IF; END`;
    return statement(`DO ${quoteLiteral(body)}`);
  });
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
