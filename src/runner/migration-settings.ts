/**
 * Per-migration session settings: a migration file may export
 *
 * ```ts
 * export const timeouts = { lockTimeout: "2s", statementTimeout: "1h" };
 * ```
 *
 * (the lock-safe form writes it). The runner sets them for the migration's session before its first
 * statement (every transaction and every statement outside one), and puts the previous values back
 * afterwards, so the next migration of the run is not affected. `--sql` prints `SET` and `RESET`.
 */
import type { Queryable } from "../db/database";
import { UsageError } from "../errors";
import type { MigrationModule } from "../revision/migration-module";
import { quoteLiteral } from "../sql/quote";

/** What a migration's `timeouts` export may hold; values in Postgres's units (`"500ms"`, `"2s"`, `"1h"`, `0`). */
export interface MigrationTimeouts {
  readonly lockTimeout?: string | number;
  readonly statementTimeout?: string | number;
}

const SETTINGS: Readonly<Record<keyof MigrationTimeouts, string>> = {
  lockTimeout: "lock_timeout",
  statementTimeout: "statement_timeout",
};

export class InvalidTimeoutsError extends UsageError {
  constructor(
    readonly file: string,
    detail: string,
  ) {
    super(`The \`timeouts\` export of migration ${file} is invalid: ${detail}`);
  }
}

/** The settings a migration asks for, as `[postgres name, value]` pairs. */
export function migrationSettings(module: Pick<MigrationModule, "exports" | "path">): ReadonlyArray<readonly [string, string]> {
  const raw = module.exports.timeouts;
  if (raw === undefined || raw === null) return [];
  if (typeof raw !== "object" || Array.isArray(raw)) {
    throw new InvalidTimeoutsError(module.path, 'expected an object such as { lockTimeout: "2s", statementTimeout: "1h" }.');
  }
  const pairs: (readonly [string, string])[] = [];
  for (const [key, value] of Object.entries(raw as Record<string, unknown>)) {
    const name = SETTINGS[key as keyof MigrationTimeouts];
    if (name === undefined) throw new InvalidTimeoutsError(module.path, `unknown key "${key}" (lockTimeout, statementTimeout).`);
    if (typeof value === "number" && Number.isFinite(value) && value >= 0) pairs.push([name, String(value)]);
    else if (typeof value === "string" && /^\s*\d+(\.\d+)?\s*(us|ms|s|min|h|d)?\s*$/.test(value)) pairs.push([name, value.trim()]);
    else throw new InvalidTimeoutsError(module.path, `${key} must be a duration such as "2s" or "500ms", got ${JSON.stringify(value)}.`);
  }
  return pairs;
}

/** Sets the settings on the session and returns a function that puts the previous values back. */
export async function applySettings(
  db: Queryable,
  settings: ReadonlyArray<readonly [string, string]>,
): Promise<() => Promise<void>> {
  if (settings.length === 0) return async () => undefined;
  const previous: (readonly [string, string])[] = [];
  for (const [name, value] of settings) {
    const { rows } = await db.query<{ value: string }>("SELECT current_setting($1) AS value", [name]);
    previous.push([name, rows[0]?.value ?? "0"]);
    await db.query("SELECT set_config($1, $2, false)", [name, value]);
  }
  return async () => {
    for (const [name, value] of previous) {
      await db.query("SELECT set_config($1, $2, false)", [name, value]).catch(() => undefined);
    }
  };
}

/** `SET lock_timeout = '2s'` statements for `--sql`. */
export function setSettingsSql(settings: ReadonlyArray<readonly [string, string]>): string[] {
  return settings.map(([name, value]) => `SET ${name} = ${quoteLiteral(value)}`);
}

/**
 * The statements for `--sql` that put back what the script had before the migration's `SET`s: the value the
 * script's header set (the config's `lockTimeout`, `statementTimeout`), else `RESET` to the session default.
 * @param scriptSettings the `[name, value]` pairs the script began with (`sessionSettings(...)`).
 */
export function resetSettingsSql(
  settings: ReadonlyArray<readonly [string, string]>,
  scriptSettings: ReadonlyArray<readonly [string, string]> = [],
): string[] {
  return settings.map(([name]) => {
    const before = scriptSettings.find(([set]) => set === name);
    return before === undefined ? `RESET ${name}` : `SET ${name} = ${quoteLiteral(before[1])}`;
  });
}
