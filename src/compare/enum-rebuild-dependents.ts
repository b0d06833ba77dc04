/**
 * What an enum rebuild (src/sql/compile-enums.ts) must drop before and create again after, on the tables
 * whose columns it re-casts. The rebuild renames the old type to `<name>__old` and re-casts each column
 * with `ALTER COLUMN ... TYPE`, which re-parses every check, exclusion constraint and index expression
 * of the column as it prints: a constant of the type then reads `'a'::e__old`, and `x = 'a'::e__old` has
 * no operator once `x` is the new type. So the rebuild takes with it, on each table it re-casts:
 * - every check and exclusion constraint, and every index with an expression key or a predicate: which
 *   columns such an expression reads is not in the model (and PostgreSQL rewrites the table and rebuilds
 *   its indexes and checks at each re-cast anyway, so creating them once after costs nothing more);
 * - every foreign key between re-cast columns, the usual rule for a retyped column
 *   (src/compare/foreign-key-dependencies.ts, which counts the rebuild's usages as retyped).
 * Unless the comparison already drops (or adds) one for another reason. The phase order drops them
 * before the rebuild and adds them after it (src/ops/phases.ts); the downgrade does the same around the
 * inverse rebuild.
 */
import { tableKey } from "../model/names";
import type { ConstraintDef, IndexDef, SchemaModel, TableDef } from "../model/schema-model";
import { addsLabelsInPlace } from "../ops/enum-change";
import type { AlterEnumOp } from "../ops/operation";
import { unquoteIdentifier } from "../ops/type-text";
import type { ChangeCollector } from "./collector";
import { emitAddConstraint, emitDropConstraint } from "./compare-constraints";
import { emitCreateIndex, emitDropIndex } from "./compare-indexes";
import type { RenamedFrom } from "./compare-tables";
import { constraintNoun, displayName } from "./display";
import { originalNamed, refOf } from "./table-versions";

/** Whether an index has an expression key or a predicate (a plain column key is re-cast as it is). */
export function hasIndexExpression(index: IndexDef): boolean {
  return index.where !== null || index.keys.some((key) => unquoteIdentifier(key.expression) === null);
}

/** The rebuilding `alterEnum` ops collected so far, by the key of each table they re-cast. */
function rebuiltOnTable(sink: ChangeCollector): Map<string, AlterEnumOp> {
  const byTable = new Map<string, AlterEnumOp>();
  for (const op of sink.operations) {
    if (op.kind !== "alterEnum" || addsLabelsInPlace(op)) continue;
    for (const usage of op.usages) if (!byTable.has(tableKey(usage.table))) byTable.set(tableKey(usage.table), op);
  }
  return byTable;
}

/** Adds drop/create pairs for the checks, exclusions and expression indexes an enum rebuild would break. */
export function recreateAroundEnumRebuilds(renamed: RenamedFrom, to: SchemaModel, sink: ChangeCollector): void {
  const rebuilt = rebuiltOnTable(sink);
  if (rebuilt.size === 0) return;
  const member = (table: { schema: string; name: string }, name: string) => `${tableKey(table)}.${JSON.stringify(name)}`;
  const dropped = new Set<string>();
  const added = new Set<string>();
  for (const op of sink.operations) {
    if (op.kind === "dropConstraint" || op.kind === "dropIndex") dropped.add(member(op.table, op.name));
    if (op.kind === "addConstraint") added.add(member(op.table, op.constraint.name));
    if (op.kind === "createIndex") added.add(member(op.table, op.index.name));
  }
  const toTables = new Map(Object.values(to.tables).map((t): [string, TableDef] => [tableKey(t), t]));
  for (const table of Object.values(renamed.model.tables)) {
    const op = rebuilt.get(tableKey(table));
    if (op === undefined) continue;
    const original = renamed.original(table) ?? table;
    const target = toTables.get(tableKey(table));
    const why = (noun: string, name: string) =>
      `Detected ${noun} '${name}' on '${displayName(table)}', whose enum columns the rebuild of ` +
      `'${displayName(op.enum)}' re-casts: dropped before and created again after`;
    const constraints: ConstraintDef[] = [...table.checks, ...table.exclusions];
    for (const constraint of constraints) {
      if (dropped.has(member(original, constraint.name))) continue;
      emitDropConstraint(refOf(original), originalNamed([...original.checks, ...original.exclusions], constraint.name, constraint), sink);
      sink.note(why(constraintNoun(constraint), constraint.name));
      const wanted = [...(target?.checks ?? []), ...(target?.exclusions ?? [])].find((c) => c.name === constraint.name);
      if (wanted !== undefined && !added.has(member(table, constraint.name))) emitAddConstraint(refOf(table), wanted, sink);
    }
    for (const index of table.indexes.filter(hasIndexExpression)) {
      if (dropped.has(member(original, index.name))) continue;
      emitDropIndex(refOf(original), originalNamed(original.indexes, index.name, index), sink);
      sink.note(why("index", index.name));
      const wanted = target?.indexes.find((i) => i.name === index.name);
      if (wanted !== undefined && !added.has(member(table, index.name))) emitCreateIndex(refOf(table), wanted, sink);
    }
  }
}
