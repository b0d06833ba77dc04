/**
 * Which catalog objects each operation creates, drops or changes in place, as object keys
 * (src/model/object-keys.ts): what dependency ordering (dependency-order.ts) matches with the
 * databases' own dependency records. One entry per op kind, so a new kind without one is a compile error.
 *
 * - `creates`: objects that do not exist before the op and do after it (a created table holds its
 *   columns and constraints: their keys are inside the table's);
 * - `drops`: objects that exist before and not after;
 * - `alters`: objects changed in place whose dependencies may change with them (a column's type, a
 *   sequence's owner); a default set or removed alone is created or dropped (it has a key of its own,
 *   `defaultKey`), and so are a domain's default and checks changed in place;
 * - `needs`: objects the op itself names and which must exist first, whatever the databases record
 *   (the column that owns a created sequence);
 * - `hangsOn`: the object a grant, comment or row-security flag is set on. Its phase removes such things
 *   first, before what they hang on can be dropped or changed, but a removal on an object the same
 *   migration creates (a REVOKE from PUBLIC on a new function) must wait for the create.
 */
import {
  collationKey,
  columnKey,
  constraintKey,
  defaultKey,
  domainDefaultKey,
  extensionKey,
  functionKey,
  functionNameKey,
  memberKey,
  publicationKey,
  publicationTableKey,
  relationKey,
  schemaKey,
  statisticsKey,
  objectKeyOfAnchor,
  typeKey,
  type ObjectKey,
} from "../model/object-keys";
import { anchorKey, type CatalogObjectRef } from "../model/object-ref";
import type { TableRef } from "../model/schema-model";
import { keyColumns } from "../model/table-members";
import type { FunctionRef, MemberRef } from "./catalog-operations";
import { dispatch, movedEnum, movedTable, type AlterColumnOp, type AlterDomainOp, type CreateIndexOp, type CreatePartitionedIndexOp, type Operation, type OperationTable, type RangeRebuild } from "./operation";
import { domainChange } from "./domain-change";
import { addsLabelsInPlace } from "./enum-change";
import { multirangeOf, unquoteIdentifier } from "./type-text";

export interface OperationObjects {
  readonly creates?: readonly ObjectKey[];
  readonly drops?: readonly ObjectKey[];
  readonly alters?: readonly ObjectKey[];
  readonly needs?: readonly ObjectKey[];
  readonly hangsOn?: readonly ObjectKey[];
}

/** `{ hangsOn: [the object's key] }`, or nothing for an object without a key. */
function hangingOn(ref: CatalogObjectRef): OperationObjects {
  const key = objectKeyOfAnchor(anchorKey(ref));
  return key === null ? NOTHING : { hangsOn: [key] };
}

const NOTHING: OperationObjects = {};

/** The range types rebuilt with a type, their multirange types and the domains over either. */
function rangeKeys(ranges: readonly RangeRebuild[] | undefined): ObjectKey[] {
  return (ranges ?? []).flatMap(({ range, domains }) => [
    typeKey(range),
    typeKey(multirangeOf(range)),
    ...(domains ?? []).map(({ domain }) => typeKey(domain)),
  ]);
}

/** An index or a relation named in the schema of `table`. */
function sibling(table: TableRef, name: string): ObjectKey {
  return relationKey({ schema: table.schema, name });
}

function fnKey(fn: FunctionRef | { schema: string; name: string; arguments: string }): ObjectKey {
  return functionKey(fn.schema, fn.name, fn.arguments);
}

function triggerKey(trigger: MemberRef): ObjectKey {
  return memberKey(relationKey({ schema: trigger.schema, name: trigger.table }), "trigger", trigger.name);
}

function ruleKey(rule: MemberRef): ObjectKey {
  return memberKey(relationKey({ schema: rule.schema, name: rule.table }), "rule", rule.name);
}

function policyKey(policy: MemberRef): ObjectKey {
  return memberKey(relationKey({ schema: policy.schema, name: policy.table }), "policy", policy.name);
}

/** A column change other than its default that can change what the column depends on. */
function changesColumnDependencies(op: AlterColumnOp): boolean {
  const c = op.changes;
  return c.type !== undefined || c.generated !== undefined || c.virtual !== undefined || c.identity !== undefined || c.collation !== undefined;
}

function changesSettings(op: AlterColumnOp): boolean {
  const c = op.changes;
  return c.storage !== undefined || c.compression !== undefined || c.statisticsTarget !== undefined || c.attributeOptions !== undefined;
}

/**
 * A column change: the column altered (its type, generation, identity, collation), and its default
 * dropped and/or created when the op sets or removes one and the previous default is known (so that a
 * default removed before a function it calls is dropped, and set again after, is not held before that
 * drop as an alteration would be); an alteration of the column when it is not.
 */
function alterColumnObjects(op: AlterColumnOp): OperationObjects {
  const column = columnKey(op.table, op.column);
  const alters = changesColumnDependencies(op) ? [column] : [];
  // A physical setting alone changes no dependency, but needs its column (of a table the list may create:
  // a new partition set back from what it copied from its parent).
  const needs = alters.length === 0 && changesSettings(op) ? { needs: [column] } : {};
  if (op.changes.default === undefined) return alters.length > 0 ? { alters } : Object.keys(needs).length > 0 ? needs : NOTHING;
  if (op.existing === undefined) return { alters: [column] };
  const key = defaultKey(op.table, op.column);
  return {
    ...needs,
    ...(alters.length > 0 && { alters }),
    ...(op.existing.default !== null && { drops: [key] }),
    ...(op.changes.default !== null && { creates: [key] }),
  };
}

/**
 * A domain changed in place: its default and checks dropped and created on their own (as a column's
 * default: a default or check removed before a function it calls is dropped, and set again after, must
 * not be held before that drop), the domain altered for anything else; a rebuild alters the domain.
 */
function alterDomainObjects(op: AlterDomainOp): OperationObjects {
  const domain = typeKey(op.from);
  const change = domainChange(op.from, op.to);
  if (change.recreated) return { alters: [domain, ...rangeKeys(op.ranges)] };
  const check = (name: string) => memberKey(domain, "con", name);
  const drops = change.droppedChecks.map(check);
  const creates = change.addedChecks.map((c) => check(c.name));
  if (op.from.default !== op.to.default) {
    if (op.from.default !== null) drops.push(domainDefaultKey(op.from));
    if (op.to.default !== null) creates.push(domainDefaultKey(op.from));
  }
  const alters = op.from.notNull !== op.to.notNull || change.validatedChecks.length > 0 ? [domain] : [];
  return {
    ...(alters.length > 0 && { alters }),
    ...(drops.length > 0 && { drops }),
    ...(creates.length > 0 && { creates }),
  };
}

/** A function's own key, and its name's (see `functionNameKey`). */
function functionKeys(fn: FunctionRef): ObjectKey[] {
  return [fnKey(fn), functionNameKey(fn.schema, fn.name)];
}

/** An index's own key, and the columns its keys and INCLUDE name. */
function indexObjects(op: CreateIndexOp | CreatePartitionedIndexOp): OperationObjects {
  return {
    creates: [sibling(op.table, op.index.name)],
    needs: [...op.index.keys.map((key) => unquoteIdentifier(key.expression)), ...op.index.include.map(unquoteIdentifier)]
      .filter((c): c is string => c !== null)
      .map((c) => columnKey(op.table, c)),
  };
}

const OBJECTS: OperationTable<OperationObjects> = {
  createSchema: (op) => ({ creates: [schemaKey(op.schema)] }),
  dropSchema: (op) => ({ drops: [schemaKey(op.schema)] }),
  createExtension: (op) => ({ creates: [extensionKey(op.extension.name)] }),
  dropExtension: (op) => ({ drops: [extensionKey(op.name)] }),
  alterExtension: (op) => ({ alters: [extensionKey(op.name)] }),
  moveExtension: (op) => ({ alters: [extensionKey(op.name)], needs: [schemaKey(op.from), schemaKey(op.to)] }),
  createEnum: (op) => ({ creates: [typeKey(op.enum)] }),
  dropEnum: (op) => ({ drops: [typeKey(op.enum)] }),
  // A rebuild creates again the domains and range types over the enum: what uses them (a function's
  // argument) goes before it and comes back after, as for the enum itself.
  alterEnum: (op) =>
    addsLabelsInPlace(op) ? NOTHING : { alters: [typeKey(op.enum), ...(op.domains ?? []).map(({ domain }) => typeKey(domain)), ...rangeKeys(op.ranges)] },
  renameEnum: (op) => ({ drops: [typeKey(op.enum)], creates: [typeKey({ schema: op.enum.schema, name: op.to })] }),
  moveEnum: (op) => ({ drops: [typeKey(op.enum)], creates: [typeKey(movedEnum(op))], needs: [schemaKey(op.schema)] }),
  createSequence: (op) => ({
    creates: [relationKey(op.sequence)],
    needs: op.sequence.ownedBy ? [columnKey(op.sequence.ownedBy.table, op.sequence.ownedBy.column)] : [],
  }),
  dropSequence: (op) => ({ drops: [relationKey(op.sequence)] }),
  alterSequence: (op) => ({
    alters: [relationKey(op.from)],
    ...(op.from.schema !== op.to.schema || op.from.name !== op.to.name
      ? { drops: [relationKey(op.from)], creates: [relationKey(op.to)] }
      : {}),
    needs: op.to.ownedBy ? [columnKey(op.to.ownedBy.table, op.to.ownedBy.column)] : [],
  }),
  createTable: (op) => ({ creates: [relationKey(op.table)] }),
  dropTable: (op) => ({ drops: [relationKey(op.table)] }),
  setTableComment: () => NOTHING,
  renameTable: (op) => ({
    drops: [relationKey(op.table)],
    creates: [relationKey({ schema: op.table.schema, name: op.to })],
  }),
  moveTable: (op) => ({
    drops: [relationKey(op.table)],
    creates: [relationKey(movedTable(op))],
    needs: [schemaKey(op.schema)],
  }),
  addColumn: (op) => ({ creates: [columnKey(op.table, op.column.name)] }),
  dropColumn: (op) => ({ drops: [columnKey(op.table, op.column)] }),
  alterColumn: alterColumnObjects,
  renameColumn: (op) => ({ drops: [columnKey(op.table, op.from)], creates: [columnKey(op.table, op.to)] }),
  renameIndex: (op) => ({ drops: [sibling(op.table, op.from)], creates: [sibling(op.table, op.to)] }),
  alterIndexStorage: () => NOTHING,
  alterIndexStatistics: () => NOTHING,
  renameConstraint: (op) => ({ drops: [constraintKey(op.table, op.from)], creates: [constraintKey(op.table, op.to)] }),
  // A key names its columns: created after them (a generated column added again late, after the
  // function it calls is created again).
  addConstraint: (op) => ({
    creates: [constraintKey(op.table, op.constraint.name)],
    ...("columns" in op.constraint && { needs: keyColumns(op.constraint).map((c) => columnKey(op.table, c)) }),
  }),
  dropConstraint: (op) => ({ drops: [constraintKey(op.table, op.name)] }),
  createIndex: indexObjects,
  createPartitionedIndex: indexObjects,
  dropIndex: (op) => ({ drops: [sibling(op.table, op.name)] }),
  createView: (op) => ({ creates: [relationKey(op.view)] }),
  dropView: (op) => ({ drops: [relationKey(op.view)] }),
  createDomain: (op) => ({ creates: [typeKey(op.domain)] }),
  dropDomain: (op) => ({ drops: [typeKey(op.domain)] }),
  alterDomain: alterDomainObjects,
  createCompositeType: (op) => ({ creates: [typeKey(op.type)] }),
  dropCompositeType: (op) => ({ drops: [typeKey(op.type)] }),
  alterCompositeType: (op) => ({ alters: [typeKey(op.from)] }),
  // Its multirange type, constructor functions and cast are parts of it, as the databases' records say.
  createRangeType: (op) => ({ creates: [typeKey(op.type)] }),
  dropRangeType: (op) => ({ drops: [typeKey(op.type)] }),
  // Dropped and created again in one op (only where nothing uses it): an alteration, ordered after what its
  // new definition needs is created and before what its old one needed is dropped.
  alterRangeType: (op) => ({ alters: [typeKey(op.from)] }),
  // A partition or child holds its parent's columns once attached: it changes, and needs the parent.
  attachPartition: (op) => ({ alters: [relationKey(op.table)], needs: [relationKey(op.parent)] }),
  detachPartition: (op) => ({ alters: [relationKey(op.table)] }),
  addInheritance: (op) => ({ alters: [relationKey(op.table)], needs: [relationKey(op.parent)] }),
  dropInheritance: (op) => ({ alters: [relationKey(op.table)] }),
  alterTableStorage: () => NOTHING,
  // Set on their table: removed first and set again last (phases.ts), as what hangs on objects.
  alterReplicaIdentity: (op) => ({ hangsOn: [relationKey(op.table)] }),
  alterClusterOn: (op) => ({ hangsOn: [relationKey(op.table)] }),
  // Typed by a composite type, the table needs it, and runs after what creates or changes it. Made
  // plain (NOT OF), it no longer depends on it: it runs first, as its phase puts it, before the type or
  // the table's columns change (the databases' records of the table on its type would put it after).
  alterTableOf: (op) => (op.to === null ? NOTHING : { alters: [relationKey(op.table)], needs: [typeKey(op.to)] }),
  createFunction: (op) => ({ creates: functionKeys(op.function) }),
  dropFunction: (op) => ({ drops: functionKeys(op.function) }),
  // Recreated: dropped, then created again (what depends on it is dropped before and created after).
  replaceFunction: (op) =>
    op.recreate === true ? { drops: [fnKey(op.function)], creates: [fnKey(op.function)] } : { alters: [fnKey(op.function)] },
  createTrigger: (op) => ({ creates: [triggerKey(op.trigger)] }),
  dropTrigger: (op) => ({ drops: [triggerKey(op.trigger)] }),
  // What hangs on objects (enabled state, row security, grants, comments) is removed in the first phases
  // and set in the last ones (catalog-phases.ts), after what they hang on is created; a removal on an
  // object created by the same migration waits for it (`hangsOn`).
  setTriggerEnabled: () => NOTHING,
  createRule: (op) => ({ creates: [ruleKey(op.rule)] }),
  dropRule: (op) => ({ drops: [ruleKey(op.rule)] }),
  createStatistics: (op) => ({ creates: [statisticsKey(op.statistics)] }),
  dropStatistics: (op) => ({ drops: [statisticsKey(op.statistics)] }),
  createPolicy: (op) => ({ creates: [policyKey(op.policy)] }),
  dropPolicy: (op) => ({ drops: [policyKey(op.policy)] }),
  setRowSecurity: (op) => ({ hangsOn: [relationKey(op.table)] }),
  setPrivileges: (op) => hangingOn(op.object),
  setComment: (op) => hangingOn(op.object),
  // IN SCHEMA: on the schema (created first, dropped after); of the whole database: on nothing.
  setDefaultPrivileges: (op) => (op.schema === null ? NOTHING : { hangsOn: [schemaKey(op.schema)] }),
  createCollation: (op) => ({ creates: [collationKey(op.collation)] }),
  dropCollation: (op) => ({ drops: [collationKey(op.collation)] }),
  createPublication: (op) => ({ creates: [publicationKey(op.publication.name)] }),
  dropPublication: (op) => ({ drops: [publicationKey(op.name)] }),
  alterPublication: (op) => ({ alters: [publicationKey(op.to.name)] }),
  // Its table and the columns it names must exist first (and its publication).
  addPublicationTable: (op) => ({
    creates: [publicationTableKey(op.member.publication, op.member.table)],
    needs: [
      publicationKey(op.member.publication),
      relationKey(op.member.table),
      ...(op.member.columns ?? []).map((column) => columnKey(op.member.table, column)),
    ],
  }),
  dropPublicationTable: (op) => ({ drops: [publicationTableKey(op.publication, op.table)] }),
  // Read first and set last (its phases): nothing to order by.
  keepOwner: () => NOTHING,
  // In the phases right after the removals and right before the grants set again: nothing to order by.
  resetPrivileges: () => NOTHING,
  // The lock-safe form's steps: on a constraint or column that must exist first.
  validateConstraint: (op) => ({ needs: [constraintKey(op.table, op.name)] }),
  invalidateConstraint: (op) => ({ needs: [constraintKey(op.table, op.constraint.name)] }),
  backfillColumn: (op) => ({ needs: [columnKey(op.table, op.column)] }),
  // Raw SQL: unknown objects; it is a barrier that dependency ordering never moves anything across.
  execute: () => NOTHING,
};

/** The objects `op` creates, drops, alters and needs. */
export function operationObjects(op: Operation): OperationObjects {
  return dispatch(OBJECTS, op);
}
