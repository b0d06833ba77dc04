/**
 * The waits between attempts of a statement that gave up on a lock (src/runner/lock-retry.ts): without
 * configuration 5 attempts, 1 s before the second, doubled for each further one; what is configured
 * replaces each default on its own.
 */
import { DEFAULT_LOCK_RETRY, retryDelay } from "../../src/runner/lock-retry";

describe("retryDelay", () => {
  it("by default: 5 attempts, waiting 1, 2, 4 and 8 s between them", () => {
    expect(DEFAULT_LOCK_RETRY).toEqual({ attempts: 5, delayMs: 1000, maxDelayMs: 30_000 });
    for (const options of [undefined, {}]) {
      expect([1, 2, 3, 4, 5].map((attempt) => retryDelay(options, attempt))).toEqual([1000, 2000, 4000, 8000, null]);
    }
  });

  it("doubles up to the longest wait, and stops after the attempts configured", () => {
    expect([1, 2, 3, 4, 5, 6, 7].map((attempt) => retryDelay({ attempts: 7, delayMs: 10_000 }, attempt))).toEqual([
      10_000, 20_000, 30_000, 30_000, 30_000, 30_000, null,
    ]);
    expect([1, 2, 3, 4, 5].map((attempt) => retryDelay({ delayMs: 1, maxDelayMs: 1 }, attempt))).toEqual([1, 1, 1, 1, null]);
    expect(retryDelay({ attempts: 1 }, 1)).toBeNull();
  });
});
