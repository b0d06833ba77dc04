import { Client } from "pg";
import type { SequenceDef } from "../../src/model/schema-model";
import { invert } from "../../src/ops/invert";
import type { Operation } from "../../src/ops/operation";
import { compileOperation } from "../../src/sql/compile";
import { restoreEnumDependents, setAsideEnumDependents } from "../../src/sql/enum-dependents";
import { restoreTypeFunctions, setAsideTypeFunctions } from "../../src/sql/type-functions";
import { rememberPrivileges, resetPrivileges, restorePrivileges } from "../../src/sql/compile-reset-privileges";
import { rememberComment, restoreComment } from "../../src/sql/keep-grants-and-comments";
import { createTestDatabase, type TestDatabase } from "../support/test-db";
import { ref } from "../support/model-builders";
import { linesWith, roundTrip } from "./schema-signature";

let db: TestDatabase;
let client: Client;

beforeAll(async () => {
  db = await createTestDatabase("sql_types");
  client = new Client({ connectionString: db.url });
  await client.connect();
  await client.query(`CREATE SCHEMA "My Schema"`);
});

afterAll(async () => {
  await client.end();
  await db.drop();
});

const status = { schema: "My Schema", name: 'Status "S"' };

describe("schemas and extensions", () => {
  it("creates and drops a schema", async () => {
    await roundTrip(
      client,
      { kind: "createSchema", schema: 'Audit "A"' },
      [`CREATE SCHEMA "Audit ""A"""`],
      (after) => {
        expect(after.schemas).toContain('Audit "A"');
      },
    );
  });

  it("creates a schema only where missing, looking it up first: a role without CREATE on the database passes where it exists", async () => {
    const schema = "Gone $autogen_schema$";
    const statements = compileOperation({ kind: "createSchema", schema, ifMissing: true });
    expect(statements).toEqual([
      {
        sql:
          `DO $autogen_schema_1$ BEGIN IF NOT EXISTS (SELECT FROM pg_catalog.pg_namespace WHERE nspname = 'Gone $autogen_schema$') ` +
          `THEN CREATE SCHEMA "Gone $autogen_schema$"; END IF; END $autogen_schema_1$`,
        transactional: true,
      },
    ]);
    await client.query(statements[0]!.sql);
    expect(await client.query("SELECT to_regnamespace($1) IS NOT NULL AS present", ['"Gone $autogen_schema$"'])).toMatchObject({ rows: [{ present: true }] });
    const role = `${db.name}_migrator`;
    await client.query(`CREATE ROLE "${role}"`);
    try {
      await client.query(`SET ROLE "${role}"`);
      await client.query(statements[0]!.sql);
      // What the lookup avoids: IF NOT EXISTS checks the privilege before it looks.
      await expect(client.query(`CREATE SCHEMA IF NOT EXISTS "Gone $autogen_schema$"`)).rejects.toThrow(/permission denied for database/);
    } finally {
      await client.query("RESET ROLE");
      await client.query(`DROP ROLE "${role}"`);
      await client.query(`DROP SCHEMA "Gone $autogen_schema$"`);
    }
  });

  it("creates an extension in a schema at a version, and drops it", async () => {
    await roundTrip(
      client,
      {
        kind: "createExtension",
        extension: { name: "citext", schema: "My Schema", version: "1.6" },
      },
      [`CREATE EXTENSION IF NOT EXISTS "citext" WITH SCHEMA "My Schema" VERSION '1.6'`],
      (after) => expect(after.extensions).toEqual(['citext 1.6 in "My Schema"']),
    );
    expect(
      compileOperation({
        kind: "createExtension",
        extension: { name: "pg_trgm", schema: null, version: null },
      }),
    ).toEqual([{ sql: `CREATE EXTENSION IF NOT EXISTS "pg_trgm"`, transactional: true }]);
  });
});

describe("alterExtension", () => {
  it("updates an extension to a version; the inverse updates back to the version it carries", async () => {
    await client.query(`CREATE EXTENSION pg_trgm VERSION '1.4'`);
    const op: Operation = {
      kind: "alterExtension",
      name: "pg_trgm",
      version: "1.6",
      existing: { name: "pg_trgm", schema: "public", version: "1.4" },
    };
    const statements = compileOperation(op);
    expect(statements).toEqual([{ sql: `ALTER EXTENSION "pg_trgm" UPDATE TO '1.6'`, transactional: true }]);
    for (const statement of statements) await client.query(statement.sql);
    const { rows } = await client.query(`SELECT extversion FROM pg_extension WHERE extname = 'pg_trgm'`);
    expect(rows).toEqual([{ extversion: "1.6" }]);
    // PostgreSQL's contrib ships no downgrade scripts, so the inverse is only compiled here.
    expect(compileOperation(invert(op)).map((s) => s.sql)).toEqual([`ALTER EXTENSION "pg_trgm" UPDATE TO '1.4'`]);
    await client.query(`DROP EXTENSION pg_trgm`);
  });
});

describe("enums", () => {
  it("creates an enum with quoted labels and drops it", async () => {
    await roundTrip(
      client,
      { kind: "createEnum", enum: { ...status, labels: ["new", "it's", "done"] } },
      [`CREATE TYPE "My Schema"."Status ""S""" AS ENUM ('new', 'it''s', 'done')`],
      (after) => expect(after.enums).toEqual([`"My Schema"."Status ""S""" {new,it's,done}`]),
    );
  });

  it("renames an enum in its schema; its column and default follow, and the inverse renames it back", async () => {
    await client.query(`CREATE TYPE "My Schema".mood AS ENUM ('ok', 'sad')`);
    await client.query(`CREATE TABLE moods (m "My Schema".mood DEFAULT 'ok')`);
    await roundTrip(
      client,
      { kind: "renameEnum", enum: { schema: "My Schema", name: "mood" }, to: 'Mood "M"' },
      [`ALTER TYPE "My Schema"."mood" RENAME TO "Mood ""M"""`],
      (after) => {
        expect(linesWith(after.enums, "Mood")).toEqual([`"My Schema"."Mood ""M""" {ok,sad}`]);
        expect(linesWith(after.columns, "moods.")).toEqual([`moods.m "My Schema"."Mood ""M""" DEFAULT 'ok'::"My Schema"."Mood ""M"""`]);
      },
    );
    await client.query(`DROP TABLE moods; DROP TYPE "My Schema".mood`);
  });

  it("moves an enum to another schema; its column and default follow, and the inverse moves it back", async () => {
    await client.query(`CREATE TYPE "My Schema".mood AS ENUM ('ok', 'sad')`);
    await client.query(`CREATE TABLE moods (m "My Schema".mood DEFAULT 'ok'); INSERT INTO moods VALUES ('sad')`);
    await roundTrip(
      client,
      { kind: "moveEnum", enum: { schema: "My Schema", name: "mood" }, schema: "public" },
      [`ALTER TYPE "My Schema"."mood" SET SCHEMA "public"`],
      (after) => {
        expect(linesWith(after.enums, "mood")).toEqual(["mood {ok,sad}"]);
        expect(linesWith(after.columns, "moods.")).toEqual(["moods.m mood DEFAULT 'ok'::mood"]);
      },
    );
    expect((await client.query(`SELECT m::text FROM moods`)).rows).toEqual([{ m: "sad" }]);
    await client.query(`DROP TABLE moods; DROP TYPE "My Schema".mood`);
  });

  it("moves an enum and renames it there (SET SCHEMA, then RENAME TO); the inverse undoes both", async () => {
    await client.query(`CREATE TYPE public.notes_kind AS ENUM ('draft', 'final')`);
    await client.query(`CREATE TABLE notes (k public.notes_kind DEFAULT 'draft'); INSERT INTO notes VALUES ('final')`);
    const op: Operation = { kind: "moveEnum", enum: ref("notes_kind"), schema: "My Schema", to: 'Kind "K"' };
    await roundTrip(
      client,
      op,
      [`ALTER TYPE "public"."notes_kind" SET SCHEMA "My Schema"`, `ALTER TYPE "My Schema"."notes_kind" RENAME TO "Kind ""K"""`],
      (after) => {
        expect(linesWith(after.enums, "Kind")).toEqual([`"My Schema"."Kind ""K""" {draft,final}`]);
        expect(linesWith(after.columns, "notes.")).toEqual([`notes.k "My Schema"."Kind ""K""" DEFAULT 'draft'::"My Schema"."Kind ""K"""`]);
      },
    );
    expect(compileOperation(invert(op)).map((s) => s.sql)).toEqual([
      `ALTER TYPE "My Schema"."Kind ""K""" SET SCHEMA "public"`,
      `ALTER TYPE "public"."Kind ""K""" RENAME TO "notes_kind"`,
    ]);
    expect((await client.query(`SELECT k::text FROM notes`)).rows).toEqual([{ k: "final" }]);
    await client.query(`DROP TABLE notes; DROP TYPE public.notes_kind`);
  });

  describe("with a table using the enum", () => {
    beforeAll(async () => {
      await client.query(`CREATE TYPE "My Schema"."Status ""S""" AS ENUM ('new', 'it''s', 'done')`);
      await client.query(`CREATE TABLE tasks (id int,
        state "My Schema"."Status ""S""" DEFAULT 'new',
        history "My Schema"."Status ""S"""[] DEFAULT '{new}')`);
      await client.query(
        `INSERT INTO tasks VALUES (1, 'done', '{new,done}'), (2, DEFAULT, DEFAULT)`,
      );
    });

    it("drops an enum and recreates it from existing", async () => {
      await client.query(`CREATE TYPE spare AS ENUM ('x')`);
      await roundTrip(
        client,
        {
          kind: "dropEnum",
          enum: ref("spare"),
          existing: { schema: "public", name: "spare", labels: ["x"] },
        },
        [`DROP TYPE "public"."spare"`],
      );
    });

    const usages = [
      {
        table: ref("tasks"),
        column: "state",
        default: `'new'::"My Schema"."Status ""S"""`,
        array: false,
      },
      {
        table: ref("tasks"),
        column: "history",
        default: `'{new}'::"My Schema"."Status ""S"""[]`,
        array: true,
      },
    ];

    it("inserts labels in place with ADD VALUE ... BEFORE/AFTER, inside the transaction (PostgreSQL 12+)", async () => {
      const op = {
        kind: "alterEnum" as const,
        enum: status,
        from: ["new", "it's", "done"],
        to: ["draft", "new", "it's", "review", "done", "gone"],
        usages,
      };
      const compiled = compileOperation(op);
      expect(compiled).toEqual([
        {
          sql: `ALTER TYPE "My Schema"."Status ""S""" ADD VALUE IF NOT EXISTS 'draft' BEFORE 'new'`,
          transactional: true,
        },
        {
          sql: `ALTER TYPE "My Schema"."Status ""S""" ADD VALUE IF NOT EXISTS 'review' AFTER 'it''s'`,
          transactional: true,
        },
        {
          sql: `ALTER TYPE "My Schema"."Status ""S""" ADD VALUE IF NOT EXISTS 'gone'`,
          transactional: true,
        },
      ]);
      // The inverse is a rebuild without the new labels (no row uses them), which re-casts the usages.
      await roundTrip(
        client,
        op,
        compiled.map((s) => s.sql),
        (after) => {
          expect(linesWith(after.enums, "Status")).toEqual([
            `"My Schema"."Status ""S""" {draft,new,it's,review,done,gone}`,
          ]);
        },
      );
    });

    it("rebuilds an enum when a label is removed, re-casting a column with a default and an array column", async () => {
      const statusType = { kind: "type", schema: "My Schema", name: 'Status "S"' } as const;
      const before = await client.query(
        `SELECT id, state::text, history::text FROM tasks ORDER BY id`,
      );
      await roundTrip(
        client,
        {
          kind: "alterEnum",
          enum: status,
          from: ["new", "it's", "done"],
          to: ["new", "done", "archived"],
          usages,
        },
        [
          // First, in SQL at migration time, no row may hold the removed label.
          `DO 'BEGIN IF EXISTS (SELECT 1 FROM "public"."tasks" WHERE "state"::text = ANY (ARRAY[''it''''s''])) THEN ` +
            `RAISE EXCEPTION USING ERRCODE = ''check_violation'', MESSAGE = ''Cannot remove label ''''it''''s'''' from ` +
            `enum My Schema.Status "S": column state of table public.tasks holds it in some rows. Change those rows ` +
            `first, or map the label to a kept one with the alterEnum valueMap option.''; END IF; END'`,
          `DO 'BEGIN IF EXISTS (SELECT 1 FROM "public"."tasks" WHERE "history"::text[] && ARRAY[''it''''s'']) THEN ` +
            `RAISE EXCEPTION USING ERRCODE = ''check_violation'', MESSAGE = ''Cannot remove label ''''it''''s'''' from ` +
            `enum My Schema.Status "S": column history of table public.tasks holds it in some rows. Change those rows ` +
            `first, or map the label to a kept one with the alterEnum valueMap option.''; END IF; END'`,
          // The new type keeps the old one's grants and comment: read before the swap, set again after.
          rememberPrivileges(statusType).sql,
          rememberComment(statusType).sql,
          // And its owner: read before the swap, given back after (keepOwner).
          `DO $autogen_owner$ BEGIN PERFORM set_config('autogen.owner_99948051e0e8114dcb8997414609fb31', pg_get_userbyid(typowner)::text, false) ` +
            `FROM pg_catalog.pg_type WHERE oid = '"My Schema"."Status ""S"""'::regtype; END $autogen_owner$`,
          // What holds a constant of the type (a check, an index predicate) is set aside while the columns are re-cast.
          setAsideEnumDependents(status).sql,
          // And the functions using it (src/sql/type-functions.ts).
          setAsideTypeFunctions(status, [status]).sql,
          `ALTER TYPE "My Schema"."Status ""S""" RENAME TO "Status ""S""__old"`,
          `CREATE TYPE "My Schema"."Status ""S""" AS ENUM ('new', 'done', 'archived')`,
          `ALTER TABLE "public"."tasks" ALTER COLUMN "state" DROP DEFAULT`,
          `ALTER TABLE "public"."tasks" ALTER COLUMN "state" TYPE "My Schema"."Status ""S""" USING "state"::text::"My Schema"."Status ""S"""`,
          `ALTER TABLE "public"."tasks" ALTER COLUMN "state" SET DEFAULT 'new'::"My Schema"."Status ""S"""`,
          `ALTER TABLE "public"."tasks" ALTER COLUMN "history" DROP DEFAULT`,
          `ALTER TABLE "public"."tasks" ALTER COLUMN "history" TYPE "My Schema"."Status ""S"""[] USING "history"::text[]::"My Schema"."Status ""S"""[]`,
          `ALTER TABLE "public"."tasks" ALTER COLUMN "history" SET DEFAULT '{new}'::"My Schema"."Status ""S"""[]`,
          restoreTypeFunctions(status).sql,
          restoreEnumDependents(status).sql,
          `DROP TYPE "My Schema"."Status ""S""__old"`,
          // The new type starts from the built-in privileges (tests/catalog/default-privileges.db.test.ts).
          resetPrivileges(statusType).sql,
          `DO $autogen_owner$ BEGIN EXECUTE format('ALTER TYPE "My Schema"."Status ""S""" OWNER TO %I', ` +
            `current_setting('autogen.owner_99948051e0e8114dcb8997414609fb31')); END $autogen_owner$`,
          restorePrivileges(statusType).sql,
          restoreComment(statusType).sql,
        ],
        async (after) => {
          expect(linesWith(after.enums, "Status")).toEqual([
            `"My Schema"."Status ""S""" {new,done,archived}`,
          ]);
          expect(linesWith(after.columns, "tasks.state")).toEqual([
            `tasks.state "My Schema"."Status ""S""" DEFAULT 'new'::"My Schema"."Status ""S"""`,
          ]);
          expect(
            (await client.query(`SELECT id, state::text, history::text FROM tasks ORDER BY id`))
              .rows,
          ).toEqual(before.rows);
          await client.query(`INSERT INTO tasks (id) VALUES (3)`);
          expect(
            (await client.query(`SELECT state::text, history::text FROM tasks WHERE id = 3`)).rows,
          ).toEqual([{ state: "new", history: "{new}" }]);
          await client.query(`DELETE FROM tasks WHERE id = 3`);
        },
      );
    });
  });
});

describe("sequences", () => {
  const seq: SequenceDef = {
    schema: "My Schema",
    name: 'Counter "C"',
    dataType: "bigint",
    start: "-5",
    increment: "-1",
    minValue: "-9223372036854775808",
    maxValue: "-5",
    cache: "10",
    cycle: true,
    ownedBy: null,
  };

  it("creates a sequence with every option and drops it", async () => {
    await roundTrip(
      client,
      { kind: "createSequence", sequence: seq },
      [
        `CREATE SEQUENCE "My Schema"."Counter ""C""" AS bigint INCREMENT BY -1 MINVALUE -9223372036854775808 MAXVALUE -5 ` +
          `START WITH -5 CACHE 10 CYCLE`,
      ],
      (after) => {
        expect(linesWith(after.sequences, "Counter")).toEqual([
          `"My Schema"."Counter ""C""" AS bigint -5 -1 -9223372036854775808 -5 10 true`,
        ]);
      },
    );
  });

  it("alters only the options that change, the owner and the name", async () => {
    await client.query(`CREATE TABLE "My Schema".counted (n bigint)`);
    await client.query(
      `CREATE SEQUENCE "My Schema"."Counter ""C""" AS bigint INCREMENT BY -1 MINVALUE -9223372036854775808 MAXVALUE -5 START WITH -5 CACHE 10 CYCLE`,
    );
    const to: SequenceDef = {
      ...seq,
      name: "renamed",
      dataType: "integer",
      minValue: "-1000",
      cycle: false,
      ownedBy: { table: ref("My Schema.counted"), column: "n" },
    };
    await roundTrip(
      client,
      { kind: "alterSequence", from: seq, to },
      [
        // Its bounds narrow (MINVALUE raised): the ALTER runs in a block that first restarts the sequence where
        // its value is outside them and a restart hands out nothing again (src/sql/sequence-bounds.ts).
        [
          "DO $autogen_seq$",
          "DECLARE",
          `  s pg_catalog.regclass := '"My Schema"."Counter ""C"""'::regclass;`,
          "BEGIN",
          "  IF s IS NULL THEN RETURN; END IF;",
          "  DECLARE",
          "    outside boolean;",
          "    behind boolean;",
          "    last numeric;",
          "  BEGIN",
          "    EXECUTE pg_catalog.format('SELECT last_value < -1000 OR last_value > -5, NOT is_called OR (-1 > 0 AND last_value < -1000) " +
            "OR (-1 < 0 AND last_value > -5), last_value FROM %s', s) INTO outside, behind, last;",
          "    IF outside AND NOT behind THEN",
          `      RAISE EXCEPTION 'sequence My Schema.Counter "C" stands at %, outside its new bounds (MINVALUE -1000, MAXVALUE -5), and restarting ` +
            "it at its new START -5 could hand out values it has handed out already: set it by hand (setval) to a value inside the new bounds " +
            "before this migration, or keep the old bounds', last;",
          "    END IF;",
          "    IF outside THEN EXECUTE pg_catalog.format('ALTER SEQUENCE %s AS integer INCREMENT BY -1 MINVALUE -1000 MAXVALUE -5 START WITH -5 RESTART', s); END IF;",
          "  END;",
          `  EXECUTE pg_catalog.format('ALTER SEQUENCE %s AS integer MINVALUE -1000 NO CYCLE OWNED BY "My Schema"."counted"."n"', s);`,
          "END",
          "$autogen_seq$",
        ].join("\n"),
        `ALTER SEQUENCE "My Schema"."Counter ""C""" RENAME TO "renamed"`,
      ],
      (after) => {
        expect(linesWith(after.sequences, "renamed")).toEqual([
          `"My Schema".renamed AS integer -5 -1 -1000 -5 10 false OWNED BY "My Schema".counted.n`,
        ]);
      },
    );
  });

  it("drops a sequence and recreates it from existing", async () => {
    await roundTrip(client, { kind: "dropSequence", sequence: seq, existing: seq }, [
      `DROP SEQUENCE "My Schema"."Counter ""C"""`,
    ]);
  });
});

describe("execute", () => {
  it("passes SQL and parameters through, and runs reverseSql backwards", async () => {
    expect(compileOperation({ kind: "execute", sql: "SELECT $1::text", params: ["a'b"] })).toEqual([
      { sql: "SELECT $1::text", params: ["a'b"], transactional: true },
    ]);
    await roundTrip(
      client,
      { kind: "execute", sql: "CREATE TABLE raw_t (a int)", reverseSql: "DROP TABLE raw_t" },
      ["CREATE TABLE raw_t (a int)"],
      (after) => expect(after.tables).toContain("raw_t"),
    );
  });
});
