/**
 * How the tool's caches drop old entries (src/cache/cache-files.ts `prune`): the newest 8 of a kind are
 * always kept, older ones too while the kind stays within its byte budget (64 MB) and 64 entries, so
 * that projects sharing one cache folder (a monorepo's hoisted node_modules) do not evict each other.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { prune } from "../../src/cache/cache-files";

let dir: string;

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "autogen-prune-"));
});

afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

/** `count` entries of `prefix`, `bytes` each (sparse), the first the newest. */
function entries(prefix: string, count: number, bytes: number): string[] {
  const now = Date.now() / 1000;
  return Array.from({ length: count }, (_, i) => {
    const name = `${prefix}${String(i).padStart(3, "0")}.json`;
    const file = path.join(dir, name);
    fs.writeFileSync(file, "");
    fs.truncateSync(file, bytes);
    fs.utimesSync(file, now - i * 10, now - i * 10);
    return name;
  });
}

const left = (prefix: string): string[] => fs.readdirSync(dir).filter((n) => n.startsWith(prefix)).sort();

it("keeps every small entry of a kind up to 64, the newest first", () => {
  const names = entries("entity-model-", 70, 100_000);
  prune(dir, "entity-model-");
  expect(left("entity-model-")).toEqual(names.slice(0, 64));
});

it("keeps the newest 8 large entries, and older ones only within the kind's 64 MB", () => {
  const large = entries("entity-model-", 12, 10 * 1024 * 1024);
  prune(dir, "entity-model-");
  expect(left("entity-model-")).toEqual(large.slice(0, 8));

  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir);
  const medium = entries("entity-model-", 20, 5 * 1024 * 1024);
  prune(dir, "entity-model-");
  // 12 x 5 MB = 60 MB fit; the 13th would pass 64 MB.
  expect(left("entity-model-")).toEqual(medium.slice(0, 12));
});

it("counts and drops one kind at a time", () => {
  const mine = entries("normalised-", 70, 10);
  const other = entries("introspected-", 70, 10);
  prune(dir, "normalised-");
  expect(left("normalised-")).toEqual(mine.slice(0, 64));
  expect(left("introspected-")).toEqual(other);
});
