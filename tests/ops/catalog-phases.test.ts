/** Where the catalog-object operations go in the phase order. */
import type { FunctionDef } from "../../src/model/catalog-objects";
import type { Operation } from "../../src/ops/operation";
import { orderOperations } from "../../src/ops/phases";
import { column, ref, table } from "../support/model-builders";

const fn = (name: string, dependsOn: string[] = []): FunctionDef => ({
  schema: "public",
  name,
  kind: "function",
  arguments: "",
  signature: "",
  returns: "integer",
  definition: `CREATE OR REPLACE FUNCTION public.${name}() RETURNS integer LANGUAGE sql AS 'SELECT 1'`,
  dependsOn,
});
const view = { schema: "public", name: "v", materialized: false, definition: "SELECT 1", indexes: [] };
const object = { kind: "view", schema: "public", name: "v" } as const;

describe("orderOperations: catalog objects", () => {
  it("removes what hangs on objects first and adds it last; functions reading relations go with the views", () => {
    const ops: Operation[] = [
      { kind: "setComment", object, comment: "x", existing: null },
      { kind: "createTrigger", trigger: { schema: "public", table: "v", name: "t", definition: "CREATE TRIGGER ...", enabled: "origin" } },
      { kind: "createView", view },
      { kind: "createFunction", function: fn("reads_v", ['relation "public"."v"']) },
      { kind: "createTable", table: table("t", [column("a", "integer", { default: "public.plain()" })]) },
      { kind: "createFunction", function: fn("plain") },
      { kind: "createCollation", collation: { schema: "public", name: "c", provider: "libc", deterministic: true, lcCollate: "C", lcCtype: "C", locale: null, rules: null } },
      { kind: "setPrivileges", object, grantee: "bob", privileges: [], grantable: [], existing: { privileges: ["SELECT"], grantable: [] } },
      { kind: "dropView", view: ref("v"), materialized: false },
      { kind: "dropFunction", function: { schema: "public", name: "old", arguments: "", kind: "function" }, existing: fn("old") },
      { kind: "dropFunction", function: { schema: "public", name: "old_v", arguments: "", kind: "function" }, existing: fn("old_v", ['relation "public"."v"']) },
      { kind: "dropTrigger", trigger: { schema: "public", table: "v", name: "t" } },
      { kind: "setComment", object, comment: null, existing: "x" },
      { kind: "dropCollation", collation: { schema: "public", name: "d" } },
    ];
    const label = (op: Operation) => ("function" in op ? `${op.kind} ${op.function.name}` : op.kind);
    expect(orderOperations(ops).map(label)).toEqual([
      "setComment",
      "setPrivileges",
      "dropTrigger",
      "dropView",
      "dropFunction old_v",
      "createCollation",
      "createFunction plain",
      "createTable",
      "dropFunction old",
      "dropCollation",
      "createView",
      "createFunction reads_v",
      "createTrigger",
      "setComment",
    ]);
  });

  it("removes the grants passed on from a grant option before the others (a column's first), and adds them after (a column's last)", () => {
    const column = { kind: "column", schema: "public", table: "v", column: "a" } as const;
    const change = (on: typeof object | typeof column, grantee: string, grantor: string | undefined, revoke: boolean): Operation => ({
      kind: "setPrivileges",
      object: on,
      grantee,
      ...(grantor !== undefined && { grantor }),
      privileges: revoke ? [] : ["SELECT"],
      grantable: [],
      existing: { privileges: revoke ? ["SELECT"] : [], grantable: [] },
    });
    const ops = [
      change(object, "clerk", undefined, true),
      change(object, "intern", "clerk", true),
      change(column, "intern", "clerk", true),
      change(column, "intern", "clerk", false),
      change(object, "intern", "clerk", false),
      change(object, "clerk", undefined, false),
    ];
    const label = (op: Operation) =>
      op.kind === "setPrivileges" ? `${op.privileges.length === 0 ? "revoke" : "grant"} ${op.object.kind} ${op.grantor ?? "owner"}` : op.kind;
    expect(orderOperations(ops).map(label)).toEqual([
      "revoke column clerk",
      "revoke view clerk",
      "revoke view owner",
      "grant view owner",
      "grant view clerk",
      "grant column clerk",
    ]);
  });

  it("revokes a grant option at the addition end after every grant passed on, the other way (a column's first), and what takes no option away with the grants", () => {
    const column = { kind: "column", schema: "public", table: "v", column: "a" } as const;
    const held = { privileges: ["SELECT", "INSERT"], grantable: ["SELECT"] } as const;
    const change = (on: typeof object | typeof column, grantee: string, grantor: string | undefined, late: boolean): Operation => ({
      kind: "setPrivileges",
      object: on,
      grantee,
      ...(grantor !== undefined && { grantor }),
      ...(late ? { privileges: ["INSERT"], grantable: [], existing: held, stage: "addition" } : { ...held, existing: { privileges: ["INSERT"], grantable: [] } }),
    });
    // At the addition end, but taking no grant option away: EXECUTE revoked from PUBLIC on a function created again.
    const revokeExecute: Operation = {
      kind: "setPrivileges",
      object: { kind: "function", schema: "public", name: "f", arguments: "" },
      grantee: "public",
      privileges: [],
      grantable: [],
      existing: { privileges: ["EXECUTE"], grantable: [] },
      stage: "addition",
    };
    const ops = [
      change(object, "clerk", undefined, true),
      change(object, "intern", "clerk", true),
      change(column, "intern", "clerk", true),
      change(column, "intern", "clerk", false),
      change(object, "intern", "clerk", false),
      change(object, "clerk", undefined, false),
      revokeExecute,
    ];
    const label = (op: Operation) =>
      op.kind === "setPrivileges" ? `${op.stage === "addition" ? "revoke" : "grant"} ${op.object.kind} ${op.grantor ?? "owner"}` : op.kind;
    expect(orderOperations(ops).map(label)).toEqual([
      "grant view owner",
      "revoke function owner",
      "grant view clerk",
      "grant column clerk",
      "revoke column clerk",
      "revoke view clerk",
      "revoke view owner",
    ]);
  });

  it("sets a late change past every other privilege change of its end: after the late revokes, before the removals", () => {
    const column = { kind: "column", schema: "public", table: "v", column: "a" } as const;
    const none = { privileges: [], grantable: [] } as const;
    const held = { privileges: ["SELECT"], grantable: ["SELECT"] } as const;
    const change = (grantee: string, grantor: string | undefined, grant: boolean, late = false): Operation => ({
      kind: "setPrivileges",
      object: column,
      grantee,
      ...(grantor !== undefined && { grantor }),
      ...(grant ? { ...held, existing: none } : { ...none, existing: held }),
      ...(late && { late: true }),
    });
    // The second half of a change cut in two: a grant option revoked at the addition end.
    const optionRevoked: Operation = {
      kind: "setPrivileges",
      object,
      grantee: "clerk",
      privileges: ["SELECT"],
      grantable: [],
      existing: held,
      stage: "addition",
    };
    const ops = [
      change("intern", "clerk", true, true),
      change("clerk", undefined, true, true),
      optionRevoked,
      change("intern", "clerk", true),
      change("clerk", undefined, true),
      change("intern", "clerk", false, true),
      change("clerk", undefined, false, true),
      change("intern", "clerk", false),
      change("clerk", undefined, false),
    ];
    const label = (op: Operation) =>
      op.kind === "setPrivileges"
        ? `${op.late === true ? "late " : ""}${op.existing!.privileges.length === 0 ? "grant" : "revoke"} ${op.object.kind} ${op.grantor ?? "owner"}`
        : op.kind;
    expect(orderOperations(ops).map(label)).toEqual([
      "late revoke column clerk",
      "late revoke column owner",
      "revoke column clerk",
      "revoke column owner",
      "grant column owner",
      "grant column clerk",
      "revoke view owner",
      "late grant column owner",
      "late grant column clerk",
    ]);
  });

  it("revokes a late grant option at the addition end after the late grants, those passed on included, the other way", () => {
    const column = { kind: "column", schema: "public", table: "v", column: "a" } as const;
    const held = { privileges: ["SELECT", "INSERT"], grantable: ["SELECT", "INSERT"] } as const;
    const change = (grantee: string, grantor: string | undefined, cut: boolean): Operation => ({
      kind: "setPrivileges",
      object: column,
      grantee,
      ...(grantor !== undefined && { grantor }),
      ...(cut
        ? { privileges: ["SELECT", "INSERT"], grantable: ["SELECT"], existing: held, stage: "addition" }
        : { ...held, existing: { privileges: ["SELECT"], grantable: ["SELECT"] } }),
      late: true,
    });
    const ops = [change("clerk", undefined, true), change("intern", "clerk", true), change("intern", "clerk", false), change("clerk", undefined, false)];
    const label = (op: Operation) => (op.kind === "setPrivileges" ? `${op.stage === "addition" ? "revoke" : "grant"} ${op.grantor ?? "owner"}` : op.kind);
    expect(orderOperations(ops).map(label)).toEqual(["grant owner", "grant clerk", "revoke clerk", "revoke owner"]);
  });
});
