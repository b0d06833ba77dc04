/**
 * Operations on enum types, and the columns, domains and composite type attributes an enum rebuild re-casts
 * with it. Part of the `Operation` union (./operation.ts); like every op, each one that removes or changes
 * something carries what it replaces, so that its inverse is derived.
 */
import type { FunctionDef } from "../model/catalog-objects";
import type { DomainDef, EnumDef, RangeTypeDef, TableRef } from "../model/schema-model";
import type { ColumnStorageSettings, TypeRef } from "./operation";

/** A column whose type is an enum, re-cast when the enum must be rebuilt. */
export interface EnumUsage {
  readonly table: TableRef;
  readonly column: string;
  /** The column's default (`pg_get_expr`), which has to be dropped and restored around the re-cast. */
  readonly default: string | null;
  /**
   * The column's default after the re-cast, when it is not `default`: set instead of restoring
   * `default`. The comparator gives it when the migration also changes the column's default, which may
   * use a label the rebuild removes (then `default` could not be restored), or one it adds. An op with it
   * always rebuilds the type, even when its labels are only added (see `addsLabelsInPlace`).
   */
  readonly defaultAfter?: string | null;
  /** Whether the column is an array of the enum. */
  readonly array: boolean;
  /**
   * The column's storage and compression, which the re-cast resets: set again after it (a domain whose base
   * type leaves its family lets them go). Absent when it has the defaults.
   */
  readonly settings?: ColumnStorageSettings;
  /**
   * The partitions' and inheritance children's storage and compression of the column, which the re-cast
   * reaches and resets too (they are not re-cast on their own): set again after it. Absent when none has any.
   */
  readonly descendants?: readonly { readonly table: TableRef; readonly settings: ColumnStorageSettings }[];
  /** For a column of a range type rebuilt with its subtype (`RangeRebuild`): a column of its multirange type. */
  readonly multirange?: true;
}

/** A domain based on the enum, with the columns of it (an array of the domain: `array`). */
export interface EnumDomainUsage {
  readonly domain: DomainDef;
  readonly usages: readonly EnumUsage[];
}

/**
 * A range type over a type rebuilt under its columns (an enum, or a domain whose base type changes),
 * rebuilt with it, since PostgreSQL cannot change a range type's subtype: set aside under `<name>__old`
 * (its multirange type too), created again with the same definition over the new type, each column of it
 * or of its multirange type (an array of either too) re-cast through text, the domains over either rebuilt
 * with their columns, the old one dropped (src/sql/range-rebuild.ts).
 */
export interface RangeRebuild {
  readonly range: RangeTypeDef;
  /** The columns of the range type, and of its multirange type (`multirange`). */
  readonly usages: readonly EnumUsage[];
  /** The domains over the range type or its multirange type, with their columns; absent when none. */
  readonly domains?: readonly EnumDomainUsage[];
  /**
   * The attributes of composite types of the range type or its multirange type (`multirange`), or an
   * array of either, retyped to the new one (`ALTER TYPE ... ALTER ATTRIBUTE`): only composite types
   * nothing uses, which hold no value. Absent when there are none.
   */
  readonly attributes?: readonly EnumAttributeUsage[];
  /**
   * Its subtype_diff function, which takes the old subtype: renamed aside with it, created again from its
   * definition over the new subtype before it, the old one dropped after it. Absent when it has none.
   */
  readonly subtypeDiff?: FunctionDef;
}

/** An attribute of a composite type whose type is the enum or an array of it. */
export interface EnumAttributeUsage {
  readonly type: TypeRef;
  readonly attribute: string;
  readonly array: boolean;
  /**
   * Of an enum's rebuild: the columns of the composite type (or an array of it), which PostgreSQL will
   * not let the attribute be retyped under. Each is turned into text before the attribute is retyped
   * and back into the type after (src/sql/composite-holders.ts), its default and settings restored.
   * Absent when no column holds the type.
   */
  readonly usages?: readonly EnumUsage[];
  /** For an attribute of a range type rebuilt with its subtype (`RangeRebuild`): an attribute of its multirange type. */
  readonly multirange?: true;
}

export interface CreateEnumOp { readonly kind: "createEnum"; readonly enum: EnumDef }
export interface DropEnumOp {
  readonly kind: "dropEnum";
  readonly enum: TypeRef;
  readonly existing?: EnumDef;
}
/**
 * Changes an enum's labels. When `to` keeps every label of `from` in the same order, this compiles to
 * `ALTER TYPE ... ADD VALUE` (with BEFORE/AFTER for the position); otherwise the type is rebuilt and
 * every usage re-cast (a label that is removed must no longer be used by any row).
 */
export interface AlterEnumOp {
  readonly kind: "alterEnum";
  readonly enum: TypeRef;
  readonly from: readonly string[];
  readonly to: readonly string[];
  readonly usages: readonly EnumUsage[];
  /**
   * The attributes of composite types of the enum (or an array of it), retyped to the new type when it
   * is rebuilt (`ALTER TYPE ... ALTER ATTRIBUTE`), the columns of such a type (`usages`) held as text
   * meanwhile. Absent when there are none.
   */
  readonly attributes?: readonly EnumAttributeUsage[];
  /**
   * The domains based on the enum (or an array of it), rebuilt with it: renamed to `<name>__old`, created
   * again on the new type, each of their columns (`usages`) re-cast, the old one dropped. Absent when
   * there are none.
   */
  readonly domains?: readonly EnumDomainUsage[];
  /** The range types over the enum, rebuilt with it (never with a `valueMap`); absent when there are none. */
  readonly ranges?: readonly RangeRebuild[];
  /**
   * For a rebuild: what each removed label becomes in the rows that hold it (`{ cancelled: "closed" }`).
   * A removed label with no entry must be held by no row: the migration checks that first and stops with
   * an error naming the table, column and label.
   */
  readonly valueMap?: Readonly<Record<string, string>>;
}

/**
 * `ALTER TYPE "s"."from" RENAME TO "to"`: the enum keeps its labels, and the columns of it their rows and
 * defaults (which name the type by its oid). A renamed table's or column's enum that TypeORM names after it
 * (`users_role_enum` for `users.role`) is renamed with it instead of re-created and re-cast.
 */
export interface RenameEnumOp {
  readonly kind: "renameEnum";
  readonly enum: TypeRef;
  readonly to: string;
}

/**
 * `ALTER TYPE "s"."e" SET SCHEMA "other"`, then `ALTER TYPE "other"."e" RENAME TO "to"` when `to` is
 * given: the enum keeps its labels, and its columns their rows. TypeORM names an enum column's type in its
 * table's schema, so a table moved to another schema (`moveTable`) takes its enum with it, renamed too
 * when the table is (`notes_kind_enum` to `old_notes_kind_enum`). One op, as `moveTable` is, so that the
 * type has one old and one new name for the ordering and the inverse.
 */
export interface MoveEnumOp {
  readonly kind: "moveEnum";
  readonly enum: TypeRef;
  /** The schema the type moves to. */
  readonly schema: string;
  /** Its new name, when it changes too. */
  readonly to?: string;
}

/** Where a `moveEnum` puts its type. */
export function movedEnum(op: MoveEnumOp): TypeRef {
  return { schema: op.schema, name: op.to ?? op.enum.name };
}
