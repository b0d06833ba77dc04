/**
 * After a rename is resolved, the `from` model is rewritten to what the catalog will hold once the rename
 * has run, so that the renamed object's contents are compared with `to` like any other object. Structured
 * references follow (key columns, foreign key targets, index key columns, sequence owners, the parent a
 * partition or inheritance child names: a partition stays attached through its parent's rename); texts that
 * Postgres deparses (check expressions, index expressions and predicates) are left as they are, so a
 * constraint or index whose text names the old column shows up as changed and is re-created (dropped
 * before the rename, under the text it had, and created after). A generated column's expression is the
 * exception among them: it is changed in place after the renames (`alterColumn`), so its `existing` must
 * be the text the catalog holds by then, which PostgreSQL has rewritten to name the new column (it keeps
 * the expression by column number); the downgrade sets that text back before renaming the column back. A renamed or
 * moved enum is the exception: Postgres prints a cast to it (`'member'::public.users_role_enum`) by the
 * type's current name, so the casts in column defaults follow its rename or move. A serial column's
 * sequence keeps its name through either rename, so the column's identity then names it (`sequence`).
 */
import { printsAs, qualifiedName, quoteIdent, tableRefEquals } from "../model/names";
import type {
  ColumnDef,
  ForeignKeyDef,
  IndexDef,
  IndexKey,
  SchemaModel,
  SequenceDef,
  TableDef,
  TableRef,
} from "../model/schema-model";
import { movedEnum, type Operation, type TypeRef } from "../ops/operation";
import { typeNamesEnum, unquoteIdentifier } from "../ops/type-text";
import { serialIdentity, serialSequenceRef } from "../ops/serial-sequence";
import { isIdentifierChar, rewriteOutsideLiterals, skipLiteralOrComment } from "../sql/sql-scan";

/** `from` with table `table` renamed to `newName` in its schema. */
export function withTableRenamed(model: SchemaModel, table: TableRef, newName: string): SchemaModel {
  const renamed: TableRef = { schema: table.schema, name: newName };
  const retarget = (ref: TableRef): TableRef => (tableRefEquals(ref, table) ? renamed : ref);
  const tables = Object.fromEntries(
    Object.entries(model.tables).map(([key, def]): [string, TableDef] => {
      const isRenamed = tableRefEquals(def, table);
      const moved = isRenamed ? { ...def, name: newName, columns: def.columns.map((c) => keepSequenceName(def, c, newName, c.name)) } : def;
      return [
        isRenamed ? qualifiedName(table.schema, newName) : key,
        withParentsRetargeted(mapForeignKeys(moved, (fk) => ({ ...fk, referencedTable: retarget(fk.referencedTable) })), retarget),
      ];
    }),
  );
  const sequences = mapSequenceOwners(model, (owner) => ({ ...owner, table: retarget(owner.table) }));
  return { ...model, tables, sequences };
}

/** `def` with the parent it is a partition of, and those it inherits from, renamed or moved by `retarget`. */
function withParentsRetargeted(def: TableDef, retarget: (ref: TableRef) => TableRef): TableDef {
  const parent = def.partitionOf?.parent;
  const partitionOf = parent === undefined || retarget(parent) === parent ? def.partitionOf : { ...def.partitionOf!, parent: retarget(parent) };
  const inherits = def.inherits?.some((p) => retarget(p) !== p) === true ? def.inherits.map(retarget) : def.inherits;
  return partitionOf === def.partitionOf && inherits === def.inherits ? def : { ...def, ...(partitionOf && { partitionOf }), ...(inherits && { inherits }) };
}

/**
 * `from` with table `table` moved to schema `schema` under its name. `SET SCHEMA` takes along the
 * indexes and constraints (parts of the table in the model) and the sequences the table's columns own.
 */
export function withTableMoved(model: SchemaModel, table: TableRef, schema: string): SchemaModel {
  const moved: TableRef = { schema, name: table.name };
  const retarget = (ref: TableRef): TableRef => (tableRefEquals(ref, table) ? moved : ref);
  const tables = Object.fromEntries(
    Object.entries(model.tables).map(([key, def]): [string, TableDef] => {
      const isMoved = tableRefEquals(def, table);
      return [
        isMoved ? qualifiedName(schema, table.name) : key,
        withParentsRetargeted(mapForeignKeys(isMoved ? { ...def, schema } : def, (fk) => ({ ...fk, referencedTable: retarget(fk.referencedTable) })), retarget),
      ];
    }),
  );
  const sequences = Object.fromEntries(
    Object.entries(model.sequences).map(([key, seq]): [string, SequenceDef] =>
      seq.ownedBy === null || !tableRefEquals(seq.ownedBy.table, table)
        ? [key, seq]
        : [qualifiedName(schema, seq.name), { ...seq, schema, ownedBy: { ...seq.ownedBy, table: moved } }],
    ),
  );
  return { ...model, tables, sequences };
}

/** `from` with column `oldName` of `table` renamed to `newName`. */
export function withColumnRenamed(model: SchemaModel, table: TableRef, oldName: string, newName: string): SchemaModel {
  const rename = (column: string): string => (column === oldName ? newName : column);
  const tables = Object.fromEntries(
    Object.entries(model.tables).map(([key, def]): [string, TableDef] => {
      const own = tableRefEquals(def, table) ? renameOwnColumn(def, rename, oldName, newName) : def;
      return [
        key,
        mapForeignKeys(own, (fk) =>
          tableRefEquals(fk.referencedTable, table)
            ? { ...fk, referencedColumns: fk.referencedColumns.map(rename) }
            : fk,
        ),
      ];
    }),
  );
  const sequences = mapSequenceOwners(model, (owner) =>
    tableRefEquals(owner.table, table) ? { ...owner, column: rename(owner.column) } : owner,
  );
  return { ...model, tables, sequences };
}

/** `model` with the enum renames and moves among `ops` applied, in their order. */
export function withEnumRenames(model: SchemaModel, ops: readonly Operation[]): SchemaModel {
  return ops.reduce((m, op) => {
    if (op.kind === "renameEnum") return withEnumReplaced(m, op.enum, { schema: op.enum.schema, name: op.to });
    return op.kind === "moveEnum" ? withEnumReplaced(m, op.enum, movedEnum(op)) : m;
  }, model);
}

/**
 * `from` with enum `type` named `next` (in another schema, under another name or both), with the column
 * types and defaults naming it.
 */
export function withEnumReplaced(model: SchemaModel, type: TypeRef, next: TypeRef): SchemaModel {
  const key = qualifiedName(type.schema, type.name);
  const def = model.enums[key];
  if (def === undefined) return model;
  const enums = Object.fromEntries(
    Object.entries(model.enums).map(([k, e]) =>
      k === key ? [qualifiedName(next.schema, next.name), { ...e, schema: next.schema, name: next.name }] : [k, e],
    ),
  );
  const oldText = `${quoteIdent(type.schema)}.${quoteIdent(type.name)}`;
  const newText = `${quoteIdent(next.schema)}.${quoteIdent(next.name)}`;
  const retype = (column: ColumnDef): ColumnDef => {
    const match = typeNamesEnum(column.type, type.schema, type.name);
    const defaultText = column.default === null ? null : renameCasts(column.default, oldText, newText);
    if (match === null && defaultText === column.default) return column;
    return { ...column, ...(match !== null && { type: `${newText}${match.array ? "[]" : ""}` }), default: defaultText };
  };
  const tables = Object.fromEntries(
    Object.entries(model.tables).map(([k, table]): [string, TableDef] => [k, { ...table, columns: table.columns.map(retype) }]),
  );
  return { ...model, enums, tables };
}

/** `expression` with each cast `::old` (outside literals, comments and quoted names) made `::new`. */
function renameCasts(expression: string, oldText: string, newText: string): string {
  return rewriteOutsideLiterals(expression, (text, i) => {
    const after = text[i + 2 + oldText.length];
    const isCast = text.startsWith(`::${oldText}`, i) && !isIdentifierChar(after) && after !== ".";
    return isCast ? { text: `::${newText}`, length: 2 + oldText.length } : null;
  });
}

/** Type words `format_type` prints after the first one (`character varying`, `timestamp(3) with time zone`). */
const TYPE_CONTINUATIONS = new Set(["varying", "precision", "with", "without", "time", "zone", "to", "year", "month", "day", "hour", "minute", "second"]);

/**
 * `expression` (a generated column's, as `pg_get_expr` prints it: its own table's columns unqualified,
 * as `quote_ident` prints them) with each reference to column `oldName` naming `newName`. What only looks
 * like one is left: a function's name (before `(`), a qualified name's part (beside `.`), a cast's type
 * (after `::`), a collation (after `COLLATE`), the field of an `EXTRACT`, a function's argument name
 * (before `=>`), a name after `AS`, `NAME` or `RETURNING` (an XML element's or attribute's name,
 * `XMLELEMENT(NAME c, XMLATTRIBUTES(c AS c))`, `XMLFOREST(c AS c)`, `XMLPI(NAME c)`, or a type,
 * `XMLSERIALIZE(... AS text)`, `JSON_OBJECT(... RETURNING t)`: no column ever stands there), and what is
 * inside constants and comments. Keywords print in capitals, so a lower-case word is a name.
 */
export function renameColumnReferences(expression: string, oldName: string, newName: string): string {
  return rewriteOutsideLiterals(expression, (text, i) => {
    // A cast's type is taken whole, and so is every name, so that none is matched from its middle.
    if (text.startsWith("::", i)) {
      const end = skipCastType(text, i + 2);
      return { text: text.slice(i, end), length: end - i };
    }
    const quotedEnd = text[i] === '"' ? skipLiteralOrComment(text, i) : i;
    const wordEnd = quotedEnd > i ? quotedEnd : isIdentifierChar(text[i]) ? identifierEnd(text, i) : i;
    if (wordEnd === i) return null;
    const word = text.slice(i, wordEnd);
    return { text: printsAs(word, oldName) && isColumnReference(text, i, wordEnd) ? quoteIdent(newName) : word, length: wordEnd - i };
  });
}

function identifierEnd(text: string, i: number): number {
  let end = i;
  while (isIdentifierChar(text[end])) end++;
  return end;
}

/** Whether the name at `start..end` stands where a column does, not as a function, qualifier, collation, field, argument name, label or type. */
function isColumnReference(text: string, start: number, end: number): boolean {
  const before = text.slice(0, start).trimEnd();
  const after = text.slice(end).trimStart();
  return (
    !before.endsWith(".") &&
    !after.startsWith(".") &&
    !after.startsWith("(") &&
    !after.startsWith("=>") &&
    !/\bCOLLATE$/.test(before) &&
    !/\bEXTRACT\($/.test(before) &&
    !/\b(AS|NAME|RETURNING)$/.test(before)
  );
}

/** The index past the type of a cast whose type starts at `i`: names, quoted names, `.`, `(n,m)`, `[]`, and the words of a type of several. */
function skipCastType(text: string, i: number): number {
  let end = i;
  for (;;) {
    const quoted = text[end] === '"' ? skipLiteralOrComment(text, end) : end;
    if (quoted > end) end = quoted;
    else if (isIdentifierChar(text[end])) end = identifierEnd(text, end);
    else if (text[end] === "." || text.startsWith("[]", end)) end += text[end] === "." ? 1 : 2;
    else if (text[end] === "(" && /^\(\d+(,\d+)?\)/.test(text.slice(end))) end = text.indexOf(")", end) + 1;
    else if (text[end] === " " && TYPE_CONTINUATIONS.has(text.slice(end + 1, identifierEnd(text, end + 1)))) end += 1;
    else return end;
  }
}

function renameOwnColumn(def: TableDef, rename: (column: string) => string, oldName: string, newName: string): TableDef {
  const renamedIn = (c: ColumnDef): ColumnDef =>
    c.generated === null ? c : { ...c, generated: renameColumnReferences(c.generated, oldName, newName) };
  return {
    ...def,
    columns: def.columns.map((c) =>
      renamedIn(c.name === oldName ? { ...keepSequenceName(def, c, def.name, newName), name: newName } : c),
    ),
    ...(def.partitionBy !== undefined && { partitionBy: renameInPartitionKey(def.partitionBy, oldName, newName) }),
    primaryKey: def.primaryKey === null ? null : renameKeyColumns(def.primaryKey, rename),
    uniques: def.uniques.map((u) => renameKeyColumns(u, rename)),
    foreignKeys: def.foreignKeys.map((fk) => ({
      ...fk,
      columns: fk.columns.map(rename),
      ...(fk.onDeleteColumns !== undefined && { onDeleteColumns: fk.onDeleteColumns.map(rename) }),
    })),
    indexes: def.indexes.map((index) => renameInIndex(index, oldName, newName)),
  };
}

/**
 * A partition key as `pg_get_partkeydef` prints it (`RANGE (at)`, `LIST (lower(name))`, `RANGE (a, b
 * text_pattern_ops)`) naming the renamed column: PostgreSQL keeps the key by column number and prints the
 * new name once the column is renamed, so the key is the same key and the table is not created again. The
 * strategy word before the list is left alone; the list is read as an expression is.
 */
export function renameInPartitionKey(key: string, oldName: string, newName: string): string {
  const open = key.indexOf("(");
  return open < 0 ? key : key.slice(0, open) + renameColumnReferences(key.slice(open), oldName, newName);
}

/** A key with its columns, and its index's INCLUDE columns, renamed. */
function renameKeyColumns<K extends { readonly columns: readonly string[]; readonly include?: readonly string[] }>(key: K, rename: (column: string) => string): K {
  return { ...key, columns: key.columns.map(rename), ...(key.include !== undefined && { include: key.include.map(rename) }) };
}

/**
 * `column` of `table`, whose serial sequence keeps its name once the table is named `tableName` and the
 * column `columnName`: the identity names it unless that is the name a new one would have.
 */
function keepSequenceName(table: TableRef, column: ColumnDef, tableName: string, columnName: string): ColumnDef {
  if (column.identity?.kind !== "serial" || column.inherited === true) return column;
  return { ...column, identity: serialIdentity(tableName, columnName, serialSequenceRef(table, column.name, column.identity).name) };
}

/** An index key that is the column itself, and an INCLUDE column, as `quote_ident` prints them, follow the rename. */
function renameInIndex(index: IndexDef, oldName: string, newName: string): IndexDef {
  const renamed = (text: string) => (unquoteIdentifier(text) === oldName ? quoteIdent(newName) : text);
  const keys = index.keys.map((key): IndexKey => ({ ...key, expression: renamed(key.expression) }));
  return { ...index, keys, include: index.include.map(renamed) };
}

function mapForeignKeys(def: TableDef, fn: (fk: ForeignKeyDef) => ForeignKeyDef): TableDef {
  return { ...def, foreignKeys: def.foreignKeys.map(fn) };
}

type SequenceOwner = NonNullable<SequenceDef["ownedBy"]>;

function mapSequenceOwners(
  model: SchemaModel,
  fn: (owner: SequenceOwner) => SequenceOwner,
): SchemaModel["sequences"] {
  return Object.fromEntries(
    Object.entries(model.sequences).map(([key, seq]) => [
      key,
      seq.ownedBy === null ? seq : { ...seq, ownedBy: fn(seq.ownedBy) },
    ]),
  );
}
