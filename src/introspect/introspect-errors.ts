/**
 * Errors raised while reading the live catalog. Each names the schema, object or catalog query involved
 * and says what to do about it.
 */
import { AutogenError } from "../errors";

/** The configured schemas include a system schema, which is never compared or migrated. */
export class SystemSchemaError extends AutogenError {
  constructor(readonly schemas: readonly string[]) {
    super(
      `The schema list includes ${schemas.map((s) => `"${s}"`).join(", ")}, which ` +
        `${schemas.length === 1 ? "is a system schema" : "are system schemas"} (pg_catalog, ` +
        `information_schema, TOAST or another session's temporary schema). System schemas are never read ` +
        `or migrated: remove ${schemas.length === 1 ? "it" : "them"} from the "schemas" setting.`,
    );
  }
}

/** The server is older than the oldest PostgreSQL version the catalog queries support. */
export class UnsupportedServerVersionError extends AutogenError {
  constructor(
    readonly serverVersion: number,
    readonly minimumVersion: number,
  ) {
    super(
      `The database server runs PostgreSQL ${formatVersion(serverVersion)}, but reading its schema needs ` +
        `PostgreSQL ${formatVersion(minimumVersion)} or newer (the catalog queries use columns added in ` +
        `that release). Upgrade the server or point the tool at a newer one.`,
    );
  }
}

/** The catalog holds something the SchemaModel cannot represent faithfully. */
export class UnsupportedCatalogObjectError extends AutogenError {
  constructor(
    readonly object: string,
    readonly reason: string,
  ) {
    super(
      `Cannot read ${object} from the database: ${reason}. Leave the table out with "excludeTables" or ` +
        `change the object so that it can be compared.`,
    );
  }
}

/** A catalog query failed; carries the name of its `.sql` file and the driver's error as `cause`. */
export class CatalogQueryError extends AutogenError {
  constructor(
    readonly queryName: string,
    cause: unknown,
    /** Where the query is written, when not in sql/. */
    source = `src/introspect/sql/${queryName}`,
  ) {
    super(
      `Reading the database schema failed in the catalog query ${queryName} ` +
        `(${source}): ${cause instanceof Error ? cause.message : String(cause)}. ` +
        `Check that the connection's role may read pg_catalog and that the server is PostgreSQL 15 or newer.`,
      { cause },
    );
  }
}

/** `150004` -> `15.4`; `90624` -> `9.6.24`. */
function formatVersion(versionNum: number): string {
  if (versionNum >= 100000) return `${Math.floor(versionNum / 10000)}.${versionNum % 10000}`;
  return `${Math.floor(versionNum / 10000)}.${Math.floor(versionNum / 100) % 100}.${versionNum % 100}`;
}
