/**
 * A catalog object as `COMMENT ON` and `GRANT ... ON` name it: `VIEW "s"."v"`, `COLUMN "s"."t"."c"`,
 * `TRIGGER "t" ON "s"."tbl"`, `FUNCTION "s"."f"(integer)`. Identifiers go through `./quote`; a function's
 * identity arguments are Postgres's own printing (`pg_get_function_identity_arguments`).
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
    default:
      return quoteQualified(ref);
  }
}

/** The object as `COMMENT ON` takes it: `VIEW "s"."v"`, `CONSTRAINT "c" ON DOMAIN "s"."d"`. */
export function commentTarget(ref: CatalogObjectRef): string {
  switch (ref.kind) {
    case "schema":
      return `SCHEMA ${objectName(ref)}`;
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
    default:
      return `${KEYWORDS[ref.kind]} ${objectName(ref)}`;
  }
}
