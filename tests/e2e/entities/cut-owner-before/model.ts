import { Column, Entity, PrimaryGeneratedColumn, ViewColumn, ViewEntity } from "typeorm";

@Entity({ name: "places" })
export class Place {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: "varchar" })
  name: string;

  @Column({ type: "enum", enum: ["city", "town"], default: "city" })
  kind: string;
}

@ViewEntity({ name: "place_names", expression: `SELECT id, name FROM places` })
export class PlaceName {
  @ViewColumn()
  id: number;

  @ViewColumn()
  name: string;
}
