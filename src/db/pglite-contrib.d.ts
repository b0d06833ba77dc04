/**
 * Types for PGlite's bundled extensions. The package exposes them only through its `exports` map
 * (`@electric-sql/pglite/contrib/*`), which TypeScript's `moduleResolution: "node"` does not read; Node's
 * `require` does, so only the types need declaring here. Remove this file when the project moves to
 * `moduleResolution: "node16"` or `"bundler"`.
 */
declare module "@electric-sql/pglite/contrib/uuid_ossp" {
  import type { Extension } from "@electric-sql/pglite";
  export const uuid_ossp: Extension;
}

declare module "@electric-sql/pglite/contrib/pgcrypto" {
  import type { Extension } from "@electric-sql/pglite";
  export const pgcrypto: Extension;
}

declare module "@electric-sql/pglite/contrib/citext" {
  import type { Extension } from "@electric-sql/pglite";
  export const citext: Extension;
}

declare module "@electric-sql/pglite/contrib/hstore" {
  import type { Extension } from "@electric-sql/pglite";
  export const hstore: Extension;
}

declare module "@electric-sql/pglite/contrib/cube" {
  import type { Extension } from "@electric-sql/pglite";
  export const cube: Extension;
}

declare module "@electric-sql/pglite/contrib/ltree" {
  import type { Extension } from "@electric-sql/pglite";
  export const ltree: Extension;
}

declare module "@electric-sql/pglite/contrib/btree_gist" {
  import type { Extension } from "@electric-sql/pglite";
  export const btree_gist: Extension;
}

declare module "@electric-sql/pglite/contrib/btree_gin" {
  import type { Extension } from "@electric-sql/pglite";
  export const btree_gin: Extension;
}

declare module "@electric-sql/pglite/contrib/pg_trgm" {
  import type { Extension } from "@electric-sql/pglite";
  export const pg_trgm: Extension;
}
