/**
 * An extension version change is carried out by the update scripts the extension ships; few ship
 * downgrades. Before a diff prints `ALTER EXTENSION ... UPDATE TO`, the database it will run on is asked
 * whether a chain of scripts leads there (`pg_extension_update_paths`): when none does, the diff fails
 * with a clear message instead of printing a script that cannot run. The way back (the derived
 * downgrade) is checked too, and only warned about.
 */
import type { Database } from "../db/database";
import { AutogenError } from "../errors";
import type { AlterExtensionOp, Operation } from "../ops/operation";

/** No chain of update scripts leads from the installed version to the wanted one. */
export class NoExtensionUpdatePathError extends AutogenError {
  constructor(
    readonly extension: string,
    readonly fromVersion: string,
    readonly toVersion: string,
    readonly database: string,
  ) {
    super(
      `Extension "${extension}" is at version ${fromVersion} in FROM (${database}) and at ${toVersion} in TO, ` +
        `but the extension ships no update path from ${fromVersion} to ${toVersion} on that server, so ` +
        `ALTER EXTENSION "${extension}" UPDATE TO '${toVersion}' would fail: no script was printed. Install ` +
        `a version that offers that path, or drop the extension and create it at version ${toVersion} by hand ` +
        `(which drops what depends on it).`,
    );
  }
}

/** The version TO wants is not installable on FROM's server. */
export class ExtensionVersionUnavailableError extends AutogenError {
  constructor(
    readonly extension: string,
    readonly version: string,
    readonly database: string,
    reason: string,
  ) {
    super(
      `Extension "${extension}" version ${version} is wanted but the server of FROM (${database}) cannot ` +
        `provide it: ${reason}. Install it on that server first.`,
    );
  }
}

/**
 * Checks every `alterExtension` of `ops` on `db` (the FROM database); returns one warning per update
 * whose way back has no path.
 * @throws NoExtensionUpdatePathError, ExtensionVersionUnavailableError
 */
export async function checkExtensionUpdates(db: Database, ops: readonly Operation[]): Promise<string[]> {
  const warnings: string[] = [];
  for (const op of ops) {
    if (op.kind !== "alterExtension" || op.existing?.version == null) continue;
    const installed = op.existing.version;
    const paths = await updatePaths(db, op);
    if (!paths.has(`${installed}->${op.version}`)) {
      if (!paths.has(`any->${op.version}`)) {
        throw new ExtensionVersionUnavailableError(op.name, op.version, db.description, "no such version is available");
      }
      throw new NoExtensionUpdatePathError(op.name, installed, op.version, db.description);
    }
    if (!paths.has(`${op.version}->${installed}`)) {
      warnings.push(
        `WARNING: extension "${op.name}" ships no update path from ${op.version} back to ${installed}: the ` +
          `derived downgrade (ALTER EXTENSION ... UPDATE TO '${installed}') will fail.`,
      );
    }
  }
  return warnings;
}

/** `source->target` for every pair with a path, and `any->v` for every version the server has. */
async function updatePaths(db: Database, op: AlterExtensionOp): Promise<Set<string>> {
  let rows: { source: string; target: string; path: string | null }[];
  try {
    rows = (
      await db.query<{ source: string; target: string; path: string | null }>(
        "SELECT source::text, target::text, path::text FROM pg_extension_update_paths($1)",
        [op.name],
      )
    ).rows;
  } catch (error) {
    throw new ExtensionVersionUnavailableError(op.name, op.version, db.description, (error as Error).message);
  }
  const found = new Set<string>();
  for (const row of rows) {
    found.add(`any->${row.target}`);
    found.add(`any->${row.source}`);
    if (row.path !== null) found.add(`${row.source}->${row.target}`);
  }
  return found;
}
