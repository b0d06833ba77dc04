/**
 * What `bench:diff` sets beside `autogen diff` (issue 11 item 6), on the same two databases:
 * - the catalog floor: every floor query of bench/catalog-floor.ts (the catalog rows the introspection
 *   reads, raw, nothing printed) for both databases at once, each in one read-only transaction on a new
 *   connection under introspect's settings (as bench:introspect reads it): what any database-to-database
 *   diff must pay to read the two catalogs;
 * - Alembic, when `python3 -m alembic` is installed (with SQLAlchemy and psycopg2): its autogenerate
 *   comparison of B's reflected schema with A (`compare_metadata`), in a fresh Python process, end to end.
 *   Where it is not installed, the peer is skipped and the output says so.
 */
import { spawnSync } from "node:child_process";
import { performance } from "node:perf_hooks";
import { Client } from "pg";
import { PIN_SESSION_SETTINGS } from "../src/introspect/session-settings";
import { CATALOG_FLOOR } from "./catalog-floor";

/** Wall time to read both catalogs' floor rows at once, in milliseconds. */
export async function catalogFloorMs(urls: readonly string[], schemas: readonly string[]): Promise<number> {
  const clients = urls.map((url) => new Client({ connectionString: url }));
  await Promise.all(clients.map((client) => client.connect()));
  try {
    const started = performance.now();
    await Promise.all(
      clients.map(async (client) => {
        await client.query("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
        await client.query(PIN_SESSION_SETTINGS);
        for (const sql of Object.values(CATALOG_FLOOR)) {
          await client.query(sql.includes("$1") ? { text: sql, values: [schemas] } : sql);
        }
        await client.query("ROLLBACK");
      }),
    );
    return performance.now() - started;
  } finally {
    await Promise.all(clients.map((client) => client.end()));
  }
}

const ALEMBIC_SCRIPT = `
import sys, time
started = time.perf_counter()
from sqlalchemy import create_engine, MetaData
from alembic.migration import MigrationContext
from alembic.autogenerate import compare_metadata
url_a, url_b, schema = sys.argv[1], sys.argv[2], sys.argv[3]
def engine(url):
    return create_engine(url.replace("postgresql://", "postgresql+psycopg2://", 1))
target = MetaData(schema=schema)
with engine(url_b).connect() as b:
    target.reflect(bind=b, schema=schema)
with engine(url_a).connect() as a:
    context = MigrationContext.configure(a, opts={"include_schemas": True})
    diff = compare_metadata(context, target)
print(len(diff), round((time.perf_counter() - started) * 1000))
`;

export type AlembicRun = { readonly kind: "ran"; readonly wallMs: number; readonly differences: number } | { readonly kind: "skipped"; readonly reason: string };

/** Alembic's comparison of `b` with `a` (schema `schema`), or why it was skipped. */
export function alembicCompare(a: string, b: string, schema: string): AlembicRun {
  const probe = spawnSync("python3", ["-c", "import alembic, sqlalchemy, psycopg2"], { encoding: "utf8" });
  if (probe.error || probe.status !== 0) {
    const reason = probe.error ? probe.error.message : (probe.stderr.trim().split("\n").pop() ?? "not installed");
    return { kind: "skipped", reason: `python3 -m alembic is not usable here (${reason})` };
  }
  const started = performance.now();
  const run = spawnSync("python3", ["-c", ALEMBIC_SCRIPT, a, b, schema], { encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
  const wallMs = performance.now() - started;
  if (run.status !== 0) return { kind: "skipped", reason: `Alembic failed: ${run.stderr.trim().split("\n").pop()}` };
  const differences = Number(run.stdout.trim().split(" ")[0]);
  return { kind: "ran", wallMs, differences };
}
