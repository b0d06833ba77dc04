/**
 * Human names of catalog objects and of what the catalog-object operations act on, for messages and
 * markers: `function f(integer)`, `trigger t_upd on users`, `view v`.
 */
import type { CatalogObjectRef } from "../model/object-ref";
import type { CatalogOperation } from "./catalog-operations";
import type { OperationTable } from "./operation";

/** `name` in the public schema, `schema.name` elsewhere (as `objectLabel` of ./describe). */
function label(ref: { readonly schema: string; readonly name: string }): string {
  return ref.schema === "public" ? ref.name : `${ref.schema}.${ref.name}`;
}

const NOUNS: Readonly<Record<CatalogObjectRef["kind"], string>> = {
  schema: "schema",
  extension: "extension",
  publication: "publication",
  table: "table",
  view: "view",
  materializedView: "materialized view",
  sequence: "sequence",
  type: "type",
  domain: "domain",
  collation: "collation",
  index: "index",
  column: "column",
  constraint: "constraint",
  trigger: "trigger",
  policy: "policy",
  rule: "rule",
  statistics: "statistics",
  domainConstraint: "constraint",
  function: "function",
  procedure: "procedure",
  aggregate: "aggregate",
};

/** `view reports`, `column users.email`, `function audit.f(integer)`, `trigger t on users`. */
export function catalogObjectLabel(ref: CatalogObjectRef): string {
  const noun = NOUNS[ref.kind];
  switch (ref.kind) {
    case "schema":
    case "extension":
    case "publication":
      return `${noun} ${ref.name}`;
    case "column":
      return `${noun} ${label({ schema: ref.schema, name: ref.table })}.${ref.column}`;
    case "index":
    case "constraint":
    case "trigger":
    case "policy":
    case "rule":
      return `${noun} ${ref.name} on ${label({ schema: ref.schema, name: ref.table })}`;
    case "domainConstraint":
      return `${noun} ${ref.name} on domain ${label({ schema: ref.schema, name: ref.domain })}`;
    case "function":
    case "procedure":
    case "aggregate":
      return `${noun} ${label(ref)}(${ref.arguments})`;
    default:
      return `${noun} ${label(ref)}`;
  }
}

/** `new tables of role app in schema sales`, `new functions of role app` (what default privileges are on). */
export function defaultPrivilegesLabel(entry: { readonly role: string; readonly schema: string | null; readonly objectType: string }): string {
  return `new ${entry.objectType} of role ${entry.role}${entry.schema === null ? "" : ` in schema ${entry.schema}`}`;
}

const functionLabel = (fn: { schema: string; name: string; arguments: string; kind: string }): string =>
  `${fn.kind} ${label(fn)}(${fn.arguments})`;
const memberLabel = (noun: string, m: { schema: string; table: string; name: string }): string =>
  `${noun} ${m.name} on ${label({ schema: m.schema, name: m.table })}`;

export const CATALOG_TARGETS: Pick<OperationTable<string>, CatalogOperation["kind"]> = {
  createFunction: (op) => functionLabel(op.function),
  dropFunction: (op) => functionLabel(op.function),
  replaceFunction: (op) => functionLabel(op.function),
  createTrigger: (op) => memberLabel("trigger", op.trigger),
  dropTrigger: (op) => memberLabel("trigger", op.trigger),
  setTriggerEnabled: (op) => memberLabel("trigger", op.trigger),
  createRule: (op) => memberLabel("rule", op.rule),
  dropRule: (op) => memberLabel("rule", op.rule),
  createStatistics: (op) => `statistics ${label(op.statistics)}`,
  dropStatistics: (op) => `statistics ${label(op.statistics)}`,
  createPolicy: (op) => memberLabel("policy", op.policy),
  dropPolicy: (op) => memberLabel("policy", op.policy),
  setRowSecurity: (op) => `row level security of table ${label(op.table)}`,
  setPrivileges: (op) =>
    `privileges of ${op.owner === true ? "the owner" : op.grantee === "public" ? "PUBLIC" : op.grantee}` +
    `${op.grantor === undefined ? "" : ` granted by ${op.grantor}`} on ${catalogObjectLabel(op.object)}`,
  setDefaultPrivileges: (op) => `default privileges of ${op.grantee === "public" ? "PUBLIC" : op.grantee} on ${defaultPrivilegesLabel(op)}`,
  setComment: (op) => `comment of ${catalogObjectLabel(op.object)}`,
  createCollation: (op) => `collation ${label(op.collation)}`,
  dropCollation: (op) => `collation ${label(op.collation)}`,
  createPublication: (op) => `publication ${op.publication.name}`,
  dropPublication: (op) => `publication ${op.name}`,
  alterPublication: (op) => `publication ${op.to.name}`,
  addPublicationTable: (op) => `table ${label(op.member.table)} in publication ${op.member.publication}`,
  dropPublicationTable: (op) => `table ${label(op.table)} in publication ${op.publication}`,
  keepOwner: (op) => `owner of ${catalogObjectLabel(op.object)}`,
  resetPrivileges: (op) => `built-in privileges of ${catalogObjectLabel(op.object)}`,
};

const safe = (): null => null;

/**
 * None of these ops loses rows: functions, triggers, policies, grants, comments, collations and
 * publications (what a subscriber receives from now on, not what the tables hold) hold no
 * data, and every one of them comes back in the derived downgrade. What can fail (a recreated function
 * that a column default still uses, a REVOKE with dependent grants) fails as a whole inside the
 * migration's transaction.
 */
export const CATALOG_REASONS: Pick<OperationTable<string | null>, CatalogOperation["kind"]> = {
  createFunction: safe,
  dropFunction: safe,
  replaceFunction: safe,
  createTrigger: safe,
  createRule: safe,
  createStatistics: safe,
  dropStatistics: safe,
  dropRule: safe,
  dropTrigger: safe,
  setTriggerEnabled: safe,
  createPolicy: safe,
  dropPolicy: safe,
  setRowSecurity: safe,
  setPrivileges: safe,
  setDefaultPrivileges: safe,
  setComment: safe,
  createCollation: safe,
  dropCollation: safe,
  createPublication: safe,
  dropPublication: safe,
  alterPublication: safe,
  addPublicationTable: safe,
  dropPublicationTable: safe,
  keepOwner: safe,
  resetPrivileges: safe,
};
