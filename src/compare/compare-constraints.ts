/**
 * Constraints of a table present on both sides (primary key, unique, foreign key, check, exclusion),
 * matched by name: entity-side names come from TypeORM's naming strategy, so a name that matches is the
 * same constraint. A changed definition is a drop plus an add; Postgres cannot alter one in place, except
 * to validate a NOT VALID foreign key or check (`validateConstraint`).
 */
import type { CheckDef, ConstraintDef, ForeignKeyDef, TableDef, TableRef } from "../model/schema-model";
import { isNotValidInModel } from "../ops/not-valid";
import type { ChangeCollector } from "./collector";
import type { TableVersions } from "./table-versions";
import { constraintNoun, displayName } from "./display";
import { sameConstraint } from "./equality";
import { compareNamedMembers, memberChangeLine } from "./named-members";
import { emitIndexStorageChange } from "./compare-indexes";

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
export function compareConstraints(versions: TableVersions, sink: ChangeCollector): void {
  compareNamedMembers(
    keepingInheritedChecks(versions, sink),
    {
      membersOf: tableConstraints,
      same: sameConstraint,
      emitDrop: emitDropConstraint,
      emitAdd: emitAddConstraint,
      emitRename: emitRenameConstraint,
      // A key's index has the key's name; its storage parameters change in place.
      alterInPlace: (table, from, to, sink) =>
        emitValidation(table, from, to, sink) ||
        ((from.type === "primaryKey" || from.type === "unique") && from.type === to.type && emitIndexStorageChange(table, from, to, sameConstraint, sink)),
    },
    sink,
  );
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
  sink.emit(
    { kind: "dropConstraint", table, name: constraint.name, existing: constraint },
    memberChangeLine(reason, constraintNoun(constraint), constraint.name, table),
  );
}

/**
 * A foreign key or check that `from` has NOT VALID and `to` validated, and that is otherwise the same: a
 * `validateConstraint` (SHARE UPDATE EXCLUSIVE while it checks the rows: reads and writes go on) instead of
 * a drop and an add (ACCESS EXCLUSIVE for the whole check). It carries `from`, so that the downgrade makes
 * it NOT VALID again. Says whether it emitted one.
 */
function emitValidation(table: TableRef, from: ConstraintDef, to: ConstraintDef, sink: ChangeCollector): boolean {
  if ((from.type !== "foreignKey" && from.type !== "check") || !isNotValidInModel(from) || isNotValidInModel(to)) return false;
  if (!sameConstraint(validated(from), to)) return false;
  sink.emit(
    { kind: "validateConstraint", table: { schema: table.schema, name: table.name }, name: to.name, existing: from },
    `Detected validated ${constraintNoun(to)} '${to.name}' on '${displayName(table)}'`,
  );
  return true;
}

/** A NOT VALID foreign key or check as the same constraint validated. */
function validated(c: ForeignKeyDef | CheckDef): ForeignKeyDef | CheckDef {
  if (c.type === "check") return { ...c, definition: c.definition.replace(/\s*\bNOT VALID$/, "") };
  const { notValid: _, ...rest } = c;
  return rest;
}

/** Emits a `renameConstraint` (same definition, another name). */
function emitRenameConstraint(table: TableRef, from: ConstraintDef, to: ConstraintDef, sink: ChangeCollector): void {
  sink.emit(
    { kind: "renameConstraint", table, from: from.name, to: to.name },
    `Detected renamed ${constraintNoun(to)} '${from.name}' to '${to.name}' on '${displayName(table)}'`,
  );
}

/** Emits an `addConstraint`; `reason` as for `emitDropConstraint`. */
export function emitAddConstraint(
  table: TableRef,
  constraint: ConstraintDef,
  sink: ChangeCollector,
  reason?: "added",
): void {
  sink.emit(
    { kind: "addConstraint", table, constraint },
    memberChangeLine(reason, constraintNoun(constraint), constraint.name, table),
  );
}

/**
 * `versions` whose target keeps each check the table has of its own and from a parent as well
 * (CheckDef.inherited) where the target, still a child, has it from a parent only (not in its model): no statement
 * makes a merged check the parent's only (PostgreSQL refuses to drop an inherited constraint), so it
 * stays, and a warning says so, as for a merged column.
 */
function keepingInheritedChecks(versions: TableVersions, sink: ChangeCollector): TableVersions {
  const { current, target } = versions;
  // Only while the table keeps a parent: one that leaves it (NO INHERIT) has the check as its own alone.
  if ((target.inherits ?? []).length === 0 && target.partitionOf === undefined) return versions;
  const kept = current.checks.filter((c) => c.inherited === true && !target.checks.some((t) => t.name === c.name));
  if (kept.length === 0) return versions;
  for (const check of kept) {
    sink.note(
      `Warning: check '${check.name}' on '${displayName(target)}' stays a constraint of the table itself as well as ` +
        `inherited: Postgres merges the parent's check into it and has no statement that makes it inherited only`,
    );
  }
  return { ...versions, target: { ...target, checks: [...target.checks, ...kept] } };
}
