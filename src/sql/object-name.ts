/**
 * A catalog object as `COMMENT ON` and `GRANT ... ON` name it: `VIEW "s"."v"`, `COLUMN "s"."t"."c"`,
 * `TRIGGER "t" ON "s"."tbl"`, `FUNCTION "s"."f"(integer)`, `AGGREGATE "s"."a"(p float8 ORDER BY float8)`.
 * Identifiers go through `./quote`; a function's identity arguments are Postgres's own printing
 * (`pg_get_function_identity_arguments`).
 */
import type { CatalogObjectRef } from "../model/object-ref";
import { quoteColumnRef, quoteIdent, quoteQualified } from "./quote";

const KEYWORDS = {
  table: "TABLE",
  view: "VIEW",
  materializedView: "MATERIALIZED VIEW",
  sequence: "SEQUENCE",
  type: "TYPE",
  domain: "DOMAIN",
  collation: "COLLATION",
  index: "INDEX",
  statistics: "STATISTICS",
} as const;

/** The object's name alone: `"s"."v"`, `"s"."f"(integer)`, `"t" ON "s"."tbl"`. */
export function objectName(ref: CatalogObjectRef): string {
  switch (ref.kind) {
    case "schema":
    case "extension":
    case "publication":
      return quoteIdent(ref.name);
    case "column":
      return quoteColumnRef({ schema: ref.schema, name: ref.table }, ref.column);
    case "constraint":
    case "trigger":
    case "policy":
    case "rule":
      return `${quoteIdent(ref.name)} ON ${quoteQualified({ schema: ref.schema, name: ref.table })}`;
    case "domainConstraint":
      return `${quoteIdent(ref.name)} ON DOMAIN ${quoteQualified({ schema: ref.schema, name: ref.domain })}`;
    case "function":
    case "procedure":
      return `${quoteQualified(ref)}(${ref.arguments})`;
    case "aggregate":
      // DROP, COMMENT ON and ALTER AGGREGATE write an aggregate without arguments `(*)`.
      return `${quoteQualified(ref)}(${ref.arguments === "" ? "*" : ref.arguments})`;
    default:
      return quoteQualified(ref);
  }
}

/**
 * An ordered-set aggregate's identity arguments as a function's (what `GRANT ... ON FUNCTION` and
 * `regprocedure` take, which know no `ORDER BY`): the direct arguments, then the aggregated ones, but
 * where the direct arguments end with a VARIADIC one, which stands for the aggregated (VARIADIC) one too
 * (`VARIADIC "any" ORDER BY VARIADIC "any"` is one argument in `pg_proc`). Arguments without `ORDER BY`
 * unchanged; an `ORDER BY` inside a quoted argument name is not told apart.
 * @example aggregateAsFunction("p double precision ORDER BY double precision") // "p double precision, double precision"
 */
export function aggregateAsFunction(args: string): string {
  const at = args.startsWith("ORDER BY ") ? 0 : args.indexOf(" ORDER BY ");
  if (at < 0) return args;
  const direct = args.slice(0, at);
  const aggregated = args.slice(at + (at === 0 ? "ORDER BY ".length : " ORDER BY ".length));
  if (direct === "") return aggregated;
  const last = direct.slice(direct.lastIndexOf(", ") + 1).trimStart();
  return last.startsWith("VARIADIC ") ? direct : `${direct}, ${aggregated}`;
}

/**
 * The object as `GRANT ... ON` and `reg*` casts name it: `objectName`, but an aggregate named as the
 * function it also is (`"s"."pct"(p double precision, double precision)`).
 */
export function grantName(ref: CatalogObjectRef): string {
  return ref.kind === "aggregate"
    ? `${quoteQualified(ref)}(${aggregateAsFunction(ref.arguments)})`
    : objectName(ref);
}

/** The object as `COMMENT ON` takes it: `VIEW "s"."v"`, `CONSTRAINT "c" ON DOMAIN "s"."d"`. */
export function commentTarget(ref: CatalogObjectRef): string {
  switch (ref.kind) {
    case "schema":
      return `SCHEMA ${objectName(ref)}`;
    case "extension":
      return `EXTENSION ${objectName(ref)}`;
    case "publication":
      return `PUBLICATION ${objectName(ref)}`;
    case "column":
      return `COLUMN ${objectName(ref)}`;
    case "constraint":
    case "domainConstraint":
      return `CONSTRAINT ${objectName(ref)}`;
    case "trigger":
      return `TRIGGER ${objectName(ref)}`;
    case "policy":
      return `POLICY ${objectName(ref)}`;
    case "rule":
      return `RULE ${objectName(ref)}`;
    case "function":
      return `FUNCTION ${objectName(ref)}`;
    case "procedure":
      return `PROCEDURE ${objectName(ref)}`;
    case "aggregate":
      return `AGGREGATE ${objectName(ref)}`;
    default:
      return `${KEYWORDS[ref.kind]} ${objectName(ref)}`;
  }
}
