/**
 * Loading entity files and DataSource modules (here inside jest, whose ts-jest compiles TypeScript; the
 * ts-node path of a plain Node process is covered by typescript-loader-node.test.ts).
 */
import path from "node:path";
import { EntitySchema } from "typeorm";
import { loadEntities, loadEntitySet } from "../../src/entities/load-entities";
import { loadModule } from "../../src/loader/load-module";
import { DataSourceFileMissingError, DataSourceModuleError, EntityLoadError, NoEntityFilesError } from "../../src/entities/entity-errors";

const FIXTURES = path.join(__dirname, "fixtures");

function namesOf(targets: readonly unknown[]): string[] {
  return targets.map((t) => (t instanceof EntitySchema ? `schema:${t.options.name}` : (t as { name: string }).name));
}

describe("loadEntities", () => {
  it("collects every exported class of the files a glob selects, in file order", async () => {
    const entities = await loadEntities({ entities: ["blog/*.ts"] }, FIXTURES);
    // Files in sorted order; the UserRole enum object holds no class and contributes nothing.
    expect(namesOf(entities)).toEqual(["Content", "Photo", "LegacyAudit", "ActiveUser", "Post", "Profile", "Tag", "User"]);
  });

  it("accepts several globs and absolute patterns, and loads each file once", async () => {
    const entities = await loadEntities(
      { entities: ["shop/order.ts", path.join(FIXTURES, "shop", "*.ts"), "shop/customer.ts"] },
      FIXTURES,
    );
    expect(namesOf(entities)).toEqual(["Customer", "ShortNamingStrategy", "Order"]);
  });

  it("refuses globs that match no file, naming them and the directory", async () => {
    const error = await loadEntities({ entities: ["nowhere/*.ts", "nothing.ts"] }, FIXTURES).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NoEntityFilesError);
    expect((error as Error).message).toBe(
      `No entity file matches "nowhere/*.ts", "nothing.ts" (relative to ${FIXTURES}). Check the "entities" ` +
        `globs in the configuration: an empty entity set would make every table look removed.`,
    );
  });

  it("reports a file that throws while loading, with its path and the error", async () => {
    const error = await loadEntities({ entities: ["invalid/throws.ts"] }, FIXTURES).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EntityLoadError);
    expect((error as EntityLoadError).file).toBe(path.join(FIXTURES, "invalid", "throws.ts"));
    expect((error as Error).message).toBe(
      `${path.join(FIXTURES, "invalid", "throws.ts")}:2:7: boom while loading. The entity file could not be ` +
        `loaded: fix it (or the entity glob that selected it) and run the command again; entity files are ` +
        `compiled with the project's TypeScript as CommonJS with decorator metadata.`,
    );
  });
});

describe("an entity file in JavaScript that throws while loading", () => {
  it("is reported without the note on how TypeScript files are compiled", async () => {
    const error = await loadEntities({ entities: ["invalid/throws-plain.js"] }, FIXTURES).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EntityLoadError);
    expect((error as Error).message).toBe(
      `${path.join(FIXTURES, "invalid", "throws-plain.js")}:2:7: boom while loading. The entity file could not be ` +
        `loaded: fix it (or the entity glob that selected it) and run the command again.`,
    );
  });
});

describe("loadEntitySet with a DataSource module", () => {
  it("takes the entities (classes and globs) and the options that shape the schema", async () => {
    const set = await loadEntitySet({ dataSource: "shop/data-source.ts" }, FIXTURES);
    expect(namesOf(set.entities)).toEqual(["Order", "Customer"]);
    expect(set.options.schema).toBe("shop");
    expect(set.options.uuidExtension).toBe("pgcrypto");
    expect(set.options.namingStrategy?.constructor.name).toBe("ShortNamingStrategy");
  });

  it("refuses a DataSource module that does not exist as a usage error (exit 2), naming the file", async () => {
    const error = await loadEntitySet({ dataSource: "dist/data-source.js" }, FIXTURES).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DataSourceFileMissingError);
    expect((error as DataSourceFileMissingError).exitCode).toBe(2);
    expect((error as Error).message).toBe(
      `The DataSource module ${path.join(FIXTURES, "dist", "data-source.js")} does not exist. Check the "dataSource" ` +
        `path in the configuration, or build the project first if it names a compiled file.`,
    );
  });

  it("refuses a module without a DataSource export", async () => {
    const error = await loadEntitySet({ dataSource: "datasources/none.ts" }, FIXTURES).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DataSourceModuleError);
    expect((error as Error).message).toBe(
      `The DataSource module ${path.join(FIXTURES, "datasources", "none.ts")} exports no TypeORM DataSource. ` +
        `Export a TypeORM DataSource with type "postgres" (or a promise of one) as the default export or as a ` +
        `named export.`,
    );
  });

  it("refuses a DataSource for another database", async () => {
    const error = await loadEntitySet({ dataSource: "datasources/not-postgres.ts" }, FIXTURES).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DataSourceModuleError);
    expect((error as Error).message).toContain('exports a DataSource of type "mysql", not "postgres"');
  });

  it("reports a TypeScript DataSource module that does not exist, without the advice on compiled files", async () => {
    const error = await loadEntitySet({ dataSource: "datasources/missing.ts" }, FIXTURES).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DataSourceFileMissingError);
    expect((error as Error).message).toBe(
      `The DataSource module ${path.join(FIXTURES, "datasources", "missing.ts")} does not exist. Check the "dataSource" path in the configuration.`,
    );
  });
});

describe("loadModule", () => {
  it("returns the exports of a TypeScript module", async () => {
    const exports = await loadModule(path.join(FIXTURES, "shop", "customer.ts"));
    expect(Object.keys(exports)).toEqual(["Customer"]);
  });
});
