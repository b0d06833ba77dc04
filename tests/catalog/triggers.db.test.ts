/**
 * Triggers on PostgreSQL 15, database to database: created (row, statement, constraint, INSTEAD OF,
 * with their enabled state), changed (definition: dropped and created again; enabled state: altered),
 * dropped, each with its derived downgrade; and kept through what the migration recreates under them (a
 * view, a retyped column, a constraint trigger's FROM table).
 *
 * The cases compared with every kind managed share one round trip, a schema each (sharedRoundTrip: `public`
 * in what a test expects is its schema); those with triggers not managed share another. A case that
 * renames a partition does so through a resolver that answers for its own schema only: every other
 * case's tables are created and dropped, as without a resolver.
 */
import { ALL_MANAGED_KINDS } from "../../src/compare/managed-kinds";
import { expectRoundTrip, expectShared, renamedInOrderIn, roundTrip, sharedRoundTrip } from "./catalog-round-trip";

const BASE = `
  CREATE TABLE emp (name text, salary integer, changed_at timestamp);
  CREATE VIEW emp_names AS SELECT name FROM emp;
  CREATE FUNCTION stamp() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN NEW.changed_at := now(); RETURN NEW; END $$;
  CREATE FUNCTION insert_name() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN INSERT INTO emp (name) VALUES (NEW.name); RETURN NEW; END $$;
`;

const TRIGGERS = `
  CREATE TRIGGER emp_stamp BEFORE INSERT OR UPDATE OF salary ON emp FOR EACH ROW
    WHEN (NEW.salary IS NOT NULL) EXECUTE FUNCTION stamp();
  CREATE TRIGGER emp_truncate AFTER TRUNCATE ON emp FOR EACH STATEMENT EXECUTE FUNCTION stamp();
  CREATE CONSTRAINT TRIGGER emp_check AFTER INSERT ON emp DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION stamp();
  ALTER TABLE emp DISABLE TRIGGER emp_truncate;
  CREATE TRIGGER emp_names_insert INSTEAD OF INSERT ON emp_names FOR EACH ROW EXECUTE FUNCTION insert_name();
`;

const FROM_TABLE = (key: string) => `
  CREATE TABLE refs (a integer, b integer) PARTITION BY RANGE (${key});
  CREATE CONSTRAINT TRIGGER emp_refs AFTER INSERT ON emp FROM refs FOR EACH ROW EXECUTE FUNCTION stamp();
`;

/** A partitioned table `q` with a trigger `tr`, and the partition `q_1`. */
const ONE_PARTITION = `
  CREATE TABLE q (id int, k int) PARTITION BY LIST (k); CREATE TABLE q_1 PARTITION OF q FOR VALUES IN (1);
  CREATE FUNCTION f() RETURNS trigger LANGUAGE plpgsql AS $$BEGIN RETURN NEW; END$$;
  CREATE TRIGGER tr AFTER INSERT ON q FOR EACH ROW EXECUTE FUNCTION f();`;

/** `q` with the partitions q_1 and q_2 (itself partitioned, with q_2_1), its trigger `tr`, then `extra`. */
const tree = (extra: string) => `
  CREATE TABLE q (id int, k int) PARTITION BY LIST (k); CREATE TABLE q_1 PARTITION OF q FOR VALUES IN (1);
  CREATE TABLE q_2 PARTITION OF q FOR VALUES IN (2) PARTITION BY LIST (id); CREATE TABLE q_2_1 PARTITION OF q_2 FOR VALUES IN (1);
  CREATE FUNCTION f() RETURNS trigger LANGUAGE plpgsql AS $$BEGIN RETURN NEW; END$$;
  CREATE TRIGGER tr AFTER INSERT ON q FOR EACH ROW EXECUTE FUNCTION f(); ${extra}`;

/** A partition `name` of q for `bound` with trigger tr disabled on it. */
const disabledPartition = (name: string, bound: string) => `CREATE TABLE ${name} PARTITION OF q FOR VALUES IN (${bound}); ALTER TABLE ${name} DISABLE TRIGGER tr;`;

const shared = sharedRoundTrip(
  {
    created: { before: BASE, after: BASE + TRIGGERS },
    dropped: { before: BASE + TRIGGERS, after: BASE },
    changed: {
      before: BASE + TRIGGERS,
      after:
        BASE +
        TRIGGERS.replace("BEFORE INSERT OR UPDATE OF salary", "BEFORE UPDATE OF salary, name").replace(
          "DISABLE TRIGGER emp_truncate",
          "ENABLE ALWAYS TRIGGER emp_truncate",
        ),
    },
    kept: {
      before: BASE + TRIGGERS,
      after: (BASE + TRIGGERS).replace("salary integer", "salary bigint").replace("SELECT name FROM emp", "SELECT name, salary FROM emp"),
    },
    // A constraint trigger's FROM table created again (a new partition key): the trigger was left in place,
    // and PostgreSQL refused the drop (cannot drop table refs because other objects depend on it).
    fromTable: { before: BASE + FROM_TABLE("a"), after: BASE + FROM_TABLE("b") },
    partitionState: { before: ONE_PARTITION, after: `${ONE_PARTITION} ALTER TABLE q_1 DISABLE TRIGGER tr;` },
    stateChanged: {
      before: tree("ALTER TABLE q_1 DISABLE TRIGGER tr;"),
      after: tree("ALTER TABLE q ENABLE ALWAYS TRIGGER tr; ALTER TABLE q_1 DISABLE TRIGGER tr;"),
    },
    subPartitioned: { before: tree("ALTER TABLE q_2 DISABLE TRIGGER tr;"), after: tree("ALTER TABLE ONLY q_2 ENABLE REPLICA TRIGGER tr;") },
    attachedAgain: { before: tree(disabledPartition("q_3", "3")), after: tree(disabledPartition("q_3", "3, 4")) },
    droppedAndCreated: {
      before: tree("CREATE TABLE q_3 PARTITION OF q FOR VALUES IN (3); ALTER TABLE q_3 DISABLE TRIGGER tr;"),
      after: tree("CREATE TABLE q_4 PARTITION OF q FOR VALUES IN (4); ALTER TABLE q_4 ENABLE REPLICA TRIGGER tr;"),
    },
    renamedPartition: { before: tree(disabledPartition("q_3", "3")), after: tree(disabledPartition("q_4", "3")) },
    newDefinition: {
      before: tree("ALTER TABLE q_1 DISABLE TRIGGER tr;"),
      after: tree("ALTER TABLE q_1 DISABLE TRIGGER tr;").replace("AFTER INSERT ON q", "AFTER UPDATE ON q"),
    },
  },
  { options: { renames: renamedInOrderIn((): string[] => [shared.in("renamedPartition")("public")]) } },
);

/** A table `r` partitioned by `key`, its partition r_1 for `bound`, its trigger `tr`, then `extra`. */
const keyed = (key: string, bound: string, extra: string) =>
  `CREATE TABLE r (id int, k int) PARTITION BY RANGE (${key}); CREATE TABLE r_1 PARTITION OF r FOR VALUES ${bound};
   CREATE FUNCTION f() RETURNS trigger LANGUAGE plpgsql AS $$BEGIN RETURN NEW; END$$;
   CREATE TRIGGER tr AFTER INSERT ON r FOR EACH ROW EXECUTE FUNCTION f(); ${extra}`;

const notManaged = new Set(ALL_MANAGED_KINDS.filter((kind) => kind !== "triggers"));

/** The cases compared with triggers not managed. */
const unmanaged = sharedRoundTrip(
  {
    newKey: {
      before: keyed("k", "FROM (1) TO (2)", "CREATE TABLE r_2 PARTITION OF r FOR VALUES FROM (2) TO (3); ALTER TABLE r_2 DISABLE TRIGGER tr;"),
      after: keyed("k, id", "FROM (1, 0) TO (2, 0)", ""),
    },
    attachedAndRenamed: {
      before: tree(`${disabledPartition("q_3", "3")} ${disabledPartition("q_5", "5")}`),
      after: tree(`${disabledPartition("q_3", "3, 4")} ${disabledPartition("q_6", "5")}`),
    },
  },
  { options: { manage: notManaged, renames: renamedInOrderIn((): string[] => [unmanaged.in("attachedAndRenamed")("public")]) } },
);

describe("triggers: database to database on PostgreSQL 15", () => {
  it("creates triggers of every kind with their enabled state", async () => {
    const result = await shared.of("created");
    expectRoundTrip(result);
    expect(result.upgrade.map((op) => op.kind)).toEqual(["createTrigger", "createTrigger", "createTrigger", "createTrigger"]);
    expect(result.upgradeSql).toContain(shared.in("created")(`ALTER TABLE "public"."emp" DISABLE TRIGGER "emp_truncate"`));
  });

  it("drops triggers", async () => {
    const result = await shared.of("dropped");
    expectRoundTrip(result);
    expect(result.upgrade.map((op) => op.kind)).toEqual(["dropTrigger", "dropTrigger", "dropTrigger", "dropTrigger"]);
    expect(result.log).toContain(shared.in("dropped")("Detected removed trigger 'emp_stamp' on 'public.emp'"));
  });

  it("drops and creates a changed trigger again, and alters one whose enabled state alone changes", async () => {
    const result = await shared.of("changed");
    expectRoundTrip(result);
    expect(result.upgrade.map((op) => op.kind)).toEqual(["dropTrigger", "createTrigger", "setTriggerEnabled"]);
    expect(result.upgradeSql).toContain(shared.in("changed")(`ALTER TABLE "public"."emp" ENABLE ALWAYS TRIGGER "emp_truncate"`));
  });

  it("keeps an INSTEAD OF trigger through its view's re-creation, and a trigger through a retyped column it names", async () => {
    const result = await shared.of("kept");
    expectRoundTrip(result);
    const kinds = result.upgrade.map((op) => op.kind);
    expect(kinds).toEqual([
      "keepOwner",
      "resetPrivileges",
      "dropTrigger",
      "dropTrigger",
      "dropView",
      "alterColumn",
      "createView",
      "createTrigger",
      "createTrigger",
      "resetPrivileges",
      "keepOwner",
    ]);
    expect(result.log).toContain(
      shared.in("kept")(
        "trigger 'emp_names_insert' on 'public.emp_names' goes with relation public.emp_names, which this migration " +
          "drops and creates again or retypes: dropped before and created again after",
      ),
    );
  });

  it("keeps a constraint trigger through its FROM table's re-creation", async () => {
    const result = await shared.of("fromTable");
    expectRoundTrip(result);
    const kinds = result.upgrade.map((op) => op.kind);
    expect(kinds.indexOf("dropTrigger")).toBeLessThan(kinds.indexOf("dropTable"));
    expect(kinds.indexOf("createTrigger")).toBeGreaterThan(kinds.indexOf("createTable"));
  });

  it(`the shared round trip (${shared.names}): A reaches B and comes back; each statement is one case's`, async () => {
    await expectShared(shared);
  });

  // The clones PostgreSQL puts on partitions (tgparentid) can have an enabled state of their own (ALTER
  // TABLE partition DISABLE TRIGGER t, which pg_dump keeps): read as the trigger's partitionStates, and set
  // with ALTER TABLE ONLY partition after whatever resets them (ALTER TABLE parent ... TRIGGER reaches
  // every partition; a partition created or attached takes the parent's state).
  it("a partition's own enabled state of its partitioned table's trigger", async () => {
    const result = await shared.of("partitionState");
    expectRoundTrip(result);
  });

  describe("partitions' own states through what resets them", () => {
    it("the trigger's own state changed: the partition's set again after", async () => {
      const result = await shared.of("stateChanged");
      expect(result.upgradeSql).toEqual(
        [`ALTER TABLE "public"."q" ENABLE ALWAYS TRIGGER "tr"`, `ALTER TABLE ONLY "public"."q_1" DISABLE TRIGGER "tr"`].map(shared.in("stateChanged")),
      );
      expectRoundTrip(result);
    });

    it("a sub-partitioned partition's, apart from its own partition's", async () => {
      const result = await shared.of("subPartitioned");
      expectRoundTrip(result);
    });

    it("a partition attached again under another bound: given back before, set again after", async () => {
      const result = await shared.of("attachedAgain");
      expectRoundTrip(result);
    });

    it("a partition dropped, and one created with its own state", async () => {
      const result = await shared.of("droppedAndCreated");
      expectRoundTrip(result);
    });

    it("a partition renamed: given back under its name, set again under the new one", async () => {
      const result = await shared.of("renamedPartition");
      expect(result.upgradeSql).toContain(shared.in("renamedPartition")(`ALTER TABLE ONLY "public"."q_4" DISABLE TRIGGER "tr"`));
      expectRoundTrip(result);
    });

    // Not managed, a partition's own state is given back before what makes the partition anew, and not
    // set after (the trigger created again with its table would name a partition that is gone).
    it("triggers not managed: a new key, a partition with its own state dropped; the downgrade gives it back", async () => {
      const result = await unmanaged.of("newKey");
      expect(result.remaining).toEqual([]);
      expect(result.downgraded).toEqual(result.original);
    });

    // Not managed, the trigger is as A has it: a partition the migration detaches and attaches again (and
    // renames) keeps its own state after the upgrade, as the downgrade already gave it back.
    it("triggers not managed: a partition attached again under another bound, and renamed, keeps its own state", async () => {
      const result = await unmanaged.of("attachedAndRenamed");
      expectRoundTrip(result);
      const own = unmanaged.in("attachedAndRenamed");
      expect(result.upgradeSql).toContain(own(`ALTER TABLE ONLY "public"."q_3" DISABLE TRIGGER "tr"`));
      expect(result.upgradeSql).toContain(own(`ALTER TABLE ONLY "public"."q_6" DISABLE TRIGGER "tr"`));
    });

    it(`triggers not managed, in one round trip (${unmanaged.names}): A reaches B and comes back; each statement is one case's`, async () => {
      await expectShared(unmanaged);
    });

    it("the trigger created again for a new definition keeps the partitions' states", async () => {
      const result = await shared.of("newDefinition");
      expectRoundTrip(result);
    });
  });

  // Alone: the only case compared with functions alone managed (and its A keeps a trigger B has not).
  it("leaves triggers alone when the comparison does not manage them, but still brings them back", async () => {
    const after = (BASE + TRIGGERS)
      .replace("SELECT name FROM emp", "SELECT name, salary FROM emp")
      .replace("CREATE TRIGGER emp_truncate AFTER TRUNCATE ON emp FOR EACH STATEMENT EXECUTE FUNCTION stamp();", "")
      .replace("ALTER TABLE emp DISABLE TRIGGER emp_truncate;", "");
    const result = await roundTrip({ before: BASE + TRIGGERS, after, options: { manage: new Set(["functions"]) } });
    // emp_truncate is not dropped (triggers are not managed), so A keeps it where B has none.
    expect(result.upgrade.map((op) => op.kind)).toEqual(["keepOwner", "resetPrivileges", "dropTrigger", "dropView", "createView", "createTrigger", "resetPrivileges", "keepOwner"]);
    expect(result.remaining).toEqual([]);
    expect(result.upgraded).toContain("CREATE TRIGGER emp_truncate");
    expect(result.upgraded).toContain("CREATE TRIGGER emp_names_insert INSTEAD OF INSERT ON public.emp_names");
    expect(result.downgraded).toEqual(result.original);
  });
});
