/**
 * "Nothing to do", remembered (issue 11: `autogen check` when nothing changed). When a comparison of a
 * project's entities with a database found no operation, the next one whose inputs are the same finds
 * none either, and neither model needs to be read back, normalised or compared. The inputs, all in the
 * key:
 * - the entity side: the identity of the entity cache's entry (src/cache/entity-model-cache.ts), given
 *   only when that entry was still valid for every file, environment variable and glob its build read,
 *   or was just stored;
 * - the database: its catalog state (src/cache/introspection-cache.ts), which also covers the compared
 *   schemas' contents;
 * - what the comparison was asked: the schemas compared, the include/exclude filters, the managed kinds;
 * - the tool's build.
 * Only results without operations are kept, so no question about a rename was asked to reach them.
 */
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { writePrivateFile } from "../loader/compile-cache";
import { prune } from "./introspection-cache";

const FORMAT = "up-to-date-1";

/** What a comparison that found nothing said besides: its log (lines about what it left alone). */
export interface UpToDate {
  readonly log: readonly string[];
}

function buildStamp(): string {
  try {
    const stat = fs.statSync(__filename);
    return `${stat.size}:${stat.mtimeMs}`;
  } catch {
    return "";
  }
}

/** The entry's file for these inputs. */
export function upToDateFile(cacheDir: string, entities: string, catalog: string, question: unknown): string {
  const hash = crypto.createHash("sha256");
  for (const part of [FORMAT, buildStamp(), entities, catalog, JSON.stringify(question)]) hash.update(part).update("\0");
  return path.join(cacheDir, `up-to-date-${hash.digest("hex")}.json`);
}

/** The remembered result, or null. */
export function readUpToDate(file: string): UpToDate | null {
  try {
    const stored = JSON.parse(fs.readFileSync(file, "utf8")) as { format?: string; log?: unknown };
    if (stored.format !== FORMAT || !Array.isArray(stored.log)) return null;
    return { log: stored.log.map(String) };
  } catch {
    return null;
  }
}

/** Remembers that these inputs gave no operation. */
export function storeUpToDate(file: string, value: UpToDate): void {
  const temporary = `${file}.${process.pid}.${crypto.randomBytes(4).toString("hex")}.tmp`;
  try {
    writePrivateFile(temporary, JSON.stringify({ format: FORMAT, log: value.log }));
    fs.renameSync(temporary, file);
    prune(path.dirname(file), "up-to-date-");
  } catch {
    fs.rmSync(temporary, { force: true });
  }
}
