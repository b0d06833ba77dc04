/**
 * The objects a migration drops and creates again in two ops (a view around a retyped column, a function
 * dropped and created, a table created again for a new partition key) would come back owned by the role
 * that runs the migration. Each gets a `keepOwner` pair: its owner read before the drop, given back after
 * the create, when the migration runs (src/sql/compile-owners.ts). A type or function rebuilt within one
 * op (an enum without a label, a domain with a new base type, replaceFunction with `recreate`) does it in
 * that op's own statements, in both directions; an enum's rebuild keeps the grants and comments of what it
 * creates again there too (src/sql/keep-grants-and-comments.ts), which the ops this comparison emits
 * around it (hanging.ts) then change as they would have. A sequence a serial or identity column owns has no owner
 * of its own: it takes its table's (PostgreSQL refuses it another), and comes and goes with its table or
 * column without an op of its own.
 *
 * A new object gets what ALTER DEFAULT PRIVILEGES of the role creating it say, on top of the built-in
 * privileges of its kind; a `resetPrivileges` op takes that away right after the create, so that the
 * grants set after it (from the built-in ACL) leave exactly the ACL the comparison means
 * (src/sql/compile-reset-privileges.ts). That covers tables, views, routines, types (enums, domains,
 * composite types) and sequences, a serial or identity column's too (run once the migration has created
 * everything, so after the CREATE TABLE or ADD COLUMN that creates one). Where its ACL is known, an
 * object starts from the built-in one:
 * - an object dropped and created again (both stages): it keeps the ACL it had, or the target's;
 * - an object the upgrade drops, for good or not (stage `drop`, which runs nothing): the derived downgrade
 *   creates it again there, and brings it back as it was, its grants set back on the built-in ACL, as it
 *   brings back its unmanaged triggers or comments (hanging.ts);
 * - with privileges managed, an object the upgrade creates (stage `create`): the target's ACL is exact.
 * Privileges not managed, a new object keeps what the default privileges give it: that is what its
 * database's DBA set them for, and the comparison sets no grants on it. So compare(b, a) creates an object
 * as new where the downgrade of compare(a, b) brings it back as it was (as it does the unmanaged triggers
 * or comments of a dropped table): there the derived downgrade differs from the reverse comparison
 * (tests/compare/invert-property.test.ts).
 */
import { objectKey } from "../model/object-ref";
import type { KeepOwnerOp, OwnedObjectRef, ResetPrivilegesOp } from "../ops/catalog-operations";
import type { Operation } from "../ops/operation";
import { columnSequences, type ColumnSequence } from "../ops/serial-sequence";
import { manages, type ManagedKind } from "./managed-kinds";

/** The objects with an owner of their own that `ops` drop, and those they create, by object key. */
export function droppedAndCreated(ops: readonly Operation[]): { dropped: Map<string, OwnedObjectRef>; created: Map<string, OwnedObjectRef> } {
  const dropped = new Map<string, OwnedObjectRef>();
  const created = new Map<string, OwnedObjectRef>();
  const note = (map: Map<string, OwnedObjectRef>, ref: OwnedObjectRef) => map.set(objectKey(ref), ref);
  const named = (kind: "type" | "domain" | "sequence", ref: { schema: string; name: string }): OwnedObjectRef => ({
    kind,
    schema: ref.schema,
    name: ref.name,
  });
  for (const op of ops) {
    switch (op.kind) {
      case "dropView":
        note(dropped, { kind: op.materialized ? "materializedView" : "view", schema: op.view.schema, name: op.view.name });
        break;
      case "createView":
        note(created, { kind: op.view.materialized ? "materializedView" : "view", schema: op.view.schema, name: op.view.name });
        break;
      case "dropTable":
        note(dropped, { kind: "table", schema: op.table.schema, name: op.table.name });
        break;
      case "createTable":
        note(created, { kind: "table", schema: op.table.schema, name: op.table.name });
        break;
      case "dropFunction":
        note(dropped, { kind: op.function.kind, schema: op.function.schema, name: op.function.name, arguments: op.function.arguments });
        break;
      case "createFunction":
        note(created, { kind: op.function.kind, schema: op.function.schema, name: op.function.name, arguments: op.function.arguments });
        break;
      case "dropEnum":
        note(dropped, named("type", op.enum));
        break;
      case "createEnum":
        note(created, named("type", op.enum));
        break;
      case "dropCompositeType":
      case "dropRangeType":
        note(dropped, named("type", op.type));
        break;
      case "createCompositeType":
      case "createRangeType":
        note(created, named("type", op.type));
        break;
      case "dropDomain":
        note(dropped, named("domain", op.domain));
        break;
      case "createDomain":
        note(created, named("domain", op.domain));
        break;
      case "dropSequence":
        note(dropped, named("sequence", op.sequence));
        break;
      case "createSequence":
        note(created, named("sequence", op.sequence));
        break;
      default:
        break;
    }
  }
  return { dropped, created };
}

/**
 * What the reset follows: the objects of `droppedAndCreated`, and the sequences `ops` drop and create with
 * a serial or identity column (columnSequences), whose owner is their table's.
 */
export function resetDroppedAndCreated(ops: readonly Operation[]): { dropped: Map<string, OwnedObjectRef>; created: Map<string, OwnedObjectRef> } {
  const { dropped, created } = droppedAndCreated(ops);
  const note = (map: Map<string, OwnedObjectRef>, sequence: ColumnSequence) => {
    const { schema, name, table, column } = sequence;
    const ref: OwnedObjectRef = { kind: "sequence", schema, name, ownedBy: { table, column } };
    map.set(objectKey(ref), ref);
  };
  const beforeRenames = renamesUndone(ops);
  for (const op of ops) {
    const { drops, creates } = columnSequences(op);
    // An alterColumn names its table and column as they are once the renames have run; the drop's reset
    // runs before them (catalog-phases.ts), on the names the database has then.
    drops.forEach((sequence) => note(dropped, op.kind === "alterColumn" ? beforeRenames(sequence) : sequence));
    creates.forEach((sequence) => note(created, sequence));
  }
  return { dropped, created };
}

/**
 * A column's sequence as the database names its table and column before `ops` run: the column renames
 * (which name the table by its new name) are undone, then the table renames and moves; the sequence
 * keeps its name, and moves with its table.
 */
function renamesUndone(ops: readonly Operation[]): (sequence: ColumnSequence) => ColumnSequence {
  const renames = ops.filter((op) => op.kind === "renameColumn" || op.kind === "renameTable" || op.kind === "moveTable");
  if (renames.length === 0) return (sequence) => sequence;
  return (sequence) => {
    let { schema, table, column } = sequence;
    for (const op of renames) {
      if (op.kind === "renameColumn" && op.table.schema === schema && op.table.name === table && op.to === column) column = op.from;
    }
    for (const op of renames) {
      if (op.kind === "renameTable" && op.table.schema === schema && op.to === table) table = op.table.name;
      else if (op.kind === "moveTable" && op.schema === schema && (op.to ?? op.table.name) === table) {
        schema = op.table.schema;
        table = op.table.name;
      }
    }
    return { ...sequence, schema, table, column };
  };
}

const byKey = ([a]: [string, OwnedObjectRef], [b]: [string, OwnedObjectRef]) => (a < b ? -1 : a > b ? 1 : 0);

/** The objects of `entries`, in key order. */
const inOrder = (entries: Iterable<[string, OwnedObjectRef]>): OwnedObjectRef[] => [...entries].sort(byKey).map(([, ref]) => ref);

/**
 * The `remember` and `restore` ops for every object with an owner of its own that `ops` drop and create
 * again, and the `resetPrivileges` ops of every object they drop, and of those they create again or
 * (privileges managed) create; in a fixed order.
 */
export function keepOwners(ops: readonly Operation[], manage: ReadonlySet<ManagedKind> | undefined): (KeepOwnerOp | ResetPrivilegesOp)[] {
  const owned = droppedAndCreated(ops);
  const recreated = inOrder([...owned.dropped].filter(([key]) => owned.created.has(key)));
  const { dropped, created } = resetDroppedAndCreated(ops);
  const reset = manages(manage, "privileges") ? created : new Map([...created].filter(([key]) => dropped.has(key)));
  return [
    ...recreated.map((object): KeepOwnerOp => ({ kind: "keepOwner", object, stage: "remember" })),
    ...recreated.map((object): KeepOwnerOp => ({ kind: "keepOwner", object, stage: "restore" })),
    ...inOrder(dropped).map((object): ResetPrivilegesOp => ({ kind: "resetPrivileges", object, stage: "drop" })),
    ...inOrder(reset).map((object): ResetPrivilegesOp => ({ kind: "resetPrivileges", object, stage: "create" })),
  ];
}
