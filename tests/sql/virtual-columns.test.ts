/**
 * Virtual generated columns (PostgreSQL 18) where the suite's server is PostgreSQL 15, which has none:
 * the catalog row is read, a model difference becomes the right op, the op compiles to the right SQL
 * text, renders into a migration file and back, and its downgrade is derived; and a migration using one
 * on PostgreSQL 15 fails with a message saying the server is too old. Their round trips on a real
 * PostgreSQL 18 are tests/pg18/virtual-columns.db.test.ts (slow suite).
 */
import os from "node:os";
import path from "node:path";
import { mkdtemp, rm } from "node:fs/promises";
import { compare } from "../../src/compare";
import { ENTITY_MANAGED_KINDS } from "../../src/compare/managed-kinds";
import { mapColumn } from "../../src/introspect/map-column";
import type { ColumnRow } from "../../src/introspect/catalog-rows";
import { destructiveReason } from "../../src/ops/destructive";
import { invertAll } from "../../src/ops/invert";
import type { AlterColumnOp, Operation } from "../../src/ops/operation";
import { OpArgumentError } from "../../src/ops/op-specs";
import { operationActions } from "../../src/lint/op-actions";
import { loadSqlParser, sqlActions } from "../../src/lint/sql-actions";
import { recordingOps } from "../../src/ops/recording-ops";
import { renderMigration } from "../../src/render/render-migration";
import { compileOperation } from "../../src/sql/compile";
import { UncompilableOperationError } from "../../src/sql/uncompilable-operation-error";
import { migrate } from "../../src/runner/runner";
import { MigrationFailedError } from "../../src/runner/runner-errors";
import { column, model, ref, table } from "../support/model-builders";
import { createTestDatabase, serverMajor } from "../support/test-db";
import { evaluateMigration } from "../render/evaluate-migration";
import {
  connect,
  loadMigrations,
  memoryLogger,
  removeMigrationDirs,
  writeMigrations,
} from "../runner/support/migrations";

const t = ref("t");
const a = column("a", "integer");
const doubled = column("v", "integer", { generated: "(a * 2)", virtual: true });
const sql = (op: Operation): string[] => compileOperation(op).map((s) => s.sql);

afterAll(() => removeMigrationDirs());

describe("reading", () => {
  it("maps attgenerated 'v' to a generated column with virtual: true, and 's' to one without", () => {
    const row = (kind: string): ColumnRow =>
      ({
        table_schema: "public",
        table_name: "t",
        name: "v",
        type: "integer",
        nullable: true,
        default_expr: "(a * 2)",
        generated_kind: kind,
        identity_kind: "",
        serial_sequence_name: null,
        collation: null,
        comment: null,
        inherited: false,
        storage: null,
        type_storage: null,
        compression: null,
        statistics_target: null,
        attribute_options: null,
      }) as unknown as ColumnRow;
    expect(mapColumn(row("v"))).toStrictEqual(doubled);
    expect(mapColumn(row("s"))).toStrictEqual(column("v", "integer", { generated: "(a * 2)" }));
  });
});

describe("comparing and compiling", () => {
  const diff = (
    from: readonly ReturnType<typeof column>[],
    to: readonly ReturnType<typeof column>[],
  ) => compare(model({ tables: [table("t", from)] }), model({ tables: [table("t", to)] }));

  it("adds a virtual column and creates a table with one", () => {
    expect(sql({ kind: "addColumn", table: t, column: doubled })).toEqual([
      'ALTER TABLE "public"."t" ADD COLUMN "v" integer GENERATED ALWAYS AS (a * 2) VIRTUAL',
    ]);
    expect(
      sql({ kind: "createTable", table: table("t", [a, { ...doubled, nullable: false }]) }),
    ).toEqual([
      'CREATE TABLE "public"."t" ("a" integer, "v" integer GENERATED ALWAYS AS (a * 2) VIRTUAL NOT NULL)',
    ]);
  });

  it("sets a virtual column's new expression in place", () => {
    const { operations } = diff([a, doubled], [a, { ...doubled, generated: "(a * 3)" }]);
    expect(operations.map(sql)).toEqual([
      ['ALTER TABLE "public"."t" ALTER COLUMN "v" SET EXPRESSION AS (a * 3)'],
    ]);
    expect(invertAll(operations).map(sql)).toEqual([
      ['ALTER TABLE "public"."t" ALTER COLUMN "v" SET EXPRESSION AS (a * 2)'],
    ]);
  });

  it("reports a virtual column that the other side has STORED (an entity's generatedType STORED) as a change: dropped and added again", () => {
    const stored = column("v", "integer", { generated: "(a * 2)" });
    const { operations, log } = diff([a, doubled], [a, stored]);
    // Entity mode (what entities cannot describe is kept from the database) finds the same change.
    const inEntityMode = compare(
      model({ tables: [table("t", [a, doubled])] }),
      model({ tables: [table("t", [a, stored])] }),
      {
        manage: ENTITY_MANAGED_KINDS,
      },
    );
    expect(inEntityMode.operations).toStrictEqual(operations);
    expect(operations).toStrictEqual([
      { kind: "alterColumn", table: t, column: "v", changes: { virtual: null }, existing: doubled },
    ]);
    expect(log.join("\n")).toContain(
      "Detected generated column 'public.t.v' changing from VIRTUAL to STORED",
    );
    expect(operations.map(sql)).toEqual([
      [
        'ALTER TABLE "public"."t" DROP COLUMN "v", ADD COLUMN "v" integer GENERATED ALWAYS AS (a * 2) STORED',
      ],
    ]);
    expect(invertAll(operations).map(sql)).toEqual([
      [
        'ALTER TABLE "public"."t" DROP COLUMN "v", ADD COLUMN "v" integer GENERATED ALWAYS AS (a * 2) VIRTUAL',
      ],
    ]);
    expect(operations.map(destructiveReason)).toEqual([null]);
  });

  it("drops and adds a virtual column that becomes plain (no DROP EXPRESSION for a virtual column), marked destructive", () => {
    const { operations } = diff([a, doubled], [a, column("v", "integer")]);
    expect(operations).toStrictEqual([
      {
        kind: "alterColumn",
        table: t,
        column: "v",
        changes: { generated: null, virtual: null },
        existing: doubled,
      },
    ]);
    expect(operations.map(sql)).toEqual([
      ['ALTER TABLE "public"."t" DROP COLUMN "v", ADD COLUMN "v" integer'],
    ]);
    expect(destructiveReason(operations[0]!)).toMatch(
      /^drops virtual generated column t\.v and adds it again as a plain column .*: the values it computed are not kept/,
    );
    // The way back replaces the plain column's values with the expression.
    expect(invertAll(operations).map(destructiveReason)[0]).toMatch(
      /replaces the values of column t\.v with the generated expression/,
    );
  });

  it("refuses a switch to VIRTUAL by an op that does not carry the column's existing definition", () => {
    const op: AlterColumnOp = {
      kind: "alterColumn",
      table: t,
      column: "v",
      changes: { generated: "(a * 2)", virtual: true },
    };
    expect(() => compileOperation(op)).toThrow(UncompilableOperationError);
    expect(() => compileOperation(op)).toThrow(
      /cannot switch a column to or from VIRTUAL in place/,
    );
  });
});

describe("lint", () => {
  it("finds no rewrite in adding a virtual column or setting its expression (nothing is stored), but in switching it to STORED", () => {
    expect(operationActions({ kind: "addColumn", table: t, column: doubled })).toMatchObject([
      { kind: "addColumn", generatesValues: true, storedGenerated: false },
    ]);
    const alter = (changes: AlterColumnOp["changes"]): string[] =>
      operationActions({
        kind: "alterColumn",
        table: t,
        column: "v",
        changes,
        existing: doubled,
      }).map((a) => a.kind);
    expect(alter({ generated: "(a * 3)" })).toEqual(["touchTable"]);
    expect(alter({ virtual: null })).toEqual(["rewrite"]);
  });

  it("reads a virtual column added in raw SQL as no rewrite too, and a stored one as one", async () => {
    await loadSqlParser();
    const added = (sql: string) => sqlActions(sql).filter((a) => a.kind === "addColumn");
    expect(added("ALTER TABLE t ADD COLUMN v integer GENERATED ALWAYS AS (a * 2) VIRTUAL")).toMatchObject([
      { kind: "addColumn", generatesValues: true, storedGenerated: false },
    ]);
    expect(added("ALTER TABLE t ADD COLUMN s integer GENERATED ALWAYS AS (a * 2) STORED")).toMatchObject([
      { kind: "addColumn", generatesValues: true, storedGenerated: true },
    ]);
  });
});

describe("the migration file", () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), "virtual-render-"));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it("writes virtual: true in a column spec and virtual: null in changes, and reads them back as the same ops", async () => {
    const ops: Operation[] = [
      { kind: "addColumn", table: t, column: doubled },
      {
        kind: "alterColumn",
        table: t,
        column: "w",
        changes: { virtual: null },
        existing: { ...doubled, name: "w" },
      },
    ];
    const text = await renderMigration(
      {
        message: "virtual",
        revision: "abc",
        downRevision: null,
        branchLabels: null,
        dependsOn: null,
        createDate: new Date(0),
        upgradeOps: ops,
        downgradeOps: invertAll(ops),
        // The drop of the downgrade with the definition it removes: a column spec with virtual: true again.
        renderContext: { dropExisting: true },
      },
      path.join(dir, "a.ts"),
    );
    expect(text).toContain('generated: "(a * 2)",\n    virtual: true,');
    expect(text).toContain(
      '{ virtual: null },\n    { existing: { type: "integer", generated: "(a * 2)", virtual: true } },',
    );
    const evaluated = evaluateMigration(text);
    expect((await evaluated.replay("upgrade")).operations).toStrictEqual(ops);
    expect((await evaluated.replay("downgrade")).operations).toStrictEqual(invertAll(ops));
  });

  it("refuses virtual: true on a column with no generated expression, naming it", async () => {
    const op = recordingOps();
    await expect(op.addColumn("t", { name: "v", type: "integer", virtual: true })).rejects.toThrow(
      OpArgumentError,
    );
    await expect(op.addColumn("t", { name: "v", type: "integer", virtual: true })).rejects.toThrow(
      /column "v" has virtual: true but no generated expression/,
    );
  });
});

test("on PostgreSQL 15 a migration adding a virtual column fails, saying the server is older than 18 (on 18 it runs)", async () => {
  const db = await createTestDatabase("virtual15");
  const conn = await connect(db.url);
  try {
    const dir = writeMigrations([
      {
        id: "v1",
        down: null,
        upgrade:
          `await op.createTable("t", { columns: [{ name: "a", type: "integer" }] });\n` +
          `await op.addColumn("t", { name: "v", type: "integer", generated: "a * 2", virtual: true });`,
      },
    ]);
    const { graph, modules } = await loadMigrations(dir);
    const result = await migrate(conn, {
      graph,
      modules,
      direction: "up",
      target: "head",
      logger: memoryLogger(),
    });
    // `npm run test:pg -- 18`: the server has them, and the migration runs.
    if ((await serverMajor()) >= 18) {
      expect(result.error).toBeUndefined();
      expect(
        await db.query(
          "SELECT attgenerated::text AS g FROM pg_attribute WHERE attrelid = 't'::regclass AND attname = 'v'",
        ),
      ).toEqual([{ g: "v" }]);
      return;
    }
    expect(result.error).toBeInstanceOf(MigrationFailedError);
    expect(result.error!.message).toContain(
      'GENERATED ALWAYS AS (a * 2) VIRTUAL`: syntax error at or near "VIRTUAL" (SQLSTATE 42601)',
    );
    expect(result.error!.message).toContain(
      "which PostgreSQL 18 introduced (SET EXPRESSION: 17); this server is older and does not support it",
    );
    expect(result.heads).toEqual([]);
  } finally {
    await conn.close();
    await db.drop();
  }
});
