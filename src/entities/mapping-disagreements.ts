/**
 * Entities that disagree with themselves: two mappings of one table (an `@Entity` and a `@JoinTable` of
 * the same name, two entities on one table name, a closure table mapped by hand) or two columns naming one
 * enum type, that describe it differently. The model keeps one version (the first mapping's, as TypeORM's
 * `synchronize()` creates the table or type from the first and only adds what the others bring new), so
 * the user is told which, and what the other one says.
 */
import type { EntityMetadata } from "typeorm";
import type {
  ColumnDef,
  ConstraintDef,
  EnumDef,
  IndexDef,
  PrimaryKeyDef,
  TableDef,
} from "../model/schema-model";
import { quoteIdent, quoteIdentAlways } from "../model/names";

/** One object described differently by two mappings. */
export interface MappingDisagreement {
  /** `table public.post_tags`, `enum public.document_state`. */
  readonly subject: string;
  /** The mapping the model (and so the migration) follows: `entity PostTag`. */
  readonly followed: string;
  /** The mapping it disagrees with: `the @JoinTable of Post.tags`. */
  readonly other: string;
  /** One line per difference: `column "postsId": character varying NOT NULL in ..., integer NOT NULL in ...`. */
  readonly differences: readonly string[];
  /** The warning, one paragraph. */
  readonly message: string;
}

/** How a mapping is named to the user: the entity class, or the relation that made a join table. */
export function mappingLabel(metadata: EntityMetadata, all: readonly EntityMetadata[]): string {
  if (metadata.tableType === "junction") {
    const owner = all.flatMap((m) => m.manyToManyRelations).find((r) => r.junctionEntityMetadata === metadata);
    if (owner) return `the @JoinTable of ${owner.entityMetadata.name}.${owner.propertyPath}`;
  }
  if (metadata.tableType === "closure-junction" && metadata.parentClosureEntityMetadata) {
    return `the closure table of ${metadata.parentClosureEntityMetadata.name}`;
  }
  return `entity ${metadata.name}`;
}

const columnList = (columns: readonly string[]) => `(${columns.map((c) => quoteIdent(c)).join(", ")})`;

function describeColumn(c: ColumnDef): string {
  return [
    c.type,
    c.collation ? `COLLATE ${c.collation}` : null,
    c.nullable ? "NULL" : "NOT NULL",
    c.default !== null ? `DEFAULT ${c.default}` : null,
    c.identity?.kind === "serial" ? "SERIAL" : null,
    c.identity?.kind === "identity" ? `GENERATED ${c.identity.generation} AS IDENTITY` : null,
    c.generated !== null ? `GENERATED ALWAYS AS (${c.generated}) STORED` : null,
    c.comment !== null ? `COMMENT '${c.comment}'` : null,
  ]
    .filter((part): part is string => part !== null)
    .join(" ");
}

function describeConstraint(c: ConstraintDef): string {
  const deferrable = "deferrable" in c && c.deferrable ? ` DEFERRABLE${c.initiallyDeferred ? " INITIALLY DEFERRED" : ""}` : "";
  switch (c.type) {
    case "primaryKey":
      return `PRIMARY KEY ${columnList(c.columns)}`;
    case "unique":
      return `UNIQUE ${columnList(c.columns)}${deferrable}`;
    case "foreignKey":
      return (
        `FOREIGN KEY ${columnList(c.columns)} REFERENCES ${c.referencedTable.schema}.${c.referencedTable.name} ` +
        `${columnList(c.referencedColumns)} ON DELETE ${c.onDelete} ON UPDATE ${c.onUpdate}${deferrable}`
      );
    case "check":
    case "exclusion":
      return c.definition;
  }
}

function describeIndex(index: IndexDef): string {
  const keys = index.keys.map((k) => `${k.expression}${k.descending ? " DESC" : ""}`).join(", ");
  return `${index.unique ? "UNIQUE " : ""}INDEX USING ${index.method} (${keys})${index.where ? ` WHERE ${index.where}` : ""}`;
}

/** Members of one kind present in both, by name, whose descriptions differ. */
function namedDifferences<T extends { readonly name: string }>(
  kind: string,
  first: readonly T[],
  second: readonly T[],
  describe: (member: T) => string,
  labels: readonly [string, string],
): string[] {
  const others = new Map(second.map((m) => [m.name, m]));
  return first.flatMap((member) => {
    const other = others.get(member.name);
    if (other === undefined) return [];
    const [a, b] = [describe(member), describe(other)];
    return a === b ? [] : [`${kind} ${quoteIdentAlways(member.name)}: ${a} in ${labels[0]}, ${b} in ${labels[1]}`];
  });
}

/**
 * What `second` says otherwise than `first` about the same table: the columns, constraints and indexes
 * both name, and the primary key. What only one of them maps is not a disagreement (the table gets it).
 */
export function tableDifferences(first: TableDef, second: TableDef, labels: readonly [string, string]): string[] {
  const differences = namedDifferences("column", first.columns, second.columns, describeColumn, labels);
  const primaryKey = primaryKeyDifference(first.primaryKey, second.primaryKey, labels);
  if (primaryKey !== null) differences.push(primaryKey);
  differences.push(
    ...namedDifferences("unique", first.uniques, second.uniques, describeConstraint, labels),
    ...namedDifferences("foreign key", first.foreignKeys, second.foreignKeys, describeConstraint, labels),
    ...namedDifferences("check", first.checks, second.checks, describeConstraint, labels),
    ...namedDifferences("exclusion", first.exclusions, second.exclusions, describeConstraint, labels),
    ...namedDifferences("index", first.indexes, second.indexes, describeIndex, labels),
  );
  return differences;
}

/**
 * The primary keys, when they differ. A generated key name differs whenever the columns do, so the names
 * are shown only when they alone differ. With no key in the first mapping, the table takes the second's.
 */
function primaryKeyDifference(first: PrimaryKeyDef | null, second: PrimaryKeyDef | null, labels: readonly [string, string]): string | null {
  if (first === null && second === null) return null;
  const sameColumns = first !== null && second !== null && first.columns.join("\0") === second.columns.join("\0");
  if (sameColumns && first.name === second.name) return null;
  const show = (pk: PrimaryKeyDef | null) =>
    pk === null ? "none" : `PRIMARY KEY ${columnList(pk.columns)}${sameColumns ? ` named ${pk.name}` : ""}`;
  const taken = first === null ? ` (the table takes it from ${labels[1]})` : "";
  return `primary key: ${show(first)} in ${labels[0]}, ${show(second)} in ${labels[1]}${taken}`;
}

/** What two declarations of one enum type say otherwise: their labels. */
export function enumDifferences(first: EnumDef, second: EnumDef, labels: readonly [string, string]): string[] {
  const list = (e: EnumDef) => `(${e.labels.map((l) => `'${l.replace(/'/g, "''")}'`).join(", ")})`;
  const [a, b] = [list(first), list(second)];
  return a === b ? [] : [`labels: ${a} in ${labels[0]}, ${b} in ${labels[1]}`];
}

/** The disagreement about `subject` (`table public.x`), or null when the two mappings agree. */
export function disagreement(
  subject: string,
  followed: string,
  other: string,
  differences: readonly string[],
): MappingDisagreement | null {
  if (differences.length === 0) return null;
  const [kind, ...name] = subject.split(" ");
  const what = `${kind![0]!.toUpperCase()}${kind!.slice(1)} ${name.join(" ")}`;
  const creates = kind === "table" ? "creates the table" : "creates the type";
  const message =
    `${what} is mapped twice, differently: by ${followed} and by ${other}. ${differences.join("; ")}. ` +
    `The migration follows ${followed} where they differ (the first mapping, from which TypeORM's synchronize() ` +
    `${creates}); make the mappings agree, or map the ${kind === "table" ? "table" : "type"} once.`;
  return { subject, followed, other, differences, message };
}
