/** Every entity fixture set of the project, for tests/e2e/fixture-sets*.test.ts. */
import path from "node:path";

export interface FixtureSet {
  readonly name: string;
  readonly dir: string;
  readonly source: { entities: string[] } | { dataSource: string };
  readonly schemas?: string[];
}

export const FIXTURE_SETS: readonly FixtureSet[] = [
  // (tests/entities/fixtures/quirks is left out: TypeORM's own synchronize() fails on it, writing the
  // default 'it's' unescaped; tests/entities/synchronize-names.test.ts covers it without that default.)
  { name: "blog (circular relations, join tables, untyped @Column)", dir: "tests/entities/fixtures/blog", source: { entities: ["*.ts"] }, schemas: ["app"] },
  { name: "shop (DataSource with a custom naming strategy)", dir: "tests/entities/fixtures", source: { dataSource: "shop/data-source.ts" }, schemas: ["shop"] },
  { name: "e2e v1", dir: "tests/e2e/entities/v1", source: { entities: ["*.ts"] } },
  { name: "e2e v2 (second schema)", dir: "tests/e2e/entities/v2", source: { entities: ["*.ts"] }, schemas: ["catalog"] },
  { name: "zoo (inheritance, embedded, composite keys, closure table, many column types)", dir: "tests/e2e/entities/zoo", source: { entities: ["*.ts"] } },
  { name: "memstack example", dir: "fixtures/memstack", source: { entities: ["*.entity.ts"] } },
  {
    name: "snake (DataSource with a snake_case naming strategy, a __dirname glob, embedded columns)",
    dir: "tests/e2e/entities/snake",
    source: { dataSource: "data-source.ts" },
  },
  {
    name: "assorted (numeric TS enum, enum and varchar arrays with defaults, jsonb object defaults, citext, self many-to-many)",
    dir: "tests/e2e/entities/assorted",
    source: { entities: ["*.ts"] },
    schemas: ["geo"],
  },
  {
    name: "desk (trees, shared enum, identity, generated and deferrable columns, rarer column types)",
    dir: "tests/e2e/entities/desk",
    source: { entities: ["*.ts"] },
    schemas: ["ops"],
  },
];

/** The project root, which the sets' folders are relative to. */
export const ROOT = path.join(__dirname, "..", "..");
