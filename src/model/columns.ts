/**
 * A table's columns in the model (`TableDef.columns`): their types, defaults, identity or generation, and
 * the physical settings a database can give them. Texts as PostgreSQL prints them (see schema-model.ts).
 */
import type { IdentityOptions } from "./table-kinds";

/** How a column gets its values automatically. */
export type ColumnIdentity =
  /** `serial`/`bigserial`/`smallserial`: an owned sequence used as the column default. */
  | {
      readonly kind: "serial";
      /**
       * The name of its sequence (in the table's schema, as `OWNED BY` requires), only where it is not the
       * one PostgreSQL gives a new one (`<table>_<column>_seq`): read from a database whose table or column
       * was renamed since (`old_id_seq`), or where another relation held that name (`t_id_seq1`). Never
       * compared; a migration that creates the sequence again gives it this name.
       */
      readonly sequence?: string;
      /**
       * The options of its sequence that differ from what `serial`/`bigserial`/`smallserial` gives it
       * (`ALTER SEQUENCE t_id_seq INCREMENT 10 START 1000`), as for an identity column; absent when there
       * are none. Compared; set with `ALTER SEQUENCE` on the sequence found through the column.
       */
      readonly options?: IdentityOptions;
    }
  /** `GENERATED ALWAYS|BY DEFAULT AS IDENTITY`. */
  | {
      readonly kind: "identity";
      readonly generation: "ALWAYS" | "BY DEFAULT";
      /** Sequence options that differ from the defaults; absent when there are none. */
      readonly options?: IdentityOptions;
      /**
       * The name of its sequence (in the table's schema), only where it is not the one PostgreSQL gives a
       * new one, as for a serial column: `SEQUENCE NAME` given at creation, a table or column renamed since.
       * Never compared; a migration that creates the column again gives it this name.
       */
      readonly sequence?: string;
    };

export interface ColumnDef {
  readonly name: string;
  /** `format_type` text, e.g. `character varying(255)`, `numeric(10,2)`, `public.role_enum[]`. */
  readonly type: string;
  readonly nullable: boolean;
  /**
   * `pg_get_expr` of the default, or null. For a serial column this is null: the sequence default is
   * implied by `identity.kind === "serial"`.
   */
  readonly default: string | null;
  readonly identity: ColumnIdentity | null;
  /**
   * Expression of a generated column (`GENERATED ALWAYS AS (...) STORED`, or `VIRTUAL` where `virtual`
   * says so), as `pg_get_expr` prints it.
   */
  readonly generated: string | null;
  /**
   * `true` for a `VIRTUAL` generated column (PostgreSQL 18+: computed when read, nothing stored); absent
   * for a `STORED` one and for a column that is not generated.
   */
  readonly virtual?: true;
  /** Collation name when it is not the type's default, else null. */
  readonly collation: string | null;
  readonly comment: string | null;
  /**
   * `true` for a column a partition or an inheritance child has only from its parent (`attislocal` false,
   * or any column of a partition): it is not created with the table but comes with the parent. Absent for
   * the table's own columns, including one merged with an inherited column of the same name.
   */
  readonly inherited?: boolean;
  /**
   * How its values are stored out of line (`attstorage`), only when it is not its type's default (`SET
   * STORAGE`). Read from a database only; entities cannot say it (see managed kind `tableStorage`).
   */
  readonly storage?: ColumnStorage;
  /** `pglz` or `lz4` when `SET COMPRESSION` chose one (`attcompression`); absent for the server's default. */
  readonly compression?: string;
  /** The planner's statistics target set on it (`SET STATISTICS n`, `attstattarget`); absent for the default. */
  readonly statisticsTarget?: number;
  /** Its attribute options (`SET (n_distinct = ...)`, `attoptions`: `name=value`, sorted); absent when none. */
  readonly attributeOptions?: readonly string[];
}

/** A storage strategy of a column or type: `attstorage` / `typstorage`. */
export type StorageMode = "PLAIN" | "MAIN" | "EXTERNAL" | "EXTENDED";

/**
 * A column's storage strategy that is not its type's default, with that default: PostgreSQL 15 has no
 * `SET STORAGE DEFAULT`, so going back needs the type's own (and a new type brings its own: `ALTER COLUMN
 * ... TYPE` resets the column's storage and compression to the new type's defaults).
 */
export interface ColumnStorage {
  readonly mode: StorageMode;
  readonly typeDefault: StorageMode;
}
