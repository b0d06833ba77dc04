/**
 * Support for the lock-safe tests: a base schema with rows, the plain operations of each kind of change
 * (as autogenerate writes them, `existing` filled), migration files rendered from them in the plain and
 * the lock-safe form (the renderer `autogen -m` uses), a session holding a conflicting lock, and a writer
 * that inserts in a loop and measures how long each write waits.
 */
import fs from "node:fs";
import path from "node:path";
import { Client } from "pg";
import ts from "typescript";
import { operationBuilders as b } from "../../src/ops/builders";
import { invertAll } from "../../src/ops/invert";
import type { Operation } from "../../src/ops/operation";
import { renderMigration } from "../../src/render/render-migration";
import { safeSteps } from "../../src/safe/safe-form";

export const BASE_MIGRATION = `import type { MigrationOps } from "pg-autogen";
export const revision = "base0";
export const downRevision = null;
export async function upgrade(op: MigrationOps): Promise<void> {
  await op.createEnum("mood", ["happy", "sad"]);
  await op.createTable("refs", { columns: [{ name: "id", type: "integer", nullable: false }], primaryKey: { name: "refs_pkey", columns: ["id"] } });
  await op.createTable("items", {
    columns: [
      { name: "id", type: "integer", nullable: false },
      { name: "name", type: "text" },
      { name: "email", type: "text" },
      { name: "ref", type: "integer" },
      { name: "n", type: "integer" },
      { name: "code", type: "text" },
      { name: "note", type: "text" },
      { name: "label", type: "character varying(20)" },
      { name: "mood", type: "public.mood" },
    ],
    primaryKey: { name: "items_pkey", columns: ["id"] },
  });
  await op.createIndex("items", { name: "items_n_idx", keys: ["n"] });
  await op.createTable("tags", { columns: [{ name: "name", type: "text", nullable: false }] });
  await op.execute("INSERT INTO refs SELECT g FROM generate_series(1, 100) g");
  await op.execute("INSERT INTO items (id, name, email, ref, n, code, note, label, mood) SELECT g, 'n' || g, 'e' || g || '@x', 1 + g % 100, g, 'c' || g, CASE WHEN g % 3 = 0 THEN NULL ELSE 'x' END, 'l' || g, 'happy' FROM generate_series(1, 5000) g");
  await op.execute("INSERT INTO tags SELECT 't' || g FROM generate_series(1, 500) g");
}
export async function downgrade(op: MigrationOps): Promise<void> {
  await op.dropTable("tags");
  await op.dropTable("items");
  await op.dropTable("refs");
  await op.dropEnum("mood");
}
`;

const text = () => ({ type: "text", nullable: true });

/** The plain upgrade of each kind of change, as autogenerate writes it. */
export const KINDS: Readonly<Record<string, readonly Operation[]>> = {
  "create index": [b.createIndex("items", { name: "items_name_idx", keys: ["name"] })],
  "drop index": [b.dropIndex("items", "items_n_idx", { existing: { keys: ["n"] } })],
  "foreign key": [b.addForeignKey("items", { name: "items_ref_fk", columns: ["ref"], referencedTable: "refs", referencedColumns: ["id"] })],
  check: [b.addCheck("items", { name: "items_n_check", definition: "CHECK ((n >= 0))" })],
  unique: [b.addUnique("items", { name: "items_email_key", columns: ["email"] })],
  "primary key": [b.addPrimaryKey("tags", { name: "tags_pkey", columns: ["name"] })],
  "set not null": [b.alterColumn("items", "code", { nullable: false }, { existing: text() })],
  "set not null with a default (backfill)": [b.alterColumn("items", "note", { nullable: false, default: "'none'::text" }, { existing: text() })],
};

/** Every kind at once, in phase order (what one autogenerate run would give). */
export const ALL_KINDS: readonly Operation[] = [
  KINDS["drop index"]![0]!,
  b.alterEnum("mood", { from: ["happy", "sad"], to: ["happy", "sad", "meh"], usages: [{ table: "items", column: "mood" }] }),
  b.alterColumn("items", "label", { type: "character varying(100)" }, { existing: { type: "character varying(20)" } }),
  KINDS["set not null"]![0]!,
  KINDS["set not null with a default (backfill)"]![0]!,
  KINDS.check![0]!,
  KINDS.unique![0]!,
  KINDS["primary key"]![0]!,
  KINDS["create index"]![0]!,
  KINDS["foreign key"]![0]!,
];

/** A migration "idx1" after "base0" building ev_code_idx on the partitioned table ev with `op.createPartitionedIndex`, in a step of its own. */
export const EV_CODE_INDEX_MIGRATION = `export const revision = "idx1";
export const downRevision = "base0";
export async function upgrade(op: any): Promise<void> {
  await op.step("build ev_code_idx", { transaction: false }, async () => {
    await op.createPartitionedIndex("ev", { name: "ev_code_idx", keys: ["code"] });
  });
}
export async function downgrade(op: any): Promise<void> {
  await op.dropIndex("ev", "ev_code_idx");
}
`;

/**
 * Writes a migration as JavaScript, transpiled from the TypeScript the renderer wrote: loading it then
 * costs a plain require instead of a TypeScript compilation per file (the test files stay fast).
 */
export function writeAsJavaScript(file: string, typescript: string): string {
  const js = ts.transpileModule(typescript, { compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2021 } }).outputText;
  const target = file.replace(/\.ts$/, ".js");
  fs.mkdirSync(path.dirname(target), { recursive: true });
  fs.writeFileSync(target, js);
  return target;
}

/** A migration file after `base0`, plain or lock-safe, with the given timeouts. */
export async function migrationFile(
  dir: string,
  revision: string,
  ops: readonly Operation[],
  safe: { readonly lockTimeout: string } | null,
): Promise<string> {
  const file = path.join(dir, "migrations", `${revision}.ts`);
  const content = await renderMigration(
    {
      message: revision,
      revision,
      downRevision: "base0",
      branchLabels: null,
      dependsOn: null,
      createDate: new Date("2026-12-01T00:00:00Z"),
      upgradeOps: ops,
      downgradeOps: invertAll(ops),
      ...(safe && {
        safe: {
          upgradeSteps: safeSteps(ops, { backfillBatchPages: 5 }),
          downgradeSteps: safeSteps(invertAll(ops), { backfillBatchPages: 5 }),
          timeouts: { lockTimeout: safe.lockTimeout, statementTimeout: "10min" },
        },
      }),
    },
    file,
  );
  return writeAsJavaScript(file, content);
}

/** A session holding ROW EXCLUSIVE locks on items and tags (an open transaction that wrote a row of each). */
export async function holdLocks(url: string): Promise<{ readonly pid: number; release(): Promise<void> }> {
  const client = new Client({ connectionString: url, application_name: "lock-holder" });
  await client.connect();
  const { rows } = await client.query("SELECT pg_backend_pid() AS pid");
  await client.query("BEGIN");
  await client.query("UPDATE items SET n = n WHERE id = 1");
  await client.query("UPDATE tags SET name = name WHERE name = 't1'");
  return {
    pid: rows[0].pid,
    async release() {
      await client.query("COMMIT");
      await client.end();
    },
  };
}

/** Inserts into items and tags in a loop; `stop()` gives the longest a write waited, in ms. */
export function startWriter(url: string, start: number): { stop(): Promise<{ maxMs: number; writes: number }> } {
  const client = new Client({ connectionString: url, application_name: "writer" });
  client.on("error", () => undefined);
  let running = true;
  let maxMs = 0;
  let writes = 0;
  const loop = (async () => {
    await client.connect();
    for (let i = start; running; i++) {
      const t0 = Date.now();
      await client.query(
        "INSERT INTO items (id, name, email, ref, n, code, note, label, mood) VALUES ($1::int, 'w', 'w' || $1::text || '@x', 1, 1, 'c', 'x', 'w', 'happy')",
        [i],
      );
      await client.query("INSERT INTO tags VALUES ('w' || $1::text)", [i]);
      maxMs = Math.max(maxMs, Date.now() - t0);
      writes++;
      await new Promise((r) => setTimeout(r, 20));
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
      await client.end();
      return { maxMs, writes };
    },
  };
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
