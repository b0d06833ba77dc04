/**
 * The module loader's one error: a file that could not be loaded, with where the failure really is. An
 * entity file that imports a broken file fails while the broken one loads, so the location names the
 * broken file (and its line) and `file` the one that was asked for. Each caller (entities, config,
 * migrations) wraps it in its own error with its own advice; unwrapped, it still reads as one paragraph.
 */
import fs from "node:fs";
import path from "node:path";
import { AutogenError } from "../errors";

/** A place in a source file, 1-based. */
export interface SourceLocation {
  readonly file: string;
  readonly line: number | null;
  readonly column: number | null;
}

/** What went wrong: a missing file, a syntax error, an import that resolves to nothing, or code that threw. */
export type LoadFailureKind = "missing-file" | "syntax" | "module-not-found" | "threw";

/** A syntax error TypeScript reported while compiling `file` (thrown by the TypeScript hook). */
export class TypeScriptSyntaxError extends SyntaxError {
  constructor(
    readonly file: string,
    readonly line: number | null,
    readonly column: number | null,
    readonly detail: string,
  ) {
    super(`${formatLocation({ file, line, column })}: ${detail}`);
    this.name = "TypeScriptSyntaxError";
  }
}

/** `file:line:column`, as editors and terminals link it. */
export function formatLocation(location: SourceLocation): string {
  if (location.line === null) return location.file;
  return `${location.file}:${location.line}${location.column === null ? "" : `:${location.column}`}`;
}

function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, " ").trim().replace(/\.+$/, "");
}

/** The message of a thrown value, without Node's "Require stack:" list. */
function reasonOf(cause: unknown): string {
  const message = cause instanceof Error ? cause.message || cause.name : String(cause);
  return oneLine(message.split(/\nRequire stack:/)[0]!);
}

const NODE_MODULES = `${path.sep}node_modules${path.sep}`;

/** A user file (not Node's own, not a package's) named by a stack frame. */
function isUserFile(file: string): boolean {
  return path.isAbsolute(file) && !file.includes(NODE_MODULES) && fs.existsSync(file);
}

/**
 * Node's syntax errors for JavaScript files start their stack with `file:line`, the offending line and a
 * caret under the column.
 */
function javascriptSyntaxLocation(error: SyntaxError): SourceLocation | null {
  const match = /^(.+?):(\d+)\n([^\n]*)\n( *)\^/.exec(error.stack ?? "");
  if (!match || !isUserFile(match[1]!)) return null;
  return { file: match[1]!, line: Number(match[2]), column: match[4]!.length + 1 };
}

/**
 * The first frame of a stack that lies in a user file, skipping TypeScript's emitted helpers
 * (`__decorate`, `__metadata`, ...), which have no line of their own in the source.
 */
function firstUserFrame(stack: string): SourceLocation | null {
  for (const line of stack.split("\n").slice(1)) {
    if (/^\s*at (?:Object\.)?__\w+ /.test(line)) continue;
    const match = /\(?((?:[A-Za-z]:)?[^():]+):(\d+):(\d+)\)?\s*$/.exec(line.trim());
    if (match && isUserFile(match[1]!)) return { file: match[1]!, line: Number(match[2]), column: Number(match[3]) };
  }
  return null;
}

/** Where the import of `request` sits in `file`, found by its quoted specifier. */
function importLocation(file: string, request: string): SourceLocation {
  try {
    const lines = fs.readFileSync(file, "utf8").split("\n");
    for (let index = 0; index < lines.length; index++) {
      for (const quote of ['"', "'", "`"]) {
        const column = lines[index]!.indexOf(`${quote}${request}${quote}`);
        if (column >= 0) return { file, line: index + 1, column: column + 1 };
      }
    }
  } catch {
    // Unreadable: the file alone is named.
  }
  return { file, line: null, column: null };
}

function missingModuleLocation(error: Error): SourceLocation | null {
  const requireStack = (error as { requireStack?: unknown }).requireStack;
  const parent = Array.isArray(requireStack) ? requireStack[0] : undefined;
  const request = /Cannot find module '([^']+)'/.exec(error.message)?.[1];
  if (typeof parent !== "string" || !isUserFile(parent)) return null;
  return request === undefined ? { file: parent, line: null, column: null } : importLocation(parent, request);
}

/** A file that could not be loaded (see the file comment). */
export class ModuleLoadError extends AutogenError {
  constructor(
    /** The file that was asked for. */
    readonly file: string,
    readonly kind: LoadFailureKind,
    /** What went wrong, on one line. */
    readonly reason: string,
    /** Where it went wrong: the broken file (maybe one `file` imports) and its line, when known. */
    readonly location: SourceLocation | null,
    options?: { cause?: unknown },
  ) {
    super(ModuleLoadError.describe(file, kind, reason, location), options);
  }

  /** `<where>: <reason>`, naming the broken file first, then the file asked for when it is another. */
  static describe(file: string, kind: LoadFailureKind, reason: string, location: SourceLocation | null): string {
    const where = location ? formatLocation(location) : file;
    const what = kind === "syntax" ? "syntax error: " : "";
    // The broken file may be imported by `file` itself or further down: only `file` is known.
    const via = location && location.file !== file ? ` (while loading ${file})` : "";
    return `${where}: ${what}${reason}${via}`;
  }

  /** This error's text without a final period, to embed in a caller's sentence. */
  get summary(): string {
    return this.message.replace(/\.+$/, "");
  }

  /**
   * The text for a sentence that already names `file`: `line 3, column 7: reason` when the failure is in
   * the file itself, the whole summary when it is in a file it imports.
   */
  get detail(): string {
    const location = this.location;
    if (location === null || location.file !== this.file) return this.summary;
    const what = this.kind === "syntax" ? "syntax error: " : "";
    const at = location.line === null ? "" : `line ${location.line}${location.column === null ? "" : `, column ${location.column}`}: `;
    return `${at}${what}${this.reason}`;
  }

  /** Wraps whatever loading `file` threw; a `ModuleLoadError` passes through. */
  static fromCause(file: string, cause: unknown): ModuleLoadError {
    if (cause instanceof ModuleLoadError) return cause;
    if (cause instanceof TypeScriptSyntaxError) {
      const location = { file: cause.file, line: cause.line, column: cause.column };
      return new ModuleLoadError(file, "syntax", oneLine(cause.detail), location, { cause });
    }
    if (cause instanceof SyntaxError) {
      const location = javascriptSyntaxLocation(cause) ?? (cause.stack ? firstUserFrame(cause.stack) : null);
      return new ModuleLoadError(file, "syntax", reasonOf(cause), location, { cause });
    }
    if (cause instanceof Error && (cause as { code?: unknown }).code === "MODULE_NOT_FOUND") {
      return new ModuleLoadError(file, "module-not-found", reasonOf(cause), missingModuleLocation(cause), { cause });
    }
    const location = cause instanceof Error && cause.stack ? firstUserFrame(cause.stack) : null;
    return new ModuleLoadError(file, "threw", reasonOf(cause), location, { cause });
  }
}

/**
 * A TypeScript file that a test runner's own module system (jest) failed to compile although TypeScript
 * reads it: the runner's transform does not read TypeScript (babel-jest without a TypeScript preset). Not
 * the file's fault, so not a `ModuleLoadError`, whose callers say to fix the file.
 */
export class HostTransformError extends AutogenError {
  constructor(
    readonly file: string,
    cause: unknown,
  ) {
    super(
      `${file} could not be loaded: the test runner loads it through its own module system (jest compiles ` +
        `TypeScript files with its own transform), and its transform does not read TypeScript: ${reasonOf(cause)}. ` +
        `Give the runner a TypeScript transform (ts-jest: \`preset: "ts-jest"\`, which also emits the decorator ` +
        `metadata entities need), or run the checks with \`autogen test\`, which compiles the files itself.`,
      { cause },
    );
  }
}
