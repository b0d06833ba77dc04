export { introspect, introspectInTransaction, type IntrospectOptions } from "./introspect";
export { CountingQueryable } from "./counting-queryable";
export {
  CatalogQueryError,
  SystemSchemaError,
  UnsupportedCatalogObjectError,
  UnsupportedServerVersionError,
} from "./introspect-errors";
export { VERSION_TABLE_NAME } from "./build-model";
