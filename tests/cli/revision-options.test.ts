/**
 * The options that name the new revision (`--rev-id`, `--branch-label`, `--head`) of `autogen revision` and
 * `merge`: a value the revision graph would refuse once the file is loaded is refused before the file is
 * written (exit 2, one paragraph), so that a typo never leaves a migration that breaks every later command.
 * No database is needed: a revision without --autogenerate does not connect.
 */
import fs from "node:fs";
import path from "node:path";
import { cli, tempProject } from "./cli-support";

const mig = (rev: string, down: string | string[] | null, labels: string[] | null = null) => `/**
 * ${rev} message
 */
exports.revision = ${JSON.stringify(rev)};
exports.downRevision = ${JSON.stringify(down)};
exports.branchLabels = ${JSON.stringify(labels)};
exports.upgrade = async () => {};
exports.downgrade = async () => {};
`;

/** A main line (aaa111 -> bbb222) and a branch "net" from base with two heads (nnn111 -> nnn222, nnn333). */
const project = () =>
  tempProject({
    "autogen.config.json": JSON.stringify({ entities: ["entities/*.ts"], migrations: "migrations", databaseUrl: "postgresql://nobody@127.0.0.1:1/none" }),
    "migrations/a.js": mig("aaa111", null),
    "migrations/b.js": mig("bbb222", "aaa111"),
    "migrations/n1.js": mig("nnn111", null, ["net"]),
    "migrations/n2.js": mig("nnn222", "nnn111"),
    "migrations/n3.js": mig("nnn333", "nnn111"),
  });

const files = (dir: string) => fs.readdirSync(path.join(dir, "migrations")).sort();

describe("the new revision's id, labels and parent", () => {
  it.each([
    ["head", /"head" is a reserved word/],
    ["a@b", /contains "@"/],
    ["-x1", /starts with "-"/],
    ["two words", /contains whitespace/],
    ["a".repeat(33), /33 characters long, but the version table stores at most 32/],
    ["bbb222", /revision "bbb222" already exists/],
    ["net", /branch label of revision "nnn111"/],
  ])("--rev-id %j: exit 2, names the option and why, writes nothing", async (id, why) => {
    const dir = project();
    const before = files(dir);
    const r = await cli(["revision", "-m", "x", "--head", "bbb222", "--rev-id", id], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`ERROR: --rev-id "${id}" cannot be used:`);
    expect(r.stderr).toMatch(why);
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
    expect(files(dir)).toEqual(before);
    expect((await cli(["history"], dir)).code).toBe(0);
  });

  it.each([
    ["bad label", /contains whitespace/],
    ["aaa111", /revision "aaa111" already exists/],
    ["net", /branch label of revision "nnn111"/],
    ["new123", /also the new revision's id/],
  ])("--branch-label %j: exit 2, writes nothing", async (label, why) => {
    const dir = project();
    const before = files(dir);
    const r = await cli(["revision", "-m", "x", "--head", "bbb222", "--rev-id", "new123", "--branch-label", label], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`ERROR: --branch-label "${label}" cannot be used:`);
    expect(r.stderr).toMatch(why);
    expect(files(dir)).toEqual(before);
  });

  it("merge checks its --rev-id too", async () => {
    const dir = project();
    const before = files(dir);
    const r = await cli(["merge", "-m", "join", "bbb222", "nnn222", "--rev-id", "base"], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--rev-id "base" cannot be used');
    expect(files(dir)).toEqual(before);
  });

  it("revision --baseline checks its --rev-id before it reads the database", async () => {
    const dir = tempProject({
      "autogen.config.json": JSON.stringify({ entities: ["entities/*.ts"], migrations: "migrations", databaseUrl: "postgresql://nobody@127.0.0.1:1/none" }),
    });
    fs.mkdirSync(path.join(dir, "migrations"));
    const r = await cli(["revision", "--baseline", "-m", "baseline", "--rev-id", "current"], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--rev-id "current" cannot be used: "current" is a reserved word');
    expect(files(dir)).toEqual([]);
  });

  it("--head label@head with two heads on the branch: exit 2 as upgrade says it, writes nothing", async () => {
    const dir = project();
    const before = files(dir);
    const r = await cli(["revision", "-m", "x", "--head", "net@head"], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('The target "net@head" needs a single head, but there are 2: "nnn222", "nnn333"');
    expect(files(dir)).toEqual(before);
  });

  it("--head label@head and a prefix name the revision to follow", async () => {
    const dir = project();
    fs.rmSync(path.join(dir, "migrations", "n3.js"));
    const r = await cli(["revision", "-m", "on net", "--head", "net@head", "--rev-id", "onnet1"], dir);
    expect(r.code).toBe(0);
    const written = files(dir).find((f) => f.endsWith("_on_net.ts"))!;
    expect(fs.readFileSync(path.join(dir, "migrations", written), "utf8")).toContain('downRevision: string | readonly string[] | null = "nnn222";');
    const byPrefix = await cli(["revision", "-m", "on main", "--head", "bbb", "--rev-id", "onmain1"], dir);
    expect(byPrefix.code).toBe(0);
    const main = files(dir).find((f) => f.endsWith("_on_main.ts"))!;
    expect(fs.readFileSync(path.join(dir, "migrations", main), "utf8")).toContain('= "bbb222";');
  });
});
