/**
 * A stored generated column whose expression changes is dropped and added again (PostgreSQL 15 has no SET
 * EXPRESSION), which takes along its index and check and what a DBA put on it. Through the CLI with a real
 * TypeORM entity: the migration autogen writes puts all of it back, so the runner's check of re-added columns lets it run, up
 * and down; a hand-written migration that re-adds the column without doing so is refused before its first
 * statement (exit 1), naming what it would lose, with nothing applied. On PostgreSQL 15.
 */
import fs from "node:fs";
import path from "node:path";
import { createTestDatabase, type TestDatabase } from "../support/test-db";
import { cli, tempProject } from "./cli-support";

let db: TestDatabase;

afterEach(async () => {
  await db.drop();
});

const ENTITY = (expression: string) => `
import { Check, Column, Entity, Index, PrimaryColumn } from "typeorm";

@Entity({ name: "orders" })
@Index("orders_total_idx", ["total"])
@Check("orders_total_check", '"total" >= 0')
export class Order {
  @PrimaryColumn()
  id: number;

  @Column({ type: "int" })
  price: number;

  @Column({ type: "int" })
  qty: number;

  @Column({ type: "int", generatedType: "STORED", asExpression: ${JSON.stringify(expression)}, nullable: true })
  total: number;
}
`;

/** A DBA's years on orders.total, which entities do not describe (their index and check they do). */
const BY_HAND = `
  CREATE STATISTICS orders_stats ON price, total FROM orders;
  GRANT SELECT (total) ON orders TO PUBLIC;
  INSERT INTO orders (id, price, qty) VALUES (1, 3, 4);`;

/** What is on orders.total, and its rows. */
async function onTotal(): Promise<unknown> {
  return {
    members: (
      await db.query(`
        SELECT 'index ' || indexrelid::regclass AS what FROM pg_index WHERE indrelid = 'orders'::regclass AND NOT indisprimary
        UNION ALL SELECT 'constraint ' || conname FROM pg_constraint WHERE conrelid = 'orders'::regclass AND contype = 'c'
        UNION ALL SELECT 'statistics ' || stxname FROM pg_statistic_ext WHERE stxrelid = 'orders'::regclass
        UNION ALL SELECT 'grants' FROM pg_attribute WHERE attrelid = 'orders'::regclass AND attname = 'total' AND attacl IS NOT NULL
        ORDER BY 1`)
    ).map((r: { what: string }) => r.what),
    rows: await db.query("SELECT id, total FROM orders"),
  };
}

/** A project whose orders table, created by its first migration, has had a DBA's years (`BY_HAND`). */
async function ordersProject(name: string): Promise<string> {
  db = await createTestDatabase(name);
  const dir = tempProject({
    "autogen.config.json": JSON.stringify({ entities: ["entities/*.ts"], databaseUrl: db.url }),
    "entities/order.ts": ENTITY("price * qty"),
  });
  expect((await cli(["-m", "create orders"], dir)).code).toBe(0);
  expect((await cli(["upgrade", "head"], dir)).code).toBe(0);
  await db.query(BY_HAND);
  return dir;
}

const MEMBERS = ["constraint orders_total_check", "grants", "index orders_total_idx", "statistics orders_stats"];

it("runs autogen's own migration of a new expression up and down, keeping what the DBA put on the column", async () => {
  const dir = await ordersProject("readd_cli");
  expect(await onTotal()).toEqual({ members: MEMBERS, rows: [{ id: 1, total: 12 }] });

  fs.writeFileSync(path.join(dir, "entities/order.ts"), ENTITY("price * qty + 1"));
  expect((await cli(["-m", "total plus one"], dir)).code).toBe(0);
  const up = await cli(["upgrade", "head"], dir);
  expect(up.stderr).toBe("");
  expect(up.code).toBe(0);
  expect(await onTotal()).toEqual({ members: MEMBERS, rows: [{ id: 1, total: 13 }] });
  expect((await cli(["check"], dir)).code).toBe(0);

  expect((await cli(["downgrade", "-1"], dir)).code).toBe(0);
  expect(await onTotal()).toEqual({ members: MEMBERS, rows: [{ id: 1, total: 12 }] });
});

it("refuses a hand-written migration that re-adds the column and puts nothing back: exit 1, nothing applied", async () => {
  const dir = await ordersProject("readd_cli_hand");
  expect((await cli(["revision", "-m", "by hand"], dir)).code).toBe(0);
  const files = fs.readdirSync(path.join(dir, "migrations")).filter((f) => f.includes("by_hand"));
  expect(files).toHaveLength(1);
  const file = path.join(dir, "migrations", files[0]!);
  const text = fs.readFileSync(file, "utf8");
  const body = `await op.alterColumn("orders", "total", { generated: "price * qty + 1" }, { existing: { type: "integer", nullable: true, generated: "(price * qty)" } });`;
  fs.writeFileSync(file, text.replace(/(export async function upgrade\([^)]*\)[^{]*\{)/, `$1\n    ${body}\n`));
  expect(fs.readFileSync(file, "utf8")).toContain(body);

  const up = await cli(["upgrade", "head"], dir);
  expect(up.code).toBe(1);
  expect(up.stderr).toContain("drops column public.orders.total and adds it again, which would drop constraint orders_total_check, its column grants, index orders_total_idx, statistics orders_stats.");
  expect(up.stderr).toContain("Nothing was applied");
  expect(await onTotal()).toEqual({ members: MEMBERS, rows: [{ id: 1, total: 12 }] });
  expect(await db.query("SELECT count(*)::int AS n FROM autogen_version")).toEqual([{ n: 1 }]);
});
