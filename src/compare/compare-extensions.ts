/**
 * Extensions, matched by name. Those `to` requires and `from` lacks are created; an installed extension
 * whose version differs from a required version is updated (`alterExtension`); one in another schema than
 * `to` has it is moved before (extension-moves.ts) or reported there. Extensions are dropped only when
 * asked, and `plpgsql` never.
 *
 * Extensions are database-wide, but a comparison covers some schemas only (`SchemaModel.schemas`): an
 * extension that lives, or is required to live, in a schema outside them is left alone, like every
 * other object there. An entity-side requirement names no schema (null): it is always in scope.
 */
import type { ExtensionDef, SchemaModel } from "../model/schema-model";
import type { ChangeCollector } from "./collector";
import { differences, mapOf } from "./differences";
import { extensionSatisfies } from "./equality";

/** Extensions a database has without anyone asking for them. */
const NEVER_DROPPED: ReadonlySet<string> = new Set(["plpgsql"]);

/** Compares the extensions of `from` and `to`. */
export function compareExtensions(
  from: SchemaModel,
  to: SchemaModel,
  dropExtensions: boolean,
  sink: ChangeCollector,
): void {
  const required = new Map([...mapOf(to.extensions)].filter(([, e]) => inScope(e, to)));
  const diff = differences(mapOf(from.extensions), required, extensionSatisfies);
  for (const extension of diff.added) {
    sink.emit({ kind: "createExtension", extension: withoutComment(extension) }, `Detected added extension '${extension.name}'`);
  }
  for (const { from: installed, to: wanted } of diff.modified) {
    compareInstalled(installed, wanted, inScope(installed, from), sink);
  }
  if (!dropExtensions) return;
  const unwanted = diff.removed.filter(
    (e) => !NEVER_DROPPED.has(e.name) && to.extensions[e.name] === undefined && inScope(e, from),
  );
  for (const existing of unwanted) {
    sink.emit(
      { kind: "dropExtension", name: existing.name, existing: withoutComment(existing) },
      `Detected removed extension '${existing.name}'`,
    );
  }
}

/** An installed extension that does not satisfy what is required of it. */
function compareInstalled(
  installed: ExtensionDef,
  required: ExtensionDef,
  installedInScope: boolean,
  sink: ChangeCollector,
): void {
  // A schema that differs is extension-moves.ts's to move, or to say why not.
  const versionDiffers = required.version !== null && required.version !== installed.version;
  if (versionDiffers && installedInScope) {
    sink.emit(
      { kind: "alterExtension", name: installed.name, version: required.version, existing: withoutComment(installed) },
      `Detected changed version of extension '${installed.name}' from ${installed.version ?? "unknown"} to ` +
        `${required.version}`,
    );
  }
  if (versionDiffers && !installedInScope) {
    sink.note(
      `Extension '${required.name}' is installed (version ${installed.version ?? "unknown"}, schema ` +
        `${installed.schema ?? "unknown"}) but version ${required.version} in schema ${required.schema ?? "any"} is required: ` +
        `not changed, update it by hand`,
    );
  }
}

/** An extension as its operations carry it: its comment is compare-extension-comments.ts's to set. */
function withoutComment({ comment: _comment, ...extension }: ExtensionDef): ExtensionDef {
  return extension;
}

/** Whether an extension is in a model's compared schemas (or names no schema: any will do). */
export function inScope(extension: ExtensionDef, model: SchemaModel): boolean {
  return extension.schema === null || model.schemas.includes(extension.schema);
}
