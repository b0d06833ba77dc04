/**
 * The indexed decorator look-ups (src/entities/indexed-args-storage.ts) proven for every TypeORM version of
 * the matrix: each entity set of the repository (and a generated benchmark project) is built by that
 * version twice, by TypeORM alone and with every look-up it has served from indexes, and the two agree on
 * the metadata and the schema model. Each version's look-up code must then be among those the tool
 * indexes by default, so that a version whose code differs is never indexed unproven.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { EntityMetadata } from "typeorm";
import type * as LoadEntities from "../../src/entities/load-entities";
import type * as BuildMetadata from "../../src/entities/build-metadata";
import type * as EntitiesToModel from "../../src/entities/entities-to-model";
import type * as IndexedArgs from "../../src/entities/indexed-args-storage";
import { generateProject } from "../../bench/generate";
import { installed } from "../support/installs";
import { selectedTypeormVersions } from "./matrix";

const ROOT = path.join(__dirname, "..", "..");

/** The entity sets, copied under one project folder: [label, source, folder inside the project]. */
const SETS: readonly (readonly [string, LoadEntities.EntitySource, string])[] = [
  ["blog", { entities: ["blog/*.ts"] }, "."],
  ["quirks", { entities: ["quirks/*.ts"] }, "."],
  ["shop (DataSource module)", { dataSource: "shop/data-source.ts" }, "."],
  ["indexed-args", { entities: ["indexed-args/*.ts"] }, "."],
  ["e2e v1", { entities: ["v1/*.ts"] }, "e2e"],
  ["e2e v2", { entities: ["v2/*.ts"] }, "e2e"],
  ["e2e zoo", { entities: ["zoo/*.ts"] }, "e2e"],
  ["memstack", { entities: ["*.ts"] }, "memstack"],
  ["generated (40 entities)", { entities: ["entities/*.ts"] }, "generated"],
];

/** What the metadata says, as plain data (target classes by name). */
function shapeOf(metadata: EntityMetadata): unknown {
  return {
    name: metadata.name,
    tablePath: metadata.tablePath,
    tableType: metadata.tableType,
    inheritanceTree: metadata.inheritanceTree.map((target) => target.name),
    children: metadata.childEntityMetadatas.map((child) => child.name),
    columns: metadata.columns.map((column) => [
      column.propertyPath,
      column.databaseName,
      typeof column.type === "function" ? column.type.name : column.type,
      column.isNullable,
      column.generationStrategy,
      column.embeddedMetadata?.propertyPath,
    ]),
    relations: metadata.relations.map((relation) => [
      relation.propertyPath,
      relation.relationType,
      relation.inverseEntityMetadata.name,
      relation.joinColumns.map((column) => column.databaseName),
      relation.junctionEntityMetadata?.tablePath,
    ]),
    embeddeds: metadata.allEmbeddeds.map((embedded) => [embedded.propertyPath, embedded.customPrefix]),
    indices: metadata.indices.map((index) => [index.name, index.columns.map((column) => column.databaseName)]),
    uniques: metadata.uniques.map((unique) => unique.name),
    foreignKeys: metadata.foreignKeys.map((fk) => [fk.name, fk.onDelete, fk.onUpdate]),
    checks: metadata.checks.map((check) => check.name),
  };
}

describe.each(selectedTypeormVersions())("TypeORM %s", (version) => {
  let project: string;
  let modules: {
    load: typeof LoadEntities;
    build: typeof BuildMetadata;
    model: typeof EntitiesToModel;
    indexed: typeof IndexedArgs;
  };

  beforeAll(async () => {
    const install = await installed([`typeorm@${version}`, "pg@8.23.1"]);
    project = fs.mkdtempSync(path.join(os.tmpdir(), `autogen-indexed-${version}-`));
    fs.symlinkSync(path.join(install, "node_modules"), path.join(project, "node_modules"), "dir");
    fs.cpSync(path.join(ROOT, "tests", "entities", "fixtures"), project, { recursive: true });
    fs.cpSync(path.join(ROOT, "tests", "e2e", "entities"), path.join(project, "e2e"), { recursive: true });
    fs.cpSync(path.join(ROOT, "fixtures", "memstack"), path.join(project, "memstack"), { recursive: true });
    generateProject(40, path.join(project, "generated"));
    // A fresh module registry and decorator storage: this version's TypeORM only.
    jest.resetModules();
    delete (globalThis as { typeormMetadataArgsStorage?: unknown }).typeormMetadataArgsStorage;
    /* eslint-disable @typescript-eslint/no-require-imports */
    modules = {
      load: require("../../src/entities/load-entities") as typeof LoadEntities,
      build: require("../../src/entities/build-metadata") as typeof BuildMetadata,
      model: require("../../src/entities/entities-to-model") as typeof EntitiesToModel,
      indexed: require("../../src/entities/indexed-args-storage") as typeof IndexedArgs,
    };
    /* eslint-enable @typescript-eslint/no-require-imports */
  });

  afterAll(() => {
    if (project) fs.rmSync(project, { recursive: true, force: true });
  });

  it.each(SETS)("builds the %s entities with every look-up indexed exactly as TypeORM alone does", async (_label, source, folder) => {
    const set = await modules.load.loadEntitySet(source, path.join(project, folder));
    expect(set.typeorm.version).toBe(version);
    const original = await modules.build.buildEntityMetadata(set, { indexedArgs: false });
    const indexed = await modules.build.buildEntityMetadata(set, { indexedArgs: "all" });
    expect(indexed.length).toBeGreaterThan(0);
    expect(indexed.map(shapeOf)).toEqual(original.map(shapeOf));
    const defaultSchema = set.options.schema ?? "public";
    expect(modules.model.entitiesToModel(indexed, { defaultSchema })).toEqual(
      modules.model.entitiesToModel(original, { defaultSchema }),
    );
  });

  it("has only look-up code the tool indexes by default (proven by the builds above)", async () => {
    const set = await modules.load.loadEntitySet({ entities: ["blog/*.ts"] }, project);
    const storage = set.typeorm.module.getMetadataArgsStorage();
    const all = modules.indexed.indexedLookupNames(storage, "all");
    const unproven = all
      .filter((name) => !modules.indexed.indexedLookupNames(storage, "proven").includes(name))
      .map((name) => `${name}: ${modules.indexed.lookupFingerprint(storage, name)}`);
    expect(all.length).toBeGreaterThanOrEqual(16);
    expect(unproven).toEqual([]);
  });
});
