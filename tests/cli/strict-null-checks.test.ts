/**
 * The entities are compiled with the project's `strictNullChecks` (tsconfig `strict` or `strictNullChecks`),
 * the one type-checking option that changes what TypeScript emits for TypeORM: the decorator metadata of a
 * property typed as a union with null (`title: string | null`) is `String` without it and `Object` with it,
 * which the project's own TypeORM refuses when the application starts. autogen compiled every project
 * without it, and wrote a varchar column for an entity the application could not load. In a real process
 * (in jest, entity files are compiled by jest's own transform, not the tool's loader). On PostgreSQL 15.
 */
import fs from "node:fs";
import path from "node:path";
import { createTestDatabase, type TestDatabase } from "../support/test-db";
import { autogenProcess } from "./check-process";
import { migrationFiles, tempProject } from "./cli-support";

const NULLABLE_UNION = `
import { Column, Entity, PrimaryGeneratedColumn } from "typeorm";

@Entity({ name: "notes" })
export class Note {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ nullable: true })
  title: string | null;
}
`;

let db: TestDatabase;

beforeAll(async () => {
  db = await createTestDatabase("strict_null");
});

afterAll(async () => {
  await db.drop();
});

function project(compilerOptions: Record<string, unknown>): string {
  return tempProject({
    "autogen.config.json": JSON.stringify({ entities: ["entities/*.ts"], databaseUrl: db.url }),
    "tsconfig.json": JSON.stringify({ compilerOptions: { experimentalDecorators: true, emitDecoratorMetadata: true, ...compilerOptions } }),
    "entities/note.ts": NULLABLE_UNION,
    "migrations/.keep": "",
  });
}

it.each([
  ["strict", { strict: true }],
  ["strictNullChecks", { strictNullChecks: true }],
])("with %s, a column typed string | null and no type is refused as the project's TypeORM refuses it, naming it and the way out; nothing is written", async (_name, options) => {
  const dir = project(options);
  const run = await autogenProcess(dir, {}, ["-m", "notes", "--quiet"]);
  expect(run.code).toBe(1);
  expect(run.stderr).toContain('Data type "Object" in "Note.title" is not supported by "postgres" database.');
  expect(run.stderr).toContain(`(${path.join(dir, "entities", "note.ts")})`);
  expect(run.stderr).toContain('give the column its type, `@Column({ type: "varchar", nullable: true })`');
  expect(migrationFiles(dir)).toEqual([]);
});

it("without them (or strict with strictNullChecks off) the same column is a varchar, as the project's TypeORM infers it", async () => {
  for (const options of [{}, { strict: true, strictNullChecks: false }]) {
    const dir = project(options);
    const run = await autogenProcess(dir, {}, ["-m", "notes", "--quiet"]);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    const [file] = migrationFiles(dir);
    expect(fs.readFileSync(path.join(dir, "migrations", file!), "utf8")).toContain('{ name: "title", type: "character varying" }');
  }
});

it("with strict, the column given its type is compiled and compared as usual", async () => {
  const dir = project({ strict: true });
  fs.writeFileSync(path.join(dir, "entities/note.ts"), NULLABLE_UNION.replace("@Column({ nullable: true })", '@Column({ type: "varchar", nullable: true })'));
  const run = await autogenProcess(dir, {}, ["-m", "notes", "--quiet"]);
  expect(run.code).toBe(0);
  expect(migrationFiles(dir)).toHaveLength(1);
});
