/**
 * The sequence behind a `serial` column, named the way PostgreSQL names it (`<table>_<column>_seq`,
 * shortened to fit 63 bytes exactly as `makeObjectName` does), or as the column's identity names it where
 * a database had it under another name (`sequence`: a table renamed since, or `t_id_seq1` where another
 * relation held `t_id_seq`). A new serial column whose usual name is taken gets the next free one, as
 * PostgreSQL chooses it (`freeSerialSequenceName`).
 *
 * Also: the sequence definition a serial column implies, and reading which sequence a `nextval` default
 * draws from, so that a serial column can be matched with the same sequence spelled out; and the
 * sequences an op creates or drops along with a serial or identity column (an identity column's sequence
 * is named the same way).
 */
import type { ColumnDef, ColumnIdentity, SequenceDef, TableRef } from "../model/schema-model";
import type { Operation, TypeRef } from "./operation";
import { sequenceDefaults } from "./sequence-defaults";
import { qualifiedNameParts } from "./type-text";

/** PostgreSQL's NAMEDATALEN - 1: the longest identifier in bytes. */
const MAX_IDENTIFIER_BYTES = 63;

const SERIAL_TYPES: Readonly<Record<string, string>> = {
  smallint: "smallserial",
  integer: "serial",
  bigint: "bigserial",
};

/** `serial`, `bigserial` or `smallserial` for a serial column of `type`; null for any other type. */
export function serialPseudoType(type: string): string | null {
  return SERIAL_TYPES[type] ?? null;
}

/**
 * The sequence a serial column `column` of `table` owns: the name its `identity` gives, if any, else the
 * one PostgreSQL gives a new one.
 */
export function serialSequenceRef(table: TableRef, column: string, identity?: ColumnIdentity | null): TypeRef {
  const named = identity?.sequence;
  return { schema: table.schema, name: named ?? makeObjectName(table.name, column, "seq") };
}

/**
 * The identity of a serial column `column` of the table named `table` whose sequence is `sequence`: the
 * name is kept only when it is not the one PostgreSQL gives a new one.
 */
export function serialIdentity(table: string, column: string, sequence: string): ColumnIdentity {
  return sequence === makeObjectName(table, column, "seq") ? { kind: "serial" } : { kind: "serial", sequence };
}

/**
 * The name PostgreSQL's `ChooseRelationName` gives the sequence of a new serial column `column` of
 * `table`: `<table>_<column>_seq`, else the first of `..._seq1`, `..._seq2`, ... (each shortened to fit
 * 63 bytes with its own label) that `taken` does not hold; `taken` holds the names of the relations of
 * the table's schema.
 */
export function freeSerialSequenceName(table: TableRef, column: string, taken: ReadonlySet<string>): string {
  for (let pass = 0; ; pass++) {
    const name = makeObjectName(table.name, column, pass === 0 ? "seq" : `seq${pass}`);
    if (!taken.has(name)) return name;
  }
}

/** `name1_name2_label`, with the longer of name1/name2 shortened first until the whole fits 63 bytes. */
export function makeObjectName(name1: string, name2: string, label: string): string {
  const bytes1 = Buffer.from(name1, "utf8");
  const bytes2 = Buffer.from(name2, "utf8");
  const available = MAX_IDENTIFIER_BYTES - (Buffer.byteLength(label, "utf8") + 2);
  let len1 = bytes1.length;
  let len2 = bytes2.length;
  while (len1 + len2 > available) {
    if (len1 > len2) len1--;
    else len2--;
  }
  return `${clipToCharBoundary(bytes1, len1)}_${clipToCharBoundary(bytes2, len2)}_${label}`;
}

/** The longest prefix of `bytes` of at most `limit` bytes that ends on a UTF-8 character boundary. */
function clipToCharBoundary(bytes: Buffer, limit: number): string {
  let end = limit;
  // A continuation byte (10xxxxxx) at `end` means a character straddles the limit: back off to its start.
  while (end > 0 && end < bytes.length && ((bytes[end] ?? 0) & 0xc0) === 0x80) end--;
  return bytes.subarray(0, end).toString("utf8");
}

/**
 * The sequence a serial column of `type` owns: `AS <type>` with the options its identity gives (every
 * other at its default, as PostgreSQL creates it), `OWNED BY` the column. Null when `type` cannot be serial.
 */
export function serialSequenceDef(
  table: TableRef,
  column: string,
  type: string,
  identity?: ColumnIdentity | null,
): SequenceDef | null {
  if (serialPseudoType(type) === null) return null;
  const options = identity?.kind === "serial" ? (identity.options ?? {}) : {};
  const defaults = sequenceDefaults({ dataType: type, increment: options.increment, minValue: options.minValue, maxValue: options.maxValue });
  return {
    ...serialSequenceRef(table, column, identity),
    dataType: type,
    start: options.start ?? defaults.start,
    increment: defaults.increment,
    minValue: defaults.minValue,
    maxValue: defaults.maxValue,
    cache: options.cache ?? defaults.cache,
    cycle: options.cycle ?? defaults.cycle,
    ownedBy: { table: { schema: table.schema, name: table.name }, column },
  };
}

const NEXTVAL = /^nextval\('((?:[^']|'')+)'::regclass\)$/;

/**
 * The sequence a default of exactly `nextval('<schema>.<name>'::regclass)` (as `pg_get_expr` prints it
 * with `search_path = pg_catalog`) draws from; null for any other default.
 * @example nextvalSequence("nextval('public.test_id_seq'::regclass)") // => { schema: "public", name: "test_id_seq" }
 */
export function nextvalSequence(defaultText: string | null): TypeRef | null {
  const match = defaultText === null ? null : NEXTVAL.exec(defaultText);
  if (!match) return null;
  const parts = qualifiedNameParts(match[1]!.replace(/''/g, "'"));
  if (parts === null || parts.length !== 2) return null;
  return { schema: parts[0]!, name: parts[1]! };
}

/** Whether `column` owns a sequence: serial or identity, and its table's own (an inherited one draws on its parent's). */
const ownsSequence = (column: ColumnDef): boolean => column.identity !== null && column.inherited !== true;

/**
 * A sequence a column owns: its name (serialSequenceRef: an identity column's is named like a serial's,
 * and may be another when it was made under a clash), and that column.
 */
export interface ColumnSequence extends TypeRef {
  readonly table: string;
  readonly column: string;
}

const columnSequence = (table: TableRef, column: string, identity?: ColumnIdentity | null): ColumnSequence => ({
  ...serialSequenceRef(table, column, identity),
  table: table.name,
  column,
});

/** The sequences of `table`'s `columns` that own one. */
const sequencesOf = (table: TableRef, columns: readonly ColumnDef[]): ColumnSequence[] =>
  columns.filter(ownsSequence).map((column) => columnSequence(table, column.name, column.identity));

/**
 * Whether a table created again (`keepSequences` of createTable and dropTable) keeps `column`'s sequence
 * itself: a serial column's, released by the drop and taken back by the create. An identity column's
 * sequence goes with its table and a new one is made (which goes on from the old one's position).
 */
export function keepsSerialSequence(keepSequences: readonly string[] | undefined, column: ColumnDef): boolean {
  return column.identity?.kind === "serial" && column.inherited !== true && (keepSequences ?? []).includes(column.name);
}

/**
 * The sequences `op` creates and drops with a serial or identity column, which no sequence op of their own
 * does: with its table (createTable, dropTable), with the column (addColumn, dropColumn), and where the
 * column becomes or stops being serial or identity (alterColumn; serial to identity drops one and creates
 * another of the same name). A drop needs the op's `existing` to know it. A serial column's sequence that a
 * table created again keeps (`keepSequences`) is neither.
 */
export function columnSequences(op: Operation): { readonly drops: ColumnSequence[]; readonly creates: ColumnSequence[] } {
  switch (op.kind) {
    case "createTable":
      return { drops: [], creates: sequencesOf(op.table, op.table.columns.filter((c) => !keepsSerialSequence(op.keepSequences, c))) };
    case "dropTable":
      return { drops: sequencesOf(op.table, (op.existing?.columns ?? []).filter((c) => !keepsSerialSequence(op.keepSequences, c))), creates: [] };
    case "addColumn":
      return { drops: [], creates: sequencesOf(op.table, [op.column]) };
    case "dropColumn":
      return { drops: sequencesOf(op.table, op.existing === undefined ? [] : [op.existing]), creates: [] };
    case "alterColumn": {
      const existing = op.existing?.identity ?? null;
      const next = op.changes.identity === undefined ? existing : op.changes.identity;
      const before = existing?.kind ?? null;
      const after = next?.kind ?? null;
      if (before === after) return { drops: [], creates: [] };
      return {
        drops: before === null ? [] : [columnSequence(op.table, op.column, existing)],
        creates: after === null ? [] : [columnSequence(op.table, op.column, next)],
      };
    }
    default:
      return { drops: [], creates: [] };
  }
}
