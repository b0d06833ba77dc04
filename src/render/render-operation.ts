/**
 * Operation -> one `await op.xxx(...)` statement of a migration file. The dispatch is an exhaustive
 * `OperationTable`, so a new operation kind does not compile until it can be rendered. Evaluating the
 * statement through the op API's builders gives back an equal operation (`existing` of drops excepted,
 * unless `dropExisting` is set).
 */
import { AutogenError } from "../errors";
import type { IndexDef } from "../model/schema-model";
import { operationHazards, type Hazard } from "../ops/hazards";
import { type DropConstraintOp, type Operation, type OperationTable, type ValidateConstraintOp, dispatch } from "../ops/operation";
import { call, nonEmpty, options } from "./call-text";
import { lineCommentText } from "./comment-text";
import { catalogRenderers } from "./render-catalog";
import { jsArray, jsNullableString, jsObject, jsString, jsStringArray, jsValue, jsListOrNothing } from "./js-literal";
import {
  renderColumnChanges,
  renderColumnSpec,
  renderConstraintSpec,
  renderEnumUsage,
  renderEnumAttribute,
  renderDescendants,
  renderExistingColumn,
  renderExistingConstraint,
  renderExistingIndex,
  renderExtensionSpec,
  renderIndexSpec,
  renderSequenceSpec,
  renderStatisticsTargets,
  renderTableName,
  renderTableSpec,
  tablespaceEntry,
} from "./render-specs";
import { renderRangeRebuild, tableKindRenderers } from "./render-table-kinds";
import { renderDomainSpec } from "./render-table-kind-specs";

export interface RenderContext {
  /**
   * Also write what a drop removes (`{ existing: ... }`), so that the call alone can be inverted. Default
   * false: a generated file has its downgrade already, and a dropped table's full definition is noise.
   * `alterColumn`, `setTableComment`, `alterEnum`, `alterSequence` and `alterExtension` always carry what
   * they replace.
   */
  readonly dropExisting?: boolean;
  /**
   * Why an operation loses data, or null: when given, the only marker written (a `// DESTRUCTIVE:` line).
   * Default: the hazards of `src/ops/hazards.ts`.
   */
  readonly destructiveReason?: (op: Operation) => string | null;
  /**
   * The markers of this operation, worked out with the rest of its migration (`migrationHazards`, as
   * `renderBody` does); default: its hazards when any table may hold rows.
   */
  readonly hazards?: readonly Hazard[];
}

const MARKERS: Readonly<Record<Hazard["level"], string>> = { destructive: "DESTRUCTIVE", mayFail: "WARNING" };

/** An operation that is internally inconsistent and would not survive being written out. */
export class UnrenderableOperationError extends AutogenError {
  constructor(
    readonly operation: Operation,
    detail: string,
  ) {
    super(`Cannot render the ${operation.kind} operation: ${detail}`);
  }
}

const CONSTRAINT_METHODS = {
  primaryKey: "addPrimaryKey",
  unique: "addUnique",
  foreignKey: "addForeignKey",
  check: "addCheck",
  exclusion: "addExclusion",
} as const;

function checkName(op: Operation, expected: string, existing: { readonly name: string } | undefined): void {
  if (existing !== undefined && existing.name !== expected) {
    throw new UnrenderableOperationError(
      op,
      `its "existing" definition is named "${existing.name}" but the operation targets "${expected}".`,
    );
  }
}

function checkRef(
  op: Operation,
  ref: { readonly schema: string; readonly name: string },
  other: { readonly schema: string; readonly name: string } | undefined,
): void {
  if (other !== undefined && (other.schema !== ref.schema || other.name !== ref.name)) {
    throw new UnrenderableOperationError(
      op,
      `it names ${other.schema}.${other.name} where ${ref.schema}.${ref.name} is expected.`,
    );
  }
}

/** A materialized view's indexes as `createIndex` specs, or nothing when it has none. */
function viewIndexes(indexes: readonly IndexDef[]): string | undefined {
  return indexes.length === 0 ? undefined : jsArray(indexes.map(renderIndexSpec));
}

/** `columnDefaults: { c: "expr" }` of a view whose columns have defaults; left out for none. */
function columnDefaultsEntry(view: { readonly columnDefaults?: Readonly<Record<string, string>> }): readonly [string, string | undefined] {
  const defaults = Object.entries(view.columnDefaults ?? {});
  return ["columnDefaults", defaults.length === 0 ? undefined : jsObject(defaults.map(([column, expression]) => [column, jsString(expression)]))];
}

/** `clusterOn: "i"` of a materialized view that has a CLUSTER index; left out for none. */
function clusterOnEntry(view: { readonly clusterOn?: string }): readonly [string, string | undefined] {
  return ["clusterOn", view.clusterOn === undefined ? undefined : jsString(view.clusterOn)];
}

/** A createTable's or dropTable's `keepSequences` and `continueSequences`, those it has. */
function keptSequences(op: { readonly keepSequences?: readonly string[]; readonly continueSequences?: readonly string[] }) {
  const list = (columns: readonly string[] | undefined) => (columns === undefined ? undefined : jsStringArray(columns));
  return [
    ["keepSequences", list(op.keepSequences)],
    ["continueSequences", list(op.continueSequences)],
  ] as const;
}

function createRenderers(dropExisting: boolean): OperationTable<string> {
  const existingOf = <T>(value: T | undefined): T | undefined => (dropExisting ? value : undefined);
  // `op.<method>(table, name, { existing })`: a constraint named, with what it was when the op carries it.
  const namedConstraintCall = (op: DropConstraintOp | ValidateConstraintOp, method: string): string => {
    checkName(op, op.name, op.existing);
    const existing = existingOf(op.existing);
    return call(method, renderTableName(op.table), jsString(op.name), existing && options([["existing", renderExistingConstraint(existing)]]));
  };
  return {
    createSchema: (op) => call("createSchema", jsString(op.schema), op.ifMissing === true ? options([["ifMissing", "true"]]) : undefined),
    dropSchema: (op) => call("dropSchema", jsString(op.schema)),
    createExtension: (op) =>
      call("createExtension", jsString(op.extension.name), renderExtensionSpec(op.extension)),
    dropExtension: (op) => {
      checkName(op, op.name, op.existing);
      const existing = existingOf(op.existing);
      return call(
        "dropExtension",
        jsString(op.name),
        existing && options([["existing", renderExtensionSpec(existing) ?? "{}"]]),
      );
    },
    moveExtension: (op) => call("moveExtension", jsString(op.name), jsObject([["from", jsString(op.from)], ["to", jsString(op.to)]])),
    alterExtension: (op) =>
      call(
        "alterExtension",
        jsString(op.name),
        jsString(op.version),
        op.existing === undefined ? undefined : options([["existing", renderExtensionSpec(op.existing) ?? "{}"]]),
      ),
    createEnum: (op) => call("createEnum", renderTableName(op.enum), jsStringArray(op.enum.labels)),
    dropEnum: (op) => {
      checkRef(op, op.enum, op.existing);
      const existing = existingOf(op.existing);
      return call("dropEnum", renderTableName(op.enum), existing && options([["existing", jsStringArray(existing.labels)]]));
    },
    alterEnum: (op) =>
      call(
        "alterEnum",
        renderTableName(op.enum),
        jsObject([
          ["from", jsStringArray(op.from)],
          ["to", jsStringArray(op.to)],
          ["usages", jsListOrNothing(op.usages, renderEnumUsage)],
          ["attributes", jsListOrNothing(op.attributes, renderEnumAttribute)],
          [
            "domains",
            jsListOrNothing(op.domains, (d) =>
              jsObject([
                ["name", renderTableName(d.domain)],
                ["spec", renderDomainSpec(d.domain)],
                ["usages", jsListOrNothing(d.usages, renderEnumUsage)],
              ]),
            ),
          ],
          ["ranges", jsListOrNothing(op.ranges, renderRangeRebuild)],
          [
            "valueMap",
            op.valueMap === undefined
              ? undefined
              : jsObject(Object.entries(op.valueMap).map(([from, to]) => [from, jsString(to)])),
          ],
        ]),
      ),
    createSequence: (op) =>
      call("createSequence", renderTableName(op.sequence), nonEmpty(renderSequenceSpec(op.sequence))),
    dropSequence: (op) => {
      checkRef(op, op.sequence, op.existing);
      const existing = existingOf(op.existing);
      return call("dropSequence", renderTableName(op.sequence), existing && options([["existing", renderSequenceSpec(existing)]]));
    },
    alterSequence: (op) => {
      checkRef(op, op.from, op.to);
      return call(
        "alterSequence",
        renderTableName(op.from),
        jsObject([
          ["from", renderSequenceSpec(op.from)],
          ["to", renderSequenceSpec(op.to)],
        ]),
      );
    },
    createTable: (op) => call("createTable", renderTableName(op.table), renderTableSpec(op.table), options(keptSequences(op))),
    dropTable: (op) => {
      checkRef(op, op.table, op.existing);
      const existing = existingOf(op.existing);
      return call(
        "dropTable",
        renderTableName(op.table),
        options([["existing", existing && renderTableSpec(existing)], ...keptSequences(op)]),
      );
    },
    setTableComment: (op) =>
      call(
        "setTableComment",
        renderTableName(op.table),
        jsNullableString(op.comment),
        op.existing === undefined ? undefined : options([["existing", jsNullableString(op.existing)]]),
      ),
    renameTable: (op) => call("renameTable", renderTableName(op.table), jsString(op.to)),
    renameEnum: (op) => call("renameEnum", renderTableName(op.enum), jsString(op.to)),
    moveEnum: (op) =>
      call("moveEnum", renderTableName(op.enum), jsString(op.schema), ...(op.to === undefined ? [] : [jsString(op.to)])),
    moveTable: (op) =>
      call("moveTable", renderTableName(op.table), jsString(op.schema), ...(op.to === undefined ? [] : [jsString(op.to)])),
    addColumn: (op) => call("addColumn", renderTableName(op.table), renderColumnSpec(op.column)),
    dropColumn: (op) => {
      checkName(op, op.column, op.existing);
      const existing = existingOf(op.existing);
      return call(
        "dropColumn",
        renderTableName(op.table),
        jsString(op.column),
        options([
          ["existing", existing && renderExistingColumn(existing)],
          ["only", op.only === true ? "true" : undefined],
        ]),
      );
    },
    alterColumn: (op) => {
      checkName(op, op.column, op.existing);
      return call(
        "alterColumn",
        renderTableName(op.table),
        jsString(op.column),
        renderColumnChanges(op.changes),
        options([
          ["using", op.using == null ? undefined : jsString(op.using)],
          ["existing", op.existing && renderExistingColumn(op.existing)],
          ["only", op.only === true ? "true" : undefined],
          ["fillNulls", op.fillNulls === false ? "false" : undefined],
          ["descendants", op.descendants && renderDescendants(op.descendants)],
          ["notNullPartitions", op.notNullPartitions && jsArray(op.notNullPartitions.map((t) => renderTableName(t)))],
        ]),
      );
    },
    renameColumn: (op) => call("renameColumn", renderTableName(op.table), jsString(op.from), jsString(op.to)),
    renameIndex: (op) => call("renameIndex", renderTableName(op.table), jsString(op.from), jsString(op.to)),
    alterIndexStorage: (op) =>
      call(
        "alterIndexStorage",
        renderTableName(op.table),
        jsString(op.name),
        jsObject([
          ["from", jsStringArray(op.from)],
          ["to", jsStringArray(op.to)],
        ]),
      ),
    alterIndexStatistics: (op) =>
      call(
        "alterIndexStatistics",
        renderTableName(op.table),
        jsString(op.name),
        jsObject([
          ["from", renderStatisticsTargets(op.from)],
          ["to", renderStatisticsTargets(op.to)],
        ]),
      ),
    renameConstraint: (op) => call("renameConstraint", renderTableName(op.table), jsString(op.from), jsString(op.to)),
    addConstraint: (op) =>
      call(
        CONSTRAINT_METHODS[op.constraint.type],
        renderTableName(op.table),
        renderConstraintSpec(op.constraint),
        options([
          ["notValid", op.notValid ? "true" : undefined],
          ["usingIndex", op.usingIndex === undefined ? undefined : jsString(op.usingIndex)],
        ]),
      ),
    validateConstraint: (op) => namedConstraintCall(op, "validateConstraint"),
    invalidateConstraint: (op) =>
      call("invalidateConstraint", renderTableName(op.table), jsString(op.constraint.name), renderExistingConstraint(op.constraint)),
    backfillColumn: (op) =>
      call(
        "backfillColumn",
        renderTableName(op.table),
        jsString(op.column),
        jsObject([
          ["value", jsString(op.value)],
          ["batchPages", String(op.batchPages)],
        ]),
      ),
    createPartitionedIndex: (op) => call("createPartitionedIndex", renderTableName(op.table), renderIndexSpec(op.index)),
    dropConstraint: (op) => namedConstraintCall(op, "dropConstraint"),
    createIndex: (op) =>
      call(
        "createIndex",
        renderTableName(op.table),
        renderIndexSpec(op.index),
        op.concurrently ? options([["concurrently", "true"]]) : undefined,
      ),
    createView: (op) =>
      call(
        "createView",
        renderTableName(op.view),
        jsObject([
          ["definition", jsString(op.view.definition)],
          ["materialized", op.view.materialized ? "true" : undefined],
          ["indexes", viewIndexes(op.view.indexes)],
          ["options", op.view.options !== undefined && op.view.options.length > 0 ? jsStringArray(op.view.options) : undefined],
          tablespaceEntry(op.view),
          clusterOnEntry(op.view),
          columnDefaultsEntry(op.view),
        ]),
      ),
    dropView: (op) => {
      checkRef(op, op.view, op.existing);
      if (op.existing !== undefined && op.existing.materialized !== op.materialized) {
        throw new UnrenderableOperationError(op, "its \"existing\" view and the operation disagree on materialized.");
      }
      const existing = existingOf(op.existing);
      return call(
        "dropView",
        renderTableName(op.view),
        options([
          ["materialized", op.materialized ? "true" : undefined],
          [
            "existing",
            existing &&
              jsObject([
                ["definition", jsString(existing.definition)],
                ["indexes", viewIndexes(existing.indexes)],
                ["options", existing.options !== undefined && existing.options.length > 0 ? jsStringArray(existing.options) : undefined],
                tablespaceEntry(existing),
                clusterOnEntry(existing),
                columnDefaultsEntry(existing),
              ]),
          ],
        ]),
      );
    },
    dropIndex: (op) => {
      checkName(op, op.name, op.existing);
      const existing = existingOf(op.existing);
      return call(
        "dropIndex",
        renderTableName(op.table),
        jsString(op.name),
        options([
          ["existing", existing && renderExistingIndex(existing)],
          ["concurrently", op.concurrently ? "true" : undefined],
        ]),
      );
    },
    execute: (op) =>
      call(
        "execute",
        jsString(op.sql),
        op.params !== undefined ? jsValue(op.params, "params") : op.reverseSql !== undefined ? "null" : undefined,
        op.reverseSql === undefined ? undefined : options([["reverseSql", jsNullableString(op.reverseSql)]]),
      ),
    ...tableKindRenderers(dropExisting),
    ...catalogRenderers(existingOf),
  };
}

const RENDERERS = { compact: createRenderers(false), withExisting: createRenderers(true) } as const;

/**
 * One statement, `await op.addColumn("memories", { name: "task_id", type: "text" });`, preceded by a
 * `// DESTRUCTIVE: <reason>` line when the operation can lose data, and a `// WARNING: <reason>` line
 * when it can fail on existing rows.
 */
export function renderOperation(op: Operation, ctx: RenderContext = {}): string {
  const statement = `await ${dispatch(ctx.dropExisting ? RENDERERS.withExisting : RENDERERS.compact, op)};`;
  const hazards = ctx.hazards ?? (ctx.destructiveReason ? fromReason(ctx.destructiveReason(op)) : operationHazards(op));
  return [...hazards.map((h) => `// ${MARKERS[h.level]}: ${lineCommentText(h.reason)}`), statement].join("\n");
}

function fromReason(reason: string | null): Hazard[] {
  return reason === null ? [] : [{ level: "destructive", reason }];
}
