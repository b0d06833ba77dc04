/**
 * Entity mode and what entities cannot describe, end to end on PostgreSQL 15: a trigger, its function
 * and a free-standing sequence in the database are left alone by `check` and `-m`, unless the config's
 * `manage` key asks for a kind; then what the entities lack of it is dropped (and the downgrade brings it
 * back).
 */
import fs from "node:fs";
import path from "node:path";
import { createTestDatabase, type TestDatabase } from "../support/test-db";
import { cli, migrationFiles, tempProject } from "./cli-support";

const NOTE = `
import { Column, Entity, PrimaryGeneratedColumn } from "typeorm";
@Entity({ name: "notes" })
export class Note {
  @PrimaryGeneratedColumn() id: number;
  @Column({ type: "text" }) body: string;
}
`;
const HAND_WRITTEN = `
CREATE SEQUENCE public.invoice_numbers START 1000;
CREATE FUNCTION public.notes_touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN NEW.body := trim(NEW.body); RETURN NEW; END $$;
CREATE TRIGGER notes_touch BEFORE INSERT ON public.notes FOR EACH ROW EXECUTE FUNCTION public.notes_touch();
`;

describe("the config's manage key in entity mode (PostgreSQL 15)", () => {
  let db: TestDatabase;
  let dir: string;
  beforeAll(async () => {
    db = await createTestDatabase("manage");
    dir = tempProject({
      "autogen.config.json": JSON.stringify({ entities: ["entities/*.ts"], migrations: "migrations", databaseUrl: db.url }),
      "entities/note.ts": NOTE,
    });
    expect((await cli(["-m", "notes", "--rev-id", "a1"], dir)).code).toBe(0);
    expect((await cli(["upgrade", "head"], dir)).code).toBe(0);
    await db.query(HAND_WRITTEN);
  });
  afterAll(async () => {
    await db.drop();
  });

  it("leaves the trigger, its function and the sequence alone by default", async () => {
    const check = await cli(["check"], dir);
    expect(check.stdout).toBe("No changes in schema detected.\n");
    expect(check.code).toBe(0);
  });

  it("drops the trigger when asked to manage triggers, and nothing else; the downgrade restores it", async () => {
    const config = path.join(dir, "autogen.config.json");
    fs.writeFileSync(config, JSON.stringify({ ...JSON.parse(fs.readFileSync(config, "utf8")), manage: ["triggers"] }));
    const check = await cli(["check"], dir);
    expect(check.code).toBe(1);
    expect(check.stdout).toContain("notes_touch");
    const written = await cli(["-m", "drop trigger", "--rev-id", "a2"], dir);
    expect(written.code).toBe(0);
    const text = fs.readFileSync(path.join(dir, "migrations", migrationFiles(dir).find((f) => f.includes("drop_trigger"))!), "utf8");
    expect(text).toContain("notes_touch");
    expect(text).not.toMatch(/invoice_numbers|dropFunction/);
    expect((await cli(["upgrade", "head"], dir)).code).toBe(0);
    expect(await db.query("SELECT tgname FROM pg_trigger WHERE NOT tgisinternal")).toEqual([]);
    expect(await db.query("SELECT count(*)::int AS n FROM pg_proc WHERE proname = 'notes_touch'")).toEqual([{ n: 1 }]);
    expect((await cli(["check"], dir)).code).toBe(0);
    expect((await cli(["downgrade", "-1"], dir)).code).toBe(0);
    expect(await db.query("SELECT tgname FROM pg_trigger WHERE NOT tgisinternal")).toEqual([{ tgname: "notes_touch" }]);
    await db.query("INSERT INTO notes (body) VALUES ('  padded  ')");
    expect(await db.query("SELECT body FROM notes")).toEqual([{ body: "padded" }]);
  }, 120_000);
});
