/**
 * The comparator tests' builders: the shared model builders (`tests/support/model-builders.ts`) and
 * `sortedOps`, which compares sets of ops whatever order `compare` returns them in.
 */
import type { Operation } from "../../src/ops/operation";

export * from "../support/model-builders";

/** Ops in a canonical order, to compare sets of ops whatever order `compare` returns them in. */
export function sortedOps(ops: readonly Operation[]): Operation[] {
  return [...ops].sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : JSON.stringify(a) > JSON.stringify(b) ? 1 : 0));
}
