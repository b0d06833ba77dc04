import { differences, keyedBy, mapOf } from "../../src/compare/differences";

describe("differences", () => {
  it("returns added (to's order), removed (from's order) and modified entries", () => {
    const from = mapOf({ a: 1, b: 2, c: 3 });
    const to = mapOf({ d: 4, c: 30, a: 1, e: 5 });
    expect(differences(from, to, (x, y) => x === y)).toStrictEqual({
      added: [4, 5],
      removed: [2],
      modified: [{ key: "c", from: 3, to: 30 }],
    });
  });

  it("keys lists by a function", () => {
    const map = keyedBy([{ name: "x" }, { name: "y" }], (item) => item.name);
    expect([...map.keys()]).toStrictEqual(["x", "y"]);
    expect(differences(map, map, () => false).modified).toHaveLength(2);
  });
});
