/**
 * The version matrix: TypeORM 0.3.17, 0.3.20, the latest 0.3.x and the latest 1.x, crossed with TypeScript
 * 4.9, 5.4 and the latest 5.x. `AUTOGEN_MATRIX` picks the pairs a run covers:
 *
 * - `all` (the default): every pair;
 * - `oldest`: TypeORM 0.3.17 with TypeScript 4.9, the pair CI runs besides the repository's own versions;
 * - a list like `0.3.17/4.9,1/5`: the named pairs (versions as npm ranges).
 */
import { resolveVersion } from "../support/installs";

/** TypeORM versions, as npm ranges resolved on the day of the run. */
export const TYPEORM_VERSIONS: readonly string[] = ["0.3.17", "0.3.20", "~0.3", "^1"];

/** TypeScript versions, as npm ranges. */
export const TYPESCRIPT_VERSIONS: readonly string[] = ["~4.9", "~5.4", "^5"];

export interface VersionPair {
  readonly typeorm: string;
  readonly typescript: string;
}

function expand(range: string): string {
  if (range === "1") return "^1";
  if (range === "5") return "^5";
  return /^\d+\.\d+$/.test(range) ? `~${range}` : range;
}

/** The pairs `AUTOGEN_MATRIX` selects, with exact versions. Memoised in the environment for every worker. */
export function selectedPairs(selection: string = process.env.AUTOGEN_MATRIX ?? "all"): VersionPair[] {
  const cached = process.env.AUTOGEN_MATRIX_RESOLVED;
  if (cached) return JSON.parse(cached) as VersionPair[];
  let ranges: [string, string][];
  if (selection === "all") ranges = TYPEORM_VERSIONS.flatMap((o) => TYPESCRIPT_VERSIONS.map((s): [string, string] => [o, s]));
  else if (selection === "oldest") ranges = [[TYPEORM_VERSIONS[0]!, TYPESCRIPT_VERSIONS[0]!]];
  else {
    ranges = selection.split(",").map((pair) => {
      const [typeorm, typescript] = pair.trim().split("/");
      if (!typeorm || !typescript) throw new Error(`AUTOGEN_MATRIX: expected pairs like 0.3.17/4.9, got "${pair}"`);
      return [expand(typeorm), expand(typescript)];
    });
  }
  const known = new Map<string, string>();
  const exact = (name: string, range: string): string => {
    const key = `${name}@${range}`;
    if (!known.has(key)) known.set(key, resolveVersion(name, range));
    return known.get(key)!;
  };
  const pairs = ranges.map(([typeorm, typescript]) => ({
    typeorm: exact("typeorm", typeorm),
    typescript: exact("typescript", typescript),
  }));
  process.env.AUTOGEN_MATRIX_RESOLVED = JSON.stringify(pairs);
  return pairs;
}

/** The distinct TypeORM versions of the selected pairs. */
export function selectedTypeormVersions(): string[] {
  return [...new Set(selectedPairs().map((pair) => pair.typeorm))];
}

/** The distinct TypeScript versions of the selected pairs. */
export function selectedTypescriptVersions(): string[] {
  return [...new Set(selectedPairs().map((pair) => pair.typescript))];
}
