/**
 * A foreign key that both follows its table's rename to a new generated name (TypeORM names it after the
 * table) and must be dropped around a type change of the key it references: it is dropped under its old
 * name and added under its new one, not renamed after its drop (PostgreSQL: constraint ... does not exist).
 */
import { compare } from "../../src/compare/compare";
import type { RenameResolver } from "../../src/compare/compare-options";
import { column, foreignKey, idColumn, model, primaryKey, table } from "./model-builders";

const renamesPlacesToSites: RenameResolver = {
  resolveTables: ({ created, deleted }) => {
    const from = deleted.find((t) => t.name === "places")!;
    const to = created.find((t) => t.name === "sites")!;
    return { created: created.filter((t) => t !== to), renamed: [{ from, to }], deleted: deleted.filter((t) => t !== from) };
  },
  resolveColumns: ({ created, deleted }) => ({ created, renamed: [], deleted }),
};

const codes = (type: string) =>
  table("codes", [column("code", type, { nullable: false })], { primaryKey: primaryKey("PK_codes", ["code"]) });
const places = (name: string, fk: string, type: string) =>
  table(name, [idColumn(), column("code", type)], {
    primaryKey: primaryKey("PK_places", ["id"]),
    foreignKeys: [foreignKey(fk, ["code"], "codes", ["code"])],
  });

it("adds a foreign key renamed with its table under its new name when a type change recreates it", () => {
  const from = model({ tables: [codes("character varying(10)"), places("places", "FK_old", "character varying(10)")] });
  const to = model({ tables: [codes("character varying(20)"), places("sites", "FK_new", "character varying(20)")] });
  const ops = compare(from, to, { renames: renamesPlacesToSites }).operations;
  const constraintOps = ops
    .filter((op) => op.kind === "dropConstraint" || op.kind === "addConstraint" || op.kind === "renameConstraint")
    .map((op) =>
      op.kind === "dropConstraint"
        ? `drop ${op.table.name}.${op.name}`
        : op.kind === "addConstraint"
          ? `add ${op.table.name}.${op.constraint.name}`
          : `rename ${op.table.name}.${op.from} to ${op.to}`,
    );
  expect(constraintOps.sort()).toEqual(["add sites.FK_new", "drop places.FK_old"]);
});
