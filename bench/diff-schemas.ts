/**
 * The two databases `bench/diff.ts` compares: N tables shaped like the entity benchmark's (a serial key,
 * varchar, int with a default, numeric, boolean, timestamptz, text, an enum on every third table, a foreign
 * key to the previous table, a unique, a check and an index), one view per 10 tables, and a copy of it in
 * which a tenth of the tables are changed, each in one of ten ways (a column added, dropped, retyped, its
 * default or nullability changed; an index, check or foreign key changed; the table dropped; a new table).
 * As SQL scripts cut in batches, since 5,000 tables in one transaction exhaust the lock table.
 */

/** One change applied to every tenth table, in turn. */
const CHANGES = [
  (t: string) => [`ALTER TABLE ${t} ADD COLUMN extra text DEFAULT 'x'`],
  (t: string) => [`ALTER TABLE ${t} DROP COLUMN note`],
  (t: string) => [`ALTER TABLE ${t} ALTER COLUMN code TYPE varchar(64)`],
  (t: string) => [`ALTER TABLE ${t} ALTER COLUMN qty SET DEFAULT 7`],
  (t: string) => [`ALTER TABLE ${t} ALTER COLUMN price SET NOT NULL`],
  (t: string, i: number) => [`DROP INDEX ${idx(i)}`, `CREATE INDEX t_${pad(i)}_created_idx ON ${t} (created_at, qty)`],
  (t: string, i: number) => [`ALTER TABLE ${t} DROP CONSTRAINT ${chk(i)}`, `ALTER TABLE ${t} ADD CONSTRAINT ${chk(i)} CHECK (qty >= 1)`],
  (t: string, i: number) =>
    i === 0 ? [] : [`ALTER TABLE ${t} DROP CONSTRAINT ${fk(i)}`, `ALTER TABLE ${t} ADD CONSTRAINT ${fk(i)} FOREIGN KEY (parent_id) REFERENCES ${table(i - 1)} (id) ON DELETE CASCADE`],
  (t: string, i: number) => [`CREATE TABLE bench.new_${pad(i)} (id bigserial PRIMARY KEY, body jsonb, at timestamptz DEFAULT now())`],
  (t: string) => [`COMMENT ON TABLE ${t} IS 'changed'`],
];

const pad = (i: number): string => String(i).padStart(5, "0");
const table = (i: number): string => `bench.t_${pad(i)}`;
const idx = (i: number): string => `bench.t_${pad(i)}_created_idx`;
const chk = (i: number): string => `t_${pad(i)}_qty_check`;
const fk = (i: number): string => `t_${pad(i)}_parent_fkey`;

function createTable(i: number): string[] {
  const kind = i % 3 === 0 ? `kind bench.kind_${pad(i)} DEFAULT 'a'` : "kind varchar(16) DEFAULT 'plain'";
  const statements = i % 3 === 0 ? [`CREATE TYPE bench.kind_${pad(i)} AS ENUM ('a', 'b', 'c')`] : [];
  statements.push(
    `CREATE TABLE ${table(i)} (` +
      "id serial PRIMARY KEY, " +
      `name varchar(${40 + (i % 200)}) NOT NULL, ` +
      "code varchar(32), qty int DEFAULT 0, price numeric(10,2), active boolean DEFAULT true, " +
      "created_at timestamptz NOT NULL DEFAULT now(), note text, " +
      `${kind}, parent_id int, ` +
      `CONSTRAINT t_${pad(i)}_name_key UNIQUE (name), CONSTRAINT ${chk(i)} CHECK (qty >= 0)` +
      (i > 0 ? `, CONSTRAINT ${fk(i)} FOREIGN KEY (parent_id) REFERENCES ${table(i - 1)} (id)` : "") +
      ")",
    `CREATE INDEX t_${pad(i)}_created_idx ON ${table(i)} (created_at)`,
  );
  return statements;
}

function createView(i: number): string {
  return `CREATE VIEW bench.v_${pad(i)} AS SELECT id, name, qty FROM ${table(i)} WHERE active`;
}

/** The scripts, one transaction each, that build the "from" database. */
export function fromScripts(tables: number, batch = 250): string[] {
  return batches(["CREATE SCHEMA bench", ...range(tables).flatMap((i) => [...createTable(i), ...(i % 10 === 5 ? [createView(i)] : [])])], batch);
}

/**
 * The scripts that turn a copy of the "from" database into the "to" database: every tenth table changed
 * (`changed` of them in all), the views on changed tables recreated first where the change needs it.
 */
export function changeScripts(tables: number, changedShare: number, batch = 250): string[] {
  const step = Math.max(1, Math.round(1 / changedShare));
  const statements: string[] = [];
  let n = 0;
  for (let i = 0; i < tables; i += step) {
    const change = CHANGES[n++ % CHANGES.length]!;
    statements.push(...change(table(i), i));
  }
  // A dropped table: the last changed one of each 100, with its view if it has one.
  for (let i = 99; i < tables; i += 100) {
    if (i + 1 < tables) statements.push(`ALTER TABLE ${table(i + 1)} DROP CONSTRAINT ${fk(i + 1)}`);
    statements.push(`DROP TABLE ${table(i)}`);
  }
  return batches(statements, batch);
}

function range(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i);
}

function batches(statements: readonly string[], size: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < statements.length; i += size) out.push(`BEGIN;\n${statements.slice(i, i + size).join(";\n")};\nCOMMIT;`);
  return out;
}
