/**
 * The loop of src/runner/statement-generator.ts on its own (the statements it runs on PostgreSQL are tried
 * in tests/safe/partitioned-index.db.test.ts): pass after pass until the query returns no row, the
 * concurrent builds marked with their index, and an error instead of an endless loop when a pass changes
 * nothing.
 */
import { concurrentIndexOf, nonTransactional, type CompiledStatement } from "../../src/sql/compiled-statement";
import { GeneratorNoProgressError, runGenerated, type GeneratedRow } from "../../src/runner/statement-generator";

const generator = nonTransactional("SELECT statement, index_schema, index_name FROM plan");
const row = (statement: string, index: string | null = null): GeneratedRow => ({
  statement,
  index_schema: index === null ? null : "public",
  index_name: index,
});

describe("runGenerated", () => {
  it("runs each pass's statements in order, until the query returns no row", async () => {
    const passes = [[row('CREATE INDEX CONCURRENTLY "p1_i" ON "public"."p1" (a)', "p1_i"), row("ALTER INDEX i ATTACH PARTITION p1_i")], [row("ALTER INDEX i ATTACH PARTITION p2_i")], []];
    const ran: CompiledStatement[] = [];
    await runGenerated(generator, async () => passes.shift()!, async (s) => void ran.push(s));
    expect(ran.map((s) => s.sql)).toEqual([
      'CREATE INDEX CONCURRENTLY "p1_i" ON "public"."p1" (a)',
      "ALTER INDEX i ATTACH PARTITION p1_i",
      "ALTER INDEX i ATTACH PARTITION p2_i",
    ]);
    expect(ran.every((s) => !s.transactional)).toBe(true);
    expect(concurrentIndexOf(ran[0]!)).toEqual({ schema: "public", name: "p1_i", action: "create" });
    expect(concurrentIndexOf(ran[1]!)).toBeUndefined();
    expect(passes).toEqual([]);
  });

  it("stops with an error when a pass returns the statements of the one before", async () => {
    const ran: string[] = [];
    const run = runGenerated(generator, async () => [row("ALTER INDEX i ATTACH PARTITION p1_i")], async (s) => void ran.push(s.sql));
    await expect(run).rejects.toThrow(GeneratorNoProgressError);
    expect(ran).toEqual(["ALTER INDEX i ATTACH PARTITION p1_i"]);
  });
});
