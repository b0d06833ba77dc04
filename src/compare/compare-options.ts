/**
 * What the caller can tell `compare`: which tables to leave alone, whether schemas and extensions may be
 * dropped, and how to resolve renames.
 */
import type { ColumnDef, TableDef, TableRef } from "../model/schema-model";
import type { ManagedKind } from "./managed-kinds";

/**
 * The name of the migration version table, which `compare` never touches in any schema (nor any other
 * table of `TOOL_OWNED_TABLES`, src/model/schema-model.ts).
 */
export const DEFAULT_VERSION_TABLE = "autogen_version";

/** What `include` / `exclude` see: the same shape as the config's `FilterObject` (Alembic's include_object). */
export interface CompareObject {
  readonly type: "table" | "view";
  readonly schema: string;
  readonly name: string;
}

/** What a resolver is asked about: objects only in `to` (created) and only in `from` (deleted). */
export interface RenameQuestion<T> {
  readonly created: readonly T[];
  readonly deleted: readonly T[];
}

/**
 * A resolver's answer (drizzle-kit style): every created and deleted object exactly once, either left in
 * `created` / `deleted` or paired in `renamed`.
 */
export interface RenameAnswer<R> {
  readonly created: readonly R[];
  readonly renamed: readonly { readonly from: R; readonly to: R }[];
  readonly deleted: readonly R[];
}

/** A column as a rename answer names it. */
export interface ColumnRef {
  readonly name: string;
}

/**
 * Decides which created/deleted pairs are renames. The CLI prompts; tests pass stubs. Called only when
 * there is at least one created and one deleted object; synchronous, so that `compare` stays synchronous.
 */
export interface RenameResolver {
  /** Tables only in `to` and only in `from`. A table can be renamed within its schema only. */
  resolveTables(question: RenameQuestion<TableDef>): RenameAnswer<TableRef>;
  /** Columns only in `to` and only in `from` of one table present on both sides (after table renames). */
  resolveColumns(question: RenameQuestion<ColumnDef> & { readonly table: TableRef }): RenameAnswer<ColumnRef>;
}

export interface CompareOptions {
  /** When given, only tables for which it returns true are compared (created, dropped or altered). */
  readonly include?: (object: CompareObject) => boolean;
  /** Tables for which it returns true are left out of the comparison. */
  readonly exclude?: (object: CompareObject) => boolean;
  /** Drop schemas that `from` has and `to` does not need. Default false: such schemas are left alone. */
  readonly dropSchemas?: boolean;
  /**
   * The schemas `from` was read for from a database's catalog (`introspect`'s `schemas`), when it was:
   * one of them that `from.schemas` does not list is missing there. Only then is `public`, which a model
   * built otherwise (by hand, a fresh database's) leaves unsaid, known to be missing: it is created where
   * `to` needs it (see compare-schemas.ts). Default: none.
   */
  readonly catalogSchemas?: readonly string[];
  /**
   * Drop extensions that `from` has (in its compared schemas) and `to` does not list. Default false.
   * `plpgsql` is never dropped.
   */
  readonly dropExtensions?: boolean;
  /** Rename detection; without one, a renamed table or column is a drop plus an add. */
  readonly renames?: RenameResolver;
  /**
   * The version table's name, ignored in every schema. Default `autogen_version`; the tables of
   * `TOOL_OWNED_TABLES` are ignored whatever this says.
   */
  readonly versionTable?: string;
  /**
   * The optional kinds this comparison creates, alters and drops (see managed-kinds.ts). Default: every
   * kind but privileges (a database-to-database diff). Entity mode passes `ENTITY_MANAGED_KINDS`.
   */
  readonly manage?: ReadonlySet<ManagedKind>;
}
