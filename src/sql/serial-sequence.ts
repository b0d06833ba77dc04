/**
 * The sequence behind a `serial` column, named the way PostgreSQL names it (`<table>_<column>_seq`,
 * shortened to fit 63 bytes exactly as `makeObjectName` does). PostgreSQL appends a digit when that name
 * is already taken (`t_id_seq1`); a sequence renamed by hand or created under such a clash is not found
 * by this name, which is the one assumption serial changes make.
 */
import type { TableRef } from "../model/schema-model";
import type { QualifiedRef } from "./quote";

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

/** The sequence a serial column `column` of `table` owns. */
export function serialSequenceRef(table: TableRef, column: string): QualifiedRef {
  return { schema: table.schema, name: makeObjectName(table.name, column, "seq") };
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
