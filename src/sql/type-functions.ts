/**
 * The functions and procedures that take, return or use (in a `BEGIN ATOMIC` body) a type an enum
 * rebuild creates again: the enum, the domains on it, the range types over either and their multirange
 * types, or an array of any. PostgreSQL cannot change a function's argument or result type, and such a
 * function keeps the old type from being dropped ("cannot drop type e__old because other objects depend
 * on it"). Where the comparison manages functions, a rebuild it emits comes with ops that drop them
 * before and create them again after (compare-functions.ts); but the derived downgrade of an appended
 * label is a rebuild whose upgrade, an ADD VALUE, dropped and created nothing, and where functions are not
 * compared (entities) no op names them at all. So the rebuild looks them up when it runs, as it does the
 * checks and indexes holding a constant of the type (enum-dependents.ts), through `pg_depend`: each is
 * dropped before anything is renamed, with its definition (`pg_get_functiondef`, printed under
 * `search_path = pg_catalog`, so every name in it qualified), owner, ACL and comment kept in a session
 * setting, and once the new types exist created again from that definition (their names by then the new
 * ones'), given its owner, exactly its ACL (entries in order, with their grantors) and its comment back.
 * What the comparison already dropped is not there to find. One function using another that is set aside
 * too is dropped first and created again after it.
 *
 * Refused when it runs, before anything changes, where a function cannot be set aside so: anything else
 * depends on it (a view, a default, a constraint, an index, a trigger, another function, an operator, a
 * cast), it belongs to an extension, or it is an aggregate (no server function prints its definition).
 * A range type's subtype_diff or canonical function is left to the range type's rebuild (range-rebuild.ts).
 */
import { createHash } from "node:crypto";
import type { TypeRef } from "../ops/operation";
import { statement, type CompiledStatement } from "./compiled-statement";
import { dollarQuote } from "./dollar-quote";
import { sqlLineComment } from "./line-comment";
import { quoteLiteral, quoteQualified } from "./quote";
import { aclStepsCte, runAclStep } from "./compile-reset-privileges";

/** The session setting that holds the functions in between: one per rebuilt type. */
function settingName(type: TypeRef): string {
  return quoteLiteral(`autogen.type_functions_${createHash("md5").update(quoteQualified(type)).digest("hex")}`);
}

function block(lines: readonly string[]): CompiledStatement {
  return statement(`DO ${dollarQuote(`\n${lines.join("\n")}\n`, "autogen_functions")}`);
}

/**
 * Drops the functions using `types` (each, and its array type), keeping how to create them again under
 * the setting of `rebuilt` (the type whose rebuild it is). Run before any of `types` is renamed.
 */
export function setAsideTypeFunctions(rebuilt: TypeRef, types: readonly TypeRef[]): CompiledStatement {
  const oids = types.map((t) => `${quoteLiteral(quoteQualified(t))}::pg_catalog.regtype`).join(", ");
  const proc = "'pg_catalog.pg_proc'::pg_catalog.regclass";
  const type = "'pg_catalog.pg_type'::pg_catalog.regclass";
  const typeOids = `SELECT oid FROM pg_catalog.pg_type WHERE oid IN (${oids}) UNION ALL SELECT typarray FROM pg_catalog.pg_type WHERE oid IN (${oids})`;
  // The constructors of the range and multirange types, part of them: dropped with the old ones.
  const parts = `SELECT objid FROM pg_catalog.pg_depend WHERE classid = ${proc} AND deptype = 'i' AND refclassid = ${type} AND refobjid IN (${typeOids})`;
  return block([
    sqlLineComment(`Sets aside the functions using ${quoteQualified(rebuilt)} or a type rebuilt with it, around its rebuild.`),
    "DECLARE",
    "  path text := current_setting('search_path');",
    "  todo oid[];",
    "  next oid;",
    "  blockers text;",
    "  kept jsonb := '[]';",
    "BEGIN",
    "  PERFORM set_config('search_path', 'pg_catalog', true);",
    "  todo := ARRAY(",
    `    SELECT DISTINCT d.objid FROM pg_catalog.pg_depend d WHERE d.classid = ${proc} AND d.deptype = 'n'`,
    `      AND (d.refclassid = ${type} AND d.refobjid IN (${typeOids}) OR d.refclassid = ${proc} AND d.refobjid IN (${parts}))`,
    // The range type's rebuild carries its own functions over: its subtype_diff and canonical functions,
    // and its constructors (part of it, or of its multirange type).
    "      AND NOT EXISTS (SELECT FROM pg_catalog.pg_range r WHERE d.objid IN (r.rngsubdiff, r.rngcanonical))",
    `      AND NOT EXISTS (SELECT FROM pg_catalog.pg_depend i WHERE i.classid = ${proc} AND i.objid = d.objid AND i.deptype = 'i'));`,
    "  SELECT string_agg(format('%s (%s)', p.oid::regprocedure, reason), '; ' ORDER BY p.oid::regprocedure::text, reason) INTO blockers",
    "    FROM pg_catalog.pg_proc p, LATERAL (",
    "      SELECT 'an aggregate, whose definition no server function prints' AS reason WHERE p.prokind = 'a'",
    "      UNION ALL",
    // A view by its name, not its rule's.
    "      SELECT format('%s uses it', COALESCE((SELECT pg_catalog.pg_describe_object('pg_catalog.pg_class'::pg_catalog.regclass, w.ev_class, 0)",
    "          FROM pg_catalog.pg_rewrite w WHERE d.classid = 'pg_catalog.pg_rewrite'::pg_catalog.regclass AND w.oid = d.objid AND w.rulename = '_RETURN'),",
    "        pg_catalog.pg_describe_object(d.classid, d.objid, d.objsubid))) FROM pg_catalog.pg_depend d",
    `      WHERE d.refclassid = ${proc} AND d.refobjid = p.oid AND d.deptype = 'n' AND NOT (d.classid = ${proc} AND d.objid = ANY (todo))`,
    "      UNION ALL",
    "      SELECT format('a member of %s', pg_catalog.pg_describe_object(d.refclassid, d.refobjid, 0)) FROM pg_catalog.pg_depend d",
    `      WHERE d.classid = ${proc} AND d.objid = p.oid AND d.deptype = 'e'`,
    "    ) r",
    "    WHERE p.oid = ANY (todo);",
    "  IF blockers IS NOT NULL THEN",
    `    RAISE EXCEPTION 'Cannot rebuild type %: a function using it or a type rebuilt with it cannot be dropped and created again around the rebuild: %', ${quoteLiteral(`${rebuilt.schema}.${rebuilt.name}`)}, blockers`,
    "      USING HINT = 'Drop the function (or what uses it) before this migration and create it again after, or rebuild the type by hand.';",
    "  END IF;",
    "  WHILE cardinality(todo) > 0 LOOP",
    // One that another still to set aside uses waits for it to go first.
    "    SELECT p INTO next FROM unnest(todo) p WHERE NOT EXISTS (",
    `      SELECT FROM pg_catalog.pg_depend d WHERE d.refclassid = ${proc} AND d.refobjid = p AND d.classid = ${proc} AND d.objid = ANY (todo) AND d.objid <> p)`,
    "      ORDER BY p LIMIT 1;",
    "    SELECT jsonb_build_object(",
    "        'kind', CASE p.prokind WHEN 'p' THEN 'PROCEDURE' ELSE 'FUNCTION' END, 'signature', p.oid::regprocedure::text,",
    "        'definition', pg_catalog.pg_get_functiondef(p.oid), 'owner', pg_catalog.pg_get_userbyid(p.proowner)::text,",
    "        'acl', COALESCE(p.proacl, pg_catalog.acldefault('f', p.proowner))::text,",
    "        'comment', pg_catalog.obj_description(p.oid, 'pg_proc')) || kept",
    "      INTO kept FROM pg_catalog.pg_proc p WHERE p.oid = next;",
    // Under the migration's own path: an event trigger the drop fires may name its tables unqualified.
    "    PERFORM set_config('search_path', path, true);",
    "    EXECUTE format('DROP %s %s', kept->0->>'kind', kept->0->>'signature');",
    "    PERFORM set_config('search_path', 'pg_catalog', true);",
    "    todo := array_remove(todo, next);",
    "  END LOOP;",
    "  PERFORM set_config('search_path', path, true);",
    `  PERFORM set_config(${settingName(rebuilt)}, kept::text, false);`,
    "END",
  ]);
}

/**
 * Creates again what `setAsideTypeFunctions` dropped, once the new types exist, in the reverse order of
 * the drops, with their owners, ACLs (`aclStepsCte` in compile-reset-privileges.ts, as `restorePrivileges`
 * sets a kept one: what the new function holds revoked, each kept entry granted again in order, by its grantor) and
 * comments. The bodies are not checked again (`check_function_bodies` off, as pg_dump restores them):
 * they were valid where they were, and a string body may name what the migration's path does not reach.
 */
export function restoreTypeFunctions(rebuilt: TypeRef): CompiledStatement {
  return block([
    sqlLineComment(`Creates again the functions set aside for the rebuild of ${quoteQualified(rebuilt)}.`),
    "DECLARE",
    "  f jsonb;",
    "  target text;",
    "  steps record;",
    "  role text := current_setting('role');",
    "  checks text := current_setting('check_function_bodies');",
    "BEGIN",
    "  PERFORM set_config('check_function_bodies', 'off', true);",
    `  FOR f IN SELECT * FROM jsonb_array_elements(COALESCE(NULLIF(current_setting(${settingName(rebuilt)}, true), ''), '[]')::jsonb) LOOP`,
    "    target := format('%s %s', f->>'kind', f->>'signature');",
    "    EXECUTE f->>'definition';",
    "    EXECUTE format('ALTER %s OWNER TO %I', target, f->>'owner');",
    "    FOR steps IN",
    ...aclStepsCte(
      "SELECT COALESCE(p.proacl, pg_catalog.acldefault('f', p.proowner)) AS held, (f->>'acl')::pg_catalog.aclitem[] AS kept, " +
        "p.proowner AS owner FROM pg_catalog.pg_proc p WHERE p.oid = pg_catalog.to_regprocedure(f->>'signature')",
      { template: "ON %s", args: ["target"] },
    ).map((line) => `      ${line}`),
    "      SELECT * FROM steps ORDER BY n",
    "    LOOP",
    ...runAclStep("steps.sql", "steps.grantor", "      "),
    "    END LOOP;",
    "    IF f->>'comment' IS NOT NULL THEN EXECUTE format('COMMENT ON %s IS %L', target, f->>'comment'); END IF;",
    "  END LOOP;",
    `  PERFORM set_config(${settingName(rebuilt)}, '[]', false);`,
    "  PERFORM set_config('check_function_bodies', checks, true);",
    "END",
  ]);
}
