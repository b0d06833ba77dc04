#!/usr/bin/env node
// `npm run demo`: the main job on the embedded database, with no PostgreSQL server. Works on a copy of the
// example project in .tmp/demo (git-ignored), so the repository itself is left as it is.
"use strict";
const { execFileSync } = require("node:child_process");
const fs = require("node:fs");
const path = require("node:path");

const root = path.join(__dirname, "..");
const demo = path.join(root, ".tmp", "demo");
const autogen = path.join(root, "bin", "autogen.js");
const env = { ...process.env };
delete env.DATABASE_URL; // the point: no server at all

function step(title, args, { allowExit = [0] } = {}) {
  process.stdout.write(`\n$ autogen ${args.join(" ")}    # ${title}\n`);
  try {
    execFileSync(process.execPath, [autogen, ...args], { cwd: demo, env, stdio: "inherit" });
  } catch (error) {
    if (!allowExit.includes(error.status)) {
      process.stderr.write(`demo: "autogen ${args.join(" ")}" exited with ${error.status}\n`);
      process.exit(1);
    }
  }
}

fs.rmSync(demo, { recursive: true, force: true });
fs.mkdirSync(demo, { recursive: true });
fs.cpSync(path.join(root, "fixtures", "memstack"), path.join(demo, "fixtures", "memstack"), { recursive: true });
fs.cpSync(path.join(root, "migrations"), path.join(demo, "migrations"), { recursive: true });
fs.copyFileSync(path.join(root, "autogen.config.ts"), path.join(demo, "autogen.config.ts"));
process.stdout.write(`Example project copied to ${path.relative(process.cwd(), demo) || demo}\n`);

step("apply the example's history to the embedded database", ["upgrade", "head"]);
step("where the database is", ["current"]);

const entity = path.join(demo, "fixtures", "memstack", "memory.entity.ts");
const text = fs.readFileSync(entity, "utf8");
const edited = text.replace(
  '  @CreateDateColumn({ name: "created_at", type: "timestamptz" })',
  '  @Column({ type: "smallint", default: 0 })\n  priority: number;\n\n  @CreateDateColumn({ name: "created_at", type: "timestamptz" })',
);
if (edited === text) throw new Error("demo: could not edit memory.entity.ts");
fs.writeFileSync(entity, edited);
process.stdout.write("\nEdited fixtures/memstack/memory.entity.ts: added `priority smallint default 0`.\n");

step("autogenerate a migration from the edited entity", ["-m", "add priority to memories"]);
const created = fs.readdirSync(path.join(demo, "migrations")).find((f) => f.endsWith("_add_priority_to_memories.ts"));
process.stdout.write(`\n----- migrations/${created} -----\n`);
process.stdout.write(fs.readFileSync(path.join(demo, "migrations", created), "utf8"));
process.stdout.write("-----\n");

step("apply it", ["upgrade", "head"]);
step("the history, with the current revision marked", ["history", "--indicate-current"]);
step("entities and database agree", ["check"]);
step("the SQL a DBA would run for the whole history", ["upgrade", "head", "--sql"]);
process.stdout.write(`\nDone. The embedded database is in ${path.relative(process.cwd(), path.join(demo, ".autogen"))}.\n`);
