/**
 * A partition that becomes a table of its own, and a table that becomes a partition, when the partitioned
 * table has keys, checks, foreign keys and indexes: on PostgreSQL 15, database to database. A DETACH
 * leaves the partition its copies of the parent's (the key's index as the partition's own key, the checks,
 * the foreign keys, the indexes), which no model of a table holds, and an ATTACH needs the parent's checks
 * by name on the table. The upgrade leaves nothing to compare, A dumps like B, the rows stay, and the
 * derived downgrade gives A back.
 */
import { downgrade, dump, prepareRoundTrip, upgrade, type RoundTrip } from "./support/db-round-trip";

const PARTITIONED = `
  CREATE TABLE accounts (id int PRIMARY KEY);
  CREATE TABLE orders (id int, placed date NOT NULL, account_id int REFERENCES accounts ON DELETE CASCADE,
    amount int CHECK (amount > 0), PRIMARY KEY (id, placed), UNIQUE (account_id, placed)) PARTITION BY RANGE (placed);
  CREATE INDEX orders_amount ON orders (amount);
  CREATE TABLE orders_2019 PARTITION OF orders FOR VALUES FROM ('2019-01-01') TO ('2020-01-01');
  CREATE TABLE orders_2020 PARTITION OF orders FOR VALUES FROM ('2020-01-01') TO ('2021-01-01');`;
const ROWS = `
  INSERT INTO accounts VALUES (1), (2);
  INSERT INTO orders VALUES (1, '2019-03-01', 1, 10), (2, '2020-03-01', 2, 20);`;

describe("a partition archived as a table of its own (DETACH, as a DBA does)", () => {
  let run: RoundTrip;
  beforeAll(async () => {
    // B is A after the DBA's DETACH: the table keeps the copies of the parent's key, checks, foreign key
    // and indexes, now its own.
    run = await prepareRoundTrip(PARTITIONED, `${PARTITIONED} ALTER TABLE orders DETACH PARTITION orders_2019;`, { rows: ROWS });
  });
  afterAll(() => run.dispose());

  it("detaches it and gives it what B's table has, keeping its rows", async () => {
    expect(run.sql.filter((s) => s.includes("orders_2019") && !s.startsWith("DO $autogen_detach$"))).toEqual([
      `ALTER TABLE "public"."orders_2019" ADD CONSTRAINT "orders_2019_pkey" PRIMARY KEY ("id", "placed")`,
      `ALTER TABLE "public"."orders_2019" ADD CONSTRAINT "orders_2019_account_id_placed_key" UNIQUE ("account_id", "placed")`,
      `ALTER TABLE "public"."orders_2019" ADD CONSTRAINT "orders_amount_check" CHECK ((amount > 0))`,
      `CREATE INDEX "orders_2019_amount_idx" ON "public"."orders_2019" USING btree (amount)`,
      `ALTER TABLE "public"."orders_2019" ADD CONSTRAINT "orders_account_id_fkey" FOREIGN KEY ("account_id") REFERENCES "public"."accounts" ("id") ON DELETE CASCADE`,
    ]);
    expect(await upgrade(run)).toStrictEqual({ operations: [], log: [] });
    expect(dump(run.a)).toEqual(run.targetDump);
    expect(await run.a.query("SELECT id FROM orders_2019")).toStrictEqual([{ id: 1 }]);
    expect(await run.a.query("SELECT id FROM orders")).toStrictEqual([{ id: 2 }]);
  });

  it("attaches it again in the derived downgrade", async () => {
    await downgrade(run);
    expect(dump(run.a)).toEqual(run.originalDump);
    expect(await run.a.query("SELECT id FROM orders ORDER BY id")).toStrictEqual([{ id: 1 }, { id: 2 }]);
  });
});

describe("a table of its own, with keys and checks of its own names, that becomes a partition", () => {
  let run: RoundTrip;
  beforeAll(async () => {
    const loose = `
      CREATE TABLE orders_2021 (id int, placed date NOT NULL, account_id int, amount int,
        CONSTRAINT own_pk PRIMARY KEY (id, placed), CONSTRAINT own_fk FOREIGN KEY (account_id) REFERENCES accounts,
        CONSTRAINT own_amount CHECK (amount > 0));
      CREATE INDEX own_amount_idx ON orders_2021 (amount);`;
    const attached = "CREATE TABLE orders_2021 PARTITION OF orders FOR VALUES FROM ('2021-01-01') TO ('2022-01-01');";
    run = await prepareRoundTrip(PARTITIONED + loose, PARTITIONED + attached, {
      rows: `${ROWS} INSERT INTO orders_2021 VALUES (3, '2021-03-01', 1, 30);`,
    });
  });
  afterAll(() => run.dispose());

  it("adds the parent's checks by the parent's names before attaching it, and keeps its rows", async () => {
    const attach = run.sql.findIndex((s) => s.startsWith(`ALTER TABLE "public"."orders" ATTACH PARTITION "public"."orders_2021"`));
    expect(attach).toBeGreaterThan(0);
    expect(run.sql[attach - 1]).toMatch(/^DO \$autogen_attach\$/);
    expect(await upgrade(run)).toStrictEqual({ operations: [], log: [] });
    expect(dump(run.a)).toEqual(run.targetDump);
    expect(await run.a.query("SELECT id, tableoid::regclass::text AS part FROM orders WHERE id = 3")).toStrictEqual([{ id: 3, part: "orders_2021" }]);
  });

  it("detaches it, and gives it back its own keys and checks, in the derived downgrade", async () => {
    await downgrade(run);
    expect(dump(run.a)).toEqual(run.originalDump);
    expect(await run.a.query("SELECT id FROM orders_2021")).toStrictEqual([{ id: 3 }]);
  });
});

describe("a partition given another bound while a foreign key references its partitioned table", () => {
  // Two partitions get another bound: the foreign key goes and comes back once.
  const customers = (usValues: string) => `
    CREATE TABLE customers (id int, region text NOT NULL, PRIMARY KEY (id, region)) PARTITION BY LIST (region);
    CREATE TABLE customers_eu PARTITION OF customers FOR VALUES IN (${usValues === "'us'" ? "'eu'" : "'eu', 'uk'"});
    CREATE TABLE customers_us PARTITION OF customers FOR VALUES IN (${usValues});
    CREATE TABLE invoices (id int PRIMARY KEY, customer_id int, region text, FOREIGN KEY (customer_id, region) REFERENCES customers);`;
  let run: RoundTrip;
  beforeAll(async () => {
    run = await prepareRoundTrip(customers("'us'"), customers("'us', 'ca'"), {
      rows: "INSERT INTO customers VALUES (1, 'us'); INSERT INTO invoices VALUES (1, 1, 'us');",
    });
  });
  afterAll(() => run.dispose());

  it("drops the foreign key before the DETACH (which a referenced row refuses) and adds it again after the ATTACH", async () => {
    const at = (prefix: string) => run.sql.findIndex((s) => s.startsWith(prefix));
    const dropFk = at(`ALTER TABLE "public"."invoices" DROP CONSTRAINT "invoices_customer_id_region_fkey"`);
    const detach = at(`ALTER TABLE "public"."customers" DETACH PARTITION "public"."customers_us"`);
    const attach = at(`ALTER TABLE "public"."customers" ATTACH PARTITION "public"."customers_us" FOR VALUES IN ('us', 'ca')`);
    const addFk = at(`ALTER TABLE "public"."invoices" ADD CONSTRAINT "invoices_customer_id_region_fkey"`);
    expect([dropFk, detach, attach, addFk].every((i, n, all) => i >= 0 && (n === 0 || i > all[n - 1]!))).toBe(true);
    expect(run.sql.filter((s) => s.includes(`"invoices_customer_id_region_fkey"`))).toHaveLength(2);
    expect(run.sql.filter((s) => s.includes("DETACH PARTITION"))).toHaveLength(2);
    expect(await upgrade(run)).toStrictEqual({ operations: [], log: [] });
    expect(dump(run.a)).toEqual(run.targetDump);
    expect(await run.a.query("SELECT customer_id FROM invoices")).toStrictEqual([{ customer_id: 1 }]);
  });

  it("goes back the same way in the derived downgrade", async () => {
    await downgrade(run);
    expect(dump(run.a)).toEqual(run.originalDump);
  });
});

describe("a partitioned table created again for a new partition key, whose key changes with it", () => {
  const table = (key: string) => `
    CREATE TABLE m (id int, a int NOT NULL, b int NOT NULL, v int CHECK (v > 0), PRIMARY KEY (id, ${key})) PARTITION BY RANGE (${key});
    CREATE TABLE m1 PARTITION OF m FOR VALUES FROM (0) TO (10);
    CREATE TABLE m2 PARTITION OF m FOR VALUES FROM (10) TO (20);`;
  let run: RoundTrip;
  beforeAll(async () => {
    run = await prepareRoundTrip(table("a"), table("b"), { rows: "INSERT INTO m VALUES (1, 5, 5, 1), (2, 15, 15, 2);" });
  });
  afterAll(() => run.dispose());

  it("detaches its partitions without the old key's copies, which the new key's would meet on the ATTACH, and keeps the rows", async () => {
    expect(run.sql.filter((s) => s.startsWith("DO $autogen_detach$"))).toHaveLength(2);
    expect(await upgrade(run)).toStrictEqual({ operations: [], log: [] });
    expect(dump(run.a)).toEqual(run.targetDump);
    expect(await run.a.query("SELECT id, tableoid::regclass::text AS part FROM m ORDER BY id")).toStrictEqual([
      { id: 1, part: "m1" },
      { id: 2, part: "m2" },
    ]);
  });

  it("goes back to the old key in the derived downgrade", async () => {
    await downgrade(run);
    expect(dump(run.a)).toEqual(run.originalDump);
    expect(await run.a.query("SELECT count(*)::int AS n FROM m")).toStrictEqual([{ n: 2 }]);
  });
});
