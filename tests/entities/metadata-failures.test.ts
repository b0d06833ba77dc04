/**
 * A TypeORM metadata failure is reported with the entity and property it concerns, whatever TypeORM's own
 * message names, or says that it cannot tell; a DataSource module may export a promise of a DataSource.
 */
import path from "node:path";
import { loadEntitySet } from "../../src/entities/load-entities";
import { buildEntityMetadata } from "../../src/entities/build-metadata";
import { DataSourceModuleError, EntityMetadataError } from "../../src/entities/entity-errors";

const FIXTURES = path.join(__dirname, "fixtures");

async function failure(pattern: string): Promise<EntityMetadataError> {
  const set = await loadEntitySet({ entities: [pattern] }, FIXTURES);
  const error = await buildEntityMetadata(set).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(EntityMetadataError);
  return error as EntityMetadataError;
}

describe("a TypeORM metadata failure", () => {
  it("names the entity, the property and the file when TypeORM's message names none", async () => {
    const error = await failure("metadata-failures/relation-id.ts");
    expect(error.culprit).toEqual({ entity: "Article", property: "authorId" });
    expect(error.message).toBe(
      "TypeORM 1.1.1 could not build the entity metadata: Cannot find relation undefined. Wrong relation " +
        "specified for @RelationId decorator. It happened while TypeORM built the entity Article, property " +
        `authorId (${path.join(FIXTURES, "metadata-failures", "relation-id.ts")}): check its decorators and ` +
        "options, and run the command again.",
    );
  });

  it("names the property whose join column is wrong, where TypeORM names the other entity", async () => {
    const error = await failure("metadata-failures/join-column.ts");
    expect(error.message).toContain("Referenced column code was not found in entity Shelf");
    expect(error.culprit).toEqual({ entity: "Binder", property: "shelf" });
  });

  it("says it cannot tell when the failure is outside any one entity", async () => {
    const error = await failure("metadata-failures/broken-schema.ts");
    expect(error.culprit).toBeNull();
    expect(error.message).toMatch(/^TypeORM 1\.1\.1 could not build the entity metadata: .+\. pg-autogen cannot tell which entity this concerns/);
  });

  it("builds as before once the failure is diagnosed: TypeORM's classes are left as they were", async () => {
    await failure("metadata-failures/relation-id.ts");
    const set = await loadEntitySet({ entities: ["blog/*.ts"] }, FIXTURES);
    const metadatas = await buildEntityMetadata(set);
    expect(metadatas.map((m) => m.name)).toContain("Post");
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { RelationIdMetadata } = require("typeorm/metadata/RelationIdMetadata") as { RelationIdMetadata: { prototype: object } };
    const build = String(Object.getOwnPropertyDescriptor(RelationIdMetadata.prototype, "build")?.value);
    expect(build).toContain("Wrong relation specified for @RelationId decorator");
    expect(build).not.toContain("stack.push");
  });
});

describe("a DataSource module exporting a promise", () => {
  it("is awaited, as TypeORM's CLI does", async () => {
    const set = await loadEntitySet({ dataSource: "datasources/promised.ts" }, FIXTURES);
    expect(set.options.schema).toBe("shop");
    expect(set.entities.map((e) => (e as { name: string }).name)).toEqual(["Customer"]);
  });

  it("that rejects is reported with the module and the reason", async () => {
    const error = await loadEntitySet({ dataSource: "datasources/rejected.ts" }, FIXTURES).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DataSourceModuleError);
    expect((error as Error).message).toBe(
      `The DataSource module ${path.join(FIXTURES, "datasources", "rejected.ts")} has an export "default" that is ` +
        "a promise which rejected: the settings file is missing. Export a TypeORM DataSource with type " +
        '"postgres" (or a promise of one) as the default export or as a named export.',
    );
  });
});
