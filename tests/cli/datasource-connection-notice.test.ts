/**
 * A config that names a DataSource and no database URL: the embedded database is used (as for every
 * project without a URL), and its notice says that the DataSource's own connection settings are not,
 * so that nobody migrates the embedded database believing it was the DataSource's.
 */
import { cli, tempProject } from "./cli-support";

const DATA_SOURCE = `
import { DataSource } from "typeorm";
export default new DataSource({ type: "postgres", host: "db.example.com", database: "app", entities: [] });
`;

it("says the DataSource's connection is not used when the embedded database is", async () => {
  const dir = tempProject({
    "autogen.config.json": JSON.stringify({ dataSource: "src/data-source.ts", migrations: "migrations" }),
    "src/data-source.ts": DATA_SOURCE,
    "migrations/.keep": "",
  });
  const r = await cli(["current"], dir);
  expect(r.code).toBe(0);
  // The notice's first part depends on the engine that could run here (see tests/db).
  expect(r.stderr).toMatch(/^Using the embedded .* DATABASE_URL to use a server\. The DataSource in /);
  expect(r.stderr).toContain(
    "The DataSource in " +
      `${dir}/src/data-source.ts gives the entities and their naming only: its connection settings are not used. ` +
      "To migrate its database, give its URL (databaseUrl in the config, DATABASE_URL or --url).",
  );
}, 120_000);

it("says nothing of a DataSource when the config names entities", async () => {
  const dir = tempProject({
    "autogen.config.json": JSON.stringify({ entities: ["entities/*.ts"], migrations: "migrations" }),
    "migrations/.keep": "",
  });
  const r = await cli(["current"], dir);
  expect(r.code).toBe(0);
  expect(r.stderr).toMatch(/^Using the embedded /);
  expect(r.stderr).not.toContain("DataSource");
}, 120_000);
