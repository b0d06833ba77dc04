/**
 * Asks the injected rename resolver which created/deleted pairs are renames, and checks its answer.
 * Without a resolver, or with nothing created or nothing deleted, there are no renames.
 */
import type { ColumnDef, TableDef, TableRef } from "../model/schema-model";
import { InvalidRenameError } from "./compare-errors";
import type { ColumnRef, RenameAnswer, RenameResolver } from "./compare-options";
import { displayName } from "./display";

/** The checked answer, in terms of the objects the resolver was asked about. */
export interface ResolvedRenames<T> {
  readonly created: readonly T[];
  readonly renamed: readonly { readonly from: T; readonly to: T }[];
  readonly deleted: readonly T[];
}

/** Resolves table renames; a pair in two schemas is a table moved to another schema (and maybe renamed). */
export function resolveTableRenames(
  resolver: RenameResolver | undefined,
  created: readonly TableDef[],
  deleted: readonly TableDef[],
): ResolvedRenames<TableDef> {
  if (resolver === undefined || created.length === 0 || deleted.length === 0) return { created, renamed: [], deleted };
  const answer = resolver.resolveTables({ created, deleted });
  return checkAnswer("table", { created, deleted }, answer, (t: TableRef) => displayName(t));
}

/** Resolves column renames within one table. */
export function resolveColumnRenames(
  resolver: RenameResolver | undefined,
  table: TableRef,
  created: readonly ColumnDef[],
  deleted: readonly ColumnDef[],
): ResolvedRenames<ColumnDef> {
  if (resolver === undefined || created.length === 0 || deleted.length === 0) return { created, renamed: [], deleted };
  const answer = resolver.resolveColumns({ table, created, deleted });
  return checkAnswer(`column of ${displayName(table)}`, { created, deleted }, answer, (c: { name: string }) => c.name);
}

function checkAnswer<T extends R, R>(
  subject: string,
  question: { readonly created: readonly T[]; readonly deleted: readonly T[] },
  answer: RenameAnswer<R>,
  keyOf: (item: R) => string,
): ResolvedRenames<T> {
  const pools = {
    created: { items: new Map(question.created.map((item) => [keyOf(item), item])), seen: new Set<string>() },
    deleted: { items: new Map(question.deleted.map((item) => [keyOf(item), item])), seen: new Set<string>() },
  };
  const take = (poolName: keyof typeof pools, ref: R): T => {
    const pool = pools[poolName];
    const key = keyOf(ref);
    const item = pool.items.get(key);
    if (item === undefined) throw new InvalidRenameError(subject, `'${key}' is not among the ${poolName} ones`);
    if (pool.seen.has(key)) throw new InvalidRenameError(subject, `'${key}' is answered twice`);
    pool.seen.add(key);
    return item;
  };
  answer.created.forEach((ref) => take("created", ref));
  answer.deleted.forEach((ref) => take("deleted", ref));
  const renamed = answer.renamed.map((pair) => ({ from: take("deleted", pair.from), to: take("created", pair.to) }));
  for (const poolName of ["created", "deleted"] as const) {
    const missing = [...pools[poolName].items.keys()].find((key) => !pools[poolName].seen.has(key));
    if (missing !== undefined) {
      throw new InvalidRenameError(subject, `the ${poolName} '${missing}' is missing from the answer`);
    }
  }
  return {
    created: question.created.filter((item) => !renamed.some((pair) => pair.to === item)),
    renamed,
    deleted: question.deleted.filter((item) => !renamed.some((pair) => pair.from === item)),
  };
}

/**
 * `resolver`, asked each question about a table's columns once: the same question again gets the first
 * answer. The comparison needs a partitioned table's column renames before it compares the table (to tell a
 * renamed key column from a new key, compare-table-kinds.ts), and must not ask the user twice.
 */
export function askingColumnsOnce(resolver: RenameResolver | undefined): RenameResolver | undefined {
  if (resolver === undefined) return undefined;
  const answers = new Map<string, RenameAnswer<ColumnRef>>();
  return {
    resolveTables: (question) => resolver.resolveTables(question),
    resolveColumns: (question) => {
      const key = JSON.stringify([question.table.schema, question.table.name, question.created.map((c) => c.name), question.deleted.map((c) => c.name)]);
      const answer = answers.get(key) ?? resolver.resolveColumns(question);
      answers.set(key, answer);
      return answer;
    },
  };
}
