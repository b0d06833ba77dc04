import { FileTemplateError, migrationFileName, slugify } from "../../src/render/file-name";
import { newRevisionId } from "../../src/render/revision-id";

const createDate = new Date("2026-11-25T15:40:12.345Z");
const input = { revision: "3f2a9c1d7e4b", message: "add task_id", createDate };

describe("migrationFileName", () => {
  it("uses YYYYMMDD_HHMM_<slug>.ts by default, in UTC", () => {
    expect(migrationFileName(null, input)).toBe("20261125_1540_add_task_id.ts");
    expect(migrationFileName(undefined, { ...input, createDate: new Date("2027-01-02T03:04:05Z") })).toBe(
      "20270102_0304_add_task_id.ts",
    );
  });

  it("fills every token", () => {
    expect(migrationFileName("{rev}-{YYYY}-{MM}-{DD}T{HH}{mm}{ss}-{epoch}-{slug}", input)).toBe(
      "3f2a9c1d7e4b-2026-11-25T154012-1795621212-add_task_id.ts",
    );
  });

  it("names a migration without a usable message 'migration'", () => {
    expect(migrationFileName("{slug}", { ...input, message: "!!!" })).toBe("migration.ts");
  });

  it("rejects unknown tokens, unmatched braces and path separators", () => {
    expect(() => migrationFileName("{YYYY}_{year}", input)).toThrow(FileTemplateError);
    expect(() => migrationFileName("{YYYY}_{year}", input)).toThrow(/unknown token \{year\}; the tokens are \{YYYY\}/);
    expect(() => migrationFileName("{YYYY_{slug}", input)).toThrow(/unmatched brace/);
    expect(() => migrationFileName("{YYYY}/{slug}", input)).toThrow(/not a plain file name/);
    expect(() => migrationFileName("{rev}", { ...input, revision: "../x" })).toThrow(/not a plain file name/);
    expect(() => migrationFileName("..", input)).toThrow(/empty name/);
    expect(new FileTemplateError("x", "y").exitCode).toBe(2);
  });
});

describe("slugify", () => {
  it("lowercases, replaces runs of other characters by _, trims, strips accents", () => {
    expect(slugify("Add Task-ID to  'memories'!")).toBe("add_task_id_to_memories");
    expect(slugify("  __Café crème__ ")).toBe("cafe_creme");
    expect(slugify("日本語")).toBe("");
  });

  it("keeps at most 40 characters and no trailing _", () => {
    const slug = slugify("a".repeat(39) + " bcdef");
    expect(slug).toBe("a".repeat(39));
    expect(slugify("x".repeat(100))).toHaveLength(40);
  });
});

describe("newRevisionId", () => {
  it("is 12 random hex characters", () => {
    const ids = new Set(Array.from({ length: 100 }, newRevisionId));
    expect(ids.size).toBe(100);
    for (const id of ids) expect(id).toMatch(/^[0-9a-f]{12}$/);
  });
});
