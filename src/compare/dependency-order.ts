/**
 * The order of a migration's operations: the phase list (src/ops/phases.ts), corrected by real
 * dependencies where one list of phases cannot know the order (src/ops/dependency-order.ts). One
 * ordering, whatever the comparison: the dependencies are those the two models know (what views,
 * functions, triggers and policies depend on, read from `pg_depend` by the introspection; what range
 * types name, and the domains and composite types over them), joined, when
 * both sides are databases (`autogen diff`), by every record of the databases' own `pg_depend`
 * (src/introspect/read-dependencies.ts): a generated column's source column, a sequence's owning column,
 * a default's function, a domain's check function.
 */
import {
  columnKey,
  constraintKey,
  defaultKey,
  domainDefaultKey,
  objectKeyOfAnchor,
  functionKey,
  memberKey,
  relationKey,
  typeKey,
  type Dependency,
  type ObjectKey,
  type ObjectDependencies,
} from "../model/object-keys";
import type { FunctionCall, SchemaModel, TableRef } from "../model/schema-model";
import { orderByDependencies } from "../ops/dependency-order";
import { rangeTypeDependencies } from "./compare-range-types";
import { movedTable, type Operation } from "../ops/operation";
import { orderOperations } from "../ops/phases";
import { typeNamesEnum } from "../ops/type-text";
import { nextvalSequence, serialSequenceRef } from "../ops/serial-sequence";
import { hasIndexExpression } from "./retype-dependents";

/** The databases' own dependency records, where the sides are databases and there was an order to correct. */
export interface DatabaseDependencies {
  readonly from?: ObjectDependencies | null;
  readonly to?: ObjectDependencies | null;
}

/**
 * `ops` in the order they apply: phase order, then moved where what they create or drop depends on
 * something another op creates or drops (`to` side's dependencies order creates, `from` side's drops).
 * @example orderMigration([createView v (reads f), createFunction f], from, to)
 *   // => [createFunction f, createView v]
 */
export function orderMigration(
  ops: readonly Operation[],
  from: SchemaModel,
  to: SchemaModel,
  databases: DatabaseDependencies = {},
): Operation[] {
  const phased = orderOperations(ops);
  if (phased.length < 2) return phased;
  return orderByDependencies(phased, {
    from: withoutHierarchyEdges(underNewNames(joined(modelDependencies(from), databases.from), ops), ops, "detach"),
    to: withoutHierarchyEdges(joined(modelDependencies(to), databases.to), ops, "attach"),
  });
}

/**
 * `from`'s dependencies, with a copy under the new names of every edge that names a table or column
 * the ops rename: the ops that run after a rename name its objects by the new name (a default removed
 * on a renamed table before the function it calls is dropped), those before it by the old one.
 */
function underNewNames(dependencies: ObjectDependencies, ops: readonly Operation[]): ObjectDependencies {
  const renames: [string, string][] = [];
  for (const op of ops) {
    if (op.kind === "moveTable") renames.push([relationKey(op.table), relationKey(movedTable(op))]);
    if (op.kind === "renameTable") renames.push([relationKey(op.table), relationKey({ schema: op.table.schema, name: op.to })]);
  }
  for (const op of ops) {
    if (op.kind === "renameColumn") renames.push([columnKey(op.table, op.from), columnKey(op.table, op.to)]);
  }
  if (renames.length === 0) return dependencies;
  const renamed = (key: ObjectKey): ObjectKey => {
    let result = key;
    for (const [old, now] of renames) {
      if (result === old || result.startsWith(`${old}/`)) result = now + result.slice(old.length);
    }
    return result;
  };
  const copies: Dependency[] = [];
  for (const edge of dependencies.edges) {
    const dependent = renamed(edge.dependent);
    const referenced = renamed(edge.referenced);
    if (dependent !== edge.dependent || referenced !== edge.referenced) copies.push({ dependent, referenced });
  }
  return copies.length === 0 ? dependencies : { edges: [...dependencies.edges, ...copies] };
}

/**
 * The dependencies without those of a partition or inheritance child on the parent the ops detach it
 * from (`from`'s) or attach it to (`to`'s): the DETACH and ATTACH themselves say where the ops on the
 * table run, by phase. With the edges, every op on the table had to run both before the parent's drop and
 * after its create, when the parent is created again for a new partition key: one cycle, run out of
 * phase order, in which a partition's NOT NULL (which the new parent's ATTACH needs) came after the
 * ATTACH ("column "v" in child table must be marked NOT NULL").
 */
function withoutHierarchyEdges(dependencies: ObjectDependencies, ops: readonly Operation[], change: "detach" | "attach"): ObjectDependencies {
  const kinds = change === "detach" ? ["detachPartition", "dropInheritance"] : ["attachPartition", "addInheritance"];
  const edges = new Set<string>();
  for (const op of ops) {
    if ((op.kind === "detachPartition" || op.kind === "dropInheritance" || op.kind === "attachPartition" || op.kind === "addInheritance") && kinds.includes(op.kind)) {
      edges.add(`${relationKey(op.table)}\u0000${relationKey(op.parent)}`);
    }
  }
  if (edges.size === 0) return dependencies;
  return { edges: dependencies.edges.filter((edge) => !edges.has(`${edge.dependent}\u0000${edge.referenced}`)) };
}

function joined(model: ObjectDependencies, database: ObjectDependencies | null | undefined): ObjectDependencies {
  return database ? { edges: [...model.edges, ...database.edges] } : model;
}

/** The object key of what calls a function (`SchemaModel.functionCalls`) of a table or domain. */
function callerKey(owner: TableRef, call: FunctionCall): ObjectKey {
  switch (call.kind) {
    case "default":
    case "generated":
      return defaultKey(owner, call.name);
    case "constraint":
      return constraintKey(owner, call.name);
    case "index":
      return relationKey({ schema: owner.schema, name: call.name });
    case "domainDefault":
      return domainDefaultKey(owner);
    case "domainConstraint":
      return memberKey(typeKey(owner), "con", call.name);
  }
}

/** What the model knows of its objects' dependencies (`dependsOn`), as object keys. */
export function modelDependencies(model: SchemaModel): ObjectDependencies {
  const edges: Dependency[] = [];
  const add = (dependent: string, anchors: readonly string[] | undefined): void => {
    for (const anchor of anchors ?? []) {
      const referenced = objectKeyOfAnchor(anchor);
      if (referenced !== null && referenced !== dependent) edges.push({ dependent, referenced });
    }
  };
  for (const view of Object.values(model.views)) add(relationKey(view), view.dependsOn);
  for (const fn of Object.values(model.functions)) add(functionKey(fn.schema, fn.name, fn.arguments), fn.dependsOn);
  for (const trigger of Object.values(model.triggers)) {
    add(memberKey(relationKey({ schema: trigger.schema, name: trigger.table }), "trigger", trigger.name), trigger.dependsOn);
  }
  for (const rule of Object.values(model.rules ?? {})) {
    add(memberKey(relationKey({ schema: rule.schema, name: rule.table }), "rule", rule.name), rule.dependsOn);
  }
  for (const policy of Object.values(model.policies)) {
    add(memberKey(relationKey({ schema: policy.schema, name: policy.table }), "policy", policy.name), policy.dependsOn);
  }
  // A sequence OWNED BY a column goes with it: dropped before the column (PostgreSQL drops it with the
  // column, and a DROP SEQUENCE after would fail), created again after it.
  for (const sequence of Object.values(model.sequences)) {
    if (sequence.ownedBy !== null) edges.push({ dependent: relationKey(sequence), referenced: columnKey(sequence.ownedBy.table, sequence.ownedBy.column) });
  }
  // A generated column needs the columns it reads: added after they get their types. Where the model does
  // not know what it reads (the entity side), every ordinary column of its table.
  for (const [key, table] of Object.entries(model.tables)) {
    const reads = model.generatedReads?.[key];
    for (const column of table.columns) {
      if (column.generated === null) continue;
      const sources = reads?.[column.name] ?? table.columns.filter((c) => c.generated === null).map((c) => c.name);
      for (const source of sources) edges.push({ dependent: columnKey(table, column.name), referenced: columnKey(table, source) });
    }
  }
  edges.push(...memberReadEdges(model));
  edges.push(...sequenceDrawEdges(model));
  // What defaults, generated columns, constraints and indexes call (database side): dropped before the
  // function they call, set again after the one they call now.
  for (const [key, calls] of Object.entries(model.functionCalls ?? {})) {
    const owner = model.tables[key] ?? model.views[key] ?? model.domains?.[key];
    if (owner === undefined) continue;
    for (const call of calls) add(callerKey(owner, call), [call.function]);
  }
  // What range types need, and the domains and composite types that use one.
  edges.push(...rangeTypeDependencies(model));
  edges.push(...domainsOnEnums(model));
  return { edges };
}

/**
 * A check, an exclusion and an index with an expression key or a predicate need the columns they read
 * (`memberReads`): created after a column added again late (a generated column after the columns it
 * reads), dropped before it goes. Where the model does not know what they read (the entity side), every
 * column of their table.
 */
function memberReadEdges(model: SchemaModel): Dependency[] {
  const edges: Dependency[] = [];
  for (const [key, table] of Object.entries(model.tables)) {
    const reads = model.memberReads?.[key];
    const known = model.memberReads !== undefined;
    const all = table.columns.map((c) => c.name);
    const need = (dependent: ObjectKey, columns: readonly string[] | undefined) => {
      for (const column of columns ?? (known ? [] : all)) edges.push({ dependent, referenced: columnKey(table, column) });
    };
    for (const c of [...table.checks, ...table.exclusions]) need(constraintKey(table, c.name), reads?.constraints?.[c.name]);
    for (const index of table.indexes) {
      if (hasIndexExpression(index)) need(relationKey({ schema: table.schema, name: index.name }), reads?.indexes?.[index.name]);
    }
  }
  return edges;
}

/**
 * A default that draws on the sequence of another serial or identity column (a partition's, which its
 * parent's `serial` gave it, or another table's `nextval('t_id_seq')`) needs that column, which takes its
 * sequence along: removed before the column or its table is dropped (which PostgreSQL refuses while the
 * default draws on it), set again after it is created.
 */
function sequenceDrawEdges(model: SchemaModel): Dependency[] {
  const owners = new Map<string, ObjectKey>();
  for (const table of Object.values(model.tables)) {
    for (const column of table.columns) {
      if (column.identity === null || column.inherited === true) continue;
      const sequence = serialSequenceRef(table, column.name, column.identity);
      owners.set(relationKey(sequence), columnKey(table, column.name));
    }
  }
  if (owners.size === 0) return [];
  const edges: Dependency[] = [];
  for (const table of Object.values(model.tables)) {
    for (const column of table.columns) {
      const sequence = nextvalSequence(column.default);
      const owner = sequence === null ? undefined : owners.get(relationKey(sequence));
      if (owner !== undefined && owner !== columnKey(table, column.name)) edges.push({ dependent: defaultKey(table, column.name), referenced: owner });
    }
  }
  return edges;
}

/**
 * A domain needs the enum it is based on (or an array of it): a domain the migration creates over an
 * enum it rebuilds is created after the rebuild, over the new type (the databases' records say so too,
 * where the sides are databases).
 */
function domainsOnEnums(model: SchemaModel): Dependency[] {
  const enums = Object.values(model.enums);
  return Object.values(model.domains ?? {}).flatMap((domain) =>
    enums.filter((e) => typeNamesEnum(domain.type, e.schema, e.name) !== null).map((e) => ({ dependent: typeKey(domain), referenced: typeKey(e) })),
  );
}
