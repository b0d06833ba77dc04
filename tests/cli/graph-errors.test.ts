/**
 * Every revision-graph error a user can meet, through the CLI: its one-paragraph message (naming the
 * revisions and files) and its exit code. No database is needed: the graph is read before connecting.
 */
import path from "node:path";
import { cli, tempProject } from "./cli-support";

const mig = (rev: string, down: string | string[] | null, extra = "") => `/**
 * ${rev} message
 */
exports.revision = ${JSON.stringify(rev)};
exports.downRevision = ${JSON.stringify(down)};
exports.branchLabels = null;
exports.dependsOn = null;
exports.upgrade = async () => {};
exports.downgrade = async () => {};
${extra}`;

const project = (files: Record<string, string>) =>
  tempProject({
    "autogen.config.json": JSON.stringify({ entities: ["entities/*.ts"], migrations: "migrations", databaseUrl: "postgresql://nobody@127.0.0.1:1/none" }),
    ...Object.fromEntries(Object.entries(files).map(([name, text]) => [path.join("migrations", name), text])),
  });

describe("revision graph errors through the CLI", () => {
  it("unknown revision: exit 2", async () => {
    const dir = project({ "a.js": mig("aaa111", null) });
    const r = await cli(["show", "zzz999"], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^ERROR: .*"zzz999"/);
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
  });

  it("ambiguous revision prefix: exit 2, lists the candidates", async () => {
    const dir = project({ "a.js": mig("abc111", null), "b.js": mig("abc222", "abc111") });
    const r = await cli(["show", "abc"], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("abc111");
    expect(r.stderr).toContain("abc222");
  });

  it("multiple heads: exit 2, names the heads", async () => {
    const dir = project({ "a.js": mig("aaa111", null), "b.js": mig("bbb222", "aaa111"), "c.js": mig("ccc333", "aaa111") });
    const r = await cli(["upgrade", "head", "--sql"], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('there are 2: "bbb222", "ccc333"');
  });

  it("show head with several heads: exit 2, names the heads instead of showing one of them", async () => {
    const dir = project({ "a.js": mig("aaa111", null), "b.js": mig("bbb222", "aaa111"), "c.js": mig("ccc333", "aaa111") });
    for (const target of ["head", "heads"]) {
      const r = await cli(["show", target], dir);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe("");
      expect(r.stderr).toContain('there are 2: "bbb222", "ccc333"');
    }
  });

  it("show reads targets as upgrade does: label@head, a step from a revision; base and current are refused", async () => {
    const dir = project({
      "a.js": mig("aaa111", null),
      "b.js": mig("bbb222", "aaa111"),
      "n.js": mig("nnn111", null, "exports.branchLabels = ['net'];\n"),
      "n2.js": mig("nnn222", "nnn111"),
    });
    expect((await cli(["show", "net@head"], dir)).stdout).toMatch(/^Rev: nnn222 \(head\)\n/);
    expect((await cli(["show", "bbb222-1"], dir)).stdout).toMatch(/^Rev: aaa111\n/);
    for (const target of ["base", "current", "-1"]) {
      const r = await cli(["show", target], dir);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(new RegExp(`^ERROR: Invalid revision target "${target}"`));
    }
  });

  it("an unknown branch label, a revision off the branch, a reversed range, a downgrade to what is not applied: exit 2", async () => {
    const dir = project({
      "a.js": mig("aaa111", null),
      "b.js": mig("bbb222", "aaa111"),
      "n.js": mig("nnn111", null, "exports.branchLabels = ['net'];\n"),
    });
    const cases: [string[], string][] = [
      [["upgrade", "nope@head", "--sql"], 'No revision declares the branch label "nope"'],
      [["upgrade", "net@bbb222", "--sql"], 'is not on branch "net"'],
      [["history", "-r", "bbb222:aaa111"], 'Revision "bbb222" is not an ancestor of "aaa111"'],
      [["downgrade", "aaa111:bbb222", "--sql"], 'Cannot downgrade to "bbb222": it is not applied'],
    ];
    for (const [args, message] of cases) {
      const r = await cli(args, dir);
      expect([args.join(" "), r.code]).toEqual([args.join(" "), 2]);
      expect(r.stderr).toContain(message);
      expect(r.stderr.trim().split("\n")).toHaveLength(1);
    }
  });

  it("cycle: exit 1, names the revisions in it", async () => {
    const dir = project({ "a.js": mig("aaa111", "bbb222"), "b.js": mig("bbb222", "aaa111") });
    const r = await cli(["history"], dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/cycle/i);
    expect(r.stderr).toContain("aaa111");
    expect(r.stderr).toContain("bbb222");
  });

  it("duplicate revision id: exit 1, names both files", async () => {
    const dir = project({ "a.js": mig("aaa111", null), "b.js": mig("aaa111", null) });
    const r = await cli(["history"], dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(path.join(dir, "migrations", "a.js"));
    expect(r.stderr).toContain(path.join(dir, "migrations", "b.js"));
  });

  it("missing parent: exit 1, names the missing revision and the file that refers to it", async () => {
    const dir = project({ "a.js": mig("aaa111", "nothere") });
    const r = await cli(["history"], dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('"nothere"');
    expect(r.stderr).toContain(path.join(dir, "migrations", "a.js"));
  });

  it("a file that does not export what it must: exit 1, names the file and the export", async () => {
    const dir = project({ "a.js": mig("aaa111", null).replace("exports.upgrade = async () => {};\n", "") });
    const r = await cli(["history"], dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(path.join(dir, "migrations", "a.js"));
    expect(r.stderr).toContain("upgrade");
  });

  it("a migration file that throws when loaded: exit 1, names the file", async () => {
    const dir = project({ "a.js": mig("aaa111", null, 'throw new Error("boom at load");\n') });
    const r = await cli(["upgrade", "head", "--sql"], dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(path.join(dir, "migrations", "a.js"));
    expect(r.stderr).toContain("boom at load");
  });
});
