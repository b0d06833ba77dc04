import { compare } from "../../src/compare/compare";
import { EMPTY_MODEL, type ExtensionDef } from "../../src/model/schema-model";
import { invertAll } from "../../src/ops/invert";
import { column, enumType, extension, model, table } from "./model-builders";

const auditLog = table("audit.log", [column("id", "integer")]);

/** Before a table dropped for good: where its downgrade, creating it again, brings it to the built-in privileges. */
const resetBeforeDrop = (schema: string, name: string) => ({ kind: "resetPrivileges", object: { kind: "table", schema, name }, stage: "drop" }) as const;

describe("compare: schemas", () => {
  it("creates a schema that a new table needs, never public", () => {
    const result = compare(model({ schemas: [] }), model({ schemas: ["public"], tables: [auditLog, table("t", [])] }));
    expect(result.operations.filter((op) => op.kind === "createSchema")).toStrictEqual([
      { kind: "createSchema", schema: "audit" },
    ]);
    expect(result.log).toContain("Detected added schema 'audit'");
  });

  it("creates public again when a whole database is compared (dropSchemas) and from has none: dropped or renamed", () => {
    const from = model({ schemas: ["app"], tables: [table("app.t", [])] });
    const to = model({ schemas: ["public"], tables: [table("public.t", [])] });
    const ops = compare(from, to, { dropSchemas: true }).operations;
    expect(ops.filter((op) => op.kind === "createSchema" || op.kind === "dropSchema")).toStrictEqual([
      { kind: "createSchema", schema: "public" },
      { kind: "dropSchema", schema: "app" },
    ]);
  });

  it("creates public only where missing when from was read for it from a catalog that lacks it (catalogSchemas)", () => {
    const to = model({ schemas: ["public"], tables: [table("public.t", [])] });
    const result = compare(model({ schemas: [] }), to, { catalogSchemas: ["public"] });
    expect(result.operations.filter((op) => op.kind === "createSchema")).toStrictEqual([
      { kind: "createSchema", schema: "public", ifMissing: true },
    ]);
    expect(result.log).toContain("Detected added schema 'public'");
    // Read and there, or not read for public: nothing is known missing.
    expect(compare(model({ schemas: ["public"] }), to, { catalogSchemas: ["public"] }).operations.map((op) => op.kind)).toStrictEqual(["createTable"]);
    expect(compare(model({ schemas: ["app"] }), to, { catalogSchemas: ["app"] }).operations.map((op) => op.kind)).toStrictEqual(["createTable"]);
  });

  it("does not drop a schema unless dropSchemas is set", () => {
    const from = model({ schemas: ["audit", "public"], tables: [auditLog] });
    expect(compare(from, model({})).operations).toStrictEqual([
      resetBeforeDrop("audit", "log"),
      { kind: "dropTable", table: { schema: "audit", name: "log" }, existing: auditLog },
    ]);
    expect(compare(from, model({}), { dropSchemas: true }).operations).toStrictEqual([
      resetBeforeDrop("audit", "log"),
      { kind: "dropTable", table: { schema: "audit", name: "log" }, existing: auditLog },
      { kind: "dropSchema", schema: "audit" },
    ]);
  });

  it("never drops public, nor a schema that keeps an excluded table or an enum", () => {
    const from = model({
      schemas: ["audit", "keep", "public"],
      tables: [auditLog, table("public.t", [])],
      enums: [enumType("keep.e", ["a"])],
    });
    const to = model({ schemas: [], enums: [enumType("keep.e", ["a"])] });
    expect(compare(from, to, { dropSchemas: true, exclude: (t) => t.schema === "audit" }).operations).toStrictEqual([
      resetBeforeDrop("public", "t"),
      { kind: "dropTable", table: { schema: "public", name: "t" }, existing: table("public.t", []) },
    ]);
  });
});

describe("compare: extensions", () => {
  it("creates a required extension the database lacks, and accepts any version when none is required", () => {
    const installed = extension("citext", { schema: "public", version: "1.6" });
    expect(compare(model({ extensions: [installed] }), model({ extensions: [extension("citext"), extension("pgcrypto")] }))).toStrictEqual({
      operations: [{ kind: "createExtension", extension: extension("pgcrypto") }],
      log: ["Detected added extension 'pgcrypto'"],
    });
  });

  it("updates an installed extension to the required version, carrying the installed one", () => {
    const installed = extension("citext", { schema: "public", version: "1.5" });
    const result = compare(model({ extensions: [installed] }), model({ extensions: [extension("citext", { version: "1.6" })] }));
    expect(result).toStrictEqual({
      operations: [{ kind: "alterExtension", name: "citext", version: "1.6", existing: installed }],
      log: ["Detected changed version of extension 'citext' from 1.5 to 1.6"],
    });
    expect(invertAll(result.operations)).toStrictEqual([
      { kind: "alterExtension", name: "citext", version: "1.5", existing: { ...installed, version: "1.6" } },
    ]);
  });

  // What the extension owns is read only for a database-to-database diff (tests/cli/diff-extension-moves.test.ts).
  it("reports a required schema it cannot move to without knowing what the extension owns, as a difference left, without an op", () => {
    const installed = extension("citext", { schema: "public", version: "1.5" });
    const schemas = ["ext", "public"];
    const required = extension("citext", { schema: "ext" });
    const line =
      "Warning: extension 'citext' is in schema public but ext is wanted, and what it owns was not read: not moved " +
      "(drop it and create it in ext by hand, with what uses it)";
    expect(compare(model({ schemas, extensions: [installed] }), model({ schemas, extensions: [required] }))).toStrictEqual({
      operations: [],
      log: [line],
      unresolved: [line],
    });
  });

  it("moves a relocatable extension whose contents it knows, and reads the texts naming its members as moved", () => {
    const installed = extension("citext", { schema: "public", version: "1.5" });
    const schemas = ["ext", "public"];
    const contents = { citext: { relocatable: true, members: ["citext", "citext_ops", "~~*"], clashes: [] } };
    const from = model({ schemas, extensions: [installed], tables: [table("t", [column("c", "public.citext[]", { comment: "public.citext" })])] });
    const to = model({ schemas, extensions: [{ ...installed, schema: "ext" }], tables: [table("t", [column("c", "ext.citext[]", { comment: "public.citext" })])] });
    expect(compare({ ...from, extensionContents: contents }, to)).toStrictEqual({
      operations: [{ kind: "moveExtension", name: "citext", from: "public", to: "ext" }],
      log: ["Detected extension 'citext' moved from schema public to ext"],
    });
  });

  it("leaves alone extensions outside the compared schemas, and still creates those that name no schema", () => {
    const scoped = (extensions: ExtensionDef[]) => model({ schemas: ["goodschema"], extensions });
    const from = scoped([extension("hstore", { schema: "public", version: "1.8" }), extension("pg_trgm", { schema: "public", version: "1.5" })]);
    const to = scoped([
      extension("citext", { schema: "public", version: "1.6" }),
      extension("pg_trgm", { schema: "public", version: "1.6" }),
      extension("pgcrypto", { schema: "goodschema", version: null }),
      extension("uuid-ossp"),
    ]);
    expect(compare(from, to, { dropExtensions: true })).toStrictEqual({
      operations: [
        { kind: "createExtension", extension: extension("pgcrypto", { schema: "goodschema" }) },
        { kind: "createExtension", extension: extension("uuid-ossp") },
      ],
      log: ["Detected added extension 'pgcrypto'", "Detected added extension 'uuid-ossp'"],
    });
  });

  it("reports, without an op, a version change of an installed extension outside the compared schemas", () => {
    const from = model({ schemas: ["goodschema"], extensions: [extension("citext", { schema: "public", version: "1.5" })] });
    const to = model({ schemas: ["goodschema"], extensions: [extension("citext", { version: "1.6" })] });
    expect(compare(from, to)).toStrictEqual({
      operations: [],
      log: [
        "Extension 'citext' is installed (version 1.5, schema public) but version 1.6 in schema any is required: " +
          "not changed, update it by hand",
      ],
    });
  });

  it("drops extensions only when dropExtensions is set, and never plpgsql", () => {
    const from = model({ extensions: [extension("plpgsql", { schema: "pg_catalog", version: "1.0" }), extension("hstore", { schema: "public", version: "1.8" })] });
    expect(compare(from, EMPTY_MODEL).operations).toStrictEqual([]);
    expect(compare(from, EMPTY_MODEL, { dropExtensions: true }).operations).toStrictEqual([
      { kind: "dropExtension", name: "hstore", existing: extension("hstore", { schema: "public", version: "1.8" }) },
    ]);
  });
});
