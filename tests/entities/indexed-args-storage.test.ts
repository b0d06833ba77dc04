/**
 * The indexed look-ups give TypeORM's builder exactly what its own scans give: every entity fixture set of
 * the repository (and a generated benchmark project) is built both ways and compared: the raw model, the
 * constraint and index names, and the shape of the metadata (columns, relations, inheritance, embeddeds).
 */
import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import ts from "typescript";
import { getMetadataArgsStorage, type EntityMetadata } from "typeorm";
import { loadEntitySet, type EntitySource } from "../../src/entities/load-entities";
import { buildEntityMetadata } from "../../src/entities/build-metadata";
import { entitiesToModel } from "../../src/entities/entities-to-model";
import { EntityMetadataError } from "../../src/entities/entity-errors";
import { withIndexedMetadataArgs } from "../../src/entities/indexed-args-storage";
import { generateProject } from "../../bench/generate";
import { transpileToCommonJs } from "../support/transpile";

const ROOT = path.join(__dirname, "..", "..");
const FIXTURES = path.join(__dirname, "fixtures");

/** Every entity set the repository's tests and examples use, as `[label, source, cwd]`. */
const SETS: readonly (readonly [string, EntitySource, string])[] = [
  ["blog", { entities: ["blog/*.ts"] }, FIXTURES],
  ["quirks", { entities: ["quirks/*.ts"] }, FIXTURES],
  ["shop (DataSource module)", { dataSource: "shop/data-source.ts" }, FIXTURES],
  ["indexed-args", { entities: ["indexed-args/*.ts"] }, FIXTURES],
  ["e2e v1", { entities: ["v1/*.ts"] }, path.join(ROOT, "tests", "e2e", "entities")],
  ["e2e v2", { entities: ["v2/*.ts"] }, path.join(ROOT, "tests", "e2e", "entities")],
  ["e2e zoo", { entities: ["zoo/*.ts"] }, path.join(ROOT, "tests", "e2e", "entities")],
  ["memstack", { entities: ["*.ts"] }, path.join(ROOT, "fixtures", "memstack")],
];

const names = (items: readonly { name?: string }[]): (string | undefined)[] =>
  items.map((item) => item.name);

/** What the metadata says, as plain data (target classes by name). */
function shapeOf(metadata: EntityMetadata): Record<string, unknown> {
  return {
    name: metadata.name,
    tablePath: metadata.tablePath,
    tableType: metadata.tableType,
    inheritanceTree: metadata.inheritanceTree.map((target) => target.name),
    parent: metadata.parentEntityMetadata?.name,
    children: metadata.childEntityMetadatas.map((child) => child.name),
    discriminatorValue: metadata.discriminatorValue,
    columns: metadata.columns.map((column) => ({
      path: column.propertyPath,
      databaseName: column.databaseName,
      type: typeof column.type === "function" ? column.type.name : column.type,
      nullable: column.isNullable,
      generated: column.generationStrategy,
      default: typeof column.default === "function" ? column.default() : column.default,
      embedded: column.embeddedMetadata?.propertyPath,
    })),
    relations: metadata.relations.map((relation) => ({
      path: relation.propertyPath,
      type: relation.relationType,
      to: relation.inverseEntityMetadata.name,
      joinColumns: relation.joinColumns.map((column) => column.databaseName),
      junction: relation.junctionEntityMetadata?.tablePath,
    })),
    relationIds: metadata.relationIds.map((relationId) => relationId.propertyName),
    embeddeds: metadata.allEmbeddeds.map((embedded) => [
      embedded.propertyPath,
      embedded.customPrefix,
    ]),
    listeners: metadata.ownListeners.map((listener) => [listener.type, listener.propertyName]),
    indices: metadata.indices.map((index) => [
      index.name,
      index.columns.map((column) => column.databaseName),
    ]),
    uniques: names(metadata.uniques),
    foreignKeys: names(metadata.foreignKeys),
    checks: names(metadata.checks),
    exclusions: names(metadata.exclusions),
  };
}

async function bothWays(
  source: EntitySource,
  cwd: string,
): Promise<[EntityMetadata[], EntityMetadata[], string]> {
  const set = await loadEntitySet(source, cwd);
  const original = await buildEntityMetadata(set, { indexedArgs: false });
  const indexed = await buildEntityMetadata(set);
  return [original, indexed, set.options.schema ?? "public"];
}

function expectSameBuild(
  original: EntityMetadata[],
  indexed: EntityMetadata[],
  defaultSchema: string,
): void {
  expect(indexed.map(shapeOf)).toEqual(original.map(shapeOf));
  expect(entitiesToModel(indexed, { defaultSchema })).toEqual(
    entitiesToModel(original, { defaultSchema }),
  );
}

describe("buildEntityMetadata with indexed look-ups", () => {
  it.each(SETS)(
    "builds the %s entities exactly as TypeORM alone does",
    async (_label, source, cwd) => {
      const [original, indexed, defaultSchema] = await bothWays(source, cwd);
      expect(indexed.length).toBe(original.length);
      expect(indexed.length).toBeGreaterThan(0);
      expectSameBuild(original, indexed, defaultSchema);
    },
  );

  it("covers inheritance, overridden defaults and relation types, embeddeds and trees in its own fixture", async () => {
    const [, indexed] = await bothWays({ entities: ["indexed-args/*.ts"] }, FIXTURES);
    const byName = new Map(indexed.map((metadata) => [metadata.name, shapeOf(metadata)]));
    expect(byName.get("Invoice")?.columns).toContainEqual(
      expect.objectContaining({ path: "code", default: "draft" }),
    );
    expect(byName.get("Venue")?.embeddeds).toEqual([
      ["home.point", "geo"],
      ["home", undefined],
      ["billing.point", "geo"],
      ["billing", "billing"],
    ]);
    expect(byName.get("Asset")?.children).toEqual(["Machine", "Vehicle"]);
    // The child's own @ManyToOne narrows the inherited relation (TypeORM's clone path).
    expect(byName.get("Vehicle")?.relations).toContainEqual(
      expect.objectContaining({ path: "owner", to: "SpecialOwner" }),
    );
    expect(byName.get("Machine")?.relations).toContainEqual(
      expect.objectContaining({ path: "owner", to: "Owner" }),
    );
    expect([...byName.keys()]).toContain("ia_category_closure");
  });

  it("builds a generated 40-entity benchmark project exactly as TypeORM alone does", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "autogen-indexed-args-"));
    try {
      generateProject(40, dir);
      fs.symlinkSync(path.join(ROOT, "node_modules"), path.join(dir, "node_modules"), "dir");
      const [original, indexed, defaultSchema] = await bothWays(
        { entities: ["entities/*.ts"] },
        dir,
      );
      expect(indexed).toHaveLength(40);
      expectSameBuild(original, indexed, defaultSchema);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("leaves TypeORM's storage as it was, after a build and after a failing one", async () => {
    const storage = getMetadataArgsStorage();
    const before = Object.getOwnPropertyNames(storage).sort();
    await bothWays({ entities: ["blog/*.ts"] }, FIXTURES);
    const invalid = await loadEntitySet({ entities: ["invalid/unknown-type.ts"] }, FIXTURES);
    await expect(buildEntityMetadata(invalid)).rejects.toThrow(EntityMetadataError);
    expect(Object.getOwnPropertyNames(storage).sort()).toEqual(before);
    expect(storage.filterColumns).toBe(Object.getPrototypeOf(storage).filterColumns);
  });

  it("rejects the same invalid definitions with the same message", async () => {
    const invalid = await loadEntitySet({ entities: ["invalid/unknown-type.ts"] }, FIXTURES);
    const original = await buildEntityMetadata(invalid, { indexedArgs: false }).catch(
      (error: Error) => error.message,
    );
    const indexed = await buildEntityMetadata(invalid).catch((error: Error) => error.message);
    expect(typeof original).toBe("string");
    expect(indexed).toBe(original);
  });

  it("serves overlapping builds, and sees arguments registered while installed", async () => {
    const storage = getMetadataArgsStorage();
    const set = await loadEntitySet({ entities: ["blog/*.ts"] }, FIXTURES);
    const reference = (await buildEntityMetadata(set, { indexedArgs: false })).map(shapeOf);
    const [first, second] = await Promise.all([buildEntityMetadata(set), buildEntityMetadata(set)]);
    expect(first.map(shapeOf)).toEqual(reference);
    expect(second.map(shapeOf)).toEqual(reference);

    class Late {}
    await withIndexedMetadataArgs(storage, async () => {
      expect(storage.filterColumns(Late)).toEqual([]);
      storage.columns.push({ target: Late, propertyName: "late", mode: "regular", options: {} });
      expect(storage.filterColumns([Late]).map((args) => args.propertyName)).toEqual(["late"]);
    });
    storage.columns.splice(
      storage.columns.findIndex((args) => args.target === Late),
      1,
    );
  });
});

/** Builds both ways in a plain Node process (the ESM project loads only there) and prints the results. */
const RUNNER = `
const { loadEntitySet } = require("./src/entities/load-entities.js");
const { buildEntityMetadata } = require("./src/entities/build-metadata.js");
const { entitiesToModel } = require("./src/entities/entities-to-model.js");
const names = (m) => [m.tablePath, m.columns.map((c) => c.databaseName), m.relations.map((r) => r.propertyPath),
  m.indices.map((i) => i.name), m.uniques.map((u) => u.name), m.foreignKeys.map((f) => f.name), m.checks.map((c) => c.name)];
(async () => {
  const set = await loadEntitySet({ entities: ["entities/*.ts", "entities/*.mts", "entities/*.mjs"] }, process.argv[2]);
  const out = {};
  for (const [way, indexedArgs] of [["original", false], ["indexed", true]]) {
    const metadatas = await buildEntityMetadata(set, { indexedArgs });
    out[way] = { model: entitiesToModel(metadatas, { defaultSchema: "public" }), names: metadatas.map(names) };
  }
  process.stdout.write(JSON.stringify(out));
})();
`;

describe("buildEntityMetadata with indexed look-ups, in a plain Node process", () => {
  it("builds the ESM project (.ts, .mts and an .mjs EntitySchema) exactly as TypeORM alone does", async () => {
    const outDir = fs.mkdtempSync(path.join(os.tmpdir(), "autogen-indexed-args-esm-"));
    try {
      const files = ["src/errors.ts", "src/sql/quote.ts"];
      // The whole model folder: the model files import one another.
      for (const name of fs.readdirSync(path.join(ROOT, "src", "model"))) files.push(`src/model/${name}`);
      for (const name of fs.readdirSync(path.join(ROOT, "src", "entities")))
        files.push(`src/entities/${name}`);
      for (const file of files) transpileToCommonJs(file, outDir, ts.ScriptTarget.ES2021);
      fs.writeFileSync(path.join(outDir, "run.js"), RUNNER);
      const { stdout } = await promisify(execFile)(
        process.execPath,
        [path.join(outDir, "run.js"), path.join(FIXTURES, "esm-project")],
        {
          cwd: outDir,
          env: { ...process.env, NODE_PATH: path.join(ROOT, "node_modules"), NODE_OPTIONS: "" },
          timeout: 30_000,
        },
      );
      const { original, indexed } = JSON.parse(stdout) as Record<
        "original" | "indexed",
        { model: unknown; names: unknown[] }
      >;
      expect(original.names.length).toBeGreaterThanOrEqual(3);
      expect(indexed).toEqual(original);
    } finally {
      fs.rmSync(outDir, { recursive: true, force: true });
    }
  });
});
