/**
 * The project's `tsconfig.json` `baseUrl` and `paths`, for imports like `@/entities/user` or
 * `src/entities/user` in entity files: TypeScript's transpiler leaves them as they are, and Node cannot
 * resolve them. Read with `tsconfig-paths` (which follows `extends`), from the working directory up.
 */
import { createMatchPath, loadConfig } from "tsconfig-paths";

/** Maps a module name through the project's `paths`; `undefined` when none matches a file. */
export type PathMapper = (request: string) => string | undefined;

/** Extensions tried for a mapped path, as TypeScript would find the file. */
const EXTENSIONS = [".ts", ".tsx", ".mts", ".cts", ".js", ".cjs", ".mjs", ".json"];

/**
 * The mapper of the `tsconfig.json` nearest to `cwd`, or `undefined` when there is none, it cannot be
 * read, or it sets neither `baseUrl` nor `paths`.
 */
export function projectPathMapper(cwd: string = process.cwd()): PathMapper | undefined {
  let loaded: ReturnType<typeof loadConfig>;
  try {
    loaded = loadConfig(cwd);
  } catch {
    return undefined;
  }
  if (loaded.resultType !== "success") return undefined;
  if (loaded.baseUrl === undefined && Object.keys(loaded.paths ?? {}).length === 0) return undefined;
  const match = createMatchPath(loaded.absoluteBaseUrl, loaded.paths ?? {}, loaded.mainFields, loaded.addMatchAll);
  return (request) => match(request, undefined, undefined, EXTENSIONS);
}
