/**
 * Which `typescript` compiles the project's files: the project's own (resolved from the project folder,
 * as its `tsc` would be) when it is 4.7 or later and has the JavaScript compiler API, else the tool's.
 * TypeScript 7 is the native port and has no JavaScript API: its projects are compiled by the tool's
 * TypeScript, which reads the same tsconfig options. A project TypeScript older than 4.7 is refused,
 * naming the version found and the supported range.
 */
import fs from "node:fs";
import path from "node:path";
import { UsageError } from "../errors";

/** The project TypeScript versions used as they are. */
export const SUPPORTED_TYPESCRIPT = ">=4.7 <7 (7.x and later: the tool's own TypeScript compiles)";

/** A `typescript` package chosen to compile. */
export interface ResolvedTypeScript {
  /** The file `require` loads (the package's main). */
  readonly entryPoint: string;
  readonly version: string;
  /** The project's own, or the tool's (the project has none, or one without the JavaScript API). */
  readonly origin: "project" | "tool";
}

/** The project's TypeScript is older than the range the loader supports. */
export class UnsupportedTypeScriptError extends UsageError {
  constructor(
    readonly version: string,
    readonly location: string,
  ) {
    super(
      `The project's TypeScript is ${version} (${location}), older than the TypeScript pg-autogen can ` +
        `compile with: ${SUPPORTED_TYPESCRIPT}. Upgrade the project's typescript to 4.7 or later.`,
    );
  }
}

/** `[major, minor]` of a version string like `4.9.5` or `5.4.0-beta`. */
function majorMinor(version: string): [number, number] {
  const [major = "0", minor = "0"] = version.split(".");
  return [Number.parseInt(major, 10) || 0, Number.parseInt(minor, 10) || 0];
}

function readPackage(file: string): { version?: unknown; main?: unknown } {
  return JSON.parse(fs.readFileSync(file, "utf8")) as { version?: unknown; main?: unknown };
}

/** The tool's own TypeScript (its dependency). */
function toolTypeScript(): ResolvedTypeScript {
  const manifest = require.resolve("typescript/package.json");
  return {
    entryPoint: require.resolve("typescript"),
    version: String(readPackage(manifest).version),
    origin: "tool",
  };
}

/**
 * The TypeScript that compiles the files of the project in `projectDir`.
 *
 * @throws UnsupportedTypeScriptError when the project's own TypeScript is older than 4.7.
 * @example
 *   resolveTypeScript("/app"); // { entryPoint: "/app/node_modules/typescript/lib/typescript.js", version: "4.9.5", origin: "project" }
 */
export function resolveTypeScript(projectDir: string): ResolvedTypeScript {
  let manifest: string;
  try {
    manifest = require.resolve("typescript/package.json", { paths: [projectDir] });
  } catch {
    return toolTypeScript();
  }
  const pkg = readPackage(manifest);
  const version = String(pkg.version);
  const [major, minor] = majorMinor(version);
  if (major < 4 || (major === 4 && minor < 7)) throw new UnsupportedTypeScriptError(version, path.dirname(manifest));
  // 7.x (the native port) has no JavaScript compiler API: its `main` is not the compiler.
  if (major >= 7) return toolTypeScript();
  const main = typeof pkg.main === "string" ? pkg.main : "index.js";
  return { entryPoint: path.resolve(path.dirname(manifest), main), version, origin: "project" };
}
