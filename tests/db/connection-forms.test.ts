/**
 * Every connection string form libpq accepts reaches the suite's PostgreSQL 15 server: a Unix socket
 * (as the `host` parameter of an empty host part, and percent-encoded in the host part), keyword/value
 * strings, and several hosts tried in order. Also through a CLI command (`autogen current --url`).
 */
import net from "node:net";
import path from "node:path";
import { connectPostgres } from "../../src/db/postgres";
import { DatabaseConnectionError } from "../../src/db/database-errors";
import { createTestDatabase, type TestDatabase } from "../support/test-db";
import { cli, tempProject } from "../cli/cli-support";

let testDb: TestDatabase;
let socketDir: string;
let port: number;

// The socket directory is known only for the suite's own cluster, not for a server named by TEST_DATABASE_URL.
const clusterDir = process.env.AUTOGEN_TEST_CLUSTER_DIR;
if (!clusterDir) console.warn("TEST_DATABASE_URL names a server: the Unix socket connection tests are skipped.");

beforeAll(async () => {
  if (!clusterDir) return;
  testDb = await createTestDatabase("conn");
  socketDir = path.join(clusterDir, "sock");
  port = Number(new URL(testDb.url).port);
});

afterAll(async () => {
  await testDb?.drop();
});

async function whoAmI(connectionString: string): Promise<{ db: string; socket: boolean; description: string }> {
  const db = await connectPostgres(connectionString);
  try {
    const { rows } = await db.query<{ db: string; socket: boolean }>(
      "SELECT current_database()::text AS db, inet_client_addr() IS NULL AS socket",
    );
    return { ...rows[0]!, description: db.description };
  } finally {
    await db.close();
  }
}

async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const free = (server.address() as net.AddressInfo).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return free;
}

(clusterDir ? describe : describe.skip)("connection string forms", () => {
  it("connects through a Unix socket given as the host parameter of an empty host part", async () => {
    const url = `postgresql://autogen@/${testDb.name}?host=${socketDir}&port=${port}`;
    expect(await whoAmI(url)).toEqual({ db: testDb.name, socket: true, description: url });
  });

  it("connects through a percent-encoded socket directory in the host part, with a password kept out of the description", async () => {
    const url = `postgresql://autogen:hunter2-Secret@${encodeURIComponent(socketDir)}:${port}/${testDb.name}`;
    const who = await whoAmI(url);
    expect(who.socket).toBe(true);
    expect(who.db).toBe(testDb.name);
    expect(who.description).not.toContain("hunter2-Secret");
  });

  it("connects with a keyword/value string, socket or TCP, and hides its password", async () => {
    expect(await whoAmI(`host=${socketDir} port=${port} user=autogen dbname='${testDb.name}'`)).toEqual({
      db: testDb.name,
      socket: true,
      description: `host=${socketDir} port=${port} user=autogen dbname='${testDb.name}'`,
    });
    const tcp = await whoAmI(`host=127.0.0.1 port=${port} user=autogen password=hunter2-Secret dbname=${testDb.name}`);
    expect(tcp).toEqual({
      db: testDb.name,
      socket: false,
      description: `host=127.0.0.1 port=${port} user=autogen password=*** dbname=${testDb.name}`,
    });
  });

  it("tries several hosts in order until one answers", async () => {
    const dead = await closedPort();
    const url = `postgresql://autogen@127.0.0.1:${dead},127.0.0.1:${port}/${testDb.name}`;
    expect((await whoAmI(url)).db).toBe(testDb.name);
  });

  it("with target_session_attrs=standby, refuses a primary and names every host tried", async () => {
    const dead = await closedPort();
    const url = `postgresql://autogen@127.0.0.1:${dead},127.0.0.1:${port}/${testDb.name}?target_session_attrs=standby`;
    const error = await connectPostgres(url).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(DatabaseConnectionError);
    const message = (error as Error).message;
    expect(message).toContain(`127.0.0.1:${dead}`);
    expect(message).toMatch(/ECONNREFUSED/);
    expect(message).toMatch(/not a standby/);
  });

  it("works for every command: autogen current --url with a socket URL", async () => {
    const dir = tempProject({ "migrations/.keep": "" });
    const url = `postgresql://autogen@/${testDb.name}?host=${socketDir}&port=${port}`;
    const run = await cli(["current", "--url", url], dir);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
  });
});
