/**
 * `keepOwner`: the owner of an object the migration drops and creates again, read into a session setting
 * before the drop and given to the new object after the create. Read when the migration runs: the database
 * it runs on may have other owners than the one it was generated from.
 * @example // remember: SELECT set_config('autogen.owner_1a2b...', pg_get_userbyid(relowner)::text, false) FROM pg_catalog.pg_class WHERE oid = '"public"."v"'::regclass
 * //        restore:  DO $autogen_owner$ BEGIN EXECUTE format('ALTER VIEW "public"."v" OWNER TO %I', current_setting('autogen.owner_1a2b...')); END $autogen_owner$
 */
import { createHash } from "node:crypto";
import { objectKey } from "../model/object-ref";
import type { KeepOwnerOp, OwnedObjectRef } from "../ops/catalog-operations";
import { statement, type CompiledStatement } from "./compiled-statement";
import { commentTarget, objectName } from "./object-name";
import { quoteLiteral } from "./quote";

/** The session setting that holds the object's owner in between: one per object. */
function settingName(ref: OwnedObjectRef): string {
  return `autogen.owner_${createHash("md5").update(objectKey(ref)).digest("hex")}`;
}

/** Where the object's owner is, and the literal that finds its row. */
function ownerRow(ref: OwnedObjectRef): { column: string; catalog: string; oid: string } {
  const name = quoteLiteral(objectName(ref));
  switch (ref.kind) {
    case "table":
    case "view":
    case "materializedView":
      return { column: "relowner", catalog: "pg_class", oid: `${name}::regclass` };
    case "type":
    case "domain":
      return { column: "typowner", catalog: "pg_type", oid: `${name}::regtype` };
    case "function":
    case "procedure":
      return { column: "proowner", catalog: "pg_proc", oid: `${name}::regprocedure` };
  }
}

export function compileKeepOwner(op: KeepOwnerOp): CompiledStatement[] {
  const setting = quoteLiteral(settingName(op.object));
  if (op.stage === "remember") {
    const row = ownerRow(op.object);
    return [
      statement(
        `SELECT set_config(${setting}, pg_get_userbyid(${row.column})::text, false) FROM pg_catalog.${row.catalog} WHERE oid = ${row.oid}`,
      ),
    ];
  }
  const alter = quoteLiteral(`ALTER ${commentTarget(op.object)} OWNER TO %I`);
  return [statement(`DO $autogen_owner$ BEGIN EXECUTE format(${alter}, current_setting(${setting})); END $autogen_owner$`)];
}
