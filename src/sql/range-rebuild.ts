/**
 * The range types over a type rebuilt under its columns (an enum, or a domain whose base type changes),
 * rebuilt with it: PostgreSQL cannot change a range type's subtype, and a range type over the old type
 * keeps it from being dropped. Around the rebuild of the subtype, each range type is
 * - set aside before the old subtype is renamed: what holds a constant of it or of its multirange type
 *   (checks, exclusions, indexes with an expression or predicate) dropped and kept, as an enum rebuild
 *   does for its own type (enum-dependents.ts); then the range type and its multirange type renamed to
 *   `<name>__old`, and the multirange type's constructor without arguments too (the new multirange
 *   type's would have its name and no argument to tell them apart; the others take the old range type);
 * - created again once the new subtype exists, with the same definition, which names the subtype by its
 *   name, by then the new one; the attributes of composite types of either (types nothing uses, which
 *   hold no value) retyped to the new one (`ALTER ATTRIBUTE`); the domains over it rebuilt as the domains on an enum are (renamed,
 *   created again, their columns re-cast); each column of it or of its multirange type (an array of
 *   either too) re-cast through text (`USING col::text::r`), its default dropped and restored; what was
 *   set aside created again; the old range type dropped, its multirange type and constructors with it.
 * A range type over such a range type is rebuilt the same way once the new one exists, before the old one
 * is dropped.
 * A subtype_diff function (`subtypeDiff`) is renamed aside with the range type, created again from its
 * definition over the new subtype just before the range type is, and its old one dropped after the old
 * range type. A range type with a canonical function is never rebuilt: the function, in C, takes the old
 * range type (the comparison refuses it, src/compare/range-rebuilds.ts).
 */
import type { OwnedObjectRef } from "../ops/catalog-operations";
import type { EnumUsage, Operation, RangeRebuild, TypeRef } from "../ops/operation";
import { multirangeOf, typeNamesEnum } from "../ops/type-text";
import { suffixedIdentifier } from "../model/identifier-limit";
import { statement, type CompiledStatement } from "./compiled-statement";
import { domainRebuild, OLD_TYPE_SUFFIX, recastUsage } from "./compile-domains";
import { createRange } from "./compile-range-types";
import { restoreEnumDependents, setAsideEnumDependents } from "./enum-dependents";
import { quoteIdent, quoteQualified } from "./quote";
import { objectName } from "./object-name";
import { compileCreateFunction } from "./compile-functions";
import type { FunctionDef } from "../model/catalog-objects";

/** The range types, and the domains over them, created again: they keep their owners. */
export function rangeOwners(ranges: readonly RangeRebuild[] | undefined): OwnedObjectRef[] {
  return (ranges ?? []).flatMap((r) => [
    { kind: "type", schema: r.range.schema, name: r.range.name },
    ...(r.domains ?? []).map(({ domain }): OwnedObjectRef => ({ kind: "domain", schema: domain.schema, name: domain.name })),
    ...(r.subtypeDiff === undefined ? [] : [functionRef(r.subtypeDiff)]),
  ]);
}

/** The types rebuilt with `ranges`: each range type, its multirange type and the domains over either. */
export function rangeRebuiltTypes(ranges: readonly RangeRebuild[] | undefined): TypeRef[] {
  return (ranges ?? []).flatMap((r) => [r.range, multirangeOf(r.range), ...(r.domains ?? []).map(({ domain }) => domain)]);
}

/** Before the subtype is renamed: each range type's dependents set aside, the range and multirange types renamed. */
export function setRangesAside(ranges: readonly RangeRebuild[] | undefined): CompiledStatement[] {
  return (ranges ?? []).flatMap(({ range, subtypeDiff }) => {
    const multirange = multirangeOf(range);
    return [
      setAsideEnumDependents(range),
      setAsideEnumDependents(multirange),
      statement(`ALTER TYPE ${quoteQualified(range)} RENAME TO ${quoteIdent(old(range).name)}`),
      statement(`ALTER TYPE ${quoteQualified(multirange)} RENAME TO ${quoteIdent(old(multirange).name)}`),
      // PostgreSQL makes the constructors in the range type's schema, wherever the multirange type is.
      statement(`ALTER FUNCTION ${quoteQualified({ schema: range.schema, name: multirange.name })}() RENAME TO ${quoteIdent(old(multirange).name)}`),
      // Its arguments name the old subtype, by its name until that is renamed too.
      ...(subtypeDiff === undefined ? [] : [statement(`ALTER FUNCTION ${objectName(functionRef(subtypeDiff))} RENAME TO ${quoteIdent(old(subtypeDiff).name)}`)]),
    ];
  });
}

/**
 * Once the new subtype exists: each range type among `ranges` created again, its domains and columns
 * re-cast, the range types over it among `all` rebuilt in turn (their old ones hold the old one), the old
 * one dropped.
 */
export function rebuildRanges(op: Operation, ranges: readonly RangeRebuild[], all: readonly RangeRebuild[]): CompiledStatement[] {
  return ranges.flatMap(({ range, usages, domains, attributes, subtypeDiff }) => {
    const multirange = multirangeOf(range);
    return [
      // Its definition names the subtype by its name, by then the new one: the range type, created next, finds it.
      ...(subtypeDiff === undefined ? [] : compileCreateFunction({ kind: "createFunction", function: subtypeDiff })),
      statement(createRange(range)),
      // A composite type nothing uses holds no value: its attribute just takes the new type.
      ...(attributes ?? []).map((a) =>
        statement(
          `ALTER TYPE ${quoteQualified(a.type)} ALTER ATTRIBUTE ${quoteIdent(a.attribute)} TYPE ${quoteQualified(a.multirange ? multirange : range)}${a.array ? "[]" : ""}`,
        ),
      ),
      ...(domains ?? []).flatMap(({ domain, usages: columns }) =>
        domainRebuild(domain, columns.flatMap((usage) => recastThroughText(op, usage, quoteQualified(domain)))),
      ),
      ...usages.flatMap((usage) => recastThroughText(op, usage, quoteQualified(usage.multirange ? multirange : range))),
      restoreEnumDependents(multirange),
      restoreEnumDependents(range),
      ...rebuildRanges(op, rangesOver(all, range), all),
      statement(`DROP TYPE ${quoteQualified(old(range))}`),
      // By its name alone: its arguments' types are no longer named as they were.
      ...(subtypeDiff === undefined ? [] : [statement(`DROP FUNCTION ${quoteQualified(old(subtypeDiff))}`)]),
    ];
  });
}

/** The range types among `ranges` whose subtype is `type` (or an array of it): those to rebuild over its new one. */
export function rangesOver(ranges: readonly RangeRebuild[] | undefined, type: TypeRef): RangeRebuild[] {
  return (ranges ?? []).filter(({ range }) => typeNamesEnum(range.subtype, type.schema, type.name) !== null);
}

/** A column re-cast to `type` (or an array of it) through its text, which names no type. */
function recastThroughText(op: Operation, usage: EnumUsage, type: string): CompiledStatement[] {
  const target = `${type}${usage.array ? "[]" : ""}`;
  const text = `${quoteIdent(usage.column)}::text`;
  return recastUsage(op, usage, target, `${text}::${target}`);
}

function functionRef(fn: FunctionDef): OwnedObjectRef {
  return { kind: fn.kind, schema: fn.schema, name: fn.name, arguments: fn.arguments };
}

function old(type: TypeRef): TypeRef {
  return { schema: type.schema, name: suffixedIdentifier(type.name, OLD_TYPE_SUFFIX) };
}
