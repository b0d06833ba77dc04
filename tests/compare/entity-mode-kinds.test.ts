/**
 * Entity mode (`ENTITY_MANAGED_KINDS`) with a database that has what entities cannot describe: nothing
 * is created, altered or dropped for it, and what must be recreated keeps it. The database-to-database
 * default manages every one of these kinds.
 */
import { compare } from "../../src/compare/compare";
import { ENTITY_MANAGED_KINDS } from "../../src/compare/managed-kinds";
import type { DomainDef, TableDef } from "../../src/model/schema-model";
import { column, foreignKey, idColumn, model, primaryKey, ref, sequence, table, unique } from "./model-builders";

const cities = table("cities", [idColumn()], { primaryKey: primaryKey("PK_cities", ["id"]) });
const entityTickets = table(
  "tickets",
  [idColumn(), column("code", "text"), column("city", "integer")],
  {
    primaryKey: primaryKey("PK_tickets", ["id"]),
    uniques: [unique("UQ_code", ["code"])],
    foreignKeys: [foreignKey("FK_city", ["city"], "cities", ["id"])],
  },
);
const databaseTickets: TableDef = {
  ...entityTickets,
  columns: [
    column("id", "integer", {
      nullable: false,
      identity: { kind: "identity", generation: "BY DEFAULT", options: { start: "100" } },
    }),
    ...entityTickets.columns.slice(1),
  ],
  uniques: [{ ...entityTickets.uniques[0]!, nullsNotDistinct: true }],
  foreignKeys: [{ ...entityTickets.foreignKeys[0]!, notValid: true }],
  unlogged: true,
  storageParameters: ["fillfactor=70"],
};
const domain: DomainDef = { schema: "public", name: "positive", type: "integer", collation: null, default: null, notNull: false, checks: [] };
const partitioned = table("measurement", [column("logdate", "date", { nullable: false })], { partitionBy: "RANGE (logdate)" });
const partition = table("measurement_2024", [column("logdate", "date", { nullable: false, inherited: true })], {
  partitionOf: { parent: ref("measurement"), bound: "FOR VALUES FROM ('2024-01-01') TO ('2025-01-01')" },
});
const parent = table("events", [idColumn(), column("note", "text")]);
const child = table("events_archive", [idColumn(), column("note", "text", { inherited: true }), column("at", "date")], {
  inherits: [ref("events")],
});

const database = {
  ...model({ tables: [cities, databaseTickets, partitioned, partition, parent, child] }),
  domains: { '"public"."positive"': domain },
  compositeTypes: { '"public"."pair"': { schema: "public", name: "pair", attributes: [] } },
};
const entities = model({ tables: [cities, entityTickets, { ...partitioned, partitionBy: undefined } as TableDef, parent] });
const entityOptions = { manage: ENTITY_MANAGED_KINDS };

describe("compare in entity mode: what entities cannot describe is kept", () => {
  it("finds nothing to do", () => {
    expect(compare(database, entities, entityOptions)).toStrictEqual({ operations: [], log: [] });
  });

  it("re-adds a foreign key it must recreate NOT VALID, as the database has it", () => {
    const retyped = model({
      tables: [
        { ...cities, columns: [column("id", "bigint", { nullable: false, identity: { kind: "identity", generation: "BY DEFAULT" } })] },
        { ...entityTickets, columns: [idColumn(), column("code", "text"), column("city", "bigint")] },
        { ...partitioned, partitionBy: undefined } as TableDef,
        parent,
      ],
    });
    const { operations } = compare(database, retyped, entityOptions);
    const added = operations.find((op) => op.kind === "addConstraint");
    expect(added).toStrictEqual({ kind: "addConstraint", table: ref("tickets"), constraint: { ...entityTickets.foreignKeys[0]!, notValid: true } });
  });

  it("drops a parent's column with ONLY, so that the child that is not compared keeps it", () => {
    const { operations } = compare(database, model({ tables: [cities, entityTickets, { ...partitioned, partitionBy: undefined } as TableDef, table("events", [idColumn()])] }), entityOptions);
    expect(operations).toStrictEqual([
      { kind: "dropColumn", table: ref("events"), column: "note", existing: column("note", "text"), only: true },
    ]);
  });

  it("manages all of it database to database", () => {
    const { operations } = compare(database, entities);
    expect(operations.map((op) => op.kind).sort()).toEqual([
      "alterColumn", "alterTableStorage", "dropCompositeType", "dropConstraint",
      "dropDomain", "dropTable", "dropTable", "dropTable",
      // The foreign key the database has NOT VALID, validated in place.
      "validateConstraint",
      // The partitioned table created again for its new key keeps its owner, and starts from the built-in
      // privileges before its grants are set again.
      "keepOwner", "keepOwner", "resetPrivileges", "resetPrivileges",
      // The two tables dropped for good (and the sequence of the child's identity column), the domain and
      // the composite type: where the downgrade, creating them again, starts them from those too.
      "resetPrivileges", "resetPrivileges", "resetPrivileges", "resetPrivileges", "resetPrivileges",
      "addConstraint", "createTable",
    ].sort());
  });
});

describe("compare: whether a column is a child's own is not a change", () => {
  it("attaches a table as a partition without altering its columns", () => {
    const loose = table("loose", [column("logdate", "date", { nullable: false })]);
    const attached = { ...loose, columns: [column("logdate", "date", { nullable: false, inherited: true })], partitionOf: partition.partitionOf };
    const { operations } = compare(model({ tables: [partitioned, loose] }), model({ tables: [partitioned, attached] }));
    expect(operations).toStrictEqual([
      // A table of its own before: its attach first adds the parent's checks it lacks (compile-partitions.ts).
      { kind: "attachPartition", table: ref("loose"), parent: ref("measurement"), bound: partition.partitionOf!.bound, standalone: true },
    ]);
  });
});

describe("compare in entity mode: free-standing sequences", () => {
  // Entities cannot describe a sequence that is not behind a serial or identity column.
  const invoiceNumbers = sequence("invoice_numbers");
  const owned = { ...sequence("ticket_codes"), ownedBy: { table: ref("tickets"), column: "code" } };
  const before = model({ tables: [cities, entityTickets], sequences: [invoiceNumbers, owned] });

  it("leaves them alone, owned or not", () => {
    expect(compare(before, model({ tables: [cities, entityTickets] }), entityOptions)).toStrictEqual({ operations: [], log: [] });
  });

  it("drops one OWNED BY a column the migration drops, so that the downgrade brings it back", () => {
    const withoutCode = { ...entityTickets, columns: entityTickets.columns.filter((c) => c.name !== "code"), uniques: [] };
    const kinds = compare(before, model({ tables: [cities, withoutCode] }), entityOptions).operations.map((op) =>
      op.kind === "dropSequence" ? `dropSequence ${op.sequence.name}` : op.kind,
    );
    expect(kinds).toContain("dropSequence ticket_codes");
    expect(kinds).not.toContain("dropSequence invoice_numbers");
  });

  it("drops them when the project asks to manage sequences, and database to database", () => {
    const after = model({ tables: [cities, entityTickets] });
    const managed = compare(before, after, { manage: new Set(["sequences"] as const) }).operations;
    // Each with its reset's drop stage, where the downgrade, creating it again, starts it from the built-in privileges.
    const dropped = ["resetPrivileges", "resetPrivileges", "dropSequence", "dropSequence"];
    expect(managed.map((op) => op.kind)).toEqual(dropped);
    expect(compare(before, after).operations.map((op) => op.kind)).toEqual(dropped);
  });
});
