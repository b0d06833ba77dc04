/**
 * What the database holds on to a table the run drops. A migration never drops with CASCADE (see
 * src/sql/compile-tables.ts), so an object the migrations do not manage (of a table left out with `exclude`,
 * made by hand since) that depends on the table makes PostgreSQL refuse the `DROP TABLE`: the run stops there
 * with a raw error, after the migrations before it were committed. Before the first statement, the online
 * runner reads the run (./drop-reading.ts: the migrations recorded, a name raw SQL gives without a schema
 * looked up through the session's search_path as PostgreSQL will), asks the catalog once what holds each
 * table it drops (./drop-holders-query.ts), and refuses when a holder is still there at the drop. The holders
 * are what PostgreSQL 15 refuses such a DROP TABLE for: whatever has a normal dependency on the table or on
 * what goes with it (its columns, row type and that type's array type, its keys, indexes and sequences, its
 * partitions and theirs). That is a foreign key into it; a view, rule or policy reading it; an inheritance
 * child (INHERITS; partitions go with it); a column or composite type attribute of its row type (or an array
 * of it); a function or domain of that type; a default using its sequence. One a step of the same run removes
 * first is no obstacle: the foreign key or constraint, its column or its table; the view (dropped, or replaced
 * by raw SQL's CREATE OR REPLACE VIEW, which may no longer read it); the rule, policy or
 * trigger, or its table; the child table, or its inheritance (a typed `dropInheritance`); the column or
 * default (the column dropped, or its type or default changed) or its table; the function (any of that name)
 * or type; the partitioned table the holder's relation is a partition of. The tables one DROP TABLE names go
 * at once. A raw `ALTER TABLE` of a child or of a column's table that lint reads no fact of (`NO INHERIT`,
 * `ALTER ... DROP DEFAULT`) counts as removing its holder, and raw SQL dropping or altering any function or
 * type as removing every function, type or attribute holder: which one it removes is not followed, and
 * nothing is refused on a guess.
 *
 * Raw SQL (`op.execute`) is read with lint's parser (src/lint/sql-actions.ts). What the runner cannot
 * know beforehand ends the reading where it comes, so that nothing is refused on a guess: a migration
 * that calls `op.inspect()` or throws while recorded, a `DO` block running SQL built at run time, a
 * `DROP ... CASCADE` (what it takes with it is not known), a setting of the search_path (`SET`,
 * `set_config`). Drops after that point are left to PostgreSQL. The offline script (`--sql`) has no
 * database to ask: it is not checked.
 */
import type { Queryable } from "../db/database";
import type { MigrationModule } from "../revision/migration-module";
import type { MigrationPlan, PlanStep } from "../revision/plan";
import { catalogAtStart, holderOf, type CatalogAtStart, type Holder } from "./drop-holders-query";
import { recordRun, type Relation, type StepChange } from "./drop-reading";
import { DroppedTableHeldError, type DroppedTableHold } from "./runner-errors";

const key = (...parts: readonly string[]): string => JSON.stringify(parts);

/** A table the run drops, named as the catalog names it now, and the migration that drops it. */
interface Drop {
  readonly table: Relation;
  /** What the migration calls it, after renames of the run. */
  readonly as: Relation;
  readonly step: PlanStep;
  /** Its place in the run: what is removed before it no longer holds on to it. */
  readonly at: number;
}

/** A column a typed alterColumn drops and adds again (`readds`), on a table of the catalog, and where in the run. */
export interface Readd {
  readonly table: Relation;
  readonly column: string;
  readonly step: PlanStep;
  readonly at: number;
}

/** What a relation's name stands for at a point of the run: a relation of the catalog, one the run made, or nothing. */
type NameState = Relation | "made" | "gone";

/**
 * The run's changes followed in order, every name taken back to what the catalog calls it at the start:
 * the drops of tables the database has, and when each object the run removes goes.
 */
export class RunReading {
  readonly drops: Drop[] = [];
  readonly readds: Readd[] = [];
  /** Member made again (`key("made", schema, table, name)`, catalog names) -> where the run last makes it. */
  readonly #madeAt = new Map<string, number>();
  /** Removed object (by `key`, catalog names) -> where the run first removes it. */
  readonly #removedAt = new Map<string, number>();
  /** A relation's name now -> what it stands for, where the run changed that. */
  readonly #relations = new Map<string, NameState>();
  /** A constraint's name now (with its table's catalog name) -> its catalog name. */
  readonly #constraints = new Map<string, string>();
  readonly #present: ReadonlySet<string>;
  #at = 0;

  /** `unqualified`: the names raw SQL gives without a schema, whose relations on the path `catalog` has. */
  constructor(
    readonly catalog: Pick<CatalogAtStart, "path" | "creation" | "present">,
    readonly unqualified: ReadonlySet<string>,
  ) {
    this.#present = new Set(catalog.present.map(([schema, name]) => key(schema, name)));
  }

  /** Follows `change`, made by `step`. */
  follow({ change, step }: StepChange): void {
    // The tables of one DROP TABLE go at once: what holds one of them and goes with another is no obstacle.
    if (change.kind !== "dropTable" || change.together !== true) this.#at++;
    switch (change.kind) {
      case "create": {
        const made = this.#resolve(change.relation, true);
        if (made !== null) this.#relations.set(key(made.schema, made.name), "made");
        break;
      }
      case "rename": {
        const from = this.#resolve(change.relation);
        if (from === null) break;
        const state = this.#state(from);
        this.#relations.set(key(from.schema, from.name), "gone");
        const to = { schema: change.to.schema === "" ? from.schema : change.to.schema, name: change.to.name };
        this.#relations.set(key(to.schema, to.name), state);
        break;
      }
      case "replaceView": {
        const as = this.#resolve(change.relation);
        const catalog = as === null ? null : this.#catalogName(as);
        if (catalog !== null) this.#remove("relation", catalog);
        break;
      }
      case "dropTable":
      case "dropView": {
        const as = this.#resolve(change.relation);
        const catalog = as === null ? null : this.#catalogName(as);
        if (as === null || catalog === null) break;
        this.#relations.set(key(as.schema, as.name), "gone");
        this.#remove("relation", catalog);
        if (change.kind === "dropTable") this.drops.push({ table: catalog, as, step, at: this.#at });
        break;
      }
      case "renameConstraint":
        this.#onTable(change.table, (table) =>
          this.#constraints.set(key(table.schema, table.name, change.to), this.#constraintName(table, change.from)),
        );
        break;
      case "dropConstraint":
        this.#onTable(change.table, (table) => this.#remove("constraint", table, this.#constraintName(table, change.name)));
        break;
      case "dropColumn":
      case "alterColumn":
        this.#onTable(change.table, (table) => {
          if (change.kind === "alterColumn" && change.readds === true) this.readds.push({ table, column: change.column, step, at: this.#at });
          this.#remove(change.kind === "dropColumn" ? "column" : "altered", table, change.column);
        });
        break;
      case "dropIndex":
      case "dropStatistics":
        // By the name it has now: neither is followed through renames (nothing is refused on a guess: a renamed one is held lost).
        this.#remove(change.kind === "dropIndex" ? "index" : "statistics", change.object);
        break;
      case "remake":
        this.#onTable(change.table, (table) => this.#madeAt.set(key("made", table.schema, table.name, change.name), this.#at));
        break;
      case "touchTable":
        this.#onTable(change.table, (table) => this.#remove("touched", table));
        break;
      case "dropMember":
        this.#onTable(change.table, (table) => this.#remove("member", table, change.name));
        break;
      case "dropInheritance": {
        const parent = this.#resolve(change.parent);
        const parentCatalog = parent === null ? null : this.#catalogName(parent);
        if (parentCatalog !== null) this.#onTable(change.table, (table) => this.#remove("inheritance", table, key(parentCatalog.schema, parentCatalog.name)));
        break;
      }
      case "dropFunction":
      case "dropType":
        this.#remove(change.kind === "dropFunction" ? "function" : "type", change.object);
        break;
      case "routinesOrTypes":
        this.#remove("routinesOrTypes", { schema: "", name: "" });
        break;
    }
  }

  /** Whether the object `removed` (by `key`) is gone by the time the run drops at `at` (or in that same DROP). */
  removedBefore(removed: string, at: number): boolean {
    return (this.#removedAt.get(removed) ?? Infinity) <= at;
  }

  /** Whether the run makes `name` (an index, constraint or statistics by name, `*`, or `grants`) of `table` after `at`. */
  madeAfter(table: Relation, name: string, at: number): boolean {
    return (this.#madeAt.get(key("made", table.schema, table.name, name)) ?? -1) > at;
  }

  /**
   * The relation a name stands for where the run comes to it: a name with a schema as it is; one without, in
   * the first schema of the path (`creating`), or the first that has a relation of that name (null: none).
   */
  #resolve(relation: Relation, creating = false): Relation | null {
    if (relation.schema !== "") return relation;
    if (creating) return this.catalog.creation === null ? null : { schema: this.catalog.creation, name: relation.name };
    const schema = this.catalog.path.find((s) => this.#state({ schema: s, name: relation.name }) !== "gone");
    return schema === undefined ? null : { schema, name: relation.name };
  }

  /** What `relation` stands for now (`gone` also when an unqualified name finds no relation on the path). */
  #state(relation: Relation): NameState {
    const now = key(relation.schema, relation.name);
    const changed = this.#relations.get(now);
    if (changed !== undefined) return changed;
    // The catalog's relations on the path are known for the names raw SQL gives without a schema; any other
    // is taken as there (a drop of one that is not finds nothing holding it).
    const known = this.unqualified.has(relation.name) && this.catalog.path.includes(relation.schema);
    return !known || this.#present.has(now) ? relation : "gone";
  }

  #catalogName(relation: Relation): Relation | null {
    const state = this.#state(relation);
    return typeof state === "string" ? null : state;
  }

  /** Calls `work` with the catalog name of `table`, unless the run created it. */
  #onTable(table: Relation, work: (catalog: Relation) => void): void {
    const resolved = this.#resolve(table);
    const catalog = resolved === null ? null : this.#catalogName(resolved);
    if (catalog !== null) work(catalog);
  }

  #constraintName(table: Relation, now: string): string {
    return this.#constraints.get(key(table.schema, table.name, now)) ?? now;
  }

  /** Notes that the run removes (or changes) the relation, or the member `name` of the table, at this point. */
  #remove(what: string, relation: Relation, name?: string): void {
    const removed = name === undefined ? key(what, relation.schema, relation.name) : key(what, relation.schema, relation.name, name);
    if (!this.#removedAt.has(removed)) this.#removedAt.set(removed, this.#at);
  }
}

const qualified = (schema: string, name: string): string => `${schema}.${name}`;

/** Whether the run removes `holder` (or what it is of) before it reaches `at`. */
function goneBefore(holder: Holder, table: Relation, reading: RunReading, at: number): boolean {
  const before = (...parts: string[]): boolean => reading.removedBefore(key(...parts), at);
  const owner = [holder.owner?.schema ?? "", holder.owner?.name ?? ""] as const;
  const routinesOrTypes = before("routinesOrTypes", "", "");
  switch (holder.kind) {
    case "function":
      return before("function", ...owner) || routinesOrTypes;
    case "domain":
    case "type":
      return before("type", ...owner) || routinesOrTypes;
    case "other":
      return (holder.owner !== null && before("relation", ...owner)) || routinesOrTypes;
    default:
      if (before("relation", ...owner) || holder.ownerAncestors.some((a) => before("relation", a.schema, a.name))) return true;
  }
  switch (holder.kind) {
    case "rule":
    case "policy":
    case "trigger":
      return before("member", ...owner, holder.name);
    case "foreign key":
    case "constraint":
      return before("constraint", ...owner, holder.name) || holder.columns.some((column) => before("column", ...owner, column));
    case "child table":
      return before("inheritance", ...owner, key(table.schema, table.name)) || before("touched", ...owner);
    case "attribute":
      return before("type", ...owner) || routinesOrTypes;
    case "column":
    case "default":
      return before("column", ...owner, holder.name) || before("altered", ...owner, holder.name) || before("touched", ...owner);
    default:
      return false;
  }
}

/** How `holder` holds on to the dropped `table`, in words. */
function holderWords(holder: Holder, table: string): string {
  const owner = holder.owner === null ? "" : qualified(holder.owner.schema, holder.owner.name);
  const rowType = `${holder.viaArray ? "an array of" : "of"} the row type of ${table}`;
  switch (holder.kind) {
    case "foreign key":
      return `foreign key ${holder.name} of ${owner} references ${table}`;
    case "constraint":
      return `constraint ${holder.name} of ${owner} uses ${table}`;
    case "rule":
    case "policy":
    case "trigger":
      return `${holder.kind} ${holder.name} on ${owner} reads ${table}`;
    case "view":
    case "materialized view":
      return `${holder.kind} ${owner} reads ${table}`;
    case "child table":
      return `table ${owner} inherits from ${table}`;
    case "column":
      return `column ${holder.name} of ${owner} is ${rowType}`;
    case "attribute":
      return `attribute ${holder.name} of composite type ${owner} is ${rowType}`;
    case "default":
      return `the default of column ${holder.name} of ${owner} uses ${table}`;
    case "function":
      return `function ${owner}(${holder.name}) uses ${table}`;
    case "domain":
    case "type":
      return `${holder.kind} ${owner} is over ${table}`;
    default:
      return `${holder.described} depends on ${table}`;
  }
}

function holdOf(holder: Holder, drop: Drop): DroppedTableHold {
  const table = qualified(drop.table.schema, drop.table.name);
  const as = qualified(drop.as.schema, drop.as.name);
  return { holder: holderWords(holder, table), revision: { id: drop.step.revision.id, path: drop.step.revision.path }, ...(as !== table && { as }) };
}

/**
 * Refuses the run when a table it drops is still held, at its drop, by an object the run has not removed
 * by then, or when a column it drops and adds again would take along what the run does not put back
 * (./readded-columns.ts). Reads the catalog only when the run drops a table or re-adds a column.
 * @throws DroppedTableHeldError naming each such holder and the migration that drops its table
 */
export async function refuseHeldDrops(
  db: Queryable,
  plan: MigrationPlan,
  steps: readonly { readonly step: PlanStep; readonly module: MigrationModule }[],
): Promise<void> {
  const changes = await recordRun(steps);
  const readds = changes.some(({ change }) => change.kind === "alterColumn" && change.readds === true);
  if (!readds && !changes.some(({ change }) => change.kind === "dropTable")) return;
  // A dropped table's name at the start is its own or that of a relation the run renames (schema "": any on the path).
  const candidates = changes.flatMap(({ change }) => (change.kind === "dropTable" || change.kind === "rename" ? [change.relation] : []));
  const unqualified = new Set(
    changes.flatMap(({ change }) => Object.values(change).filter((v): v is Relation => typeof v === "object" && v !== null && v.schema === "").map((r) => r.name)),
  );
  const catalog = await catalogAtStart(db, candidates, [...unqualified]);
  const reading = new RunReading(catalog, unqualified);
  changes.forEach((change) => reading.follow(change));
  const holds: DroppedTableHold[] = [];
  for (const drop of reading.drops) {
    for (const row of catalog.holders) {
      if (row.table_schema !== drop.table.schema || row.table_name !== drop.table.name) continue;
      const holder = holderOf(row);
      if (!goneBefore(holder, drop.table, reading, drop.at)) holds.push(holdOf(holder, drop));
    }
  }
  if (holds.length > 0) throw new DroppedTableHeldError(plan.direction, holds, plan.startHeads);
  // A column dropped and added again: what PostgreSQL takes along with it (./readded-columns.ts).
  if (readds) await (await import("./readded-columns")).refuseReaddedColumnLosses(db, plan, reading);
}
