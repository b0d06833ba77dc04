import {
  AmbiguousRevisionError,
  BranchLabelError,
  InvalidTargetError,
  MultipleHeadsError,
  UnknownRevisionError,
  UpgradeTargetBelowError,
} from "../../src/revision/errors";
import { RevisionGraph } from "../../src/revision/graph";
import { planUpgrade, type MigrationPlan } from "../../src/revision/plan";
import { branchedWithMerge, dependent, linear, rev, thrown } from "./fixtures";

/** Each step as [revision id, version rows after it]. */
function steps(plan: MigrationPlan): [string, readonly string[]][] {
  return plan.steps.map((s) => {
    expect(s.direction).toBe("up");
    return [s.revision.id, s.heads];
  });
}

describe("planUpgrade on a linear history", () => {
  const graph = linear();

  test("head from an empty database applies everything in order", () => {
    const plan = planUpgrade(graph, [], "head");
    expect(plan.direction).toBe("up");
    expect(plan.startHeads).toEqual([]);
    expect(steps(plan)).toEqual([
      ["a", ["a"]],
      ["b", ["b"]],
      ["c", ["c"]],
      ["d", ["d"]],
    ]);
    expect(plan.endHeads).toEqual(["d"]);
  });

  test.each([
    ["heads", [], ["a", "b", "c", "d"]],
    ["c", ["a"], ["b", "c"]],
    ["+1", ["b"], ["c"]],
    ["+2", [], ["a", "b"]],
    ["head-1", [], ["a", "b", "c"]],
    ["b+2", ["a"], ["b", "c", "d"]],
    ["d-2", [], ["a", "b"]],
    ["base+1", [], ["a"]],
  ])("%s from %j", (target, rows, expected) => {
    expect(planUpgrade(graph, rows, target).steps.map((s) => s.revision.id)).toEqual(expected);
  });

  test.each([
    ["the current head", "head", ["d"]],
    ["the current revision", "c", ["c"]],
    ["base, at base", "base", []],
  ])("%s gives an empty plan", (_, target, rows) => {
    const plan = planUpgrade(graph, rows, target);
    expect(plan.steps).toEqual([]);
    expect(plan.endHeads).toEqual(rows);
  });

  // Upgrading to what lies below the database is a downgrade: said so, not "nothing to do".
  test.each([
    ["an applied revision", "b", ["c"], "b"],
    ["base", "base", ["c"], "base"],
    ["a step that lands below the database", "head-2", ["c"], "b"],
    ["a step that lands on base", "a-1", ["c"], "base"],
  ])("%s is refused as a downgrade target", (_, target, rows, revision) => {
    expect(() => planUpgrade(graph, rows, target)).toThrow(UpgradeTargetBelowError);
    expect(() => planUpgrade(graph, rows, target)).toThrow(
      `Cannot upgrade to "${target}": "${revision}" is older than the database's current revision "c"`,
    );
  });

  test("redundant version rows are normalised to the heads of the applied set", () => {
    const plan = planUpgrade(graph, ["a", "c"], "head");
    expect(plan.startHeads).toEqual(["c"]);
    expect(steps(plan)).toEqual([["d", ["d"]]]);
  });

  test("relative targets that cannot be reached are refused with the reason", () => {
    const past = thrown(() => planUpgrade(graph, ["c"], "+2")) as InvalidTargetError;
    expect(past).toBeInstanceOf(InvalidTargetError);
    expect(past.message).toBe(
      'Invalid revision target "+2": it walks past the head: only 1 step(s) are possible from "c".',
    );
    expect(thrown(() => planUpgrade(graph, [], "head+1")).message).toContain(
      "it walks past the head",
    );
    expect(thrown(() => planUpgrade(graph, ["c"], "-1")).message).toContain(
      "an upgrade cannot move down from the current revision; use downgrade",
    );
  });

  test("an unknown version row or target is named", () => {
    const row = thrown(() => planUpgrade(graph, ["zz"], "head")) as UnknownRevisionError;
    expect(row).toBeInstanceOf(UnknownRevisionError);
    expect(row.source).toBe("the database's version table");
    expect(row.message).toContain(
      'Revision "zz", found in the database\'s version table, is not declared by any migration file',
    );
    expect(thrown(() => planUpgrade(graph, [], "zz"))).toBeInstanceOf(UnknownRevisionError);
  });
});

describe("planUpgrade across branches and a merge", () => {
  const graph = branchedWithMerge();

  test("head applies one branch, then the other, then the merge collapses the rows", () => {
    expect(steps(planUpgrade(graph, [], "head"))).toEqual([
      ["a", ["a"]],
      ["b", ["b"]],
      ["c", ["c"]],
      ["e", ["e"]],
      ["d", ["e", "d"]],
      ["f", ["e", "f"]],
      ["m", ["m"]],
    ]);
  });

  test("a revision on the other branch adds a version row", () => {
    expect(steps(planUpgrade(graph, ["e"], "f"))).toEqual([
      ["d", ["e", "d"]],
      ["f", ["e", "f"]],
    ]);
  });

  test("the merge from both branch heads", () => {
    const plan = planUpgrade(graph, ["e", "f"], "m");
    expect(plan.startHeads).toEqual(["e", "f"]);
    expect(steps(plan)).toEqual([["m", ["m"]]]);
  });

  test("+1 from one branch head reaches the merge and brings in the other branch", () => {
    expect(steps(planUpgrade(graph, ["e"], "+1"))).toEqual([
      ["d", ["e", "d"]],
      ["f", ["e", "f"]],
      ["m", ["m"]],
    ]);
  });

  test("+1 at a branch point is ambiguous; a branch label settles it", () => {
    const error = thrown(() => planUpgrade(graph, ["b"], "+1")) as InvalidTargetError;
    expect(error).toBeInstanceOf(InvalidTargetError);
    expect(error.message).toContain('the walk is ambiguous at "b", which branches into "c", "d"');
    expect(steps(planUpgrade(graph, ["b"], "right@+1"))).toEqual([["d", ["d"]]]);
  });

  test("label@+1 from a database whose row is on another branch starts from the branch point", () => {
    expect(steps(planUpgrade(graph, ["e"], "right@+1"))).toEqual([["d", ["e", "d"]]]);
    expect(steps(planUpgrade(graph, [], "left@+1"))).toEqual([["a", ["a"]]]);
  });

  test("+1 from several version rows needs a branch label", () => {
    const error = thrown(() => planUpgrade(graph, ["e", "d"], "+1")) as MultipleHeadsError;
    expect(error).toBeInstanceOf(MultipleHeadsError);
    expect(error.heads).toEqual(["e", "d"]);
    expect(steps(planUpgrade(graph, ["e", "d"], "right@+1"))).toEqual([["f", ["e", "f"]]]);
  });

  test("label@head and label@rev", () => {
    expect(planUpgrade(graph, ["b"], "right@head").steps.map((s) => s.revision.id)).toEqual([
      "c",
      "e",
      "d",
      "f",
      "m",
    ]);
    expect(steps(planUpgrade(graph, ["b"], "left@e"))).toEqual([
      ["c", ["c"]],
      ["e", ["e"]],
    ]);
    const notOnBranch = thrown(() => planUpgrade(graph, [], "left@f")) as BranchLabelError;
    expect(notOnBranch).toBeInstanceOf(BranchLabelError);
    expect(notOnBranch.problem).toBe("notOnBranch");
    expect(notOnBranch.message).toContain('Revision "f" (migrations/f.ts) is not on branch "left"');
  });
});

describe("planUpgrade with several heads", () => {
  const graph = RevisionGraph.build([
    rev("a"),
    rev("b1", ["a"], { labels: ["one"] }),
    rev("b2", ["a"], { labels: ["two"] }),
    rev("c1", ["b1"]),
  ]);

  test("head is refused with every head named", () => {
    const error = thrown(() => planUpgrade(graph, ["a"], "head")) as MultipleHeadsError;
    expect(error).toBeInstanceOf(MultipleHeadsError);
    expect(error.heads).toEqual(["c1", "b2"]);
    expect(error.target).toBe("head");
    expect(error.message).toContain(
      'The target "head" needs a single head, but there are 2: "c1", "b2".',
    );
    expect(error.message).toContain('use "heads" to upgrade every branch');
  });

  test("heads upgrades every branch; label@head one of them", () => {
    expect(steps(planUpgrade(graph, ["a"], "heads"))).toEqual([
      ["b1", ["b1"]],
      ["c1", ["c1"]],
      ["b2", ["c1", "b2"]],
    ]);
    expect(steps(planUpgrade(graph, ["a"], "two@head"))).toEqual([["b2", ["b2"]]]);
    expect(steps(planUpgrade(graph, ["b2"], "one@heads"))).toEqual([
      ["b1", ["b1", "b2"]],
      ["c1", ["c1", "b2"]],
    ]);
  });

  test("head-1 needs a single head too", () => {
    expect(thrown(() => planUpgrade(graph, [], "head-1"))).toBeInstanceOf(MultipleHeadsError);
    expect(steps(planUpgrade(graph, [], "one@head-1"))).toEqual([
      ["a", ["a"]],
      ["b1", ["b1"]],
    ]);
  });

  test("a prefix ambiguous overall is accepted when one candidate is on the branch", () => {
    expect(thrown(() => planUpgrade(graph, [], "b"))).toBeInstanceOf(AmbiguousRevisionError);
    expect(steps(planUpgrade(graph, ["a"], "two@b"))).toEqual([["b2", ["b2"]]]);
  });
});

describe("planUpgrade with dependsOn", () => {
  const graph = dependent();

  test("the dependency is applied first and keeps its own version row", () => {
    expect(steps(planUpgrade(graph, [], "net@head"))).toEqual([
      ["a", ["a"]],
      ["b", ["b"]],
      ["x", ["b", "x"]],
      ["y", ["b", "y"]],
    ]);
    expect(thrown(() => planUpgrade(graph, [], "head"))).toBeInstanceOf(MultipleHeadsError);
  });

  test("an already applied dependency is not applied again", () => {
    expect(steps(planUpgrade(graph, ["b"], "y"))).toEqual([
      ["x", ["b", "x"]],
      ["y", ["b", "y"]],
    ]);
  });

  test("rows written with the dependency folded into its dependent are read back with both heads", () => {
    const plan = planUpgrade(graph, ["y"], "heads");
    expect(plan.startHeads).toEqual(["b", "y"]);
    expect(plan.steps).toEqual([]);
  });
});
