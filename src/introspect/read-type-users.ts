/**
 * What uses given types from outside the compared schemas, as the database's pg_depend records it: the
 * columns, composite types' attributes, domains, range types, functions, column defaults, triggers and
 * policies of the schemas a `--schema`/`--exclude-schema` comparison leaves out, which the model does not
 * hold, so that a migration dropping or rebuilding such a type is refused before it is written
 * (src/compare/type-users-outside.ts). Views and rules are read apart (read-rule-readers.ts).
 *
 * Kept here, not in sql/: its rows are read only when the operations drop or rebuild a type and are never
 * cached, so the catalog state of the introspection cache (src/cache/introspection-cache.ts), which
 * covers every catalog sql/ reads, need not cover its catalogs.
 */
import type { TypeUse } from "../compare/type-users-outside";
import type { Queryable } from "../db/database";
import type { TableRef } from "../model/schema-model";
import { CatalogQueryError } from "./introspect-errors";

const QUERY = "type users outside the compared schemas";

/**
 * One row per object outside the schemas $3 whose own definition names one of the types $1/$2 (schema,
 * name), an array of it or, for a range type, its multirange type or an array of that: `typeSchema` and
 * `typeName` say which of the given types. `kind` is what uses it (`column`, `attribute` of a composite
 * type, `domain`, `range type`, `type`, `function`, `default`, `trigger`, `policy`); `schema` and
 * `relation` name it (the table, composite type, domain, range type or function: `pg_identify_object`'s
 * identity for a function, with its arguments), `member` the column, attribute, trigger or policy.
 * Only normal dependencies of user objects: an array type, a multirange type and a range type's
 * constructor functions are parts of their type (deptype 'i'), which stands for them.
 */
const TYPE_USERS_SQL = `
WITH given AS (
  SELECT t.oid, p.schema, p.name
  FROM unnest($1::text[], $2::text[]) AS p(schema, name)
  JOIN pg_namespace n ON n.nspname = p.schema
  JOIN pg_type t ON t.typnamespace = n.oid AND t.typname = p.name
),
types AS (
  SELECT oid, schema, name FROM given
  UNION SELECT r.rngmultitypid, g.schema, g.name FROM given g JOIN pg_range r ON r.rngtypid = g.oid
),
named AS (
  SELECT oid, schema, name FROM types
  UNION SELECT t.typarray, types.schema, types.name FROM types JOIN pg_type t ON t.oid = types.oid WHERE t.typarray <> 0
)
SELECT DISTINCT named.schema AS "typeSchema", named.name AS "typeName", u.kind, u.schema, u.relation, u.member
FROM pg_depend d
JOIN named ON d.refclassid = 'pg_type'::regclass AND d.refobjid = named.oid
CROSS JOIN LATERAL (
  SELECT CASE WHEN c.relkind = 'c' THEN 'attribute' ELSE 'column' END, n.nspname::text, c.relname::text, a.attname::text
  FROM pg_class c
  JOIN pg_namespace n ON n.oid = c.relnamespace
  JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = d.objsubid
  WHERE d.classid = 'pg_class'::regclass AND c.oid = d.objid AND d.objsubid > 0
  UNION ALL
  SELECT CASE t.typtype WHEN 'd' THEN 'domain' WHEN 'r' THEN 'range type' ELSE 'type' END, n.nspname::text, t.typname::text, NULL
  FROM pg_type t
  JOIN pg_namespace n ON n.oid = t.typnamespace
  WHERE d.classid = 'pg_type'::regclass AND t.oid = d.objid
  UNION ALL
  SELECT 'function', n.nspname::text, (pg_identify_object(d.classid, d.objid, 0)).identity, NULL
  FROM pg_proc p
  JOIN pg_namespace n ON n.oid = p.pronamespace
  WHERE d.classid = 'pg_proc'::regclass AND p.oid = d.objid
    AND NOT EXISTS (SELECT 1 FROM pg_depend i WHERE i.classid = d.classid AND i.objid = d.objid AND i.deptype = 'i')
  UNION ALL
  SELECT 'default', n.nspname::text, c.relname::text, a.attname::text
  FROM pg_attrdef ad
  JOIN pg_class c ON c.oid = ad.adrelid
  JOIN pg_namespace n ON n.oid = c.relnamespace
  JOIN pg_attribute a ON a.attrelid = ad.adrelid AND a.attnum = ad.adnum
  WHERE d.classid = 'pg_attrdef'::regclass AND ad.oid = d.objid
  UNION ALL
  SELECT 'trigger', n.nspname::text, c.relname::text, tg.tgname::text
  FROM pg_trigger tg
  JOIN pg_class c ON c.oid = tg.tgrelid
  JOIN pg_namespace n ON n.oid = c.relnamespace
  WHERE d.classid = 'pg_trigger'::regclass AND tg.oid = d.objid
  UNION ALL
  SELECT 'policy', n.nspname::text, c.relname::text, pol.polname::text
  FROM pg_policy pol
  JOIN pg_class c ON c.oid = pol.polrelid
  JOIN pg_namespace n ON n.oid = c.relnamespace
  WHERE d.classid = 'pg_policy'::regclass AND pol.oid = d.objid
) AS u(kind, schema, relation, member)
WHERE d.deptype = 'n' AND d.objid >= 16384 AND u.schema <> ALL ($3::text[])
`;

/** Sorted bytewise, the same under any database collation. */
const SORTED_SQL = `
SELECT * FROM (${TYPE_USERS_SQL}) AS uses
ORDER BY "typeSchema" COLLATE "C", "typeName" COLLATE "C", schema COLLATE "C", relation COLLATE "C", member COLLATE "C", kind
`;

/**
 * The objects outside `schemas` that use any of `types` (by schema and name, as the database has them).
 * @throws CatalogQueryError when the query fails
 */
export async function readTypeUsersOutside(db: Queryable, types: readonly TableRef[], schemas: readonly string[]): Promise<TypeUse[]> {
  if (types.length === 0) return [];
  try {
    const params = [types.map((t) => t.schema), types.map((t) => t.name), schemas];
    return (await db.query<TypeUse>(SORTED_SQL, params)).rows;
  } catch (error) {
    throw new CatalogQueryError(QUERY, error, "src/introspect/read-type-users.ts");
  }
}
