/**
 * `autogen frobnicate`: the word is no command. Named as such (not "too many arguments"), with the closest
 * command when one is close (`histroy` -> `history`), as a usage error (exit 2).
 */
import { UsageError } from "../errors";

export class UnknownCommandError extends UsageError {
  constructor(
    readonly command: string,
    readonly suggestion: string | null,
  ) {
    super(
      `unknown command '${command}'${suggestion === null ? "" : ` (Did you mean ${suggestion}?)`}. ` +
        "Run `autogen --help` to list the commands.",
    );
  }
}

/**
 * The known name closest to `word`, when it is within a third of the word's length in edits (insert,
 * delete, replace, swap two neighbours), else null.
 * @example closestName("histroy", ["history", "heads"]) // => "history"
 */
export function closestName(word: string, names: readonly string[]): string | null {
  let best: { name: string; distance: number } | null = null;
  for (const name of names) {
    const distance = editDistance(word, name);
    if (distance <= Math.max(1, Math.floor(word.length / 3)) && (best === null || distance < best.distance)) {
      best = { name, distance };
    }
  }
  return best?.name ?? null;
}

/** Optimal string alignment distance. */
function editDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0]![j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i]![j] = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        d[i]![j] = Math.min(d[i]![j]!, d[i - 2]![j - 2]! + 1);
      }
    }
  }
  return d[a.length]![b.length]!;
}
