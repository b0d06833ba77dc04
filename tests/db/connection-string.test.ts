/**
 * libpq's two connection string forms (PostgreSQL docs, "Connection Strings"): URIs and keyword/value
 * strings, parsed into keywords and a host list, and what the driver is given for each host.
 */
import { clientConfigs, parseConnectionString } from "../../src/db/connection-string";
import { InvalidDatabaseUrlError } from "../../src/db/database-errors";

function parsed(text: string) {
  const info = parseConnectionString(text);
  return { hosts: info.hosts, params: Object.fromEntries(info.params) };
}

describe("URIs", () => {
  it("takes a Unix socket directory from the host parameter when the host part is empty", () => {
    expect(parsed("postgresql://app@/shop?host=/var/run/postgresql&port=5433")).toEqual({
      hosts: [{ host: "/var/run/postgresql", port: 5433 }],
      params: { user: "app", dbname: "shop", host: "/var/run/postgresql", port: "5433" },
    });
  });

  it("takes a percent-encoded socket directory in the host part", () => {
    expect(parsed("postgresql://%2Fvar%2Frun%2Fpostgresql/shop").hosts).toEqual([{ host: "/var/run/postgresql", port: null }]);
  });

  it("accepts an empty URI, an empty host and no database", () => {
    expect(parsed("postgresql://")).toEqual({ hosts: [{ host: null, port: null }], params: {} });
    expect(parsed("postgres:///shop")).toEqual({ hosts: [{ host: null, port: null }], params: { dbname: "shop" } });
    expect(parsed("postgresql://db.internal")).toEqual({
      hosts: [{ host: "db.internal", port: null }],
      params: { host: "db.internal" },
    });
  });

  it("decodes user, password and database, and brackets off an IPv6 host", () => {
    expect(parsed("postgresql://us%20er:p%40ss%2Fw@[::1]:6543/my%20db")).toEqual({
      hosts: [{ host: "::1", port: 6543 }],
      params: { user: "us er", password: "p@ss/w", host: "::1", port: "6543", dbname: "my db" },
    });
  });

  it("takes several hosts, each with its port or the default", () => {
    expect(parsed("postgresql://h1:5432,h2,[::1]:5434/shop?target_session_attrs=read-write").hosts).toEqual([
      { host: "h1", port: 5432 },
      { host: "h2", port: null },
      { host: "::1", port: 5434 },
    ]);
  });

  it("lets a query parameter override the path (dbname) and maps ssl=true to sslmode=require", () => {
    expect(parsed("postgresql://h/a?dbname=b&ssl=true").params).toEqual({ host: "h", dbname: "b", sslmode: "require" });
  });

  it("refuses an unknown query parameter, naming it but not the URI", () => {
    expect(() => parseConnectionString("postgresql://u:topsecret@h/db?colour=blue")).toThrow(InvalidDatabaseUrlError);
    expect(() => parseConnectionString("postgresql://u:topsecret@h/db?colour=blue")).toThrow(/"colour"/);
    expect(() => parseConnectionString("postgresql://u:topsecret@h/db?colour=blue")).not.toThrow(/topsecret/);
  });

  it("refuses a port that is not a number and a bad percent-encoding", () => {
    expect(() => parseConnectionString("postgresql://h:54x2/db")).toThrow(/the port "54x2" is not a number/);
    expect(() => parseConnectionString("postgresql://h/d%zzb")).toThrow(/percent/);
  });

  it("refuses another scheme", () => {
    expect(() => parseConnectionString("mysql://u@h/db")).toThrow(/scheme is "mysql"/);
  });
});

describe("keyword/value strings", () => {
  it("reads keywords, spaces around =, quoted values and escapes", () => {
    expect(parsed(`host=/tmp/sock port = 5433 dbname='my db' user=app password='it\\'s\\\\x'`)).toEqual({
      hosts: [{ host: "/tmp/sock", port: 5433 }],
      params: { host: "/tmp/sock", port: "5433", dbname: "my db", user: "app", password: "it's\\x" },
    });
  });

  it("reads comma-separated host and port lists", () => {
    expect(parsed("host=h1,h2 port=5432,5433").hosts).toEqual([
      { host: "h1", port: 5432 },
      { host: "h2", port: 5433 },
    ]);
    expect(parsed("host=h1,h2 port=5433").hosts).toEqual([
      { host: "h1", port: 5433 },
      { host: "h2", port: 5433 },
    ]);
  });

  it("refuses a port list of another length, a missing =, an unterminated quote and an unknown keyword", () => {
    expect(() => parseConnectionString("host=h1,h2,h3 port=1,2")).toThrow(/3 hosts but 2 ports/);
    expect(() => parseConnectionString("host=h dbname")).toThrow(/"dbname" is not followed by "="/);
    expect(() => parseConnectionString("host=h password='topsecret")).toThrow(/unterminated quoted value/);
    expect(() => parseConnectionString("host=h password='topsecret")).not.toThrow(/topsecret/);
    expect(() => parseConnectionString("host=h colour=blue")).toThrow(/unknown connection keyword "colour"/);
  });

  it("refuses text that is neither form", () => {
    expect(() => parseConnectionString("localhost")).toThrow(InvalidDatabaseUrlError);
    expect(() => parseConnectionString("")).toThrow(InvalidDatabaseUrlError);
  });
});

describe("what the driver is given", () => {
  it("one config per host, with the database, user, password and application name", () => {
    const configs = clientConfigs(
      parseConnectionString("postgresql://app:pw@/shop?host=/s1,/s2&port=5433&application_name=mine&connect_timeout=3"),
    );
    expect(configs).toEqual([
      expect.objectContaining({ host: "/s1", port: 5433, user: "app", password: "pw", database: "shop", application_name: "mine", connectionTimeoutMillis: 3000 }),
      expect.objectContaining({ host: "/s2", port: 5433, database: "shop" }),
    ]);
  });

  it("leaves what is not given to the driver's defaults (the PG* environment variables)", () => {
    const [config] = clientConfigs(parseConnectionString("postgresql://"));
    expect(config).toEqual({});
  });

  it("connects to hostaddr where one is given", () => {
    const [config] = clientConfigs(parseConnectionString("host=db.internal hostaddr=10.0.0.5 dbname=x"));
    expect(config).toEqual(expect.objectContaining({ host: "10.0.0.5", database: "x" }));
  });

  it("passes sslmode through the driver's own SSL rules and options as they are", () => {
    const [disabled] = clientConfigs(parseConnectionString("host=h sslmode=disable options='-c search_path=x'"));
    expect(disabled).toEqual(expect.objectContaining({ ssl: false, options: "-c search_path=x" }));
    const [libpq] = clientConfigs(parseConnectionString("postgresql://h/db?sslmode=require&uselibpqcompat=true"));
    expect(libpq).toEqual(expect.objectContaining({ ssl: { rejectUnauthorized: false } }));
  });

  it("refuses a keyword the driver cannot honour instead of ignoring it", () => {
    expect(() => clientConfigs(parseConnectionString("host=h service=prod"))).toThrow(/"service" is not supported/);
    expect(() => clientConfigs(parseConnectionString("host=h sslcrl=/x.crl"))).toThrow(/"sslcrl" is not supported/);
  });
});
