/**
 * The benchmark's measurements and their Markdown report.
 */
import type { PhaseReport } from "./phases";
import { formatMb, formatMs, markdownTable, summarise } from "./stats";

/** One way of running the same comparison (see `variants` in run.ts). */
export interface VariantResult {
  readonly label: string;
  /** `diffSchema`'s phases, one report per fresh process. */
  readonly pipeline: readonly PhaseReport[];
  /** `autogen check` processes: wall time from spawn to exit, and peak RSS. */
  readonly check: { readonly wallMs: number[]; readonly cpuMs: number[]; readonly rssMb: number[]; failure: string | null };
}

/** Results of one project size. */
export interface SizeResult {
  readonly entities: number;
  /** The 1-minute load average before and after this size's measurements (other work on the machine). */
  readonly loadAverage: readonly [number, number];
  /** Creating the whole schema on an empty database (autogenerate, then the compiled SQL). */
  readonly syncMs: number;
  readonly variants: readonly VariantResult[];
  /** TypeORM's own schema builder on the same database (first variant's setup). */
  readonly typeorm: readonly PhaseReport[];
}

/** Wall time of a phases run, process start included. */
export function total(report: PhaseReport): number {
  return Object.values(report.phases).reduce((a, b) => a + b, 0);
}

function phaseTable(reports: readonly (readonly PhaseReport[])[], labels: readonly string[]): string {
  const present = reports.map((r, i) => [r, labels[i]!] as const).filter(([r]) => r.length > 0);
  const names = [...new Set(present.flatMap(([r]) => Object.keys(r[0]!.phases)))];
  const cell = (r: readonly PhaseReport[], name: string): string => {
    const values = r.map((x) => x.phases[name]).filter((v): v is number => v !== undefined);
    return values.length ? formatMs(summarise(values)) : "";
  };
  const rows = names.map((name) => [name, ...present.map(([r]) => cell(r, name))]);
  rows.push(["**total in process**", ...present.map(([r]) => `**${formatMs(summarise(r.map(total)))}**`)]);
  rows.push(["peak RSS", ...present.map(([r]) => formatMb(summarise(r.map((x) => x.maxRssMb))))]);
  return markdownTable(["phase", ...present.map(([, label]) => label)], rows);
}

/** The report: a summary table, then the phases of each size. Times are median (min-max). */
export function renderReport(results: readonly SizeResult[]): string {
  const parts: string[] = ["### `autogen check` end to end (fresh process; median (min-max))\n"];
  const rows: string[][] = [];
  for (const r of results) {
    for (const v of r.variants) {
      const c = v.check;
      rows.push([
        String(r.entities),
        v.label,
        c.wallMs.length ? formatMs(summarise(c.wallMs), "s") : `not measured: ${c.failure?.split("\n")[0] ?? ""}`,
        c.cpuMs.length ? formatMs(summarise(c.cpuMs), "s") : "",
        c.rssMb.length ? formatMb(summarise(c.rssMb)) : "",
        formatMs(summarise(v.pipeline.map(total)), "s"),
      ]);
    }
  }
  parts.push(markdownTable(["entities", "variant", "wall", "CPU (user+sys)", "peak RSS", "same pipeline, in process"], rows));
  parts.push(
    `\n1-minute load average before/after: ${results.map((r) => `${r.entities} entities ${r.loadAverage.map((l) => l.toFixed(1)).join("/")}`).join(", ")}`,
  );

  parts.push("\n### For scale (median (min-max))\n");
  parts.push(
    markdownTable(
      ["entities", "TypeORM `createSchemaBuilder().log()`", "TypeORM process total", "statements TypeORM would run", "initial sync: create everything"],
      results.map((r) => [
        String(r.entities),
        r.typeorm.length ? formatMs(summarise(r.typeorm.map((t) => t.phases["schema builder log()"] ?? 0)), "s") : "n/a",
        r.typeorm.length ? formatMs(summarise(r.typeorm.map(total)), "s") : "n/a",
        r.typeorm.map((t) => t.differences).join(", "),
        `${(r.syncMs / 1000).toFixed(2)} s`,
      ]),
    ),
  );
  for (const r of results) {
    parts.push(`\n### Phases, ${r.entities} entities (fresh process per run)\n`);
    parts.push(phaseTable([...r.variants.map((v) => v.pipeline), r.typeorm], [...r.variants.map((v) => v.label), "TypeORM"]));
  }
  return parts.join("\n");
}
