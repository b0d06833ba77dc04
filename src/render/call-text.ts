/** The source text of one `op.method(...)` call and of its options argument. */
import { jsObject } from "./js-literal";

/** `op.method(a, b)`; trailing absent arguments are left out, inner ones written as `undefined`. */
export function call(method: string, ...args: ReadonlyArray<string | undefined>): string {
  let end = args.length;
  while (end > 0 && args[end - 1] === undefined) end--;
  return `op.${method}(${args.slice(0, end).map((a) => a ?? "undefined").join(", ")})`;
}

/** An object literal, or undefined (an argument left out) when it would be `{}`. */
export function nonEmpty(objectText: string): string | undefined {
  return objectText === "{}" ? undefined : objectText;
}

/** `{ existing: ... }` (plus other options), or undefined when there is nothing to write. */
export function options(entries: ReadonlyArray<readonly [string, string | undefined]>): string | undefined {
  return nonEmpty(jsObject(entries));
}
