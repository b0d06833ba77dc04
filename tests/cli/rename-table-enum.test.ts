/**
 * A table rename carries the enum types TypeORM named after the table (`users_role_enum` becomes
 * `people_role_enum`, same labels). On PostgreSQL 15, with rows.
 */
import fs from "node:fs";
import path from "node:path";
import { createTestDatabase, type TestDatabase } from "../support/test-db";
import { cli, migrationFiles, tempProject } from "./cli-support";

const USER_ENTITY = `
import { Column, Entity, PrimaryGeneratedColumn } from "typeorm";

export enum Role {
  Admin = "admin",
  Member = "member",
}

@Entity({ name: "users" })
export class User {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: "enum", enum: Role, default: Role.Member })
  role: Role;
}
`;

let db: TestDatabase;

afterEach(async () => {
  await db.drop();
});

// [known failure] The comparison has no way to rename an enum type: the renamed table's enum is compared
// as a dropped type and a created one, so the migration creates people_role_enum, re-casts the column
// through text (a table rewrite under ACCESS EXCLUSIVE, marked DESTRUCTIVE although the labels are the
// same) and drops users_role_enum, where `ALTER TYPE ... RENAME TO` would do (as TypeORM's own
// renameTable does). The rows survive either way. A fix needs a renameEnum operation (op API, compile,
// invert, phases, lint facts, render) and the rename carried into the column types and defaults of
// `from` (src/compare/rename-rewrite.ts).
it.failing("[known failure] renaming a table renames its enum type instead of re-creating it and re-casting the column", async () => {
  db = await createTestDatabase("ren_enum");
  const dir = tempProject({
    "autogen.config.json": JSON.stringify({ entities: ["entities/*.ts"], databaseUrl: db.url }),
    "entities/user.ts": USER_ENTITY,
  });
  expect((await cli(["-m", "create users"], dir)).code).toBe(0);
  expect((await cli(["upgrade", "head"], dir)).code).toBe(0);
  await db.query("INSERT INTO users (role) VALUES ('admin'), ('member')");

  fs.writeFileSync(path.join(dir, "entities/user.ts"), USER_ENTITY.replace('name: "users"', 'name: "people"'));
  const r = await cli(["-m", "to people", "--rename", "users=people"], dir);
  expect(r.code).toBe(0);
  expect(r.stderr).not.toContain("destructive change");
  const file = fs.readFileSync(path.join(dir, "migrations", migrationFiles(dir).find((f) => f.includes("to_people"))!), "utf8");
  expect(file).toContain('await op.renameTable("users", "people");');
  expect(file).not.toContain("alterColumn");
  expect(file).not.toContain("dropEnum");
  expect((await cli(["upgrade", "head"], dir)).code).toBe(0);
  expect(await db.query("SELECT role::text FROM people ORDER BY id")).toEqual([{ role: "admin" }, { role: "member" }]);
  expect((await cli(["check"], dir)).code).toBe(0);
});
