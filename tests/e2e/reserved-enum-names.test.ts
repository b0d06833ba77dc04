/**
 * Enum types named by reserved words (`user`, `order`) and a mixed-case name, end to end through the CLI
 * on PostgreSQL 15: autogenerate, upgrade, a second check that finds nothing, a label added in place, and
 * a downgrade to base that removes every type.
 */
import fs from "node:fs";
import path from "node:path";
import { createTestDatabase, type TestDatabase } from "../support/test-db";
import { cli, tempProject } from "../cli/cli-support";

const entity = (roleLabels: string) => `
import { Column, Entity, PrimaryGeneratedColumn } from "typeorm";

@Entity({ name: "accounts" })
export class Account {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: "enum", enum: [${roleLabels}], enumName: "user", default: "member" })
  role: string;

  @Column({ type: "enum", enum: ["asc", "desc"], enumName: "order", nullable: true })
  sort: string | null;

  @Column({ type: "enum", enum: ["a", "b"], enumName: "MixedCase", array: true, default: ["a"] })
  tags: string[];
}
`;

describe("enum types named user, order and MixedCase", () => {
  let db: TestDatabase;
  let dir: string;
  let env: Record<string, string>;
  beforeAll(async () => {
    db = await createTestDatabase("kw");
    dir = tempProject({ "autogen.config.json": JSON.stringify({ entities: ["entities/*.ts"] }) });
    env = { DATABASE_URL: db.url };
    fs.mkdirSync(path.join(dir, "entities"));
  });
  afterAll(async () => {
    await db.drop();
  });

  const types = async () =>
    (await db.query(`SELECT typname FROM pg_type WHERE typtype = 'e' ORDER BY 1`)).map((r: any) => r.typname);

  it("are created, applied, settle, change in place and are dropped again", async () => {
    fs.writeFileSync(path.join(dir, "entities", "account.ts"), entity(`"admin", "member"`));
    const first = await cli(["-m", "accounts", "--rev-id", "aaa111"], dir, env);
    expect(first.stderr).toBe("");
    expect(first.code).toBe(0);
    const up = await cli(["upgrade", "head"], dir, env);
    expect(up.stderr).toBe("");
    expect(up.code).toBe(0);
    expect(await types()).toEqual(["MixedCase", "order", "user"]);
    await db.query(`INSERT INTO accounts (sort) VALUES ('desc')`);
    expect(await db.query(`SELECT role::text, sort::text, tags::text FROM accounts`)).toEqual([
      { role: "member", sort: "desc", tags: "{a}" },
    ]);
    const check = await cli(["check"], dir, env);
    expect(check.stdout).not.toMatch(/Detected/);
    expect(check.code).toBe(0);

    fs.writeFileSync(path.join(dir, "entities", "account.ts"), entity(`"admin", "member", "guest"`));
    const second = await cli(["-m", "guest", "--rev-id", "bbb222"], dir, env);
    // The one honest marker: the downgrade removes the label again, which fails on rows holding it.
    expect(second.stderr).toBe(
      `WARNING: in the downgrade: removes label 'guest' from enum user; rows that hold it make the migration fail.\n`,
    );
    expect(second.code).toBe(0);
    expect((await cli(["upgrade", "head"], dir, env)).code).toBe(0);
    expect(await db.query(`SELECT enum_range(NULL::"user")::text AS r`)).toEqual([{ r: "{admin,member,guest}" }]);
    expect((await cli(["check"], dir, env)).code).toBe(0);
    expect(await db.query(`SELECT role::text, sort::text FROM accounts`)).toEqual([{ role: "member", sort: "desc" }]);

    const down = await cli(["downgrade", "base"], dir, env);
    expect(down.stderr).toBe("");
    expect(down.code).toBe(0);
    expect(await types()).toEqual([]);
  });
});
