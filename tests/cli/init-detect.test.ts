/**
 * `autogen init` on projects as they come: the config it writes names the project's DataSource module
 * when there is one (its naming strategy decides the names), else the files declaring entities, else the
 * default glob; dependencies, builds, tests and migrations are not read. Before, init always wrote
 * `entities: ["src/entities/*.ts"]`: on a project whose DataSource sets a naming strategy, the first
 * `autogen -m` then planned every column under TypeORM's default names. The end-to-end case runs on a
 * real PostgreSQL 15, with TypeORM's own schema builder as the judge.
 */
import "reflect-metadata";
import fs from "node:fs";
import path from "node:path";
import { initProject } from "../../src/api/init";
import { createTestDatabase, type TestDatabase } from "../support/test-db";
import { cli, migrationFiles, tempProject } from "./cli-support";

const DATA_SOURCE = `
import { DataSource, DefaultNamingStrategy } from "typeorm";
import { Account } from "./entities/account";

/** snake_case columns, as typeorm-naming-strategies' SnakeNamingStrategy gives. */
class SnakeNames extends DefaultNamingStrategy {
  columnName(propertyName: string, customName: string | undefined, prefixes: string[]): string {
    const name = customName ?? propertyName.replace(/[A-Z]/g, (c) => "_" + c.toLowerCase());
    return prefixes.length > 0 ? prefixes.join("_") + "_" + name : name;
  }
}

export const AppDataSource = new DataSource({
  type: "postgres",
  url: process.env.DATABASE_URL,
  entities: [Account],
  namingStrategy: new SnakeNames(),
});
`;

const ACCOUNT = `
import { Column, Entity, PrimaryGeneratedColumn } from "typeorm";

@Entity("accounts")
export class Account {
  @PrimaryGeneratedColumn() id: number;
  @Column({ type: "varchar", length: 80 }) displayName: string;
  @Column({ type: "timestamptz", nullable: true }) lastSeenAt: Date | null;
}
`;

const configOf = (dir: string): string => fs.readFileSync(path.join(dir, "autogen.config.ts"), "utf8");
/** The config's effective lines (comments left out). */
const settingsOf = (dir: string): string[] =>
  configOf(dir)
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => line !== "" && !line.startsWith("//"));

describe("autogen init finds the entities", () => {
  it("names the DataSource module when there is one, and says so", async () => {
    const dir = tempProject({ "src/data-source.ts": DATA_SOURCE, "src/entities/account.ts": ACCOUNT });
    const run = await cli(["init"], dir);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("Found your TypeORM DataSource in src/data-source.ts");
    expect(settingsOf(dir)).toContain('dataSource: "src/data-source.ts",');
    expect(settingsOf(dir).some((line) => line.startsWith("entities:"))).toBe(false);
  });

  it("prefers a module named as the DataSource, and names the others", async () => {
    const dir = tempProject({
      "src/app.ts": DATA_SOURCE.replace("./entities/account", "./entities/account"),
      "src/db/data-source.ts": DATA_SOURCE.replace("./entities/account", "../entities/account"),
      "src/entities/account.ts": ACCOUNT,
    });
    const { source } = await initProject({ dir });
    expect(source).toEqual({ kind: "dataSource", file: "src/db/data-source.ts", others: ["src/app.ts"], found: "detected" });
  });

  it("names NestJS-style *.entity.ts files with one glob", async () => {
    const dir = tempProject({
      "src/users/user.entity.ts": ACCOUNT.replace("Account", "User").replace('"accounts"', '"users"'),
      "src/orders/order.entity.ts": ACCOUNT.replace("Account", "Order").replace('"accounts"', '"orders"'),
      "src/orders/orders.service.ts": "export class OrdersService {}\n",
    });
    const { source } = await initProject({ dir });
    expect(source).toEqual({ kind: "entities", globs: ["src/**/*.entity.ts"], found: "detected" });
    expect(settingsOf(dir)).toContain('entities: ["src/**/*.entity.ts"],');
  });

  it("names the folders of entity files otherwise", async () => {
    const dir = tempProject({ "src/models/account.ts": ACCOUNT, "src/models/index.ts": "export * from './account';\n" });
    expect((await initProject({ dir })).source).toEqual({ kind: "entities", globs: ["src/models/*.ts"], found: "detected" });
  });

  it("reads no dependencies, builds, tests or migrations, and falls back to the default glob", async () => {
    const dir = tempProject({
      "node_modules/some-lib/data-source.js": DATA_SOURCE,
      "dist/data-source.js": DATA_SOURCE,
      "test/data-source.ts": DATA_SOURCE,
      "migrations/old.ts": ACCOUNT,
      "src/index.ts": "console.log('hello');\n",
    });
    const run = await cli(["init"], dir);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("No DataSource module or entity file found");
    expect(settingsOf(dir)).toContain('entities: ["src/entities/*.ts"],');
  });

  it("takes --data-source or --entities as given, and refuses both", async () => {
    const given = tempProject({ "src/data-source.ts": DATA_SOURCE, "src/entities/account.ts": ACCOUNT });
    const run = await cli(["init", "--entities", "src/entities/*.ts"], given);
    expect(run.code).toBe(0);
    expect(settingsOf(given)).toContain('entities: ["src/entities/*.ts"],');
    const both = tempProject({ "src/data-source.ts": DATA_SOURCE });
    const refused = await cli(["init", "--entities", "a/*.ts", "--data-source", "src/data-source.ts"], both);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain("--data-source or --entities, not both");
    expect(fs.readdirSync(both).sort()).toEqual(["src"]);
  });
});

describe("on PostgreSQL 15", () => {
  let db: TestDatabase;
  afterEach(async () => {
    await db?.drop();
  });

  it("the first migration after a plain init has the DataSource's names, and TypeORM finds nothing left to do", async () => {
    db = await createTestDatabase("init_detect");
    const dir = tempProject({ "src/data-source.ts": DATA_SOURCE, "src/entities/account.ts": ACCOUNT });
    expect((await cli(["init"], dir)).code).toBe(0);
    const env = { DATABASE_URL: db.url };
    const generated = await cli(["-m", "initial"], dir, env);
    expect(generated.code).toBe(0);
    const [file] = migrationFiles(dir);
    const migration = fs.readFileSync(path.join(dir, "migrations", file!), "utf8");
    expect(migration).toContain('name: "display_name"');
    expect(migration).toContain('name: "last_seen_at"');
    expect(migration).not.toContain("displayName");
    expect((await cli(["upgrade", "head"], dir, env)).code).toBe(0);
    // TypeORM's schema builder, with the project's own DataSource options, has nothing to run.
    const { DataSource, DefaultNamingStrategy, Entity, PrimaryGeneratedColumn, Column } = await import("typeorm");
    class SnakeNames extends DefaultNamingStrategy {
      override columnName(propertyName: string, customName: string | undefined, prefixes: string[]): string {
        const name = customName ?? propertyName.replace(/[A-Z]/g, (c) => "_" + c.toLowerCase());
        return prefixes.length > 0 ? prefixes.join("_") + "_" + name : name;
      }
    }
    @Entity("accounts")
    class Account {
      @PrimaryGeneratedColumn() id!: number;
      @Column({ type: "varchar", length: 80 }) displayName!: string;
      @Column({ type: "timestamptz", nullable: true }) lastSeenAt!: Date | null;
    }
    const ds = new DataSource({ type: "postgres", url: db.url, entities: [Account], namingStrategy: new SnakeNames() });
    await ds.initialize();
    try {
      expect((await ds.driver.createSchemaBuilder().log()).upQueries.map((q) => q.query)).toEqual([]);
    } finally {
      await ds.destroy();
    }
  });
});
