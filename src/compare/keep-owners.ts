/**
 * The objects a migration drops and creates again in two ops (a view around a retyped column, a function
 * dropped and created, a table created again for a new partition key) would come back owned by the role
 * that runs the migration. Each gets a `keepOwner` pair: its owner read before the drop, given back after
 * the create, when the migration runs (src/sql/compile-owners.ts). Each also starts again from the
 * built-in privileges of its kind before its grants are set again: a `resetPrivileges` pair takes away what
 * ALTER DEFAULT PRIVILEGES gave the new object (src/sql/compile-reset-privileges.ts). A type or function
 * rebuilt within one op (an enum without a label, a domain with a new base type, replaceFunction with
 * `recreate`) does both in that op's own statements, in both directions.
 */
import { objectKey } from "../model/object-ref";
import type { KeepOwnerOp, OwnedObjectRef, ResetPrivilegesOp } from "../ops/catalog-operations";
import type { Operation } from "../ops/operation";

/** The objects with an owner that `ops` drop, and those they create, by object key. */
export function droppedAndCreated(ops: readonly Operation[]): { dropped: Map<string, OwnedObjectRef>; created: Map<string, OwnedObjectRef> } {
  const dropped = new Map<string, OwnedObjectRef>();
  const created = new Map<string, OwnedObjectRef>();
  const note = (map: Map<string, OwnedObjectRef>, ref: OwnedObjectRef) => map.set(objectKey(ref), ref);
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
      default:
        break;
    }
  }
  return { dropped, created };
}

/**
 * The `remember` and `restore` ops, and the `resetPrivileges` pair, for every object `ops` drop and create
 * again, in a fixed order.
 */
export function keepOwners(ops: readonly Operation[]): (KeepOwnerOp | ResetPrivilegesOp)[] {
  const { dropped, created } = droppedAndCreated(ops);
  const objects = [...dropped]
    .filter(([key]) => created.has(key))
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([, ref]) => ref);
  return [
    ...objects.map((object): KeepOwnerOp => ({ kind: "keepOwner", object, stage: "remember" })),
    ...objects.map((object): KeepOwnerOp => ({ kind: "keepOwner", object, stage: "restore" })),
    ...objects.map((object): ResetPrivilegesOp => ({ kind: "resetPrivileges", object, stage: "drop" })),
    ...objects.map((object): ResetPrivilegesOp => ({ kind: "resetPrivileges", object, stage: "create" })),
  ];
}
