/**
 * A view's query as the model keeps it: without the leading space and the final semicolon that
 * `pg_get_viewdef` prints, so that `CREATE VIEW v AS <query>` can be written from it and an entity's
 * expression (which has neither) is held the same way.
 * @example viewQueryText(" SELECT users.id\n   FROM users;") // => "SELECT users.id\n   FROM users"
 */
export function viewQueryText(text: string): string {
  return text.trim().replace(/;+\s*$/, "").trimEnd();
}
