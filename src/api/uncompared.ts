/**
 * What a database-to-database diff cannot compare, said instead of left out in silence. The model does
 * not describe foreign tables, servers, user mappings, event triggers, operators, casts, text search
 * objects and a few rarer kinds (src/introspect/read-uncompared.ts), so the script never creates, drops
 * or changes them. Those the two sides do not share (one side only, or a different definition) are each
 * a difference of their own: a warning naming the object and what the script leaves undone, and the diff
 * is not up to date (a drift check must not pass over an event trigger production has and staging lacks).
 */
import type { Database } from "../db/database";
import { readUncompared, type UncomparedObject } from "../introspect/read-uncompared";

/** An object of a kind the diff does not compare that FROM and TO do not share. */
export interface UncomparedDifference {
  readonly kind: string;
  readonly name: string;
  /** Where it is: only in FROM, only in TO, or in both with different definitions. */
  readonly side: "from" | "to" | "both";
}

/** The uncompared objects FROM and TO do not share, sorted by kind and name. */
export async function uncomparedDifferences(from: Database, to: Database, schemas: readonly string[]): Promise<UncomparedDifference[]> {
  const [before, after] = await Promise.all([readUncompared(from, schemas), readUncompared(to, schemas)]);
  return differences(before, after);
}

function differences(from: readonly UncomparedObject[], to: readonly UncomparedObject[]): UncomparedDifference[] {
  const key = (o: UncomparedObject) => `${o.kind}\u0000${o.name}`;
  const toByKey = new Map(to.map((o) => [key(o), o]));
  const fromKeys = new Set(from.map(key));
  const found: UncomparedDifference[] = [];
  for (const o of from) {
    const other = toByKey.get(key(o));
    if (other === undefined) found.push({ kind: o.kind, name: o.name, side: "from" });
    else if (other.definition !== o.definition) found.push({ kind: o.kind, name: o.name, side: "both" });
  }
  for (const o of to) if (!fromKeys.has(key(o))) found.push({ kind: o.kind, name: o.name, side: "to" });
  return found.sort((a, b) => a.kind.localeCompare(b.kind) || a.name.localeCompare(b.name));
}

/** The warning for one difference, as the CLI prints warnings. */
export function uncomparedWarning(d: UncomparedDifference): string {
  const what = `${d.kind} ${d.name}`;
  const left =
    d.side === "from"
      ? `only FROM has ${what}: the script does not drop it`
      : d.side === "to"
        ? `only TO has ${what}: the script does not create it`
        : `${what} differs between FROM and TO: the script leaves it as it is`;
  return `WARNING: ${left}, since autogen diff does not compare ${plural(d.kind)}; write that change by hand (op.execute in a migration).`;
}

/** `cast` -> `casts`, `operator class` -> `operator classes`, `text search dictionary` -> `... dictionaries`. */
function plural(kind: string): string {
  if (kind.endsWith("ss")) return `${kind}es`;
  if (kind.endsWith("y")) return `${kind.slice(0, -1)}ies`;
  return `${kind}s`;
}
