/**
 * Progress of long work, for people waiting on it: which phase runs (loading entities 12/40, reading the
 * catalog, applying revision 2 of 5, ...) and for how long. The API takes an `onProgress` listener
 * (`openProject({ onProgress })`, `diffSchema(..., onProgress)`); the command line draws it on stderr
 * (src/cli/progress-display.ts). Without a listener, reporting costs nothing.
 *
 * Phases may overlap: the catalog is read while the entity files load.
 */

/** What the work is doing. */
export type ProgressPhase =
  /** Connecting to a PostgreSQL server. */
  | "connecting"
  /** Loading the project's DataSource module (and TypeORM) for its connection settings. */
  | "readingDataSource"
  /** Opening (and on first use creating) the embedded database. */
  | "startingDatabase"
  /** Loading the migration files into the revision graph. */
  | "loadingMigrations"
  /** Starting a throwaway embedded database (`--shadow`, `autogen test`); the migrations replayed into it are `applying`. */
  | "shadowDatabase"
  /** Running migrations: `done` of `total`, `item` the revision. */
  | "applying"
  /** Loading the entity files: `done` of `total` files. */
  | "loadingEntities"
  /** Building TypeORM's metadata and the entity model from it. */
  | "buildingMetadata"
  /** Reading the database's catalog. */
  | "readingCatalog"
  /** Letting PostgreSQL normalise the entity side. */
  | "normalising"
  /** Comparing the two models. */
  | "comparing"
  /** `autogen test`: check `done` of `total`, `item` its name. */
  | "testing"
  /** Waiting for the user to answer a question (a possible rename): a display shows nothing meanwhile. */
  | "waitingForAnswer";

export interface ProgressEvent {
  readonly phase: ProgressPhase;
  /** `start` once, `advance` as counted work goes on, `end` once (also when the work fails). */
  readonly state: "start" | "advance" | "end";
  /** How far a counting phase has got: the files loaded, the position of the revision or check under way. */
  readonly done?: number;
  /** Items in all, when known. */
  readonly total?: number;
  /** The item being worked on: a revision (`3f2a9c1d7e4b add users`), a check's name. */
  readonly item?: string;
  /** Milliseconds since the phase started. */
  readonly elapsedMs: number;
  /**
   * The phase in words, for a person: `loading entities 12/40`, `applying revision 2 of 5: 3f2a9c (add users)`;
   * on `end`, what was done: `loading 40 entity files`, `applying 5 revisions`.
   */
  readonly text: string;
}

/**
 * Receives progress events. It should return quickly; an exception it throws is ignored (progress never
 * stops the work).
 *
 * @example
 * const project = await openProject({ onProgress: (e) => e.state === "end" && console.error(`${e.text}: ${e.elapsedMs} ms`) });
 */
export type ProgressListener = (event: ProgressEvent) => void;

/** A phase in progress: `advance` as items are done, `end` once when it is over. */
export interface PhaseProgress {
  advance(done: number, item?: string): void;
  end(): void;
}

const IGNORED: PhaseProgress = { advance: () => undefined, end: () => undefined };

/** The phase in words. */
export function progressText(phase: ProgressPhase, done?: number, total?: number, item?: string): string {
  const count = done === undefined ? "" : total === undefined ? ` ${done}` : ` ${done}/${total}`;
  const of = done === undefined ? "" : total === undefined ? ` ${done}` : ` ${done} of ${total}`;
  const what = item === undefined || item === "" ? "" : `: ${item}`;
  switch (phase) {
    case "connecting":
      return "connecting to the database";
    case "readingDataSource":
      return "reading the DataSource's connection settings";
    case "startingDatabase":
      return "starting the embedded database";
    case "loadingMigrations":
      return "loading migrations";
    case "shadowDatabase":
      return "starting the shadow database";
    case "applying":
      return `applying revision${of}${what}`;
    case "loadingEntities":
      return `loading entities${count}`;
    case "buildingMetadata":
      return "building entity metadata";
    case "readingCatalog":
      return "reading the catalog";
    case "normalising":
      return "normalising";
    case "comparing":
      return "comparing";
    case "testing":
      return `testing${of}${what}`;
    case "waitingForAnswer":
      return "waiting for an answer";
  }
}

/** What a phase did, for its `end` event: `loading 40 entity files`, `applying 5 revisions`. */
export function progressSummary(phase: ProgressPhase, done?: number, total?: number): string {
  const count = done ?? total;
  const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;
  if (count === undefined) return progressText(phase);
  switch (phase) {
    case "applying":
      return `applying ${plural(count, "revision", "revisions")}`;
    case "loadingEntities":
      return `loading ${plural(count, "entity file", "entity files")}`;
    case "testing":
      return `running ${plural(count, "check", "checks")}`;
    default:
      return progressText(phase);
  }
}

function send(listener: ProgressListener, event: Omit<ProgressEvent, "text">): void {
  const text =
    event.state === "end" ? progressSummary(event.phase, event.done, event.total) : progressText(event.phase, event.done, event.total, event.item);
  try {
    listener({ ...event, text });
  } catch {
    // A listener's failure is its own: the work goes on.
  }
}

/**
 * Starts `phase` and returns its handle; with no listener, a handle that does nothing.
 *
 * @example
 * const loading = startPhase(onProgress, "loadingEntities", { total: files.length });
 * try { for (const [i, file] of files.entries()) { await load(file); loading.advance(i + 1); } } finally { loading.end(); }
 */
export function startPhase(
  listener: ProgressListener | undefined,
  phase: ProgressPhase,
  options: { readonly total?: number; readonly done?: number; readonly item?: string } = {},
): PhaseProgress {
  if (listener === undefined) return IGNORED;
  const started = performance.now();
  const { total } = options;
  let done: number | undefined = options.done ?? (total === undefined ? undefined : 0);
  let item = options.item;
  let ended = false;
  const elapsedMs = () => Math.round(performance.now() - started);
  send(listener, { phase, state: "start", done, total, item, elapsedMs: 0 });
  return {
    advance(count, current) {
      if (ended) return;
      done = count;
      item = current ?? item;
      send(listener, { phase, state: "advance", done, total, item, elapsedMs: elapsedMs() });
    },
    end() {
      if (ended) return;
      ended = true;
      send(listener, { phase, state: "end", done, total, item, elapsedMs: elapsedMs() });
    },
  };
}

/** Runs `work` as `phase`: started before, ended after, whether it succeeds or fails. */
export async function trackPhase<T>(listener: ProgressListener | undefined, phase: ProgressPhase, work: () => Promise<T>): Promise<T> {
  const progress = startPhase(listener, phase);
  try {
    return await work();
  } finally {
    progress.end();
  }
}
