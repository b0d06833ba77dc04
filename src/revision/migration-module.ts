/**
 * What a migration file must export, and how its exports become a `Revision`:
 *
 * ```ts
 * export const revision = "ae1027a6acf";
 * export const downRevision = "1975ea83b712"; // null for the first; an array for a merge
 * export const branchLabels = null;            // optional: string | string[] | null
 * export const dependsOn = null;               // optional: string | string[] | null
 * export const comparedSchemas = ["public"];   // optional, written by autogenerate: string[] | null
 * export async function upgrade(op) { ... }
 * export async function downgrade(op) { ... }
 * ```
 *
 * The message is the first line of the file's leading doc comment (`/** Add users table ...`), and the
 * creation date its `Create Date:` line, unless the file exports `createDate`.
 */
import { MalformedMigrationError } from "./errors";
import type { Revision } from "./revision";

/** `upgrade` or `downgrade` of a migration; the runner decides what it is called with. */
export type MigrationFunction = (...args: unknown[]) => unknown;

/** A loaded, validated migration file. */
export interface MigrationModule {
  readonly revision: Revision;
  /** Absolute path of the file. */
  readonly path: string;
  /** SHA-256 of the file's bytes, lowercase hex: recorded by the runner to notice edited migrations. */
  readonly checksum: string;
  readonly upgrade: MigrationFunction;
  readonly downgrade: MigrationFunction;
  /** Every export of the file, for options the runner reads (such as a transaction opt-out). */
  readonly exports: Readonly<Record<string, unknown>>;
}

/** The parts of a migration file's text the revision needs. */
export interface DocComment {
  /** First non-empty line of the leading doc comment; "" without one. */
  readonly message: string;
  /** The value of a `Create Date:` line in it, if any. */
  readonly createDate: string | null;
}

const LEADING_COMMENT =
  /^(?:\uFEFF)?(?:#![^\n]*\n)?\s*(?:(["'])use strict\1;?\s*)?\/\*([\s\S]*?)\*\//;

/** Reads the leading block comment (`/** ... *\/`, after an optional shebang and "use strict"). */
export function readDocComment(text: string): DocComment {
  const match = LEADING_COMMENT.exec(text);
  if (!match) return { message: "", createDate: null };
  const lines = match[2]
    .replace(/^\*/, "")
    .split(/\r?\n/)
    .map((line) => line.replace(/^\s*\*?\s?/, "").trim());
  const message = lines.find((line) => line.length > 0) ?? "";
  const dateLine = lines.map((line) => /^Create Date:\s*(.+)$/i.exec(line)).find((m) => m !== null);
  return { message, createDate: dateLine ? dateLine[1] : null };
}

/**
 * Validates a migration file's exports and builds its revision. An ES module whose exports are all
 * under `default` is accepted too. Throws `MalformedMigrationError` naming the file and the export.
 */
export function readMigrationExports(
  path: string,
  loaded: Readonly<Record<string, unknown>>,
  doc: DocComment,
): {
  readonly revision: Revision;
  readonly upgrade: MigrationFunction;
  readonly downgrade: MigrationFunction;
} {
  const exports = unwrapDefault(loaded);
  const id = exports.revision;
  if (typeof id !== "string" || id.trim() === "") {
    throw new MalformedMigrationError(
      path,
      "revision",
      `expected a non-empty string, found ${describe(id)}`,
    );
  }
  if (!("downRevision" in exports) || exports.downRevision === undefined) {
    throw new MalformedMigrationError(
      path,
      "downRevision",
      "the file does not export it; export null for the first migration, a revision id otherwise",
    );
  }
  const downRevisions = idList(path, "downRevision", exports.downRevision);
  const branchLabels = idList(path, "branchLabels", exports.branchLabels);
  const dependsOn = idList(path, "dependsOn", exports.dependsOn);
  const upgrade = migrationFunction(path, "upgrade", exports.upgrade);
  const downgrade = migrationFunction(path, "downgrade", exports.downgrade);
  const createDate = typeof exports.createDate === "string" ? exports.createDate : doc.createDate;
  const comparedSchemas = schemaList(path, exports.comparedSchemas);
  const revision: Revision = {
    id,
    downRevisions,
    branchLabels,
    dependsOn,
    message: doc.message,
    path,
    createDate,
    ...(comparedSchemas !== undefined && { comparedSchemas }),
  };
  return { revision: Object.freeze(revision), upgrade, downgrade };
}

function unwrapDefault(
  loaded: Readonly<Record<string, unknown>>,
): Readonly<Record<string, unknown>> {
  const fallback = loaded.default;
  if (
    !("revision" in loaded) &&
    typeof fallback === "object" &&
    fallback !== null &&
    "revision" in fallback
  ) {
    return fallback as Record<string, unknown>;
  }
  return loaded;
}

/** `null`/absent → [], a string → [it], an array of non-empty strings → it. */
function idList(path: string, name: string, value: unknown): readonly string[] {
  if (value === undefined || value === null) return [];
  if (typeof value === "string" && value.trim() !== "") return [value];
  if (Array.isArray(value) && value.every((v) => typeof v === "string" && v.trim() !== "")) {
    return Object.freeze([...(value as string[])]);
  }
  throw new MalformedMigrationError(
    path,
    name,
    `expected null, a non-empty string or an array of non-empty strings, found ${describe(value)}`,
  );
}

/** `comparedSchemas`: absent or null → undefined, an array of non-empty strings → it. */
function schemaList(path: string, value: unknown): readonly string[] | undefined {
  if (value === undefined || value === null) return undefined;
  if (Array.isArray(value) && value.every((v) => typeof v === "string" && v !== "")) {
    return Object.freeze([...(value as string[])]);
  }
  throw new MalformedMigrationError(
    path,
    "comparedSchemas",
    `expected null or an array of schema names (non-empty strings), found ${describe(value)}`,
  );
}

function migrationFunction(path: string, name: string, value: unknown): MigrationFunction {
  if (typeof value === "function") return value as MigrationFunction;
  throw new MalformedMigrationError(
    path,
    name,
    value === undefined
      ? "the file does not export it; every migration needs an upgrade and a downgrade function"
      : `expected a function, found ${describe(value)}`,
  );
}

function describe(value: unknown): string {
  if (value === undefined) return "nothing (the export is missing)";
  if (value === null) return "null";
  if (typeof value === "string")
    return value.trim() === "" ? "an empty string" : `the string ${JSON.stringify(value)}`;
  if (Array.isArray(value)) {
    const items = value.map((v) =>
      typeof v === "string" ? JSON.stringify(v) : v === null ? "null" : typeof v,
    );
    return `an array of ${items.length === 0 ? "nothing" : items.join(", ")}`;
  }
  if (typeof value === "object") return "an object";
  return `a ${typeof value} (${String(value)})`;
}
