/**
 * Plans the scratch objects through which Postgres normalises a raw model (the entity side): every
 * column type and default, every check and exclusion constraint, generated expression, and every index
 * with an expression key or a predicate is created as a temporary object, so that reading it back through
 * the introspector gives Postgres's own printing. Pure: it only builds SQL and the map back.
 *
 * Cost is kept independent of the number of tables: types and defaults are deduplicated into a few wide
 * tables with synthetic column names (neither references a column), and constraints that do reference
 * columns are packed into as few tables as the column names allow.
 */
import type { ColumnDef, EnumDef, IndexDef, IndexKey, SchemaModel, TableDef } from "../model/schema-model";
import { quoteIdent, quoteIdentAlways as q } from "../model/names";
import { quoteLiteral } from "../sql/quote";
import { rewriteOutsideLiterals } from "../sql/sql-scan";

/**
 * Columns per scratch table. Postgres allows 1,600, but reading a table back costs time proportional to
 * its width for every default, check and index printed (`pg_get_expr` and its siblings build the column
 * names of the whole table on each call): 354 defaults in one table took 100-125 ms to read, in tables of
 * 64 columns 15 ms, while each extra temporary table costs well under a millisecond to create.
 */
const MAX_COLUMNS = 64;

export interface EnumToken {
  readonly token: string;
  readonly enum: EnumDef;
}

/** One distinct (type, default, collation) triple, materialised as one synthetic column. */
export interface TypeSlot {
  readonly type: string;
  readonly default: string | null;
  readonly collation: string | null;
  readonly scratchTable: string;
  readonly scratchColumn: string;
  /** `schema.table.column` of every entity column that uses it, for error messages. */
  readonly origins: string[];
}

/** One check, exclusion, generated column or index materialised in a packed table. */
export interface PackedItem {
  readonly kind: "check" | "exclusion" | "index" | "generated";
  readonly tableKey: string;
  /** Original constraint, index or column name. */
  readonly name: string;
  readonly scratchTable: string;
  readonly scratchName: string;
  /** `CONSTRAINT ...` clause, `CREATE INDEX` statement or column definition. */
  readonly sql: string;
}

export interface PackedTable {
  readonly name: string;
  readonly columns: Map<string, string>;
  readonly items: PackedItem[];
}

export interface ScratchPlan {
  readonly enumTokens: readonly EnumToken[];
  readonly enumStatements: readonly string[];
  readonly typeSlots: ReadonlyMap<string, TypeSlot>;
  readonly typeTables: ReadonlyMap<string, TypeSlot[]>;
  readonly packedTables: readonly PackedTable[];
}

export function slotKey(type: string, def: string | null, collation: string | null): string {
  return JSON.stringify([type, def, collation]);
}

/**
 * Replaces a reference to a model enum in a raw type by its temporary stand-in. A reference is written
 * with every part quoted (`"public"."user"`), bare (`public.status`), or quoted only where `quote_ident`
 * quotes (`public."user"`, `public."MixedCase"`: keywords and capitals), which is how the entity reader
 * and Postgres write it.
 */
export function enumTypeSubstituter(tokens: readonly EnumToken[]): (type: string) => string {
  const byName = new Map<string, string>();
  for (const { token, enum: e } of tokens) {
    const temp = `pg_temp.${token}`;
    byName.set(`${q(e.schema)}.${q(e.name)}`, temp);
    byName.set(`${e.schema}.${e.name}`, temp);
    byName.set(`${quoteIdent(e.schema)}.${quoteIdent(e.name)}`, temp);
  }
  return (type) => {
    const m = /^(.*?)((?:\[\])*)$/s.exec(type)!;
    const base = byName.get(m[1]!);
    return base ? base + m[2] : type;
  };
}

/**
 * Replaces the casts to a model enum in an expression the entity wrote (a default, a check, an index
 * predicate: `ARRAY[]::d_colors_enum[]`, `'red'::public.d_color_enum`) by casts to its temporary
 * stand-in, whose columns they meet: the real type may not exist yet, and when it does it is another type
 * than the stand-in the column has. A name is taken as it is spelt in the type of a column (see
 * `enumTypeSubstituter`) or unqualified (the schema is then the one `search_path` finds first, which is
 * the enum's in the projects TypeORM writes for). Literals, quoted names and comments are left alone.
 */
export function enumReferenceSubstituter(tokens: readonly EnumToken[]): (text: string) => string {
  if (tokens.length === 0) return (text) => text;
  const byName = new Map<string, string>();
  for (const { token, enum: e } of tokens) {
    const temp = `pg_temp.${token}`;
    for (const schema of [`${q(e.schema)}.`, `${e.schema}.`, `${quoteIdent(e.schema)}.`, ""]) {
      for (const name of [q(e.name), e.name, quoteIdent(e.name)]) byName.set(`${schema}${name}`, temp);
    }
  }
  const typeName = /\s*((?:"(?:[^"]|"")*"|[A-Za-z_][A-Za-z0-9_$]*)(?:\.(?:"(?:[^"]|"")*"|[A-Za-z_][A-Za-z0-9_$]*))?)(?![A-Za-z0-9_$"])/y;
  return (text) =>
    rewriteOutsideLiterals(text, (t, i) => {
      if (!t.startsWith("::", i)) return null;
      typeName.lastIndex = i + 2;
      const m = typeName.exec(t);
      const temp = m === null ? undefined : byName.get(m[1]!);
      if (m === null || temp === undefined) return { text: "::", length: 2 };
      return { text: t.slice(i, typeName.lastIndex - m[1]!.length) + temp, length: typeName.lastIndex - i };
    });
}

/** The columns of a relation, as far as telling plain index keys from expressions needs them. */
export type NamedColumns = { readonly columns: readonly { readonly name: string }[] };

/** Whether an index key is a plain column of the table (as opposed to an expression). */
export function plainColumnOf(key: IndexKey, table: NamedColumns): string | null {
  const text = key.expression;
  const unquoted = /^"((?:[^"]|"")*)"$/.exec(text)?.[1]?.replace(/""/g, '"') ?? text;
  return table.columns.some((c) => c.name === unquoted) ? unquoted : null;
}

function needsPacking(index: IndexDef, table: TableDef): boolean {
  return index.where !== null || index.keys.some((k) => plainColumnOf(k, table) === null);
}

/** `CREATE INDEX` of `index` under `scratchName` on the temporary table `scratchTable`, whose columns are `table`'s. */
export function indexSql(index: IndexDef, scratchName: string, scratchTable: string, table: NamedColumns): string {
  const keys = index.keys.map((k) => {
    const col = plainColumnOf(k, table);
    let s = col !== null ? q(col) : `(${k.expression})`;
    if (k.collation) s += ` COLLATE ${collationSql(k.collation)}`;
    if (k.opclass) s += ` ${k.opclass}`;
    if (k.descending) s += " DESC";
    if (k.nullsFirst !== k.descending) s += k.nullsFirst ? " NULLS FIRST" : " NULLS LAST";
    return s;
  });
  const include = index.include.length ? ` INCLUDE (${index.include.map(q).join(", ")})` : "";
  const nnd = index.nullsNotDistinct ? " NULLS NOT DISTINCT" : "";
  const where = index.where !== null ? ` WHERE (${index.where})` : "";
  return (
    `CREATE ${index.unique ? "UNIQUE " : ""}INDEX ${q(scratchName)} ON pg_temp.${q(scratchTable)} ` +
    `USING ${index.method} (${keys.join(", ")})${include}${nnd}${where}`
  );
}

/**
 * A collation as the entity gives it (`C`, `de-DE-x-icu`, or already quoted / qualified) as SQL: a bare
 * name is quoted, as TypeORM does, so that `C` is not folded to `c`.
 */
export function collationSql(collation: string): string {
  return collation.startsWith('"') || collation.includes(".") ? collation : q(collation);
}

function columnSql(column: ColumnDef, type: string): string {
  const collate = column.collation ? ` COLLATE ${collationSql(column.collation)}` : "";
  return `${q(column.name)} ${type}${collate}`;
}

export interface ScratchOptions {
  /**
   * Which columns of an entity table a packed table gets: `all` of them (the default), or only those its
   * packed items may refer to (see `referencedColumns`). Two tables share a packed table only when their
   * columns of the same name have the same type, so with `all` nearly every table that has an enum
   * column (its own type) or a differently sized `varchar` of a common name needs a packed table of its
   * own, and creating hundreds of temporary tables costs about a second. `referenced` packs the checks of
   * a thousand tables into a few tables; the texts Postgres prints for them are the same, since they
   * depend only on the columns referred to.
   */
  readonly packColumns?: "all" | "referenced";
}

/**
 * The columns a table's packed items may refer to: its generated columns, and every column whose name
 * appears (in any letter case, or quoted) in one of `texts`. A superset is harmless. A reference this
 * misses (a `U&"..."` identifier) makes the packed table fail to create; `normaliseModel` then starts
 * over with `packColumns: "all"`.
 */
function referencedColumns(table: TableDef, texts: readonly string[]): readonly ColumnDef[] {
  const text = texts.join("\n");
  const lower = text.toLowerCase();
  return table.columns.filter(
    (c) => c.generated !== null || lower.includes(c.name.toLowerCase()) || text.includes(q(c.name)),
  );
}

/** Builds the plan for a raw model. */
export function planScratch(raw: SchemaModel, options: ScratchOptions = {}): ScratchPlan {
  const enumTokens: EnumToken[] = Object.values(raw.enums).map((e, i) => ({
    token: `autogen_enum_${String(i).padStart(5, "0")}`,
    enum: e,
  }));
  const enumStatements = enumTokens.map(
    ({ token, enum: e }) =>
      `CREATE TYPE pg_temp.${token} AS ENUM (${e.labels.map(quoteLiteral).join(", ")})`,
  );
  const sub = enumTypeSubstituter(enumTokens);
  const subText = enumReferenceSubstituter(enumTokens);

  const typeSlots = new Map<string, TypeSlot>();
  const typeTables = new Map<string, TypeSlot[]>();
  const packedTables: PackedTable[] = [];
  let counter = 0;

  for (const table of Object.values(raw.tables)) {
    for (const column of table.columns) {
      if (column.generated !== null) continue;
      const type = sub(column.type);
      const key = slotKey(type, column.default, column.collation);
      let slot = typeSlots.get(key);
      if (!slot) {
        const tableIndex = Math.floor(typeSlots.size / MAX_COLUMNS);
        const scratchTable = `autogen_types_${tableIndex}`;
        slot = {
          type,
          default: column.default === null ? null : subText(column.default),
          collation: column.collation,
          scratchTable,
          scratchColumn: `c${typeSlots.size}`,
          origins: [],
        };
        typeSlots.set(key, slot);
        const list = typeTables.get(scratchTable) ?? [];
        list.push(slot);
        typeTables.set(scratchTable, list);
      }
      slot.origins.push(`${table.schema}.${table.name}.${column.name}`);
    }

    const tableKey = `${q(table.schema)}.${q(table.name)}`;
    const wanted = [
      ...table.checks.map((c) => ({ kind: "check" as const, name: c.name, definition: subText(c.definition) })),
      ...table.exclusions.map((c) => ({ kind: "exclusion" as const, name: c.name, definition: subText(c.definition) })),
    ];
    const indexes = table.indexes.filter((i) => needsPacking(i, table));
    const generated = table.columns.filter((c) => c.generated !== null);
    if (wanted.length === 0 && indexes.length === 0 && generated.length === 0) continue;

    const packColumns =
      options.packColumns === "referenced"
        ? referencedColumns(table, [
            ...wanted.map((w) => w.definition),
            ...generated.map((c) => c.generated ?? ""),
            ...indexes.flatMap((i) => [...i.keys.map((k) => k.expression), i.where ?? "", ...i.include]),
          ])
        : table.columns;
    const columns = new Map<string, string>();
    for (const c of packColumns) {
      const type = sub(c.type);
      columns.set(c.name, c.generated !== null ? `${type}|${c.generated}` : type);
    }
    let packed = packedTables.find(
      (p) =>
        p.columns.size + columns.size <= MAX_COLUMNS &&
        [...columns].every(([name, sig]) => !p.columns.has(name) || p.columns.get(name) === sig),
    );
    if (!packed) {
      packed = { name: `autogen_packed_${packedTables.length}`, columns: new Map(), items: [] };
      packedTables.push(packed);
    }
    for (const c of packColumns) {
      if (packed.columns.has(c.name)) continue;
      packed.columns.set(c.name, columns.get(c.name)!);
      if (c.generated !== null) {
        const scratchName = c.name;
        packed.items.push({
          kind: "generated",
          tableKey,
          name: c.name,
          scratchTable: packed.name,
          scratchName,
          sql: `${columnSql(c, sub(c.type))} GENERATED ALWAYS AS (${subText(c.generated)}) STORED`,
        });
      } else {
        packed.items.push({
          kind: "generated",
          tableKey: "",
          name: c.name,
          scratchTable: packed.name,
          scratchName: c.name,
          sql: columnSql(c, sub(c.type)),
        });
      }
    }
    for (const w of wanted) {
      const scratchName = `autogen_${w.kind}_${counter++}`;
      packed.items.push({
        kind: w.kind,
        tableKey,
        name: w.name,
        scratchTable: packed.name,
        scratchName,
        sql: `CONSTRAINT ${q(scratchName)} ${w.definition}`,
      });
    }
    for (const index of indexes) {
      const scratchName = `autogen_index_${counter++}`;
      packed.items.push({
        kind: "index",
        tableKey,
        name: index.name,
        scratchTable: packed.name,
        scratchName,
        sql: indexSql(withEnumReferences(index, subText), scratchName, packed.name, table),
      });
    }
  }
  return { enumTokens, enumStatements, typeSlots, typeTables, packedTables };
}

/** `index` with the casts to model enums in its key expressions and predicate made casts to their stand-ins. */
function withEnumReferences(index: IndexDef, subText: (text: string) => string): IndexDef {
  return {
    ...index,
    keys: index.keys.map((k) => ({ ...k, expression: subText(k.expression) })),
    where: index.where === null ? null : subText(index.where),
  };
}

/** `CREATE TEMP TABLE` for a group of type slots. */
export function typeTableSql(name: string, slots: readonly TypeSlot[]): string {
  const cols = slots.map((s) => {
    const collate = s.collation ? ` COLLATE ${collationSql(s.collation)}` : "";
    const def = s.default !== null ? ` DEFAULT ${s.default}` : "";
    return `${q(s.scratchColumn)} ${s.type}${collate}${def}`;
  });
  return `CREATE TEMP TABLE ${q(name)} (${cols.join(", ")})`;
}

/** `CREATE TEMP TABLE` plus `CREATE INDEX` statements for a packed table. */
export function packedTableSql(table: PackedTable): string[] {
  const columns = table.items.filter((i) => i.kind === "generated").map((i) => i.sql);
  const constraints = table.items.filter((i) => i.kind === "check" || i.kind === "exclusion").map((i) => i.sql);
  const indexes = table.items.filter((i) => i.kind === "index").map((i) => i.sql);
  return [`CREATE TEMP TABLE ${q(table.name)} (${[...columns, ...constraints].join(", ")})`, ...indexes];
}
