import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import type { Operation } from "../../src/ops/operation";
import {
  fillTemplate,
  MigrationFormatError,
  MigrationTemplateError,
  migrationSlots,
  renderMigration,
  type MigrationInput,
} from "../../src/render/render-migration";
import { evaluateMigration } from "./evaluate-migration";
import { column } from "../support/model-builders";

const memories = { schema: "public", name: "memories" };
const addTaskId: Operation = { kind: "addColumn", table: memories, column: column("task_id", "character varying") };
const dropTaskId: Operation = { kind: "dropColumn", table: memories, column: "task_id" };

const input: MigrationInput = {
  message: "add task_id",
  revision: "3f2a9c1d7e4b",
  downRevision: "1c0d2e3f4a5b",
  branchLabels: null,
  dependsOn: null,
  createDate: new Date("2026-11-25T15:40:12.345Z"),
  upgradeOps: [addTaskId],
  downgradeOps: [dropTaskId],
};

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), "render-migration-"));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function withPrettierrc(config: object): Promise<string> {
  await writeFile(path.join(dir, ".prettierrc"), JSON.stringify(config));
  return path.join(dir, "20261125_1540_add_task_id.ts");
}

describe("renderMigration", () => {
  it("renders the whole file, formatted with the project's Prettier configuration", async () => {
    const text = await renderMigration(input, await withPrettierrc({ printWidth: 100 }));
    expect(text).toBe(`/**
 * add task_id
 *
 * Revision ID: 3f2a9c1d7e4b
 * Revises: 1c0d2e3f4a5b
 * Create Date: 2026-11-25 15:40:12.345
 */
import type { MigrationOps } from "pg-autogen";

export const revision = "3f2a9c1d7e4b";
export const downRevision: string | readonly string[] | null = "1c0d2e3f4a5b";
export const branchLabels: readonly string[] | null = null;
export const dependsOn: readonly string[] | null = null;

export async function upgrade(op: MigrationOps): Promise<void> {
  await op.addColumn("memories", { name: "task_id", type: "character varying" });
}

export async function downgrade(op: MigrationOps): Promise<void> {
  // DESTRUCTIVE: drops column memories.task_id and its data
  await op.dropColumn("memories", "task_id");
}
`);
  });

  it("marks hazards in the upgrade and in the downgrade, knowing which tables the migration creates", async () => {
    const notNull = column("n", "integer", { nullable: false });
    const fresh = { schema: "public", name: "fresh" };
    const upgradeOps: Operation[] = [
      { kind: "createTable", table: { ...fresh, comment: null, columns: [column("id", "integer")], primaryKey: null, uniques: [], foreignKeys: [], checks: [], exclusions: [], indexes: [] } },
      { kind: "addColumn", table: fresh, column: notNull },
      { kind: "dropColumn", table: memories, column: "n", existing: notNull },
    ];
    const downgradeOps: Operation[] = [
      { kind: "addColumn", table: memories, column: notNull },
      { kind: "dropColumn", table: fresh, column: "n", existing: notNull },
      { kind: "dropTable", table: fresh },
    ];
    const text = await renderMigration({ ...input, upgradeOps, downgradeOps }, await withPrettierrc({ printWidth: 100 }));
    const upgrade = text.slice(text.indexOf("async function upgrade"), text.indexOf("async function downgrade"));
    const downgrade = text.slice(text.indexOf("async function downgrade"));
    expect(upgrade).not.toContain("WARNING");
    expect(upgrade).toContain("// DESTRUCTIVE: drops column memories.n and its data\n");
    expect(downgrade).toContain(
      "  // WARNING: adds column memories.n NOT NULL with no default, which fails if table memories has rows\n" +
        '  await op.addColumn("memories", { name: "n", type: "integer", nullable: false });',
    );
    expect(downgrade).toContain("// DESTRUCTIVE: drops table fresh and all its rows");
  });

  it("honours a user .prettierrc (singleQuote, narrow lines)", async () => {
    const text = await renderMigration(input, await withPrettierrc({ singleQuote: true, printWidth: 60 }));
    expect(text).toContain(`export const revision = '3f2a9c1d7e4b';`);
    expect(text).toContain(`import type { MigrationOps } from 'pg-autogen';`);
    expect(text).toContain(`  await op.addColumn('memories', {\n    name: 'task_id',\n    type: 'character varying',\n  });`);
    const migration = evaluateMigration(text);
    expect((await migration.replay("upgrade")).operations).toStrictEqual([addTaskId]);
  });

  it("renders empty bodies, a merge revision, branch labels and dependencies", async () => {
    const text = await renderMigration(
      { ...input, downRevision: ["aaa", "bbb"], branchLabels: ["main"], dependsOn: ["ccc"], upgradeOps: [], downgradeOps: [] },
      await withPrettierrc({ printWidth: 100 }),
    );
    expect(text).toContain(" * Revises: aaa, bbb\n");
    expect(text).toContain(`export const downRevision: string | readonly string[] | null = ["aaa", "bbb"];`);
    expect(text).toContain(`export const branchLabels: readonly string[] | null = ["main"];`);
    expect(text).toContain(`export const dependsOn: readonly string[] | null = ["ccc"];`);
    expect(text).toContain("export async function upgrade(op: MigrationOps): Promise<void> {\n  // No changes.\n}");
    const { exports } = evaluateMigration(text);
    expect(exports).toMatchObject({ downRevision: ["aaa", "bbb"], branchLabels: ["main"], dependsOn: ["ccc"] });
  });

  it("writes a first revision as Revises: (none) and downRevision null", async () => {
    const text = await renderMigration({ ...input, downRevision: null }, await withPrettierrc({}));
    expect(text).toContain(" * Revises: (none)\n");
    expect(evaluateMigration(text).exports.downRevision).toBeNull();
  });

  it("keeps hostile text in strings and comments", async () => {
    const hostileDefault = "'it''s ${x} `tick`'\n";
    const op: Operation = {
      kind: "addColumn",
      table: { schema: "we\"ird", name: "ta`ble" },
      column: column("c\\d", "text", { default: hostileDefault, comment: "*/ alert(1) /*\u2028" }),
    };
    const message = "fix */ process.exit(1) /*\nsecond line\r\n\u2028third";
    const out = await withPrettierrc({ singleQuote: true });
    const text = await renderMigration({ ...input, message, revision: "ab*/cd", upgradeOps: [op] }, out);
    expect(text.startsWith("/**\n * fix * / process.exit(1) /*\n * second line\n *\n * third\n *\n * Revision ID: ab* /cd\n")).toBe(
      true,
    );
    const migration = evaluateMigration(text);
    expect(migration.exports.revision).toBe("ab*/cd");
    expect((await migration.replay("upgrade")).operations).toStrictEqual([op]);
  });

  it("uses a custom template with the same slots, and reports a slot it does not know", async () => {
    const template = path.join(dir, "custom.hbs");
    await writeFile(
      template,
      "/**\n{{message}}\n */\nexport const revision = {{revision}};\nexport async function upgrade(op: any) {\n{{upgrades}}\n}\n",
    );
    const text = await renderMigration({ ...input, templatePath: template }, await withPrettierrc({ printWidth: 100 }));
    expect(text).toBe(
      `/**\n * add task_id\n */\nexport const revision = "3f2a9c1d7e4b";\nexport async function upgrade(op: any) {\n` +
        `  await op.addColumn("memories", { name: "task_id", type: "character varying" });\n}\n`,
    );
    await writeFile(template, "{{revison}}");
    await expect(fillTemplate(migrationSlots(input), template)).rejects.toThrow(MigrationTemplateError);
    await expect(fillTemplate(migrationSlots(input), template)).rejects.toThrow(/custom\.hbs.*"revison" not defined/s);
  });

  it("reports a missing template and a template that renders invalid code", async () => {
    const missing = path.join(dir, "nope.hbs");
    await expect(renderMigration({ ...input, templatePath: missing }, await withPrettierrc({}))).rejects.toThrow(
      /template .*nope\.hbs cannot be used: it cannot be read/,
    );
    const broken = path.join(dir, "broken.hbs");
    await writeFile(broken, "export function upgrade( {\n{{upgrades}}\n");
    const error = await renderMigration({ ...input, templatePath: broken }, await withPrettierrc({})).catch((e) => e);
    expect(error).toBeInstanceOf(MigrationFormatError);
    expect(error.message).toMatch(/20261125_1540_add_task_id\.ts: the rendered code is not valid TypeScript/);
    expect(error.source).toContain("export function upgrade( {");
  });

  it("reports a Prettier configuration that cannot be loaded, naming the file", async () => {
    await writeFile(path.join(dir, ".prettierrc"), "{ not json");
    const out = path.join(dir, "x.ts");
    const error = await renderMigration(input, out).catch((e) => e);
    expect(error).toBeInstanceOf(MigrationFormatError);
    expect(error.message).toMatch(new RegExp(`^Prettier could not format the migration ${out}: its Prettier configuration cannot be loaded`));
  });
});
