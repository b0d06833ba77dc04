/**
 * The project's `tsconfig.json` `baseUrl` and `paths`, for imports like `@/entities/user` or
 * `src/entities/user` in entity files: TypeScript's transpiler leaves them as they are, and Node cannot
 * resolve them. Read from the same tsconfig as the compiler options (tsconfig-options.ts: `extends`
 * followed as TypeScript follows it), and matched with `tsconfig-paths`.
 */
import path from "node:path";
import { createMatchPath } from "tsconfig-paths";
import { findTsconfig, readTsconfig } from "./tsconfig-options";

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
  const tsconfig = findTsconfig(cwd);
  if (tsconfig === undefined) return undefined;
  let options: { baseUrl?: string; paths?: Record<string, string[]> } | undefined;
  try {
    options = readTsconfig(tsconfig)?.compilerOptions;
  } catch {
    return undefined;
  }
  const baseUrl = options?.baseUrl;
  const paths = options?.paths ?? {};
  if (baseUrl === undefined && Object.keys(paths).length === 0) return undefined;
  // As tsconfig-paths' own loadConfig: relative to the tsconfig, and every name tried under baseUrl when set.
  const match = createMatchPath(path.resolve(path.dirname(tsconfig), baseUrl ?? ""), paths, undefined, baseUrl !== undefined);
  return (request) => {
    const found = match(request, undefined, undefined, EXTENSIONS);
    const extension = path.extname(request);
    const sources = SOURCE_EXTENSIONS[extension];
    if (found !== undefined || sources === undefined) return found;
    return match(request.slice(0, -extension.length), undefined, undefined, [...sources]);
  };
}
