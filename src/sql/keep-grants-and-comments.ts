/**
 * Keeping the grants and the comment of the objects a rebuild creates again within one op, where the
 * comparison may not know them: the derived downgrade of a label appended to an enum rebuilds the enum
 * (with its domains, the range types over it and their subtype_diff functions), and its upgrade, an
 * ADD VALUE, dropped and created nothing, so no privilege or comment op comes with it. As the owners are
 * (`keepingOwners`), each is read into a session setting before the rebuild and set again on the new
 * object after, when the migration runs: the ACL (compile-reset-privileges.ts) once the object has its
 * owner back, then the comment. Where the comparison does emit privilege and comment ops around the
 * rebuild (a label removed: src/compare/hanging.ts), the old object has been brought to the built-in
 * ACL and no comment by then, which the new one takes; the ops after the rebuild set the target's.
 * @example // remember: DO $autogen_comment$ ... PERFORM pg_catalog.set_config('autogen.comment_1a2b...', COALESCE(pg_catalog.obj_description(oid, 'pg_type'), ''), false) ...
 * //        restore:  DO $autogen_comment$ ... EXECUTE pg_catalog.format('COMMENT ON TYPE "public"."e" IS %L', comment); ...
 */
import { createHash } from "node:crypto";
import { objectKey } from "../model/object-ref";
import type { OwnedObjectRef } from "../ops/catalog-operations";
import { statement, type CompiledStatement } from "./compiled-statement";
import { keepingOwners } from "./compile-owners";
import { oidOf, rememberPrivileges, restorePrivileges, underCatalogPath } from "./compile-reset-privileges";
import { dollarQuote } from "./dollar-quote";
import { commentTarget } from "./object-name";
import { OWNER_LOOKUPS } from "./owner-lookup";
import { quoteLiteral } from "./quote";

/** The session setting that holds the object's comment in between ('' for none): one per object. */
function commentSetting(ref: OwnedObjectRef): string {
  return quoteLiteral(`autogen.comment_${createHash("md5").update(objectKey(ref)).digest("hex")}`);
}

/** Reads the object's comment into its setting. */
export function rememberComment(ref: OwnedObjectRef): CompiledStatement {
  const catalog = OWNER_LOOKUPS[ref.kind]!.catalog;
  return underCatalogPath(
    "autogen_comment",
    [],
    [
      `  PERFORM pg_catalog.set_config(${commentSetting(ref)}, COALESCE(pg_catalog.obj_description(oid, ${quoteLiteral(catalog)}), ''), false)`,
      `    FROM pg_catalog.${catalog} WHERE oid = ${oidOf(ref)};`,
      "  PERFORM pg_catalog.set_config('search_path', path, true);",
    ],
  );
}

/** Gives the new object the comment its setting holds, if any (a new object has none). */
export function restoreComment(ref: OwnedObjectRef): CompiledStatement {
  // format()'s template: a % in the object's name doubled.
  const template = quoteLiteral(`COMMENT ON ${commentTarget(ref).replace(/%/g, "%%")} IS %L`);
  const body = [
    "DECLARE",
    `  comment text := pg_catalog.current_setting(${commentSetting(ref)});`,
    "BEGIN",
    `  IF comment <> '' THEN EXECUTE pg_catalog.format(${template}, comment); END IF;`,
    "END",
  ].join("\n");
  return statement(`DO ${dollarQuote(`\n${body}\n`, "autogen_comment")}`);
}

/** `keepingOwners(refs, statements)`, the new objects also given the old ones' ACLs and comments. */
export function keepingGrantsAndComments(refs: readonly OwnedObjectRef[], statements: readonly CompiledStatement[]): CompiledStatement[] {
  return [
    ...refs.flatMap((ref) => [rememberPrivileges(ref), rememberComment(ref)]),
    ...keepingOwners(refs, statements),
    ...refs.flatMap((ref) => [restorePrivileges(ref), restoreComment(ref)]),
  ];
}
