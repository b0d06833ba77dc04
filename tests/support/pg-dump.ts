/**
 * `pg_dump --schema-only`, normalised for comparison as shared/corpus/oracle/normalize.py does: comments,
 * blank lines, SET lines, set_config calls and the random `\restrict` lines dropped; optionally the lines
 * inside each CREATE TABLE sorted (ignore column order).
 */
import { execFile, execFileSync } from "node:child_process";
import path from "node:path";
import { clientBin } from "./pg-cluster";

export interface PgDumpOptions {
  /** Sort the lines inside each CREATE TABLE (ignore column order). */
  readonly ignoreColumnOrder?: boolean;
  /** Sort whole statements too: pg_dump breaks ties between objects by OID, i.e. creation order. */
  readonly ignoreStatementOrder?: boolean;
  readonly args?: string[];
  /** Keep the GRANT/REVOKE statements (by default they are left out with --no-privileges). */
  readonly privileges?: boolean;
  /** Keep ALTER ... OWNER TO (default: --no-owner). */
  readonly owners?: boolean;
}

/**
 * Security labels are left out (`--no-security-labels`): a label needs a label provider loaded into the
 * server (sepgsql), which the test clusters never have, so a dump holds none either way; leaving them out
 * spares pg_dump its `pg_seclabels` read, about a tenth of a small database's dump in server time
 * (8-11 ms of ~95 ms on PostgreSQL 15, measured on a database of two tables).
 */
function dumpArgs(url: string, options: PgDumpOptions): string[] {
  return [
    "--schema-only",
    "--no-security-labels",
    ...(options.owners ? [] : ["--no-owner"]),
    ...(options.privileges ? [] : ["--no-privileges"]),
    ...(options.args ?? []),
    url,
  ];
}

export function pgDump(url: string, options: PgDumpOptions = {}): string {
  return normaliseDump(execFileSync(clientBin("pg_dump"), dumpArgs(url, options), { encoding: "utf8" }), options);
}

/** `pgDump` without blocking the event loop, for tests that dump several databases at once. */
export function pgDumpAsync(url: string, options: PgDumpOptions = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(clientBin("pg_dump"), dumpArgs(url, options), { encoding: "utf8", maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error) reject(new Error(`pg_dump failed: ${stderr || error.message}`));
      else resolve(normaliseDump(stdout, options));
    });
  });
}

/** A dump, and the part of it about each schema (see `pgDumpBySchemaAsync`). */
export interface SchemaDumps {
  readonly whole: string;
  /** Schema name -> its objects' statements, normalised as the whole is; "" for what is in no schema. */
  readonly schemas: Readonly<Record<string, string>>;
}

/** pg_dump's heading of each object: `-- Name: items; Type: TABLE; Schema: app; Owner: -`. */
const HEADING = /^-- Name: (.*); Type: (.*); Schema: (.*); Owner: .*$/;

/**
 * `pgDumpAsync`, and the same dump cut into the part about each schema: the statements under each of
 * pg_dump's object headings go to the heading's schema; a schema itself (`CREATE SCHEMA`, its ACL and
 * comment) goes to its own. Lets cases that share a database, a schema each, compare dumps case by case.
 */
export function pgDumpBySchemaAsync(url: string, options: PgDumpOptions = {}): Promise<SchemaDumps> {
  return new Promise((resolve, reject) => {
    execFile(clientBin("pg_dump"), dumpArgs(url, options), { encoding: "utf8", maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error) return reject(new Error(`pg_dump failed: ${stderr || error.message}`));
      const parts = new Map<string, string[]>();
      let schema = "";
      for (const line of stdout.split("\n")) {
        const heading = HEADING.exec(line);
        if (heading) {
          const [, name, type, within] = heading;
          schema = within !== "-" ? within! : type === "SCHEMA" ? name! : /^SCHEMA /.test(name!) ? name!.slice("SCHEMA ".length) : "";
        }
        if (!parts.has(schema)) parts.set(schema, []);
        parts.get(schema)!.push(line);
      }
      const schemas = Object.fromEntries([...parts].map(([name, lines]) => [name, normaliseDump(lines.join("\n"), options)]));
      resolve({ whole: normaliseDump(stdout, options), schemas });
    });
  });
}

function normaliseDump(raw: string, options: PgDumpOptions): string {
  const lines = raw
    .split("\n")
    .map((l) => l.trimEnd())
    .filter(
      (s) =>
        s &&
        !s.startsWith("--") &&
        !s.startsWith("SET ") &&
        !s.startsWith("SELECT pg_catalog.set_config(") &&
        !s.startsWith("\\restrict ") &&
        !s.startsWith("\\unrestrict "),
    );
  if (!options.ignoreColumnOrder) return finish(lines, options);
  const out: string[] = [];
  let body: string[] | null = null;
  for (const s of lines) {
    if (body === null && s.startsWith("CREATE ") && s.includes(" TABLE ") && s.endsWith("(")) {
      out.push(s);
      body = [];
    } else if (body !== null && s.startsWith(")")) {
      out.push(...body.map((b) => b.replace(/,$/, "")).sort());
      out.push(s);
      body = null;
    } else if (body !== null) {
      body.push(s);
    } else {
      out.push(s);
    }
  }
  return finish(out, options);
}

function finish(lines: readonly string[], options: PgDumpOptions): string {
  if (!options.ignoreStatementOrder) return lines.join("\n") + "\n";
  const statements: string[] = [];
  let current: string[] = [];
  for (const line of lines) {
    current.push(line);
    if (line.endsWith(";")) {
      statements.push(current.join("\n"));
      current = [];
    }
  }
  if (current.length) statements.push(current.join("\n"));
  return statements.sort().join("\n") + "\n";
}
