/**
 * A user project for one TypeORM x TypeScript pair: its own `typeorm`, `typescript` and `pg` from the
 * registry and pg-autogen installed from the packed tarball, as a user installs it. No `@types/node` (a
 * TypeScript 4.9 project without it is where a hoisted `@types/node` 26 broke the build).
 *
 * The project folder is kept between runs in the installs cache (tests/support/installs.ts), as a user's
 * project is: each run writes its files afresh and runs `npm install` with the new tarball, which then
 * replaces the tool (and whatever its dependencies changed) and keeps the rest.
 *
 * The entities use what differs between TypeORM versions: partial unique indexes with `where` and named
 * and unnamed `@Check`s (0.3 hashes names whose input holds a space differently), many-to-many join tables
 * with `onDelete`, declared on both sides (the inverse side's ON UPDATE changed), single-table inheritance
 * (1.1.2 indexes the discriminator), enums, jsonb defaults, a uuid key, and relations that import each other.
 */
import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { acquireLock, installsRoot } from "../support/installs";
import type { VersionPair } from "./matrix";

const run = promisify(execFile);

export const ENTITY_FILES: Readonly<Record<string, string>> = {
  "src/entities/author.ts": `import { Check, Column, Entity, Index, OneToMany, PrimaryGeneratedColumn } from "typeorm";
import { Book } from "./book";

export enum Role {
  Writer = "writer",
  Editor = "editor",
}

@Entity("authors")
@Check(\`"age" >= 0\`)
@Check("CHK_author_name_not_blank", \`char_length("name") > 0\`)
@Index("IDX_author_email_live", ["email"], { unique: true, where: \`"deleted_at" IS NULL\` })
@Index(["name"], { unique: true, where: \`"role" = 'editor'\` })
export class Author {
  @PrimaryGeneratedColumn()
  id: number;

  @Column()
  name: string;

  @Column({ type: "varchar", length: 200 })
  email: string;

  @Column({ type: "int", nullable: true })
  age: number | null;

  @Column({ type: "enum", enum: Role, default: Role.Writer })
  role: Role;

  @Column({ type: "jsonb", default: () => \`'{"theme": "dark"}'\` })
  settings: Record<string, unknown>;

  @Column({ type: "timestamptz", nullable: true })
  deleted_at: Date | null;

  @OneToMany(() => Book, (book) => book.author)
  books: Book[];
}
`,
  "src/entities/book.ts": `import { Column, Entity, JoinTable, ManyToMany, ManyToOne, PrimaryGeneratedColumn } from "typeorm";
import { Author } from "./author";
import { Tag } from "./tag";

@Entity("books")
export class Book {
  @PrimaryGeneratedColumn("uuid")
  id: string;

  @Column()
  title: string;

  @Column({ type: "enum", enum: ["draft", "published"], enumName: "book_status", default: "draft" })
  status: "draft" | "published";

  @Column({ type: "jsonb", default: () => "'[]'" })
  chapters: string[];

  @Column({ type: "numeric", precision: 10, scale: 2, default: 0 })
  price: string;

  @ManyToOne(() => Author, (author) => author.books, { onDelete: "CASCADE" })
  author: Author;

  @ManyToMany(() => Tag, (tag) => tag.books, { onDelete: "CASCADE" })
  @JoinTable()
  tags: Tag[];
}
`,
  "src/entities/tag.ts": `import { Check, Column, Entity, Index, ManyToMany, PrimaryGeneratedColumn } from "typeorm";
import { Book } from "./book";

@Entity("tags")
@Index(["label"], { unique: true, where: \`"archived" = false\` })
@Check(\`char_length("label") <= 40\`)
export class Tag {
  @PrimaryGeneratedColumn()
  id: number;

  @Column()
  label: string;

  @Column({ default: false })
  archived: boolean;

  @ManyToMany(() => Book, (book) => book.tags, { onDelete: "CASCADE" })
  books: Book[];
}
`,
  "src/entities/content.ts": `import { ChildEntity, Column, Entity, ManyToMany, JoinTable, PrimaryGeneratedColumn, TableInheritance } from "typeorm";
import { Tag } from "./tag";

@Entity("content")
@TableInheritance({ column: { type: "varchar", name: "kind" } })
export class Content {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: "jsonb", default: {} })
  meta: Record<string, unknown>;

  @ManyToMany(() => Tag, { onDelete: "RESTRICT" })
  @JoinTable({ name: "content_tags" })
  tags: Tag[];
}

@ChildEntity("note")
export class Note extends Content {
  @Column({ type: "text", nullable: true })
  body: string | null;
}
`,
};

/** The project's other files: tsconfig, DataSource, its own sync script, the tool's config files. */
export const OTHER_FILES: Readonly<Record<string, string>> = {
  "tsconfig.json": JSON.stringify(
    {
      compilerOptions: {
        target: "es2019",
        module: "commonjs",
        lib: ["es2019"],
        strict: true,
        strictPropertyInitialization: false,
        experimentalDecorators: true,
        emitDecoratorMetadata: true,
        skipLibCheck: true,
        outDir: "dist",
        rootDir: ".",
      },
      include: ["src/**/*.ts", "autogen.config.ts"],
    },
    null,
    2,
  ),
  "src/data-source.ts": `import "reflect-metadata";
import { DataSource } from "typeorm";
import { Author } from "./entities/author";
import { Book } from "./entities/book";
import { Content, Note } from "./entities/content";
import { Tag } from "./entities/tag";

export function dataSource(url: string): DataSource {
  return new DataSource({ type: "postgres", url, entities: [Author, Book, Tag, Content, Note] });
}
`,
  // The project's own schema builder, compiled by the project's own tsc.
  "src/sync.ts": `import { dataSource } from "./data-source";

// No @types/node in this project.
declare const process: { argv: string[]; exitCode?: number };
declare const console: { log(...values: unknown[]): void; error(...values: unknown[]): void };

async function main(): Promise<void> {
  const source = dataSource(process.argv[2]!);
  await source.initialize();
  if (process.argv[3] === "pending") {
    const statements = (await source.driver.createSchemaBuilder().log()).upQueries.map((query) => query.query);
    console.log(JSON.stringify(statements));
  } else {
    await source.synchronize();
  }
  await source.destroy();
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
`,
  "autogen.config.ts": `import { defineConfig } from "pg-autogen";

export default defineConfig({ entities: ["src/entities/*.ts"] });
`,
  // The compiled entities, as a project that ships dist/ would point the tool at them.
  "autogen.dist.config.js": `module.exports = { entities: ["dist/src/entities/*.js"], migrations: "migrations-dist" };\n`,
  // The (empty) histories, as \`autogen init\` leaves them.
  "migrations/.gitkeep": "",
  "migrations-dist/.gitkeep": "",
};

/** A command's outcome. */
export interface CommandResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
  readonly seconds: number;
}

/** A user project for one pair, installed and ready. */
export class UserProject {
  private constructor(
    readonly dir: string,
    readonly pair: VersionPair,
    private readonly releaseLock: () => void,
  ) {}

  /**
   * Writes the project's files into its folder (kept between runs, locked while in use) and installs its
   * dependencies and the tarball.
   */
  static async create(pair: VersionPair, tarball: string): Promise<{ project: UserProject; installSeconds: number }> {
    const dir = path.join(installsRoot(), "projects", `typeorm-${pair.typeorm}_typescript-${pair.typescript}`);
    const release = await acquireLock(`${dir}.lock`);
    try {
      fs.mkdirSync(dir, { recursive: true });
      for (const generated of ["src", "dist", "migrations", "migrations-dist", "connected", path.join("node_modules", ".cache")]) {
        fs.rmSync(path.join(dir, generated), { recursive: true, force: true });
      }
      // The tarball under a name of its own, so that npm sees a new package each run.
      const copy = path.join(os.tmpdir(), `pg-autogen-${process.pid}-${Date.now()}.tgz`);
      fs.copyFileSync(tarball, copy);
      const dependencies = { typeorm: pair.typeorm, typescript: pair.typescript, pg: "8.23.1", "pg-autogen": `file:${copy}` };
      fs.writeFileSync(path.join(dir, "package.json"), JSON.stringify({ name: "user-app", private: true, dependencies }, null, 2));
      for (const [file, content] of Object.entries({ ...ENTITY_FILES, ...OTHER_FILES })) {
        fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
        fs.writeFileSync(path.join(dir, file), content);
      }
      const started = Date.now();
      try {
        await run("npm", ["install", "--no-audit", "--no-fund", "--prefer-offline", "--loglevel=error"], {
          cwd: dir,
          maxBuffer: 16 * 1024 * 1024,
        });
      } finally {
        fs.rmSync(copy, { force: true });
      }
      return { project: new UserProject(dir, pair, release), installSeconds: (Date.now() - started) / 1000 };
    } catch (error) {
      release();
      throw error;
    }
  }

  /** Runs `command` (a binary of the project's node_modules/.bin, or node) in the project folder. */
  async exec(command: string, args: readonly string[], env: NodeJS.ProcessEnv = {}): Promise<CommandResult> {
    const bin = command === "node" ? process.execPath : path.join(this.dir, "node_modules", ".bin", command);
    const started = Date.now();
    try {
      const { stdout, stderr } = await run(bin, [...args], {
        cwd: this.dir,
        env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env },
        maxBuffer: 16 * 1024 * 1024,
      });
      return { code: 0, stdout, stderr, seconds: (Date.now() - started) / 1000 };
    } catch (error) {
      const failed = error as { code?: number; stdout?: string; stderr?: string };
      return {
        code: typeof failed.code === "number" ? failed.code : 1,
        stdout: failed.stdout ?? "",
        stderr: failed.stderr ?? String(error),
        seconds: (Date.now() - started) / 1000,
      };
    }
  }

  /** The version of an installed package. */
  version(name: string): string {
    return (JSON.parse(fs.readFileSync(path.join(this.dir, "node_modules", name, "package.json"), "utf8")) as { version: string }).version;
  }

  /** Lets another run use the project folder (which stays, with what this run left in it). */
  release(): void {
    this.releaseLock();
  }
}
