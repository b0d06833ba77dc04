/**
 * Turning rules off in a migration file:
 * - `// autogen-lint-disable-next-line rule-a, rule-b` (on the line before the op call; comment lines in
 *   between, such as a `// DESTRUCTIVE:` marker, are skipped);
 * - `// autogen-lint-disable rule-a` anywhere: for the whole file. Without rule ids: every rule.
 */
export interface DisableComments {
  /** Whether `rule` is off for an op called at `line` (1-based; null: unknown line, file-wide only). */
  isDisabled(rule: string, line: number | null): boolean;
}

const DIRECTIVE = /\/\/\s*autogen-lint-disable(-next-line)?\b([^\n]*)$/;

function ruleList(text: string): Set<string> | "all" {
  const ids = text.split(/[\s,]+/).map((s) => s.trim()).filter((s) => /^[a-z0-9-]+$/.test(s));
  return ids.length === 0 ? "all" : new Set(ids);
}

export function readDisableComments(source: string): DisableComments {
  const lines = source.split(/\r?\n/);
  const fileWide: (Set<string> | "all")[] = [];
  const byLine = new Map<number, (Set<string> | "all")[]>();
  lines.forEach((text, i) => {
    const m = DIRECTIVE.exec(text);
    if (m === null) return;
    const rules = ruleList(m[2] ?? "");
    if (m[1] === undefined) {
      fileWide.push(rules);
      return;
    }
    // The next line that is not only a comment (1-based).
    let j = i + 1;
    while (j < lines.length && /^\s*(\/\/.*)?$/.test(lines[j]!)) j++;
    const target = j + 1;
    byLine.set(target, [...(byLine.get(target) ?? []), rules]);
  });
  const matches = (sets: (Set<string> | "all")[], rule: string) => sets.some((s) => s === "all" || s.has(rule));
  return {
    isDisabled: (rule, line) => matches(fileWide, rule) || (line !== null && matches(byLine.get(line) ?? [], rule)),
  };
}
