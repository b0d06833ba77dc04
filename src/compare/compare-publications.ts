/**
 * Publications (logical replication) and the tables they list. A publication is compared when the
 * comparison manages `publications` (a database diff does): created, dropped, its options altered, and
 * created again when what it publishes whole changes (FOR ALL TABLES, FOR TABLES IN SCHEMA). A table's
 * entry (column list, row filter) hangs on its table and the columns it names (hanging.ts), managed or not:
 * PostgreSQL drops the entry with its table, and refuses to drop or retype a column the entry names, so
 * the entry is taken out before such a retype and put back after (a dropped column it names is refused,
 * naming both); a table created again (a new partition key) is put back in its publications.
 */
import type { PublicationDef, PublicationTableDef } from "../model/catalog-objects";
import { publicationAnchor, relationAnchor } from "../model/object-ref";
import type { SchemaModel } from "../model/schema-model";
import type { RelationScope } from "./catalog-scope";
import { scoped } from "./catalog-scope";
import type { ChangeCollector } from "./collector";
import { deepEqual } from "./equality";
import { withoutDependencies } from "./compare-triggers";
import { compareHanging } from "./hanging";
import { manages, type ManagedKind } from "./managed-kinds";
import type { MigrationEvents } from "./migration-events";

const shown = (table: { readonly schema: string; readonly name: string }) => `${table.schema}.${table.name}`;

/** Publications themselves: nothing they hang on (they are objects of the database). */
export function comparePublications(
  from: SchemaModel,
  to: SchemaModel,
  manage: ReadonlySet<ManagedKind> | undefined,
  events: MigrationEvents,
  sink: ChangeCollector,
): void {
  const all = (model: SchemaModel) => new Map(Object.entries(model.publications ?? {}));
  compareHanging<PublicationDef>(
    {
      kindName: "publications",
      managed: manages(manage, "publications"),
      from: all(from),
      to: all(to),
      same: deepEqual,
      owners: () => [],
      uses: () => [],
      describe: (p) => `publication '${p.name}'`,
      emitRemove: (p, line) => sink.emit({ kind: "dropPublication", name: p.name, existing: p }, line),
      emitAdd: (p, line) => sink.emit({ kind: "createPublication", publication: p }, line),
      emitChange: (a, b) => {
        if (a.allTables === b.allTables && deepEqual(a.schemas, b.schemas)) {
          sink.emit({ kind: "alterPublication", from: a, to: b }, `Detected changed options of publication '${b.name}'`);
          return;
        }
        sink.emit({ kind: "dropPublication", name: a.name, existing: a }, `Detected changed publication '${b.name}': dropped and created again`);
        sink.emit({ kind: "createPublication", publication: b });
      },
    },
    events,
    sink,
  );
}

/** The tables publications list, with their column lists and row filters. */
export function comparePublicationTables(
  from: SchemaModel,
  to: SchemaModel,
  manage: ReadonlySet<ManagedKind> | undefined,
  inScope: RelationScope,
  events: MigrationEvents,
  sink: ChangeCollector,
): void {
  compareHanging<PublicationTableDef>(
    {
      kindName: "publications",
      managed: manages(manage, "publications"),
      from: scoped(from.publicationTables ?? {}, (m) => m.table, inScope),
      to: scoped(to.publicationTables ?? {}, (m) => m.table, inScope),
      same: (a, b) => deepEqual(a.columns, b.columns) && a.where === b.where,
      owners: (m) => [relationAnchor(m.table.schema, m.table.name), publicationAnchor(m.publication)],
      uses: (m) => m.dependsOn ?? [],
      describe: (m) => `table '${shown(m.table)}' in publication '${m.publication}'`,
      emitRemove: (m, line) =>
        sink.emit({ kind: "dropPublicationTable", publication: m.publication, table: { ...m.table }, existing: withoutDependencies(m) }, line),
      emitAdd: (m, line) => sink.emit({ kind: "addPublicationTable", member: withoutDependencies(m) }, line),
    },
    events,
    sink,
  );
}
