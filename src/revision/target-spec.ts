/**
 * The syntax of revision targets, as typed on the command line (`upgrade <target>`, `downgrade <target>`,
 * and each side of a history range):
 *
 * | text                | meaning                                                              |
 * |---------------------|----------------------------------------------------------------------|
 * | `heads`             | every head                                                           |
 * | `head`              | the single head (several heads: `MultipleHeadsError`)                |
 * | `base`              | before the first revision                                            |
 * | `ae10`, `ae1027a6`  | a full id, an unambiguous id prefix, or a branch label               |
 * | `+2`, `-1`          | that many steps up or down from the database's current head          |
 * | `ae10+2`, `head-1`  | that many steps from a revision, the head, or `base`                 |
 * | `label@head`        | the head of the branch `label` (also `label@heads`, `label@base`)    |
 * | `label@ae10`        | a revision of the branch `label` (disambiguates a prefix)            |
 * | `label@+1`          | a step from the database's current head on branch `label`            |
 *
 * A full revision id or branch label always wins over the relative reading, so an id like `2024-01`
 * stays usable.
 */
import { BranchLabelError, InvalidTargetError } from "./errors";
import type { RevisionGraph } from "./graph";

/** Where a relative target starts. */
export type Anchor =
  | { readonly kind: "current" }
  | { readonly kind: "head" }
  | { readonly kind: "base" }
  | { readonly kind: "revision"; readonly ref: string };

/** A parsed target. `branch` is the label before `@`, or null. */
export type TargetSpec =
  | { readonly kind: "heads"; readonly branch: string | null }
  | { readonly kind: "head"; readonly branch: string | null }
  | { readonly kind: "base"; readonly branch: string | null }
  | { readonly kind: "revision"; readonly ref: string; readonly branch: string | null }
  | {
      readonly kind: "relative";
      readonly anchor: Anchor;
      readonly steps: number;
      readonly branch: string | null;
    };

const RELATIVE = /^(.*?)([+-])(\d+)$/;

/**
 * Parses a target. The graph is consulted only to let exact ids and labels win over the relative
 * reading and to refuse unknown branch labels; revisions themselves are resolved later.
 *
 * @example
 * parseTarget("shop@-1", graph); // { kind: "relative", anchor: { kind: "current" }, steps: -1, branch: "shop" }
 */
export function parseTarget(text: string, graph: RevisionGraph): TargetSpec {
  const target = text.trim();
  if (target.length === 0) throw new InvalidTargetError(text, "it is empty");
  if (isExact(target, graph)) return { kind: "revision", ref: target, branch: null };
  const at = target.indexOf("@");
  if (at < 0) return parseBody(target, null, text, graph);
  const branch = target.slice(0, at);
  const body = target.slice(at + 1);
  if (branch.length === 0 || body.length === 0 || body.includes("@")) {
    throw new InvalidTargetError(
      text,
      'a branch target is written "<branch label>@<target>", e.g. "shop@head"',
    );
  }
  if (!graph.branchRevision(branch)) throw new BranchLabelError(branch, "unknown");
  return parseBody(body, branch, text, graph);
}

function isExact(name: string, graph: RevisionGraph): boolean {
  return graph.has(name) || graph.branchRevision(name) !== undefined;
}

function parseBody(
  body: string,
  branch: string | null,
  text: string,
  graph: RevisionGraph,
): TargetSpec {
  if (isExact(body, graph)) return { kind: "revision", ref: body, branch };
  if (body === "heads") return { kind: "heads", branch };
  if (body === "head") return { kind: "head", branch };
  if (body === "base") return { kind: "base", branch };
  if (body === "current") {
    throw new InvalidTargetError(
      text,
      '"current" can only be one end of a history range, e.g. "current:"',
    );
  }
  const relative = RELATIVE.exec(body);
  if (!relative) return { kind: "revision", ref: body, branch };
  const [, anchorText, sign, digits] = relative;
  const count = Number(digits);
  if (count === 0 || !Number.isSafeInteger(count)) {
    throw new InvalidTargetError(text, "a relative step count must be a positive whole number");
  }
  return {
    kind: "relative",
    anchor: parseAnchor(anchorText, text),
    steps: sign === "+" ? count : -count,
    branch,
  };
}

function parseAnchor(anchor: string, text: string): Anchor {
  switch (anchor) {
    case "":
      return { kind: "current" };
    case "head":
      return { kind: "head" };
    case "base":
      return { kind: "base" };
    case "heads":
    case "current":
      throw new InvalidTargetError(
        text,
        `steps cannot be counted from "${anchor}"; count from the current head ("+1", "-1"), from "head" ` +
          `or from a revision ("ae10-1")`,
      );
    default:
      return { kind: "revision", ref: anchor };
  }
}
