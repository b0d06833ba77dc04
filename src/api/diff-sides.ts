/**
 * The databases behind the two sides of a diff: a server for a URL, the migration history replayed into a
 * throwaway embedded database, and for entities the database that normalises them (the other side's,
 * else a throwaway embedded one). Every database opened here is closed by `close()`.
 */
import type { Database } from "../db/database";
import { connectPostgres } from "../db/postgres";
import type { ScriptDirectory } from "../revision/script-directory";
import type { DiffSource } from "./diff-source";
import type { Project } from "./project";
import { loadScripts } from "./scripts";
import { openShadowDatabase } from "./shadow";
import { UsageError } from "../errors";

/** `migrations` or `entities` was asked for without a project. */
export class DiffNeedsProjectError extends UsageError {
  constructor(readonly source: DiffSource["kind"]) {
    super(
      `"${source}" needs a project (its configuration, ${source === "entities" ? "entities" : "migrations folder"}): ` +
        "pass { project: await openProject({ cwd }) } to diff().",
    );
  }
}

/** The opened sides: each database side's connection, and the one that normalises entities. */
export class DiffSides {
  private readonly opened: Database[] = [];
  private scratch: Database | null = null;
  from: Database | null = null;
  to: Database | null = null;

  private constructor(private readonly project: Project | null) {}

  /** Opens the databases of both sides (in parallel); on failure, closes what was opened. */
  static async open(from: DiffSource, to: DiffSource, project: Project | null): Promise<DiffSides> {
    const sides = new DiffSides(project);
    try {
      const scripts =
        from.kind === "migrations" || to.kind === "migrations" ? await loadScripts(needProject(project, "migrations").config) : null;
      // Both settle before anything is closed, so that no connection opens after the cleanup.
      const [a, b] = await Promise.allSettled([sides.openSide(from, scripts), sides.openSide(to, scripts)]);
      if (a.status === "rejected") throw a.reason;
      if (b.status === "rejected") throw b.reason;
      sides.from = a.value;
      sides.to = b.value;
      return sides;
    } catch (error) {
      await sides.close();
      throw error;
    }
  }

  /** The database that normalises the entities: the other side's, else a throwaway embedded one. */
  async normaliser(): Promise<Database> {
    const other = this.from ?? this.to;
    if (other !== null) return other;
    if (this.scratch === null) {
      const { openEphemeral } = await import("../db/pglite");
      this.scratch = await openEphemeral();
      this.opened.push(this.scratch);
    }
    return this.scratch;
  }

  async close(): Promise<void> {
    await Promise.all(this.opened.map((db) => db.close().catch(() => undefined)));
    this.opened.length = 0;
  }

  private async openSide(source: DiffSource, scripts: ScriptDirectory | null): Promise<Database | null> {
    if (source.kind === "entities") {
      needProject(this.project, "entities");
      return null;
    }
    // A plain revision (id, prefix, branch label) is checked before the embedded database starts.
    if (source.kind === "migrations" && source.revision !== null && /^[\w-]+$/.test(source.revision)) {
      if (!["head", "heads", "base"].includes(source.revision)) scripts!.graph.get(source.revision);
    }
    const db =
      source.kind === "url"
        ? await connectPostgres(source.url)
        : await openShadowDatabase(needProject(this.project, "migrations"), scripts!, [source.revision ?? "heads"]);
    this.opened.push(db);
    return db;
  }
}

function needProject(project: Project | null, source: DiffSource["kind"]): Project {
  if (project === null) throw new DiffNeedsProjectError(source);
  return project;
}
