/**
 * Comments on objects other than tables and their columns (those are part of the table: see
 * compare-comments.ts): compared when the comparison manages comments, and in any case removed before
 * and set again after an object the migration drops and creates again. One set on a column of a view
 * created again whose new columns are unknown is set only where the column still exists when it runs.
 * The publications' comments, read on them (`PublicationDef.comment`), are compared with the rest.
 */
import type { CommentDef } from "../model/catalog-objects";
import { anchorsOf, relationOfObject, type CatalogObjectRef } from "../model/object-ref";
import type { SchemaModel } from "../model/schema-model";
import { catalogObjectLabel } from "../ops/catalog-labels";
import type { RelationScope } from "./catalog-scope";
import { scoped } from "./catalog-scope";
import type { ChangeCollector } from "./collector";
import { displayValue } from "./display";
import { compareHanging } from "./hanging";
import { manages, type ManagedKind } from "./managed-kinds";
import { onColumnOfUnknownView, type MigrationEvents } from "./migration-events";
import { publicationComments } from "./compare-publications";

export function compareObjectComments(
  from: SchemaModel,
  to: SchemaModel,
  manage: ReadonlySet<ManagedKind> | undefined,
  inScope: RelationScope,
  events: MigrationEvents,
  sink: ChangeCollector,
): void {
  // A removal runs on the column before its view is dropped; an addition or change runs once the view is
  // created again, and looks for the column first where the new query's columns are unknown.
  const remove = (object: CatalogObjectRef, existing: string, line: string | undefined) =>
    sink.emit({ kind: "setComment", object, comment: null, existing }, line);
  const set = (object: CatalogObjectRef, comment: string, existing: string | null, line: string | undefined) =>
    sink.emit(
      { kind: "setComment", object, comment, existing, ...(onColumnOfUnknownView(events, object) && { ifColumnExists: true }) },
      line,
    );
  const publications = publicationComments(from, to);
  compareHanging<CommentDef>(
    {
      kindName: "comments",
      managed: manages(manage, "comments"),
      from: new Map([...scoped(from.comments, (c) => relationOfObject(c.object), inScope), ...publications.from]),
      to: new Map([...scoped(to.comments, (c) => relationOfObject(c.object), inScope), ...publications.to]),
      same: (a, b) => a.comment === b.comment,
      owners: (c) => anchorsOf(c.object),
      uses: () => [],
      describe: (c) => `comment on ${catalogObjectLabel(c.object)}`,
      emitRemove: (c, line) => remove(c.object, c.comment, line),
      emitAdd: (c, line) => set(c.object, c.comment, null, line),
      emitChange: (a, b) =>
        set(
          b.object,
          b.comment,
          a.comment,
          `Detected comment change from ${displayValue(a.comment)} to ${displayValue(b.comment)} on ${catalogObjectLabel(b.object)}`,
        ),
    },
    events,
    sink,
  );
}
