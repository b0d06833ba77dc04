/**
 * An extension that the two sides have in different schemas (a database that keeps its extensions in
 * `extensions`, another that has them in `public`): `ALTER EXTENSION ... SET SCHEMA` moves it with its
 * types, functions and operators, and everything that uses them follows, since the catalog names them by
 * oid. PostgreSQL then prints them qualified with the new schema (`ext.citext` where it printed
 * `public.citext`), so `from` is compared as it will be once moved: each text of the model that names a
 * member of a moved extension qualified with its old schema names it with the new one. Without that, a
 * column of the extension's type looked retyped to a type that did not exist yet.
 *
 * Only where `from` knows what the extension owns (`extensionContents`, read for a database-to-database
 * diff) and the extension is relocatable; otherwise the comparison says it leaves the extension where it is.
 */
import { quoteIdent } from "../model/names";
import type { ExtensionDef, SchemaModel } from "../model/schema-model";
import type { MoveExtensionOp } from "../ops/operation";
import { isIdentifierChar, rewriteOutsideLiterals, skipLiteralOrComment } from "../sql/sql-scan";

/** The moves, and a line for each extension in another schema that cannot be moved. */
export interface ExtensionMoves {
  readonly moves: readonly MoveExtensionOp[];
  readonly notes: readonly string[];
}

/** An extension both sides have, each in a schema it names, and not the same one. */
interface InOtherSchema {
  readonly name: string;
  readonly installed: ExtensionDef & { readonly schema: string };
  readonly wanted: ExtensionDef & { readonly schema: string };
}

/** The extensions `from` and `to` both have in schemas they name, and not the same one. */
export function extensionsInOtherSchemas(from: SchemaModel, to: SchemaModel): InOtherSchema[] {
  return Object.entries(from.extensions).flatMap(([name, installed]) => {
    const wanted = to.extensions[name];
    if (wanted === undefined || installed.schema === null || wanted.schema === null || installed.schema === wanted.schema) return [];
    return [{ name, installed: { ...installed, schema: installed.schema }, wanted: { ...wanted, schema: wanted.schema } }];
  });
}

/**
 * The extensions `from` and `to` both have, each side in a schema it compares, under different schemas:
 * moved where `from` knows it can be (relocatable, contents read), else noted.
 */
export function extensionMoves(from: SchemaModel, to: SchemaModel): ExtensionMoves {
  const moves: MoveExtensionOp[] = [];
  const notes: string[] = [];
  for (const { name, installed, wanted } of extensionsInOtherSchemas(from, to)) {
    if (!from.schemas.includes(installed.schema) || !to.schemas.includes(wanted.schema)) {
      notes.push(
        `Extension '${name}' is in schema ${installed.schema} but schema ${wanted.schema} is required, and the comparison ` +
          `leaves one of them out: not moved, move it by hand`,
      );
      continue;
    }
    const contents = from.extensionContents?.[name];
    if (contents?.relocatable === true) {
      moves.push({ kind: "moveExtension", name, from: installed.schema, to: wanted.schema });
      continue;
    }
    const why = contents === undefined ? "what it owns was not read" : "it is not relocatable (PostgreSQL cannot ALTER EXTENSION ... SET SCHEMA it)";
    notes.push(
      `Warning: extension '${name}' is in schema ${installed.schema} but ${wanted.schema} is wanted, and ${why}: ` +
        `not moved (drop it and create it in ${wanted.schema} by hand, with what uses it)`,
    );
  }
  return { moves, notes };
}

/** Fields whose text PostgreSQL does not print again when an extension moves: free text, labels, contents. */
const UNTOUCHED_FIELDS: ReadonlySet<string> = new Set(["comment", "labels", "extensionContents", "extensions"]);

/** `model` as the catalog holds it once `moves` have run (see the file comment). */
export function withExtensionsMoved(model: SchemaModel, moves: readonly MoveExtensionOp[]): SchemaModel {
  if (moves.length === 0) return model;
  const renames = moves.map((move) => ({
    prefix: `${quoteIdent(move.from)}.`,
    to: `${quoteIdent(move.to)}.`,
    members: new Set(unambiguousMembers(model, move, moves)),
  }));
  const rewrite = (text: string): string => renames.reduce((t, r) => (t.includes(r.prefix) ? requalified(t, r.prefix, r.to, r.members) : t), text);
  const extensions = Object.fromEntries(
    Object.entries(model.extensions).map(([name, e]) => [name, { ...e, schema: moves.find((m) => m.name === name)?.to ?? e.schema }]),
  );
  return { ...(rewriteTexts(model, rewrite) as SchemaModel), extensions };
}

/**
 * The members of the extension `move` moves that a text names unambiguously once qualified: those no
 * object outside the extension shares in its schema, or only objects of extensions that go to the same
 * schema as well (citext's and hstore's operators `=`).
 */
function unambiguousMembers(model: SchemaModel, move: MoveExtensionOp, moves: readonly MoveExtensionOp[]): string[] {
  const contents = model.extensionContents?.[move.name];
  if (contents === undefined) return [];
  const alongside = (extension: string | null) => moves.some((m) => m.name === extension && m.from === move.from && m.to === move.to);
  const ambiguous = new Set(contents.clashes.filter((c) => !alongside(c.extension)).map((c) => c.name));
  return contents.members.filter((name) => !ambiguous.has(name));
}

/** Every string of `value` (record keys included) through `rewrite`, but under the fields left untouched. */
function rewriteTexts(value: unknown, rewrite: (text: string) => string): unknown {
  if (typeof value === "string") return rewrite(value);
  if (Array.isArray(value)) return value.map((item) => rewriteTexts(item, rewrite));
  if (value === null || typeof value !== "object") return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, item]) => [rewrite(key), UNTOUCHED_FIELDS.has(key) ? item : rewriteTexts(item, rewrite)]),
  );
}

/** Characters an operator's name is made of. */
const OPERATOR_CHARS = /[+\-*/<>=~!@#%^&|`?]/;

/**
 * `text` with each `prefix` + member (outside literals, comments and quoted names other than the member's
 * own, as a whole name or a whole operator) given `to` instead of `prefix`.
 * @example requalified("public.citext[]", "public.", "ext.", new Set(["citext"])) // "ext.citext[]"
 */
function requalified(text: string, prefix: string, to: string, members: ReadonlySet<string>): string {
  return rewriteOutsideLiterals(text, (t, i) => {
    const member = t.startsWith(prefix, i) && !continuesName(t[i - 1]) ? memberAt(t, i + prefix.length, members) : null;
    return member === null ? null : { text: to + member, length: prefix.length + member.length };
  });
}

function continuesName(ch: string | undefined): boolean {
  return ch !== undefined && (isIdentifierChar(ch) || ch === '"' || ch === ".");
}

/** The member's name as printed at `at` (`citext`, `"Odd"`, `~~*`) when it is one of `members`, else null. */
function memberAt(text: string, at: number, members: ReadonlySet<string>): string | null {
  if (text[at] === '"') {
    const end = skipLiteralOrComment(text, at);
    const printed = text.slice(at, end);
    return members.has(printed.slice(1, -1).replace(/""/g, '"')) ? printed : null;
  }
  let end = at;
  const operator = OPERATOR_CHARS.test(text[at] ?? "");
  while (end < text.length && (operator ? OPERATOR_CHARS.test(text[end]!) : isIdentifierChar(text[end]))) end++;
  const printed = text.slice(at, end);
  return printed.length > 0 && members.has(printed) ? printed : null;
}
