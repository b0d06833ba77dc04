/**
 * A `money` default on a database whose `lc_monetary` is not C, on PostgreSQL 15. money constants are read
 * and printed in the locale's format, and one locale's cannot be read under another. With the database's
 * own `lc_monetary = de_DE.UTF-8`, the entity's `'12.34'` was read as 1.234,00 € and the migration held
 * `'1.234,00 €'::money`, which `check --shadow` (the embedded database, C) could not even replay (found
 * probing server settings, 2026-12-06). Every session now pins `lc_monetary = C`: the migration holds
 * `'$12.34'::money` wherever it is generated, and reads back the same wherever it runs.
 *
 * The suite's cluster has only the C locales (initdb --locale=C, and a machine may have no other), so
 * this file starts a cluster of its own that can see de_DE.UTF-8: compiled here with glibc's localedef
 * from the locale's sources (Debian's `locales` package) into a folder given to the server as LOCPATH.
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Client } from "pg";
import { serverBinaries, startCluster, stopCluster, type RunningCluster } from "../support/pg-cluster";
import { cli, migrationFiles, tempProject } from "./cli-support";

const PRICE_ENTITY = `
import { Column, Entity, PrimaryGeneratedColumn } from "typeorm";

@Entity({ name: "prices" })
export class Price {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: "money", default: () => "'12.34'" })
  amount: string;
}
`;

/** A folder holding de_DE.UTF-8, readable by the server's user. */
function germanLocale(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "autogen-locales-"));
  fs.chmodSync(dir, 0o755);
  const target = path.join(dir, "de_DE.UTF-8");
  try {
    execFileSync("localedef", ["-i", "de_DE", "-f", "UTF-8", target], { stdio: "pipe" });
  } catch (error) {
    // localedef exits 1 on warnings while still writing the locale.
    if (!fs.existsSync(target)) {
      throw new Error(
        `This test needs the de_DE.UTF-8 locale, compiled with localedef (glibc) from its sources in ` +
          `/usr/share/i18n (Debian: apt-get install locales): ${(error as Error).message}`,
      );
    }
  }
  execFileSync("chmod", ["-R", "a+rX", dir]);
  return dir;
}

async function sql(url: string, text: string): Promise<Record<string, unknown>[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(text)).rows;
  } finally {
    await client.end();
  }
}

describe("a money default under lc_monetary = de_DE.UTF-8", () => {
  let locales: string;
  let cluster: RunningCluster;
  beforeAll(async () => {
    locales = germanLocale();
    const bins = serverBinaries();
    cluster = await startCluster(bins.source, { binaries: { ...bins, env: { ...bins.env, LOCPATH: locales } } });
    await sql(cluster.url, "ALTER DATABASE postgres SET lc_monetary = 'de_DE.UTF-8'");
  }, 120_000);
  afterAll(() => {
    if (cluster) stopCluster(cluster.dir);
    fs.rmSync(locales, { recursive: true, force: true });
  });

  it("generates the C form, applies it, and check, check --shadow and another locale agree", async () => {
    // The database's setting is in force for a plain session.
    expect(await sql(cluster.url, "SELECT '12,34'::money::text AS m")).toEqual([{ m: "12,34 €" }]);
    const dir = tempProject({
      "autogen.config.json": JSON.stringify({ entities: ["entities/*.ts"], databaseUrl: cluster.url }),
      "entities/price.ts": PRICE_ENTITY,
    });
    expect((await cli(["-m", "create prices"], dir)).code).toBe(0);
    const migration = fs.readFileSync(path.join(dir, "migrations", migrationFiles(dir)[0]!), "utf8");
    expect(migration).toContain(`default: "'$12.34'::money"`);
    const up = await cli(["upgrade", "head"], dir);
    expect(up.stderr).toBe("");
    expect(up.code).toBe(0);
    expect(await sql(cluster.url, "INSERT INTO prices DEFAULT VALUES RETURNING amount::numeric::text AS a")).toEqual([{ a: "12.34" }]);
    const same = await cli(["check"], dir);
    expect(same.stdout).toContain("No changes in schema detected.");
    expect(same.code).toBe(0);

    const shadow = await cli(["check", "--shadow"], dir);
    expect(shadow.stderr).toBe("");
    expect(shadow.stdout).toContain("No changes in schema detected.");
    expect(shadow.code).toBe(0);

    await sql(cluster.url, "ALTER DATABASE postgres SET lc_monetary = 'C'");
    const other = await cli(["check"], dir);
    expect(other.stdout).toContain("No changes in schema detected.");
    expect(other.code).toBe(0);
  }, 120_000);
});
