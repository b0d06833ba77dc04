/**
 * The storage parameters of an exclusion constraint's index sit inside its definition as
 * `pg_get_constraintdef` prints it (`EXCLUDE USING gist (room WITH =) WITH (fillfactor='70') WHERE (...)`),
 * where an index or a key has them apart. Entities never give them, so entity mode needs the definition
 * without them to tell that an entity's exclusion is the database's, and with them to create one again as
 * the database has it (adopt-unmanaged.ts).
 */
import { skipLiteralOrComment } from "../sql/sql-scan";

/** Where a definition's parts after the element list are: its storage clause, and where one would go. */
interface Layout {
  /** The ` WITH (...)` clause of its index's storage parameters, if it has one. */
  readonly clause: { readonly start: number; readonly end: number } | null;
  /** Where a clause goes when it has none: before the predicate and the deferral, as PostgreSQL prints it. */
  readonly insertAt: number;
}

/**
 * Reads `definition` outside every parenthesis, string constant and quoted identifier, so that the
 * elements' own `c WITH &&` and the text of a predicate are never taken for a clause.
 */
function layoutOf(definition: string): Layout {
  let depth = 0;
  let start = -1;
  let insertAt = definition.length;
  for (let i = 0; i < definition.length; i++) {
    const skipped = skipLiteralOrComment(definition, i);
    if (skipped !== i) {
      i = skipped - 1;
    } else if (depth === 0 && start < 0 && definition.startsWith(" WITH (", i)) {
      start = i;
      i += " WITH".length;
    } else if (depth === 0 && insertAt === definition.length && /^ (WHERE \(|DEFERRABLE|NOT DEFERRABLE|INITIALLY )/.test(definition.slice(i, i + 16))) {
      insertAt = i;
    } else if (definition[i] === "(") {
      depth++;
    } else if (definition[i] === ")" && --depth === 0 && start >= 0) {
      return { clause: { start, end: i + 1 }, insertAt: start };
    }
  }
  return { clause: null, insertAt };
}

/**
 * `definition` without its index's storage parameters: the ` WITH (...)` printed after the element list
 * (and INCLUDE). The definition itself when it has none.
 *
 * @example
 *   exclusionWithoutStorage(`EXCLUDE USING gist (room WITH =, during WITH &&) WITH (fillfactor='70') WHERE (active)`);
 *   // "EXCLUDE USING gist (room WITH =, during WITH &&) WHERE (active)"
 */
export function exclusionWithoutStorage(definition: string): string {
  const { clause } = layoutOf(definition);
  return clause === null ? definition : definition.slice(0, clause.start) + definition.slice(clause.end);
}

/** The access method an exclusion's definition names (`gist` in `EXCLUDE USING gist (...)`). */
function accessMethod(definition: string): string | undefined {
  return /^EXCLUDE USING (\S+) /.exec(definition)?.[1];
}

/**
 * `target` (a definition without storage parameters) with those of `current`, when `current` has some and
 * both use the same access method (another method takes other parameters); `target` itself otherwise.
 *
 * @example
 *   exclusionWithStorageOf(`EXCLUDE USING gist (during WITH &&) WHERE (active)`, `EXCLUDE USING gist (room WITH =) WITH (fillfactor='70')`);
 *   // "EXCLUDE USING gist (during WITH &&) WITH (fillfactor='70') WHERE (active)"
 */
export function exclusionWithStorageOf(target: string, current: string): string {
  const from = layoutOf(current).clause;
  const into = layoutOf(target);
  if (from === null || into.clause !== null || accessMethod(target) !== accessMethod(current)) return target;
  return target.slice(0, into.insertAt) + current.slice(from.start, from.end) + target.slice(into.insertAt);
}
