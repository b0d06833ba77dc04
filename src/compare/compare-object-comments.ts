/**
 * Comments on objects other than tables and their columns (those are part of the table: see
 * compare-comments.ts): compared when the comparison manages comments, and in any case removed before
 * and set again after an object the migration drops and creates again.
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
import type { MigrationEvents } from "./migration-events";

export function compareObjectComments(
  from: SchemaModel,
  to: SchemaModel,
  manage: ReadonlySet<ManagedKind> | undefined,
  inScope: RelationScope,
  events: MigrationEvents,
  sink: ChangeCollector,
): void {
  const set = (object: CatalogObjectRef, comment: string | null, existing: string | null, line: string | undefined) =>
    sink.emit({ kind: "setComment", object, comment, existing }, line);
  compareHanging<CommentDef>(
    {
      kindName: "comments",
      managed: manages(manage, "comments"),
      from: scoped(from.comments, (c) => relationOfObject(c.object), inScope),
      to: scoped(to.comments, (c) => relationOfObject(c.object), inScope),
      same: (a, b) => a.comment === b.comment,
      owners: (c) => anchorsOf(c.object),
      uses: () => [],
      describe: (c) => `comment on ${catalogObjectLabel(c.object)}`,
      emitRemove: (c, line) => set(c.object, null, c.comment, line),
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
