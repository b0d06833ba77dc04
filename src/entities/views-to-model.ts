/**
 * TypeORM view entities (`@ViewEntity`) -> the views of the raw model, as `synchronize()` creates them:
 * the expression as given (a string, or the SQL of the query builder a function returns), in the order
 * of their `dependsOn` (a view after the views it reads), materialized when the entity says so, with the
 * indexes of a materialized view.
 */
import type { EntityMetadata } from "typeorm";
import type { QualifiedName, ViewDef } from "../model/schema-model";
import { qualifiedName } from "../model/names";
import { viewQueryText } from "../model/view-query";
import { EntityDefinitionError } from "./entity-errors";
import { indexesOf } from "./table-to-model";

function expressionOf(metadata: EntityMetadata): string {
  const expression = metadata.expression;
  if (typeof expression === "string") return expression;
  if (typeof expression !== "function") {
    throw new EntityDefinitionError(metadata.name, null, "its @ViewEntity has no expression");
  }
  try {
    return expression(metadata.dataSource).getQuery();
  } catch (error) {
    throw new EntityDefinitionError(
      metadata.name,
      null,
      `its @ViewEntity expression function failed: ${(error as Error)?.message ?? String(error)}`,
    );
  }
}

/** `views` ordered so that each comes after the views its `dependsOn` names (by class or by name). */
function inDependencyOrder(views: readonly EntityMetadata[]): EntityMetadata[] {
  const ordered: EntityMetadata[] = [];
  const state = new Map<EntityMetadata, "visiting" | "done">();
  const visit = (view: EntityMetadata): void => {
    if (state.get(view) !== undefined) return; // done, or a cycle (left to Postgres to report)
    state.set(view, "visiting");
    for (const other of views) {
      if (other !== view && (view.dependsOn?.has(other.target) || view.dependsOn?.has(other.name))) visit(other);
    }
    state.set(view, "done");
    ordered.push(view);
  };
  views.forEach(visit);
  return ordered;
}

/** The synchronised view entities of `metadatas` as view definitions, keyed by qualified name. */
export function viewsToModel(metadatas: readonly EntityMetadata[], defaultSchema: string): Record<QualifiedName, ViewDef> {
  const views: Record<QualifiedName, ViewDef> = {};
  const entities = metadatas.filter((m) => m.tableType === "view" && m.synchronize);
  for (const metadata of inDependencyOrder(entities)) {
    const schema = metadata.schema ?? defaultSchema;
    views[qualifiedName(schema, metadata.tableName)] = {
      schema,
      name: metadata.tableName,
      materialized: metadata.tableMetadataArgs.materialized === true,
      definition: viewQueryText(expressionOf(metadata)),
      // synchronize() creates indexes on materialized views only.
      indexes: metadata.tableMetadataArgs.materialized === true ? indexesOf(metadata) : [],
    };
  }
  return views;
}
