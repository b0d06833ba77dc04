/**
 * A type rebuilt under its columns, which re-casts them in place (`ALTER COLUMN ... TYPE`): an enum that
 * is not only appended to (its own columns and those of the domains and range types rebuilt with it), a
 * domain whose base type or collation changes under columns of it or range types over it, or a composite type whose attribute does. What
 * stands on those columns must make way as for any retype (src/compare/foreign-key-dependencies.ts,
 * src/compare/retype-dependents.ts).
 */
import { domainRecastColumns, rebuildsCompositeColumns, rebuildsDomainColumns } from "./domain-change";
import { addsLabelsInPlace, recastColumns } from "./enum-change";
import type { EnumUsage, Operation, TypeRef } from "./operation";

export interface TypeRebuild {
  readonly noun: "enum" | "domain" | "composite type";
  readonly type: TypeRef;
  /** The columns re-cast. */
  readonly columns: readonly EnumUsage[];
}

/** The rebuild `op` makes, or null when it makes none. */
export function typeRebuild(op: Operation): TypeRebuild | null {
  if (op.kind === "alterEnum" && !addsLabelsInPlace(op)) return { noun: "enum", type: op.enum, columns: recastColumns(op) };
  if (op.kind === "alterDomain" && rebuildsDomainColumns(op)) return { noun: "domain", type: op.from, columns: domainRecastColumns(op) };
  if (op.kind === "alterCompositeType" && rebuildsCompositeColumns(op)) {
    return { noun: "composite type", type: op.from, columns: op.usages ?? [] };
  }
  return null;
}
