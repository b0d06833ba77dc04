/**
 * The rows of the catalog-object queries (functions.sql, triggers.sql, rules.sql, statistics.sql,
 * row-security.sql, privileges.sql, default-privileges.sql, comments.sql, collations.sql), as both drivers
 * hand them back: scalar columns cast to `text`, `boolean` or `text[]`, nested lists as `json` (parsed by
 * both drivers).
 * @internal
 */
import type { FunctionCall } from "../model/schema-model";

/** `functions.sql` */
export interface FunctionRow {
  readonly schema: string;
  readonly name: string;
  /** `f` (function) or `p` (procedure). */
  readonly kind: string;
  readonly arguments: string;
  readonly signature: string;
  readonly returns: string | null;
  readonly definition: string;
  readonly depends_on: readonly string[];
  /** What calls the function (see functions.sql), or null. */
  readonly called_by: readonly FunctionCallerJson[] | null;
  /** The event triggers that execute the function, sorted. */
  readonly event_triggers: readonly string[];
}

/** One caller of a `functions.sql` row. */
export interface FunctionCallerJson {
  readonly schema: string;
  readonly table: string;
  readonly kind: FunctionCall["kind"];
  readonly name: string;
}

/** `triggers.sql` */
export interface TriggerRow {
  readonly schema: string;
  readonly table_name: string;
  readonly name: string;
  readonly definition: string;
  /** `O`, `D`, `R` or `A`. */
  readonly enabled: string;
  readonly depends_on: readonly string[];
  /** `[schema, table, tgenabled]` of each partition's clone whose state is not the trigger's. */
  readonly partition_states: readonly (readonly [string, string, string])[];
}

/** `rules.sql` */
export interface RuleRow {
  readonly schema: string;
  readonly table_name: string;
  readonly name: string;
  /** `pg_get_ruledef`, with its final semicolon. */
  readonly definition: string;
  /** `O`, `D`, `R` or `A`. */
  readonly enabled: string;
  readonly depends_on: readonly string[];
}

/** `publications.sql` */
export interface PublicationRow {
  readonly name: string;
  readonly all_tables: boolean;
  readonly schemas: readonly string[];
  readonly publish: readonly string[];
  readonly via_partition_root: boolean;
  readonly comment: string | null;
  readonly in_scope: boolean;
  readonly elsewhere: boolean;
}

/** `publication-tables.sql` */
export interface PublicationTableRow {
  readonly publication: string;
  readonly table_schema: string;
  readonly table_name: string;
  readonly columns: readonly string[] | null;
  readonly where: string | null;
  readonly depends_on: readonly string[];
}

/** `statistics.sql` */
export interface StatisticsRow {
  readonly schema: string;
  readonly name: string;
  readonly table_schema: string;
  readonly table_name: string;
  readonly definition: string;
  readonly target: number | null;
  readonly depends_on: readonly string[];
}

/** One policy of a `row-security.sql` row. */
export interface PolicyJson {
  readonly name: string;
  readonly permissive: boolean;
  /** `*`, `r`, `a`, `w` or `d`. */
  readonly command: string;
  readonly roles: readonly string[];
  readonly using: string | null;
  readonly with_check: string | null;
  readonly depends_on: readonly string[];
}

/** `row-security.sql` */
export interface RowSecurityRow {
  readonly schema: string;
  readonly name: string;
  readonly enabled: boolean;
  readonly forced: boolean;
  readonly policies: readonly PolicyJson[];
}

/** One exploded ACL entry of a `privileges.sql` row, in ACL order. */
export interface GrantJson {
  readonly grantee: string;
  readonly privilege: string;
  readonly grantable: boolean;
  /** Who granted it, where that is not the object's owner. */
  readonly grantor: string | null;
}

/** `privileges.sql` */
export interface PrivilegeRow {
  /** `table`, `view`, `materializedView`, `sequence`, `column`, `function`, `procedure` or `schema`. */
  readonly kind: string;
  readonly schema: string | null;
  readonly name: string;
  /** The column of a `column` row. */
  readonly member: string | null;
  readonly arguments: string | null;
  readonly grants: readonly GrantJson[];
  /** The role that owns the object. */
  readonly owner: string;
  /** What the owner's entry holds in the default ACL of the object's kind (nothing for a column). */
  readonly owner_default: readonly Omit<GrantJson, "grantee" | "grantor">[];
}

/** `default-privileges.sql` */
export interface DefaultPrivilegesRow {
  readonly role: string;
  /** Null for an entry of the whole database. */
  readonly schema: string | null;
  /** pg_default_acl's letter: `r` tables, `S` sequences, `f` functions, `T` types, `n` schemas. */
  readonly object_type: string;
  readonly grants: readonly Omit<GrantJson, "grantor">[];
  readonly built_in: readonly Omit<GrantJson, "grantor">[];
}

/** `comments.sql` */
export interface CommentRow {
  readonly kind: string;
  readonly schema: string | null;
  readonly name: string;
  readonly parent: string | null;
  readonly arguments: string | null;
  readonly comment: string;
}

/** `collations.sql` */
export interface CollationRow {
  readonly schema: string;
  readonly name: string;
  /** `c` (libc), `i` (icu), `b` (builtin), `d` (database default). */
  readonly provider: string;
  readonly deterministic: boolean;
  readonly lc_collate: string | null;
  readonly lc_ctype: string | null;
  readonly locale: string | null;
  readonly rules: string | null;
}

/** What the catalog-object queries read, one array per query. */
export interface CatalogObjectRows {
  readonly functions: readonly FunctionRow[];
  readonly triggers: readonly TriggerRow[];
  readonly rules: readonly RuleRow[];
  readonly statistics: readonly StatisticsRow[];
  readonly publications: readonly PublicationRow[];
  readonly publicationTables: readonly PublicationTableRow[];
  readonly rowSecurity: readonly RowSecurityRow[];
  readonly privileges: readonly PrivilegeRow[];
  /** Absent when the catalog objects were not read: the model then has no `defaultPrivileges`. */
  readonly defaultPrivileges?: readonly DefaultPrivilegesRow[];
  readonly comments: readonly CommentRow[];
  readonly collations: readonly CollationRow[];
}
