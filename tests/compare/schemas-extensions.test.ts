import { compare } from "../../src/compare/compare";
import { EMPTY_MODEL } from "../../src/model/schema-model";
import { column, enumType, extension, model, table } from "./model-builders";

const auditLog = table("audit.log", [column("id", "integer")]);

describe("compare: schemas", () => {
  it("creates a schema that a new table needs, never public", () => {
    const result = compare(model({ schemas: [] }), model({ schemas: ["public"], tables: [auditLog, table("t", [])] }));
    expect(result.operations.filter((op) => op.kind === "createSchema")).toStrictEqual([
      { kind: "createSchema", schema: "audit" },
    ]);
    expect(result.log).toContain("Detected added schema 'audit'");
  });

  it("does not drop a schema unless dropSchemas is set", () => {
    const from = model({ schemas: ["audit", "public"], tables: [auditLog] });
    expect(compare(from, model({})).operations).toStrictEqual([
      { kind: "dropTable", table: { schema: "audit", name: "log" }, existing: auditLog },
    ]);
    expect(compare(from, model({}), { dropSchemas: true }).operations).toStrictEqual([
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

  it("reports a version it cannot satisfy without an op", () => {
    const installed = extension("citext", { schema: "public", version: "1.5" });
    expect(compare(model({ extensions: [installed] }), model({ extensions: [extension("citext", { version: "1.6" })] }))).toStrictEqual({
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
