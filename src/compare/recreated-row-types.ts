/**
 * A table created again (its partitioning changes) is dropped first, and PostgreSQL cannot drop it while a
 * column holds its row type (as its type, an array of it, or inside a composite, domain or range type): such a
 * change is refused by name before any statement (`RecreatedRowTypeError`).
 */
import type { SchemaModel, TableDef } from "../model/schema-model";
import { RecreatedRowTypeError } from "./compare-errors";
import { displayName } from "./display";
import { firstColumnNaming, typesBuiltOn } from "./types-built-on";

/** Refuses a table created again whose row type a column holds (see `RecreatedRowTypeError`). */
export function refuseHeldRowTypes(from: SchemaModel, recreated: ReadonlyMap<string, TableDef>): void {
  for (const table of recreated.values()) {
    const holder = firstColumnNaming(Object.values(from.tables), [{ ref: table }, ...typesBuiltOn(from, [table])]);
    if (holder !== undefined) throw new RecreatedRowTypeError(displayName(table), holder.at);
  }
}
