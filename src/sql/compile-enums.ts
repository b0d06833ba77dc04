/**
 * Enums. Creating and dropping are plain; changing labels takes one of two paths:
 * - append: every old label is kept in its order, so each new one is added in place with
 *   `ALTER TYPE ... ADD VALUE IF NOT EXISTS 'x' [BEFORE|AFTER 'y']`. Since PostgreSQL 12 these run inside
 *   the migration's transaction (a failure later in the migration takes the label back); only USING the
 *   label in that same transaction is refused ("unsafe use of new value", SQLSTATE 55P04). Autogenerate
 *   therefore puts labels that its migration uses into a revision of their own, committed first (see
 *   src/ops/enum-label-stages.ts). IF NOT EXISTS makes a re-run harmless.
 * - rebuild: the type is renamed to `<name>__old` (the name shortened to leave room for the suffix within
 *   PostgreSQL's 63 bytes), created anew, every usage re-cast through text (the constraints and indexes
 *   holding a constant of the type set aside meanwhile: src/sql/enum-dependents.ts)
 *   (its default dropped before and restored after), and the old type dropped. A removed label must no
 *   longer be stored in any row. The restored default is the text given in the usage (its `defaultAfter`
 *   when it has one: the default the migration changes it to): it names the type by its (unchanged) name,
 *   which by then is the new type. An op that changes a usage's default takes this path even when it only
 *   adds labels (`addsLabelsInPlace`), since the labels of a type created in the transaction may be used.
 *   The attributes of composite types of the enum (`attributes`) are retyped to the new type with
 *   `ALTER TYPE ... ALTER ATTRIBUTE`, the columns of such a type held as text meanwhile
 *   (src/sql/composite-holders.ts), and the domains on the enum (`domains`) are
 *   rebuilt on it with their columns (src/sql/compile-domains.ts), before the old type is dropped. So
 *   are the range types over the enum (`ranges`), with their columns: set aside before the enum is
 *   renamed, created again over the new one (src/sql/range-rebuild.ts). What the rebuild creates again
 *   keeps the old one's owner, grants and comment, read when the migration runs
 *   (src/sql/keep-grants-and-comments.ts): the derived downgrade of an appended label is such a rebuild,
 *   and no privilege or comment op comes with it. Nor any function op: the functions using the enum or a
 *   type rebuilt with it are set aside when the rebuild runs and created again as they were
 *   (src/sql/type-functions.ts).
 */
import type { DomainDef } from "../model/schema-model";
import type {
  EnumDomainUsage,
  EnumUsage,
  AlterEnumOp,
  CreateEnumOp,
  DropEnumOp,
  MoveEnumOp,
  RenameEnumOp,
  TypeRef,
} from "../ops/operation";
import { domainRebuild, recastUsage } from "./compile-domains";
import { addsLabelsInPlace } from "../ops/enum-change";
import { removedLabelChecks, remappedText, storedAs } from "./enum-value-map";
import { keepingGrantsAndComments } from "./keep-grants-and-comments";
import type { OwnedObjectRef } from "../ops/catalog-operations";
import { statement, type CompiledStatement } from "./compiled-statement";
import { quoteIdent, quoteLiteral, quoteQualified } from "./quote";
import { suffixedIdentifier } from "../model/identifier-limit";
import { restoreEnumDependents, setAsideEnumDependents } from "./enum-dependents";
import { setAsideTypeFunctions, restoreTypeFunctions } from "./type-functions";
import { rangeOwners, rangeRebuiltTypes, rangesOver, rebuildRanges, setRangesAside } from "./range-rebuild";
import { holdCompositeColumnsAsText, restoreCompositeColumns } from "./composite-holders";

/** Suffix of the old type while an enum is rebuilt. */
export const OLD_ENUM_SUFFIX = "__old";

/** `CREATE TYPE "s"."e" AS ENUM ('a', 'b')`. */
export function compileCreateEnum(op: CreateEnumOp): CompiledStatement[] {
  return [createEnumStatement(op.enum, op.enum.labels)];
}

/** `DROP TYPE "s"."e"`. */
export function compileDropEnum(op: DropEnumOp): CompiledStatement[] {
  return [statement(`DROP TYPE ${quoteQualified(op.enum)}`)];
}

/** `ALTER TYPE "s"."e" RENAME TO "new"`: columns and defaults name the type by its oid and follow. */
export function compileRenameEnum(op: RenameEnumOp): CompiledStatement[] {
  return [statement(`ALTER TYPE ${quoteQualified(op.enum)} RENAME TO ${quoteIdent(op.to)}`)];
}

/** `ALTER TYPE "s"."e" SET SCHEMA "other"`, then `ALTER TYPE "other"."e" RENAME TO "new"` when renamed too. */
export function compileMoveEnum(op: MoveEnumOp): CompiledStatement[] {
  const move = statement(`ALTER TYPE ${quoteQualified(op.enum)} SET SCHEMA ${quoteIdent(op.schema)}`);
  return op.to === undefined
    ? [move]
    : [move, ...compileRenameEnum({ kind: "renameEnum", enum: { schema: op.schema, name: op.enum.name }, to: op.to })];
}

/**
 * `ADD VALUE` statements when `to` only inserts labels into `from`, else a rebuild (see file comment).
 * @example // from ['b'] to ['a', 'b'] => ALTER TYPE "public"."e" ADD VALUE IF NOT EXISTS 'a' BEFORE 'b'
 */
export function compileAlterEnum(op: AlterEnumOp): CompiledStatement[] {
  return addsLabelsInPlace(op) ? addValues(op) : rebuild(op);
}

function addValues(op: AlterEnumOp): CompiledStatement[] {
  const kept = new Set(op.from);
  const statements: CompiledStatement[] = [];
  op.to.forEach((label, i) => {
    if (kept.has(label)) return;
    const prefix = `ALTER TYPE ${quoteQualified(op.enum)} ADD VALUE IF NOT EXISTS ${quoteLiteral(label)}`;
    const oldLabelFollows = op.to.slice(i + 1).some((later) => kept.has(later));
    const previous = op.to[i - 1];
    let sql = prefix;
    // Labels are added left to right, so the label just before is always there already.
    if (oldLabelFollows && previous !== undefined)
      sql = `${prefix} AFTER ${quoteLiteral(previous)}`;
    else if (oldLabelFollows) sql = `${prefix} BEFORE ${quoteLiteral(op.from[0] as string)}`;
    statements.push(statement(sql));
  });
  return statements;
}

function rebuild(op: AlterEnumOp): CompiledStatement[] {
  const old: TypeRef = {
    schema: op.enum.schema,
    name: suffixedIdentifier(op.enum.name, OLD_ENUM_SUFFIX),
  };
  // The new type, and each domain on it and range type over it created again, keep the owner, the grants
  // and the comment the old one had (the derived downgrade of an appended label brings no op for them).
  const owned: OwnedObjectRef[] = [
    { kind: "type", schema: op.enum.schema, name: op.enum.name },
    ...(op.domains ?? []).map(({ domain }): OwnedObjectRef => ({
      kind: "domain",
      schema: domain.schema,
      name: domain.name,
    })),
    ...rangeOwners(op.ranges),
  ];
  // The checks first: a label still in use stops the migration before anything changes.
  return [
    ...removedLabelChecks(op),
    ...keepingGrantsAndComments(owned, [
      setAsideEnumDependents(op.enum),
      // Before any type is renamed; created again once every new one exists, before what calls them may be.
      setAsideTypeFunctions(op.enum, rebuiltTypes(op)),
      ...setRangesAside(op.ranges),
      statement(`ALTER TYPE ${quoteQualified(op.enum)} RENAME TO ${quoteIdent(old.name)}`),
      createEnumStatement(op.enum, op.to),
      // A composite type's attribute takes the new type; the columns holding the type are text meanwhile.
      ...holdCompositeColumnsAsText(op),
      ...(op.attributes ?? []).map((a) =>
        statement(
          `ALTER TYPE ${quoteQualified(a.type)} ALTER ATTRIBUTE ${quoteIdent(a.attribute)} TYPE ${quoteQualified(op.enum)}${a.array ? "[]" : ""}`,
        ),
      ),
      ...restoreCompositeColumns(op),
      ...(op.domains ?? []).flatMap((entry) => rebuildDomain(op, entry)),
      ...op.usages.flatMap((usage) => recast(op, usage)),
      ...rebuildRanges(op, rangesOver(op.ranges, op.enum), op.ranges ?? []),
      restoreTypeFunctions(op.enum),
      restoreEnumDependents(op.enum),
      statement(`DROP TYPE ${quoteQualified(old)}`),
    ]),
  ];
}

/** The types the rebuild creates again: the enum, the domains on it, the range types over either with their multirange types and domains. */
function rebuiltTypes(op: AlterEnumOp): TypeRef[] {
  return [
    op.enum,
    ...(op.domains ?? []).map(({ domain }) => domain),
    ...rangeRebuiltTypes(op.ranges),
  ];
}

/** Re-casts a column of the enum, or of `domain` (a domain on the enum) when given. */
function recast(op: AlterEnumOp, usage: EnumUsage, domain?: DomainDef): CompiledStatement[] {
  const target = `${quoteQualified(domain ?? op.enum)}${usage.array ? "[]" : ""}`;
  return recastUsage(
    op,
    usage,
    target,
    `${remappedText(op, domain === undefined ? usage : storedAs(op, usage, domain))}::${target}`,
  );
}

/**
 * A domain on the enum, moved to the new type: renamed to `<name>__old`, created again (its type text
 * names the enum, by then the new one), its columns re-cast through text as the enum's own columns are,
 * the range types over it rebuilt over the new one (set aside with the others before the enum is
 * renamed), the old one dropped.
 */
function rebuildDomain(op: AlterEnumOp, entry: EnumDomainUsage): CompiledStatement[] {
  return domainRebuild(entry.domain, [
    ...entry.usages.flatMap((usage) => recast(op, usage, entry.domain)),
    ...rebuildRanges(op, rangesOver(op.ranges, entry.domain), op.ranges ?? []),
  ]);
}

function createEnumStatement(type: TypeRef, labels: readonly string[]): CompiledStatement {
  return statement(
    `CREATE TYPE ${quoteQualified(type)} AS ENUM (${labels.map(quoteLiteral).join(", ")})`,
  );
}
