/**
 * The driver settings read from a DataSource's options (src/db/data-source-server.ts), against what
 * TypeORM's PostgresDriver hands node-postgres (`createPool`): credentials, the replication master, `url`
 * replacing the credentials, `extra` over the rest. Pure: the connections themselves are in
 * tests/cli/datasource-connection.test.ts.
 */
import { dataSourceServer } from "../../src/db/data-source-server";
import { InvalidDatabaseUrlError } from "../../src/db/database-errors";

const FILE = "/app/src/data-source.ts";

describe("dataSourceServer", () => {
  it("is null for options that name no server: the embedded database stands in", () => {
    expect(dataSourceServer({ type: "postgres", schema: "app", entities: [], url: undefined, host: undefined }, FILE)).toBeNull();
    expect(dataSourceServer({ type: "postgres", extra: { max: 5 } }, FILE)).toBeNull();
  });

  it("maps the credentials, ssl, connectTimeoutMS and applicationName to node-postgres's names", () => {
    const server = dataSourceServer(
      {
        type: "postgres",
        host: "db.internal",
        port: 6432,
        username: "app",
        password: "s3cret-pw",
        database: "shop",
        ssl: { rejectUnauthorized: false },
        connectTimeoutMS: 2500,
        applicationName: "shop-api",
        schema: "app",
      },
      FILE,
    )!;
    expect(server.configs).toEqual([
      {
        host: "db.internal",
        port: 6432,
        user: "app",
        password: "s3cret-pw",
        database: "shop",
        ssl: { rejectUnauthorized: false },
        connectionTimeoutMillis: 2500,
        application_name: "shop-api",
      },
    ]);
    expect(server.secrets).toEqual(["s3cret-pw"]);
    expect(server.description).toBeNull();
    expect(server.dataSourceFile).toBe(FILE);
  });

  it("lays extra over the rest, leaving out what changes how results are read", () => {
    const types = { getTypeParser: () => (value: string) => value };
    const server = dataSourceServer(
      { type: "postgres", host: "db", ssl: true, applicationName: "a", extra: { ssl: false, application_name: "b", keepAlive: true, types, binary: true } },
      FILE,
    )!;
    expect(server.configs).toEqual([{ host: "db", ssl: false, application_name: "b", keepAlive: true }]);
  });

  it("takes the replication master's credentials, not the options' nor a replica's", () => {
    const server = dataSourceServer(
      {
        type: "postgres",
        host: "ignored",
        replication: {
          master: { host: "primary", username: "app", password: "pw-primary", database: "shop", applicationName: "from-master" },
          slaves: [{ host: "replica", username: "app", password: "pw-replica", database: "shop" }],
        },
      },
      FILE,
    )!;
    expect(server.configs).toEqual([{ host: "primary", user: "app", password: "pw-primary", database: "shop", application_name: "from-master" }]);
  });

  it("url replaces host, port, username, password and database; its parameters win, the other options stay", () => {
    const server = dataSourceServer(
      {
        type: "postgres",
        url: "postgresql://web@db.example.com/shop?application_name=from-url",
        host: "ignored",
        port: 1,
        username: "ignored",
        password: "ignored-pw",
        database: "ignored",
        ssl: { rejectUnauthorized: false },
        applicationName: "from-options",
        extra: { keepAlive: true },
      },
      FILE,
    )!;
    // No password in the URL: none at all (the driver's defaults), as node-postgres does with a connection string.
    expect(server.configs).toEqual([
      { host: "db.example.com", user: "web", database: "shop", ssl: { rejectUnauthorized: false }, application_name: "from-url", keepAlive: true },
    ]);
    expect(server.description).toBe("postgresql://web@db.example.com/shop?application_name=from-url");
  });

  it("a url's password is a secret and is redacted from the description; extra.connectionString comes before url", () => {
    const server = dataSourceServer(
      { type: "postgres", url: "postgresql://old@old-host/old", extra: { connectionString: "postgresql://app:pa55-word@new-host:5433/shop?sslmode=disable" } },
      FILE,
    )!;
    expect(server.configs).toEqual([{ host: "new-host", port: 5433, user: "app", password: "pa55-word", database: "shop", ssl: false }]);
    expect(server.secrets).toEqual(["pa55-word"]);
    expect(server.description).toBe("postgresql://app:***@new-host:5433/shop?sslmode=disable");
  });

  it("a password function is handed to the driver, and what it answers becomes a secret", async () => {
    const server = dataSourceServer({ type: "postgres", host: "db", password: async () => "from-vault-1" }, FILE)!;
    expect(server.secrets).toEqual([]);
    const password = server.configs[0]!.password as () => Promise<string>;
    await expect(password()).resolves.toBe("from-vault-1");
    expect(server.secrets).toEqual(["from-vault-1"]);
  });

  it("an invalid url is a usage error naming the DataSource module, never repeating the url", () => {
    const error = (() => {
      try {
        dataSourceServer({ type: "postgres", url: "mysql://app:hunter22@db/shop" }, FILE);
      } catch (caught) {
        return caught as InvalidDatabaseUrlError;
      }
      throw new Error("no error");
    })();
    expect(error).toBeInstanceOf(InvalidDatabaseUrlError);
    expect(error.exitCode).toBe(2);
    expect(error.message).toBe(
      `The url of the DataSource in ${FILE} is not valid: its scheme is "mysql", expected postgresql or postgres. ` +
        `These connection settings are the DataSource's in ${FILE}, used because no database URL is set: correct ` +
        "them there, or set a database URL with --url, `databaseUrl` in the config file or the DATABASE_URL " +
        "environment variable, which takes precedence.",
    );
    expect(error.message).not.toContain("hunter22");
  });
});
