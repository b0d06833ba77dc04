/**
 * The entity model with every identifier as PostgreSQL will store it: truncated to 63 bytes (see
 * src/model/identifier-limit.ts). TypeORM passes long names to Postgres as they are (its own generated
 * enum names `<table>_<column>_enum` pass 63 bytes with ordinary table and column names), and Postgres
 * truncates them; the comparison must see what Postgres keeps, or it never settles.
 *
 * Every name is truncated: schemas, tables, views, columns, constraints, indexes, enums, the columns and
 * tables constraints and indexes refer to, and the enum types columns use. Expressions are left to the
 * normaliser, where Postgres truncates the names inside them itself. Each truncation is reported, and two
 * objects whose names become one are refused (`IdentifierCollisionError`) before anything is compared.
 */
import type {
  ColumnDef,
  EnumDef,
  IndexDef,
  IndexKey,
  QualifiedName,
  SchemaModel,
  TableDef,
  TableRef,
  ViewDef,
} from "../model/schema-model";
import { qualifiedName, quoteIdent } from "../model/names";
import { identifierBytes, MAX_IDENTIFIER_BYTES, truncateIdentifier } from "../model/identifier-limit";
import { isPlainIdentifier } from "../sql/expression";
import { IdentifierCollisionError } from "./entity-errors";

/** One name PostgreSQL will shorten. */
export interface IdentifierTruncation {
  /** What carries the name: `table public.orders`, `column public.orders.<name>`, `enum public.<name>`. */
  readonly object: string;
  readonly name: string;
  /** The name PostgreSQL stores. */
  readonly stored: string;
}

export interface LimitedModel {
  readonly model: SchemaModel;
  readonly truncations: readonly IdentifierTruncation[];
}

/**
 * `model` with every identifier truncated as PostgreSQL truncates it.
 * @throws IdentifierCollisionError when two objects of one namespace (schemas; the relations and the types
 *   of a schema; the columns and the constraints of a table) end up with one name.
 */
export function limitIdentifiers(model: SchemaModel): LimitedModel {
  const limiter = new Limiter();
  const schemas = limiter.namespace("schema");
  for (const schema of model.schemas) schemas.add(`schema ${schema}`, schema);

  const enumTypes = new Map<string, string>();
  const enums: Record<QualifiedName, EnumDef> = {};
  for (const e of Object.values(model.enums)) {
    const limited = { ...e, ...limiter.ref(e, "enum") };
    limiter.types(limited.schema).add(`enum ${display(e)}`, e.name);
    enumTypes.set(typeReference(e), typeReference(limited));
    enums[qualifiedName(limited.schema, limited.name)] = limited;
  }

  const tables: Record<QualifiedName, TableDef> = {};
  for (const table of Object.values(model.tables)) {
    const limited = limiter.table(table, enumTypes);
    limiter.relations(limited.schema).add(`table ${display(table)}`, table.name);
    limiter.types(limited.schema).add(`table ${display(table)}`, table.name);
    tables[qualifiedName(limited.schema, limited.name)] = limited;
  }

  const views: Record<QualifiedName, ViewDef> = {};
  for (const view of Object.values(model.views)) {
    const ref = limiter.ref(view, view.materialized ? "materialized view" : "view");
    limiter.relations(ref.schema).add(`view ${display(view)}`, view.name);
    limiter.types(ref.schema).add(`view ${display(view)}`, view.name);
    const indexes = view.indexes.map((index) => limiter.index(index, view, ref.schema));
    views[qualifiedName(ref.schema, ref.name)] = { ...view, ...ref, indexes };
  }

  const limitedSchemas = [...new Set(model.schemas.map(truncateIdentifier))].sort();
  return {
    model: { ...model, schemas: limitedSchemas, enums, tables, views },
    truncations: limiter.truncations,
  };
}

/**
 * A warning line for a truncation, for the autogenerate output.
 * @example // the name of column public.t.aaa...a is 64 bytes long; PostgreSQL keeps at most 63
 *   // bytes of a name, so it is stored, and written in the migration, as "aaa...". Give it a shorter ...
 */
export function truncationWarning(t: IdentifierTruncation): string {
  return (
    `The name of ${t.object} is ${identifierBytes(t.name)} bytes long; PostgreSQL keeps at most ` +
    `${MAX_IDENTIFIER_BYTES} bytes of a name, so it is stored, and written in the migration, as "${t.stored}". ` +
    `Give it a shorter name to keep the whole name.`
  );
}

/** How the entity reader and `format_type` write a reference to a type: `public."user"`. */
function typeReference(ref: TableRef): string {
  return `${quoteIdent(ref.schema)}.${quoteIdent(ref.name)}`;
}

function display(ref: TableRef): string {
  return `${ref.schema}.${ref.name}`;
}

/** One namespace in which PostgreSQL refuses two objects of one name. */
class Namespace {
  readonly #byStored = new Map<string, { readonly object: string; readonly name: string }>();

  constructor(readonly kind: string) {}

  /** Records `name` (untruncated) for `object`; throws when another name truncates to the same. */
  add(object: string, name: string): void {
    const stored = truncateIdentifier(name);
    const other = this.#byStored.get(stored);
    if (other === undefined) {
      this.#byStored.set(stored, { object, name });
      return;
    }
    if (other.name !== name) throw new IdentifierCollisionError(other.object, object, stored, this.kind);
  }
}

class Limiter {
  readonly truncations: IdentifierTruncation[] = [];
  readonly #reported = new Set<string>();
  readonly #namespaces = new Map<string, Namespace>();

  namespace(key: string, kind = key): Namespace {
    let found = this.#namespaces.get(key);
    if (found === undefined) {
      found = new Namespace(kind);
      this.#namespaces.set(key, found);
    }
    return found;
  }

  /** Tables, views, sequences and indexes of a schema (pg_class). */
  relations(schema: string): Namespace {
    return this.namespace(`relations of ${schema}`, `relation in schema ${schema}`);
  }

  /** Enums, and the row types of tables and views, of a schema (pg_type). */
  types(schema: string): Namespace {
    return this.namespace(`types of ${schema}`, `type in schema ${schema}`);
  }

  /** `name` truncated; the truncation recorded under `object`. */
  name(object: string, name: string): string {
    const stored = truncateIdentifier(name);
    if (stored !== name && !this.#reported.has(object)) {
      this.#reported.add(object);
      this.truncations.push({ object, name, stored });
    }
    return stored;
  }

  schema(schema: string): string {
    return this.name(`schema ${schema}`, schema);
  }

  ref(ref: TableRef, kind: string): TableRef {
    return { schema: this.schema(ref.schema), name: this.name(`${kind} ${display(ref)}`, ref.name) };
  }

  /** A table referred to by a foreign key: truncated without a report (its own entry reports it). */
  quietRef(ref: TableRef): TableRef {
    return { schema: truncateIdentifier(ref.schema), name: truncateIdentifier(ref.name) };
  }

  table(table: TableDef, enumTypes: ReadonlyMap<string, string>): TableDef {
    const ref = this.ref(table, "table");
    const columnNames = this.namespace(`columns of ${qualifiedName(table.schema, table.name)}`, `column of table ${display(table)}`);
    const columns = table.columns.map((column): ColumnDef => {
      columnNames.add(`column ${display(table)}.${column.name}`, column.name);
      return {
        ...column,
        name: this.name(`column ${display(table)}.${column.name}`, column.name),
        type: limitedType(column.type, enumTypes),
      };
    });
    const constraintNames = this.namespace(
      `constraints of ${qualifiedName(table.schema, table.name)}`,
      `constraint of table ${display(table)}`,
    );
    const constraint = <T extends { readonly name: string }>(noun: string, c: T): T => {
      constraintNames.add(`${noun} ${c.name} of table ${display(table)}`, c.name);
      return { ...c, name: this.name(`${noun} ${c.name} of table ${display(table)}`, c.name) };
    };
    const indexName = (noun: string, name: string): void =>
      this.relations(ref.schema).add(`${noun} ${name} of table ${display(table)}`, name);
    const cols = (names: readonly string[]) => names.map(truncateIdentifier);

    const primaryKey = table.primaryKey === null ? null : { ...constraint("primary key", table.primaryKey), columns: cols(table.primaryKey.columns) };
    if (table.primaryKey !== null) indexName("primary key", table.primaryKey.name);
    const uniques = table.uniques.map((u) => {
      indexName("unique constraint", u.name);
      return { ...constraint("unique constraint", u), columns: cols(u.columns) };
    });
    const foreignKeys = table.foreignKeys.map((fk) => ({
      ...constraint("foreign key", fk),
      columns: cols(fk.columns),
      referencedTable: this.quietRef(fk.referencedTable),
      referencedColumns: cols(fk.referencedColumns),
    }));
    const checks = table.checks.map((c) => constraint("check constraint", c));
    const exclusions = table.exclusions.map((x) => {
      indexName("exclusion constraint", x.name);
      return constraint("exclusion constraint", x);
    });
    const indexes = table.indexes.map((index) => this.index(index, table, ref.schema));
    return { ...table, ...ref, columns, primaryKey, uniques, foreignKeys, checks, exclusions, indexes };
  }

  index(index: IndexDef, owner: TableRef, schema: string): IndexDef {
    const object = `index ${index.name} of ${display(owner)}`;
    this.relations(schema).add(object, index.name);
    return {
      ...index,
      name: this.name(object, index.name),
      keys: index.keys.map(limitedKey),
      include: index.include.map(truncateIdentifier),
    };
  }
}

/** A column type naming a model enum, with the enum's stored name: `public."user"[]`. */
function limitedType(type: string, enumTypes: ReadonlyMap<string, string>): string {
  const m = /^(.*?)((?:\[\])*)$/s.exec(type)!;
  const limited = enumTypes.get(m[1]!);
  return limited === undefined ? type : limited + m[2];
}

/** An index key that is a plain column (`name`, `"Name"`) names the column as stored. */
function limitedKey(key: IndexKey): IndexKey {
  if (!isPlainIdentifier(key.expression)) return key;
  const quoted = /^"((?:[^"]|"")*)"$/.exec(key.expression);
  const name = quoted ? quoted[1]!.replace(/""/g, '"') : key.expression;
  const stored = truncateIdentifier(name);
  return stored === name ? key : { ...key, expression: quoteIdent(stored) };
}
