/**
 * A table created again (its partitioning changes) is dropped first, and PostgreSQL cannot drop it while a
 * column holds its row type (as its type, an array of it, or inside a composite type or domain): such a
 * change is refused by name before any statement (`RecreatedRowTypeError`).
 */
import type { SchemaModel, TableDef } from "../model/schema-model";
import { typeNamesEnum } from "../ops/type-text";
import { RecreatedRowTypeError } from "./compare-errors";
import { displayName } from "./display";

/** Refuses a table created again whose row type a column holds (see `RecreatedRowTypeError`). */
export function refuseHeldRowTypes(from: SchemaModel, recreated: ReadonlyMap<string, TableDef>): void {
  for (const table of recreated.values()) {
    const holder = columnHolding(from, table);
    if (holder !== undefined) throw new RecreatedRowTypeError(displayName(table), holder);
  }
}

/** A column of `model`'s tables whose type is `type`, an array of it, or a composite type or domain holding it (at any depth), for messages. */
function columnHolding(model: SchemaModel, type: { readonly schema: string; readonly name: string }): string | undefined {
  const names = (text: string, t: { readonly schema: string; readonly name: string }) => typeNamesEnum(text, t.schema, t.name) !== null;
  const holders = [type];
  for (let i = 0; i < holders.length; i++) {
    const under = holders[i]!;
    for (const c of Object.values(model.compositeTypes ?? {})) {
      if (!holders.includes(c) && c.attributes.some((a) => names(a.type, under))) holders.push(c);
    }
    for (const d of Object.values(model.domains ?? {})) if (!holders.includes(d) && names(d.type, under)) holders.push(d);
  }
  for (const holder of holders) {
    for (const table of Object.values(model.tables)) {
      const column = table.columns.find((c) => names(c.type, holder));
      if (column !== undefined) return `column ${displayName(table)}.${column.name}`;
    }
  }
  return undefined;
}
