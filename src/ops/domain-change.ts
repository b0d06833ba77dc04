/**
 * What an `alterDomain` does to the domain, decided once for the compiler (src/sql/compile-domains.ts)
 * and for what hangs on the domain and its checks (src/compare/migration-events.ts): a new base type or
 * collation, which ALTER DOMAIN cannot change, drops the domain and creates it again; otherwise each
 * check whose definition changed, or that is gone, is dropped, each new or changed one added, and one that
 * only loses its NOT VALID is validated in place.
 */
import type { CompositeAttributeDef, CompositeTypeDef, DomainConstraintDef, DomainDef } from "../model/schema-model";
import { rangeColumns } from "./enum-change";
import type { EnumUsage } from "./operation";
import type { AlterCompositeTypeOp, AlterDomainOp } from "./table-kind-ops";

export interface DomainChange {
  /** Dropped and created again (`DROP DOMAIN`, `CREATE DOMAIN`). */
  readonly recreated: boolean;
  /** Checks dropped (changed or gone), in `from`'s order; none when recreated. */
  readonly droppedChecks: readonly string[];
  /** Checks validated in place. */
  readonly validatedChecks: readonly DomainConstraintDef[];
  /** Checks added (new or changed), in `to`'s order; none when recreated. */
  readonly addedChecks: readonly DomainConstraintDef[];
}

/**
 * Whether an `alterDomain` rebuilds the domain under columns of it or range types over it (a new base
 * type or collation, with `usages` or `ranges`): it then runs where an enum rebuild does, after drops and
 * renames (src/ops/phases.ts).
 */
export function rebuildsDomainColumns(op: AlterDomainOp): boolean {
  return ((op.usages ?? []).length > 0 || (op.ranges ?? []).length > 0) && domainChange(op.from, op.to).recreated;
}

/** Every column a domain rebuild re-casts: its own, and those of the range types rebuilt with it. */
export function domainRecastColumns(op: AlterDomainOp): EnumUsage[] {
  return [...(op.usages ?? []), ...rangeColumns(op.ranges)];
}

/** The attributes kept by name whose type or collation changes (ALTER ATTRIBUTE ... TYPE). */
export function retypedAttributes(from: CompositeTypeDef, to: CompositeTypeDef): CompositeAttributeDef[] {
  return to.attributes.filter((a) => {
    const was = from.attributes.find((b) => b.name === a.name);
    return was !== undefined && (was.type !== a.type || was.collation !== a.collation);
  });
}

/**
 * Whether an `alterCompositeType` rebuilds the type under columns of it (an attribute retyped, with
 * `usages`): it then runs where the enum and domain rebuilds do.
 */
export function rebuildsCompositeColumns(op: AlterCompositeTypeOp): boolean {
  return (op.usages ?? []).length > 0 && retypedAttributes(op.from, op.to).length > 0;
}

export function domainChange(from: DomainDef, to: DomainDef): DomainChange {
  if (from.type !== to.type || from.collation !== to.collation) {
    return { recreated: true, droppedChecks: [], validatedChecks: [], addedChecks: [] };
  }
  const before = new Map(from.checks.map((c) => [c.name, c.definition]));
  const after = new Map(to.checks.map((c) => [c.name, c.definition]));
  const validatedChecks = to.checks.filter((c) => before.get(c.name) === `${c.definition} NOT VALID`);
  const validated = new Set(validatedChecks.map((c) => c.name));
  return {
    recreated: false,
    droppedChecks: from.checks.filter((c) => after.get(c.name) !== c.definition && !validated.has(c.name)).map((c) => c.name),
    validatedChecks,
    addedChecks: to.checks.filter((c) => before.get(c.name) !== c.definition && !validated.has(c.name)),
  };
}
