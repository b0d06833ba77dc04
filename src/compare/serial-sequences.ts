/**
 * A serial column is a column whose default is `nextval` of a sequence it owns; the model hides that
 * sequence behind `identity: { kind: "serial" }`. The same column can also be spelled out: a plain
 * `nextval('s.t_c_seq'::regclass)` default on a free-standing sequence of that name. When one side has
 * the serial and the other the spelled-out form on the serial's own sequence, comparing them as they are
 * would drop the serial (and its sequence) and create a sequence of the same name. Instead the serial
 * side is spelled out too, before comparing: the column gets the other side's `nextval` default and the
 * model the sequence the serial implies (`OWNED BY` the column, Postgres's default options for its
 * type). Then the column compares equal and the one difference is the sequence's owner (and data type):
 * an `alterSequence` that keeps the sequence and its current value.
 *
 * The implied sequence has the serial's options (`identity.options`, Postgres's defaults for its type
 * where it has none), so only what really differs shows.
 *
 * The same goes for a serial column (or its table) the other side has not at all, while it has the
 * serial's sequence free-standing (another table's default may draw from it): spelled out, the column
 * goes and the sequence stays, released first (`OWNED BY NONE`: the drop would take it along), and the
 * downgrade's column draws on it and owns it again. Else the sequence would be created while the serial
 * still holds its name.
 */
import { qualifiedName, quoteIdent, tableKey } from "../model/names";
import type { ColumnDef, SchemaModel, SequenceDef, TableDef } from "../model/schema-model";
import { nextvalSequence, serialSequenceDef, serialSequenceRef } from "../ops/serial-sequence";
import type { TypeRef } from "../ops/operation";
import type { TableScope } from "./scope";

/** Both models, each with its serial columns spelled out where the other side spells them out. */
export interface SpelledOut {
  readonly from: SchemaModel;
  readonly to: SchemaModel;
}

/** Spells out the serial columns of `from` and `to` that the other side has as `nextval` defaults. */
export function spellOutMatchingSerials(from: SchemaModel, to: SchemaModel, inScope: TableScope): SpelledOut {
  return { from: spellOut(from, to, inScope), to: spellOut(to, from, inScope) };
}

/** `model` with each serial column spelled out whose counterpart in `other` uses the serial's sequence. */
function spellOut(model: SchemaModel, other: SchemaModel, inScope: TableScope): SchemaModel {
  let tables: Record<string, TableDef> | null = null;
  let sequences: Record<string, SequenceDef> | null = null;
  for (const table of Object.values(model.tables).filter(inScope)) {
    if (!table.columns.some((column) => column.identity?.kind === "serial")) continue;
    const counterpart = other.tables[tableKey(table)];
    const columns = table.columns.map((column) => {
      const spelled = spelledOutColumn(table, column, counterpart, model, other);
      if (spelled === null) return column;
      sequences ??= { ...model.sequences };
      sequences[qualifiedName(spelled.sequence.schema, spelled.sequence.name)] = spelled.sequence;
      return spelled.column;
    });
    if (columns.some((column, i) => column !== table.columns[i])) {
      tables ??= { ...model.tables };
      tables[tableKey(table)] = { ...table, columns };
    }
  }
  if (tables === null && sequences === null) return model;
  return { ...model, tables: tables ?? model.tables, sequences: sequences ?? model.sequences };
}

function spelledOutColumn(
  table: TableDef,
  column: ColumnDef,
  counterpart: TableDef | undefined,
  model: SchemaModel,
  other: SchemaModel,
): { readonly column: ColumnDef; readonly sequence: SequenceDef } | null {
  if (column.identity?.kind !== "serial") return null;
  const own = serialSequenceRef(table, column.name, column.identity);
  const peer = counterpart?.columns.find((c) => c.name === column.name);
  if (peer !== undefined) {
    if (peer.identity !== null || peer.generated !== null) return null;
    const drawsFrom = nextvalSequence(peer.default);
    if (drawsFrom === null || drawsFrom.schema !== own.schema || drawsFrom.name !== own.name) return null;
  }
  // An inheritance child's or partition's column draws on its parent's sequence: its own goes with it.
  if (column.inherited === true) return null;
  const key = qualifiedName(own.schema, own.name);
  // The other side must have that sequence free-standing, and this side must not have one of that name.
  if (other.sequences[key] === undefined || model.sequences[key] !== undefined) return null;
  const sequence = serialSequenceDef(table, column.name, column.type, column.identity);
  if (sequence === null) return null;
  return { column: { ...column, identity: null, default: peer?.default ?? nextvalDefault(own) }, sequence };
}

/** The default of a column drawing on `sequence`, as `pg_get_expr` prints it with `search_path = pg_catalog`. */
function nextvalDefault(sequence: TypeRef): string {
  const name = `${quoteIdent(sequence.schema)}.${quoteIdent(sequence.name)}`;
  return `nextval('${name.replace(/'/g, "''")}'::regclass)`;
}
