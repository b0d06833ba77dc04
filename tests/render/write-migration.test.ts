import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { expandHookCommand, runPostWriteHooks, shellQuote } from "../../src/render/post-write-hooks";
import {
  MigrationFileExistsError,
  MigrationWriteError,
  writeFileAtomically,
  writeMigration,
} from "../../src/render/write-migration";

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), "write-migration-"));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("writeFileAtomically", () => {
  it("writes the file and leaves no temporary file", async () => {
    const file = path.join(dir, "a.ts");
    await writeFileAtomically(file, "export const revision = 'a';\n");
    expect(await readFile(file, "utf8")).toBe("export const revision = 'a';\n");
    expect(await readdir(dir)).toEqual(["a.ts"]);
  });

  it("refuses to overwrite an existing file, keeps it intact and leaves no temporary file", async () => {
    const file = path.join(dir, "a.ts");
    await writeFile(file, "original");
    const error = await writeFileAtomically(file, "new").catch((e) => e);
    expect(error).toBeInstanceOf(MigrationFileExistsError);
    expect(error.message).toContain(`${file} already exists`);
    expect(await readFile(file, "utf8")).toBe("original");
    expect(await readdir(dir)).toEqual(["a.ts"]);
  });

  it("lets exactly one of two concurrent writers win", async () => {
    const file = path.join(dir, "race.ts");
    const results = await Promise.allSettled([writeFileAtomically(file, "one"), writeFileAtomically(file, "two")]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const rejected = results.find((r): r is PromiseRejectedResult => r.status === "rejected");
    expect(rejected?.reason).toBeInstanceOf(MigrationFileExistsError);
    expect(["one", "two"]).toContain(await readFile(file, "utf8"));
    expect(await readdir(dir)).toEqual(["race.ts"]);
  });

  it("names a missing directory", async () => {
    const file = path.join(dir, "missing", "a.ts");
    const error = await writeFileAtomically(file, "x").catch((e) => e);
    expect(error).toBeInstanceOf(MigrationWriteError);
    expect(error.message).toBe(`The migration file ${file} could not be written: the directory ${path.dirname(file)} does not exist.`);
  });
});

describe("post-write hooks", () => {
  it("quotes paths for the shell", () => {
    expect(shellQuote("/tmp/it's here.ts", "linux")).toBe(`'/tmp/it'\\''s here.ts'`);
    expect(expandHookCommand({ command: "wc -c {file} {file}" }, "/a b")).toBe("wc -c '/a b' '/a b'");
  });

  it("runs each hook in the project directory with {file} substituted", async () => {
    const sub = path.join(dir, "with space's");
    await mkdir(sub);
    const result = await writeMigration("m.ts", "content\n", {
      projectDir: sub,
      postWriteHooks: ["cat {file} > copy.txt", { command: 'printf "%s|%s" "$AUTOGEN_FILE" "$(pwd)"' }],
    });
    const file = path.join(sub, "m.ts");
    expect(result.ok).toBe(true);
    expect(result.file).toBe(file);
    expect(await readFile(path.join(sub, "copy.txt"), "utf8")).toBe("content\n");
    expect(result.hooks.map((h) => [h.command, h.exitCode])).toEqual([
      [`cat ${shellQuote(file)} > copy.txt`, 0],
      ['printf "%s|%s" "$AUTOGEN_FILE" "$(pwd)"', 0],
    ]);
    expect(result.hooks[1]!.stdout).toBe(`${file}|${sub}`);
  });

  it("reports a failing hook with its exit code and stderr, keeps the file and stops", async () => {
    const result = await writeMigration("m.ts", "content\n", {
      projectDir: dir,
      postWriteHooks: ["echo broken >&2; exit 3", "touch never-run"],
    });
    expect(result.ok).toBe(false);
    expect(result.hooks).toHaveLength(1);
    expect(result.hooks[0]).toMatchObject({ exitCode: 3, stderr: "broken\n", ok: false });
    expect(await readFile(path.join(dir, "m.ts"), "utf8")).toBe("content\n");
    expect((await readdir(dir)).sort()).toEqual(["m.ts"]);
  });

  it("reports a command that does not exist", async () => {
    const [result] = await runPostWriteHooks(path.join(dir, "m.ts"), ["definitely-not-a-command-xyz {file}"], { cwd: dir });
    expect(result!.ok).toBe(false);
    expect(result!.exitCode).toBe(127);
    expect(result!.stderr).toMatch(/not found/);
  });
});
