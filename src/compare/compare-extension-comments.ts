/**
 * Comments on extensions (`COMMENT ON EXTENSION`), compared when the comparison manages comments and
 * both sides are databases: the entities describe no extension's comment (`ExtensionDef.comment` is
 * absent there), so a comparison with them leaves every extension's comment as it is.
 *
 * `CREATE EXTENSION` sets the comment of the extension's control file: an extension the migration creates
 * is given TO's comment only where that is not the one it is created with. One the migration drops loses
 * its comment first where that is not its control file's, so that the derived downgrade sets it again
 * once it has created the extension anew.
 */
import type { ExtensionDef, SchemaModel } from "../model/schema-model";
import { catalogObjectLabel } from "../ops/catalog-labels";
import type { Operation } from "../ops/operation";
import type { ChangeCollector } from "./collector";
import { inScope } from "./compare-extensions";
import { displayValue } from "./display";
import { manages, type ManagedKind } from "./managed-kinds";

/** Compares the comments of `from`'s and `to`'s extensions; after `compareExtensions`, whose drops it reads. */
export function compareExtensionComments(
  from: SchemaModel,
  to: SchemaModel,
  manage: ReadonlySet<ManagedKind> | undefined,
  sink: ChangeCollector,
): void {
  if (!manages(manage, "comments")) return;
  for (const wanted of Object.values(to.extensions)) {
    const installed = from.extensions[wanted.name];
    if (wanted.comment === undefined || !inScope(wanted, to)) continue;
    if (installed === undefined) {
      const created = wanted.comment.controlFile;
      if (wanted.comment.text !== created) setComment(wanted, wanted.comment.text, created, sink);
    } else if (installed.comment !== undefined && inScope(installed, from) && installed.comment.text !== wanted.comment.text) {
      setComment(wanted, wanted.comment.text, installed.comment.text, sink);
    }
  }
  const dropped = new Set(sink.operations.flatMap((op: Operation) => (op.kind === "dropExtension" ? [op.name] : [])));
  for (const name of dropped) {
    const comment = from.extensions[name]?.comment;
    if (comment !== undefined && comment.text !== null && comment.text !== comment.controlFile) {
      sink.emit({ kind: "setComment", object: { kind: "extension", name }, comment: null, existing: comment.text });
    }
  }
}

function setComment(extension: ExtensionDef, comment: string | null, existing: string | null, sink: ChangeCollector): void {
  const object = { kind: "extension", name: extension.name } as const;
  sink.emit(
    { kind: "setComment", object, comment, existing },
    `Detected comment change from ${displayValue(existing)} to ${displayValue(comment)} on ${catalogObjectLabel(object)}`,
  );
}
