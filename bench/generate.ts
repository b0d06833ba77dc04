/**
 * Generates a benchmark project: N TypeORM entity files written in TypeScript with decorators, about ten
 * columns each (a uuid or serial primary key, varchar, int with a default, numeric(10,2), boolean with a
 * default, a timestamptz CreateDateColumn, nullable text, an enum on every third entity, a ManyToOne
 * foreign key to the previous entity), plus one `@Unique`, one `@Check` and one `@Index` per entity, and
 * an `autogen.config.json` pointing at them, and an empty `migrations/` folder.
 *
 * Entities are numbered with zero-padded names so that the loader, which sorts files, loads each one
 * after the entity it references: the import chain never recurses deeper than one file.
 *
 * Run on its own: `npx ts-node --transpile-only bench/generate.ts <count> <dir> [databaseUrl]`.
 */
import fs from "node:fs";
import path from "node:path";

export interface GeneratedProject {
  /** The project directory (holds `autogen.config.json` and `entities/`). */
  readonly dir: string;
  /** The config file written. */
  readonly configFile: string;
  /** Absolute paths of the entity files, in numbering order. */
  readonly entityFiles: readonly string[];
  /** Table names, in numbering order. */
  readonly tables: readonly string[];
}

/** Varchar lengths cycled through, so that type normalisation sees more than one distinct type. */
const LENGTHS = [40, 64, 80, 120, 255] as const;

function pad(i: number): string {
  return String(i).padStart(4, "0");
}

function className(i: number): string {
  return `BenchEntity${pad(i)}`;
}

function fileBase(i: number): string {
  return `bench-entity-${pad(i)}`;
}

/** `bench_entity_0042`. */
export function tableName(i: number): string {
  return `bench_entity_${pad(i)}`;
}

/** Whether entity `i` has a uuid (else a serial) primary key. */
function hasUuidKey(i: number): boolean {
  return i % 2 === 0;
}

/** The TypeScript source of entity `i`. */
export function entitySource(i: number): string {
  const hasEnum = i % 3 === 0;
  const hasParent = i > 0;
  const length = LENGTHS[i % LENGTHS.length]!;
  const imports = [
    "Check",
    "Column",
    "CreateDateColumn",
    "Entity",
    "Index",
    ...(hasParent ? ["JoinColumn", "ManyToOne"] : []),
    "PrimaryGeneratedColumn",
    "Unique",
  ];
  const lines: string[] = [];
  lines.push(`import { ${imports.join(", ")} } from "typeorm";`);
  if (hasParent) lines.push(`import { ${className(i - 1)} } from "./${fileBase(i - 1)}";`);
  lines.push("");
  if (hasEnum) {
    lines.push(`export enum Status${pad(i)} {`);
    lines.push(`  Draft = "draft",`, `  Active = "active",`, `  Archived = "archived_${i % 5}",`);
    lines.push("}", "");
  }
  lines.push(`@Entity({ name: "${tableName(i)}" })`);
  lines.push(`@Unique(["code"])`);
  lines.push(`@Check(\`"quantity" >= ${i % 4} AND "price" < ${1000 + i}\`)`);
  lines.push(`@Index(["name", "createdAt"])`);
  lines.push(`export class ${className(i)} {`);
  lines.push(hasUuidKey(i) ? `  @PrimaryGeneratedColumn("uuid")` : `  @PrimaryGeneratedColumn()`);
  lines.push(hasUuidKey(i) ? `  id: string;` : `  id: number;`, "");
  lines.push(`  @Column({ type: "varchar", length: ${length} })`, `  name: string;`, "");
  lines.push(`  @Column({ type: "varchar", length: 32 })`, `  code: string;`, "");
  lines.push(`  @Column({ type: "int", default: ${i % 3} })`, `  quantity: number;`, "");
  lines.push(`  @Column({ type: "numeric", precision: 10, scale: 2 })`, `  price: string;`, "");
  lines.push(`  @Column({ type: "boolean", default: ${i % 2 === 0} })`, `  active: boolean;`, "");
  lines.push(`  @CreateDateColumn({ name: "created_at", type: "timestamptz" })`, `  createdAt: Date;`, "");
  lines.push(`  @Column({ type: "text", nullable: true })`, `  notes: string | null;`, "");
  if (hasEnum) {
    lines.push(`  @Column({ type: "enum", enum: Status${pad(i)}, default: Status${pad(i)}.Draft })`);
    lines.push(`  status: Status${pad(i)};`, "");
  } else {
    lines.push(`  @Column({ type: "varchar", length: 16, default: "draft" })`, `  status: string;`, "");
  }
  if (hasParent) {
    lines.push(`  @ManyToOne(() => ${className(i - 1)}, { nullable: true, onDelete: "SET NULL" })`);
    lines.push(`  @JoinColumn({ name: "parent_id" })`);
    lines.push(`  parent: ${className(i - 1)} | null;`);
  }
  lines.push("}", "");
  return lines.join("\n");
}

/**
 * Writes a project of `count` entities into `dir` (created if missing; existing entity files of an
 * earlier run are replaced).
 */
export function generateProject(count: number, dir: string, databaseUrl?: string): GeneratedProject {
  const entitiesDir = path.join(dir, "entities");
  fs.rmSync(entitiesDir, { recursive: true, force: true });
  fs.mkdirSync(entitiesDir, { recursive: true });
  const entityFiles: string[] = [];
  const tables: string[] = [];
  for (let i = 0; i < count; i++) {
    const file = path.join(entitiesDir, `${fileBase(i)}.ts`);
    fs.writeFileSync(file, entitySource(i));
    entityFiles.push(file);
    tables.push(tableName(i));
  }
  // `autogen check` compares the database's revision with the migrations' heads first: none and none.
  fs.mkdirSync(path.join(dir, "migrations"), { recursive: true });
  const config: Record<string, unknown> = { entities: ["entities/*.ts"] };
  if (databaseUrl) config.databaseUrl = databaseUrl;
  const configFile = path.join(dir, "autogen.config.json");
  fs.writeFileSync(configFile, `${JSON.stringify(config, null, 2)}\n`);
  return { dir, configFile, entityFiles, tables };
}

if (require.main === module) {
  const [countArg, dirArg, url] = process.argv.slice(2);
  const count = Number(countArg);
  if (!Number.isInteger(count) || count < 1 || !dirArg) {
    process.stderr.write("usage: ts-node --transpile-only bench/generate.ts <count> <dir> [databaseUrl]\n");
    process.exit(2);
  }
  const project = generateProject(count, path.resolve(dirArg), url);
  process.stdout.write(`Wrote ${project.entityFiles.length} entities and ${project.configFile}\n`);
}
