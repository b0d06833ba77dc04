/**
 * The catalog objects that TypeORM entities do not describe but a production database holds: functions,
 * procedures and aggregates, triggers, row-level security (flags and policies), privileges and default
 * privileges, comments on objects other than tables and their columns, and collations. Whether a comparison creates, changes and drops
 * them is decided per kind (src/compare/managed-kinds.ts); the readers always read them, so that what
 * hangs on an object a migration must drop and create again comes back with it.
 *
 * As everywhere in the model, every text Postgres can print is kept as Postgres prints it with
 * `search_path = pg_catalog` (so every name outside pg_catalog is schema-qualified):
 * `pg_get_functiondef`, `pg_get_triggerdef`, `pg_get_expr` of policy expressions.
 */
import { qualifiedName, quoteIdentAlways } from "./names";
import type { CatalogObjectRef } from "./object-ref";
import type { QualifiedName, TableRef } from "./schema-model";
import type { DefaultPrivilegesDef, ObjectPrivileges } from "./privileges-model";

export * from "./privileges-model";

/**
 * A function, procedure or aggregate: the three share `pg_proc`, one namespace of signatures (an
 * aggregate and a function cannot have the same name and arguments), `pg_depend`'s keys (a view calling
 * an aggregate names it as it names a function) and EXECUTE privileges, so they are one kind of model
 * object. Overloads are told apart by their identity arguments: the key is `functionKey(schema, name,
 * arguments)`.
 */
export interface FunctionDef {
  readonly schema: string;
  readonly name: string;
  readonly kind: "function" | "procedure" | "aggregate";
  /**
   * `pg_get_function_identity_arguments`: the input arguments with their names, `i integer, t text[]`;
   * an ordered-set aggregate's direct and aggregated arguments, `p double precision ORDER BY integer`; ``
   * for an aggregate without arguments (`agg(*)`).
   */
  readonly arguments: string;
  /**
   * `pg_get_function_arguments`: every argument with its mode and default, `i integer, t text DEFAULT
   * 'x'::text`. With `returns`, it decides whether `CREATE OR REPLACE` can turn one version into another
   * (Postgres refuses to change argument names, to remove defaults and to change the result).
   */
  readonly signature: string;
  /** `pg_get_function_result`: `integer`, `SETOF public.t`, `TABLE(a text)`, `trigger`; null for a procedure. */
  readonly returns: string | null;
  /**
   * `pg_get_functiondef` without its final newline: the whole `CREATE OR REPLACE FUNCTION ...` statement.
   * An aggregate's is built from `pg_aggregate` by the reader (src/introspect/sql/functions.sql), as no
   * server function prints one: `CREATE OR REPLACE AGGREGATE s.a(integer) (\n    SFUNC = s.f,\n    STYPE
   * = integer\n)`, every option that is not its default, `HYPOTHETICAL` last.
   */
  readonly definition: string;
  /**
   * The relations (`"s"."t"`, a relation's row type counting as the relation) and functions (their keys)
   * the function depends on, where known: read from `pg_depend` on the database side, absent elsewhere.
   * Not part of the function's identity: the phase order and the recreation of dependants use it.
   */
  readonly dependsOn?: readonly string[];
}

/** `ENABLE` (origin, the default), `DISABLE`, `ENABLE REPLICA`, `ENABLE ALWAYS`. */
export type TriggerEnabled = "origin" | "disabled" | "replica" | "always";

/** A trigger on a table or view (internal triggers, such as those behind foreign keys, are not modelled). */
export interface TriggerDef {
  readonly schema: string;
  /** The table or view the trigger is on (in `schema`). */
  readonly table: string;
  readonly name: string;
  /** `pg_get_triggerdef`: `CREATE [CONSTRAINT] TRIGGER name ... EXECUTE FUNCTION public.f()`. */
  readonly definition: string;
  readonly enabled: TriggerEnabled;
  /** Partitions (any generation) whose clone has a state other than `enabled`, by name; see trigger-partition-states.ts. */
  readonly partitionStates?: readonly PartitionTriggerState[];
  /**
   * Dependency keys (see src/compare/migration-events.ts): its relation, the columns it names (`UPDATE OF`,
   * `WHEN`) and its function, read from `pg_depend`; absent where unknown. Not part of its identity.
   */
  readonly dependsOn?: readonly string[];
}

/** A partition's own enabled state of its partitioned table's trigger (`ALTER TABLE partition DISABLE TRIGGER t`). */
export interface PartitionTriggerState { readonly table: TableRef; readonly enabled: TriggerEnabled }

export type PolicyCommand = "ALL" | "SELECT" | "INSERT" | "UPDATE" | "DELETE";

/**
 * A rewrite rule (`CREATE RULE`) on a table or view, other than a view's own `_RETURN` rule: the
 * `DO INSTEAD` rules of an updatable view written before PostgreSQL could update views, an `ALSO`
 * rule logging changes. A rule goes with its relation, so a view dropped and created again would lose
 * it: the comparator brings it back.
 */
export interface RuleDef {
  readonly schema: string;
  /** The table or view the rule is on (in `schema`). */
  readonly table: string;
  readonly name: string;
  /** `pg_get_ruledef` without its final semicolon: `CREATE RULE r AS ON INSERT TO public.v DO INSTEAD ...`. */
  readonly definition: string;
  /** As a trigger's: `ENABLE` (origin, the default), `DISABLE`, `ENABLE REPLICA`, `ENABLE ALWAYS`. */
  readonly enabled: TriggerEnabled;
  /**
   * Dependency keys (see src/compare/migration-events.ts) of the relations, columns and functions it
   * reads, its own relation included, read from `pg_depend`; absent where unknown. Not part of its identity.
   */
  readonly dependsOn?: readonly string[];
}

/**
 * An extended statistics object (`CREATE STATISTICS`) on a table. PostgreSQL drops it with a column it
 * covers, and rebuilds it without its statistics target when such a column is retyped: the comparator
 * drops it before and creates it again after instead.
 */
export interface StatisticsDef {
  /** The object's own schema (where its name lives), which need not be its table's. */
  readonly schema: string;
  readonly name: string;
  /** The table it is on. */
  readonly table: { readonly schema: string; readonly name: string };
  /** `pg_get_statisticsobjdef`: `CREATE STATISTICS public.s (ndistinct) ON a, b FROM public.t`. */
  readonly definition: string;
  /** `ALTER STATISTICS ... SET STATISTICS n`; null for the default. */
  readonly target: number | null;
  /** Dependency keys of the columns and functions it reads (pg_depend); absent where unknown. */
  readonly dependsOn?: readonly string[];
}

/**
 * A publication (logical replication, `CREATE PUBLICATION`): an object of the database, not of a schema,
 * read when it publishes something of the compared schemas. The tables it lists are
 * `PublicationTableDef`s of their own.
 */
export interface PublicationDef {
  readonly name: string;
  /** `FOR ALL TABLES`. */
  readonly allTables: boolean;
  /** `FOR TABLES IN SCHEMA`: those of the compared schemas it publishes whole, sorted. */
  readonly schemas: readonly string[];
  /** `publish = '...'`: of insert, update, delete, truncate, in that order. */
  readonly publish: readonly string[];
  /** `publish_via_partition_root`. */
  readonly viaPartitionRoot: boolean;
  /**
   * Its comment (`COMMENT ON PUBLICATION`), where it has one; database side only. Not part of what
   * creating or altering it does: compared on its own, as the other comments (`setComment`).
   */
  readonly comment?: string;
  /**
   * `true` for one that publishes nothing of the compared schemas and something of others: another
   * comparison's, read because it exists all the same (the other side's may be this comparison's).
   */
  readonly outOfScope?: true;
  /** `true` for one that lists a table or a schema outside the compared schemas: never dropped, for them. */
  readonly elsewhere?: true;
}

/**
 * A table a publication lists (`FOR TABLE t (columns) WHERE (...)`, `ALTER PUBLICATION ... ADD TABLE`).
 * PostgreSQL drops the entry with its table, and refuses to drop or retype a column it names: the
 * comparator takes the table out of the publication before such a change and puts it back after.
 */
export interface PublicationTableDef {
  readonly publication: string;
  readonly table: { readonly schema: string; readonly name: string };
  /** Its column list, in the table's column order; null: every column. */
  readonly columns: readonly string[] | null;
  /** Its row filter, as `pg_get_expr` prints it (without the parentheses of `WHERE (...)`); null: none. */
  readonly where: string | null;
  /** Dependency keys of the columns it names (column list and row filter); absent where unknown. */
  readonly dependsOn?: readonly string[];
}

/** The key of a publication's table in `CatalogObjects.publicationTables`: `"cdc" "public"."orders"`. */
export function publicationTableId(publication: string, table: { readonly schema: string; readonly name: string }): string {
  return `${quoteIdentAlways(publication)} ${qualifiedName(table.schema, table.name)}`;
}

/** A row-level security policy. */
export interface PolicyDef {
  readonly schema: string;
  readonly table: string;
  readonly name: string;
  /** `AS PERMISSIVE` (true) or `AS RESTRICTIVE` (false). */
  readonly permissive: boolean;
  readonly command: PolicyCommand;
  /** Role names, sorted; `public` (which no role can be named) for PUBLIC. */
  readonly roles: readonly string[];
  /** `USING` expression as `pg_get_expr` prints it, or null. */
  readonly using: string | null;
  /** `WITH CHECK` expression as `pg_get_expr` prints it, or null. */
  readonly withCheck: string | null;
  /** Dependency keys (its relation, the columns and functions it reads); absent where unknown. */
  readonly dependsOn?: readonly string[];
}

/** `ALTER TABLE ... ENABLE / FORCE ROW LEVEL SECURITY` of a table; only tables with either flag are listed. */
export interface RowSecurityDef {
  readonly schema: string;
  readonly name: string;
  readonly enabled: boolean;
  readonly forced: boolean;
}

/** A comment (`COMMENT ON ...`) on an object other than a table or a table's column. */
export interface CommentDef {
  readonly object: CatalogObjectRef;
  readonly comment: string;
}

/** A collation object (`CREATE COLLATION`). */
export interface CollationDef {
  readonly schema: string;
  readonly name: string;
  readonly provider: "libc" | "icu" | "builtin";
  readonly deterministic: boolean;
  /** libc: `LC_COLLATE`; null for the other providers. */
  readonly lcCollate: string | null;
  /** libc: `LC_CTYPE`; null for the other providers. */
  readonly lcCtype: string | null;
  /** icu and builtin: the locale; null for libc. */
  readonly locale: string | null;
  /** icu: tailoring rules (PostgreSQL 16+), or null. */
  readonly rules: string | null;
}

/** The catalog-object maps of a SchemaModel (see schema-model.ts). */
export interface CatalogObjects {
  /** Functions, procedures and aggregates, keyed by `functionKey`. */
  readonly functions: Readonly<Record<string, FunctionDef>>;
  /** Triggers, keyed by `memberKey(schema, table, name)`. */
  readonly triggers: Readonly<Record<string, TriggerDef>>;
  /** Rewrite rules, keyed by `memberKey(schema, table, name)`; absent where there are none. */
  readonly rules?: Readonly<Record<string, RuleDef>>;
  /** Extended statistics objects, keyed by their qualified name; absent where there are none. */
  readonly statistics?: Readonly<Record<QualifiedName, StatisticsDef>>;
  /** Publications, keyed by their quoted name; absent where there are none. */
  readonly publications?: Readonly<Record<string, PublicationDef>>;
  /** The tables publications list, keyed by `publicationTableKey`; absent where there are none. */
  readonly publicationTables?: Readonly<Record<string, PublicationTableDef>>;
  /** Policies, keyed by `memberKey(schema, table, name)`. */
  readonly policies: Readonly<Record<string, PolicyDef>>;
  /** Tables with row-level security enabled or forced, keyed by table. */
  readonly rowSecurity: Readonly<Record<QualifiedName, RowSecurityDef>>;
  /** Objects whose privileges differ from their kind's default, keyed by `objectKey`. */
  readonly privileges: Readonly<Record<string, ObjectPrivileges>>;
  /** Comments on objects other than tables and table columns, keyed by `objectKey`. */
  readonly comments: Readonly<Record<string, CommentDef>>;
  readonly collations: Readonly<Record<QualifiedName, CollationDef>>;
  /**
   * Default privileges, keyed by `defaultPrivilegesKey`: those IN SCHEMA one of the model's schemas, and
   * those of the whole database. Present (if empty) on a model read from a database; absent where no
   * database was read (the entity side), and then never compared.
   */
  readonly defaultPrivileges?: Readonly<Record<string, DefaultPrivilegesDef>>;
}

/** No catalog objects: what the entity reader yields. */
export const NO_CATALOG_OBJECTS: CatalogObjects = Object.freeze({
  functions: {},
  triggers: {},
  policies: {},
  rowSecurity: {},
  privileges: {},
  comments: {},
  collations: {},
});
