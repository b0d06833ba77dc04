/**
 * The functions an event trigger executes (`SchemaModel.eventTriggers`). Event triggers belong to the
 * database, not to a schema: no comparison reads them as objects, creates, changes or drops one. A function
 * one executes may still change in place (`CREATE OR REPLACE` keeps the trigger), but one the migration
 * drops, or drops and creates again, would stop it half-way (PostgreSQL: cannot drop function et() because
 * other objects depend on it), and dropping the trigger with it (CASCADE) would lose what the database has
 * and the target does not say: the comparison refuses by name before any statement.
 */
import type { SchemaModel } from "../model/schema-model";
import { functionAnchor } from "../model/object-ref";
import type { Operation } from "../ops/operation";
import { EventTriggerFunctionError } from "./compare-errors";

/** Throws `EventTriggerFunctionError` for the first function `operations` drop (or recreate) that an event trigger of `from` executes. */
export function refuseEventTriggerFunctionDrops(from: SchemaModel, operations: readonly Operation[]): void {
  const executed = from.eventTriggers;
  if (executed === undefined) return;
  for (const op of operations) {
    const dropped = op.kind === "dropFunction" || (op.kind === "replaceFunction" && op.recreate === true) ? op.function : null;
    if (dropped === null) continue;
    const { schema, name, arguments: args } = dropped;
    const triggers = executed[functionAnchor(schema, name, args)];
    const change = op.kind === "dropFunction" ? "drops" : "drops and creates again";
    if (triggers !== undefined) throw new EventTriggerFunctionError(`function ${schema}.${name}(${args})`, triggers, change);
  }
}
