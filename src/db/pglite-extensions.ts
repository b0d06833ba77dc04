/**
 * The PostgreSQL extensions loaded into every embedded database, so that migrations and entities that
 * use them work the same as on a server: those TypeORM installs for column types and exclusions
 * (`uuid-ossp`, `pgcrypto`, `citext`, `hstore`, `cube`, `ltree`, `btree_gist`) and two common index
 * helpers (`pg_trgm`, `btree_gin`). PGlite loads only plpgsql by default; any other extension is available
 * only when its bundle is passed in. Passing the nine costs about 0.3-0.4 s of each open (measured on a
 * data directory made before, Node 20, three fresh processes each: 1.37-1.44 s wall and 1.8-1.9 s CPU
 * against 1.0-1.3 s and 1.3-1.4 s without; an earlier measurement saw no difference at 2.2 s); postgis and
 * pgvector are not bundled with PGlite.
 */
import type { Extensions } from "@electric-sql/pglite";
import { citext } from "@electric-sql/pglite/contrib/citext";
import { pgcrypto } from "@electric-sql/pglite/contrib/pgcrypto";
import { uuid_ossp } from "@electric-sql/pglite/contrib/uuid_ossp";
import { hstore } from "@electric-sql/pglite/contrib/hstore";
import { cube } from "@electric-sql/pglite/contrib/cube";
import { ltree } from "@electric-sql/pglite/contrib/ltree";
import { btree_gist } from "@electric-sql/pglite/contrib/btree_gist";
import { btree_gin } from "@electric-sql/pglite/contrib/btree_gin";
import { pg_trgm } from "@electric-sql/pglite/contrib/pg_trgm";

/** Extension bundles by namespace, for `PGlite.create({ extensions })`. */
export const EMBEDDED_EXTENSIONS: Extensions = { uuid_ossp, pgcrypto, citext, hstore, cube, ltree, btree_gist, btree_gin, pg_trgm };

/** The names `CREATE EXTENSION` accepts for them. */
export const EMBEDDED_EXTENSION_NAMES: readonly string[] = [
  "uuid-ossp",
  "pgcrypto",
  "citext",
  "hstore",
  "cube",
  "ltree",
  "btree_gist",
  "btree_gin",
  "pg_trgm",
];
