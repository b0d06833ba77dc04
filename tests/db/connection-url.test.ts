import { parseDatabaseUrl, redactDatabaseUrl, scrubSecrets } from "../../src/db/connection-url";
import { describeTarget } from "../../src/db/connection-target";
import { InvalidDatabaseUrlError } from "../../src/db/database-errors";

describe("parseDatabaseUrl", () => {
  it("hides the password of the user-info part", () => {
    expect(redactDatabaseUrl("postgresql://app:s3cret@db.internal:5433/shop?sslmode=require")).toBe(
      "postgresql://app:***@db.internal:5433/shop?sslmode=require",
    );
  });

  it("hides a password given as a parameter and leaves the other parameters as written", () => {
    const parsed = parseDatabaseUrl("postgres://app@localhost/shop?host=/run/postgresql&password=p%40ss&application_name=x");
    expect(parsed.redacted).toBe("postgres://app@localhost/shop?host=/run/postgresql&password=***&application_name=x");
    expect(parsed.secrets).toEqual(["p@ss"]);
  });

  it("collects the raw and the decoded form of a percent-encoded password", () => {
    const parsed = parseDatabaseUrl("postgresql://app:p%40ss%2Fw0rd@h/db");
    expect(parsed.redacted).toBe("postgresql://app:***@h/db");
    expect(parsed.secrets).toEqual(["p%40ss%2Fw0rd", "p@ss/w0rd"]);
  });

  it("leaves a URL without a password unchanged", () => {
    expect(redactDatabaseUrl("postgresql://app@localhost:5432/shop")).toBe("postgresql://app@localhost:5432/shop");
  });

  it("hides the password of a keyword/value string, quoted or not", () => {
    expect(redactDatabaseUrl("host=localhost password=topsecret dbname=x")).toBe("host=localhost password=*** dbname=x");
    const parsed = parseDatabaseUrl("host=h password = 'it\\'s secret' user=u");
    expect(parsed.redacted).toBe("host=h password = *** user=u");
    expect(parsed.secrets).toEqual(["it's secret"]);
  });

  it("rejects what is not a connection string without repeating it", () => {
    expect(() => parseDatabaseUrl("localhost:5432/topsecret")).toThrow(InvalidDatabaseUrlError);
    expect(() => parseDatabaseUrl("localhost:5432/topsecret")).not.toThrow(/topsecret/);
    expect(() => parseDatabaseUrl("host=localhost passwd=topsecret")).not.toThrow(/topsecret/);
    expect(() => parseDatabaseUrl("http://u:topsecret@h/db")).toThrow(/scheme is "http"/);
  });
});

describe("scrubSecrets and describeTarget", () => {
  it("replaces secrets of 4 characters or more", () => {
    expect(scrubSecrets("bad password hunter2 for hunter2", ["hunter2", "pw"])).toBe("bad password *** for ***");
  });

  it("names TCP, IPv6 and socket targets", () => {
    expect(describeTarget({ host: "db", port: 5432, database: "shop", user: "app" })).toBe(
      'db:5432, database "shop" as user "app"',
    );
    expect(describeTarget({ host: "::1", port: 5432, database: "d", user: "u" })).toBe('[::1]:5432, database "d" as user "u"');
    expect(describeTarget({ host: "/run/postgresql", port: 5432, database: "d", user: "u" })).toBe(
      'socket /run/postgresql (port 5432), database "d" as user "u"',
    );
  });
});

describe("a URL that does not parse", () => {
  it.each([
    ["postgresql://app:s3cret@db:99999/shop", "port 99999 is not a valid port (1 to 65535)"],
    ["postgresql://app:s3cret@[::1]:70000/shop", "port 70000 is not a valid port (1 to 65535)"],
    ["postgresql://app:s3cret@db:5x32/shop", 'the port "5x32" is not a number'],
    ["postgresql://app:p/w0rd:x@db:5432/shop", "it cannot be parsed as a URL (a password with reserved characters such as @, / or # must be percent-encoded)"],
  ])("%s: says what is wrong, without the password", (url, reason) => {
    expect(() => parseDatabaseUrl(url)).toThrow(`The database URL is not valid: ${reason}.`);
    expect(() => parseDatabaseUrl(url)).not.toThrow(/s3cret|w0rd/);
  });

  it("reads a # in the password as libpq does (part of the password), and hides it", () => {
    const parsed = parseDatabaseUrl("postgresql://app:p#w0rd@db:5432/shop");
    expect(parsed.redacted).toBe("postgresql://app:***@db:5432/shop");
    expect(parsed.info.params.get("password")).toBe("p#w0rd");
  });
});
