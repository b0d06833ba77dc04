/**
 * render -> Prettier -> transpile -> run `upgrade` with recordingOps -> the same operations.
 */
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import type { Operation } from "../../src/ops/operation";
import { renderMigration, type MigrationInput } from "../../src/render/render-migration";
import { evaluateMigration } from "./evaluate-migration";
import { column } from "../support/model-builders";
import { samples, usersTable, withoutDropExisting } from "./sample-ops";

const HOSTILE = "it''s ${x} `tick`'\n\"\\ */ /* \u2028\u2029 é \ud83d\ude00";
const hostileTable = { schema: `s${HOSTILE}`, name: `t${HOSTILE}` };

/** Drops that carry what they remove, of every kind, and text fields full of hostile characters. */
const extra: readonly Operation[] = [
  { kind: "dropEnum", enum: { schema: "public", name: "e" }, existing: { schema: "public", name: "e", labels: ["a", HOSTILE] } },
  {
    kind: "dropSequence",
    sequence: { schema: "public", name: "s" },
    existing: {
      schema: "public",
      name: "s",
      dataType: "smallint",
      start: "5",
      increment: "5",
      minValue: "5",
      maxValue: "32767",
      cache: "1",
      cycle: false,
      ownedBy: null,
    },
  },
  {
    kind: "dropIndex",
    table: { schema: "public", name: "users" },
    name: "i",
    existing: {
      name: "i",
      unique: false,
      method: "hash",
      keys: [{ expression: "a", descending: true, nullsFirst: true, opclass: null, collation: "C" }],
      include: [],
      where: null,
      nullsNotDistinct: false,
    },
  },
  ...(["primaryKey", "unique", "exclusion"] as const).map(
    (type): Operation => ({
      kind: "dropConstraint",
      table: { schema: "public", name: "users" },
      name: "k",
      existing:
        type === "exclusion"
          ? { type, name: "k", definition: "EXCLUDE USING gist (r WITH &&)" }
          : type === "unique"
            ? { type, name: "k", columns: ["a"], deferrable: false, initiallyDeferred: false }
            : { type, name: "k", columns: ["a", "b"], deferrable: true, initiallyDeferred: true },
    }),
  ),
  {
    kind: "createTable",
    table: {
      ...usersTable,
      ...hostileTable,
      comment: HOSTILE,
      columns: [column(HOSTILE, HOSTILE, { default: HOSTILE, comment: HOSTILE, collation: HOSTILE, generated: HOSTILE })],
    },
  },
  { kind: "setTableComment", table: hostileTable, comment: HOSTILE },
  { kind: "createView", view: { ...hostileTable, materialized: false, definition: HOSTILE, indexes: [] } },
  {
    kind: "dropView",
    view: hostileTable,
    materialized: true,
    existing: {
      ...hostileTable,
      materialized: true,
      definition: HOSTILE,
      indexes: [
        {
          name: HOSTILE,
          unique: true,
          method: "btree",
          keys: [{ expression: HOSTILE, descending: false, nullsFirst: false, opclass: null, collation: null }],
          include: [],
          where: HOSTILE,
          nullsNotDistinct: false,
        },
      ],
    },
  },
  { kind: "alterColumn", table: hostileTable, column: HOSTILE, changes: { default: HOSTILE }, using: HOSTILE },
  { kind: "execute", sql: HOSTILE, params: [HOSTILE, [-0, 1e21, -5], Buffer.from([0, 255]), 2n ** 70n], reverseSql: HOSTILE },
];

const allOps: readonly Operation[] = [...samples.map((s) => s.op), ...extra];

function migration(upgradeOps: readonly Operation[], renderContext = {}, downgradeOps = [...upgradeOps].reverse()): MigrationInput {
  return {
    message: HOSTILE,
    revision: "abc",
    downRevision: null,
    branchLabels: null,
    dependsOn: null,
    createDate: new Date(0),
    upgradeOps,
    downgradeOps,
    renderContext,
  };
}

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), "round-trip-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("round trip through a rendered, formatted, transpiled migration", () => {
  it("rebuilds every operation, drops without their existing definition (compact form)", async () => {
    const text = await renderMigration(migration(allOps), path.join(dir, "a.ts"));
    const replayed = evaluateMigration(text);
    expect((await replayed.replay("upgrade")).operations).toStrictEqual(allOps.map(withoutDropExisting));
    expect((await replayed.replay("downgrade")).operations).toStrictEqual([...allOps].reverse().map(withoutDropExisting));
  });

  it("rebuilds every operation exactly when drops carry their existing definition", async () => {
    const text = await renderMigration(migration(allOps, { dropExisting: true }, []), path.join(dir, "b.ts"));
    expect((await evaluateMigration(text).replay("upgrade")).operations).toStrictEqual(allOps);
  });

  it("survives a Prettier configuration that rewrites quotes", async () => {
    const sub = await mkdtemp(path.join(dir, "single-"));
    await writeFile(path.join(sub, ".prettierrc"), JSON.stringify({ singleQuote: true, printWidth: 40, semi: false }));
    const text = await renderMigration(migration(allOps, { dropExisting: true }, []), path.join(sub, "c.ts"));
    expect(text).toContain("await op.createSchema('audit')\n");
    expect((await evaluateMigration(text).replay("upgrade")).operations).toStrictEqual(allOps);
  });
});
