/**
 * The names of the partitions' indexes (PostgreSQL 15). `op.createPartitionedIndex` names a partition's
 * index `<partition>_<index>` (`autogen_idx_<md5>` past 63 bytes); a plain `CREATE INDEX` on the
 * partitioned table lets PostgreSQL name it (`<partition>_<columns>_idx`, the partition's name cut short to keep it within 63 bytes). The
 * comparison reads no partition's index (each belongs to its table's, which is compared), so neither name
 * shows as a difference: `autogen diff` finds none between a database built with the plain form and one
 * built partition by partition (either way round), and `autogen check` none between the entities and a
 * database upgraded partition by partition; both on a tree with a sub-partitioned partition and a
 * partition whose names pass 63 bytes.
 */
import { createHash } from "node:crypto";
import { createTestDatabase, type TestDatabase } from "../support/test-db";
import { cli, tempProject } from "../cli/cli-support";

const LONG = "ev_a_partition_whose_name_is_long_enough_to_pass_the_limit";

const TABLES = [
  "CREATE TABLE ev (id integer NOT NULL, day date NOT NULL, kind integer NOT NULL, code text, CONSTRAINT ev_pkey PRIMARY KEY (id, day, kind)) PARTITION BY RANGE (day)",
  `CREATE TABLE ${LONG} PARTITION OF ev FOR VALUES FROM ('2024-01-01') TO ('2025-01-01')`,
  "CREATE TABLE ev_b PARTITION OF ev FOR VALUES FROM ('2025-01-01') TO ('2026-01-01') PARTITION BY LIST (kind)",
  "CREATE TABLE ev_b_low PARTITION OF ev_b FOR VALUES IN (1, 2, 3)",
  "CREATE TABLE ev_b_rest PARTITION OF ev_b DEFAULT",
  "INSERT INTO ev SELECT g, date '2024-01-01' + g % 700, 1 + g % 5, 'c' || g FROM generate_series(1, 2000) g",
];

const MIGRATIONS = {
  "migrations/v1.ts": `export const revision = "v1";
export const downRevision = null;
export async function upgrade(op: any): Promise<void> {
${TABLES.map((sql) => `  await op.execute(${JSON.stringify(sql)});`).join("\n")}
}
export async function downgrade(op: any): Promise<void> {
  await op.execute("DROP TABLE ev");
}
`,
  "migrations/v2.ts": `export const revision = "v2";
export const downRevision = "v1";
export async function upgrade(op: any): Promise<void> {
  await op.step("build the indexes", { transaction: false }, async () => {
    await op.createPartitionedIndex("ev", { name: "ev_code_idx", keys: ["code"] });
    await op.createPartitionedIndex("ev", { name: "ev_code_key", keys: ["code", "day", "kind"], unique: true });
  });
}
export async function downgrade(op: any): Promise<void> {
  await op.dropIndex("ev", "ev_code_key");
  await op.dropIndex("ev", "ev_code_idx");
}
`,
};

const ENTITY = `
import { Column, Entity, Index, PrimaryColumn } from "typeorm";
@Entity({ name: "ev" })
@Index("ev_code_idx", ["code"])
@Index("ev_code_key", ["code", "day", "kind"], { unique: true })
export class Ev {
  @PrimaryColumn({ type: "integer", primaryKeyConstraintName: "ev_pkey" }) id: number;
  @PrimaryColumn({ type: "date", primaryKeyConstraintName: "ev_pkey" }) day: string;
  @PrimaryColumn({ type: "integer", primaryKeyConstraintName: "ev_pkey" }) kind: number;
  @Column({ type: "text", nullable: true }) code: string | null;
}
`;

/** The partitions' indexes of ev_code_idx and ev_code_key (not the primary key's), by table. */
const partitionIndexes = async (db: TestDatabase): Promise<string[]> =>
  (
    await db.query(
      "SELECT x.indrelid::regclass || ': ' || c.relname AS line FROM pg_class c JOIN pg_index x ON x.indexrelid = c.oid " +
        "WHERE c.relispartition AND NOT x.indisprimary ORDER BY 1",
    )
  ).map((r: { line: string }) => r.line);

describe("the names of the partitions' indexes, plain and partition by partition (PostgreSQL 15)", () => {
  let plain: TestDatabase;
  let safe: TestDatabase;
  beforeAll(async () => {
    [plain, safe] = await Promise.all([createTestDatabase("pidxplain"), createTestDatabase("pidxsafe")]);
  });
  afterAll(async () => {
    await Promise.all([plain.drop(), safe.drop()]);
  });

  it("make no difference to autogen diff between the two databases, nor to autogen check", async () => {
    for (const sql of TABLES) await plain.query(sql);
    await plain.query("CREATE INDEX ev_code_idx ON ev (code)");
    await plain.query("CREATE UNIQUE INDEX ev_code_key ON ev (code, day, kind)");

    const dir = tempProject({
      "autogen.config.json": JSON.stringify({ entities: ["entities/*.ts"], migrations: "migrations", databaseUrl: safe.url }),
      "entities/ev.ts": ENTITY,
      ...MIGRATIONS,
    });
    const up = await cli(["upgrade", "head"], dir);
    expect(up.stderr).toBe("");
    expect(up.code).toBe(0);

    // The names differ: PostgreSQL's, truncated, and the op's, hashed past 63 bytes.
    const hashed = (index: string) => `autogen_idx_${createHash("md5").update(`${LONG}_${index}`).digest("hex")}`;
    expect(await partitionIndexes(plain)).toEqual(
      [
        `${LONG}: ev_a_partition_whose_name_is_long_enough_to_p_code_day_kind_idx`,
        `${LONG}: ev_a_partition_whose_name_is_long_enough_to_pass_the_l_code_idx`,
        "ev_b: ev_b_code_day_kind_idx",
        "ev_b: ev_b_code_idx",
        "ev_b_low: ev_b_low_code_day_kind_idx",
        "ev_b_low: ev_b_low_code_idx",
        "ev_b_rest: ev_b_rest_code_day_kind_idx",
        "ev_b_rest: ev_b_rest_code_idx",
      ].sort(),
    );
    expect(await partitionIndexes(safe)).toEqual(
      [
        `${LONG}: ${hashed("ev_code_idx")}`,
        `${LONG}: ${hashed("ev_code_key")}`,
        "ev_b: ev_b_ev_code_idx",
        "ev_b: ev_b_ev_code_key",
        "ev_b_low: ev_b_low_ev_code_idx",
        "ev_b_low: ev_b_low_ev_code_key",
        "ev_b_rest: ev_b_rest_ev_code_idx",
        "ev_b_rest: ev_b_rest_ev_code_key",
      ].sort(),
    );

    for (const [from, to] of [
      [plain, safe],
      [safe, plain],
    ]) {
      const diff = await cli(["diff", from.url, to.url], dir);
      expect(diff.stderr).toBe("");
      expect(diff.stdout).toBe("");
      expect(diff.code).toBe(0);
    }
    const check = await cli(["check"], dir);
    expect(check.stdout + check.stderr).toBe("No changes in schema detected.\n");
    expect(check.code).toBe(0);
  }, 120_000);
});
