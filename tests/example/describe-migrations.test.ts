/**
 * The jest helper users put in their own suite (`import { describeMigrations } from "pg-autogen/testing"`),
 * run here on the example project with no server: it registers one test per check, and they pass.
 */
import path from "node:path";
import { describeMigrations } from "pg-autogen/testing";

describeMigrations({ cwd: path.join(__dirname, "..", ".."), env: { ...process.env, DATABASE_URL: undefined } });
