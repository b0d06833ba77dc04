import { AutogenError, UsageError } from "../../src/errors";
import {
  AmbiguousRevisionError,
  BranchLabelError,
  CycleDetectedError,
  DuplicateRevisionError,
  InvalidRevisionIdError,
  InvalidTargetError,
  MissingRevisionError,
  UnknownRevisionError,
} from "../../src/revision/errors";
import { RevisionGraph } from "../../src/revision/graph";
import { branchedWithMerge, dependent, ids, linear, rev, thrown } from "./fixtures";

describe("RevisionGraph queries", () => {
  test("linear history: one head, one base, parents before children", () => {
    const graph = linear();
    expect(graph.size).toBe(4);
    expect(ids(graph.heads)).toEqual(["d"]);
    expect(ids(graph.bases)).toEqual(["a"]);
    expect(ids(graph.topologicalOrder())).toEqual(["a", "b", "c", "d"]);
    expect(ids(graph.ancestors("c"))).toEqual(["a", "b"]);
    expect(ids(graph.descendants("b"))).toEqual(["c", "d"]);
    expect(graph.isAncestor("a", "d")).toBe(true);
    expect(graph.isAncestor("d", "a")).toBe(false);
    expect(graph.isAncestor("b", "b")).toBe(false);
  });

  test("branches and a merge: the order keeps each branch in one run", () => {
    const graph = branchedWithMerge();
    expect(ids(graph.heads)).toEqual(["m"]);
    expect(ids(graph.topologicalOrder())).toEqual(["a", "b", "c", "e", "d", "f", "m"]);
    expect(graph.childrenOf("b")).toEqual(["c", "d"]);
    expect(graph.parentsOf("m")).toEqual(["e", "f"]);
    expect(ids(graph.ancestors("m"))).toEqual(["a", "b", "c", "e", "d", "f"]);
    expect(ids(graph.descendants("d"))).toEqual(["f", "m"]);
    expect(graph.isAncestor("c", "f")).toBe(false);
    expect(graph.isAncestor("c", "m")).toBe(true);
  });

  test("two heads before the merge exists", () => {
    const graph = RevisionGraph.build([rev("a"), rev("b", ["a"]), rev("c", ["a"])]);
    expect(ids(graph.heads)).toEqual(["b", "c"]);
  });

  test("the order does not depend on the order of the input", () => {
    const revisions = [
      rev("a"),
      rev("b", ["a"]),
      rev("c", ["b"]),
      rev("d", ["b"]),
      rev("e", ["c"]),
      rev("f", ["d"]),
      rev("m", ["e", "f"]),
      rev("z"),
    ];
    const expected = ids(RevisionGraph.build(revisions).topologicalOrder());
    expect(expected).toEqual(["a", "b", "c", "e", "d", "f", "m", "z"]);
    for (const shuffled of [
      [...revisions].reverse(),
      [
        revisions[6],
        revisions[2],
        revisions[7],
        ...revisions.slice(0, 2),
        ...revisions.slice(3, 6),
      ],
    ]) {
      expect(ids(RevisionGraph.build(shuffled).topologicalOrder())).toEqual(expected);
    }
  });

  test("dependsOn orders revisions without merging branches", () => {
    const graph = dependent();
    expect(ids(graph.heads)).toEqual(["b", "y"]);
    expect(ids(graph.bases)).toEqual(["a", "x"]);
    expect(ids(graph.topologicalOrder())).toEqual(["a", "b", "x", "y"]);
    expect(graph.dependenciesOf("y")).toEqual(["b"]);
    expect(graph.dependentsOf("b")).toEqual(["y"]);
    expect(graph.childrenOf("b")).toEqual([]);
    expect(ids(graph.ancestors("y"))).toEqual(["a", "b", "x"]);
    expect(ids(graph.ancestors("y", { dependencies: false }))).toEqual(["x"]);
    expect(ids(graph.descendants("a"))).toEqual(["b", "y"]);
    expect(ids(graph.descendants("a", { dependencies: false }))).toEqual(["b"]);
    expect(graph.isAncestor("b", "y")).toBe(true);
    expect(graph.isAncestor("b", "y", { dependencies: false })).toBe(false);
  });

  test("dependsOn may name a branch label, and duplicates of downRevisions are dropped", () => {
    const graph = RevisionGraph.build([
      rev("a"),
      rev("x", [], { labels: ["net"] }),
      rev("b", ["a", "a"], { dependsOn: ["net", "x", "a"] }),
    ]);
    expect(graph.parentsOf("b")).toEqual(["a"]);
    expect(graph.dependenciesOf("b")).toEqual(["x"]);
    expect(graph.find("b")!.downRevisions).toEqual(["a"]);
    expect(ids(graph.heads)).toEqual(["x", "b"]);
  });

  test("get: full id, branch label, unambiguous prefix", () => {
    const graph = RevisionGraph.build([
      rev("1a2b3c"),
      rev("1a9f00", ["1a2b3c"], { labels: ["shop"] }),
      rev("2bcd", ["1a9f00"]),
    ]);
    expect(graph.get("1a2b3c").id).toBe("1a2b3c");
    expect(graph.get("shop").id).toBe("1a9f00");
    expect(graph.get("1a9").id).toBe("1a9f00");
    expect(graph.get("2").id).toBe("2bcd");
    expect(graph.find("2")).toBeUndefined();
    expect(graph.has("2bcd")).toBe(true);
  });

  test("branch lineage: the labelled revision, its descendants and its ancestors", () => {
    const graph = branchedWithMerge();
    expect([...graph.branchLineage("left")].sort()).toEqual(["a", "b", "c", "e", "m"]);
    expect(graph.isOnBranch("right", "f")).toBe(true);
    expect(graph.isOnBranch("right", "e")).toBe(false);
    expect(graph.branchRevision("right")!.id).toBe("d");
    expect([...graph.branchLabels()]).toEqual([
      ["left", "c"],
      ["right", "d"],
    ]);
  });

  test("an empty graph has no heads or bases", () => {
    const graph = RevisionGraph.build([]);
    expect(graph.heads).toEqual([]);
    expect(graph.bases).toEqual([]);
    expect(graph.topologicalOrder()).toEqual([]);
  });
});

describe("RevisionGraph errors", () => {
  test("get: unknown and ambiguous references", () => {
    const graph = RevisionGraph.build([rev("1a2b"), rev("1a3c", ["1a2b"])]);
    const unknown = thrown(() => graph.get("9")) as UnknownRevisionError;
    expect(unknown).toBeInstanceOf(UnknownRevisionError);
    expect(unknown).toBeInstanceOf(UsageError);
    expect(unknown.target).toBe("9");
    expect(unknown.message).toContain('No revision id, id prefix or branch label matches "9"');
    const ambiguous = thrown(() => graph.get("1a")) as AmbiguousRevisionError;
    expect(ambiguous).toBeInstanceOf(AmbiguousRevisionError);
    expect(ambiguous.candidates).toEqual(["1a2b", "1a3c"]);
    expect(ambiguous.message).toBe(
      'The revision prefix "1a" is ambiguous: it matches "1a2b", "1a3c". Give more characters of the id.',
    );
    expect(thrown(() => graph.get(""))).toBeInstanceOf(InvalidTargetError);
    expect(thrown(() => graph.ancestors("zz"))).toBeInstanceOf(UnknownRevisionError);
  });

  test("duplicate revision id names every file", () => {
    const error = thrown(() =>
      RevisionGraph.build([
        rev("a", [], { path: "m/1.ts" }),
        rev("b", ["a"]),
        rev("a", [], { path: "m/2.ts" }),
      ]),
    ) as DuplicateRevisionError;
    expect(error).toBeInstanceOf(DuplicateRevisionError);
    expect(error).toBeInstanceOf(AutogenError);
    expect(error.name).toBe("DuplicateRevisionError");
    expect(error.id).toBe("a");
    expect(error.paths).toEqual(["m/1.ts", "m/2.ts"]);
    expect(error.message).toMatch(
      /^Revision id "a" is declared by 2 migrations: m\/1\.ts, m\/2\.ts\. Every migration/,
    );
  });

  test("missing down revision and missing dependency", () => {
    const down = thrown(() =>
      RevisionGraph.build([rev("a"), rev("b", ["zz"])]),
    ) as MissingRevisionError;
    expect(down).toBeInstanceOf(MissingRevisionError);
    expect([down.id, down.referencedBy, down.path, down.relation]).toEqual([
      "zz",
      "b",
      "migrations/b.ts",
      "downRevision",
    ]);
    expect(down.message).toBe(
      'Migration "b" (migrations/b.ts) lists "zz" as its down revision, but no migration declares revision "zz". ' +
        'Restore the missing migration file or correct the `downRevision` export of "b".',
    );
    const dep = thrown(() =>
      RevisionGraph.build([rev("a", [], { dependsOn: ["qq"] })]),
    ) as MissingRevisionError;
    expect(dep.relation).toBe("dependsOn");
    expect(dep.message).toContain('lists "qq" in its dependsOn');
    expect(dep.message).toContain("`dependsOn` export");
  });

  test("cycle through down revisions is reported as the loop itself", () => {
    const error = thrown(() =>
      RevisionGraph.build([
        rev("root"),
        rev("a", ["c"]),
        rev("b", ["a"]),
        rev("c", ["b"]),
        rev("tail", ["b"]),
      ]),
    ) as CycleDetectedError;
    expect(error).toBeInstanceOf(CycleDetectedError);
    expect(error.revisions).toEqual(["a", "c", "b"]);
    expect(error.paths).toEqual(["migrations/a.ts", "migrations/c.ts", "migrations/b.ts"]);
    expect(error.message).toContain("form a cycle: a -> c -> b -> a");
    expect(error.message).toContain('"a" (migrations/a.ts)');
  });

  test("a revision revising itself, and a cycle through dependsOn", () => {
    const self = thrown(() => RevisionGraph.build([rev("a", ["a"])])) as CycleDetectedError;
    expect(self.revisions).toEqual(["a"]);
    expect(self.message).toContain("a -> a");
    const viaDependency = thrown(() =>
      RevisionGraph.build([rev("a", [], { dependsOn: ["b"] }), rev("b", ["a"])]),
    ) as CycleDetectedError;
    expect(viaDependency).toBeInstanceOf(CycleDetectedError);
    expect(viaDependency.revisions).toEqual(["a", "b"]);
  });

  test("branch labels: duplicate, clash with an id, invalid names", () => {
    const duplicate = thrown(() =>
      RevisionGraph.build([
        rev("a", [], { labels: ["shop"] }),
        rev("b", ["a"], { labels: ["shop"] }),
      ]),
    ) as BranchLabelError;
    expect(duplicate).toBeInstanceOf(BranchLabelError);
    expect(duplicate.problem).toBe("duplicate");
    expect(duplicate.message).toBe(
      'Branch label "shop" is declared by more than one revision: "a" (migrations/a.ts), "b" (migrations/b.ts). ' +
        "A label names a single branch; rename or remove it in all but one of them.",
    );
    const clash = thrown(() =>
      RevisionGraph.build([rev("a", [], { labels: ["b"] }), rev("b", ["a"])]),
    ) as BranchLabelError;
    expect(clash.problem).toBe("conflictsWithRevision");
    expect(clash.message).toContain(
      'Branch label "b" is also a revision id ("b" (migrations/b.ts))',
    );
    for (const bad of ["a@b", "head", "-x", "two words", ""]) {
      const invalid = thrown(() =>
        RevisionGraph.build([rev("a", [], { labels: [bad] })]),
      ) as BranchLabelError;
      expect(invalid.problem).toBe("invalid");
      expect(invalid.message).toContain(
        `Branch label "${bad}" declared by "a" (migrations/a.ts) is not valid`,
      );
    }
  });

  test("revision ids that target syntax would misread are refused", () => {
    for (const [id, reason] of [
      ["heads", '"heads" is a reserved word'],
      ["a@b", 'it contains "@"'],
      ["+1", 'it starts with "+"'],
      ["a b", "it contains whitespace"],
      ["", "it is empty"],
    ]) {
      const error = thrown(() =>
        RevisionGraph.build([rev(id, [], { path: "m/x.ts" })]),
      ) as InvalidRevisionIdError;
      expect(error).toBeInstanceOf(InvalidRevisionIdError);
      expect(error.message).toContain(
        `Revision id "${id}" declared in m/x.ts is not valid: ${reason}`,
      );
    }
    expect(RevisionGraph.build([rev("2024-01-init")]).has("2024-01-init")).toBe(true);
  });

  test("checks run in a fixed order: duplicates before missing parents before cycles", () => {
    const error = thrown(() => RevisionGraph.build([rev("a", ["a"]), rev("b", ["zz"]), rev("b")]));
    expect(error).toBeInstanceOf(DuplicateRevisionError);
    expect(thrown(() => RevisionGraph.build([rev("a", ["a"]), rev("b", ["zz"])]))).toBeInstanceOf(
      MissingRevisionError,
    );
  });
});
