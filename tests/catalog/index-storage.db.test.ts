/**
 * The storage parameters of indexes and of the indexes behind primary keys and unique constraints
 * (`WITH (fillfactor=70)`, `deduplicate_items=off`, a BRIN's `pages_per_range`): read, compared where both
 * sides are databases and changed in place (`ALTER INDEX ... SET / RESET`, no rebuild), kept as the
 * database has them in entity mode, also when a migration creates the index again. Before, they were not
 * read at all: a diff did not see them, and an index created again lost them. On PostgreSQL 15, judged by
 * pg_dump, which prints them.
 *
 * The cases compared the same way share a round trip, a schema each (`sharedRoundTrip`), and assert on
 * their own part. The exclusions need btree_gist, an extension of the whole database: the first of them
 * creates it in its schema, the others find it there (IF NOT EXISTS), and PostgreSQL finds a type's default
 * operator class whatever the search path; pg_dump puts the extension in no case's part.
 */
import { ENTITY_MANAGED_KINDS } from "../../src/compare/managed-kinds";
import { exclusionWithoutStorage, exclusionWithStorageOf } from "../../src/compare/exclusion-storage";
import { expectRoundTrip, expectShared, roundTrip, sharedRoundTrip, expectSharedEntityMode } from "./catalog-round-trip";

const entityMode = { manage: ENTITY_MANAGED_KINDS };

const TABLE = "CREATE TABLE t (id int, x int, y int, r int4range";

/** `t` with its key, unique and indexes, each given `with` (a `WITH (...)` clause or nothing). */
function keyed(withs: { pk?: string; unique?: string; index?: string; brin?: string }): string {
  return (
    `${TABLE}, CONSTRAINT t_pkey PRIMARY KEY (id) ${withs.pk ?? ""}, CONSTRAINT t_x_key UNIQUE (x) ${withs.unique ?? ""});` +
    ` CREATE INDEX t_y_idx ON t (y) ${withs.index ?? ""}; CREATE INDEX t_r_brin ON t USING brin (y) ${withs.brin ?? ""};`
  );
}

const parted = (clause: string) =>
  `CREATE TABLE p (x int) PARTITION BY RANGE (x); CREATE TABLE p1 PARTITION OF p FOR VALUES FROM (0) TO (10); CREATE INDEX p_x_idx ON p (x) ${clause};`;
const view = (clause: string) => `${TABLE}); CREATE MATERIALIZED VIEW m AS SELECT id, x FROM t; CREATE INDEX m_x_idx ON m (x) ${clause};`;
const ALL_SET = keyed({ pk: "WITH (fillfactor=70)", unique: "WITH (fillfactor=60)", index: "WITH (fillfactor=50)", brin: "WITH (pages_per_range=16)" });

/** The cases compared between databases. */
const between = sharedRoundTrip({
  changed: {
    before: keyed({ pk: "WITH (fillfactor=70)", index: "WITH (fillfactor=50, deduplicate_items=off)" }),
    after: keyed({ unique: "WITH (fillfactor=60)", index: "WITH (fillfactor=80)", brin: "WITH (pages_per_range=16)" }),
  },
  reordered: {
    before: `${TABLE}); CREATE INDEX t_y_idx ON t (y) WITH (fillfactor=50, deduplicate_items=off);`,
    after: `${TABLE}); CREATE INDEX t_y_idx ON t (y) WITH (deduplicate_items=off, fillfactor=50);`,
  },
  createdAgain: {
    before: `${TABLE}); CREATE INDEX t_y_idx ON t (y) WITH (fillfactor=50);`,
    after: `${TABLE}); CREATE INDEX t_y_idx ON t (y, x) WITH (fillfactor=40);`,
  },
  partitioned: { before: parted(""), after: parted("WITH (fillfactor=70)") },
  matview: { before: view(""), after: view("WITH (fillfactor=30)") },
  createdTable: { before: "", after: keyed({ pk: "WITH (fillfactor=70)", unique: "WITH (fillfactor=60)", index: "WITH (fillfactor=50)" }) },
});

const EXCLUDING = "CREATE EXTENSION IF NOT EXISTS btree_gist; CREATE TABLE t (id int, room int, during tsrange, note text";
const EXCLUDING_SAME =
  `${EXCLUDING}, CONSTRAINT t_no_overlap EXCLUDE USING gist (room WITH =, during WITH &&) INCLUDE (note) ` +
  `WITH (fillfactor=70, buffering=on) WHERE (note <> ' WITH (x)'));`;

/**
 * The indexes' cases in entity mode, where A keeps parameters the entities do not give: nothing remains
 * and the downgrade gives A back, but A does not dump as B.
 */
const entities = sharedRoundTrip(
  {
    same: { before: ALL_SET, after: ALL_SET },
    createdAgain: {
      before: `${TABLE}); CREATE INDEX t_y_idx ON t (y) WITH (fillfactor=50);`,
      after: `${TABLE}); CREATE INDEX t_y_idx ON t (y) WHERE y > 0;`,
    },
    otherMethod: {
      before: `${TABLE}); CREATE INDEX t_r_idx ON t (r) WITH (fillfactor=50);`,
      after: `${TABLE}); CREATE INDEX t_r_idx ON t USING gist (r);`,
    },
    primaryKeyRenamed: {
      before: `${TABLE}, CONSTRAINT t_pkey PRIMARY KEY (id) WITH (fillfactor=70));`,
      after: `${TABLE}, CONSTRAINT "PK_t" PRIMARY KEY (id, x));`,
    },
    exclusionSame: { before: EXCLUDING_SAME, after: EXCLUDING_SAME },
    exclusionChanged: {
      before: `${EXCLUDING}, CONSTRAINT t_no_overlap EXCLUDE USING gist (room WITH =, during WITH &&) WITH (fillfactor=70));`,
      after: `${EXCLUDING}, CONSTRAINT t_no_overlap EXCLUDE USING gist (during WITH &&) WHERE (note IS NOT NULL));`,
    },
    exclusionOtherMethod: {
      before: `${EXCLUDING}, CONSTRAINT t_no_overlap EXCLUDE USING gist (room WITH =) WITH (fillfactor=70));`,
      after: `${EXCLUDING}, CONSTRAINT t_no_overlap EXCLUDE USING btree (room WITH =));`,
    },
  },
  { options: entityMode, targetAsEntities: true },
);

describe("shared round trips", () => {
  it(`between databases: ${between.names}`, async () => {
    await expectShared(between);
  });

  it(`in entity mode (nothing remains, the downgrade gives A back, each statement one case's): ${entities.names}`, async () => {
    await expectSharedEntityMode(entities);
  });
});

describe("storage parameters of indexes, compared between databases", () => {
  it("are set, changed and reset in place, and the downgrade puts them back", async () => {
    const [result, own] = [await between.of("changed"), between.in("changed")];
    expect([...result.upgradeSql].sort()).toEqual(
      [
        `ALTER INDEX "public"."t_pkey" RESET ("fillfactor")`,
        `ALTER INDEX "public"."t_x_key" SET ("fillfactor" = '60')`,
        `ALTER INDEX "public"."t_y_idx" RESET ("deduplicate_items"), SET ("fillfactor" = '80')`,
        `ALTER INDEX "public"."t_r_brin" SET ("pages_per_range" = '16')`,
      ]
        .map(own)
        .sort(),
    );
    expect(result.upgraded).toContain("WITH (pages_per_range='16')");
    expectRoundTrip(result);
  });

  // ALTER INDEX ... SET puts what it names last, in its order, as pg_dump then prints them.
  it("in another order are set again in the target's", async () => {
    const [result, own] = [await between.of("reordered"), between.in("reordered")];
    expect(result.upgradeSql).toEqual([own(`ALTER INDEX "public"."t_y_idx" SET ("deduplicate_items" = 'off', "fillfactor" = '50')`)]);
    expectRoundTrip(result);
  });

  it("go with an index created again for another definition", async () => {
    const [result, own] = [await between.of("createdAgain"), between.in("createdAgain")];
    expect(result.upgradeSql).toContain(own(`CREATE INDEX "t_y_idx" ON "public"."t" USING btree (y, x) WITH ("fillfactor" = '40')`));
    expectRoundTrip(result);
  });

  // PostgreSQL refuses ALTER INDEX ... SET on a partitioned index: it is created again.
  it("of a partitioned table's index are changed by creating it again", async () => {
    const [result, own] = [await between.of("partitioned"), between.in("partitioned")];
    expect(result.upgradeSql.some((sql) => sql.startsWith("ALTER INDEX"))).toBe(false);
    expect(result.upgradeSql).toContain(own(`CREATE INDEX "p_x_idx" ON "public"."p" USING btree (x) WITH ("fillfactor" = '70')`));
    expectRoundTrip(result);
  });

  it("of a materialized view's index are changed in place", async () => {
    const [result, own] = [await between.of("matview"), between.in("matview")];
    expect(result.upgradeSql).toEqual([own(`ALTER INDEX "public"."m_x_idx" SET ("fillfactor" = '30')`)]);
    expectRoundTrip(result);
  });

  it("come with a table and its keys created, and go back with them", async () => {
    const result = await between.of("createdTable");
    expect(result.upgradeSql.join("\n")).toContain(`CONSTRAINT "t_pkey" PRIMARY KEY ("id") WITH ("fillfactor" = '70')`);
    expectRoundTrip(result);
  });
});

describe("storage parameters of indexes, in entity mode (entities never give them)", () => {
  it("are left as the database has them", async () => {
    expect((await entities.of("same")).upgrade).toEqual([]);
  });

  it("stay with an index the migration creates again under its name and access method", async () => {
    const [result, own] = [await entities.of("createdAgain"), entities.in("createdAgain")];
    expect(result.upgradeSql).toContain(own(`CREATE INDEX "t_y_idx" ON "public"."t" USING btree (y) WITH ("fillfactor" = '50') WHERE (y > 0)`));
    expect(result.upgraded).toContain(own("CREATE INDEX t_y_idx ON public.t USING btree (y) WITH (fillfactor='50') WHERE (y > 0);"));
    expect(result.remaining).toEqual([]);
    expect(result.downgraded).toEqual(result.original);
  });

  // Another access method takes other parameters (a GIN index has no fillfactor): none is carried over.
  it("are not carried to an index of the same name with another access method", async () => {
    expectRoundTrip(await entities.of("otherMethod"));
  });

  it("stay with a primary key created again under another name", async () => {
    const [result, own] = [await entities.of("primaryKeyRenamed"), entities.in("primaryKeyRenamed")];
    expect(result.upgradeSql).toContain(own(`ALTER TABLE "public"."t" ADD CONSTRAINT "PK_t" PRIMARY KEY ("id", "x") WITH ("fillfactor" = '70')`));
    expect(result.remaining).toEqual([]);
    expect(result.downgraded).toEqual(result.original);
  });
});

describe("an exclusion constraint's index storage parameters, in entity mode", () => {
  // They sit in the constraint's definition: an entity's exclusion (without them) is the same constraint.
  it("are left as the database has them, WHERE and INCLUDE around them", async () => {
    const result = await entities.of("exclusionSame");
    expect(result.upgrade).toEqual([]);
  });

  it("stay with an exclusion the entity changes under its name and access method, before its WHERE", async () => {
    const [result, own] = [await entities.of("exclusionChanged"), entities.in("exclusionChanged")];
    expect(result.upgradeSql).toContain(
      own(`ALTER TABLE "public"."t" ADD CONSTRAINT "t_no_overlap" EXCLUDE USING gist (during WITH &&) WITH (fillfactor='70') WHERE ((note IS NOT NULL))`),
    );
    expect(result.upgraded).toContain("EXCLUDE USING gist (during WITH &&) WITH (fillfactor='70') WHERE ((note IS NOT NULL));");
    expect(result.remaining).toEqual([]);
    expect(result.downgraded).toEqual(result.original);
  });

  // Another access method takes other parameters: none is carried over.
  it("are not carried to an exclusion of the same name with another access method", async () => {
    expectRoundTrip(await entities.of("exclusionOtherMethod"));
  });
});

describe("exclusionWithStorageOf", () => {
  it("puts the other's WITH clause before the target's predicate and deferral, or at its end", () => {
    const current = "EXCLUDE USING gist (room WITH =) WITH (fillfactor='70', buffering=on)";
    expect(exclusionWithStorageOf("EXCLUDE USING gist (during WITH &&) INCLUDE (note) WHERE ((x > 0)) DEFERRABLE", current)).toBe(
      "EXCLUDE USING gist (during WITH &&) INCLUDE (note) WITH (fillfactor='70', buffering=on) WHERE ((x > 0)) DEFERRABLE",
    );
    expect(exclusionWithStorageOf("EXCLUDE USING gist (during WITH &&) DEFERRABLE INITIALLY DEFERRED", current)).toBe(
      "EXCLUDE USING gist (during WITH &&) WITH (fillfactor='70', buffering=on) DEFERRABLE INITIALLY DEFERRED",
    );
    expect(exclusionWithStorageOf("EXCLUDE USING gist (during WITH &&)", current)).toBe(
      "EXCLUDE USING gist (during WITH &&) WITH (fillfactor='70', buffering=on)",
    );
  });

  it("leaves the target as it is with another access method, one of its own, or none to give", () => {
    expect(exclusionWithStorageOf("EXCLUDE USING btree (room WITH =)", "EXCLUDE USING gist (room WITH =) WITH (fillfactor='70')")).toBe(
      "EXCLUDE USING btree (room WITH =)",
    );
    expect(exclusionWithStorageOf("EXCLUDE USING gist (room WITH =) WITH (fillfactor='50')", "EXCLUDE USING gist (room WITH =) WITH (fillfactor='70')")).toBe(
      "EXCLUDE USING gist (room WITH =) WITH (fillfactor='50')",
    );
    expect(exclusionWithStorageOf("EXCLUDE USING gist (room WITH =)", "EXCLUDE USING gist (room WITH =)")).toBe("EXCLUDE USING gist (room WITH =)");
  });
});

describe("exclusionWithoutStorage", () => {
  it("takes out the WITH clause outside the elements, and only it", () => {
    expect(exclusionWithoutStorage("EXCLUDE USING gist (room WITH =, during WITH &&) WITH (fillfactor='70') WHERE ((note <> ' WITH ('::text))")).toBe(
      "EXCLUDE USING gist (room WITH =, during WITH &&) WHERE ((note <> ' WITH ('::text))",
    );
    expect(exclusionWithoutStorage("EXCLUDE USING gist (room WITH =) INCLUDE (note) WITH (fillfactor='70', buffering=on) DEFERRABLE")).toBe(
      "EXCLUDE USING gist (room WITH =) INCLUDE (note) DEFERRABLE",
    );
    expect(exclusionWithoutStorage(`EXCLUDE USING gist ("a "" WITH (b" WITH =) WHERE ((x > 0))`)).toBe(`EXCLUDE USING gist ("a "" WITH (b" WITH =) WHERE ((x > 0))`);
    expect(exclusionWithoutStorage("EXCLUDE USING gist (during WITH &&)")).toBe("EXCLUDE USING gist (during WITH &&)");
  });
});
