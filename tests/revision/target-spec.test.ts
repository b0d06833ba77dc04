import { BranchLabelError, InvalidTargetError } from "../../src/revision/errors";
import { RevisionGraph } from "../../src/revision/graph";
import { parseTarget } from "../../src/revision/target-spec";
import { rev, thrown } from "./fixtures";

const graph = RevisionGraph.build([
  rev("ae10"),
  rev("2024-01", ["ae10"]),
  rev("c3", ["2024-01"], { labels: ["shop"] }),
]);

describe("parseTarget", () => {
  test.each([
    ["heads", { kind: "heads", branch: null }],
    ["head", { kind: "head", branch: null }],
    ["base", { kind: "base", branch: null }],
    ["ae", { kind: "revision", ref: "ae", branch: null }],
    ["shop", { kind: "revision", ref: "shop", branch: null }],
    ["  ae10  ", { kind: "revision", ref: "ae10", branch: null }],
    ["2024-01", { kind: "revision", ref: "2024-01", branch: null }],
    ["+2", { kind: "relative", anchor: { kind: "current" }, steps: 2, branch: null }],
    ["-1", { kind: "relative", anchor: { kind: "current" }, steps: -1, branch: null }],
    [
      "ae10+2",
      { kind: "relative", anchor: { kind: "revision", ref: "ae10" }, steps: 2, branch: null },
    ],
    [
      "2024-01-1",
      { kind: "relative", anchor: { kind: "revision", ref: "2024-01" }, steps: -1, branch: null },
    ],
    ["head-1", { kind: "relative", anchor: { kind: "head" }, steps: -1, branch: null }],
    ["base+1", { kind: "relative", anchor: { kind: "base" }, steps: 1, branch: null }],
    ["shop@head", { kind: "head", branch: "shop" }],
    ["shop@heads", { kind: "heads", branch: "shop" }],
    ["shop@base", { kind: "base", branch: "shop" }],
    ["shop@c", { kind: "revision", ref: "c", branch: "shop" }],
    ["shop@c3", { kind: "revision", ref: "c3", branch: "shop" }],
    ["shop@-1", { kind: "relative", anchor: { kind: "current" }, steps: -1, branch: "shop" }],
    ["shop@head-2", { kind: "relative", anchor: { kind: "head" }, steps: -2, branch: "shop" }],
    [
      "shop@ae10+1",
      { kind: "relative", anchor: { kind: "revision", ref: "ae10" }, steps: 1, branch: "shop" },
    ],
  ])("%s", (text, expected) => {
    expect(parseTarget(text, graph)).toEqual(expected);
  });

  test.each([
    ["", "it is empty"],
    ["@head", 'a branch target is written "<branch label>@<target>"'],
    ["shop@", 'a branch target is written "<branch label>@<target>"'],
    ["shop@x@y", 'a branch target is written "<branch label>@<target>"'],
    ["current", '"current" can only be one end of a history range'],
    ["+0", "a relative step count must be a positive whole number"],
    ["heads-1", 'steps cannot be counted from "heads"'],
  ])("refuses %j", (text, reason) => {
    const error = thrown(() => parseTarget(text, graph)) as InvalidTargetError;
    expect(error).toBeInstanceOf(InvalidTargetError);
    expect(error.target).toBe(text);
    expect(error.message).toContain(`Invalid revision target "${text}": ${reason}`);
  });

  test("an unknown branch label is named", () => {
    const error = thrown(() => parseTarget("net@head", graph)) as BranchLabelError;
    expect(error).toBeInstanceOf(BranchLabelError);
    expect(error.problem).toBe("unknown");
    expect(error.message).toContain('No revision declares the branch label "net"');
  });
});
