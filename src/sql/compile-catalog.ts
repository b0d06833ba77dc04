/** The compilers of the catalog-object operations, one per kind (see ./compile.ts). */
import type { CatalogOperation } from "../ops/catalog-operations";
import type { OperationTable } from "../ops/operation";
import type { CompiledStatement } from "./compiled-statement";
import { compileCreateCollation, compileDropCollation } from "./compile-collations";
import { compileCreateFunction, compileDropFunction, compileReplaceFunction } from "./compile-functions";
import { compileSetDefaultPrivileges } from "./compile-default-privileges";
import { compileKeepOwner } from "./compile-owners";
import { compileResetPrivileges } from "./compile-reset-privileges";
import { compileSetComment, compileSetPrivileges } from "./compile-privileges";
import {
  compileAddPublicationTable,
  compileAlterPublication,
  compileCreatePublication,
  compileDropPublication,
  compileDropPublicationTable,
} from "./compile-publications";
import {
  compileCreatePolicy,
  compileCreateRule,
  compileCreateStatistics,
  compileCreateTrigger,
  compileDropPolicy,
  compileDropRule,
  compileDropStatistics,
  compileDropTrigger,
  compileSetRowSecurity,
  compileSetTriggerEnabled,
} from "./compile-triggers";

export const CATALOG_COMPILERS: Pick<OperationTable<CompiledStatement[]>, CatalogOperation["kind"]> = {
  createFunction: compileCreateFunction,
  dropFunction: compileDropFunction,
  replaceFunction: compileReplaceFunction,
  createTrigger: compileCreateTrigger,
  dropTrigger: compileDropTrigger,
  setTriggerEnabled: compileSetTriggerEnabled,
  createRule: compileCreateRule,
  dropRule: compileDropRule,
  createStatistics: compileCreateStatistics,
  dropStatistics: compileDropStatistics,
  createPolicy: compileCreatePolicy,
  dropPolicy: compileDropPolicy,
  setRowSecurity: compileSetRowSecurity,
  setPrivileges: compileSetPrivileges,
  setDefaultPrivileges: compileSetDefaultPrivileges,
  setComment: compileSetComment,
  createCollation: compileCreateCollation,
  dropCollation: compileDropCollation,
  createPublication: compileCreatePublication,
  dropPublication: compileDropPublication,
  alterPublication: compileAlterPublication,
  addPublicationTable: compileAddPublicationTable,
  dropPublicationTable: compileDropPublicationTable,
  keepOwner: compileKeepOwner,
  resetPrivileges: compileResetPrivileges,
};
