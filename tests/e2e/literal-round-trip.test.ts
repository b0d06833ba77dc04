/**
 * Property-style round trip of hostile texts through the whole tool on PostgreSQL 15, with
 * `standard_conforming_strings` on and off (and once on PGlite): random table, column and enum names,
 * comments, enum labels and string defaults, built from quotes, backslashes, `*\/`, `${}`, backticks,
 * newlines, Unicode line separators, reserved words and non-ASCII text, go entity file -> autogenerate ->
 * TypeScript migration -> SQL -> catalog, are stored exactly, and the next check finds nothing. Each case
 * replaces the previous one (so the drops run too), and a final downgrade to base undoes them all.
 * A NUL is refused with a clear error before any file is written (comments drop it, as TypeORM does).
 */
import fs from "node:fs";
import path from "node:path";
import fc from "fast-check";
import { openProject, type Project } from "../../src/api/project";
import { createRevision } from "../../src/api/revision";
import { treatRenamesAsNew } from "../../src/api/renames";
import { upgrade, downgrade } from "../../src/api/migrate";
import { check } from "../../src/api/check";
import type { Database } from "../../src/db/database";
import { identifierBytes } from "../../src/model/identifier-limit";
import { createTestDatabase, type TestDatabase } from "../support/test-db";
import { tempProject } from "../cli/cli-support";

const FRAGMENTS = [
  "'", '"', "\\", "\\'", "''", "*/", "/*", "${x}", "`", "\n", "\r\n", "\u2028", "\u2029", "--", ";", "$$",
  "user", "order", "select", "TABLE", " ", "é", "日本", "😀", "Mixed", "a", "_1", "%s", "{}", "\t",
];

/** A text of 1-5 hostile fragments, at most `maxBytes` bytes of UTF-8. */
const text = (maxBytes: number) =>
  fc
    .array(fc.constantFrom(...FRAGMENTS), { minLength: 1, maxLength: 5 })
    .map((parts) => parts.join(""))
    .filter((t) => identifierBytes(t) <= maxBytes && !t.includes("."));

interface Case {
  readonly table: string;
  readonly columns: readonly [string, string];
  readonly enumName: string;
  readonly labels: readonly string[];
  readonly tableComment: string;
  readonly columnComment: string;
  readonly defaultText: string;
}

const cases: fc.Arbitrary<Case> = fc.record({
  table: text(40),
  columns: fc.uniqueArray(text(40), { minLength: 2, maxLength: 2 }).map((c) => [c[0]!, c[1]!] as const),
  enumName: text(40),
  labels: fc.uniqueArray(text(40), { minLength: 1, maxLength: 3 }),
  tableComment: text(200),
  columnComment: text(200),
  defaultText: text(200),
});

/** The entity file of a case (every text through JSON.stringify, as a user's editor would escape it). */
function entitySource(c: Case, className: string): string {
  const s = JSON.stringify;
  return `
import { Column, Entity, PrimaryGeneratedColumn } from "typeorm";

@Entity({ name: ${s(c.table)}, comment: ${s(c.tableComment)} })
export class ${className} {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ name: ${s(c.columns[0])}, type: "varchar", default: ${s(c.defaultText)}, comment: ${s(c.columnComment)} })
  first: string;

  @Column({ name: ${s(c.columns[1])}, type: "enum", enum: ${s(c.labels)}, enumName: ${s(c.enumName)}, nullable: true })
  second: string | null;
}
`;
}

async function stored(db: Database, c: Case) {
  const rel = { text: "SELECT c.oid FROM pg_class c WHERE c.relname = $1 AND c.relnamespace = 'public'::regnamespace" };
  const { rows } = await db.query<Record<string, unknown>>(
    `SELECT obj_description((${rel.text}), 'pg_class') AS table_comment,
            col_description((${rel.text}), (SELECT attnum FROM pg_attribute WHERE attrelid = (${rel.text}) AND attname = $2)::int) AS column_comment,
            (SELECT array_agg(enumlabel::text ORDER BY enumsortorder) FROM pg_enum e JOIN pg_type t ON t.oid = e.enumtypid
              WHERE t.typname = $3 AND t.typnamespace = 'public'::regnamespace) AS labels`,
    [c.table, c.columns[0], c.enumName],
  );
  return rows[0];
}

/** Runs `runs` random cases on the project's database, then downgrades to base. */
async function roundTrips(project: Project, connect: () => Promise<Database>, runs: number, seed: number): Promise<number> {
  const entitiesDir = path.join(project.config.projectDir, "entities");
  let n = 0;
  await fc.assert(
    fc.asyncProperty(cases, async (c) => {
      n++;
      for (const file of fs.readdirSync(entitiesDir)) fs.rmSync(path.join(entitiesDir, file));
      fs.writeFileSync(path.join(entitiesDir, `case${n}.ts`), entitySource(c, `Case${n}`));
      // Each case replaces the previous case's table: a drop + add, never a rename.
      const renames = treatRenamesAsNew(() => undefined);
      const revision = await createRevision(project, { message: `case ${n}: ${c.table}`, autogenerate: true, renames });
      expect(revision.status).toBe("created");
      // Every text is written as an escaped string literal: no raw line or paragraph separator.
      expect(fs.readFileSync(revision.file!, "utf8")).not.toMatch(/[\u2028\u2029]/);

      const up = await upgrade(project);
      expect(up.mode === "online" && up.result.error).toBeFalsy();
      const db = await connect();
      try {
        expect(await stored(db, c)).toEqual({
          table_comment: c.tableComment,
          column_comment: c.columnComment,
          labels: [...c.labels],
        });
        const inserted = await db.query<Record<string, string>>(
          `INSERT INTO public.${quote(c.table)} DEFAULT VALUES RETURNING ${quote(c.columns[0])} AS value`,
        );
        expect(inserted.rows).toEqual([{ value: c.defaultText }]);
      } finally {
        await db.close();
      }
      const again = await check(project);
      expect(again.log).toEqual([]);
      expect(again.upToDate).toBe(true);
    }),
    { numRuns: runs, seed, endOnFailure: true },
  );
  const down = await downgrade(project, "base");
  expect(down.mode === "online" && down.result.error).toBeFalsy();
  return n;
}

function quote(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

async function projectOn(url: string | null): Promise<Project> {
  const dir = tempProject({ "autogen.config.json": JSON.stringify({ entities: ["entities/*.ts"], databaseUrl: url ?? undefined }) });
  fs.mkdirSync(path.join(dir, "entities"));
  return openProject({ cwd: dir, env: {} });
}

describe.each([
  ["on", 3],
  ["off", 3],
])("hostile texts with standard_conforming_strings %s on PostgreSQL 15", (setting, runs) => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase(`rt_${setting}`);
    await db.query(`ALTER DATABASE "${db.name}" SET standard_conforming_strings = ${setting}`);
  });
  afterAll(async () => {
    await db.drop();
  });

  it("are stored exactly, settle, and are undone by a downgrade to base", async () => {
    const project = await projectOn(db.url);
    expect(await roundTrips(project, () => project.connect(), runs, setting === "on" ? 9001 : 9002)).toBe(runs);
    const left = await db.query(
      `SELECT relname FROM pg_class WHERE relnamespace = 'public'::regnamespace AND relkind = 'r' ORDER BY 1`,
    );
    expect(left.map((r: { relname: string }) => r.relname)).toEqual(["autogen_checksums", "autogen_version"]);
    expect(await db.query(`SELECT count(*)::int AS n FROM pg_type WHERE typtype = 'e'`)).toEqual([{ n: 0 }]);
  });
});

describe("hostile texts on the embedded database (PGlite)", () => {
  it("are stored exactly and settle", async () => {
    // One in-memory PGlite for the whole run (each start costs seconds): every command gets it, and
    // its close() is left to the end.
    const { openEphemeral } = await import("../../src/db/pglite");
    const shared = await openEphemeral();
    try {
      const shareable: Database = {
        kind: shared.kind,
        description: shared.description,
        query: (sql, params) => shared.query(sql, params),
        exec: (sql) => shared.exec(sql),
        transaction: (fn) => shared.transaction(fn),
        close: async () => undefined,
      };
      const project = { ...(await projectOn(null)), connect: async () => shareable };
      expect(await roundTrips(project, project.connect, 2, 9003)).toBe(2);
    } finally {
      await shared.close();
    }
  }, 120_000);
});

describe("a NUL character", () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase("rt_nul");
  });
  afterAll(async () => {
    await db.drop();
  });

  const base: Case = {
    table: "t",
    columns: ["a", "b"],
    enumName: "e",
    labels: ["x"],
    tableComment: "c",
    columnComment: "c",
    defaultText: "d",
  };

  it.each([
    ["an enum label", { labels: ["x\u0000y"] }, /property second, cannot be turned into a PostgreSQL schema: an enum label contains a NUL character/],
    ["a string default", { defaultText: "d\u0000" }, /property first, cannot be turned into a PostgreSQL schema: its default contains a NUL character/],
  ])("in %s is refused naming the entity and property, and nothing is written", async (_what, change, message) => {
    const project = await projectOn(db.url);
    fs.writeFileSync(path.join(project.config.projectDir, "entities", "nul.ts"), entitySource({ ...base, ...change }, "Nul"));
    await expect(createRevision(project, { message: "nul", autogenerate: true })).rejects.toThrow(message);
    expect(fs.existsSync(project.config.migrationsDir) ? fs.readdirSync(project.config.migrationsDir) : []).toEqual([]);
  });

  it("in a comment is dropped, as TypeORM drops it", async () => {
    const project = await projectOn(db.url);
    const c = { ...base, tableComment: "be\u0000fore" };
    fs.writeFileSync(path.join(project.config.projectDir, "entities", "nul.ts"), entitySource(c, "NulComment"));
    expect((await createRevision(project, { message: "nul comment", autogenerate: true })).status).toBe("created");
    const up = await upgrade(project);
    expect(up.mode === "online" && up.result.error).toBeFalsy();
    expect(await db.query(`SELECT obj_description('public.t'::regclass, 'pg_class') AS c`)).toEqual([{ c: "before" }]);
  });
});
