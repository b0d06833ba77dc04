import { renderOperation, UnrenderableOperationError } from "../../src/render/render-operation";
import { UnrenderableValueError } from "../../src/render/js-literal";
import type { Operation } from "../../src/ops/operation";
import { column } from "../support/model-builders";
import { samples, usersTable } from "./sample-ops";

const noReason = { destructiveReason: () => null };

describe("renderOperation: one statement per operation kind", () => {
  it.each(samples.map((s) => [s.title, s] as const))("%s", (_, sample) => {
    expect(renderOperation(sample.op, noReason)).toBe(sample.rendered);
  });

  it("covers every operation kind", () => {
    const kinds = new Set(samples.map((s) => s.op.kind));
    // setDefaultPrivileges is the 67th; alterIndexStorage, alterReplicaIdentity and alterClusterOn the 68th to
    // 70th; createRangeType, dropRangeType and alterRangeType the 71st to 73rd; validateConstraint and
    // invalidateConstraint the 74th and 75th; moveExtension the 76th; createPartitionedIndex the 77th;
    // alterTableOf the 78th; alterIndexStatistics the 79th.
    expect(kinds.size).toBe(79);
  });
});

describe("renderOperation: existing definitions of drops", () => {
  const withExisting = { ...noReason, dropExisting: true };

  it("writes what a drop removes when asked to", () => {
    const op: Operation = {
      kind: "dropColumn",
      table: { schema: "public", name: "memories" },
      column: "task_id",
      existing: column("task_id", "text", { nullable: false }),
    };
    expect(renderOperation(op, withExisting)).toBe(
      `await op.dropColumn("memories", "task_id", { existing: { type: "text", nullable: false } });`,
    );
  });

  it("tags a dropped constraint with its kind and leaves out its name", () => {
    const op: Operation = {
      kind: "dropConstraint",
      table: { schema: "public", name: "orders" },
      name: "orders_user_fk",
      existing: {
        type: "foreignKey",
        name: "orders_user_fk",
        columns: ["user_id"],
        referencedTable: { schema: "public", name: "users" },
        referencedColumns: ["id"],
        onDelete: "NO ACTION",
        onUpdate: "SET NULL",
        deferrable: false,
        initiallyDeferred: false,
      },
    };
    expect(renderOperation(op, withExisting)).toBe(
      `await op.dropConstraint("orders", "orders_user_fk", { existing: { type: "foreignKey", columns: ["user_id"], ` +
        `referencedTable: "users", referencedColumns: ["id"], onUpdate: "SET NULL" } });`,
    );
  });

  it("writes an extension's empty existing definition as {}", () => {
    const op: Operation = { kind: "dropExtension", name: "pgcrypto", existing: { name: "pgcrypto", schema: null, version: null } };
    expect(renderOperation(op, withExisting)).toBe(`await op.dropExtension("pgcrypto", { existing: {} });`);
  });

  it("writes a dropped table's full definition", () => {
    const op: Operation = { kind: "dropTable", table: { schema: "public", name: "users" }, existing: usersTable };
    expect(renderOperation(op, withExisting)).toMatch(/^await op\.dropTable\("users", \{ existing: \{ columns: \[\{ name: "id"/);
  });

  it("refuses an existing definition that names another object", () => {
    const op: Operation = {
      kind: "dropColumn",
      table: { schema: "public", name: "memories" },
      column: "task_id",
      existing: column("other", "text"),
    };
    expect(() => renderOperation(op, noReason)).toThrow(UnrenderableOperationError);
    expect(() => renderOperation(op, noReason)).toThrow(/named "other" but the operation targets "task_id"/);
  });
});

describe("renderOperation: destructive comments", () => {
  it("precedes a destructive operation with the reason from destructiveReason", () => {
    const op: Operation = { kind: "dropColumn", table: { schema: "public", name: "memories" }, column: "task_id" };
    expect(renderOperation(op)).toBe(
      `// DESTRUCTIVE: drops column memories.task_id and its data\nawait op.dropColumn("memories", "task_id");`,
    );
  });

  it("precedes an operation that can fail on existing rows with a WARNING line, and says nothing of data loss", () => {
    const op: Operation = {
      kind: "addColumn",
      table: { schema: "public", name: "memories" },
      column: { name: "n", type: "integer", nullable: false, default: null, identity: null, generated: null, collation: null, comment: null },
    };
    expect(renderOperation(op)).toBe(
      "// WARNING: adds column memories.n NOT NULL with no default, which fails if table memories has rows\n" +
        'await op.addColumn("memories", { name: "n", type: "integer", nullable: false });',
    );
  });

  it("adds no comment to a safe operation", () => {
    expect(renderOperation({ kind: "createSchema", schema: "audit" })).toBe(`await op.createSchema("audit");`);
  });

  it("keeps a hostile reason on one comment line", () => {
    const op: Operation = { kind: "createSchema", schema: "x" };
    const text = renderOperation(op, { destructiveReason: () => "a\nprocess.exit(1) */ b\r\nc\u2028d\u2029e" });
    expect(text).toBe(`// DESTRUCTIVE: a process.exit(1) * / b c d e\nawait op.createSchema("x");`);
    expect(text.split("\n")).toHaveLength(2);
  });
});

describe("renderOperation: string escaping", () => {
  it("escapes quotes, backslashes, newlines and line separators, leaves backticks and ${ inert", () => {
    const hostile = "it''s ${x} `tick`'\n\"q\" \\ \u2028\u2029 \u0000 \ud800";
    const text = renderOperation({ kind: "execute", sql: hostile }, noReason);
    expect(text).toBe(
      'await op.execute("it\'\'s ${x} `tick`\'\\n\\"q\\" \\\\ \\u2028\\u2029 \\u0000 \\ud800");',
    );
    expect(text).not.toMatch(/[\n\u2028\u2029]/);
  });

  it("refuses parameter values that have no source form", () => {
    const op: Operation = { kind: "execute", sql: "SELECT $1", params: [new Map()] };
    expect(() => renderOperation(op, noReason)).toThrow(UnrenderableValueError);
    expect(() => renderOperation(op, noReason)).toThrow(/params\[0\].*Map/);
  });
});
