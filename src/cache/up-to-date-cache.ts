/**
 * "Nothing to do", remembered (issue 11: `autogen check` when nothing changed). When a comparison of a
 * project's entities with a database found no operation, the next one whose inputs are the same finds
 * none either, and neither model needs to be read back, normalised or compared. The inputs, all in the
 * key:
 * - the entity side: the content hash of its value (src/cache/entity-model-cache.ts), so that an edit
 *   that leaves the model as it was (a comment, a file the model does not depend on) finds the answer
 *   too;
 * - the database: its catalog state (src/cache/introspection-cache.ts), which also covers the compared
 *   schemas' contents;
 * - what the comparison was asked: the schemas compared, the include/exclude filters, the managed kinds;
 * - the tool's build.
 * Only results without operations are kept, so no question about a rename was asked to reach them.
 */
import path from "node:path";
import { prune, readJson, sha256, toolIdentity, writeJson } from "./cache-files";

const FORMAT = "up-to-date-1";

/** What a comparison that found nothing said besides: its log (lines about what it left alone). */
export interface UpToDate {
  readonly log: readonly string[];
}

/** The entry's file for these inputs. */
export function upToDateFile(cacheDir: string, entities: string, catalog: string, question: unknown): string {
  return path.join(cacheDir, `up-to-date-${sha256(FORMAT, toolIdentity(), entities, catalog, JSON.stringify(question))}.json`);
}

/** The remembered result, or null. */
export function readUpToDate(file: string): UpToDate | null {
  const stored = readJson<{ format?: string; log?: unknown }>(file);
  if (stored === null || stored.format !== FORMAT || !Array.isArray(stored.log)) return null;
  return { log: stored.log.map(String) };
}

/** Remembers that these inputs gave no operation. */
export function storeUpToDate(file: string, value: UpToDate): void {
  if (writeJson(file, { format: FORMAT, log: value.log })) prune(path.dirname(file), "up-to-date-");
}
