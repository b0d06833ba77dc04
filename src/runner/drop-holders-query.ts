/**
 * The one catalog query of the runner's pre-check of dropped tables (./dropped-dependents.ts): the session's
 * search_path, the relations on it that raw SQL names without a schema, and what holds on to each table the
 * run may drop, as PostgreSQL finds it when it drops the table without CASCADE.
 */
import type { Queryable } from "../db/database";

/** One object holding on to a table the run may drop, as the catalog identifies it (see `holderOf`). */
export interface HolderRow {
  readonly table_schema: string;
  readonly table_name: string;
  /** `pg_identify_object`'s type: `table constraint`, `rule`, `table`, `table column`, `function`, `policy`, ... */
  readonly type: string;
  /** `pg_identify_object_as_address`'s names: `{schema, table, member}`, `{schema, relation}`, `{schema, function}`. */
  readonly names: string[];
  /** A constraint's `contype` and columns. */
  readonly contype: string | null;
  readonly columns: string[] | null;
  /** A rule's relation's `relkind` (`v`, `m`: the view itself). */
  readonly relkind: string | null;
  /** A function's identity arguments. */
  readonly arguments: string | null;
  /** A type's schema, name and `typtype`. */
  readonly type_names: [string, string, string] | null;
  /** A column or attribute of an array of the table's row type, not of the row type. */
  readonly via_array: boolean;
  /** `pg_describe_object`'s words. */
  readonly described: string;
  /** A partition's partitioned tables (`[schema, name]`), where the object is of a partition: they drop it with them. */
  readonly owner_ancestors: [string, string][];
}

/** What holds on to a table, by the kind of object, as `goneBefore` follows it and `holderWords` says it. */
export interface Holder {
  readonly kind:
    | "foreign key"
    | "constraint"
    | "view"
    | "materialized view"
    | "rule"
    | "policy"
    | "trigger"
    | "child table"
    | "column"
    | "attribute"
    | "default"
    | "function"
    | "domain"
    | "type"
    | "other";
  /**
   * The relation the object is of (the constraint's, rule's, policy's, trigger's, column's, attribute's or
   * default's table or composite type; the view; the child table), the function, the type; null for an
   * `other` of no relation.
   */
  readonly owner: { readonly schema: string; readonly name: string } | null;
  /** The member's name (constraint, rule, policy, trigger, column, attribute, the default's column); a function's identity arguments. */
  readonly name: string;
  /** A constraint's columns. */
  readonly columns: readonly string[];
  readonly viaArray: boolean;
  readonly described: string;
  /** The partitioned tables `owner` is a partition of: dropping one of them drops it. */
  readonly ownerAncestors: readonly { readonly schema: string; readonly name: string }[];
}

const MEMBER_KINDS: Readonly<Record<string, Holder["kind"]>> = {
  rule: "rule",
  policy: "policy",
  trigger: "trigger",
  "table column": "column",
  "foreign table column": "column",
  "composite type column": "attribute",
  "default value": "default",
};

/** `row` as a `Holder`. */
export function holderOf(row: HolderRow): Holder {
  const [schema = "", relation = "", member = ""] = row.names;
  const base = {
    owner: { schema, name: relation },
    name: member,
    columns: row.columns ?? [],
    viaArray: row.via_array,
    described: row.described,
    ownerAncestors: row.owner_ancestors.map(([ancestorSchema, name]) => ({ schema: ancestorSchema, name })),
  };
  if (row.type === "table constraint") return { ...base, kind: row.contype === "f" ? "foreign key" : "constraint" };
  if (row.type === "rule" && member === "_RETURN") return { ...base, kind: row.relkind === "m" ? "materialized view" : "view" };
  const kind = MEMBER_KINDS[row.type];
  if (kind !== undefined && row.names.length === 3) return { ...base, kind };
  if (["table", "partitioned table", "foreign table"].includes(row.type) && row.names.length === 2) return { ...base, kind: "child table" };
  if (["function", "procedure", "aggregate"].includes(row.type)) return { ...base, kind: "function", name: row.arguments ?? "" };
  if (row.type_names !== null) {
    const [typeSchema, typeName, typtype] = row.type_names;
    return { ...base, kind: typtype === "d" ? "domain" : "type", owner: { schema: typeSchema, name: typeName } };
  }
  return { ...base, kind: "other", owner: row.names.length === 3 ? base.owner : null };
}

/** The session's search_path, and the catalog as the run finds it at its start. */
export interface CatalogAtStart {
  /** `current_schemas(true)`: where an unqualified name is looked for, in order (the temporary schema and pg_catalog included). */
  readonly path: readonly string[];
  /** `current_schema()`: where an unqualified CREATE puts its relation; null when no schema of the path exists. */
  readonly creation: string | null;
  /** The relations on the path named as raw SQL names one without a schema: `[schema, name]`. */
  readonly present: readonly (readonly [string, string])[];
  readonly holders: readonly HolderRow[];
}

/**
 * `$1`.`$2`: the tables the run may drop (schema `''`: named without one, looked for in every schema of the
 * path); `$3`: the names raw SQL gives without a schema. A table's own objects and its partitions (and
 * theirs), which go with it, are followed through `pg_depend`'s automatic, internal and partition
 * dependencies, as PostgreSQL does; what holds it is whatever else has a normal dependency on any of them
 * (its columns, row type and that type's array type included): each of those makes a DROP TABLE without
 * CASCADE fail.
 */
const CATALOG_SQL = `
WITH RECURSIVE dropped AS (
  SELECT DISTINCT c.oid, n.nspname::text AS schema, c.relname::text AS name
  FROM unnest($1::text[], $2::text[]) AS d(schema, name)
  JOIN pg_catalog.pg_namespace n ON n.nspname = d.schema OR (d.schema = '' AND n.nspname = ANY (pg_catalog.current_schemas(true)))
  JOIN pg_catalog.pg_class c ON c.relnamespace = n.oid AND c.relname = d.name AND c.relkind IN ('r', 'p', 'f')
),
gone(root, classid, objid) AS (
  SELECT d.oid, 'pg_catalog.pg_class'::regclass::oid, d.oid FROM dropped d
  UNION
  SELECT g.root, p.classid, p.objid FROM gone g
  JOIN pg_catalog.pg_depend p ON p.refclassid = g.classid AND p.refobjid = g.objid AND p.deptype IN ('a', 'i', 'P', 'S')
),
held AS (
  SELECT g.root, p.classid, p.objid, p.objsubid,
    bool_and(p.refclassid = 'pg_catalog.pg_type'::regclass AND t.typelem <> 0) AS via_array
  FROM gone g
  JOIN pg_catalog.pg_depend p ON p.refclassid = g.classid AND p.refobjid = g.objid AND p.deptype = 'n'
  LEFT JOIN pg_catalog.pg_type t ON t.oid = p.refobjid
  WHERE NOT EXISTS (SELECT FROM gone x WHERE x.root = g.root AND x.classid = p.classid AND x.objid = p.objid)
  GROUP BY 1, 2, 3, 4
),
named AS (
  SELECT d.schema AS table_schema, d.name AS table_name, i.type, a.object_names AS names, k.contype::text,
    ARRAY(SELECT c.attname::text FROM pg_catalog.pg_attribute c WHERE c.attrelid = k.conrelid AND c.attnum = ANY (k.conkey)) AS columns,
    CASE h.classid WHEN 'pg_catalog.pg_rewrite'::regclass THEN (SELECT v.relkind::text FROM pg_catalog.pg_rewrite w
      JOIN pg_catalog.pg_class v ON v.oid = w.ev_class WHERE w.oid = h.objid) END AS relkind,
    CASE h.classid WHEN 'pg_catalog.pg_proc'::regclass THEN pg_catalog.pg_get_function_identity_arguments(h.objid) END AS arguments,
    CASE h.classid WHEN 'pg_catalog.pg_type'::regclass THEN (SELECT ARRAY[n.nspname::text, t.typname::text, t.typtype::text]
      FROM pg_catalog.pg_type t JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace WHERE t.oid = h.objid) END AS type_names,
    h.via_array, pg_catalog.pg_describe_object(h.classid, h.objid, h.objsubid) AS described,
    (SELECT COALESCE(json_agg(json_build_array(an.nspname, ac.relname)), '[]') FROM pg_catalog.pg_partition_ancestors(o.oid) x
      JOIN pg_catalog.pg_class ac ON ac.oid = x.relid AND ac.oid <> o.oid JOIN pg_catalog.pg_namespace an ON an.oid = ac.relnamespace) AS owner_ancestors
  FROM held h
  JOIN dropped d ON d.oid = h.root
  LEFT JOIN pg_catalog.pg_constraint k ON h.classid = 'pg_catalog.pg_constraint'::regclass AND k.oid = h.objid
  CROSS JOIN LATERAL pg_catalog.pg_identify_object(h.classid, h.objid, h.objsubid) i
  CROSS JOIN LATERAL pg_catalog.pg_identify_object_as_address(h.classid, h.objid, h.objsubid) a
  -- The relation of a member (constraint, rule, policy, trigger, column, default), or the child table.
  CROSS JOIN LATERAL (SELECT CASE WHEN i.type IN ('table constraint', 'rule', 'policy', 'trigger', 'table column', 'default value', 'table',
      'partitioned table', 'foreign table', 'foreign table column')
    THEN pg_catalog.to_regclass(pg_catalog.format('%I.%I', a.object_names[1], a.object_names[2])) END AS oid) o
  -- A partition's copy of a foreign key goes with the key it copies, which is held as well.
  WHERE k.oid IS NULL OR k.conparentid = 0
)
SELECT pg_catalog.current_schemas(true)::text[] AS path, pg_catalog.current_schema()::text AS creation,
  (SELECT COALESCE(json_agg(json_build_array(n.nspname, c.relname)), '[]') FROM pg_catalog.pg_class c
    JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
    WHERE c.relname = ANY ($3::text[]) AND n.nspname = ANY (pg_catalog.current_schemas(true))) AS present,
  (SELECT COALESCE(json_agg(r ORDER BY r.table_schema, r.table_name, r.names, r.arguments), '[]')
    FROM named r) AS holders`;

/** The session's path and what holds on to `tables` (schema `''`: any on the path), in one query. */
export async function catalogAtStart(db: Queryable, tables: readonly { schema: string; name: string }[], unqualified: readonly string[]): Promise<CatalogAtStart> {
  const { rows } = await db.query<CatalogAtStart>(CATALOG_SQL, [tables.map((t) => t.schema), tables.map((t) => t.name), [...unqualified]]);
  return rows[0]!;
}
