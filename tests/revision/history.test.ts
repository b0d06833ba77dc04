import {
  InvalidTargetError,
  MultipleHeadsError,
  RangeNotAncestorError,
} from "../../src/revision/errors";
import { RevisionGraph } from "../../src/revision/graph";
import { history } from "../../src/revision/history";
import { branchedWithMerge, dependent, ids, linear, rev, thrown } from "./fixtures";

describe("history", () => {
  const graph = branchedWithMerge();

  test.each([
    [undefined, [], ["m", "f", "d", "e", "c", "b", "a"]],
    ["", [], ["m", "f", "d", "e", "c", "b", "a"]],
    ["base:head", [], ["m", "f", "d", "e", "c", "b", "a"]],
    [":heads", [], ["m", "f", "d", "e", "c", "b", "a"]],
    ["c:", [], ["m", "e", "c"]],
    [":e", [], ["e", "c", "b", "a"]],
    ["c:m", [], ["m", "e", "c"]],
    ["b:e", [], ["e", "c", "b"]],
    ["left:", [], ["m", "e", "c"]],
    ["right@head-1:", [], ["m", "f"]],
    ["current:", ["e"], ["m", "e"]],
    [":current", ["e", "d"], ["d", "e", "c", "b", "a"]],
    ["current:", [], ["m", "f", "d", "e", "c", "b", "a"]],
    [":current", [], []],
    [":base", [], []],
    ["-1:", ["e"], ["m", "e", "c"]],
  ])("%j with version rows %j", (range, rows, expected) => {
    expect(ids(history(graph, range, rows))).toEqual(expected);
  });

  test("a lower end that is not an ancestor of the upper end is refused", () => {
    const error = thrown(() => history(graph, "e:c")) as RangeNotAncestorError;
    expect(error).toBeInstanceOf(RangeNotAncestorError);
    expect([error.lower, error.upper]).toEqual(["e", ["c"]]);
    expect(error.message).toBe(
      'Revision "e" is not an ancestor of "c", so the range "e:c" is empty. Put the older revision first.',
    );
    expect(thrown(() => history(graph, "d:e"))).toBeInstanceOf(RangeNotAncestorError);
    expect((thrown(() => history(graph, "c:base")) as RangeNotAncestorError).upper).toEqual([
      "base",
    ]);
  });

  test("label@base as the lower end starts at the base of that branch, not before every base", () => {
    const twoBases = dependent();
    expect(ids(history(twoBases, "net@base:net@head"))).toEqual(["y", "x"]);
    expect(ids(history(twoBases, "net@base:"))).toEqual(["y", "x"]);
    expect(ids(history(twoBases, ":net@head"))).toEqual(["y", "x", "b", "a"]);
  });

  test("malformed ranges", () => {
    expect(thrown(() => history(graph, "c"))).toBeInstanceOf(InvalidTargetError);
    expect(thrown(() => history(graph, "a:b:c")).message).toContain(
      'a history range is written "FROM:TO"',
    );
  });

  test("head needs a single head; heads does not", () => {
    const twoHeads = RevisionGraph.build([rev("a"), rev("b", ["a"]), rev("c", ["a"])]);
    expect(thrown(() => history(twoHeads, "base:head"))).toBeInstanceOf(MultipleHeadsError);
    expect(ids(history(twoHeads, "base:heads"))).toEqual(["c", "b", "a"]);
  });

  test("steps from the head on a linear history", () => {
    expect(ids(history(linear(), "head-1:"))).toEqual(["d", "c"]);
  });
});
