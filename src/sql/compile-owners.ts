/**
 * Keeping the owner of an object a migration drops and creates again: read into a session setting before
 * the drop, given to the new object after the create. Read when the migration runs: the database it runs
 * on may have other owners than the one it was generated from. `keepOwner` ops do it around a drop and a
 * create (a view, a table, a function); a type or function rebuilt within one op does it itself
 * (`keepingOwners`).
 * @example // remember: DO $autogen_owner$ BEGIN PERFORM set_config('autogen.owner_1a2b...', pg_get_userbyid(relowner)::text, false) FROM pg_catalog.pg_class WHERE oid = '"public"."v"'::regclass; END $autogen_owner$
 * //        restore:  DO $autogen_owner$ BEGIN EXECUTE format('ALTER VIEW "public"."v" OWNER TO %I', current_setting('autogen.owner_1a2b...')); END $autogen_owner$
 */
import { createHash } from "node:crypto";
import { objectKey } from "../model/object-ref";
import type { KeepOwnerOp, OwnedObjectRef } from "../ops/catalog-operations";
import { statement, type CompiledStatement } from "./compiled-statement";
import { resetPrivileges } from "./compile-reset-privileges";
import { dollarQuote } from "./dollar-quote";
import { commentTarget, objectName } from "./object-name";
import { quoteLiteral } from "./quote";

/** The session setting that holds the object's owner in between: one per object. */
function settingName(ref: OwnedObjectRef): string {
  return quoteLiteral(`autogen.owner_${createHash("md5").update(objectKey(ref)).digest("hex")}`);
}

/** `block` (DECLARE ... END) as a DO statement, on lines of its own. */
function inBlock(block: string): CompiledStatement {
  return statement(`DO ${dollarQuote(`\n${block}\n`, "autogen_owner")}`);
}

/** `body` in a DO block: a SELECT would print its row in a `--sql` script run by psql. */
function quietly(body: string): CompiledStatement {
  return statement(`DO ${dollarQuote(` BEGIN ${body} END `, "autogen_owner")}`);
}

/** Reads the object's owner into its setting. */
export function rememberOwner(ref: OwnedObjectRef): CompiledStatement {
  const setting = settingName(ref);
  const name = quoteLiteral(objectName(ref));
  switch (ref.kind) {
    case "table":
    case "view":
    case "materializedView":
    case "sequence":
      return quietly(`PERFORM set_config(${setting}, pg_get_userbyid(relowner)::text, false) FROM pg_catalog.pg_class WHERE oid = ${name}::regclass;`);
    case "type":
    case "domain":
      return quietly(`PERFORM set_config(${setting}, pg_get_userbyid(typowner)::text, false) FROM pg_catalog.pg_type WHERE oid = ${name}::regtype;`);
    case "function":
    case "procedure":
    case "aggregate":
      // The identity arguments as the introspection printed them (search_path = pg_catalog), compared
      // under the same path, which is put back after.
      return inBlock(
        [
          "DECLARE",
          "  path text := current_setting('search_path');",
          "BEGIN",
          "  PERFORM set_config('search_path', 'pg_catalog', true);",
          `  PERFORM set_config(${setting}, (SELECT pg_get_userbyid(p.proowner)::text FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace` +
            ` WHERE n.nspname = ${quoteLiteral(ref.schema)} AND p.proname = ${quoteLiteral(ref.name)}` +
            ` AND pg_get_function_identity_arguments(p.oid) = ${quoteLiteral(ref.arguments)}), false);`,
          "  PERFORM set_config('search_path', path, true);",
          "END",
        ].join("\n"),
      );
  }
}

/**
 * Gives the object the owner its setting holds; with `fallback` (KeepOwnerOp `owner`), that role when the
 * session remembered none, if it exists there (else the object stays with the role running the migration,
 * and a notice says so).
 */
export function restoreOwner(ref: OwnedObjectRef, fallback?: string): CompiledStatement {
  const alter = quoteLiteral(`ALTER ${commentTarget(ref)} OWNER TO %I`);
  if (fallback === undefined) return quietly(`EXECUTE format(${alter}, current_setting(${settingName(ref)}));`);
  // RAISE's placeholders are %; one in the object's name is doubled.
  const notice = quoteLiteral(
    `role %, the owner of ${objectName(ref).replace(/%/g, "%%")} where the migration was generated, does not exist here: it stays with %`,
  );
  return inBlock(
    [
      "DECLARE",
      `  owner text := COALESCE(NULLIF(current_setting(${settingName(ref)}, true), ''), ${quoteLiteral(fallback)});`,
      "BEGIN",
      "  IF EXISTS (SELECT FROM pg_catalog.pg_roles WHERE rolname = owner) THEN",
      `    EXECUTE format(${alter}, owner);`,
      "  ELSE",
      `    RAISE NOTICE ${notice}, owner, current_user;`,
      "  END IF;",
      "END",
    ].join("\n"),
  );
}

/**
 * `statements`, which drop and create `refs` again, between reading their owners and giving them back;
 * the new objects brought to the built-in privileges of their kind first (compile-reset-privileges.ts).
 */
export function keepingOwners(refs: readonly OwnedObjectRef[], statements: readonly CompiledStatement[]): CompiledStatement[] {
  return [...refs.map(rememberOwner), ...statements, ...refs.map(resetPrivileges), ...refs.map((ref) => restoreOwner(ref))];
}

export function compileKeepOwner(op: KeepOwnerOp): CompiledStatement[] {
  return [op.stage === "remember" ? rememberOwner(op.object) : restoreOwner(op.object, op.owner)];
}
