/**
 * A real TypeORM 0.3 project adopts pg-autogen. TypeORM 0.3.31 is installed with npm into a throwaway
 * project (the tool itself bundles TypeORM 1.x); the project's two TypeORM migration classes (as its
 * `migration:generate` wrote them) are run by that TypeORM's own `DataSource.runMigrations()` on
 * PostgreSQL 15. Then `autogen revision --baseline` + stamp adopts the database: `check`, `check --shadow`
 * and `autogen test` (PGlite) pass, TypeORM's `migrations` table and files are untouched, and after an
 * `autogen -m` sync the project's own TypeORM schema builder proposes nothing that reverts it.
 */
import { createHash } from "node:crypto";
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import ts from "typescript";
import { cli, migrationFiles } from "../cli/cli-support";
import { createTestDatabase, type TestDatabase } from "../support/test-db";
import { projectIn, throwawayInstall } from "../support/throwaway-install";

const FIXTURE = path.join(__dirname, "typeorm03-project");
const TYPEORM_03 = { typeorm: "0.3.31", pg: "8.23.1", "reflect-metadata": "0.2.2" };
const noServer = { DATABASE_URL: undefined };

/** The project's own TypeORM, in a child process: `migrate` runs its migrations, `pending` is `schema:log`. */
const TYPEORM_CLI = `
require("reflect-metadata");
const path = require("path");
const { DataSource } = require("typeorm");
const [command, url] = process.argv.slice(2);
const ds = new DataSource({
  type: "postgres",
  url,
  entities: [path.join(__dirname, "dist/entities/*.js")],
  migrations: [path.join(__dirname, "dist/migrations/*.js")],
});
(async () => {
  await ds.initialize();
  try {
    let out;
    if (command === "migrate") out = (await ds.runMigrations({ transaction: "each" })).map((m) => m.name);
    else if (command === "pending") out = (await ds.driver.createSchemaBuilder().log()).upQueries.map((q) => q.query);
    else if (command === "version") out = JSON.parse(require("fs").readFileSync(path.join(path.dirname(require.resolve("typeorm")), "package.json"), "utf8")).version;
    process.stdout.write(JSON.stringify(out));
  } finally {
    await ds.destroy();
  }
})().catch((error) => {
  console.error(error.stack);
  process.exit(1);
});
`;

function readTree(dir: string, base = dir): Record<string, string> {
  const files: Record<string, string> = {};
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) Object.assign(files, readTree(full, base));
    else files[path.relative(base, full)] = fs.readFileSync(full, "utf8");
  }
  return files;
}

/** `src/**.ts` -> `dist/**.js`, as the project's own build (tsc with decorator metadata) does. */
function build(project: string): void {
  for (const [file, source] of Object.entries(readTree(path.join(project, "src")))) {
    const { outputText } = ts.transpileModule(source, {
      compilerOptions: {
        module: ts.ModuleKind.CommonJS,
        target: ts.ScriptTarget.ES2021,
        experimentalDecorators: true,
        emitDecoratorMetadata: true,
        esModuleInterop: true,
      },
    });
    const out = path.join(project, "dist", file.replace(/\.ts$/, ".js"));
    fs.mkdirSync(path.dirname(out), { recursive: true });
    fs.writeFileSync(out, outputText);
  }
}

function typeorm<T>(project: string, command: "migrate" | "pending" | "version", url: string): T {
  return JSON.parse(execFileSync(process.execPath, ["typeorm-cli.js", command, url], { cwd: project, encoding: "utf8" })) as T;
}

/** Checksums of the project's TypeORM migration files, sources and builds. */
function typeormMigrationFiles(project: string): Record<string, string> {
  const sums: Record<string, string> = {};
  for (const folder of ["src/migrations", "dist/migrations"]) {
    for (const [file, text] of Object.entries(readTree(path.join(project, folder)))) {
      sums[`${folder}/${file}`] = createHash("sha256").update(text).digest("hex");
    }
  }
  return sums;
}

function editEntity(project: string, file: string, edit: (source: string) => string): void {
  const full = path.join(project, "src", "entities", file);
  fs.writeFileSync(full, edit(fs.readFileSync(full, "utf8")));
  build(project);
}

describe("adopting a database built by a TypeORM 0.3 project's own migrations", () => {
  let db: TestDatabase;
  let project: string;
  let migrationsRows: unknown[];
  let migrationsFiles: Record<string, string>;

  beforeAll(async () => {
    const root = throwawayInstall(TYPEORM_03);
    const sources = Object.fromEntries(Object.entries(readTree(path.join(FIXTURE, "src"))).map(([f, t]) => [`src/${f}`, t]));
    db = await createTestDatabase("t03");
    project = projectIn(root, {
      ...sources,
      "typeorm-cli.js": TYPEORM_CLI,
      // autogen's history lives in a folder of its own, beside TypeORM's.
      "autogen.config.json": JSON.stringify({ entities: ["src/entities/*.ts"], migrations: "db/autogen", databaseUrl: db.url }),
    });
    build(project);
    expect(typeorm<string>(project, "version", db.url)).toBe("0.3.31");
    expect(typeorm<string[]>(project, "migrate", db.url)).toEqual(["CreateAuthors1700000000000", "CreateBooks1700000100000"]);
    migrationsRows = await db.query("SELECT * FROM migrations ORDER BY id");
    migrationsFiles = typeormMigrationFiles(project);
  }, 400_000);

  afterAll(async () => {
    await db?.drop();
  });

  it("TypeORM 0.3 itself finds its database in sync with its entities", () => {
    expect(typeorm<string[]>(project, "pending", db.url)).toEqual([]);
  });

  it("revision --baseline writes the first revision and stamps the database; TypeORM's migrations table and files stay untouched", async () => {
    const run = await cli(["revision", "--baseline", "-m", "baseline", "--rev-id", "adopt01"], project);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    const files = migrationFiles(project, "db/autogen");
    expect(files).toHaveLength(1);
    const content = fs.readFileSync(path.join(project, "db/autogen", files[0]!), "utf8");
    expect(content).toContain('op.createTable("authors"');
    expect(content).toContain('op.createTable("books"');
    expect(content).toContain('op.createEnum("authors_role_enum"');
    expect(content).not.toMatch(/"migrations"/);
    expect(await db.query("SELECT version_num FROM autogen_version")).toEqual([{ version_num: "adopt01" }]);
    expect(await db.query("SELECT * FROM migrations ORDER BY id")).toEqual(migrationsRows);
    expect(typeormMigrationFiles(project)).toEqual(migrationsFiles);
  });

  it("check against the database exits 0", async () => {
    const run = await cli(["check"], project);
    expect(run.stdout).toBe("No changes in schema detected.\n");
    expect(run.code).toBe(0);
  });

  it("check --shadow replays the baseline on PGlite and exits 0", async () => {
    const run = await cli(["check", "--shadow"], project, noServer);
    expect(run.stderr).toBe("");
    expect(run.stdout).toBe("No changes in schema detected.\n");
    expect(run.code).toBe(0);
  }, 120_000);

  it("autogen test passes on PGlite", async () => {
    const run = await cli(["test"], project, noServer);
    expect(run.stdout).toContain("4 passed, 0 failed");
    expect(run.code).toBe(0);
  }, 120_000);

  it("after an entity change, autogen -m and upgrade: TypeORM 0.3's own schema builder proposes nothing, and TypeORM's history is untouched", async () => {
    editEntity(project, "book.ts", (s) =>
      s
        .replace('@Index(["title"])', '@Index(["title"])\n@Index(["published"])')
        .replace("  published!: boolean;\n", '  published!: boolean;\n\n  @Column({ type: "int", default: 0 })\n  pages!: number;\n'),
    );
    const next = await cli(["-m", "pages", "--rev-id", "pages02"], project);
    expect(next.stderr).toBe("");
    expect(next.code).toBe(0);
    expect((await cli(["upgrade", "head"], project)).code).toBe(0);
    expect(typeorm<string[]>(project, "pending", db.url)).toEqual([]);
    expect(await db.query("SELECT * FROM migrations ORDER BY id")).toEqual(migrationsRows);
    expect(typeormMigrationFiles(project)).toEqual(migrationsFiles);
  });

  // Known failure until the project's own TypeORM builds the entity metadata (issue #8, item 1): the tool
  // builds it with the TypeORM 1.x it bundles, which gives a many-to-many join table's inverse-side foreign
  // key ON UPDATE CASCADE where 0.3 leaves NO ACTION, so TypeORM 0.3.31's schema builder proposes to drop
  // and re-create that key as autogen wrote it (seen: DROP CONSTRAINT "FK_c5f0..." then ADD ... ON UPDATE
  // NO ACTION). Older 0.3 releases also name the unnamed @Check and the index with a `where` otherwise.
  it.failing("after a check, a partial unique index and a many-to-many are added, TypeORM 0.3 proposes nothing either", async () => {
    fs.writeFileSync(
      path.join(project, "src", "entities", "tag.ts"),
      `import { Column, Entity, ManyToMany, PrimaryGeneratedColumn } from "typeorm";
import { Book } from "./book";

@Entity("tags")
export class Tag {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ length: 40 })
  label!: string;

  @ManyToMany(() => Book, (book) => book.tags)
  books!: Book[];
}
`,
    );
    editEntity(project, "book.ts", (s) =>
      s
        .replace('import { Column, Entity, Index, ManyToOne, PrimaryGeneratedColumn } from "typeorm";', 'import { Check, Column, Entity, Index, JoinTable, ManyToMany, ManyToOne, PrimaryGeneratedColumn } from "typeorm";\nimport { Tag } from "./tag";')
        .replace('@Index(["published"])', '@Index(["published"])\n@Index(["title"], { unique: true, where: \'"published" = true\' })\n@Check(\'"pages" >= 0\')')
        .replace("  author!: Author;\n", "  author!: Author;\n\n  @ManyToMany(() => Tag, (tag) => tag.books)\n  @JoinTable()\n  tags!: Tag[];\n"),
    );
    const next = await cli(["-m", "tags", "--rev-id", "tags03"], project);
    expect(next.code).toBe(0);
    expect((await cli(["upgrade", "head"], project)).code).toBe(0);
    expect(typeorm<string[]>(project, "pending", db.url)).toEqual([]);
  });
});
