/**
 * The project's `tsconfig.json` `baseUrl` and `paths`, for imports like `@/entities/user` or
 * `src/entities/user` in entity files: TypeScript's transpiler leaves them as they are, and Node cannot
 * resolve them. Read with `tsconfig-paths` (which follows `extends`), from the working directory up.
 */
import path from "node:path";
import { createMatchPath, loadConfig } from "tsconfig-paths";

/** Maps a module name through the project's `paths`; `undefined` when none matches a file. */
export type PathMapper = (request: string) => string | undefined;

/** Extensions tried for a mapped path, as TypeScript would find the file. */
const EXTENSIONS = [".ts", ".tsx", ".mts", ".cts", ".js", ".cjs", ".mjs", ".json"];

/**
 * The TypeScript files a mapped name with a JavaScript extension may mean (`@app/user.js` for
 * `src/user.ts`, as ES module projects write their imports), when no file has the name itself.
 */
const SOURCE_EXTENSIONS: Readonly<Record<string, readonly string[]>> = {
  ".js": [".ts", ".tsx"],
  ".jsx": [".tsx"],
  ".mjs": [".mts"],
  ".cjs": [".cts"],
};

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
  return (request) => {
    const found = match(request, undefined, undefined, EXTENSIONS);
    const extension = path.extname(request);
    const sources = SOURCE_EXTENSIONS[extension];
    if (found !== undefined || sources === undefined) return found;
    return match(request.slice(0, -extension.length), undefined, undefined, [...sources]);
  };
}
