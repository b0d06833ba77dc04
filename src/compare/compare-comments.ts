/**
 * Table comments. Column comments are a key of `alterColumn` (see compare-columns.ts).
 */
import type { ChangeCollector } from "./collector";
import { displayName, displayValue } from "./display";
import { refOf, type TableVersions } from "./table-versions";

/** Emits a `setTableComment` when the comment of two versions of the same table differs. */
export function compareTableComment({ current, target }: TableVersions, sink: ChangeCollector): void {
  if (current.comment === target.comment) return;
  sink.emit(
    { kind: "setTableComment", table: refOf(target), comment: target.comment, existing: current.comment },
    `Detected table comment change from ${displayValue(current.comment)} to ${displayValue(target.comment)} on ` +
      `'${displayName(target)}'`,
  );
}
