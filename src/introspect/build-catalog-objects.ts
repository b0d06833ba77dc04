/**
 * Catalog-object rows -> the catalog-object maps of a SchemaModel: keyed, sorted, and without what hangs
 * on a table the model leaves out (a tool's own table, an excluded table).
 * @internal
 */
import {
  defaultPrivilegesKey,
  publicationTableId,
  type CatalogObjects,
  type CollationDef,
  type CommentDef,
  type DefaultPrivilegesDef,
  type FunctionDef,
  type ObjectPrivileges,
  type PolicyDef,
  type PublicationDef,
  type PublicationTableDef,
  type RowSecurityDef,
  type RuleDef,
  type StatisticsDef,
  type TriggerDef,
} from "../model/catalog-objects";
import { qualifiedName, quoteIdentAlways } from "../model/names";
import { functionKey, memberKey, objectKey, relationOfObject, type CatalogObjectRef } from "../model/object-ref";
import type { CatalogObjectRows } from "./catalog-object-rows";
import { mapFunction, mapRowSecurity, mapRule, mapTrigger } from "./map-routines";
import { mapCollation, mapComment, mapDefaultPrivileges, mapPrivileges } from "./map-privileges";

/** Whether the relation `schema.name` is part of the model. */
export type RelationFilter = (schema: string, name: string) => boolean;


export function buildCatalogObjects(rows: CatalogObjectRows, isIncluded: RelationFilter): CatalogObjects {
  const kept = (ref: CatalogObjectRef): boolean => {
    const relation = relationOfObject(ref);
    return relation === null || isIncluded(relation.schema, relation.name);
  };

  const functions: Record<string, FunctionDef> = {};
  for (const fn of inDependencyOrder(rows.functions.map(mapFunction))) {
    functions[functionKey(fn.schema, fn.name, fn.arguments)] = fn;
  }

  const triggers: Record<string, TriggerDef> = {};
  for (const row of rows.triggers) {
    if (!isIncluded(row.schema, row.table_name)) continue;
    const trigger = mapTrigger(row);
    triggers[memberKey(trigger.schema, trigger.table, trigger.name)] = trigger;
  }

  const rules: Record<string, RuleDef> = {};
  for (const row of rows.rules) {
    if (!isIncluded(row.schema, row.table_name)) continue;
    const rule = mapRule(row);
    rules[memberKey(rule.schema, rule.table, rule.name)] = rule;
  }

  const statistics: Record<string, StatisticsDef> = {};
  for (const row of rows.statistics) {
    if (!isIncluded(row.table_schema, row.table_name)) continue;
    statistics[qualifiedName(row.schema, row.name)] = {
      schema: row.schema,
      name: row.name,
      table: { schema: row.table_schema, name: row.table_name },
      definition: row.definition,
      target: row.target,
      dependsOn: [...row.depends_on],
    };
  }

  const publications: Record<string, PublicationDef> = {};
  for (const row of rows.publications) {
    publications[quoteIdentAlways(row.name)] = {
      name: row.name,
      allTables: row.all_tables,
      schemas: [...row.schemas],
      publish: [...row.publish],
      viaPartitionRoot: row.via_partition_root,
      ...(row.comment !== null && { comment: row.comment }),
      ...(!row.in_scope && { outOfScope: true }),
      ...(row.elsewhere && { elsewhere: true }),
    };
  }
  const publicationTables: Record<string, PublicationTableDef> = {};
  for (const row of rows.publicationTables) {
    if (!isIncluded(row.table_schema, row.table_name)) continue;
    const table = { schema: row.table_schema, name: row.table_name };
    publicationTables[publicationTableId(row.publication, table)] = {
      publication: row.publication,
      table,
      columns: row.columns === null ? null : [...row.columns],
      where: row.where,
      dependsOn: [...row.depends_on],
    };
  }

  const rowSecurity: Record<string, RowSecurityDef> = {};
  const policies: Record<string, PolicyDef> = {};
  for (const row of rows.rowSecurity) {
    if (!isIncluded(row.schema, row.name)) continue;
    const mapped = mapRowSecurity(row);
    if (mapped.flags !== null) rowSecurity[qualifiedName(row.schema, row.name)] = mapped.flags;
    for (const policy of mapped.policies) policies[memberKey(policy.schema, policy.table, policy.name)] = policy;
  }

  const privileges: Record<string, ObjectPrivileges> = {};
  for (const row of rows.privileges) {
    const mapped = mapPrivileges(row);
    if (mapped !== null && kept(mapped.object)) privileges[objectKey(mapped.object)] = mapped;
  }

  const comments: Record<string, CommentDef> = {};
  for (const row of rows.comments) {
    const mapped = mapComment(row);
    if (kept(mapped.object)) comments[objectKey(mapped.object)] = mapped;
  }

  const collations: Record<string, CollationDef> = {};
  for (const row of rows.collations) {
    const mapped = mapCollation(row);
    if (mapped !== null) collations[qualifiedName(mapped.schema, mapped.name)] = mapped;
  }

  return {
    functions,
    triggers,
    ...(Object.keys(rules).length > 0 && { rules }),
    ...(Object.keys(statistics).length > 0 && { statistics }),
    ...(Object.keys(publications).length > 0 && { publications }),
    ...(Object.keys(publicationTables).length > 0 && { publicationTables }),
    policies,
    rowSecurity,
    privileges,
    comments,
    collations,
    ...(rows.defaultPrivileges !== undefined && { defaultPrivileges: keyedDefaultPrivileges(rows.defaultPrivileges) }),
  };
}

/** Default privileges by `defaultPrivilegesKey`; an empty map when there are none (they were read). */
function keyedDefaultPrivileges(rows: NonNullable<CatalogObjectRows["defaultPrivileges"]>): Record<string, DefaultPrivilegesDef> {
  const keyed: Record<string, DefaultPrivilegesDef> = {};
  for (const row of rows) {
    const mapped = mapDefaultPrivileges(row);
    keyed[defaultPrivilegesKey(mapped)] = mapped;
  }
  return keyed;
}

/**
 * Functions (sorted by key) with every function after the functions it depends on, so that creating them
 * in order works.
 */
function inDependencyOrder(items: readonly FunctionDef[]): FunctionDef[] {
  const byKey = new Map(items.map((fn) => [`function ${functionKey(fn.schema, fn.name, fn.arguments)}`, fn]));
  const ordered: FunctionDef[] = [];
  const seen = new Set<string>();
  const visit = (key: string): void => {
    const fn = byKey.get(key);
    if (fn === undefined || seen.has(key)) return;
    seen.add(key);
    for (const dependency of fn.dependsOn ?? []) visit(dependency);
    ordered.push(fn);
  };
  for (const key of [...byKey.keys()].sort()) visit(key);
  return ordered;
}
