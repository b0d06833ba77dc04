/**
 * Summaries of repeated measurements: median with min and max, formatted for the report tables.
 */

export interface Summary {
  readonly median: number;
  readonly min: number;
  readonly max: number;
  readonly runs: number;
}

/** Median, min and max of `values` (which must not be empty). */
export function summarise(values: readonly number[]): Summary {
  if (values.length === 0) throw new Error("summarise: no values");
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
  return { median, min: sorted[0]!, max: sorted[sorted.length - 1]!, runs: sorted.length };
}

/** `1234 ms (1180-1302)`, or `1.23 s (1.18-1.30)` with `unit: "s"`. */
export function formatMs(summary: Summary, unit: "ms" | "s" = "ms"): string {
  if (unit === "s") {
    const f = (v: number): string => (v / 1000).toFixed(2);
    return `${f(summary.median)} s (${f(summary.min)}-${f(summary.max)})`;
  }
  const f = (v: number): string => (v < 10 ? v.toFixed(1) : Math.round(v).toString());
  return `${f(summary.median)} ms (${f(summary.min)}-${f(summary.max)})`;
}

/** `412 MB (401-420)`. */
export function formatMb(summary: Summary): string {
  return `${Math.round(summary.median)} MB (${Math.round(summary.min)}-${Math.round(summary.max)})`;
}

/** A Markdown table. */
export function markdownTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const line = (cells: readonly string[]): string => `| ${cells.join(" | ")} |`;
  return [line(header), line(header.map(() => "---")), ...rows.map(line)].join("\n");
}
