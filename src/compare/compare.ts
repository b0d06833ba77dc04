/**
 * Autogenerate's comparison: the operations that turn `from` (what the database has) into `to` (what the
 * entities describe), and one Alembic-style log line per difference. Both models come normalised by
 * their readers; `compare` never knows where they came from and compares their texts exactly.
 */
import type { SchemaModel, TableDef } from "../model/schema-model";
import type { Operation } from "../ops/operation";
import { ChangeCollector } from "./collector";
import { compareEnums } from "./compare-enums";
import { extensionMoves, withExtensionsMoved } from "./extension-moves";
import { compareDomainsAndTypes } from "./compare-domains";
import { compareRangeTypes } from "./compare-range-types";
import { compareExtensions } from "./compare-extensions";
import { compareExtensionComments } from "./compare-extension-comments";
import type { CompareOptions } from "./compare-options";
import { compareSchemas } from "./compare-schemas";
import { compareSequences } from "./compare-sequences";
import { compareTablesWithKinds } from "./compare-table-kinds";
import { adoptUnmanaged, adoptUnmanagedSequences, withoutUnmanagedChildren } from "./adopt-unmanaged";
import { recreateDependentForeignKeys } from "./foreign-key-dependencies";
import { recreateAroundRetypes } from "./retype-dependents";
import { recreateChecksAroundVirtualExpressions } from "./virtual-expressions";
import { recreateAroundReaddedColumns } from "./recreated-columns";
import { keepIndexStatisticsAcrossRetypes } from "./index-statistics";
import { recreateAroundFunctionDrops } from "./function-dependents";
import { refuseEventTriggerFunctionDrops } from "./event-trigger-functions";
import { tableScope, viewScope, type TableScope } from "./scope";
import { compareViews } from "./compare-views";
import { compareCollations } from "./compare-collations";
import { compareFunctions, compareFunctionsAfterViews } from "./compare-functions";
import { compareHangingObjects } from "./compare-hanging-objects";
import { compareReplicaIdentities, compareViewClusterIndexes } from "./compare-replica-identity";
import { migrationEvents } from "./migration-events";
import { orderMigration } from "./dependency-order";
import { withEnumRenames } from "./rename-rewrite";
import { keepOwners } from "./keep-owners";
import { keepTablespaces } from "./keep-tablespaces";
import { keepSequenceNames } from "./keep-sequence-names";
import { spellOutMatchingSerials, type SpelledOut } from "./serial-sequences";

export interface CompareResult {
  /** The upgrade, in the order it applies (`orderMigration`). The downgrade is its inverse (`invertAll`). */
  readonly operations: Operation[];
  /** One line per difference found ("Detected added column 'public.memories.task_id'"), and warnings. */
  readonly log: string[];
  /** The lines of `log` that are differences left as they are, which no operation resolves; absent when none. */
  readonly unresolved?: string[];
}

/**
 * Compares two schema models.
 *
 * @example
 * const { operations, log } = compare(await introspect(db), entitiesModel, { exclude: (t) => t.name === "legacy" });
 * // log: ["Detected type change from 'character varying(120)' to 'character varying(200)' on 'public.users.name'"]
 * // operations: [{ kind: "alterColumn", table: { schema: "public", name: "users" }, column: "name",
 * //               changes: { type: "character varying(200)" }, existing: { ... } }]
 * // which compiles to: ALTER TABLE "public"."users" ALTER COLUMN "name" TYPE character varying(200)
 */
export function compare(from: SchemaModel, to: SchemaModel, options: CompareOptions = {}): CompareResult {
  const inScope = tableScope(options);
  return compareSpelledOut(spellOutMatchingSerials(withoutTypeormBookkeeping(from, to), to, inScope), inScope, options);
}

/** The columns of TypeORM's own tables, whatever the DataSource names them. */
const TYPEORM_BOOKKEEPING: readonly (readonly string[])[] = [
  ["id", "name", "timestamp"], // migrationsTableName, default "migrations": TypeORM's migration history
  ["database", "name", "schema", "table", "type", "value"], // metadataTableName, default "typeorm_metadata"
];

/** Whether `table` has the shape of one of TypeORM's own tables (its migration history, `typeorm_metadata`). */
export function isTypeormBookkeeping(table: TableDef): boolean {
  const columns = table.columns.map((c) => c.name).sort();
  return TYPEORM_BOOKKEEPING.some((shape) => shape.length === columns.length && shape.every((c, i) => c === columns[i]));
}

/**
 * `from` without the tables TypeORM keeps for itself (recognised by their columns, since the DataSource
 * may rename them) that no entity maps: a project that moves to autogen from TypeORM's own migrations
 * keeps that history instead of being offered to drop it.
 */
function withoutTypeormBookkeeping(from: SchemaModel, to: SchemaModel): SchemaModel {
  const kept = Object.entries(from.tables).filter(([key, table]) => key in to.tables || !isTypeormBookkeeping(table));
  return kept.length === Object.keys(from.tables).length ? from : { ...from, tables: Object.fromEntries(kept) };
}

/** The comparison proper, once serial columns are spelled out where the other side spells them out. */
function compareSpelledOut({ from: read, to: described }: SpelledOut, scope: TableScope, options: CompareOptions): CompareResult {
  // An extension moved to another schema takes its types and functions along: `from` as it will be then.
  const moved = extensionMoves(read, described);
  const from = withExtensionsMoved(read, moved.moves);
  // What the comparison does not manage is kept as `from` has it (adopt-unmanaged.ts), and so are
  // tablespaces, which no comparison manages (keep-tablespaces.ts), and the names of serial columns'
  // sequences (keep-sequence-names.ts).
  const to = keepSequenceNames(from, keepTablespaces(from, adoptUnmanaged(from, described, options.manage)));
  const inScope = withoutUnmanagedChildren(scope, from, to, options.manage);
  const sink = new ChangeCollector();
  for (const move of moved.moves) sink.emit(move, `Detected extension '${move.name}' moved from schema ${move.from} to ${move.to}`);
  moved.notes.forEach((note) => sink.leaveAsIs(note));
  compareExtensions(from, to, options.dropExtensions ?? false, sink);
  compareExtensionComments(from, to, options.manage, sink);
  const renamed = compareTablesWithKinds(from, to, inScope, options, sink);
  // A renamed table's members keep their tablespaces too when they are created again.
  const placed = keepTablespaces(renamed.model, to);
  compareEnums(withEnumRenames(from, sink.operations), renamed, to, options.manage, inScope, sink);
  compareRangeTypes(from, to, options.manage, sink);
  compareDomainsAndTypes(from, renamed, to, options.manage, inScope, sink);
  recreateDependentForeignKeys(renamed, to, inScope, sink);
  recreateAroundRetypes(renamed, placed, sink);
  recreateAroundReaddedColumns(renamed, placed, sink);
  recreateChecksAroundVirtualExpressions(renamed, placed, sink);
  keepIndexStatisticsAcrossRetypes(renamed, placed, sink);
  compareSequences(renamed.model, adoptUnmanagedSequences(renamed.model, to, options.manage), sink);
  compareCollations(from, to, options.manage, sink);
  compareFunctions(from, to, options.manage, sink);
  const aroundDrops = recreateAroundFunctionDrops(renamed, placed, sink);
  compareViews(from, to, viewScope(options), sink, options.manage);
  compareFunctionsAfterViews(from, to, options.manage, sink);
  // The functions dropped and created again with the views they read, which defaults and checks may call.
  recreateAroundFunctionDrops(renamed, placed, sink, aroundDrops);
  // The schemas FROM has: those of the extensions it moves too.
  compareSchemas(read, renamed.model, to, inScope, options, sink);
  const events = migrationEvents(sink.operations);
  compareReplicaIdentities(renamed, to, inScope, options.manage, events, sink);
  compareViewClusterIndexes(from, to, viewScope(options), options.manage, events, sink);
  compareHangingObjects(from, to, options, sink);
  refuseEventTriggerFunctionDrops(from, sink.operations);
  const operations = [...sink.operations, ...keepOwners(sink.operations, options.manage)];
  return { operations: orderMigration(operations, from, to), log: [...sink.log], ...(sink.unresolved.length > 0 && { unresolved: [...sink.unresolved] }) };
}
