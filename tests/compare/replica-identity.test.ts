/**
 * REPLICA IDENTITY and the CLUSTER index in the comparison, on models: entity mode adopts the database's
 * (adoptUnmanaged) and emits nothing for them; a database-to-database comparison changes them; an index
 * they name dropped and created again has them taken back before and set again after. The database
 * round trips are in tests/catalog/replica-identity.db.test.ts.
 */
import { adoptUnmanaged } from "../../src/compare/adopt-unmanaged";
import { compare } from "../../src/compare/compare";
import { ENTITY_MANAGED_KINDS } from "../../src/compare/managed-kinds";
import type { TableDef } from "../../src/model/schema-model";
import { column, idColumn, index, model, primaryKey, ref, table } from "./model-builders";

const plain = table("orders", [idColumn(), column("code", "integer", { nullable: false })], {
  primaryKey: primaryKey("orders_pkey", ["id"]),
  indexes: [index("orders_code", ["code"], { unique: true })],
});
const marked: TableDef = { ...plain, replicaIdentity: { index: "orders_code" }, clusterOn: "orders_code" };
const entityMode = { manage: ENTITY_MANAGED_KINDS };

describe("REPLICA IDENTITY and CLUSTER ON in the comparison", () => {
  it("entity mode: the target adopts the database's, and nothing is emitted", () => {
    const adopted = adoptUnmanaged(model({ tables: [marked] }), model({ tables: [plain] }), ENTITY_MANAGED_KINDS);
    expect(adopted.tables['"public"."orders"']).toEqual(marked);
    expect(compare(model({ tables: [marked] }), model({ tables: [plain] }), entityMode)).toStrictEqual({ operations: [], log: [] });
  });

  it("between databases: set and taken back, each op with what it replaces", () => {
    expect(compare(model({ tables: [plain] }), model({ tables: [{ ...plain, replicaIdentity: "full" }] })).operations).toEqual([
      { kind: "alterReplicaIdentity", table: ref("orders"), from: "default", to: "full" },
    ]);
    expect(compare(model({ tables: [marked] }), model({ tables: [plain] })).operations).toEqual([
      { kind: "alterReplicaIdentity", table: ref("orders"), from: { index: "orders_code" }, to: "default" },
      { kind: "alterClusterOn", table: ref("orders"), from: "orders_code", to: null },
    ]);
  });

  it("an index they name, created again for a new column list: taken back before the drop, set again after the create", () => {
    const wider = { ...marked, indexes: [index("orders_code", ["code", "id"], { unique: true })] };
    const kinds = compare(model({ tables: [marked] }), model({ tables: [wider] }), entityMode).operations.map((op) => op.kind);
    expect(kinds).toEqual(["alterReplicaIdentity", "alterClusterOn", "dropIndex", "createIndex", "alterReplicaIdentity", "alterClusterOn"]);
  });
});
