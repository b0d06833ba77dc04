import {
  InvalidTargetError,
  MultipleHeadsError,
  RangeNotAncestorError,
} from "../../src/revision/errors";
import { RevisionGraph } from "../../src/revision/graph";
import { planDowngrade, planUpgrade, type MigrationPlan } from "../../src/revision/plan";
import { branchedWithMerge, dependent, linear, rev, thrown } from "./fixtures";

/** Each step as [revision id, version rows after it]. */
function steps(plan: MigrationPlan): [string, readonly string[]][] {
  return plan.steps.map((s) => {
    expect(s.direction).toBe("down");
    return [s.revision.id, s.heads];
  });
}

describe("planDowngrade on a linear history", () => {
  const graph = linear();

  test("-1 removes the current head", () => {
    const plan = planDowngrade(graph, ["d"], "-1");
    expect(plan.direction).toBe("down");
    expect(plan.startHeads).toEqual(["d"]);
    expect(steps(plan)).toEqual([["d", ["c"]]]);
    expect(plan.endHeads).toEqual(["c"]);
  });

  test.each([
    ["-2", ["d"], ["d", "c"]],
    ["b", ["d"], ["d", "c"]],
    ["head-1", ["d"], ["d"]],
    ["a+1", ["d"], ["d", "c"]],
    ["base", ["c"], ["c", "b", "a"]],
    ["-3", ["c"], ["c", "b", "a"]],
    ["c-3", ["d"], ["d", "c", "b", "a"]],
  ])("%s from %j", (target, rows, expected) => {
    expect(planDowngrade(graph, rows, target).steps.map((s) => s.revision.id)).toEqual(expected);
  });

  test("downgrading to base empties the version table", () => {
    expect(steps(planDowngrade(graph, ["b"], "base"))).toEqual([
      ["b", ["a"]],
      ["a", []],
    ]);
  });

  test("the current head or an empty database give an empty plan", () => {
    expect(planDowngrade(graph, ["c"], "c").steps).toEqual([]);
    expect(planDowngrade(graph, [], "base").steps).toEqual([]);
  });

  test("a target that is not applied is refused", () => {
    const error = thrown(() => planDowngrade(graph, ["b"], "d")) as RangeNotAncestorError;
    expect(error).toBeInstanceOf(RangeNotAncestorError);
    expect([error.lower, error.upper]).toEqual(["d", ["b"]]);
    expect(error.message).toBe(
      'Cannot downgrade to "d": it is not applied to the database (current heads: "b"), so there is nothing to remove down to it.',
    );
  });

  test("targets that point up or past the base are refused", () => {
    expect(thrown(() => planDowngrade(graph, ["b"], "+1")).message).toContain(
      "a downgrade cannot move up from the current revision; use upgrade",
    );
    expect(thrown(() => planDowngrade(graph, ["b"], "-3")).message).toContain(
      'it walks past the base: only 2 step(s) are possible from "b"',
    );
    expect(thrown(() => planDowngrade(graph, [], "-1")).message).toContain(
      "no revision is applied, so there is nothing to step down from",
    );
    expect(thrown(() => planDowngrade(graph, ["d"], "heads"))).toBeInstanceOf(InvalidTargetError);
  });
});

describe("planDowngrade across branches and a merge", () => {
  const graph = branchedWithMerge();

  test("to the branch point: unmerges, then removes both branches", () => {
    expect(steps(planDowngrade(graph, ["m"], "b"))).toEqual([
      ["m", ["e", "f"]],
      ["f", ["e", "d"]],
      ["d", ["e"]],
      ["e", ["c"]],
      ["c", ["b"]],
    ]);
  });

  test("label@rev removes only that branch (and the merge that needs it)", () => {
    expect(steps(planDowngrade(graph, ["m"], "left@b"))).toEqual([
      ["m", ["e", "f"]],
      ["e", ["c", "f"]],
      ["c", ["f"]],
    ]);
  });

  test("-1 from a merge is ambiguous", () => {
    const error = thrown(() => planDowngrade(graph, ["m"], "-1")) as InvalidTargetError;
    expect(error).toBeInstanceOf(InvalidTargetError);
    expect(error.message).toContain('the walk is ambiguous at "m", which merges "e", "f"');
  });

  test("-1 with several version rows needs a branch label", () => {
    const error = thrown(() => planDowngrade(graph, ["e", "f"], "-1")) as MultipleHeadsError;
    expect(error).toBeInstanceOf(MultipleHeadsError);
    expect(error.heads).toEqual(["e", "f"]);
    expect(error.message).toContain(
      'The target "-1" needs a single head, but there are 2: "e", "f".',
    );
    expect(steps(planDowngrade(graph, ["e", "f"], "left@-1"))).toEqual([["e", ["c", "f"]]]);
    expect(steps(planDowngrade(graph, ["e", "f"], "right@-2"))).toEqual([
      ["f", ["e", "d"]],
      ["d", ["e"]],
    ]);
  });

  test("a revision below the merge on one branch", () => {
    expect(steps(planDowngrade(graph, ["m"], "c"))).toEqual([
      ["m", ["e", "f"]],
      ["e", ["c", "f"]],
    ]);
  });

  test("head and base", () => {
    expect(planDowngrade(graph, ["m"], "head").steps).toEqual([]);
    expect(planDowngrade(graph, ["m"], "base").steps.map((s) => s.revision.id)).toEqual([
      "m",
      "f",
      "d",
      "e",
      "c",
      "b",
      "a",
    ]);
    expect(planDowngrade(graph, ["m"], "base").endHeads).toEqual([]);
  });

  test("to one side of the merge: only the merge goes, the other branch stays applied", () => {
    expect(steps(planDowngrade(graph, ["m"], "e"))).toEqual([["m", ["e", "f"]]]);
  });

  test("an upgrade then a downgrade to the start restore the version rows", () => {
    const up = planUpgrade(graph, ["b"], "heads");
    expect(planDowngrade(graph, up.endHeads, "b").endHeads).toEqual(["b"]);
  });
});

describe("planDowngrade with dependsOn and separate bases", () => {
  const graph = dependent();

  test("removing a dependency removes its dependents first", () => {
    expect(steps(planDowngrade(graph, ["b", "y"], "a"))).toEqual([
      ["y", ["b", "x"]],
      ["b", ["a", "x"]],
    ]);
  });

  test("label@base removes one branch to its base and leaves the other", () => {
    expect(steps(planDowngrade(graph, ["b", "y"], "net@base"))).toEqual([
      ["y", ["b", "x"]],
      ["x", ["b"]],
    ]);
  });

  test("label@-1 steps down on that branch", () => {
    expect(steps(planDowngrade(graph, ["b", "y"], "net@-1"))).toEqual([["y", ["b", "x"]]]);
  });

  test("downgrading to one parent of a merge leaves both parents applied", () => {
    const merged = RevisionGraph.build([
      rev("a"),
      rev("b1", ["a"]),
      rev("b2", ["a"]),
      rev("m", ["b1", "b2"]),
      rev("n", ["m"]),
    ]);
    expect(steps(planDowngrade(merged, ["n"], "b1"))).toEqual([
      ["n", ["m"]],
      ["m", ["b1", "b2"]],
    ]);
  });
});

describe("planDowngrade: a branch label picks a side of a merge", () => {
  test("label@-1 from a merge removes the merge", () => {
    expect(steps(planDowngrade(branchedWithMerge(), ["m"], "right@-1"))).toEqual([
      ["m", ["e", "f"]],
    ]);
  });
});
