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
