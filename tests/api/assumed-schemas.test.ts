/**
 * `assumedSchemas`: the schemas a history uses before any migration of it creates them (the server had
 * them), read from the recorded operations of every revision up to the targets, once each.
 */
import { assumedSchemas } from "../../src/api/assumed-schemas";
import type { MigrationOps } from "../../src/ops/migration-ops";
import { RevisionGraph } from "../../src/revision/graph";
import type { MigrationModule } from "../../src/revision/migration-module";
import type { ScriptDirectory } from "../../src/revision/script-directory";
import { rev } from "../revision/fixtures";

type Body = (op: MigrationOps) => Promise<void>;

function history(revisions: readonly { id: string; down?: string[]; up: Body }[]): ScriptDirectory {
  const revs = revisions.map((r) => rev(r.id, r.down ?? []));
  const modules = new Map<string, MigrationModule>();
  for (const [i, r] of revisions.entries()) {
    const upgrade = (...args: unknown[]) => r.up(args[0] as MigrationOps);
    modules.set(r.id, { revision: revs[i]!, path: `${r.id}.ts`, checksum: "", upgrade, downgrade: async () => undefined, exports: {} });
  }
  return { graph: RevisionGraph.build(revs), modules };
}

const table = (schema: string, name: string): Body => async (op) => {
  await op.createTable({ schema, name }, { columns: [{ name: "id", type: "integer", nullable: false }] });
};

describe("assumedSchemas", () => {
  it("names a schema used before any migration creates it, and not one created before use", async () => {
    const scripts = history([
      { id: "a", up: table("app", "notes") },
      { id: "b", down: ["a"], up: async (op) => {
        await op.createSchema("billing");
        await table("billing", "invoices")(op);
      } },
      { id: "c", down: ["b"], up: async (op) => {
        await op.execute("CREATE TABLE audit.log (id int)"); // raw SQL is not read
        await table("public", "x")(op);
      } },
    ]);
    expect(await assumedSchemas(scripts, ["heads"])).toEqual(["app", "public"]);
    expect(await assumedSchemas(scripts, ["a"])).toEqual(["app"]);
  });

  it("follows a foreign key's referenced schema and both branches of a merge, each revision once", async () => {
    const scripts = history([
      { id: "a", up: table("public", "t") },
      { id: "b", down: ["a"], up: async (op) => {
        await op.createTable({ schema: "public", name: "u" }, {
          columns: [{ name: "ref", type: "integer", nullable: false }],
          foreignKeys: [{ name: "fk", columns: ["ref"], referencedTable: { schema: "ledger", name: "accounts" }, referencedColumns: ["id"] }],
        });
      } },
      { id: "c", down: ["a"], up: table("reports", "r") },
      { id: "m", down: ["b", "c"], up: async () => undefined },
    ]);
    expect(await assumedSchemas(scripts, ["heads"])).toEqual(["public", "ledger", "reports"]);
  });

  it("stops at a migration that cannot be recorded (op.inspect()), keeping what it found before", async () => {
    const scripts = history([
      { id: "a", up: table("app", "t") },
      { id: "b", down: ["a"], up: async (op) => {
        await op.inspect();
        await table("later", "t")(op);
      } },
    ]);
    expect(await assumedSchemas(scripts, ["heads"])).toEqual(["app"]);
  });
});
