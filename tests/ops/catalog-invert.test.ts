/** Inverses of the catalog-object operations: derived from what they carry, refused without it. */
import { invert } from "../../src/ops/invert";
import { IrreversibleOperationError } from "../../src/ops/irreversible-operation-error";
import type { Operation } from "../../src/ops/operation";
import { catalogSamples } from "../render/catalog-sample-ops";

const reversible = catalogSamples.map((s) => s.op).filter((op) => op.kind.startsWith("create") || "existing" in op);

describe("invert: catalog objects", () => {
  it.each(reversible.map((op) => [op.kind, op] as const))("%s: the inverse of the inverse is the op", (_, op) => {
    expect(invert(invert(op))).toStrictEqual(op);
  });

  it("turns a grant into the revoke of the same privileges, with the roles of existing and target swapped", () => {
    const grant: Operation = {
      kind: "setPrivileges",
      object: { kind: "sequence", schema: "public", name: "s" },
      grantee: "bob",
      privileges: ["SELECT", "USAGE"],
      grantable: ["USAGE"],
      existing: { privileges: ["SELECT"], grantable: [] },
    };
    expect(invert(grant)).toStrictEqual({ ...grant, privileges: ["SELECT"], grantable: [], existing: { privileges: ["SELECT", "USAGE"], grantable: ["USAGE"] } });
  });

  it("swaps the stage of a privilege change: undoing a removal is an addition", () => {
    const removal: Operation = {
      kind: "setPrivileges",
      object: { kind: "function", schema: "public", name: "f", arguments: "" },
      grantee: "public",
      privileges: ["EXECUTE"],
      grantable: [],
      existing: { privileges: [], grantable: [] },
      stage: "removal",
    };
    expect(invert(removal)).toMatchObject({ privileges: [], existing: { privileges: ["EXECUTE"] }, stage: "addition" });
  });

  it("refuses to invert a drop or change that does not carry what it replaces", () => {
    const ops: Operation[] = [
      { kind: "dropFunction", function: { schema: "public", name: "f", arguments: "", kind: "function" } },
      { kind: "dropTrigger", trigger: { schema: "public", table: "t", name: "x" } },
      { kind: "setTriggerEnabled", trigger: { schema: "public", table: "t", name: "x" }, enabled: "disabled" },
      { kind: "dropPolicy", policy: { schema: "public", table: "t", name: "p" } },
      { kind: "setRowSecurity", table: { schema: "public", name: "t" }, enabled: true, forced: false },
      { kind: "setPrivileges", object: { kind: "schema", name: "s" }, grantee: "bob", privileges: ["USAGE"], grantable: [] },
      { kind: "setComment", object: { kind: "schema", name: "s" }, comment: "x" },
      { kind: "dropCollation", collation: { schema: "public", name: "c" } },
    ];
    for (const op of ops) expect(() => invert(op)).toThrow(IrreversibleOperationError);
    expect(() => invert(ops[1]!)).toThrow("Cannot derive the downgrade of dropTrigger on trigger x on t");
  });
});
