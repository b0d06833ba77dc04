/**
 * The project's own TypeORM builds the metadata: resolved from the project folder, never the tool's copy,
 * and refused with the version found and the supported range when it is outside it.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { loadEntitySet } from "../../src/entities/load-entities";
import {
  isSupportedTypeorm,
  resolveProjectTypeorm,
  TypeormNotFoundError,
  UnsupportedTypeormError,
} from "../../src/entities/project-typeorm";

const ROOT = path.join(__dirname, "..", "..");

/** A project folder outside the repository with a fake `typeorm` of `version` (or none). */
function projectWith(version: string | null): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "autogen-typeorm-"));
  if (version !== null) {
    const pkg = path.join(dir, "node_modules", "typeorm");
    fs.mkdirSync(pkg, { recursive: true });
    fs.writeFileSync(path.join(pkg, "package.json"), JSON.stringify({ name: "typeorm", version, main: "index.js" }));
    fs.writeFileSync(path.join(pkg, "index.js"), "throw new Error('an unsupported TypeORM must not be loaded');\n");
  }
  fs.writeFileSync(path.join(dir, "entity.ts"), "export class Thing {}\n");
  return dir;
}

describe("the project's TypeORM", () => {
  it("is the one the project folder resolves", () => {
    const typeorm = resolveProjectTypeorm(path.join(ROOT, "tests", "entities", "fixtures"));
    expect(typeorm.directory).toBe(path.join(ROOT, "node_modules", "typeorm"));
    expect(typeorm.version).toBe("1.1.1");
  });

  it("is refused outside ^0.3.0 || ^1.0.0, naming the version found and the range", async () => {
    const dir = projectWith("0.2.45");
    const error = await loadEntitySet({ entities: ["*.ts"] }, dir).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnsupportedTypeormError);
    expect((error as UnsupportedTypeormError).exitCode).toBe(2);
    expect((error as Error).message).toBe(
      `The project's TypeORM is 0.2.45 (${path.join(dir, "node_modules", "typeorm")}); pg-autogen supports TypeORM ` +
        "^0.3.0 || ^1.0.0. Upgrade typeorm to a supported version.",
    );
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("is required: the tool brings no TypeORM of its own", () => {
    const dir = projectWith(null);
    expect(() => resolveProjectTypeorm(dir)).toThrow(TypeormNotFoundError);
    expect(() => resolveProjectTypeorm(dir)).toThrow(`TypeORM is not installed for the project in ${dir}`);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it.each([
    ["0.3.0", true],
    ["0.3.17", true],
    ["0.3.31", true],
    ["1.0.0-dev.9b0e5b3", true],
    ["1.1.3", true],
    ["0.2.45", false],
    ["2.0.0", false],
    ["0.4.0-alpha.1", false],
  ])("version %s is supported: %s", (version, supported) => {
    expect(isSupportedTypeorm(version)).toBe(supported);
  });
});
