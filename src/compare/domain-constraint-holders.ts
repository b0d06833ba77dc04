/**
 * Where a domain gains a constraint PostgreSQL checks against the values there are (a check added without
 * NOT VALID, one validated, NOT NULL), the columns that hold the domain inside another type stop it:
 * ALTER DOMAIN checks the columns of the domain and of the domains over it, and refuses any column of an
 * array of them or of a composite, range or multirange type or a domain over an array holding them, at any depth (cannot alter type "d" because column
 * "t.x" uses it), rows or not. Such a change is refused by name before any statement.
 */
import type { DomainDef, SchemaModel, TableDef } from "../model/schema-model";
import { domainChange } from "../ops/domain-change";
import { typeNamesEnum } from "../ops/type-text";
import { DomainConstraintBlockedError } from "./compare-errors";
import { displayName } from "./display";
import { typesBuiltOn, firstColumnNaming, type TypeRef as TypeLike } from "./types-built-on";

/** What `to` adds to `from` that PostgreSQL checks against the values there are, for messages. */
function checkedAdditions(from: DomainDef, to: DomainDef): string[] {
  const change = domainChange(from, to);
  if (change.recreated) return [];
  return [
    ...change.addedChecks.filter((c) => !c.definition.endsWith(" NOT VALID")).map((c) => `check ${c.name}`),
    ...change.validatedChecks.map((c) => `check ${c.name} validated`),
    ...(to.notNull && !from.notNull ? ["NOT NULL"] : []),
  ];
}

/** Refuses the change of `from` to `to` when a column of `tables` holds the domain inside another type (see the file comment). */
export function refuseConstraintsOnHeldDomain(model: SchemaModel, tables: readonly TableDef[], from: DomainDef, to: DomainDef): void {
  const changes = checkedAdditions(from, to);
  if (changes.length === 0) return;
  const holder = columnHoldingInside(model, tables, from);
  if (holder !== undefined) throw new DomainConstraintBlockedError(displayName(from), changes, holder);
}

/** A column of `tables` holding `domain` (or a domain over it) inside an array or another type (`typesBuiltOn`), for messages. */
function columnHoldingInside(model: SchemaModel, tables: readonly TableDef[], domain: TypeLike): string | undefined {
  const names = (text: string, type: TypeLike) => typeNamesEnum(text, type.schema, type.name);
  const key = (type: TypeLike) => displayName(type);
  // The domain and the domains over it, at any depth: PostgreSQL checks their own columns.
  const domains: TypeLike[] = [domain];
  for (let i = 0; i < domains.length; i++) {
    for (const other of Object.values(model.domains ?? {})) {
      if (!domains.some((d) => key(d) === key(other)) && names(other.type, domains[i]!)?.array === false) domains.push(other);
    }
  }
  for (const table of tables) {
    for (const column of table.columns) {
      const array = domains.find((d) => names(column.type, d)?.array === true);
      if (array !== undefined) return `column ${displayName(table)}.${column.name} (an array of domain ${displayName(array)})`;
    }
  }
  // Whatever holds one of them (composite, range and multirange types, domains over an array of one), at any depth.
  const held = firstColumnNaming(tables, typesBuiltOn(model, domains));
  return held === undefined ? undefined : `${held.at} (of ${held.type.kind} ${displayName(held.type.ref)}, which holds domain ${displayName(domain)})`;
}
