/**
 * Checksums of applied migration files, so that a migration edited after it was applied is noticed. They
 * live in a table of their own next to the version table (which stays exactly Alembic's): one row per
 * applied revision, written in the same transaction as the version table change, deleted on downgrade.
 */
import type { Queryable } from "../db/database";
import { whileDoing } from "../db/server-refusal";
import type { MigrationModule } from "../revision/migration-module";
import { quoteIdent, quoteLiteral, quoteQualified } from "../sql/quote";
import { VERSION_NUM_LENGTH, type VersionTableConfig } from "./version-table";

/** An applied migration whose file no longer has the checksum recorded when it was applied. */
export interface ChecksumMismatch {
  readonly revision: string;
  readonly path: string;
  readonly recorded: string;
  readonly actual: string;
  readonly appliedAt: Date;
}

/** `"public"."autogen_checksums"`. */
export function checksumTableName(config: VersionTableConfig): string {
  return quoteQualified({ schema: config.schema, name: config.checksumTable });
}

/** The statement creating the checksum table if it is missing. */
export function createChecksumTableSql(config: VersionTableConfig): string {
  return (
    `CREATE TABLE IF NOT EXISTS ${checksumTableName(config)} (${quoteIdent("version_num")} ` +
    `varchar(${VERSION_NUM_LENGTH}) NOT NULL, ${quoteIdent("checksum")} text NOT NULL, ` +
    `${quoteIdent("applied_at")} timestamptz NOT NULL DEFAULT now(), ` +
    `CONSTRAINT ${quoteIdent(`${config.checksumTable}_pkey`)} PRIMARY KEY (${quoteIdent("version_num")}))`
  );
}

/** `DROP TABLE` of the checksum table, printed with the version table's at the end of an offline downgrade to base. */
export function dropChecksumTableSql(config: VersionTableConfig): string {
  return `DROP TABLE ${checksumTableName(config)}`;
}

/** Records (or replaces) the checksum of an applied revision. */
export function recordChecksumSql(
  revision: string,
  checksum: string,
  config: VersionTableConfig,
): string {
  const id = quoteIdent("version_num");
  const sum = quoteIdent("checksum");
  const at = quoteIdent("applied_at");
  return (
    `INSERT INTO ${checksumTableName(config)} (${id}, ${sum}) VALUES (${quoteLiteral(revision)}, ` +
    `${quoteLiteral(checksum)}) ON CONFLICT (${id}) DO UPDATE SET ${sum} = EXCLUDED.${sum}, ${at} = now()`
  );
}

/** Forgets the checksum of a revision that was downgraded. */
export function deleteChecksumSql(revision: string, config: VersionTableConfig): string {
  return `DELETE FROM ${checksumTableName(config)} WHERE ${quoteIdent("version_num")} = ${quoteLiteral(revision)}`;
}

/** Creates the checksum table if it does not exist. Run it under the migration lock. */
export async function ensureChecksumTable(
  tx: Queryable,
  config: VersionTableConfig,
): Promise<void> {
  await whileDoing(`creating the checksum table ${checksumTableName(config)}`, () => tx.query(createChecksumTableSql(config)));
}

/** The recorded checksums by revision id; empty when the table does not exist. */
export async function readChecksums(
  db: Queryable,
  config: VersionTableConfig,
): Promise<Map<string, { readonly checksum: string; readonly appliedAt: Date }>> {
  const table = checksumTableName(config);
  const { rows: present } = await db.query<{ present: boolean }>(
    "SELECT to_regclass($1) IS NOT NULL AS present",
    [table],
  );
  const checksums = new Map<string, { readonly checksum: string; readonly appliedAt: Date }>();
  if (present[0]?.present !== true) return checksums;
  const { rows } = await db.query<{ version_num: string; checksum: string; applied_at: string }>(
    `SELECT version_num::text, checksum, to_char(applied_at AT TIME ZONE 'UTC', ` +
      `'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS applied_at FROM ${table}`,
  );
  for (const row of rows) {
    checksums.set(row.version_num, { checksum: row.checksum, appliedAt: new Date(row.applied_at) });
  }
  return checksums;
}

/**
 * Compares the recorded checksums with the migration files as they are now. Revisions without a recorded
 * checksum (applied by `stamp`, or by SQL from an older tool) and recorded revisions without a file are
 * not reported.
 *
 * @example
 * for (const m of await verifyChecksums(db, modules)) logger.warn(describeChecksumMismatch(m));
 */
export async function verifyChecksums(
  db: Queryable,
  modules: ReadonlyMap<string, MigrationModule>,
  config: VersionTableConfig,
): Promise<ChecksumMismatch[]> {
  const recorded = await readChecksums(db, config);
  const mismatches: ChecksumMismatch[] = [];
  for (const [revision, { checksum, appliedAt }] of [...recorded].sort(([a], [b]) =>
    a.localeCompare(b),
  )) {
    const module = modules.get(revision);
    if (module === undefined || module.checksum === checksum) continue;
    mismatches.push({
      revision,
      path: module.path,
      recorded: checksum,
      actual: module.checksum,
      appliedAt,
    });
  }
  return mismatches;
}

/** The warning printed for a mismatch. */
export function describeChecksumMismatch(mismatch: ChecksumMismatch): string {
  return (
    `Migration "${mismatch.revision}" (${mismatch.path}) was edited after it was applied on ` +
    `${mismatch.appliedAt.toISOString()}: its checksum is now ${mismatch.actual.slice(0, 12)}..., ` +
    `it was ${mismatch.recorded.slice(0, 12)}... The database keeps what the old version did; put a ` +
    `change in a new migration instead of editing an applied one.`
  );
}
