/**
 * Partitions and inheritance children as a hierarchy over one model: a table's parents (its partitioned
 * table, or its INHERITS parents), its children, its depth, and whether a column comes from a parent.
 */
import { tableKey } from "../model/names";
import type { ColumnDef, QualifiedName, SchemaModel, TableDef, TableRef } from "../model/schema-model";

/** The parents of a table: the partitioned table of a partition, or its INHERITS parents. */
export function parentsOf(table: TableDef): readonly TableRef[] {
  if (table.partitionOf !== undefined) return [table.partitionOf.parent];
  return table.inherits ?? [];
}

/** The hierarchy of each model already asked for: a comparison asks for the same models several times. */
const built = new WeakMap<SchemaModel, TableHierarchy>();

export class TableHierarchy {
  private readonly children = new Map<QualifiedName, TableDef[]>();
  private readonly depths = new Map<QualifiedName, number>();

  /** The hierarchy of `model`, built once per model (models are immutable). */
  static of(model: SchemaModel): TableHierarchy {
    let hierarchy = built.get(model);
    if (hierarchy === undefined) built.set(model, (hierarchy = new TableHierarchy(model)));
    return hierarchy;
  }

  constructor(readonly model: SchemaModel) {
    for (const table of Object.values(model.tables)) {
      for (const parent of parentsOf(table)) {
        const list = this.children.get(tableKey(parent)) ?? [];
        list.push(table);
        this.children.set(tableKey(parent), list);
      }
    }
  }

  table(ref: TableRef): TableDef | undefined {
    return this.model.tables[tableKey(ref)];
  }

  /** The tables whose parent `ref` is (partitions and inheritance children). */
  childrenOf(ref: TableRef): readonly TableDef[] {
    return this.children.get(tableKey(ref)) ?? [];
  }

  /** How many generations of parents a table has in this model (0 for a table without parents). */
  depth(ref: TableRef): number {
    const key = tableKey(ref);
    const known = this.depths.get(key);
    if (known !== undefined) return known;
    this.depths.set(key, 0); // a cycle cannot be built in Postgres; this only guards the recursion
    const table = this.table(ref);
    const depth = table === undefined ? 0 : Math.max(0, ...parentsOf(table).map((p) => 1 + this.depth(p)));
    this.depths.set(key, depth);
    return depth;
  }

  /**
   * The partitions and inheritance children of `ref`, at any depth, that have `column` only from their
   * parent (`inherited`): dropping the parent's column drops theirs, with what is on it.
   */
  inheritorsOf(ref: TableRef, column: string): TableDef[] {
    return this.descendantsHaving(ref, (c) => c.name === column && c.inherited === true);
  }

  /** The partitions and inheritance children of `ref`, at any depth, that have a column `has` accepts (reached through ones that do). */
  descendantsHaving(ref: TableRef, has: (column: ColumnDef) => boolean): TableDef[] {
    const found: TableDef[] = [];
    const seen = new Set<string>([tableKey(ref)]);
    const reach = (parent: TableRef): void => {
      for (const child of this.childrenOf(parent)) {
        if (seen.has(tableKey(child))) continue;
        seen.add(tableKey(child));
        if (!child.columns.some(has)) continue;
        found.push(child);
        reach(child);
      }
    };
    reach(ref);
    return found;
  }

  /** Whether a parent of `table` in this model has a column `column` (the table has it from that parent). */
  fromParent(table: TableDef, column: string): boolean {
    return parentsOf(table).some((p) => this.table(p)?.columns.some((c) => c.name === column) ?? false);
  }
}
