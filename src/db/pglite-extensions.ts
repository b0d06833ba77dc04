/**
 * The PostgreSQL extensions loaded into every embedded database, so that migrations and entities that
 * use them (`CREATE EXTENSION "uuid-ossp"`, `pgcrypto`, `citext`) work the same as on a server. PGlite
 * loads only plpgsql by default; any other extension is available only when its bundle is passed in.
 */
import type { Extensions } from "@electric-sql/pglite";
import { citext } from "@electric-sql/pglite/contrib/citext";
import { pgcrypto } from "@electric-sql/pglite/contrib/pgcrypto";
import { uuid_ossp } from "@electric-sql/pglite/contrib/uuid_ossp";

/** Extension bundles by namespace, for `PGlite.create({ extensions })`. */
export const EMBEDDED_EXTENSIONS: Extensions = { uuid_ossp, pgcrypto, citext };

/** The names `CREATE EXTENSION` accepts for them. */
export const EMBEDDED_EXTENSION_NAMES: readonly string[] = ["uuid-ossp", "pgcrypto", "citext"];
