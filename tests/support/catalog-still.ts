import { catalogState } from "../../src/cache/introspection-cache";
import type { Queryable } from "../../src/db/database";

/**
 * Runs `work` again until the catalog state (the caches' key) held still through it, at most 10 times,
 * and gives its last result: other test files create roles meanwhile, and roles are cluster-wide and part
 * of the state, so a cache hit a test expects can be lost to them.
 */
export async function whileCatalogStill<T>(db: Queryable, work: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    const before = await catalogState(db);
    const result = await work();
    if ((await catalogState(db)) === before || attempt === 10) return result;
  }
}
