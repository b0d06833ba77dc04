/**
 * What an enum rebuild must set aside while it re-casts the columns of the type: the check and exclusion
 * constraints and the indexes (a predicate, an expression key) that hold a constant of the type
 * (`status <> 'draft'`, `WHERE status = 'live'`). Each re-cast re-parses them as they print, with the
 * constant as `'draft'::e__old`, which has no operator with the column's new type ("operator does not
 * exist: e = e__old"). A comparison drops those of the tables it re-casts before its own rebuilds and
 * creates them after (src/compare/retype-dependents.ts), but the rebuild that is the inverse of an append
 * (a downgrade removing an added label) has no such ops around it, nor has a rebuild written by hand.
 * So the rebuild looks them up when it runs, through `pg_depend` (what depends on the type or its array
 * type), drops them, and creates them again from their definitions (with their comments and the CLUSTER
 * mark) once the columns have the new type, which by then has the name they print. What a comparison
 * already dropped is not there to find. The definitions are printed with `search_path` at `pg_catalog`,
 * so every name in them is qualified, and kept in a session setting in between, as owners are
 * (compile-owners.ts). A range type rebuilt with its subtype sets aside what holds a constant of it and of
 * its multirange type the same way (range-rebuild.ts).
 */
import { createHash } from "node:crypto";
import type { TypeRef } from "../ops/operation";
import { statement, type CompiledStatement } from "./compiled-statement";
import { dollarQuote } from "./dollar-quote";
import { quoteLiteral, quoteQualified } from "./quote";
import { sqlLineComment } from "./line-comment";

/** The session setting that holds the definitions in between: one per enum. */
function settingName(type: TypeRef): string {
  return quoteLiteral(`autogen.enum_dependents_${createHash("md5").update(quoteQualified(type)).digest("hex")}`);
}

function block(lines: readonly string[]): CompiledStatement {
  return statement(`DO ${dollarQuote(`\n${lines.join("\n")}\n`, "autogen_enum")}`);
}

/** Drops what depends on `type` and would not survive the re-casts, keeping how to create it again. */
export function setAsideEnumDependents(type: TypeRef): CompiledStatement {
  const enumType = `${quoteLiteral(quoteQualified(type))}::pg_catalog.regtype`;
  const types = `SELECT oid FROM pg_catalog.pg_type WHERE oid = ${enumType} UNION ALL SELECT typarray FROM pg_catalog.pg_type WHERE oid = ${enumType}`;
  const dependsOnType = (classid: string, objid: string) =>
    `EXISTS (SELECT FROM pg_catalog.pg_depend WHERE classid = '${classid}'::pg_catalog.regclass AND objid = ${objid}` +
    ` AND refclassid = 'pg_catalog.pg_type'::pg_catalog.regclass AND refobjid IN (${types}))`;
  /** Its comment as a one-statement array (none when it has none): `COMMENT ON <target> IS ...` formatted with `args`. */
  const comment = (classid: string, objid: string, target: string, args: string) =>
    `COALESCE((SELECT ARRAY[format('COMMENT ON ${target} IS %L', ${args}, description)] FROM pg_catalog.pg_description` +
    ` WHERE classoid = '${classid}'::pg_catalog.regclass AND objoid = ${objid} AND objsubid = 0), '{}')`;
  return block([
    sqlLineComment(`Sets aside the checks, exclusions and indexes holding a constant of ${quoteQualified(type)} around its rebuild.`),
    "DECLARE",
    "  path text := current_setting('search_path');",
    "  kept text[] := '{}';",
    "  set_asides text[] := '{}';",
    "  found record;",
    "  set_aside text;",
    "BEGIN",
    "  PERFORM set_config('search_path', 'pg_catalog', true);",
    "  FOR found IN",
    "    SELECT format('ALTER TABLE %s DROP CONSTRAINT %I', c.conrelid::regclass, c.conname) AS set_aside,",
    "      ARRAY[format('ALTER TABLE %s ADD CONSTRAINT %I %s', c.conrelid::regclass, c.conname, pg_get_constraintdef(c.oid))]",
    `      || ${comment("pg_catalog.pg_constraint", "c.oid", "CONSTRAINT %I ON %s", "c.conname, c.conrelid::regclass")} AS definitions`,
    "    FROM pg_catalog.pg_constraint c",
    // An exclusion constraint's predicate and expressions are its index's.
    "    WHERE c.conrelid <> 0 AND c.contype IN ('c', 'x') AND c.conislocal",
    `      AND (${dependsOnType("pg_catalog.pg_constraint", "c.oid")} OR ${dependsOnType("pg_catalog.pg_class", "c.conindid")})`,
    "    UNION ALL",
    "    SELECT format('DROP INDEX %s', i.indexrelid::regclass),",
    "      ARRAY[pg_get_indexdef(i.indexrelid)]",
    `      || ${comment("pg_catalog.pg_class", "i.indexrelid", "INDEX %s", "i.indexrelid::regclass")}`,
    "      || CASE WHEN i.indisclustered THEN ARRAY[format('ALTER TABLE %s CLUSTER ON %I', i.indrelid::regclass, x.relname)] ELSE '{}' END",
    "    FROM pg_catalog.pg_index i JOIN pg_catalog.pg_class x ON x.oid = i.indexrelid",
    // The index of a constraint goes with it; an index of a partition goes with its parent's.
    "    WHERE NOT EXISTS (SELECT FROM pg_catalog.pg_constraint k WHERE k.conindid = i.indexrelid AND k.conrelid = i.indrelid AND k.contype IN ('p', 'u', 'x'))",
    "      AND NOT EXISTS (SELECT FROM pg_catalog.pg_inherits WHERE inhrelid = i.indexrelid)",
    `      AND ${dependsOnType("pg_catalog.pg_class", "i.indexrelid")}`,
    "  LOOP",
    "    set_asides := set_asides || found.set_aside;",
    "    kept := kept || found.definitions;",
    "  END LOOP;",
    // The drops run under the migration's own path: an event trigger they fire may name its tables unqualified.
    "  PERFORM set_config('search_path', path, true);",
    "  FOREACH set_aside IN ARRAY set_asides LOOP",
    "    EXECUTE set_aside;",
    "  END LOOP;",
    `  PERFORM set_config(${settingName(type)}, kept::text, false);`,
    "END",
  ]);
}

/** Creates again what `setAsideEnumDependents` dropped, once the columns have the new type. */
export function restoreEnumDependents(type: TypeRef): CompiledStatement {
  return block([
    sqlLineComment(`Creates again the checks, exclusions and indexes holding a constant of ${quoteQualified(type)} set aside for its rebuild.`),
    "DECLARE",
    "  definition text;",
    "BEGIN",
    `  FOREACH definition IN ARRAY COALESCE(NULLIF(current_setting(${settingName(type)}, true), ''), '{}')::text[] LOOP`,
    "    EXECUTE definition;",
    "  END LOOP;",
    `  PERFORM set_config(${settingName(type)}, '{}', false);`,
    "END",
  ]);
}
