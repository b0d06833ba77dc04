/**
 * Constraints of a table present on both sides (primary key, unique, foreign key, check, exclusion),
 * matched by name: entity-side names come from TypeORM's naming strategy, so a name that matches is the
 * same constraint. A changed definition is a drop plus an add; Postgres cannot alter one in place.
 */
import type { ConstraintDef, TableDef, TableRef } from "../model/schema-model";
import type { ChangeCollector } from "./collector";
import { originalNamed, refOf, type TableVersions } from "./table-versions";
import { differences, keyedBy } from "./differences";
import { constraintNoun, displayName } from "./display";
import { sameConstraint } from "./equality";

/** Every constraint of a table, in a fixed order: primary key, unique, foreign key, check, exclusion. */
export function tableConstraints(table: TableDef): readonly ConstraintDef[] {
  return [
    ...(table.primaryKey === null ? [] : [table.primaryKey]),
    ...table.uniques,
    ...table.foreignKeys,
    ...table.checks,
    ...table.exclusions,
  ];
}

/** Compares the constraints of a table present on both sides. */
export function compareConstraints({ original, current, target }: TableVersions, sink: ChangeCollector): void {
  const byName = (def: TableDef) => keyedBy(tableConstraints(def), (c) => c.name);
  const diff = differences(byName(current), byName(target), sameConstraint);
  const originals = tableConstraints(original);
  const drop = (constraint: ConstraintDef, reason: "removed" | "changed") =>
    emitDropConstraint(refOf(original), originalNamed(originals, constraint.name, constraint), sink, reason);
  diff.removed.forEach((constraint) => drop(constraint, "removed"));
  diff.added.forEach((constraint) => emitAddConstraint(refOf(target), constraint, sink, "added"));
  for (const { from: before, to: after } of diff.modified) {
    drop(before, "changed");
    emitAddConstraint(refOf(target), after, sink);
  }
}

/**
 * Emits a `dropConstraint` carrying the constraint it drops. `reason` words the log line; without one,
 * the op is part of a difference already logged.
 */
export function emitDropConstraint(
  table: TableRef,
  constraint: ConstraintDef,
  sink: ChangeCollector,
  reason?: "removed" | "changed",
): void {
  const line =
    reason === undefined
      ? undefined
      : `Detected ${reason} ${constraintNoun(constraint)} '${constraint.name}' on '${displayName(table)}'` +
        (reason === "changed" ? ": dropped and re-created" : "");
  sink.emit({ kind: "dropConstraint", table, name: constraint.name, existing: constraint }, line);
}

/** Emits an `addConstraint`; `reason` as for `emitDropConstraint`. */
export function emitAddConstraint(
  table: TableRef,
  constraint: ConstraintDef,
  sink: ChangeCollector,
  reason?: "added",
): void {
  const line =
    reason === undefined
      ? undefined
      : `Detected ${reason} ${constraintNoun(constraint)} '${constraint.name}' on '${displayName(table)}'`;
  sink.emit({ kind: "addConstraint", table, constraint }, line);
}
