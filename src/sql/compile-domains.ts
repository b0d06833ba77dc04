/**
 * Domains and composite types: create, drop, alter. Base types, defaults and check definitions are
 * Postgres's own printing and are inserted verbatim, as column types and defaults are.
 */
import type { CompositeAttributeDef, DomainConstraintDef, DomainDef } from "../model/schema-model";
import type {
  AlterCompositeTypeOp,
  AlterDomainOp,
  CreateCompositeTypeOp,
  CreateDomainOp,
  DropCompositeTypeOp,
  DropDomainOp,
} from "../ops/operation";
import { domainChange, rebuildsCompositeColumns, rebuildsDomainColumns } from "../ops/domain-change";
import { rangeOwners, rangeRebuiltTypes, rangesOver, rebuildRanges, setRangesAside } from "./range-rebuild";
import { restoreTypeFunctions, setAsideTypeFunctions } from "./type-functions";
import { statement, type CompiledStatement } from "./compiled-statement";
import { quoteIdent, quoteQualified, quoteTable } from "./quote";
import { suffixedIdentifier } from "../model/identifier-limit";
import { usingCast } from "../ops/type-change";
import type { EnumUsage, Operation } from "../ops/operation";
import { sameTypeFamily } from "../ops/type-text";
import { columnSettingsStatement, storageSettingActions } from "./column-definition";
import { UncompilableOperationError } from "./uncompilable-operation-error";
import { keepingOwners } from "./compile-owners";
import type { OwnedObjectRef } from "../ops/catalog-operations";

const NOT_VALID = / NOT VALID$/;

/**
 * `CREATE DOMAIN "s"."d" AS type [COLLATE c] [DEFAULT e] [NOT NULL] [CONSTRAINT "n" CHECK (...)]`; a
 * check that is NOT VALID (not allowed in CREATE DOMAIN) is added after it.
 */
export function compileCreateDomain(op: CreateDomainOp): CompiledStatement[] {
  const d = op.domain;
  const parts = [`CREATE DOMAIN ${quoteQualified(d)} AS ${d.type}`];
  if (d.collation !== null) parts.push(`COLLATE ${d.collation}`);
  if (d.default !== null) parts.push(`DEFAULT ${d.default}`);
  if (d.notNull) parts.push("NOT NULL");
  for (const check of d.checks.filter((c) => !NOT_VALID.test(c.definition))) parts.push(checkClause(check));
  return [
    statement(parts.join(" ")),
    ...d.checks.filter((c) => NOT_VALID.test(c.definition)).map((c) => addCheck(d, c)),
  ];
}

/** `DROP DOMAIN "s"."d"`: never CASCADE, so a column using it stops the drop. */
export function compileDropDomain(op: DropDomainOp): CompiledStatement[] {
  return [statement(`DROP DOMAIN ${quoteQualified(op.domain)}`)];
}

/**
 * `ALTER DOMAIN` for each difference: default, NOT NULL, checks dropped (changed or removed) then added;
 * a check that only loses its NOT VALID is validated instead. A new base type or collation, which ALTER
 * DOMAIN cannot change, drops the domain and creates it again. With columns of it (`usages`) or range
 * types over it (`ranges`), which Postgres would not drop it under, it is rebuilt instead, as an enum is:
 * renamed to `<name>__old`, created anew, each column re-cast through the base types' cast (its default
 * dropped before and restored after: it names the type by its name, by then the new one), the range
 * types rebuilt over the new one with their columns (range-rebuild.ts), the old one dropped.
 */
export function compileAlterDomain(op: AlterDomainOp): CompiledStatement[] {
  const { from, to } = op;
  if (from.schema !== to.schema || from.name !== to.name) {
    throw new UncompilableOperationError(op, `domain ${quoteQualified(from)}`, "ALTER DOMAIN cannot rename a domain here.");
  }
  const change = domainChange(from, to);
  // Created again: the new domain keeps the owner the old one had.
  const owned: OwnedObjectRef[] = [{ kind: "domain", schema: to.schema, name: to.name }, ...rangeOwners(op.ranges)];
  if (rebuildsDomainColumns(op)) return keepingOwners(owned, rebuildDomain(op, from, to, op.usages ?? []));
  if (change.recreated) {
    return keepingOwners(owned, [statement(`DROP DOMAIN ${quoteQualified(from)}`), ...compileCreateDomain({ kind: "createDomain", domain: to })]);
  }
  const alter = (action: string) => statement(`ALTER DOMAIN ${quoteQualified(from)} ${action}`);
  const statements: CompiledStatement[] = [];
  if (from.default !== to.default) statements.push(alter(to.default === null ? "DROP DEFAULT" : `SET DEFAULT ${to.default}`));
  if (from.notNull !== to.notNull) statements.push(alter(to.notNull ? "SET NOT NULL" : "DROP NOT NULL"));
  for (const name of change.droppedChecks) statements.push(alter(`DROP CONSTRAINT ${quoteIdent(name)}`));
  for (const check of change.validatedChecks) statements.push(alter(`VALIDATE CONSTRAINT ${quoteIdent(check.name)}`));
  for (const check of change.addedChecks) statements.push(addCheck(to, check));
  return statements;
}

/**
 * A column of a rebuilt type re-cast to `target` with `USING using`: its default dropped before (it
 * names the old type) and, after, restored (it names the type by its name, by then the new one) or set
 * to the one the migration changes it to (`defaultAfter`). Serves the enum, domain and composite rebuilds.
 */
export function recastUsage(op: Operation, usage: EnumUsage, target: string, using: string, keepsSettings = true): CompiledStatement[] {
  const alter = `ALTER TABLE ${quoteTable(usage.table)} ALTER COLUMN ${quoteIdent(usage.column)}`;
  const restored = usage.defaultAfter === undefined ? usage.default : usage.defaultAfter;
  const settings = keepsSettings ? usage.settings : undefined;
  return [
    ...(usage.default !== null ? [statement(`${alter} DROP DEFAULT`)] : []),
    statement(`${alter} TYPE ${target} USING ${using}`),
    ...(restored !== null ? [statement(`${alter} SET DEFAULT ${restored}`)] : []),
    // The re-cast reset them, here and in the partitions and children it reached.
    ...columnSettingsStatement(usage.table, storageSettingActions(op, usage.table, usage.column, settings ?? {})),
    ...(keepsSettings ? (usage.descendants ?? []) : []).flatMap((d) =>
      columnSettingsStatement(d.table, storageSettingActions(op, d.table, usage.column, d.settings)),
    ),
  ];
}

/** Suffix of the old domain or composite type while one with columns is rebuilt. */
export const OLD_TYPE_SUFFIX = "__old";

/**
 * A domain rebuilt under its columns (here, and by an enum rebuild for the domains on the enum): renamed
 * to `<name>__old`, `to` created under the name, the columns re-cast by `recasts`, the old one dropped.
 * When `to` is NOT NULL, the old one's NOT NULL goes first: on PostgreSQL 17+ a domain's NOT NULL is a
 * constraint named `<name>_not_null`, which the renamed domain keeps, and a name the server chooses must be
 * free in the whole schema, so the new domain's would be `<name>_not_null1`, unlike the same domain
 * created anywhere else (on 15 and 16 it only clears the flag). In the migration's transaction no other
 * session sees the gap: the columns are re-cast into the new domain, NOT NULL checked, before it commits
 * (in a migration run without one, the gap lasts until the re-casts, as the renamed domain itself does).
 */
export function domainRebuild(to: DomainDef, recasts: readonly CompiledStatement[]): CompiledStatement[] {
  const old = suffixedIdentifier(to.name, OLD_TYPE_SUFFIX);
  const renamed = quoteQualified({ schema: to.schema, name: old });
  return [
    statement(`ALTER DOMAIN ${quoteQualified(to)} RENAME TO ${quoteIdent(old)}`),
    ...(to.notNull ? [statement(`ALTER DOMAIN ${renamed} DROP NOT NULL`)] : []),
    ...compileCreateDomain({ kind: "createDomain", domain: to }),
    ...recasts,
    statement(`DROP DOMAIN ${renamed}`),
  ];
}

/** The range types over the domain (`ranges`) are set aside before it is renamed and rebuilt over the new one (range-rebuild.ts). */
function rebuildDomain(op: AlterDomainOp, from: DomainDef, to: DomainDef, usages: readonly EnumUsage[]): CompiledStatement[] {
  return [
    // The functions using it or those types, which the comparison may not drop and create again (type-functions.ts).
    setAsideTypeFunctions(to, [to, ...rangeRebuiltTypes(op.ranges)]),
    ...setRangesAside(op.ranges),
    ...domainRebuild(to, [
      ...usages.flatMap((usage) => {
        const brackets = usage.array ? "[]" : "";
        // Through the base types' cast (none where an assignment cast does), then into the new domain.
        const base = usingCast(usage.column, from.type + brackets, to.type + brackets) ?? quoteIdent(usage.column);
        const target = `${quoteQualified(to)}${brackets}`;
        return recastUsage(op, usage, target, `(${base})::${target}`, sameTypeFamily(from.type, to.type));
      }),
      ...rebuildRanges(op, rangesOver(op.ranges, to), op.ranges ?? []),
    ]),
    restoreTypeFunctions(to),
  ];
}

function checkClause(check: DomainConstraintDef): string {
  return `CONSTRAINT ${quoteIdent(check.name)} ${check.definition}`;
}

function addCheck(domain: DomainDef, check: DomainConstraintDef): CompiledStatement {
  return statement(`ALTER DOMAIN ${quoteQualified(domain)} ADD ${checkClause(check)}`);
}

/** `CREATE TYPE "s"."t" AS ("a" integer, "b" text COLLATE "C")`. */
export function compileCreateCompositeType(op: CreateCompositeTypeOp): CompiledStatement[] {
  return [statement(`CREATE TYPE ${quoteQualified(op.type)} AS (${op.type.attributes.map(attribute).join(", ")})`)];
}

/** `DROP TYPE "s"."t"`: never CASCADE. */
export function compileDropCompositeType(op: DropCompositeTypeOp): CompiledStatement[] {
  return [statement(`DROP TYPE ${quoteQualified(op.type)}`)];
}

/**
 * One `ALTER TYPE` with `DROP ATTRIBUTE`, `ALTER ATTRIBUTE ... TYPE` and `ADD ATTRIBUTE` actions, matched
 * by name (attributes added go to the end). Postgres refuses to retype an attribute of a type a column
 * uses; adding and dropping work (a dropped attribute's values are gone). So with columns of it
 * (`usages`) and an attribute retyped, the type is rebuilt instead: renamed to `<name>__old`, created
 * with the new attributes, each column re-cast to a row of them (each attribute kept by name cast from
 * the old value, a new one NULL; a NULL value stays NULL), the old type dropped. A NULL value is told
 * from a row of NULLs by `IS NOT DISTINCT FROM NULL` (`IS NULL` is true for both); `value::text IS NULL`
 * says the same, but PostgreSQL 15 fails on it in a partitioned table's USING ("unrecognized node type").
 */
export function compileAlterCompositeType(op: AlterCompositeTypeOp): CompiledStatement[] {
  if (rebuildsCompositeColumns(op)) return rebuildComposite(op);
  const { from, to } = op;
  const before = new Map(from.attributes.map((a) => [a.name, a]));
  const after = new Map(to.attributes.map((a) => [a.name, a]));
  const actions: string[] = [];
  for (const a of from.attributes) if (!after.has(a.name)) actions.push(`DROP ATTRIBUTE ${quoteIdent(a.name)}`);
  for (const a of to.attributes) {
    const was = before.get(a.name);
    if (was === undefined) actions.push(`ADD ATTRIBUTE ${attribute(a)}`);
    else if (was.type !== a.type || was.collation !== a.collation) {
      actions.push(`ALTER ATTRIBUTE ${quoteIdent(a.name)} TYPE ${a.type}${a.collation === null ? "" : ` COLLATE ${a.collation}`}`);
    }
  }
  return actions.length === 0 ? [] : [statement(`ALTER TYPE ${quoteQualified(from)} ${actions.join(", ")}`)];
}

function rebuildComposite(op: AlterCompositeTypeOp): CompiledStatement[] {
  const { from, to } = op;
  const old = suffixedIdentifier(from.name, OLD_TYPE_SUFFIX);
  return keepingOwners([{ kind: "type", schema: to.schema, name: to.name }], [
    statement(`ALTER TYPE ${quoteQualified(from)} RENAME TO ${quoteIdent(old)}`),
    ...compileCreateCompositeType({ kind: "createCompositeType", type: to }),
    ...(op.usages ?? []).flatMap((usage) => {
      const value = quoteIdent(usage.column);
      const fields = to.attributes.map((a) => {
        const kept = from.attributes.some((b) => b.name === a.name);
        return kept ? `((${value}).${quoteIdent(a.name)})::${a.type}` : `NULL::${a.type}`;
      });
      const target = quoteQualified(to);
      return recastUsage(op, usage, target, `CASE WHEN ${value} IS NOT DISTINCT FROM NULL THEN NULL ELSE ROW(${fields.join(", ")})::${target} END`);
    }),
    statement(`DROP TYPE ${quoteQualified({ schema: from.schema, name: old })}`),
  ]);
}

function attribute(a: CompositeAttributeDef): string {
  return `${quoteIdent(a.name)} ${a.type}${a.collation === null ? "" : ` COLLATE ${a.collation}`}`;
}
