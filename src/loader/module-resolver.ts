/**
 * What the TypeScript hook adds to Node's module resolution: `./user.js` naming `./user.ts` (and `.mjs`
 * `.mts`, `.cjs` `.cts`) when no JavaScript file exists, names mapped through the project's tsconfig
 * `paths` and `baseUrl` in TypeScript files, and a memo of where package names resolved from each
 * directory. Node caches relative look-ups but not packages resolved through an `exports` map (typeorm has
 * one): without the memo, the `import ... from "typeorm"` of each of 1,000 entity files walked the package
 * again (about 0.1 ms each). A package name's resolution depends only on the requiring file's directory,
 * so the memo is keyed by both.
 */
import Module from "node:module";
import path from "node:path";

type NodeModuleInternals = typeof Module & {
  _resolveFilename(request: string, parent: unknown, isMain: boolean, options?: unknown): string;
};

const nodeModule = Module as NodeModuleInternals;

/** The replacements tried, in order, when a `.js`-style specifier names no file (as ts-node does). */
const REPLACEMENTS: Readonly<Record<string, readonly string[]>> = {
  ".js": [".ts", ".tsx"],
  ".jsx": [".tsx"],
  ".mjs": [".mts"],
  ".cjs": [".cts"],
};

const NODE_MODULES = `${path.sep}node_modules${path.sep}`;

/** Whether the requiring module is a TypeScript file outside node_modules (where tsconfig `paths` apply). */
function isTypeScriptParent(parent: unknown): boolean {
  const file = (parent as { filename?: unknown } | null | undefined)?.filename;
  return typeof file === "string" && /\.[mc]?tsx?$/.test(file) && !file.includes(NODE_MODULES);
}

/** A package name (`typeorm`, `@scope/pkg/sub`), as opposed to a relative or absolute path or a URL. */
function isBareSpecifier(request: string): boolean {
  return !request.startsWith(".") && !path.isAbsolute(request) && !request.includes(":");
}

/**
 * Installs the resolver (see the file comment) on Node's CommonJS loader.
 *
 * @param mapPath maps a name through the current project's tsconfig `paths`, or gives `undefined`.
 */
export function installResolver(mapPath: (request: string) => string | undefined): void {
  const original = nodeModule._resolveFilename;
  const packages = new Map<string, string>();
  nodeModule._resolveFilename = function resolveWithTypeScript(request, parent, isMain, options) {
    const directory = (parent as { path?: unknown } | null | undefined)?.path;
    const memoKey =
      !isMain && options === undefined && typeof directory === "string" && isBareSpecifier(request)
        ? `${directory}\0${request}`
        : undefined;
    if (memoKey !== undefined) {
      const known = packages.get(memoKey);
      if (known !== undefined) return known;
    }
    try {
      const resolved = original.call(this, request, parent, isMain, options);
      if (memoKey !== undefined) packages.set(memoKey, resolved);
      return resolved;
    } catch (error) {
      if ((error as { code?: unknown }).code !== "MODULE_NOT_FOUND") throw error;
      const relative = request.startsWith(".") || path.isAbsolute(request);
      if (!relative && isTypeScriptParent(parent)) {
        // An alias of the project's tsconfig `paths` (or a `baseUrl`-relative name) in a TypeScript file.
        const target = mapPath(request);
        if (target !== undefined) {
          const resolved = original.call(this, target, parent, isMain, options);
          if (memoKey !== undefined) packages.set(memoKey, resolved);
          return resolved;
        }
      }
      const replacements = REPLACEMENTS[path.extname(request)];
      if (!replacements || !relative) throw error;
      const stem = request.slice(0, -path.extname(request).length);
      for (const ext of replacements) {
        try {
          return original.call(this, stem + ext, parent, isMain, options);
        } catch {
          // Try the next replacement.
        }
      }
      throw error;
    }
  };
}
