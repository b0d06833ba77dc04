/**
 * The introspection cache (src/cache/introspection-cache.ts) on PostgreSQL 15: an unchanged catalog is
 * not read again, and every kind of change the model can show is seen, each checked against a fresh
 * read. `diffSchema` (check, autogenerate) uses it: its second run sends no catalog query.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Client } from "pg";
import { diffSchema } from "../../src/api/autogenerate";
import { CATALOG_STATE_SQL, cachedIntrospection, catalogState } from "../../src/cache/introspection-cache";
import { resolveConfig } from "../../src/config/load-config";
import type { Database } from "../../src/db/database";
import { connectPostgres } from "../../src/db";
import { introspect } from "../../src/introspect";
import { CountingQueryable } from "../../src/introspect/counting-queryable";
import { ensureRoles } from "../catalog/catalog-round-trip";
import { applyOperations } from "../support/apply";
import { whileCatalogStill } from "../support/catalog-still";
import { createTestDatabase, type TestDatabase } from "../support/test-db";

const SCHEMA = `
  CREATE SCHEMA app;
  CREATE TYPE app.mood AS ENUM ('calm', 'busy');
  CREATE TABLE app.items (id serial PRIMARY KEY, name text NOT NULL DEFAULT 'x', mood app.mood, price numeric CHECK (price > 0));
  CREATE INDEX items_name ON app.items (name);
  CREATE FUNCTION app.total() RETURNS bigint LANGUAGE sql AS 'SELECT count(*) FROM app.items';
  CREATE VIEW app.named AS SELECT name FROM app.items;
  GRANT SELECT ON app.items TO cache_reader;
  CREATE STATISTICS app.items_stats ON name, mood FROM app.items;
  CREATE PUBLICATION cache_pub FOR TABLE app.items (id, name);
`;

/** Changes the model can show, each one statement (or a few) on the database. */
const CHANGES: readonly [string, string][] = [
  ["a column default", "ALTER TABLE app.items ALTER COLUMN name SET DEFAULT 'y'"],
  ["a column comment", "COMMENT ON COLUMN app.items.name IS 'the name'"],
  ["a comment on the public schema", "COMMENT ON SCHEMA public IS 'changed'"],
  ["NOT NULL dropped", "ALTER TABLE app.items ALTER COLUMN name DROP NOT NULL"],
  ["a column type", "ALTER TABLE app.items ALTER COLUMN price TYPE numeric(12,2)"],
  ["a check replaced", "ALTER TABLE app.items DROP CONSTRAINT items_price_check, ADD CONSTRAINT items_price_check CHECK (price >= 0)"],
  ["an index added", "CREATE INDEX items_mood ON app.items (mood)"],
  ["an index built concurrently", "CREATE INDEX CONCURRENTLY items_price ON app.items (price)"],
  ["an enum label", "ALTER TYPE app.mood ADD VALUE 'tired'"],
  ["a function body", "CREATE OR REPLACE FUNCTION app.total() RETURNS bigint LANGUAGE sql AS 'SELECT count(*) + 0 FROM app.items'"],
  ["a view query", "CREATE OR REPLACE VIEW app.named AS SELECT name FROM app.items WHERE id > 0"],
  ["a grant", "GRANT INSERT ON app.items TO cache_reader"],
  ["a role renamed", "ALTER ROLE cache_reader RENAME TO cache_reader2"],
  ["a sequence option", "ALTER SEQUENCE app.items_id_seq INCREMENT BY 5"],
  ["a table renamed", "ALTER TABLE app.items RENAME TO goods"],
  // Each of these changes one catalog row in place and nothing in pg_depend (found 2026-12-05: the
  // state left out pg_statistic_ext and the publication catalogs).
  ["a statistics object's target", "ALTER STATISTICS app.items_stats SET STATISTICS 300"],
  ["a publication's options", "ALTER PUBLICATION cache_pub SET (publish = 'insert')"],
  ["a publication's row filter", "ALTER PUBLICATION cache_pub SET TABLE app.items (id, name) WHERE (id > 0)"],
  ["a schema published whole", "CREATE PUBLICATION cache_schema_pub FOR TABLES IN SCHEMA app"],
  ["a column's storage", "ALTER TABLE app.items ALTER COLUMN name SET STORAGE EXTERNAL"],
  ["a column's statistics target", "ALTER TABLE app.items ALTER COLUMN name SET STATISTICS 500"],
  // Default privileges of the whole database depend on roles only (pg_shdepend), and a grant option
  // changes an entry in place: only pg_default_acl itself records either.
  ["a default privilege of the whole database", "ALTER DEFAULT PRIVILEGES GRANT SELECT ON TABLES TO cache_reader"],
  ["a default privilege's grant option", "ALTER DEFAULT PRIVILEGES GRANT SELECT ON TABLES TO cache_reader WITH GRANT OPTION"],
];

describe("the catalog state's coverage", () => {
  it("covers every catalog a catalog query reads (a catalog left out keeps a stale model after a change only it records)", () => {
    const dir = path.join(__dirname, "../../src/introspect/sql");
    const read = new Set<string>();
    for (const file of fs.readdirSync(dir)) {
      const text = fs.readFileSync(path.join(dir, file), "utf8");
      for (const match of text.matchAll(/\b(?:FROM|JOIN)\s+(?:pg_catalog\.)?(pg_[a-z_]+)/g)) read.add(match[1]!);
    }
    expect(read.size).toBeGreaterThan(20);
    const missing = [...read].filter((catalog) => !CATALOG_STATE_SQL.includes(`pg_catalog.${catalog} `));
    expect(missing).toEqual([]);
  });
});

describe("the introspection cache on PostgreSQL 15", () => {
  let target: TestDatabase;
  let client: Client;
  let cacheDir: string;
  beforeAll(async () => {
    await ensureRoles(["cache_reader"]);
    target = await createTestDatabase("icache");
    await target.query(SCHEMA);
    client = new Client({ connectionString: target.url });
    await client.connect();
    cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), "autogen-icache-"));
  });
  afterAll(async () => {
    await client.end();
    await target.drop();
    fs.rmSync(cacheDir, { recursive: true, force: true });
  });

  const options = { schemas: ["app", "public"] };
  const read = () => cachedIntrospection(cacheDir, client, options, () => introspect(client, options));
  const whileStill = <T>(work: () => Promise<T>): Promise<T> => whileCatalogStill(client, work);

  it("reads an unchanged catalog once, and gives the same model from the cache", async () => {
    const first = await read();
    expect(first.cached).toBe(false);
    const second = await whileStill(async () => {
      await read();
      return read();
    });
    expect(second.cached).toBe(true);
    expect(second.model).toEqual(first.model);
    expect(second.model).toEqual(await introspect(client, options));
  });

  it("is not fooled by VACUUM and ANALYZE, which change statistics in place", async () => {
    await client.query("INSERT INTO app.items (name, price) VALUES ('a', 1)");
    const after = await whileStill(async () => {
      await read();
      await client.query("VACUUM ANALYZE app.items");
      return read();
    });
    expect(after.cached).toBe(true);
  });

  for (const [what, sql] of CHANGES) {
    it(`sees ${what}`, async () => {
      await read();
      const before = await catalogState(client);
      await client.query(sql);
      expect(await catalogState(client)).not.toBe(before);
      const after = await read();
      expect(after.cached).toBe(false);
      expect(after.model).toEqual(await introspect(client, options));
      // A rename is undone so that the next cases find the table and the role where they expect them.
      if (what === "a table renamed") await client.query("ALTER TABLE app.goods RENAME TO items");
      if (what === "a role renamed") await client.query("ALTER ROLE cache_reader2 RENAME TO cache_reader");
    });
  }

  it("keeps entries per set of options", async () => {
    const onlyApp = { schemas: ["app"] };
    const a = await cachedIntrospection(cacheDir, client, onlyApp, () => introspect(client, onlyApp));
    const b = await whileStill(async () => {
      await cachedIntrospection(cacheDir, client, onlyApp, () => introspect(client, onlyApp));
      return cachedIntrospection(cacheDir, client, onlyApp, () => introspect(client, onlyApp));
    });
    expect(b.cached).toBe(true);
    expect(Object.keys(b.model.tables)).toEqual(Object.keys(a.model.tables));
    expect((await read()).model.schemas).toEqual(["app", "public"]);
  });

  it("never caches a read of the session's own temporary schema, whose objects the state leaves out", async () => {
    await client.query("CREATE TEMPORARY TABLE scratch_a (id int)");
    const { rows } = await client.query<{ name: string }>("SELECT nspname::text AS name FROM pg_namespace WHERE oid = pg_my_temp_schema()");
    const temporary = { schemas: [rows[0]!.name] };
    const readTemporary = () => cachedIntrospection(cacheDir, client, temporary, () => introspect(client, temporary));
    expect((await readTemporary()).cached).toBe(false);
    await client.query("CREATE TEMPORARY TABLE scratch_b (id int)");
    const second = await readTemporary();
    expect(second.cached).toBe(false);
    expect(Object.keys(second.model.tables).map((key) => key.split(".")[1])).toEqual(['"scratch_a"', '"scratch_b"']);
  });

  /** The full catalog state statements among `statements` (CATALOG_STATE_SQL's own text, alone or inside another). */
  const fullStateReads = (statements: readonly string[]) => statements.filter((sql) => sql.includes("md5(concat_ws('|'")).length;

  /**
   * `attempt` with a new cache folder each time until `quiet` holds of its result, at most 30 times: another
   * test file's transaction anywhere in the cluster moves the snapshot, and then the state is rightly read
   * whole again. A quiet window of a few tens of ms comes within a few attempts.
   */
  async function inQuietWindow<T>(attempt: (dir: string) => Promise<T>, quiet: (result: T) => boolean): Promise<T> {
    for (let n = 1; ; n++) {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), "autogen-icache-quiet-"));
      try {
        const result = await attempt(dir);
        if (quiet(result) || n === 30) return result;
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    }
  }

  it("after a read on a quiet cluster, tells that the state held still without reading it whole again, and stores the entry", async () => {
    const fresh = { schemas: ["app", "public"], excludeTables: ['"app"."nothing"'] as const };
    const first = await inQuietWindow(
      async (dir) => {
        const counting = new CountingQueryable(client);
        const read = await cachedIntrospection(dir, counting, fresh, () => introspect(client, fresh));
        const entries = fs.readdirSync(dir).filter((name) => name.startsWith("introspected-"));
        return { read, statements: counting.statements, entries, now: await catalogState(client) };
      },
      // Quiet through the state read just after too: roles other files create are part of the state.
      (result) => fullStateReads(result.statements) === 1 && result.read.state === result.now,
    );
    expect(first.read.cached).toBe(false);
    expect(fullStateReads(first.statements)).toBe(1);
    // The snapshot before (alone, then with the state: none kept in a new folder) and after the read.
    expect(first.statements.filter((sql) => sql.includes("pg_current_snapshot()")).length).toBe(3);
    expect(first.read.state).toBe(first.now);
    expect(first.entries).toHaveLength(1);
  });

  it("on a quiet cluster, knows the state of the next read from its snapshot, without reading the catalog's rows", async () => {
    const quiet = { schemas: ["app", "public"], excludeTables: ['"app"."also_nothing"'] as const };
    const second = await inQuietWindow(
      async (dir) => {
        await cachedIntrospection(dir, client, quiet, () => introspect(client, quiet));
        const counting = new CountingQueryable(client);
        const again = await cachedIntrospection(dir, counting, quiet, () => introspect(client, quiet));
        return { statements: counting.statements, cached: again.cached, state: again.state, now: await catalogState(client) };
      },
      (result) => fullStateReads(result.statements) === 0 && result.state === result.now,
    );
    expect(fullStateReads(second.statements)).toBe(0);
    expect(second.statements).toHaveLength(1);
    expect(second.cached).toBe(true);
    expect(second.state).toBe(second.now);
  });

  it("never takes one database's kept state for another's, even at the same snapshot", async () => {
    // Two databases with no index (the snapshot's index flags alike), read one after the other.
    const dbs = await Promise.all([createTestDatabase("icache_one"), createTestDatabase("icache_two")]);
    const clients = dbs.map((d) => new Client({ connectionString: d.url }));
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "autogen-icache-two-"));
    try {
      for (const c of clients) await c.connect();
      await clients[0]!.query("CREATE SCHEMA app; CREATE TABLE app.here (id int)");
      await clients[1]!.query("CREATE SCHEMA app; CREATE TABLE app.elsewhere (id int)");
      const [one, two] = clients as [Client, Client];
      await cachedIntrospection(dir, one, options, () => introspect(one, options));
      const fromTwo = await cachedIntrospection(dir, two, options, () => introspect(two, options));
      expect(fromTwo.cached).toBe(false);
      expect(Object.keys(fromTwo.model.tables)).toEqual(['"app"."elsewhere"']);
      expect(fromTwo.state).toBe(await catalogState(two));
    } finally {
      for (const c of clients) await c.end().catch(() => undefined);
      await Promise.all(dbs.map((d) => d.drop()));
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("does not store what it read while the catalog changed, in a transaction or in place (CREATE INDEX CONCURRENTLY)", async () => {
    const other = new Client({ connectionString: target.url });
    await other.connect();
    try {
      for (const [name, change, undo] of [
        ["a default", "ALTER TABLE app.items ALTER COLUMN name SET DEFAULT 'during'", "ALTER TABLE app.items ALTER COLUMN name SET DEFAULT 'x'"],
        ["an index built concurrently", "CREATE INDEX CONCURRENTLY items_during ON app.items (price)", "DROP INDEX app.items_during"],
      ] as const) {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "autogen-icache-moved-"));
        try {
          const moved = await cachedIntrospection(dir, client, options, async () => {
            const model = await introspect(client, options);
            await other.query(change);
            return model;
          });
          expect([name, moved.cached, moved.state]).toEqual([name, false, null]);
          expect(fs.readdirSync(dir).filter((file) => file.startsWith("introspected-"))).toEqual([]);
          const next = await cachedIntrospection(dir, client, options, () => introspect(client, options));
          expect(next.cached).toBe(false);
          expect(next.model).toEqual(await introspect(client, options));
        } finally {
          await other.query(undo);
          fs.rmSync(dir, { recursive: true, force: true });
        }
      }
    } finally {
      await other.end();
    }
  });

  it("keeps its entries within the cache's bounds for one kind (64 entries, 64 MB: tests/cache/prune.test.ts)", () => {
    const entries = fs.readdirSync(cacheDir).filter((name) => name.startsWith("introspected-"));
    expect(entries.length).toBeGreaterThan(0);
    expect(entries.length).toBeLessThanOrEqual(64);
    const bytes = entries.reduce((sum, name) => sum + fs.statSync(path.join(cacheDir, name)).size, 0);
    expect(bytes).toBeLessThanOrEqual(64 * 1024 * 1024);
  });
});

describe("diffSchema (check, autogenerate) with the introspection cache", () => {
  let target: TestDatabase;
  let db: Database;
  let projectDir: string;
  beforeAll(async () => {
    target = await createTestDatabase("icache_check");
    await target.query("CREATE TABLE invoice (id integer PRIMARY KEY, total numeric)");
    db = await connectPostgres(target.url);
    projectDir = fs.mkdtempSync(path.join(os.tmpdir(), "autogen-icache-project-"));
    // The project's TypeORM is this checkout's; its cache goes to a node_modules of its own.
    fs.mkdirSync(path.join(projectDir, "node_modules"));
    fs.symlinkSync(path.resolve(__dirname, "../../node_modules/typeorm"), path.join(projectDir, "node_modules", "typeorm"), "dir");
    fs.writeFileSync(
      path.join(projectDir, "invoice.js"),
      `const { EntitySchema } = require("typeorm");
       module.exports = new EntitySchema({ name: "invoice", columns: { id: { type: "int", primary: true }, total: { type: "numeric" } } });`,
    );
  });
  afterAll(async () => {
    await db.close();
    await target.drop();
    fs.rmSync(projectDir, { recursive: true, force: true });
  });

  it("sends no catalog query when nothing changed, and reads the catalog again after a change", async () => {
    const config = resolveConfig({ entities: ["invoice.js"] }, null, projectDir);
    await applyOperations(target.url, (await diffSchema(config, db)).operations);
    const statements = await whileCatalogStill(db, async () => {
      expect((await diffSchema(config, db)).operations).toEqual([]);
      const counting = new CountingQueryable(db);
      const second = await diffSchema(config, counting as unknown as Database);
      expect(second.operations).toEqual([]);
      return counting.statements;
    });
    // Only the catalog state: no columns, constraints or indexes read.
    expect(statements.filter((sql) => /pg_attrdef|pg_get_expr|pg_get_constraintdef/.test(sql) && !/xmin/.test(sql))).toEqual([]);
    await target.query("ALTER TABLE invoice ADD COLUMN note text");
    const third = await diffSchema(config, db);
    expect(third.operations.map((op) => op.kind)).toEqual(["dropColumn"]);
  });
});
