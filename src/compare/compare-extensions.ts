/**
 * Extensions, matched by name. Those `to` requires and `from` lacks are created; a requirement on the
 * version or schema of an installed extension is reported, not acted on (there is no op for
 * `ALTER EXTENSION ... UPDATE`). Extensions are dropped only when asked, and `plpgsql` never.
 */
import type { SchemaModel } from "../model/schema-model";
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
  const diff = differences(mapOf(from.extensions), mapOf(to.extensions), extensionSatisfies);
  for (const extension of diff.added) {
    sink.emit({ kind: "createExtension", extension }, `Detected added extension '${extension.name}'`);
  }
  for (const { from: installed, to: required } of diff.modified) {
    sink.note(
      `Extension '${required.name}' is installed (version ${installed.version ?? "unknown"}, schema ` +
        `${installed.schema ?? "unknown"}) but version ${required.version ?? "any"} in schema ` +
        `${required.schema ?? "any"} is required: not changed, update it by hand`,
    );
  }
  if (!dropExtensions) return;
  for (const existing of diff.removed.filter((e) => !NEVER_DROPPED.has(e.name))) {
    sink.emit(
      { kind: "dropExtension", name: existing.name, existing },
      `Detected removed extension '${existing.name}'`,
    );
  }
}
