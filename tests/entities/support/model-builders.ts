/**
 * The entity tests' builders: the shared model builders (`tests/support/model-builders.ts`), except that
 * `column` is NOT NULL unless `rest` says otherwise, the way TypeORM declares a plain `@Column()`.
 */
import type { ColumnDef } from "../../../src/model/schema-model";
import { column as nullableColumn } from "../../support/model-builders";

export * from "../../support/model-builders";

/** A NOT NULL column with no default unless `rest` says otherwise. */
export function column(name: string, type: string, rest: Partial<Omit<ColumnDef, "name" | "type">> = {}): ColumnDef {
  return nullableColumn(name, type, { nullable: false, ...rest });
}
