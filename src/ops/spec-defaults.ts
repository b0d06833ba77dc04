/**
 * The defaults of the op API's specs, written once. The builders (`op-specs.ts`) fill a field left out of
 * a spec with its default here, and the renderer (`render/render-specs.ts`) leaves out every field that
 * equals it, so that building a rendered call gives back the same definition. Sequence defaults depend on
 * the data type and direction: see `sequence-defaults.ts`.
 */
import type { ColumnDef, ExtensionDef, ForeignKeyDef, IndexDef, IndexKey } from "../model/schema-model";
import type { EnumUsage } from "./operation";

export interface SpecDefaults {
  /** A column is nullable, with no default, identity, generation, collation or comment. */
  readonly column: Readonly<Omit<ColumnDef, "name" | "type">>;
  /** A primary key, unique or foreign key is not deferrable. */
  readonly constraintTiming: Readonly<Pick<ForeignKeyDef, "deferrable" | "initiallyDeferred">>;
  /** A foreign key takes no action on delete or update. */
  readonly foreignKeyActions: Readonly<Pick<ForeignKeyDef, "onDelete" | "onUpdate">>;
  /** An index is a btree that is not unique, not partial, and treats nulls as distinct; `include` is empty. */
  readonly index: Readonly<Pick<IndexDef, "unique" | "method" | "where" | "nullsNotDistinct">>;
  /**
   * An index key is ascending with the type's default operator class and the column's collation. Its
   * `nullsFirst` defaults to its `descending`: Postgres's default ordering, which prints no NULLS clause.
   */
  readonly indexKey: Readonly<Pick<IndexKey, "descending" | "opclass" | "collation">>;
  /** An extension may be in any schema and at any version. */
  readonly extension: Readonly<Omit<ExtensionDef, "name">>;
  /** An enum usage is a plain (not array) column without default. */
  readonly enumUsage: Readonly<Pick<EnumUsage, "default" | "array">>;
}

export const SPEC_DEFAULTS: SpecDefaults = Object.freeze({
  column: Object.freeze({
    nullable: true,
    default: null,
    identity: null,
    generated: null,
    collation: null,
    comment: null,
  }),
  constraintTiming: Object.freeze({ deferrable: false, initiallyDeferred: false }),
  foreignKeyActions: Object.freeze({ onDelete: "NO ACTION", onUpdate: "NO ACTION" }),
  index: Object.freeze({ unique: false, method: "btree", where: null, nullsNotDistinct: false }),
  indexKey: Object.freeze({ descending: false, opclass: null, collation: null }),
  extension: Object.freeze({ schema: null, version: null }),
  enumUsage: Object.freeze({ default: null, array: false }),
});
