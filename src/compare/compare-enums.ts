/**
 * Enums: created, dropped, or their labels changed. A label change is one `alterEnum` whatever its shape:
 * appended labels compile to `ADD VALUE`, anything else rebuilds the type and re-casts every usage. A
 * renamed label cannot be told from a removed plus an added one, so it is a rebuild.
 */
import type { PolicyDef, RuleDef, TriggerDef } from "../model/catalog-objects";
import type { DomainDef, EnumDef, SchemaModel, TableDef, TableRef, ViewDef } from "../model/schema-model";
import { tableKey } from "../model/names";
import { storageSettingsOf } from "../ops/column-changes";
import { isEnumAppend } from "../ops/enum-change";
import type { AlterColumnOp, ColumnStorageSettings, EnumAttributeUsage, EnumDomainUsage, EnumUsage, Operation, TypeRef } from "../ops/operation";
import type { ChangeCollector } from "./collector";
import { EnumRebuildBlockedError } from "./compare-errors";
import { manages, type ManagedKind } from "./managed-kinds";
import type { RenamedFrom } from "./compare-tables";
import { differences, mapOf } from "./differences";
import { displayName } from "./display";
import { sameEnum } from "./equality";
import type { TableScope } from "./scope";
import { multirangeOf, typeNamesEnum } from "../ops/type-text";
import { appendDowngradeWarnings } from "./type-function-users";
import { heldCompositeDowngradeWarnings } from "./held-types";
import { rangeRebuildBlockers, rangeRebuilds, type RangeSides } from "./range-rebuilds";

/**
 * Compares the enums of `from` and `to`. An enum that `to` lacks is not dropped while a table left out of
 * the comparison still uses it.
 *
 * The usages of an `alterEnum` are the columns of that type at the point of the migration where it runs
 * (see src/ops/phases.ts), which is also where its inverse runs in the downgrade: an append runs before
 * every drop and rename, so its usages are those of `from` as it is; a rebuild runs after drops and
 * renames, so its usages are the surviving columns under their new names.
 */
export function compareEnums(
  from: SchemaModel,
  renamed: RenamedFrom,
  to: SchemaModel,
  manage: ReadonlySet<ManagedKind> | undefined,
  inScope: TableScope,
  sink: ChangeCollector,
): void {
  const diff = differences(mapOf(from.enums), mapOf(to.enums), sameEnum);
  for (const def of diff.removed) {
    const keptUser = Object.values(from.tables).filter((t) => !inScope(t)).flatMap((t) => enumUsages(t, def))[0];
    if (keptUser !== undefined) {
      sink.note(
        `Enum '${displayName(def)}' is not in the target but column '${displayName(keptUser.table)}.` +
          `${keptUser.column}' (excluded from the comparison) uses it: not dropped`,
      );
      continue;
    }
    sink.emit({ kind: "dropEnum", enum: typeRefOf(def), existing: def }, `Detected removed enum '${displayName(def)}'`);
  }
  for (const def of diff.added) {
    sink.emit({ kind: "createEnum", enum: def }, `Detected added enum '${displayName(def)}'`);
  }
  for (const { from: before, to: after } of diff.modified) {
    const append = isEnumAppend(before.labels, after.labels);
    const sides = { from, to, manage };
    if (!append) refuseBlockedRebuild(sides, inScope, before, after, sink.operations);
    const tables = append ? Object.values(from.tables) : survivingTables(renamed, sink.operations);
    const usages = withoutInheritedUsages(tables.flatMap((t) => enumUsages(t, before)), tables);
    const attributes = enumAttributes(from, before, tables);
    const domains = enumDomains(from, to, before, tables);
    // The range types over the enum and over the domains on it. An append carries them too: its inverse,
    // in the downgrade, is a rebuild.
    const subtypes = [before, ...domains.map((d) => d.domain)];
    const blocked = append && subtypes.some((type) => rangeRebuildBlockers(sides, type, []).length > 0);
    const ranges = blocked ? [] : subtypes.flatMap((type) => rangeRebuilds(sides, type, tables, append ? null : sink));
    // The functions using those that the downgrade's rebuild cannot set aside (src/sql/type-functions.ts).
    const rebuilt = [...subtypes, ...ranges.flatMap((r) => [r.range, multirangeOf(r.range), ...(r.domains ?? []).map((d) => d.domain)])];
    const warnings = append
      ? [...appendDowngradeWarnings(from, displayName(after), rebuilt), ...heldCompositeDowngradeWarnings(from, displayName(after), attributes, tables)]
      : [];
    sink.emit(
      {
        kind: "alterEnum",
        enum: typeRefOf(after),
        from: before.labels,
        to: after.labels,
        usages: append ? usages : usages.map((usage) => takeDefaultChange(usage, sink)),
        ...(attributes.length > 0 && { attributes }),
        ...(domains.length > 0 && { domains }),
        ...(ranges.length > 0 && { ranges }),
      },
      labelChangeLine(before, after, append),
    );
    for (const warning of warnings) sink.note(warning);
  }
}

/**
 * Throws `EnumRebuildBlockedError` when something that uses the enum in `from` cannot follow it to the
 * rebuilt type: a partition key column of a table the migration keeps, a domain based on it that another
 * domain or a composite type uses, or with a range type over it that cannot be carried over, a composite type with an attribute of it that something uses (an
 * array of it counts too), a range type over it that the rebuild cannot carry over (`rangeRebuildBlockers`);
 * and what the migration keeps, or creates again as it is, that holds a constant of a label the rebuilt
 * type no longer has (`removedLabelHolders`). Checked before a single op of the rebuild is emitted:
 * refused here, where the user can act, not half-way through applying the migration.
 */
function refuseBlockedRebuild(sides: RangeSides, inScope: TableScope, before: EnumDef, after: EnumDef, ops: readonly Operation[]): void {
  const { from, to, manage } = sides;
  const target: Target = { to, inScope, manage };
  const dropped = new Set(ops.flatMap((op) => (op.kind === "dropTable" ? [tableKey(op.table)] : [])));
  const names = (type: string) => typeNamesEnum(type, before.schema, before.name) !== null;
  const blockers: string[] = [...removedLabelHolders(kept(from, target, dropped), before, after)];
  for (const [key, columns] of Object.entries(from.partitionKeyColumns ?? {})) {
    const table = from.tables[key];
    if (table === undefined || dropped.has(key)) continue;
    for (const usage of enumUsages(table, before).filter((u) => columns.includes(u.column))) {
      blockers.push(`column ${displayName(table)}.${usage.column} is in its table's partition key (PostgreSQL cannot change the type of a partition key column)`);
    }
  }
  for (const domain of Object.values(from.domains ?? {}).filter((d) => names(d.type))) {
    const user = domainTypeUser(from, domain);
    if (user !== undefined) {
      blockers.push(
        `domain ${displayName(domain)} is based on it and ${user} uses that domain (the rebuild carries over only the columns and range types of a domain)`,
      );
    }
    blockers.push(...rangeRebuildBlockers(sides, domain, ops, `domain ${displayName(domain)} (based on it)`));
  }
  for (const type of Object.values(from.compositeTypes ?? {})) {
    const attributes = type.attributes.filter((a) => names(a.type));
    const user = attributes.length === 0 ? undefined : compositeTypeUser(from, type);
    if (user === undefined) continue;
    for (const attribute of attributes) {
      blockers.push(
        `composite type ${displayName(type)} has attribute ${attribute.name} of it and ${user} uses that type ` +
          `(PostgreSQL cannot retype an attribute of a composite type a column uses)`,
      );
    }
  }
  blockers.push(...rangeRebuildBlockers(sides, before, ops));
  if (blockers.length > 0) throw new EnumRebuildBlockedError(displayName(before), before.labels, after.labels, blockers);
}

/** A constant as PostgreSQL prints one in an expression: `'closed'::public.status`, `'{a,b}'::public.status[]`. */
const CONSTANT = /'((?:[^']|'')*)'::((?:"(?:[^"]|"")*"|[A-Za-z_][A-Za-z_0-9$]*)\.(?:"(?:[^"]|"")*"|[A-Za-z_][A-Za-z_0-9$]*)(?:\[\])?)/g;

/** The labels of `type` that `text` holds as constants of it (an array constant's elements too). */
function labelsHeld(text: string, type: EnumDef): string[] {
  const labels: string[] = [];
  for (const [, literal, typeText] of text.matchAll(CONSTANT)) {
    const named = typeNamesEnum(typeText!, type.schema, type.name);
    if (named === null) continue;
    const value = literal!.replace(/''/g, "'");
    if (!named.array) labels.push(value);
    else labels.push(...value.replace(/^\{|\}$/g, "").split(",").map((e) => e.replace(/^"|"$/g, "").replace(/\\(.)/g, "$1")));
  }
  return labels;
}

/** The comparison's target, what it compares and the kinds it manages. */
interface Target {
  readonly to: SchemaModel;
  readonly inScope: TableScope;
  readonly manage: ReadonlySet<ManagedKind> | undefined;
}

/** What there is after the migration, kind by kind: the target's objects and what it keeps of `from`. */
interface Kept {
  /** The target's tables, and those of `from` left out of the comparison that the migration does not drop. */
  readonly tables: readonly TableDef[];
  readonly triggers: readonly TriggerDef[];
  readonly rules: readonly RuleDef[];
  readonly policies: readonly PolicyDef[];
  readonly domains: readonly DomainDef[];
  readonly views: readonly ViewDef[];
}

/** What there is after the migration: of each kind of catalog object, the target's if it manages it, else `from`'s (on tables it keeps). */
function kept(from: SchemaModel, { to, inScope, manage }: Target, dropped: ReadonlySet<string>): Kept {
  const stays = (o: { schema: string; table: string }) => !dropped.has(tableKey({ schema: o.schema, name: o.table }));
  const side = (kind: ManagedKind) => (manages(manage, kind) ? to : from);
  return {
    tables: [...Object.values(to.tables), ...Object.values(from.tables).filter((t) => !inScope(t) && !dropped.has(tableKey(t)))],
    triggers: Object.values(side("triggers").triggers).filter(stays),
    rules: Object.values(side("rules").rules ?? {}).filter(stays),
    policies: Object.values(side("policies").policies).filter(stays),
    domains: Object.values(side("domains").domains ?? {}),
    views: Object.values(to.views),
  };
}

/**
 * What the migration leaves as it is, or creates again from its definition around the rebuild, that
 * holds a constant of a label `after` drops: the defaults, generated columns, checks, exclusions and
 * indexes of the tables, the triggers, rules, policies, domains and views (`kept`). Created again over
 * the new type, its constant would fail ("invalid input value for enum"), half-way through the migration.
 */
function removedLabelHolders(objects: Kept, before: EnumDef, after: EnumDef): string[] {
  const removed = new Set(before.labels.filter((label) => !after.labels.includes(label)));
  if (removed.size === 0) return [];
  const holders: string[] = [];
  const check = (what: string, ...texts: (string | null | undefined)[]) => {
    const held = [...new Set(texts.flatMap((text) => (text ? labelsHeld(text, before) : [])).filter((l) => removed.has(l)))];
    if (held.length > 0) holders.push(`${what} holds the label${held.length > 1 ? "s" : ""} ${held.map((l) => `'${l}'`).join(", ")}, which the rebuilt type no longer has (change or drop it first)`);
  };
  for (const table of objects.tables) {
    for (const column of table.columns) check(`column ${displayName(table)}.${column.name}`, column.default, column.generated);
    for (const c of [...table.checks, ...table.exclusions]) check(`constraint ${c.name} on ${displayName(table)}`, c.definition);
    for (const index of table.indexes) check(`index ${index.name} on ${displayName(table)}`, index.where, ...index.keys.map((k) => k.expression));
  }
  const on = (o: { schema: string; table: string }) => displayName({ schema: o.schema, name: o.table });
  for (const trigger of objects.triggers) check(`trigger ${trigger.name} on ${on(trigger)}`, trigger.definition);
  for (const rule of objects.rules) check(`rule ${rule.name} on ${on(rule)}`, rule.definition);
  for (const policy of objects.policies) check(`policy ${policy.name} on ${on(policy)}`, policy.using, policy.withCheck);
  for (const domain of objects.domains) check(`domain ${displayName(domain)}`, domain.default, ...domain.checks.map((c) => c.definition));
  for (const view of objects.views) check(`view ${displayName(view)}`, view.definition);
  return holders;
}

/**
 * What uses a composite type, for messages: a column of it (or an array of it), an attribute of another
 * composite type, a domain or a range type over it; undefined when nothing does (then an attribute can be retyped).
 */
export function compositeTypeUser(model: SchemaModel, type: { readonly schema: string; readonly name: string }): string | undefined {
  const names = (text: string) => typeNamesEnum(text, type.schema, type.name) !== null;
  for (const table of Object.values(model.tables)) {
    const column = table.columns.find((c) => names(c.type));
    if (column !== undefined) return `column ${displayName(table)}.${column.name}`;
  }
  for (const other of Object.values(model.compositeTypes ?? {})) {
    if (other.attributes.some((a) => names(a.type))) return `composite type ${displayName(other)}`;
  }
  const domain = Object.values(model.domains ?? {}).find((d) => names(d.type));
  return domain === undefined ? rangeTypeOver(model, names) : `domain ${displayName(domain)}`;
}

/** A range type whose subtype `names` matches, for messages. */
function rangeTypeOver(model: SchemaModel, names: (type: string) => boolean): string | undefined {
  const range = Object.values(model.rangeTypes ?? {}).find((r) => names(r.subtype));
  return range === undefined ? undefined : `range type ${displayName(range)}`;
}

/** What uses a domain other than columns, for messages: a composite type's attribute, another domain, a range type. */
export function domainUser(model: SchemaModel, domain: DomainDef): string | undefined {
  return domainTypeUser(model, domain) ?? rangeTypeOver(model, (text) => typeNamesEnum(text, domain.schema, domain.name) !== null);
}

/** A type built on a domain, for messages: a composite type with an attribute of it, or another domain over it. */
export function domainTypeUser(model: SchemaModel, domain: DomainDef): string | undefined {
  const names = (text: string) => typeNamesEnum(text, domain.schema, domain.name) !== null;
  const type = Object.values(model.compositeTypes ?? {}).find((c) => c.attributes.some((a) => names(a.type)));
  if (type !== undefined) return `composite type ${displayName(type)}`;
  const other = Object.values(model.domains ?? {}).find((d) => d !== domain && names(d.type));
  return other === undefined ? undefined : `domain ${displayName(other)}`;
}

/**
 * The domains based on the enum, each with its columns among `tables`: rebuilt with the enum. Each as
 * `to` has it where `to` has it on the same type (changes in place run before the rebuild), else as it is.
 */
function enumDomains(from: SchemaModel, to: SchemaModel, def: EnumDef, tables: readonly TableDef[]): EnumDomainUsage[] {
  return Object.entries(from.domains ?? {}).flatMap(([key, domain]) => {
    if (typeNamesEnum(domain.type, def.schema, def.name) === null) return [];
    const target = to.domains?.[key];
    const usages = withoutInheritedUsages(tables.flatMap((t) => enumUsages(t, domain)), tables);
    return [{ domain: target !== undefined && target.type === domain.type ? target : domain, usages }];
  });
}

/**
 * The attributes of composite types whose type is the enum or an array of it, each with the columns of
 * `tables` holding its type (held as text while the attribute is retyped: src/sql/composite-holders.ts).
 * A rebuild of the upgrade is refused where something uses such a composite type (`refuseBlockedRebuild`);
 * an append carries the columns for its inverse, the downgrade's rebuild.
 */
function enumAttributes(model: SchemaModel, def: EnumDef, tables: readonly TableDef[]): EnumAttributeUsage[] {
  return Object.values(model.compositeTypes ?? {}).flatMap((type) => {
    const usages = withoutInheritedUsages(tables.flatMap((t) => enumUsages(t, type)), tables);
    return type.attributes.flatMap((attribute) => {
      const match = typeNamesEnum(attribute.type, def.schema, def.name);
      if (match === null) return [];
      const ref = { schema: type.schema, name: type.name };
      return [{ type: ref, attribute: attribute.name, array: match.array, ...(usages.length > 0 && { usages }) }];
    });
  });
}

/**
 * A rebuild (of an enum, a domain or a composite type) re-casts a column and restores its default; when
 * the migration also changes that default (an `alterColumn` of the column that keeps its type), the
 * rebuild sets the new default instead (`defaultAfter`) and the `alterColumn` no longer does. Restoring
 * the old default could fail (it may use a label the rebuild removes, or a row of the old attributes),
 * and setting the new one later could too in the downgrade, whose inverse
 * default change would run before the labels it needs are back. Not for `ALTER TABLE ONLY` changes,
 * which the re-cast's statements (run on the whole hierarchy) cannot express.
 */
export function takeDefaultChange(usage: EnumUsage, sink: ChangeCollector): EnumUsage {
  const change = sink.operations.find(
    (op): op is AlterColumnOp =>
      op.kind === "alterColumn" &&
      op.column === usage.column &&
      tableKey(op.table) === tableKey(usage.table) &&
      op.changes.default !== undefined &&
      op.changes.type === undefined &&
      op.only !== true,
  );
  if (change === undefined) return usage;
  const { default: defaultAfter, ...rest } = change.changes;
  sink.replace(change, Object.keys(rest).length === 0 ? null : { ...change, changes: rest });
  return { ...usage, defaultAfter: defaultAfter ?? null };
}

/** The tables of `from` after the drops and renames of `ops`, without their dropped columns. */
export function survivingTables(renamed: RenamedFrom, ops: readonly Operation[]): TableDef[] {
  const droppedTables = new Set<string>();
  const droppedColumns = new Map<string, Set<string>>();
  for (const op of ops) {
    if (op.kind === "dropTable") droppedTables.add(tableKey(op.table));
    if (op.kind === "dropColumn") {
      const columns = droppedColumns.get(tableKey(op.table)) ?? new Set<string>();
      droppedColumns.set(tableKey(op.table), columns.add(op.column));
    }
  }
  return Object.values(renamed.model.tables).flatMap((table) => {
    const originalKey = tableKey(renamed.original(table) ?? table);
    if (droppedTables.has(originalKey)) return [];
    const gone = droppedColumns.get(originalKey);
    return [gone === undefined ? table : { ...table, columns: table.columns.filter((c) => !gone.has(c.name)) }];
  });
}

/**
 * `usages` without the columns a partition or an inheritance child has from a parent that is re-cast
 * too: `ALTER TABLE parent ALTER COLUMN ... TYPE` re-casts them with it, and PostgreSQL refuses to
 * re-cast an inherited column on its own ("cannot alter inherited column").
 */
export function withoutInheritedUsages<U extends EnumUsage>(usages: readonly U[], tables: readonly TableDef[]): U[] {
  const recast = new Set(usages.map((u) => `${tableKey(u.table)}.${JSON.stringify(u.column)}`));
  const parentsOf = new Map(
    tables.map((t): [string, readonly TableRef[]] => [tableKey(t), [...(t.partitionOf ? [t.partitionOf.parent] : []), ...(t.inherits ?? [])]]),
  );
  const fromParent = (usage: EnumUsage, seen: Set<string>): boolean =>
    (parentsOf.get(tableKey(usage.table)) ?? []).some((parent) => {
      if (seen.has(tableKey(parent))) return false;
      seen.add(tableKey(parent));
      return recast.has(`${tableKey(parent)}.${JSON.stringify(usage.column)}`) || fromParent({ ...usage, table: parent }, seen);
    });
  const kept = usages.filter((usage) => !fromParent(usage, new Set()));
  // The settings of the columns left out go with the re-cast that reaches them: that of a kept usage of
  // the same column among their ancestors.
  const settled = new Map(kept.map((usage) => [`${tableKey(usage.table)}.${JSON.stringify(usage.column)}`, usage]));
  const rootOf = (usage: EnumUsage, seen: Set<string>): EnumUsage | undefined => {
    for (const parent of parentsOf.get(tableKey(usage.table)) ?? []) {
      if (seen.has(tableKey(parent))) continue;
      seen.add(tableKey(parent));
      const found = settled.get(`${tableKey(parent)}.${JSON.stringify(usage.column)}`) ?? rootOf({ ...usage, table: parent }, seen);
      if (found !== undefined) return found;
    }
    return undefined;
  };
  const descendants = new Map<EnumUsage, { table: TableRef; settings: ColumnStorageSettings }[]>();
  for (const usage of usages) {
    if (usage.settings === undefined || kept.includes(usage)) continue;
    const root = rootOf(usage, new Set());
    if (root !== undefined) descendants.set(root, [...(descendants.get(root) ?? []), { table: usage.table, settings: usage.settings }]);
  }
  return kept.map((usage) => (descendants.has(usage) ? { ...usage, descendants: descendants.get(usage)! } : usage));
}

/** The columns of a table whose type is the enum (or domain) or an array of it. */
export function enumUsages(table: TableDef, def: { readonly schema: string; readonly name: string }): EnumUsage[] {
  return table.columns.flatMap((column) => {
    const match = typeNamesEnum(column.type, def.schema, def.name);
    if (match === null) return [];
    const settings = storageSettingsOf(column);
    return [
      {
        table: { schema: table.schema, name: table.name },
        column: column.name,
        default: column.default,
        array: match.array,
        ...(Object.keys(settings).length > 0 && { settings }),
      },
    ];
  });
}

function labelChangeLine(from: EnumDef, to: EnumDef, append: boolean): string {
  const name = displayName(to);
  if (append) {
    const added = to.labels.filter((label) => !from.labels.includes(label));
    return `Detected added value${added.length === 1 ? "" : "s"} ${added.map((l) => `'${l}'`).join(", ")} of enum '${name}'`;
  }
  const list = (labels: readonly string[]) => `(${labels.map((l) => `'${l}'`).join(", ")})`;
  return `Detected changed values of enum '${name}' from ${list(from.labels)} to ${list(to.labels)}: the type is rebuilt`;
}

function typeRefOf(def: EnumDef): TypeRef {
  return { schema: def.schema, name: def.name };
}
