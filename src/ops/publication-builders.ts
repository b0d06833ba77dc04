/**
 * The op API for publications (logical replication): `op.createPublication`, `op.addPublicationTable`, ...
 * Part of `operationBuilders` (./builders.ts). Each returns the operation its arguments describe, with
 * every field left out filled with its default (the renderer leaves those out again).
 */
import type { PublicationDef, PublicationTableDef } from "../model/catalog-objects";
import type {
  AddPublicationTableOp,
  AlterPublicationOp,
  CreatePublicationOp,
  DropPublicationOp,
  DropPublicationTableOp,
} from "./catalog-operations";
import { OpArgumentError, requireText, toTableRef, type TableName } from "./op-specs";

/** What a publication publishes whole and its options; by default it lists tables only and publishes every operation. */
export interface PublicationSpec {
  readonly allTables?: boolean;
  readonly schemas?: readonly string[];
  readonly publish?: readonly string[];
  readonly viaPartitionRoot?: boolean;
}

/** A table's entry in a publication: its column list (default: every column) and row filter (default: none). */
export interface PublicationTableSpec {
  readonly columns?: readonly string[] | null;
  readonly where?: string | null;
}

export const PUBLICATION_SPEC_DEFAULTS = Object.freeze({
  allTables: false,
  schemas: Object.freeze([] as string[]),
  publish: Object.freeze(["insert", "update", "delete", "truncate"]),
  viaPartitionRoot: false,
});

function names(value: unknown, what: string, method: string): string[] {
  if (!Array.isArray(value) || value.some((v) => typeof v !== "string" || v.length === 0)) {
    throw new OpArgumentError(method, `${what} must be an array of names.`);
  }
  return [...value] as string[];
}

export function resolvePublication(name: string, spec: PublicationSpec | undefined, method: string): PublicationDef {
  const d = PUBLICATION_SPEC_DEFAULTS;
  const publish = spec?.publish === undefined ? [...d.publish] : names(spec.publish, "publish", method);
  const unknown = publish.filter((action) => !d.publish.includes(action));
  if (unknown.length > 0) {
    throw new OpArgumentError(method, `publish may hold ${d.publish.join(", ")}, not ${unknown.map((a) => JSON.stringify(a)).join(", ")}.`);
  }
  return {
    name: requireText(name, "the publication's name", method),
    allTables: spec?.allTables ?? d.allTables,
    schemas: spec?.schemas === undefined ? [] : names(spec.schemas, "schemas", method).sort(),
    publish: d.publish.filter((action) => publish.includes(action)),
    viaPartitionRoot: spec?.viaPartitionRoot ?? d.viaPartitionRoot,
  };
}

export function resolvePublicationTable(publication: string, table: TableName, spec: PublicationTableSpec | undefined, method: string): PublicationTableDef {
  return {
    publication: requireText(publication, "the publication's name", method),
    table: toTableRef(table, method),
    columns: spec?.columns == null ? null : names(spec.columns, "columns", method),
    where: spec?.where ?? null,
  };
}

export interface PublicationBuilders {
  /** `createPublication("cdc", { schemas: ["sales"], publish: ["insert", "update"] })`; its tables are `addPublicationTable`s. */
  createPublication(name: string, spec?: PublicationSpec): CreatePublicationOp;
  dropPublication(name: string, options?: { readonly existing?: PublicationSpec }): DropPublicationOp;
  /** Its options (`publish`, `viaPartitionRoot`) from `from` to `to`. */
  alterPublication(name: string, change: { readonly from: PublicationSpec; readonly to: PublicationSpec }): AlterPublicationOp;
  /** `addPublicationTable("cdc", "orders", { columns: ["id", "total"], where: "(total > 0)" })`. */
  addPublicationTable(publication: string, table: TableName, spec?: PublicationTableSpec): AddPublicationTableOp;
  dropPublicationTable(publication: string, table: TableName, options?: { readonly existing?: PublicationTableSpec }): DropPublicationTableOp;
}

export const publicationBuilders: PublicationBuilders = {
  createPublication: (name, spec) => ({ kind: "createPublication", publication: resolvePublication(name, spec, "createPublication") }),
  dropPublication: (name, options) => ({
    kind: "dropPublication",
    name: requireText(name, "the publication's name", "dropPublication"),
    ...(options?.existing && { existing: resolvePublication(name, options.existing, "dropPublication") }),
  }),
  alterPublication: (name, change) => ({
    kind: "alterPublication",
    from: resolvePublication(name, change?.from, "alterPublication"),
    to: resolvePublication(name, change?.to, "alterPublication"),
  }),
  addPublicationTable: (publication, table, spec) => ({
    kind: "addPublicationTable",
    member: resolvePublicationTable(publication, table, spec, "addPublicationTable"),
  }),
  dropPublicationTable: (publication, table, options) => ({
    kind: "dropPublicationTable",
    publication: requireText(publication, "the publication's name", "dropPublicationTable"),
    table: toTableRef(table, "dropPublicationTable"),
    ...(options?.existing && { existing: resolvePublicationTable(publication, table, options.existing, "dropPublicationTable") }),
  }),
};
