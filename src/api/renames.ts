/**
 * Interactive rename detection for autogenerate. `compare` is synchronous and takes a synchronous
 * `RenameResolver`; a person answering a prompt is not. So the comparison runs in passes: each pass answers
 * from the decisions made so far and records the questions it could not answer yet (treating them as "new"
 * for that pass), then an asynchronous `RenameDecider` answers the recorded questions, and the next pass
 * starts. Table questions come first, because a table's rename decides which column questions exist.
 * When nothing was both created and deleted, this is a single plain `compare`.
 */
import { compare, type CompareResult } from "../compare/compare";
import type { CompareOptions, RenameAnswer, RenameResolver } from "../compare/compare-options";
import { DependentObjectError } from "../compare/compare-errors";
import { AutogenError } from "../errors";
import type { ColumnDef, SchemaModel, TableDef, TableRef } from "../model/schema-model";
import { tableKey } from "../model/names";
import {
  answeredTable,
  candidateSubject,
  deletedNames,
  restrictCandidate,
  type RenameCandidate,
  type RenameDecider,
} from "./rename-candidates";

export { candidateSubject, deletedNames, possibleRenames, treatRenamesAsNew } from "./rename-candidates";
export type { RenameCandidate, RenameDecider } from "./rename-candidates";

/** A decider answered a name that was not among the deleted objects it was offered. */
export class InvalidRenameDecisionError extends AutogenError {
  constructor(
    /** `table public.people` or `column public.users.email`. */
    readonly subject: string,
    readonly answer: string,
    readonly offered: readonly string[],
  ) {
    super(
      `The rename decider answered that ${subject} was renamed from '${answer}', which is not one of the ` +
        `deleted objects it was offered (${offered.map((name) => `'${name}'`).join(", ")}). Answer one of ` +
        `those names, or null when ${subject} is new.`,
    );
  }
}

/**
 * Compares `from` with `to` like `compare`, asking `decide` about every created table or column that could
 * be a renamed deleted one. `options.renames` is replaced by the answers. Questions are asked one at a
 * time, tables before columns, each kind sorted by schema, table and name; a deleted object chosen once is
 * no longer offered to later questions.
 *
 * @example
 * const result = await compareWithRenames(current, target, {}, async (candidate) =>
 *   candidate.kind === "column" && candidate.created.name === "email" ? "mail" : null,
 * );
 * // result.operations: [{ kind: "renameColumn", table: { schema: "public", name: "users" }, from: "mail", to: "email" }]
 * // which compiles to: ALTER TABLE "public"."users" RENAME COLUMN "mail" TO "email"
 */
export async function compareWithRenames(
  from: SchemaModel,
  to: SchemaModel,
  options: CompareOptions,
  decide: RenameDecider,
): Promise<CompareResult> {
  const decisions = new Decisions();
  for (;;) {
    const recorder = new RecordingResolver(decisions);
    // A pass treats unanswered questions as drop + add: a drop that something unmanaged depends on (a
    // trigger naming the column) fails only once it is known not to be a rename.
    let result: CompareResult | undefined;
    let refusal: DependentObjectError | undefined;
    try {
      result = compare(from, to, { ...options, renames: recorder });
    } catch (error) {
      if (!(error instanceof DependentObjectError)) throw error;
      refusal = error;
    }
    const questions = recorder.nextQuestions();
    if (questions.length === 0) {
      decide.settle?.();
      if (result === undefined) throw refusal;
      return result;
    }
    for (const question of questions) await ask(question, decisions, decide);
  }
}

/** Asks one recorded question, offering only the deleted objects no earlier answer took. */
async function ask(candidate: RenameCandidate, decisions: Decisions, decide: RenameDecider): Promise<void> {
  const scope = scopeKey(candidate);
  const created = createdKey(candidate);
  if (decisions.answer(scope, created) !== undefined) return;
  const offered = restrictCandidate(
    candidate,
    deletedNames(candidate).filter((name) => !decisions.isTaken(scope, deletedKey(candidate, name))),
  );
  const names = deletedNames(offered);
  const answer = names.length === 0 ? null : await decide(offered);
  if (answer !== null && !names.includes(answer)) {
    throw new InvalidRenameDecisionError(candidateSubject(offered), answer, names);
  }
  decisions.record(scope, created, answer === null ? null : deletedKey(offered, answer));
}

/**
 * The answers so far, per scope (one for all tables, as a table may move to another schema; a table for
 * columns), by key: `tableKey` for tables, the name for columns.
 */
class Decisions {
  private readonly answers = new Map<string, Map<string, string | null>>();
  private readonly taken = new Map<string, Set<string>>();

  /** undefined: not asked yet; null: new; a name: renamed from that deleted object. */
  answer(scope: string, created: string): string | null | undefined {
    return this.answers.get(scope)?.get(created);
  }

  isTaken(scope: string, deleted: string): boolean {
    return this.taken.get(scope)?.has(deleted) ?? false;
  }

  record(scope: string, created: string, deleted: string | null): void {
    getOrCreate(this.answers, scope, () => new Map()).set(created, deleted);
    if (deleted !== null) getOrCreate(this.taken, scope, () => new Set()).add(deleted);
  }
}

/** Answers `compare` from the decisions; records each question it cannot answer yet. */
class RecordingResolver implements RenameResolver {
  private readonly tableQuestions: RenameCandidate[] = [];
  private readonly columnQuestions: RenameCandidate[] = [];

  constructor(private readonly decisions: Decisions) {}

  /** Table questions first (their answers change which column questions exist), each kind sorted. */
  nextQuestions(): RenameCandidate[] {
    const questions = this.tableQuestions.length > 0 ? this.tableQuestions : this.columnQuestions;
    return [...questions].sort((a, b) => compareKeys(sortKey(a), sortKey(b)));
  }

  /** A created table is offered the free deleted tables of its schema first, then those of the others. */
  resolveTables(question: { readonly created: readonly TableDef[]; readonly deleted: readonly TableDef[] }): RenameAnswer<TableRef> {
    return this.resolveScope(TABLE_SCOPE, question.created, question.deleted, tableKey, (created, free) =>
      this.tableQuestions.push({
        kind: "table",
        schema: created.schema,
        created: created.name,
        deleted: free.filter((t) => t.schema === created.schema).map((t) => t.name),
        moved: free.filter((t) => t.schema !== created.schema).map((t) => ({ schema: t.schema, name: t.name })),
      }),
    );
  }

  resolveColumns(question: {
    readonly table: TableRef;
    readonly created: readonly ColumnDef[];
    readonly deleted: readonly ColumnDef[];
  }): RenameAnswer<ColumnDef> {
    const { table } = question;
    return this.resolveScope(columnScope(table), question.created, question.deleted, (c) => c.name, (created, deleted) =>
      this.columnQuestions.push({ kind: "column", table: { schema: table.schema, name: table.name }, created, deleted }),
    );
  }

  /**
   * Pairs the decided renames of one scope first, so that the objects they take are not offered again, then
   * records a question for each undecided created object that still has a deleted one to choose from.
   */
  private resolveScope<T extends { readonly name: string }>(
    scope: string,
    created: readonly T[],
    deleted: readonly T[],
    keyOf: (item: T) => string,
    recordQuestion: (created: T, free: readonly T[]) => void,
  ): RenameAnswer<T> {
    const byKey = new Map(deleted.map((item) => [keyOf(item), item]));
    const renamed: { from: T; to: T }[] = [];
    const undecided: T[] = [];
    for (const item of created) {
      const answer = this.decisions.answer(scope, keyOf(item));
      const source = answer === undefined || answer === null ? undefined : byKey.get(answer);
      if (source !== undefined) renamed.push({ from: source, to: item });
      else if (answer === undefined) undecided.push(item);
    }
    const free = deleted
      .filter((item) => !renamed.some((pair) => pair.from === item) && !this.decisions.isTaken(scope, keyOf(item)))
      .sort((a, b) => compareKeys(sortNames(a), sortNames(b)));
    if (free.length > 0) undecided.forEach((item) => recordQuestion(item, free));
    return {
      created: created.filter((item) => !renamed.some((pair) => pair.to === item)),
      renamed,
      deleted: deleted.filter((item) => !renamed.some((pair) => pair.from === item)),
    };
  }
}

const TABLE_SCOPE = JSON.stringify(["table"]);

/** A deleted choice's sort key: its schema (tables) and name. */
function sortNames(item: { readonly name: string; readonly schema?: string }): string[] {
  return item.schema === undefined ? [item.name] : [item.schema, item.name];
}

function columnScope(table: TableRef): string {
  return JSON.stringify(["column", table.schema, table.name]);
}

function scopeKey(candidate: RenameCandidate): string {
  return candidate.kind === "table" ? TABLE_SCOPE : columnScope(candidate.table);
}

function createdKey(candidate: RenameCandidate): string {
  return candidate.kind === "table" ? tableKey({ schema: candidate.schema, name: candidate.created }) : candidate.created.name;
}

/** The decisions' key of the deleted object a candidate offers as `name`. */
function deletedKey(candidate: RenameCandidate, name: string): string {
  return candidate.kind === "table" ? tableKey(answeredTable(candidate, name)!) : name;
}

function sortKey(candidate: RenameCandidate): string[] {
  return candidate.kind === "table"
    ? [candidate.schema, candidate.created]
    : [candidate.table.schema, candidate.table.name, candidate.created.name];
}

/** Code-unit order, element by element: the same on every machine and locale. */
function compareKeys(a: readonly string[], b: readonly string[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    if (a[i]! !== b[i]!) return a[i]! < b[i]! ? -1 : 1;
  }
  return a.length - b.length;
}

function getOrCreate<K, V>(map: Map<K, V>, key: K, create: () => V): V {
  const existing = map.get(key);
  if (existing !== undefined) return existing;
  const value = create();
  map.set(key, value);
  return value;
}
