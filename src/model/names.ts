import type { QualifiedName, TableRef } from "./schema-model";

/** `"schema"."name"`, the key of every map in a SchemaModel. Embedded double quotes are doubled. */
export function qualifiedName(schema: string, name: string): QualifiedName {
  return `${quoteIdentAlways(schema)}.${quoteIdentAlways(name)}`;
}

export function tableKey(ref: TableRef): QualifiedName {
  return qualifiedName(ref.schema, ref.name);
}

/** Always double-quotes: the safe form for SQL we emit ourselves. */
export function quoteIdentAlways(name: string): string {
  // Most names hold no double quote: skip the replace (model keys are built for every table, often).
  return name.includes('"') ? `"${name.replace(/"/g, '""')}"` : `"${name}"`;
}

export function tableRefEquals(a: TableRef, b: TableRef): boolean {
  return a.schema === b.schema && a.name === b.name;
}

/**
 * PostgreSQL 15's keywords that `quote_ident` quotes: every keyword that is not UNRESERVED
 * (`SELECT word FROM pg_get_keywords() WHERE catcode <> 'U'`).
 */
const QUOTED_KEYWORDS: ReadonlySet<string> = new Set(
  ("all analyse analyze and any array as asc asymmetric authorization between bigint binary bit boolean " +
    "both case cast char character check coalesce collate collation column concurrently constraint create " +
    "cross current_catalog current_date current_role current_schema current_time current_timestamp " +
    "current_user dec decimal default deferrable desc distinct do else end except exists extract false " +
    "fetch float for foreign freeze from full grant greatest group grouping having ilike in initially " +
    "inner inout int integer intersect interval into is isnull join lateral leading least left like limit " +
    "localtime localtimestamp national natural nchar none normalize not notnull null nullif numeric offset " +
    "on only or order out outer overlaps overlay placing position precision primary real references " +
    "returning right row select session_user setof similar smallint some substring symmetric table " +
    "tablesample then time timestamp to trailing treat trim true union unique user using values varchar " +
    "variadic verbose when where window with xmlattributes xmlconcat xmlelement xmlexists xmlforest " +
    "xmlnamespaces xmlparse xmlpi xmlroot xmlserialize xmltable").split(" "),
);

/**
 * Quotes an identifier only where PostgreSQL's `quote_ident` would: names made of lowercase ASCII letters,
 * digits and underscores, not starting with a digit and not a non-unreserved keyword, stay bare. This is
 * how Postgres prints names inside `format_type`, `pg_get_expr` and `pg_get_indexdef` text.
 * @example quoteIdent("user_id") // => user_id
 * @example quoteIdent("userId")  // => "userId"
 * @example quoteIdent("order")   // => "order"
 */
export function quoteIdent(name: string): string {
  return /^[a-z_][a-z0-9_]*$/.test(name) && !QUOTED_KEYWORDS.has(name) ? name : quoteIdentAlways(name);
}

/**
 * Whether `printed`, a name as PostgreSQL prints it inside `pg_get_expr` or `pg_get_indexdef` text, is
 * `name`: bare as `quoteIdent` leaves it, or double-quoted. PostgreSQL 16 and later quote more keywords
 * than 15, whose list `quoteIdent` holds (`json`, `json_table`, `system_user`, `merge_action`, ...), so a
 * column named `json` prints `"json"` there and `json` on 15; a name that is not one prints the same way
 * on every major, and one never printed bare (`order`, `userId`) is matched quoted only.
 */
export function printsAs(printed: string, name: string): boolean {
  return printed === quoteIdent(name) || printed === quoteIdentAlways(name);
}
