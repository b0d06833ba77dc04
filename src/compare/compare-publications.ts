/**
 * Publications (logical replication) and the tables they list. A publication is compared when the
 * comparison manages `publications` (a database diff does): created, dropped, its options and the schemas
 * it publishes whole (FOR TABLES IN SCHEMA) altered, and created again when FOR ALL TABLES changes. A table's
 * entry (column list, row filter) hangs on its table and the columns it names (hanging.ts), managed or not:
 * PostgreSQL drops the entry with its table, and refuses to drop or retype a column the entry names, so
 * the entry is taken out before such a retype and put back after (a dropped column it names is refused,
 * naming both); a table created again (a new partition key) is put back in its publications. A
 * publication's comment is compared with the other comments (`publicationComments`, compare-object-comments.ts).
 */
import type { CommentDef, PublicationDef, PublicationTableDef } from "../model/catalog-objects";
import { objectKey, publicationAnchor, relationAnchor } from "../model/object-ref";
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

/** A publication without what the introspection says of its scope, nor its comment, which no operation of its own carries. */
function withoutScope(p: PublicationDef): PublicationDef {
  const { outOfScope: _, elsewhere: __, comment: ___, ...rest } = p;
  return rest;
}

/**
 * The publications this comparison compares, each side's by key. One is this comparison's where either
 * side's is in scope (a database holds it whether or not it publishes anything of the compared schemas:
 * created where it is, the script would fail). One that lists another schema's table or the schema itself
 * (`elsewhere`) is never dropped, which would lose those: FROM's that TO lacks are left out of both sides.
 */
function comparedPublications(from: SchemaModel, to: SchemaModel): { from: Map<string, PublicationDef>; to: Map<string, PublicationDef> } {
  const a = from.publications ?? {};
  const b = to.publications ?? {};
  const ours = (key: string) => a[key]?.outOfScope === undefined || b[key]?.outOfScope === undefined;
  const kept = (key: string) => b[key] === undefined && a[key]?.elsewhere === true;
  const side = (model: Readonly<Record<string, PublicationDef>>) =>
    new Map(Object.entries(model).filter(([key]) => ours(key) && !kept(key)));
  return { from: side(a), to: side(b) };
}

/**
 * The comments of the publications compared (`COMMENT ON PUBLICATION`), each side's by `objectKey`, for
 * compare-object-comments.ts: a publication dropped takes its comment along (the downgrade sets it again),
 * one dropped and created again has it removed before and set again after.
 */
export function publicationComments(from: SchemaModel, to: SchemaModel): { from: Map<string, CommentDef>; to: Map<string, CommentDef> } {
  const compared = comparedPublications(from, to);
  const comments = (side: ReadonlyMap<string, PublicationDef>) =>
    new Map(
      [...side.values()].flatMap((p): [string, CommentDef][] => {
        const object = { kind: "publication", name: p.name } as const;
        return p.comment === undefined ? [] : [[objectKey(object), { object, comment: p.comment }]];
      }),
    );
  return { from: comments(compared.from), to: comments(compared.to) };
}

/**
 * Publications themselves (see `comparedPublications`): nothing they hang on (they are objects of the
 * database). One that publishes elsewhere is never dropped: the comparison takes out only its own tables.
 */
export function comparePublications(
  from: SchemaModel,
  to: SchemaModel,
  manage: ReadonlySet<ManagedKind> | undefined,
  events: MigrationEvents,
  sink: ChangeCollector,
): void {
  const compared = comparedPublications(from, to);
  const bare = (side: ReadonlyMap<string, PublicationDef>) => new Map([...side].map(([key, p]) => [key, withoutScope(p)]));
  compareHanging<PublicationDef>(
    {
      kindName: "publications",
      managed: manages(manage, "publications"),
      from: bare(compared.from),
      to: bare(compared.to),
      same: deepEqual,
      owners: () => [],
      uses: () => [],
      describe: (p) => `publication '${p.name}'`,
      emitRemove: (p, line) => sink.emit({ kind: "dropPublication", name: p.name, existing: p }, line),
      emitAdd: (p, line) => sink.emit({ kind: "createPublication", publication: p }, line),
      emitChange: (a, b) => {
        if (a.allTables === b.allTables) {
          // In place, what it publishes elsewhere kept: the schemas it stops publishing whole go first (a
          // migration may drop them), those it starts publishing and its options come last.
          const what = deepEqual(a.schemas, b.schemas) ? "options" : "schemas";
          const kept = { ...a, schemas: a.schemas.filter((s) => b.schemas.includes(s)) };
          const line = `Detected changed ${what} of publication '${b.name}'`;
          if (kept.schemas.length < a.schemas.length) sink.emit({ kind: "alterPublication", from: a, to: kept }, line);
          if (!deepEqual(kept, b)) sink.emit({ kind: "alterPublication", from: kept, to: b }, kept.schemas.length < a.schemas.length ? undefined : line);
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
