/**
 * connectPostgres against the suite's PostgreSQL 15 server: queries, fields, transactions, queuing, and
 * the connection-failure messages (a closed port, a silent port, an unknown database or role).
 */
import net from "node:net";
import { connectPostgres } from "../../src/db/postgres";
import type { Database } from "../../src/db/database";
import {
  DatabaseConnectionError,
  InvalidDatabaseUrlError,
  NestedTransactionError,
  TransactionClosedError,
} from "../../src/db/database-errors";
import { UsageError } from "../../src/errors";
import { createTestDatabase, type TestDatabase } from "../support/test-db";

const PASSWORD = "hunter2-Secret";

let testDb: TestDatabase;
let db: Database;

/** The test database's URL with a password added (the test cluster trusts every local connection). */
function urlWithPassword(base: string, changes: { database?: string; user?: string; port?: number } = {}): string {
  const u = new URL(base);
  u.password = PASSWORD;
  if (changes.database !== undefined) u.pathname = `/${changes.database}`;
  if (changes.user !== undefined) u.username = changes.user;
  if (changes.port !== undefined) u.port = String(changes.port);
  return u.toString();
}

async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as net.AddressInfo).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

async function connectError(url: string, connectTimeoutMs?: number): Promise<DatabaseConnectionError> {
  const error = await connectPostgres(url, connectTimeoutMs === undefined ? {} : { connectTimeoutMs }).then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DatabaseConnectionError);
  return error as DatabaseConnectionError;
}

beforeAll(async () => {
  testDb = await createTestDatabase("db");
  db = await connectPostgres(urlWithPassword(testDb.url));
});

afterAll(async () => {
  await db?.close();
  await testDb?.drop();
});

describe("queries", () => {
  it("describes itself by its URL with the password hidden", () => {
    expect(db.kind).toBe("postgres");
    expect(db.description).toBe(testDb.url.replace("autogen@", "autogen:***@"));
    expect(db.description).not.toContain(PASSWORD);
  });

  it("binds parameters and keeps pg's default parsing (int8 as string)", async () => {
    const { rows } = await db.query("SELECT $1::int4 + 1 AS n, $2::text AS t, 9007199254740993::int8 AS big", [41, "x"]);
    expect(rows).toEqual([{ n: 42, t: "x", big: "9007199254740993" }]);
  });

  it("reports the type oid and typmod of each result column", async () => {
    const { fields } = await db.query("SELECT NULL::varchar(255) AS v, NULL::numeric(10,2) AS m, 1 AS i");
    expect(fields).toEqual([
      { name: "v", dataTypeID: 1043, dataTypeModifier: 259 },
      { name: "m", dataTypeID: 1700, dataTypeModifier: (10 << 16) + 2 + 4 },
      { name: "i", dataTypeID: 23, dataTypeModifier: -1 },
    ]);
  });

  it("takes one statement per query() and a script in exec()", async () => {
    await expect(db.query("SELECT 1; SELECT 2")).rejects.toThrow(/multiple commands/);
    await db.exec("CREATE TABLE script_a (id int); INSERT INTO script_a VALUES (1), (2);");
    expect((await db.query("SELECT count(*)::int4 AS c FROM script_a")).rows).toEqual([{ c: 2 }]);
  });
});

describe("transactions", () => {
  const exists = async (table: string): Promise<boolean> =>
    (await testDb.query(`SELECT to_regclass($1) IS NOT NULL AS e`, [table]))[0].e;

  it("commits", async () => {
    const out = await db.transaction(async (tx) => {
      await tx.query("CREATE TABLE tx_commit (id int)");
      return "done";
    });
    expect(out).toBe("done");
    expect(await exists("tx_commit")).toBe(true);
  });

  it("rolls DDL back and rethrows the callback's own error", async () => {
    const boom = new Error("boom");
    await expect(
      db.transaction(async (tx) => {
        await tx.query("CREATE TABLE tx_rollback (id int)");
        await tx.query("INSERT INTO tx_rollback VALUES (1)");
        throw boom;
      }),
    ).rejects.toBe(boom);
    expect(await exists("tx_rollback")).toBe(false);
    expect((await db.query("SELECT 1 AS ok")).rows).toEqual([{ ok: 1 }]);
  });

  it("rolls back after a failing statement and surfaces Postgres's error", async () => {
    await expect(
      db.transaction(async (tx) => {
        await tx.query("CREATE TABLE tx_failed (id int)");
        await tx.query("SELECT 1 / 0");
      }),
    ).rejects.toMatchObject({ code: "22012" });
    expect(await exists("tx_failed")).toBe(false);
  });

  it("makes concurrent callers wait until the transaction ends", async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const running = db.transaction(async (tx) => {
      await tx.query("CREATE TABLE tx_queued (id int)");
      await gate;
      throw new Error("undo");
    });
    // Sent while the transaction is open on the same connection: without queuing it would see the table.
    const outside = db.query<{ t: string | null }>("SELECT to_regclass('tx_queued')::text AS t");
    release();
    await expect(running).rejects.toThrow("undo");
    expect((await outside).rows).toEqual([{ t: null }]);
  });

  it("runs db.query() from inside the callback in the transaction instead of deadlocking", async () => {
    await expect(
      db.transaction(async () => {
        await db.query("CREATE TABLE tx_inner (id int)");
        throw new Error("undo");
      }),
    ).rejects.toThrow("undo");
    expect(await exists("tx_inner")).toBe(false);
  });

  it("refuses nested transactions and a tx used after its end", async () => {
    await expect(db.transaction(() => db.transaction(async () => 1))).rejects.toBeInstanceOf(NestedTransactionError);
    let leaked: { query(sql: string): Promise<unknown> } | null = null;
    await db.transaction(async (tx) => {
      leaked = tx;
    });
    await expect(leaked!.query("SELECT 1")).rejects.toBeInstanceOf(TransactionClosedError);
  });
});

describe("connection failures", () => {
  it("names host, port and reason when the port is closed, with the URL hint and no password", async () => {
    const port = await closedPort();
    const error = await connectError(urlWithPassword(testDb.url, { port }));
    expect(error.code).toBe("ECONNREFUSED");
    expect(error.message).toBe(
      `Could not connect to PostgreSQL at 127.0.0.1:${port}, database "${testDb.name}" as user "autogen": ` +
        `the connection was refused (ECONNREFUSED): is PostgreSQL running and listening on that host and port? ` +
        `Set the database URL with --url, \`databaseUrl\` in the config file or the DATABASE_URL environment ` +
        `variable (postgresql://user:password@host:port/database); without one, the command line uses the embedded ` +
        "database (the programmatic API only when asked: `embedded: true`).",
    );
    expect(error.message).not.toContain(PASSWORD);
    expect(error.exitCode).toBe(1);
  });

  it("names an unknown database", async () => {
    const error = await connectError(urlWithPassword(testDb.url, { database: "no_such_db" }));
    expect(error.code).toBe("3D000");
    expect(error.message).toContain(`database "no_such_db" does not exist (SQLSTATE 3D000)`);
    expect(error.message).toContain("correct the database name");
    expect(error.message).not.toContain(PASSWORD);
  });

  it("names an unknown role", async () => {
    const error = await connectError(urlWithPassword(testDb.url, { user: "nobody" }));
    expect(error.code).toBe("28000");
    expect(error.message).toContain(`as user "nobody": role "nobody" does not exist`);
    expect(error.message).not.toContain(PASSWORD);
  });

  it("gives up after the connect timeout on a port that never answers", async () => {
    // Accepts and never answers; the accepted sockets are closed at the end (closing the server leaves
    // them open, and one left open kept this worker from exiting when the run ended).
    const accepted: net.Socket[] = [];
    const silent = net.createServer((socket) => void accepted.push(socket));
    await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
    const port = (silent.address() as net.AddressInfo).port;
    try {
      const started = Date.now();
      const error = await connectError(urlWithPassword(testDb.url, { port }), 300);
      expect(Date.now() - started).toBeLessThan(5000);
      expect(error.code).toBe("TIMEOUT");
      expect(error.message).toContain("no answer within 0.3 s (the connect timeout)");
    } finally {
      for (const socket of accepted) socket.destroy();
      silent.close();
    }
  });

  it("rejects a URL that is not a postgres URL as a usage error, without repeating it", async () => {
    const error = await connectPostgres(`mysql://root:${PASSWORD}@localhost/db`).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidDatabaseUrlError);
    expect(error).toBeInstanceOf(UsageError);
    expect((error as UsageError).exitCode).toBe(2);
    expect((error as Error).message).toContain(`its scheme is "mysql", expected postgresql or postgres`);
    expect((error as Error).message).not.toContain(PASSWORD);
  });

  it("cannot be queried once closed", async () => {
    const other = await connectPostgres(testDb.url);
    await other.close();
    await other.close();
    await expect(other.query("SELECT 1")).rejects.toThrow();
  });
});
