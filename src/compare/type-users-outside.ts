/**
 * A type the migration drops, or rebuilds (an enum whose labels are removed or moved, a domain whose base
 * type changes, a composite type whose attribute is retyped under its columns, a range type changed),
 * while something in a schema the comparison leaves out (`--schema`, `--exclude-schema`, the entities'
 * schemas) uses it: a column, a composite type's attribute, a domain, a range type, a function's argument
 * or result, a column default, a trigger or a policy. The model holds only the compared schemas, so the
 * rebuild re-casts the columns it knows and stops at `DROP TYPE ... __old` ("column c of table t depends
 * on type s.e__old"), half-way through the migration. A diff of some schemas must not alter tables in
 * others, so such a migration is refused before it is written, naming the type, the change and each user
 * (read from the database's pg_depend: src/introspect/read-type-users.ts). Views and rules there are
 * refused the same way on their own (rule-readers.ts). A table left out by `exclude` in a compared schema
 * is in the model and is handled by the comparison itself (src/compare/compare-enums.ts).
 */
import type { CompositeTypeDef, TableRef } from "../model/schema-model";
import { domainChange, rebuildsCompositeColumns, retypedAttributes } from "../ops/domain-change";
import { addsLabelsInPlace } from "../ops/enum-change";
import type { AlterEnumOp, Operation, RangeRebuild } from "../ops/operation";
import { TypeUsedOutsideError } from "./compare-errors";
import { displayName } from "./display";

/** One object outside the compared schemas that uses a type (a row of read-type-users.ts). */
export interface TypeUse {
  /** The type used, as the database has it before the migration (one of those asked about). */
  readonly typeSchema: string;
  readonly typeName: string;
  readonly kind: "column" | "attribute" | "domain" | "range type" | "type" | "function" | "default" | "trigger" | "policy";
  readonly schema: string;
  /** The table, composite type, domain or range type; a function's identity with its arguments. */
  readonly relation: string;
  /** The column, attribute, trigger or policy; null for the others. */
  readonly member: string | null;
}

/** A type the migration drops, or changes in place, and what it does to it. */
export interface TypeChange {
  /** Named as the database has it before the migration (an enum renamed earlier in it by its old name). */
  readonly type: TableRef;
  /** What the migration does, as a clause: `removes the label 'b' from enum s.e, which ...`. */
  readonly what: string;
  /**
   * `true` for an attribute retyped in place (`ALTER TYPE ... ALTER ATTRIBUTE`), which only a column of the
   * type stands in the way of (a column of a domain or composite type over it is not followed: that one
   * still stops the migration when it runs); otherwise the type is dropped, which anything using it stands
   * in the way of.
   */
  readonly inPlace?: true;
}

/** The types `operations` drop or change so that what uses them must follow, named as the database has them. */
export function typeChanges(operations: readonly Operation[]): TypeChange[] {
  const names = new EnumRenames();
  const changes: TypeChange[] = [];
  for (const op of operations) {
    changes.push(...changesOf(op, names));
    names.follow(op);
  }
  return changes;
}

function changesOf(op: Operation, names: EnumRenames): TypeChange[] {
  const dropped = (noun: string, type: TableRef): TypeChange => ({ type, what: `drops ${noun} ${displayName(type)}` });
  switch (op.kind) {
    case "dropEnum":
      return [dropped("enum", names.original(op.enum))];
    case "dropDomain":
      return [dropped("domain", op.domain)];
    case "dropCompositeType":
      return [dropped("composite type", op.type)];
    case "dropRangeType":
      return [dropped("range type", op.type)];
    case "alterRangeType":
      return [{ type: op.from, what: `changes range type ${displayName(op.from)}, which drops it and creates it again` }];
    case "alterEnum":
      return addsLabelsInPlace(op) ? [] : enumRebuild(op, names.original(op.enum));
    case "alterDomain": {
      if (!domainChange(op.from, op.to).recreated) return [];
      const domain = `domain ${displayName(op.from)}`;
      const change = op.from.type === op.to.type ? `the collation of ${domain}` : `the base type of ${domain} from ${op.from.type} to ${op.to.type}`;
      return [
        { type: op.from, what: `changes ${change}, which creates the domain again and drops the old one` },
        ...rangesWith(op.ranges, domain),
      ];
    }
    case "alterCompositeType":
      return compositeChange(op.from, op.to, rebuildsCompositeColumns(op));
    default:
      return [];
  }
}

/** The enum itself, and the domains, range types and composite types' attributes rebuilt or retyped with it. */
function enumRebuild(op: AlterEnumOp, type: TableRef): TypeChange[] {
  const enumName = `enum ${displayName(type)}`;
  const list = (labels: readonly string[]) => labels.map((l) => `'${l}'`).join(", ");
  const removed = op.from.filter((label) => !op.to.includes(label));
  const change =
    removed.length > 0
      ? `removes the label${removed.length > 1 ? "s" : ""} ${list(removed)} from ${enumName}`
      : `changes the labels of ${enumName} from (${list(op.from)}) to (${list(op.to)})`;
  return [
    { type, what: `${change}, which creates the type again and drops the old one (PostgreSQL has no ALTER TYPE ... DROP VALUE)` },
    ...(op.domains ?? []).map(({ domain }) => ({
      type: { schema: domain.schema, name: domain.name },
      what: `creates domain ${displayName(domain)} again over the rebuilt ${enumName} and drops the old one`,
    })),
    ...rangesWith(op.ranges, enumName),
    ...(op.attributes ?? []).map(
      (a): TypeChange => ({ type: a.type, what: `retypes attribute ${a.attribute} of composite type ${displayName(a.type)} to the rebuilt ${enumName}`, inPlace: true }),
    ),
  ];
}

function rangesWith(ranges: readonly RangeRebuild[] | undefined, over: string): TypeChange[] {
  return (ranges ?? []).flatMap(({ range, attributes }) => [
    {
      type: { schema: range.schema, name: range.name },
      what: `creates range type ${displayName(range)} again over the rebuilt ${over} and drops the old one`,
    },
    ...(attributes ?? []).map(
      (a): TypeChange => ({
        type: a.type,
        what: `retypes attribute ${a.attribute} of composite type ${displayName(a.type)} to the rebuilt range type ${displayName(range)}`,
        inPlace: true,
      }),
    ),
  ]);
}

function compositeChange(from: CompositeTypeDef, to: CompositeTypeDef, rebuilt: boolean): TypeChange[] {
  const retyped = retypedAttributes(from, to);
  if (retyped.length === 0) return [];
  const type = `composite type ${displayName(from)}`;
  const attributes = `attribute${retyped.length > 1 ? "s" : ""} ${retyped.map((a) => a.name).join(", ")}`;
  return rebuilt
    ? [{ type: from, what: `retypes ${attributes} of ${type}, which creates the type again and drops the old one` }]
    : [{ type: from, what: `retypes ${attributes} of ${type} (ALTER TYPE ... ALTER ATTRIBUTE)`, inPlace: true }];
}

/** The types `changes` touch, for read-type-users.ts. */
export function changedTypes(changes: readonly TypeChange[]): TableRef[] {
  const unique = new Map(changes.map((change): [string, TableRef] => [displayName(change.type), change.type]));
  return [...unique.values()];
}

/**
 * Refuses the migration when something outside the compared schemas (`uses`: the users of the types
 * `changedTypes` names, from the database) uses a type it changes (see the file comment).
 * @throws TypeUsedOutsideError naming each change and what stands in its way
 */
export function refuseTypeUsersOutside(changes: readonly TypeChange[], uses: readonly TypeUse[]): void {
  const { blockers, schemas } = typeUseBlockers(changes, uses);
  if (blockers.length > 0) throw new TypeUsedOutsideError(blockers, schemas);
}

/**
 * Each change some of `uses` stand in the way of, as a clause (`it removes the label 'b' from enum s.e,
 * which ..., but column public.t.c uses it`), and the schemas of those users.
 */
export function typeUseBlockers(changes: readonly TypeChange[], uses: readonly TypeUse[]): { blockers: string[]; schemas: string[] } {
  const blockers: string[] = [];
  const schemas = new Set<string>();
  for (const change of changes) {
    const users = uses.filter(
      (u) => u.typeSchema === change.type.schema && u.typeName === change.type.name && (change.inPlace !== true || u.kind === "column"),
    );
    const named = [...new Set(withoutOwnDefaults(users).map(userName))];
    if (named.length === 0) continue;
    for (const user of users) schemas.add(user.schema);
    blockers.push(`it ${change.what}, but ${named.join(", ")} use${named.length > 1 ? "" : "s"} it`);
  }
  return { blockers, schemas: [...schemas].sort() };
}

/** `users` without the default of a column they name as a column too (its type names the type already). */
function withoutOwnDefaults(users: readonly TypeUse[]): TypeUse[] {
  const columns = new Set(users.filter((u) => u.kind === "column").map((u) => `${u.schema}.${u.relation}.${u.member}`));
  return users.filter((u) => u.kind !== "default" || !columns.has(`${u.schema}.${u.relation}.${u.member}`));
}

/** `column public.t.c`, `attribute z of composite type public.comp`, `function public.f(s.e)`, ... */
function userName(use: TypeUse): string {
  const relation = `${use.schema}.${use.relation}`;
  switch (use.kind) {
    case "column":
      return `column ${relation}.${use.member}`;
    case "attribute":
      return `attribute ${use.member} of composite type ${relation}`;
    case "default":
      return `the default of column ${relation}.${use.member}`;
    case "trigger":
    case "policy":
      return `${use.kind} ${use.member} on ${relation}`;
    case "function":
      return `function ${use.relation}`;
    default:
      return `${use.kind} ${relation}`;
  }
}

/** The names enums had before the renames and moves of the operations walked so far. */
class EnumRenames {
  /** Current `schema.name` -> the enum as the database has it. */
  private readonly enums = new Map<string, TableRef>();

  original(ref: TableRef): TableRef {
    return this.enums.get(displayName(ref)) ?? ref;
  }

  follow(op: Operation): void {
    if (op.kind === "renameEnum") this.enums.set(displayName({ schema: op.enum.schema, name: op.to }), this.original(op.enum));
    if (op.kind === "moveEnum") this.enums.set(displayName({ schema: op.schema, name: op.to ?? op.enum.name }), this.original(op.enum));
  }
}
