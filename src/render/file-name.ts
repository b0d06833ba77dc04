/**
 * Migration file names from a template of `{token}`s. The tokens are:
 *
 * | token    | value                                                   | example        |
 * |----------|---------------------------------------------------------|----------------|
 * | `{YYYY}` | year of the create date, UTC                            | `2026`         |
 * | `{MM}`   | month, 2 digits                                         | `11`           |
 * | `{DD}`   | day, 2 digits                                           | `25`           |
 * | `{HH}`   | hour, 2 digits, 24-hour clock                           | `15`           |
 * | `{mm}`   | minute, 2 digits                                        | `40`           |
 * | `{ss}`   | second, 2 digits                                        | `12`           |
 * | `{epoch}`| seconds since 1970-01-01 UTC                            | `1795621212`   |
 * | `{rev}`  | the revision id                                         | `3f2a9c1d7e4b` |
 * | `{slug}` | the message in lowercase, non-alphanumerics as `_`, at most 40 characters (`migration` when empty) | `add_task_id` |
 *
 * The default is `{YYYY}{MM}{DD}_{HH}{mm}_{slug}`; `.ts` is appended. Dates are UTC so that names sort
 * the same on every developer's machine.
 */
import { UsageError } from "../errors";

export const DEFAULT_FILE_TEMPLATE = "{YYYY}{MM}{DD}_{HH}{mm}_{slug}";
export const SLUG_MAX_LENGTH = 40;

export interface FileNameInput {
  readonly revision: string;
  readonly message: string;
  readonly createDate: Date;
}

/** The configured `fileTemplate` is not a usable file name template. */
export class FileTemplateError extends UsageError {
  constructor(
    readonly template: string,
    detail: string,
  ) {
    super(`The migration file name template ${JSON.stringify(template)} is invalid: ${detail}`);
  }
}

const pad2 = (n: number): string => String(n).padStart(2, "0");

const TOKENS: Readonly<Record<string, (input: FileNameInput) => string>> = {
  YYYY: (i) => String(i.createDate.getUTCFullYear()).padStart(4, "0"),
  MM: (i) => pad2(i.createDate.getUTCMonth() + 1),
  DD: (i) => pad2(i.createDate.getUTCDate()),
  HH: (i) => pad2(i.createDate.getUTCHours()),
  mm: (i) => pad2(i.createDate.getUTCMinutes()),
  ss: (i) => pad2(i.createDate.getUTCSeconds()),
  epoch: (i) => String(Math.floor(i.createDate.getTime() / 1000)),
  rev: (i) => i.revision,
  slug: (i) => slugify(i.message) || "migration",
};

/** Characters that are not allowed in a file name on some platform, or that would make it a path. */
const FORBIDDEN = /[/\\<>:"|?*\u0000-\u001f]/;

/**
 * `add task_id` -> `add_task_id`: accents removed, lowercase ASCII letters and digits kept, every other run
 * of characters becomes one `_`, no leading or trailing `_`, at most 40 characters.
 */
export function slugify(message: string, maxLength = SLUG_MAX_LENGTH): string {
  return message
    .normalize("NFKD")
    .replace(/\p{M}/gu, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "_")
    .replace(/^_+/, "")
    .slice(0, maxLength)
    .replace(/_+$/, "");
}

/**
 * The file name (with `.ts`) for a new migration.
 * @example
 * migrationFileName(null, { revision: "3f2a9c1d7e4b", message: "add task_id", createDate })
 * // "20261125_1540_add_task_id.ts"
 */
export function migrationFileName(template: string | null | undefined, input: FileNameInput): string {
  const pattern = template ?? DEFAULT_FILE_TEMPLATE;
  if (Number.isNaN(input.createDate.getTime())) throw new FileTemplateError(pattern, "the create date is invalid.");
  const name = pattern.replace(/\{([^{}]*)\}/g, (_, token: string) => {
    const value = TOKENS[token];
    if (value === undefined) {
      throw new FileTemplateError(
        pattern,
        `unknown token {${token}}; the tokens are ${Object.keys(TOKENS).map((t) => `{${t}}`).join(", ")}.`,
      );
    }
    return value(input);
  });
  if (/[{}]/.test(name)) throw new FileTemplateError(pattern, "it has an unmatched brace.");
  if (FORBIDDEN.test(name)) {
    throw new FileTemplateError(pattern, `it produces ${JSON.stringify(name)}, which is not a plain file name.`);
  }
  if (name.trim() === "" || /^\.+$/.test(name)) throw new FileTemplateError(pattern, "it produces an empty name.");
  return `${name}.ts`;
}
