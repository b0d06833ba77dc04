import { AutogenError } from "../errors";

/**
 * A rename resolver answered something `compare` cannot apply: an object it was not asked about, one
 * object answered twice or not at all, or a table renamed into another schema.
 */
export class InvalidRenameError extends AutogenError {
  constructor(
    /** `table`, or `column` with the qualified table name: `column of public.users`. */
    readonly subject: string,
    /** What is wrong with the answer. */
    readonly problem: string,
  ) {
    super(
      `The rename resolver gave an answer for ${subject} renames that cannot be applied: ${problem}. ` +
        `Each created and each deleted ${subject.startsWith("table") ? "table" : "column"} must appear exactly ` +
        `once in the answer, either unchanged in "created"/"deleted" or paired in "renamed" (from a deleted ` +
        `one to a created one); fix the resolver or answer the prompt again.`,
    );
  }
}

/**
 * The migration must drop or change an object that something it does not manage depends on (a trigger on
 * a dropped column, a function reading a dropped table, when the comparison leaves triggers or functions
 * alone), so that the dependant could be neither kept nor brought back.
 */
export class DependentObjectError extends AutogenError {
  constructor(
    /** What depends: `trigger t_upd on public.users`. */
    readonly dependant: string,
    /** What the migration drops: `column public.users.nickname`. */
    readonly dependency: string,
    /** The kind of object left alone: `triggers`. */
    readonly kind: string,
  ) {
    super(
      `The migration drops ${dependency}, but ${dependant} depends on it, and this comparison does not manage ` +
        `${kind}, so it can neither keep it nor drop it. Change or drop ${dependant} first (in a migration of its ` +
        `own, with op.execute), or let the comparison manage ${kind}, then generate the migration again.`,
    );
  }
}

/**
 * The migration retypes or drops a column, or drops a table, view or type (an enum rebuilt among them),
 * that a view, materialized view or rule it leaves in place reads (one the comparison leaves out:
 * `exclude`, a schema it does not compare, rules when it does not manage them): PostgreSQL would refuse
 * the statement when the migration runs, and the comparison may not touch that object to create it
 * again around the change.
 */
export class RuleReaderError extends AutogenError {
  constructor(
    /** Each: `view public.v reads column public.t.c, which the migration retypes to bigint`. */
    readonly blockers: readonly string[],
  ) {
    const [them, those] = blockers.length > 1 ? ["them", "those objects"] : ["it", "that object"];
    super(
      `The migration cannot run as generated: ${blockers.join("; and ")}. PostgreSQL refuses to change or drop ` +
        `what a view or rule reads, and this comparison leaves ${those} out (exclude, a schema it does not ` +
        `compare, or a kind it does not manage), so it can neither keep nor create ${them} again. Change or drop ` +
        `${them} first (in a migration of its own, with op.execute), or bring ${them} into the comparison, then ` +
        `generate the migration again. No file was written.`,
    );
  }
}

/**
 * The migration drops or rebuilds a type (an enum whose labels are removed, a domain whose base type
 * changes, ...) that a column, attribute, domain, range type, function, default, trigger or policy in a
 * schema the comparison leaves out uses: PostgreSQL would refuse the drop of the old type half-way
 * through the migration, and the comparison may not change what it does not compare
 * (src/compare/type-users-outside.ts).
 */
export class TypeUsedOutsideError extends AutogenError {
  constructor(
    /** Each: `it removes the label 'b' from enum s.e, which ..., but column public.t.c uses it`. */
    readonly blockers: readonly string[],
    /** The schemas left out that hold those users. */
    readonly schemas: readonly string[],
  ) {
    const [schema, those] = schemas.length > 1 ? [`schemas ${schemas.join(", ")}`, "those schemas"] : [`schema ${schemas[0]}`, "that schema"];
    super(
      `The migration cannot run as generated: ${blockers.join("; and ")}. PostgreSQL refuses to drop or retype a ` +
        `type while anything uses it, and this comparison does not compare ${schema} (--schema, --exclude-schema, ` +
        `or the schemas of the entities), so it may neither re-cast nor change what is there. Bring ${those} into ` +
        `the comparison, or change what uses the type there first (in a migration of its own, with op.execute), ` +
        `then generate the migration again. No file was written.`,
    );
  }
}

/**
 * The migration drops a function (or drops and creates it again) that something outside the compared
 * schemas and tables calls (a column default, a check, an index): PostgreSQL would refuse the drop, and
 * the comparison may not touch that object to set it again around it.
 */
export class FunctionCalledOutsideError extends AutogenError {
  constructor(
    /** `function public.g()`. */
    readonly functionName: string,
    /** `default of column other.t.x`. */
    readonly caller: string,
  ) {
    super(
      `The migration drops ${functionName} (or drops and creates it again), but the ${caller}, outside the ` +
        `compared schemas and tables, calls it: PostgreSQL would refuse the drop. Compare that table too ` +
        `(--schema), or change what calls the function first, then generate the migration again.`,
    );
  }
}

/**
 * The migration drops a function (or drops and creates it again) that an event trigger executes. Event
 * triggers belong to the database, in no schema, and no comparison creates, changes or drops one, so the
 * migration could not take the trigger along: PostgreSQL would refuse the drop half-way through the
 * migration (cannot drop function because other objects depend on it).
 */
export class EventTriggerFunctionError extends AutogenError {
  constructor(
    /** `function public.et()`. */
    readonly functionName: string,
    /** The event triggers that execute it. */
    readonly eventTriggers: readonly string[],
    /** `drops`, `drops and creates again`. */
    readonly change: string,
  ) {
    const many = eventTriggers.length > 1;
    const [triggers, execute, them] = many
      ? [`event triggers ${eventTriggers.join(", ")}`, "execute", "them"]
      : [`event trigger ${eventTriggers[0]}`, "executes", "it"];
    super(
      `The migration ${change} ${functionName}, but the database's ${triggers} ${execute} it: PostgreSQL would ` +
        `refuse the drop half-way through the migration. Event triggers are not compared (they belong to the ` +
        `database, in no schema), so the migration can neither drop nor recreate ${them}. Drop ${them} first, or ` +
        `make ${them} execute another function (DROP EVENT TRIGGER, then CREATE EVENT TRIGGER ... EXECUTE ` +
        `FUNCTION ..., in a migration of its own, with op.execute), or keep ${functionName} in the target; then ` +
        `generate the migration again. No file was written.`,
    );
  }
}

/**
 * A composite type whose attributes change type or collation while something uses the type that a
 * rebuild of the type under its columns cannot carry over: PostgreSQL refuses `ALTER TYPE ... ALTER
 * ATTRIBUTE ... TYPE` while the type is used, and a rebuild converts only plain columns of it (not an
 * array of it, another type built on it, or a table left out of the comparison).
 */
export class CompositeRetypeBlockedError extends AutogenError {
  constructor(
    /** `public.money`. */
    readonly typeName: string,
    /** `attribute amount from integer to bigint`. */
    readonly changes: readonly string[],
    /** `column public.t.x`. */
    readonly user: string,
  ) {
    super(
      `Composite type ${typeName} changes the type of ${changes.join(", ")}, which PostgreSQL cannot do in place ` +
        `while the type is used, and a rebuild of the type cannot carry over ${user}. Make this change by hand in a migration of its own (autogen revision -m "...", ` +
        `with op.execute: for example a new composite type, the columns moved to it with a USING conversion, the ` +
        `old type dropped and the new one renamed), or keep the attributes as they are; then generate the ` +
        `migration again.`,
    );
  }
}

/**
 * An enum change that needs the type rebuilt (a value removed, renamed or moved: PostgreSQL has no
 * `ALTER TYPE ... DROP VALUE`) while something that a rebuild cannot carry over uses the enum: a
 * partition key column (PostgreSQL cannot retype it), a domain based on it or a composite type with an
 * attribute of it (neither carried over by the rebuild yet).
 */
export class EnumRebuildBlockedError extends AutogenError {
  constructor(
    /** `public.mood`. */
    readonly enumName: string,
    readonly from: readonly string[],
    readonly to: readonly string[],
    /** What stands in the way, each with why: `column public.t.x is in its table's partition key (...)`. */
    readonly blockers: readonly string[],
  ) {
    const list = (labels: readonly string[]) => `(${labels.map((l) => `'${l}'`).join(", ")})`;
    super(
      `Enum ${enumName} changes from ${list(from)} to ${list(to)}, which PostgreSQL can only do by creating the ` +
        `type again and re-casting everything that uses it (it has no ALTER TYPE ... DROP VALUE), but ` +
        `${blockers.join("; and ")}. Make this change by hand in a migration of its own (autogen revision -m ` +
        `"...", with op.execute: for example a new enum type, the objects above moved to it, the old type ` +
        `dropped and the new one renamed), or keep the enum's values as they are; then generate the ` +
        `migration again.`,
    );
  }
}

/**
 * A table to be typed by a composite type (`OF`) whose columns would not be in the order of the type's
 * attributes after the migration: PostgreSQL has no statement that moves a column, and `OF` checks the order.
 */
export class TypedTableColumnOrderError extends AutogenError {
  constructor(
    /** `public.people`. */
    readonly tableName: string,
    /** `public.person`. */
    readonly typeName: string,
    /** The table's columns as the migration would leave them. */
    readonly columns: readonly string[],
    /** The type's attributes, in order. */
    readonly attributes: readonly string[],
  ) {
    super(
      `Table ${tableName} is to be typed by composite type ${typeName} (OF), whose attributes are ` +
        `(${attributes.join(", ")}), but the migration would leave its columns in the order (${columns.join(", ")}): ` +
        `PostgreSQL cannot move a column, and OF requires the type's order. Make this change by hand in a migration ` +
        `of its own (autogen revision -m "...", with op.execute: for example a new table typed by ${typeName}, the ` +
        `rows copied into it, the old table dropped and the new one renamed), or keep the order of the attributes; ` +
        `then generate the migration again.`,
    );
  }
}

/**
 * A domain that gains a constraint PostgreSQL checks against the values there are (a check added without
 * NOT VALID or validated, NOT NULL) while a column holds the domain inside an array or a composite type:
 * PostgreSQL checks only the columns of the domain itself and refuses the rest (cannot alter type "d"
 * because column "t.x" uses it), whatever the rows.
 */
export class DomainConstraintBlockedError extends AutogenError {
  constructor(
    /** `public.pos`. */
    readonly domainName: string,
    /** `check pos_check`, `NOT NULL`. */
    readonly changes: readonly string[],
    /** `column public.t.x (an array of domain public.pos)`. */
    readonly holder: string,
  ) {
    super(
      `Domain ${domainName} gains ${changes.join(", ")}, which PostgreSQL cannot add while ${holder} holds the ` +
        `domain inside another type: it checks only columns of the domain itself (cannot alter type because a ` +
        `column uses it). Make this change by hand in a migration of its own (autogen revision -m "...", with ` +
        `op.execute: for example the column changed to the base type, the constraint added, the column changed ` +
        `back), or add the constraint as NOT VALID; then generate the migration again.`,
    );
  }
}

/**
 * A table created again (its partitioning changes) whose row type a column of another table holds (as its
 * type, an array of it, or inside a composite type or domain): PostgreSQL cannot drop the table under it
 * (cannot drop table p because other objects depend on it), and dropping the column would lose its values.
 */
export class RecreatedRowTypeError extends AutogenError {
  constructor(
    /** `public.p`. */
    readonly tableName: string,
    /** `column public.h.v`. */
    readonly user: string,
  ) {
    super(
      `Table ${tableName} is created again (its partitioning changes), but ${user} holds its row type: ` +
        `PostgreSQL cannot drop the table while a column holds its row type, and a migration would lose that column's ` +
        `values. Make this change by hand in a migration of its own (autogen revision -m "...", with op.execute: for ` +
        `example that column moved to a composite type of its own first), or keep the partitioning as it is; then ` +
        `generate the migration again.`,
    );
  }
}
