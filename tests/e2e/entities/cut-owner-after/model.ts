import { Column, Entity, PrimaryGeneratedColumn, ViewColumn, ViewEntity } from "typeorm";

@Entity({ name: "places" })
export class Place {
  @PrimaryGeneratedColumn()
  id: number;

  // retyped under the view: the view is dropped and created again around it
  @Column({ type: "varchar", length: 100 })
  name: string;

  // a label added and used by the new default: the migration is cut in two
  @Column({ type: "enum", enum: ["city", "town", "village"], default: "village" })
  kind: string;
}

@ViewEntity({ name: "place_names", expression: `SELECT id, name FROM places` })
export class PlaceName {
  @ViewColumn()
  id: number;

  @ViewColumn()
  name: string;
}
