/**
 * What `autogen diff` cannot get right on the migra corpus, per case and direction, with the reason. A
 * direction listed here runs as `it.failing`: the suite stays green while it fails and turns red the day
 * it passes, so that its entry is removed then. One line per case.
 *
 * Both reasons left are PostgreSQL's: it offers no statement that reaches the target.
 */
import type { Direction } from "./migra-fixtures";

type Reasons = Partial<Record<Direction, string>>;

/** The downgrade and the reverse diff, which both go from B back to A. */
const backToA = (reason: string): Reasons => ({ downgrade: reason, reverse: reason });

export const KNOWN_FAILURES: Readonly<Record<string, Reasons>> = {
  extversions: {
    downgrade: "pg_trgm ships no 1.4 -> 1.3 script: the derived downgrade's ALTER EXTENSION UPDATE TO '1.3' fails (the upgrade warns)",
    reverse: "pg_trgm ships no 1.4 -> 1.3 script: diff B A refuses with a clear error (checked by its own test below)",
  },
  inherit2: backToA(
    "a.e is the child's own column in B and only inherited in A: ADD COLUMN e on the parent merges into it and it stays " +
      "local (attislocal), which pg_dump shows; Postgres has no statement to make it inherited only without dropping " +
      "its data first (the diff warns)",
  ),
};
