/**
 * The arguments of the programmatic `diff(from, to, options)`, checked before anything is opened. Called
 * from JavaScript in the shape of the other commands (`diff(project, { ... })`), with the options first,
 * a TypeORM DataSource or nothing for a side, it says what it was given and the shapes it takes, instead
 * of failing later on a property of undefined, or asking for the project it was given. What was given is
 * described by its kind and its keys only: a value could hold a password.
 */
import { UsageError } from "../errors";
import { parseDiffSource, type DiffSource } from "./diff-source";
import type { DiffOptions } from "./diff";

const OPTION_KEYS: readonly string[] = ["project", "schemas", "excludeSchemas", "withPrivileges", "onProgress"];

const SHAPES =
  'diff() is called as diff(from, to, options?): FROM and TO are each a string (a postgresql:// URL or a ' +
  'keyword/value connection string, "migrations", "migrations@<revision>" or "entities") or a DiffSource ' +
  '({ kind: "url", url }, { kind: "migrations", revision }, { kind: "entities" }), and options, when given, ' +
  `an object with any of ${OPTION_KEYS.join(", ")}.`;

type Argument = "FROM" | "TO" | "options";

const POSITION: Readonly<Record<Argument, string>> = { FROM: "first", TO: "second", options: "third" };

/** An argument of `diff()` of a shape it does not take. */
export class DiffArgumentError extends UsageError {
  constructor(
    readonly argument: Argument,
    readonly given: string,
    hint: string | null,
  ) {
    super(`diff() got ${given} as ${argument} (its ${POSITION[argument]} argument). ${SHAPES}${hint === null ? "" : ` ${hint}`}`);
  }
}

/**
 * The sides and options of a `diff()` call, as given or read from their strings.
 * @throws DiffArgumentError, InvalidDiffSourceError
 */
export function diffArguments(from: unknown, to: unknown, options: unknown): { from: DiffSource; to: DiffSource; options: DiffOptions } {
  return { from: sourceOf(from, "FROM"), to: sourceOf(to, "TO"), options: optionsOf(options) };
}

function sourceOf(value: unknown, side: "FROM" | "TO"): DiffSource {
  if (typeof value === "string") return parseDiffSource(value, side);
  if (isRecord(value)) {
    if (value.kind === "entities") return { kind: "entities" };
    if (value.kind === "url" && typeof value.url === "string") return { kind: "url", url: value.url };
    const revision = value.revision ?? null;
    if (value.kind === "migrations" && (revision === null || typeof revision === "string")) return { kind: "migrations", revision };
  }
  throw new DiffArgumentError(side, described(value), sideHint(value));
}

function optionsOf(value: unknown): DiffOptions {
  if (value === undefined) return {};
  if (isRecord(value) && looksLike(value) === null && unknownOptions(value).length === 0) return value as DiffOptions;
  throw new DiffArgumentError("options", described(value), optionsHint(value));
}

function unknownOptions(value: Record<string, unknown>): string[] {
  return Object.keys(value).filter((key) => !OPTION_KEYS.includes(key));
}

/** Why the options are not taken, beyond their shape. */
function optionsHint(value: unknown): string | null {
  const kind = looksLike(value);
  if (kind === "project") return "A project goes in the options: diff(from, to, { project }).";
  if (kind === "dataSource") return "A TypeORM DataSource is no option: give { project }, whose config names it.";
  const unknown = isRecord(value) ? unknownOptions(value) : [];
  if (unknown.length === 0) return null;
  return `${unknown.map((key) => `"${key}"`).join(", ")} ${unknown.length === 1 ? "is no option" : "are no options"}.`;
}

/** What a misplaced value most likely is, for the hint. */
function sideHint(value: unknown): string | null {
  const kind = looksLike(value);
  if (kind === "project") return 'A project is not a side: it goes in the options, diff("migrations", "entities", { project }).';
  if (kind === "dataSource") {
    return 'A TypeORM DataSource is not a side: give its database\'s URL, or "entities" for the entities the project\'s config lists (with { project } in the options).';
  }
  if (!isRecord(value)) return null;
  if ("from" in value || "to" in value) return "FROM and TO are not options: diff(from, to, { project }).";
  return Object.keys(value).some((key) => OPTION_KEYS.includes(key)) ? "Options come third, after FROM and TO." : null;
}

function looksLike(value: unknown): "project" | "dataSource" | null {
  if (!isRecord(value)) return null;
  if (value["@instanceof"] === Symbol.for("DataSource")) return "dataSource";
  return typeof value.connect === "function" && typeof value.databaseChoice === "function" && isRecord(value.config) ? "project" : null;
}

/** `undefined`, `a number`, `an array`, `a Project (from openProject)`, `an object with keys kind, url`. */
function described(value: unknown): string {
  if (value === undefined || value === null) return String(value);
  if (Array.isArray(value)) return "an array";
  if (!isRecord(value)) return `a ${typeof value}`;
  const kind = looksLike(value);
  if (kind === "project") return "a Project (from openProject)";
  if (kind === "dataSource") return "a TypeORM DataSource";
  const className = Object.getPrototypeOf(value)?.constructor?.name;
  if (className !== undefined && className !== "Object") return `a ${className} object`;
  const keys = Object.keys(value);
  return keys.length === 0 ? "an empty object" : `an object with the key${keys.length === 1 ? "" : "s"} ${keys.join(", ")}`;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
