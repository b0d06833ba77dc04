/**
 * JavaScript source text for values: every user-supplied text goes through `jsString`, which is
 * `JSON.stringify` (quotes, backslashes, control characters, lone surrogates) plus the two Unicode line
 * separators. Strings are always double-quoted, never template literals, so backticks and `${` are inert.
 */
import { AutogenError } from "../errors";

/** A value passed to `op.execute(sql, params)` has no JavaScript source form. */
export class UnrenderableValueError extends AutogenError {
  constructor(
    readonly path: string,
    readonly valueType: string,
  ) {
    super(
      `Cannot write ${path} into a migration file: a value of type ${valueType} has no source form. Use ` +
        "strings, numbers, bigints, booleans, null, Dates, Buffers, arrays and plain objects.",
    );
  }
}

/** A double-quoted JavaScript string literal for `text`. */
export function jsString(text: string): string {
  return JSON.stringify(text).replace(/\u2028/g, "\\u2028").replace(/\u2029/g, "\\u2029");
}

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** An object key: bare when it is an identifier, else a string literal. */
export function jsKey(key: string): string {
  return IDENTIFIER.test(key) && key !== "__proto__" ? key : jsString(key);
}

/** `[a, b]` from already-rendered items. */
export function jsArray(items: readonly string[]): string {
  return `[${items.join(", ")}]`;
}

/**
 * `{ key: value }` from already-rendered values; entries whose value is `undefined` are left out, which is
 * how callers omit fields that hold their default.
 */
/** `[a, b]` of the items rendered, or undefined (the key left out) when there are none. */
export function jsListOrNothing<T>(items: readonly T[] | undefined, render: (item: T) => string): string | undefined {
  return items === undefined || items.length === 0 ? undefined : jsArray(items.map(render));
}

export function jsObject(entries: ReadonlyArray<readonly [string, string | undefined]>): string {
  const parts = entries.filter(([, v]) => v !== undefined).map(([k, v]) => `${jsKey(k)}: ${v}`);
  return parts.length === 0 ? "{}" : `{ ${parts.join(", ")} }`;
}

/** `"text"`, or `null` for null. */
export function jsNullableString(text: string | null): string {
  return text === null ? "null" : jsString(text);
}

/** An array of string literals. */
export function jsStringArray(items: readonly string[]): string {
  return jsArray(items.map(jsString));
}

/**
 * Source text for a plain data value (the parameters of `op.execute`). Evaluating the text gives a value
 * equal to `value`.
 */
export function jsValue(value: unknown, path = "value"): string {
  switch (typeof value) {
    case "string":
      return jsString(value);
    case "boolean":
      return String(value);
    case "bigint":
      return `${value}n`;
    case "undefined":
      return "undefined";
    case "number":
      return Object.is(value, -0) ? "-0" : String(value);
    case "object":
      return jsObjectValue(value, path);
    default:
      throw new UnrenderableValueError(path, typeof value);
  }
}

function jsObjectValue(value: object | null, path: string): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return jsArray(value.map((item, i) => jsValue(item, `${path}[${i}]`)));
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) throw new UnrenderableValueError(path, "Date (invalid)");
    return `new Date(${jsString(value.toISOString())})`;
  }
  if (Buffer.isBuffer(value)) return `Buffer.from(${jsString(value.toString("base64"))}, "base64")`;
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) {
    throw new UnrenderableValueError(path, proto?.constructor?.name ?? "object");
  }
  return jsObject(Object.entries(value).map(([k, v]) => [k, jsValue(v, `${path}.${k}`)] as const));
}
