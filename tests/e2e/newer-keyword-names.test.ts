/**
 * Names that are keywords of a newer PostgreSQL only: `json`, `json_table` and `system_user` are plain
 * names to PostgreSQL 15, which prints them bare, and keywords to 16 and 17 (SQL/JSON, SYSTEM_USER),
 * which quote them in `pg_get_indexdef` and `format_type`. An entity's index on a column named `json` and
 * an enum named `system_user` must settle on whatever server the suite runs on: autogenerate, upgrade,
 * and a check that finds nothing.
 */
import fs from "node:fs";
import path from "node:path";
import { createTestDatabase, type TestDatabase } from "../support/test-db";
import { cli, tempProject } from "../cli/cli-support";

const ENTITY = `
import { Column, Entity, Index, PrimaryGeneratedColumn } from "typeorm";

@Entity({ name: "documents" })
@Index("documents_json_idx", ["json"])
@Index("documents_pair_idx", ["json_table", "system_user"])
export class Document {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: "text" })
  json: string;

  @Column({ type: "text" })
  json_table: string;

  @Column({ type: "enum", enum: ["a", "b"], enumName: "system_user" })
  system_user: string;
}
`;

describe("names that only newer servers take as keywords", () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase("kw");
  });
  afterAll(async () => {
    await db.drop();
  });

  it("settle: an index on json, json_table and system_user columns and an enum named system_user", async () => {
    const dir = tempProject({ "autogen.config.json": JSON.stringify({ entities: ["entities/*.ts"] }), "entities/document.ts": ENTITY });
    const env = { DATABASE_URL: db.url };
    const first = await cli(["-m", "documents", "--rev-id", "aaa111"], dir, env);
    expect(first.stderr).toBe("");
    expect(first.code).toBe(0);
    const up = await cli(["upgrade", "head"], dir, env);
    expect(up.stderr).toBe("");
    expect(up.code).toBe(0);
    const check = await cli(["check"], dir, env);
    expect(check.stdout).not.toMatch(/Detected/);
    expect(check.code).toBe(0);
  });
});
