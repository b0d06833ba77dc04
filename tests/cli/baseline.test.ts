/**
 * Adopting a database that has no history: `autogen revision --baseline` writes a first migration that
 * creates what the live database holds (read from the PostgreSQL 15 catalog) and stamps the database at it.
 * Afterwards the project works as one born with the tool: `check` against the database, `check --shadow`
 * and `autogen test` replay the history on PGlite, and `-m` autogenerates the next revision.
 */
import fs from "node:fs";
import path from "node:path";
import { cli, migrationFiles, tempProject } from "./cli-support";
import { createTestDatabase, type TestDatabase } from "../support/test-db";
import { pgDump } from "../support/pg-dump";

const FIXTURE = path.join(__dirname, "..", "api", "fixtures", "baseline-shop");
const noServer = { DATABASE_URL: undefined };

function entityFiles(): Record<string, string> {
  const dir = path.join(FIXTURE, "entities");
  return Object.fromEntries(fs.readdirSync(dir).map((f) => [`entities/${f}`, fs.readFileSync(path.join(dir, f), "utf8")]));
}

/** A project over the hand-built database `db`. */
function shopProject(db: TestDatabase | null, extra: Record<string, string> = {}): string {
  return tempProject({
    "autogen.config.json": JSON.stringify({ entities: ["entities/*.ts"], migrations: "migrations", ...(db ? { databaseUrl: db.url } : {}) }),
    ...entityFiles(),
    "migrations/.keep": "",
    ...extra,
  });
}

async function handBuilt(): Promise<TestDatabase> {
  const db = await createTestDatabase("adopt");
  await db.query(fs.readFileSync(path.join(FIXTURE, "schema.sql"), "utf8"));
  return db;
}

const readMigration = (dir: string, file: string) => fs.readFileSync(path.join(dir, "migrations", file), "utf8");

describe("revision --baseline on a database built by hand (PostgreSQL 15, replayed on PGlite)", () => {
  let db: TestDatabase;
  let dir: string;
  let content: string;

  beforeAll(async () => {
    db = await handBuilt();
    dir = shopProject(db);
  });
  afterAll(async () => {
    await db.drop();
  });

  it("the fixture's entities describe the hand-built database exactly", async () => {
    const run = await cli(["check"], dir);
    expect(run.stderr).toBe("");
    expect(run.stdout).toBe("No changes in schema detected.\n");
    expect(run.code).toBe(0);
  });

  it("writes a first revision that creates every object in dependency order, and stamps the database at it", async () => {
    const run = await cli(["revision", "--baseline", "-m", "baseline", "--rev-id", "base0001"], dir);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("Stamped the database at base0001");
    const files = migrationFiles(dir);
    expect(files).toHaveLength(1);
    content = readMigration(dir, files[0]!);
    expect(content).toContain('export const revision = "base0001";');
    expect(content).toContain("export const downRevision: string | readonly string[] | null = null;");
    const at = (needle: string) => {
      const i = content.indexOf(needle);
      if (i < 0) throw new Error(`the baseline has no ${needle}:\n${content}`);
      return i;
    };
    const upgrade = content.slice(0, at("export async function downgrade"));
    // Schemas and types before the tables that use them; every table before any foreign key; views last.
    const order = [
      'op.createSchema("audit")',
      "op.createEnum(",
      'op.createTable("customers"',
      'op.createTable("orders"',
      'op.addForeignKey("customers"',
      'op.addForeignKey("orders"',
      'op.createView("paid_orders"',
      'op.createView("big_spenders"',
    ].map((needle) => {
      const i = upgrade.indexOf(needle);
      if (i < 0) throw new Error(`the baseline's upgrade has no ${needle}:\n${upgrade}`);
      return i;
    });
    expect(order.slice(0, 3).every((i) => i < order[3]!)).toBe(true);
    expect(Math.max(order[2]!, order[3]!)).toBeLessThan(Math.min(order[4]!, order[5]!));
    expect(order[6]!).toBeLessThan(order[7]!);
    expect(Math.max(...order.slice(0, 6))).toBeLessThan(order[6]!);
    // Never the tool's own tables, nor anything outside the compared schemas.
    expect(content).not.toContain("autogen_version");
    expect(content).not.toContain("scratch");
    expect(await db.query("SELECT version_num FROM autogen_version")).toEqual([{ version_num: "base0001" }]);
    // Adopting reads only: the data is there, untouched.
    expect(await db.query("SELECT email FROM customers")).toEqual([{ email: "ada@example.com" }]);
  });

  it("upgrading a new PostgreSQL 15 database with the baseline gives the same schema (pg_dump), and downgrading empties it", async () => {
    const fresh = await createTestDatabase("replay");
    try {
      const up = await cli(["upgrade", "head", "--url", fresh.url], dir);
      expect(up.stderr).toBe("");
      expect(up.code).toBe(0);
      const dumpArgs = { ignoreColumnOrder: true, args: ["--exclude-schema=scratch", "--exclude-table=public.autogen_*"] };
      // The identity's sequence and the serial sequences restart at 1 in the replay: compare without their state.
      expect(pgDump(fresh.url, dumpArgs)).toBe(pgDump(db.url, dumpArgs).replace("CREATE SCHEMA scratch;\n", ""));
      const down = await cli(["downgrade", "base", "--url", fresh.url], dir);
      expect(down.code).toBe(0);
      const left = await fresh.query(
        "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname IN ('public', 'audit') AND c.relname NOT LIKE 'autogen_%' ORDER BY 1",
      );
      expect(left).toEqual([]);
      expect(await fresh.query("SELECT typname FROM pg_type WHERE typname = 'order_status'")).toEqual([]);
      expect(await fresh.query("SELECT nspname FROM pg_namespace WHERE nspname = 'audit'")).toEqual([]);
    } finally {
      await fresh.drop();
    }
  });

  it("afterwards check against the database exits 0", async () => {
    const live = await cli(["check"], dir);
    expect(live.stdout).toBe("No changes in schema detected.\n");
    expect(live.code).toBe(0);
  });

  it("afterwards check --shadow (the baseline replayed on PGlite) exits 0", async () => {
    const shadow = await cli(["check", "--shadow"], dir, noServer);
    expect(shadow.stderr).toBe("");
    expect(shadow.stdout).toBe("No changes in schema detected.\n");
    expect(shadow.code).toBe(0);
  }, 120_000);

  it("afterwards autogen test passes on PGlite", async () => {
    const test = await cli(["test"], dir, noServer);
    expect(test.stdout).toContain("4 passed, 0 failed");
    expect(test.code).toBe(0);
  }, 120_000);

  it("an entity change then -m writes the next revision on top of the baseline, and it applies", async () => {
    const file = path.join(dir, "entities", "category.ts");
    fs.writeFileSync(
      file,
      fs.readFileSync(file, "utf8").replace("  name!: string;\n", '  name!: string;\n\n  @Column({ type: "text", nullable: true })\n  description!: string | null;\n'),
    );
    const next = await cli(["-m", "describe categories", "--rev-id", "next0002"], dir);
    expect(next.stderr).toBe("");
    expect(next.code).toBe(0);
    const second = readMigration(dir, migrationFiles(dir).find((f) => f.includes("describe"))!);
    expect(second).toContain('export const downRevision: string | readonly string[] | null = "base0001";');
    expect(second).toContain('op.addColumn("categories", { name: "description", type: "text" })');
    expect((await cli(["upgrade", "head"], dir)).code).toBe(0);
    expect((await cli(["check"], dir)).code).toBe(0);
    expect((await cli(["check", "--shadow"], dir, noServer)).code).toBe(0);
  }, 120_000);
});

describe("revision --baseline refuses what it cannot adopt", () => {
  it("a migrations folder that already holds revisions: exit 2, nothing written, nothing stamped", async () => {
    const db = await handBuilt();
    try {
      const dir = shopProject(db, {
        "migrations/0001_first.js": `exports.revision = "aaa111"; exports.downRevision = null; exports.upgrade = async () => {}; exports.downgrade = async () => {};\n`,
      });
      const run = await cli(["revision", "--baseline", "-m", "baseline"], dir);
      expect(run.code).toBe(2);
      expect(run.stderr).toContain("already holds 1 migration file");
      expect(run.stderr).toContain("0001_first.js");
      expect(migrationFiles(dir, "migrations")).toEqual([]);
      expect(fs.readdirSync(path.join(dir, "migrations")).sort()).toEqual([".keep", "0001_first.js"]);
      expect(await db.query("SELECT to_regclass('public.autogen_version') IS NULL AS missing")).toEqual([{ missing: true }]);
    } finally {
      await db.drop();
    }
  });

  it("an empty database: exit 2, pointing at autogen -m instead", async () => {
    const db = await createTestDatabase("empty");
    try {
      const dir = shopProject(db);
      const run = await cli(["revision", "--baseline", "-m", "baseline"], dir);
      expect(run.code).toBe(2);
      expect(run.stderr).toContain("has nothing to adopt");
      expect(run.stderr).toContain('autogen -m');
      expect(fs.readdirSync(path.join(dir, "migrations"))).toEqual([".keep"]);
    } finally {
      await db.drop();
    }
  });

  it("a database already stamped with a revision: exit 2", async () => {
    const db = await handBuilt();
    try {
      await db.query("CREATE TABLE autogen_version (version_num varchar(32) PRIMARY KEY); INSERT INTO autogen_version VALUES ('cafe01')");
      const dir = shopProject(db);
      const run = await cli(["revision", "--baseline", "-m", "baseline"], dir);
      expect(run.code).toBe(2);
      expect(run.stderr).toContain("cafe01");
      expect(fs.readdirSync(path.join(dir, "migrations"))).toEqual([".keep"]);
    } finally {
      await db.drop();
    }
  });

  it("--baseline with --shadow, --head or --depends-on: exit 2", async () => {
    const dir = shopProject(null);
    for (const extra of [["--shadow"], ["--head", "base"], ["--depends-on", "abc"]]) {
      const run = await cli(["revision", "--baseline", "-m", "baseline", ...extra], dir, noServer);
      expect(run.code).toBe(2);
      expect(run.stderr).toContain(extra[0]);
    }
  });
});

describe("revision --baseline with a free-standing sequence (one the entities cannot describe)", () => {
  const INVOICE = `
import { Column, Entity, PrimaryGeneratedColumn } from "typeorm";

@Entity("invoices")
export class Invoice {
  @PrimaryGeneratedColumn({ primaryKeyConstraintName: "invoices_pkey" })
  id!: number;

  @Column({ type: "text", default: () => "('INV-'::text || nextval('invoice_seq'::regclass))" })
  number!: string;
}
`;
  const SQL = `
    CREATE SEQUENCE invoice_seq START 1000 INCREMENT 10;
    CREATE TABLE invoices (id serial CONSTRAINT invoices_pkey PRIMARY KEY, number text NOT NULL DEFAULT ('INV-' || nextval('invoice_seq')));
    -- Owned by a column whose default is not a plain nextval: a free-standing sequence in the model.
    ALTER SEQUENCE invoice_seq OWNED BY invoices.number;
  `;
  let db: TestDatabase;
  let dir: string;
  beforeAll(async () => {
    db = await createTestDatabase("seq");
    await db.query(SQL);
    dir = tempProject({
      "autogen.config.json": JSON.stringify({ entities: ["entities/*.ts"], migrations: "migrations", databaseUrl: db.url }),
      "entities/invoice.ts": INVOICE,
      "migrations/.keep": "",
    });
  });
  afterAll(async () => {
    await db.drop();
  });

  it("the baseline creates the sequence, then the table, then hands the sequence to its owner; it replays on PG15 and PGlite", async () => {
    const run = await cli(["revision", "--baseline", "-m", "baseline"], dir);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    const fresh = await createTestDatabase("seqreplay");
    try {
      expect((await cli(["upgrade", "head", "--url", fresh.url], dir)).code).toBe(0);
      const args = { args: ["--exclude-table=public.autogen_*"] };
      expect(pgDump(fresh.url, args)).toBe(pgDump(db.url, args));
      expect((await cli(["downgrade", "base", "--url", fresh.url], dir)).code).toBe(0);
      expect(await fresh.query("SELECT to_regclass('public.invoice_seq') IS NULL AS gone")).toEqual([{ gone: true }]);
    } finally {
      await fresh.drop();
    }
    // On PGlite: the test kit's upgrade and up/down checks replay it (and the entity check below).
    const test = await cli(["test"], dir, noServer);
    expect(test.stdout).toContain("PASS  upgrades from base to head");
    expect(test.stdout).toContain("PASS  every downgrade undoes its upgrade");
  }, 180_000);

  // Entities cannot describe a free-standing sequence: entity mode leaves it alone (managed-kinds.ts).
  it("check --shadow leaves the sequence alone", async () => {
    const shadow = await cli(["check", "--shadow"], dir, noServer);
    expect(shadow.stdout).toBe("No changes in schema detected.\n");
  });
});
