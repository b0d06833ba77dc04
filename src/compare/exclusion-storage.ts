/**
 * The storage parameters of an exclusion constraint's index sit inside its definition as
 * `pg_get_constraintdef` prints it (`EXCLUDE USING gist (room WITH =) WITH (fillfactor='70') WHERE (...)`),
 * where an index or a key has them apart. Entities never give them, so entity mode needs the definition
 * without them to tell that an entity's exclusion is the database's (adopt-unmanaged.ts).
 */
import { skipLiteralOrComment } from "../sql/sql-scan";

/**
 * `definition` without its index's storage parameters: the ` WITH (...)` printed after the element list
 * (and INCLUDE), outside every parenthesis, string constant and quoted identifier, as opposed to the
 * elements' own `c WITH &&`. The definition itself when it has none.
 *
 * @example
 *   exclusionWithoutStorage(`EXCLUDE USING gist (room WITH =, during WITH &&) WITH (fillfactor='70') WHERE (active)`);
 *   // "EXCLUDE USING gist (room WITH =, during WITH &&) WHERE (active)"
 */
export function exclusionWithoutStorage(definition: string): string {
  let depth = 0;
  let clause = -1;
  for (let i = 0; i < definition.length; i++) {
    const skipped = skipLiteralOrComment(definition, i);
    if (skipped !== i) {
      i = skipped - 1;
    } else if (depth === 0 && clause < 0 && definition.startsWith(" WITH (", i)) {
      clause = i;
      i += " WITH".length;
    } else if (definition[i] === "(") {
      depth++;
    } else if (definition[i] === ")" && --depth === 0 && clause >= 0) {
      return definition.slice(0, clause) + definition.slice(i + 1);
    }
  }
  return definition;
}
