/**
 * A foreign key the database has NOT ENFORCED (PostgreSQL 18), which entities cannot say: entity mode
 * (objectOptions not managed) keeps it so, as a NOT VALID one, also where it must be recreated; managed,
 * the entity's enforced key is a difference.
 */
import { compare } from "../../src/compare/compare";
import { ENTITY_MANAGED_KINDS } from "../../src/compare/managed-kinds";
import { column, foreignKey, idColumn, model, primaryKey, ref, table } from "./model-builders";

const cities = table("cities", [idColumn()], { primaryKey: primaryKey("PK_cities", ["id"]) });
const fk = foreignKey("FK_city", ["city"], "cities", ["id"]);
const tickets = (city: string, key = fk) =>
  table("tickets", [idColumn(), column("city", city)], {
    primaryKey: primaryKey("PK_tickets", ["id"]),
    foreignKeys: [key],
  });
const database = model({ tables: [cities, tickets("integer", { ...fk, notEnforced: true })] });
const entityOptions = { manage: ENTITY_MANAGED_KINDS };

it("keeps a database's NOT ENFORCED foreign key in entity mode, and re-adds it NOT ENFORCED when it is recreated", () => {
  expect(
    compare(database, model({ tables: [cities, tickets("integer")] }), entityOptions).operations,
  ).toEqual([]);
  const retyped = model({
    tables: [
      {
        ...cities,
        columns: [
          column("id", "bigint", {
            nullable: false,
            identity: { kind: "identity", generation: "BY DEFAULT" },
          }),
        ],
      },
      tickets("bigint"),
    ],
  });
  const added = compare(database, retyped, entityOptions).operations.find(
    (op) => op.kind === "addConstraint",
  );
  expect(added).toStrictEqual({
    kind: "addConstraint",
    table: ref("tickets"),
    constraint: { ...fk, notEnforced: true },
  });
});

it("enforces it where foreign key options are managed (database to database)", () => {
  const { operations } = compare(database, model({ tables: [cities, tickets("integer")] }));
  expect(operations.map((op) => op.kind)).toEqual(["dropConstraint", "addConstraint"]);
  expect(operations[1]).toStrictEqual({
    kind: "addConstraint",
    table: ref("tickets"),
    constraint: fk,
  });
});
