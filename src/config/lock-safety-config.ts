/** The `safe`, `lint` and `lockRetry` keys of the configuration, checked and with defaults filled. */
import type { LintLevel, ResolvedConfig } from "./config";
import { ConfigError } from "./load-config";

export const DEFAULT_SAFE = Object.freeze({
  enabled: false,
  lockTimeout: "2s",
  statementTimeout: "1h",
  backfillBatchPages: 200,
});

const DURATION = /^\s*\d+(\.\d+)?\s*(us|ms|s|min|h|d)?\s*$/;
const LEVELS: ReadonlySet<string> = new Set(["off", "warn", "error"]);

type Raw = Record<string, unknown>;

function isObject(value: unknown): value is Raw {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function duration(file: string | null, key: string, value: unknown, fallback: string): string {
  if (value === undefined) return fallback;
  if (typeof value === "string" && DURATION.test(value)) return value.trim();
  throw new ConfigError(file, key, `expected a duration such as "2s" or "500ms", got ${JSON.stringify(value)}.`);
}

function positiveInteger(file: string | null, key: string, value: unknown, fallback: number, min = 1): number {
  if (value === undefined) return fallback;
  if (typeof value === "number" && Number.isInteger(value) && value >= min) return value;
  throw new ConfigError(file, key, `expected an integer of at least ${min}, got ${JSON.stringify(value)}.`);
}

export function resolveLockSafety(
  file: string | null,
  config: Raw,
): Pick<ResolvedConfig, "safe" | "lint" | "lockRetry"> {
  const safeRaw = config.safe;
  if (safeRaw !== undefined && typeof safeRaw !== "boolean" && !isObject(safeRaw)) {
    throw new ConfigError(file, "safe", "expected true, false or { lockTimeout, statementTimeout, backfillBatchPages }.");
  }
  const safeObject: Raw = isObject(safeRaw) ? safeRaw : {};
  for (const key of Object.keys(safeObject)) {
    if (!["enabled", "lockTimeout", "statementTimeout", "backfillBatchPages"].includes(key)) {
      throw new ConfigError(file, `safe.${key}`, "unknown key; the known keys are enabled, lockTimeout, statementTimeout, backfillBatchPages.");
    }
  }
  const safe = {
    enabled: safeRaw === true || (isObject(safeRaw) && safeObject.enabled !== false),
    lockTimeout: duration(file, "safe.lockTimeout", safeObject.lockTimeout, DEFAULT_SAFE.lockTimeout),
    statementTimeout: duration(file, "safe.statementTimeout", safeObject.statementTimeout, DEFAULT_SAFE.statementTimeout),
    backfillBatchPages: positiveInteger(file, "safe.backfillBatchPages", safeObject.backfillBatchPages, DEFAULT_SAFE.backfillBatchPages),
  };

  const lintRaw = config.lint;
  if (lintRaw !== undefined && !isObject(lintRaw)) throw new ConfigError(file, "lint", "expected { rules, rowThreshold }.");
  const lintObject: Raw = lintRaw ?? {};
  const rulesRaw = lintObject.rules;
  if (rulesRaw !== undefined && !isObject(rulesRaw)) throw new ConfigError(file, "lint.rules", 'expected { "rule-id": "off" | "warn" | "error" }.');
  const rules: Record<string, LintLevel> = {};
  for (const [id, level] of Object.entries(rulesRaw ?? {})) {
    if (typeof level !== "string" || !LEVELS.has(level)) {
      throw new ConfigError(file, `lint.rules.${id}`, `expected "off", "warn" or "error", got ${JSON.stringify(level)}.`);
    }
    rules[id] = level as LintLevel;
  }
  const lint = { rules, rowThreshold: positiveInteger(file, "lint.rowThreshold", lintObject.rowThreshold, 0, 0) };

  const retryRaw = config.lockRetry;
  let lockRetry: ResolvedConfig["lockRetry"] = {};
  if (retryRaw === false) lockRetry = null;
  else if (retryRaw !== undefined) {
    if (!isObject(retryRaw)) throw new ConfigError(file, "lockRetry", "expected false or { attempts, delayMs, maxDelayMs }.");
    lockRetry = {
      attempts: positiveInteger(file, "lockRetry.attempts", retryRaw.attempts, 5),
      delayMs: positiveInteger(file, "lockRetry.delayMs", retryRaw.delayMs, 1000, 0),
      maxDelayMs: positiveInteger(file, "lockRetry.maxDelayMs", retryRaw.maxDelayMs, 30_000, 0),
    };
  }
  return { safe, lint, lockRetry };
}
