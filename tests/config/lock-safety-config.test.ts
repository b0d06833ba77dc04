/** The `safe`, `lint` and `lockRetry` configuration keys: defaults, values, and clear errors. */
import { resolveConfig } from "../../src/config/load-config";

const resolve = (raw: object) => resolveConfig(raw, "/p/autogen.config.json", "/p", {});

describe("lock-safety configuration", () => {
  it("has defaults: plain -m, every rule at its level, 5 retries", () => {
    const config = resolve({});
    expect(config.safe).toEqual({ enabled: false, lockTimeout: "2s", statementTimeout: "1h", backfillBatchPages: 200 });
    expect(config.lint).toEqual({ rules: {}, rowThreshold: 0 });
    expect(config.lockRetry).toEqual({});
  });

  it("reads safe: true or options, rule levels, a threshold and retries", () => {
    expect(resolve({ safe: true }).safe.enabled).toBe(true);
    expect(resolve({ safe: { lockTimeout: "500ms" } }).safe).toEqual({ enabled: true, lockTimeout: "500ms", statementTimeout: "1h", backfillBatchPages: 200 });
    expect(resolve({ safe: { enabled: false, lockTimeout: "1s" } }).safe.enabled).toBe(false);
    expect(resolve({ lint: { rules: { "renaming-column": "error" }, rowThreshold: 1000 } }).lint).toEqual({ rules: { "renaming-column": "error" }, rowThreshold: 1000 });
    expect(resolve({ lockRetry: false }).lockRetry).toBeNull();
    expect(resolve({ lockRetry: { attempts: 3 } }).lockRetry).toEqual({ attempts: 3, delayMs: 1000, maxDelayMs: 30_000 });
  });

  it("names the file and the key of a bad value", () => {
    expect(() => resolve({ safe: { lockTimeout: "soon" } })).toThrow(/\/p\/autogen.config.json \(key "safe.lockTimeout"\): expected a duration/);
    expect(() => resolve({ safe: { lockTimout: "2s" } })).toThrow(/key "safe.lockTimout"\): unknown key/);
    expect(() => resolve({ lint: { rules: { "renaming-column": "loud" } } })).toThrow(/key "lint.rules.renaming-column"\): expected "off", "warn" or "error"/);
    expect(() => resolve({ lockRetry: { attempts: 0 } })).toThrow(/key "lockRetry.attempts"\): expected an integer of at least 1/);
  });
});
