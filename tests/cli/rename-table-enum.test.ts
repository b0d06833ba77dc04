/**
 * A table or column rename carries the enum types TypeORM named after them (`users_role_enum` becomes
 * `people_role_enum`, or `users_kind_enum`) with `ALTER TYPE ... RENAME TO`, and the downgrade renames
 * them back. On PostgreSQL 15, with rows.
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

/** A project on `db` with table users (rows 'admin' and 'member') migrated to head. */
async function usersProject(): Promise<string> {
  db = await createTestDatabase("ren_enum");
  const dir = tempProject({
    "autogen.config.json": JSON.stringify({ entities: ["entities/*.ts"], databaseUrl: db.url }),
    "entities/user.ts": USER_ENTITY,
  });
  expect((await cli(["-m", "create users"], dir)).code).toBe(0);
  expect((await cli(["upgrade", "head"], dir)).code).toBe(0);
  await db.query("INSERT INTO users (role) VALUES ('admin'), ('member')");
  return dir;
}

function migration(dir: string, slug: string): string {
  return fs.readFileSync(path.join(dir, "migrations", migrationFiles(dir).find((f) => f.includes(slug))!), "utf8");
}

/** The enum types of the database (name and labels), and the type and default of the role column. */
async function enumState(table: string, column: string): Promise<unknown> {
  const types = await db.query(
    `SELECT t.typname, array_agg(e.enumlabel ORDER BY e.enumsortorder)::text AS labels
       FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid GROUP BY t.typname ORDER BY t.typname`,
  );
  const columns = await db.query(
    `SELECT format_type(a.atttypid, a.atttypmod) AS type, pg_get_expr(d.adbin, d.adrelid) AS "default"
       FROM pg_attribute a LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
      WHERE a.attrelid = $1::regclass AND a.attname = $2`,
    [table, column],
  );
  return { types, columns };
}

/** The downgrade's end: `users.role` of type `users_role_enum` with its first labels and default again. */
async function expectUsersRoleEnumAsCreated(): Promise<void> {
  expect(await enumState("users", "role")).toEqual({
    types: [{ typname: "users_role_enum", labels: "{admin,member}" }],
    columns: [{ type: "users_role_enum", default: "'member'::users_role_enum" }],
  });
}

it("renaming a table renames its enum type instead of re-creating it and re-casting the column", async () => {
  const dir = await usersProject();
  fs.writeFileSync(path.join(dir, "entities/user.ts"), USER_ENTITY.replace('name: "users"', 'name: "people"'));
  const r = await cli(["-m", "to people", "--rename", "users=people"], dir);
  expect(r.code).toBe(0);
  expect(r.stderr).not.toContain("destructive change");
  const file = migration(dir, "to_people");
  expect(file).toContain('await op.renameTable("users", "people");');
  expect(file).not.toContain("alterColumn");
  expect(file).not.toContain("dropEnum");
  expect((await cli(["upgrade", "head"], dir)).code).toBe(0);
  expect(await db.query("SELECT role::text FROM people ORDER BY id")).toEqual([{ role: "admin" }, { role: "member" }]);
  expect((await cli(["check"], dir)).code).toBe(0);
});

it("the downgrade of a table rename renames its enum type back, keeping the rows", async () => {
  const dir = await usersProject();
  fs.writeFileSync(path.join(dir, "entities/user.ts"), USER_ENTITY.replace('name: "users"', 'name: "people"'));
  expect((await cli(["-m", "to people", "--rename", "users=people"], dir)).code).toBe(0);
  const file = migration(dir, "to_people");
  expect(file).toContain('await op.renameEnum("users_role_enum", "people_role_enum");');
  expect(file).toContain('await op.renameEnum("people_role_enum", "users_role_enum");');
  expect((await cli(["upgrade", "head"], dir)).code).toBe(0);
  expect(await enumState("people", "role")).toEqual({
    types: [{ typname: "people_role_enum", labels: "{admin,member}" }],
    columns: [{ type: "people_role_enum", default: "'member'::people_role_enum" }],
  });

  expect((await cli(["downgrade", "-1"], dir)).code).toBe(0);
  await expectUsersRoleEnumAsCreated();
  expect(await db.query("SELECT role::text FROM users ORDER BY id")).toEqual([{ role: "admin" }, { role: "member" }]);
});

it("renaming a column renames the enum type TypeORM names after it", async () => {
  const dir = await usersProject();
  fs.writeFileSync(path.join(dir, "entities/user.ts"), USER_ENTITY.replace("role: Role;", "kind: Role;"));
  const r = await cli(["-m", "to kind", "--rename", "users.role=kind"], dir);
  expect(r.code).toBe(0);
  expect(r.stderr).not.toContain("destructive change");
  const file = migration(dir, "to_kind");
  expect(file).toContain('await op.renameColumn("users", "role", "kind");');
  expect(file).toContain('await op.renameEnum("users_role_enum", "users_kind_enum");');
  expect(file).not.toContain("alterColumn");
  expect(file).not.toContain("dropEnum");
  expect((await cli(["upgrade", "head"], dir)).code).toBe(0);
  expect(await db.query("SELECT kind::text FROM users ORDER BY id")).toEqual([{ kind: "admin" }, { kind: "member" }]);
  expect((await cli(["check"], dir)).code).toBe(0);

  expect((await cli(["downgrade", "-1"], dir)).code).toBe(0);
  await expectUsersRoleEnumAsCreated();
});

it("a table rename that also adds a label renames the enum type first, then adds the label in place", async () => {
  const dir = await usersProject();
  const renamed = USER_ENTITY.replace('name: "users"', 'name: "people"').replace('Member = "member",', 'Member = "member",\n  Guest = "guest",');
  fs.writeFileSync(path.join(dir, "entities/user.ts"), renamed);
  const r = await cli(["-m", "to people", "--rename", "users=people"], dir);
  expect(r.code).toBe(0);
  const file = migration(dir, "to_people");
  expect(file).not.toContain("alterColumn");
  expect(file).not.toContain("dropEnum");
  const upgrade = file.slice(0, file.indexOf("downgrade"));
  expect(upgrade.indexOf('op.renameEnum("users_role_enum", "people_role_enum")')).toBeGreaterThanOrEqual(0);
  expect(upgrade.indexOf('op.renameEnum(')).toBeLessThan(upgrade.indexOf('op.alterEnum("people_role_enum"'));
  expect((await cli(["upgrade", "head"], dir)).code).toBe(0);
  expect(await enumState("people", "role")).toEqual({
    types: [{ typname: "people_role_enum", labels: "{admin,member,guest}" }],
    columns: [{ type: "people_role_enum", default: "'member'::people_role_enum" }],
  });
  expect((await cli(["check"], dir)).code).toBe(0);

  expect((await cli(["downgrade", "-1"], dir)).code).toBe(0);
  await expectUsersRoleEnumAsCreated();
  expect(await db.query("SELECT role::text FROM users ORDER BY id")).toEqual([{ role: "admin" }, { role: "member" }]);
});

it("a table rename that also reorders the labels renames the enum type first, then rebuilds it on the renamed table", async () => {
  const dir = await usersProject();
  const renamed = USER_ENTITY.replace('name: "users"', 'name: "people"').replace(
    'Admin = "admin",\n  Member = "member",',
    'Member = "member",\n  Admin = "admin",',
  );
  fs.writeFileSync(path.join(dir, "entities/user.ts"), renamed);
  expect((await cli(["-m", "to people", "--rename", "users=people"], dir)).code).toBe(0);
  const file = migration(dir, "to_people");
  const upgrade = file.slice(0, file.indexOf("downgrade"));
  expect(upgrade).toContain('await op.renameEnum("users_role_enum", "people_role_enum");');
  expect(upgrade).toContain('usages: [{ table: "people", column: "role", default: "\'member\'::public.people_role_enum" }]');
  expect(file).not.toContain("dropEnum");
  expect((await cli(["upgrade", "head"], dir)).code).toBe(0);
  expect(await enumState("people", "role")).toEqual({
    types: [{ typname: "people_role_enum", labels: "{member,admin}" }],
    columns: [{ type: "people_role_enum", default: "'member'::people_role_enum" }],
  });
  expect(await db.query("SELECT role::text FROM people ORDER BY id")).toEqual([{ role: "admin" }, { role: "member" }]);
  expect((await cli(["check"], dir)).code).toBe(0);

  expect((await cli(["downgrade", "-1"], dir)).code).toBe(0);
  await expectUsersRoleEnumAsCreated();
  expect(await db.query("SELECT role::text FROM users ORDER BY id")).toEqual([{ role: "admin" }, { role: "member" }]);
});
