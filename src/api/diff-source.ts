/**
 * The two sides of `autogen diff FROM TO`: a PostgreSQL database (any connection string libpq accepts),
 * the migration history (`migrations`, or `migrations@REV` for a revision), or the project's entities.
 */
import { looksLikeConnectionString } from "../db/connection-string";
import { UsageError } from "../errors";

export type DiffSource =
  /** A database reached by a connection string. */
  | { readonly kind: "url"; readonly url: string }
  /** The history replayed into a throwaway embedded database, up to `revision` (null: every head). */
  | { readonly kind: "migrations"; readonly revision: string | null }
  /** The project's TypeORM entities. */
  | { readonly kind: "entities" };

/** FROM or TO is none of the accepted forms. */
export class InvalidDiffSourceError extends UsageError {
  constructor(
    readonly side: "FROM" | "TO",
    readonly text: string,
  ) {
    super(
      `${side} ${describe(text)} is not a PostgreSQL URL, "migrations", "migrations@REV" or "entities": give a ` +
        `postgresql:// URL or a keyword/value connection string (host=... dbname=...), "migrations" for the ` +
        `migration history (at its heads, or "migrations@<revision>"), or "entities" for the project's entities.`,
    );
  }
}

/** A source as typed, shown only when it cannot be a connection string holding a password. */
function describe(text: string): string {
  return text.includes("=") || text.includes("@") || text.includes(":") || text.length > 60 ? "(as given)" : `"${text}"`;
}

/**
 * Reads FROM or TO.
 * @example parseDiffSource("migrations@ae1027a6acf", "FROM") // { kind: "migrations", revision: "ae1027a6acf" }
 * @throws InvalidDiffSourceError
 */
export function parseDiffSource(text: string, side: "FROM" | "TO"): DiffSource {
  const trimmed = text.trim();
  if (trimmed === "entities") return { kind: "entities" };
  if (trimmed === "migrations") return { kind: "migrations", revision: null };
  if (trimmed.startsWith("migrations@") && trimmed.length > "migrations@".length) {
    return { kind: "migrations", revision: trimmed.slice("migrations@".length) };
  }
  if (looksLikeConnectionString(trimmed)) return { kind: "url", url: trimmed };
  throw new InvalidDiffSourceError(side, text);
}
