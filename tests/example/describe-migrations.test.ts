/**
 * The jest helper users put in their own suite (`import { describeMigrations } from "pg-autogen/testing"`),
 * run here on the example project with no server: it registers one test per check, and they pass, all
 * on one start of the embedded server.
 */
import path from "node:path";
import { describeMigrations } from "pg-autogen/testing";
import { serverStats } from "../../src/db/pg-server";

const startsBefore = serverStats.starts;

describeMigrations({ cwd: path.join(__dirname, "..", ".."), env: { ...process.env, DATABASE_URL: undefined } });

describe("the checks above", () => {
  it("shared one start of the embedded server", () => {
    expect(serverStats.starts - startsBefore).toBe(1);
  });
});
