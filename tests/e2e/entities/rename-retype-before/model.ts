import { Column, Entity, Index, JoinColumn, JoinTable, ManyToMany, ManyToOne, PrimaryColumn, PrimaryGeneratedColumn, Tree, TreeChildren, TreeParent, Unique, ViewColumn, ViewEntity } from "typeorm";

@Entity({ name: "codes" })
export class Code {
  @PrimaryColumn({ type: "varchar", length: 10 })
  code: string;
}

@Entity({ name: "countries" })
export class Country {
  @PrimaryColumn({ type: "varchar", length: 2 })
  iso: string;

  @PrimaryColumn({ type: "int" })
  year: number;
}

@Entity({ name: "places" })
@Unique("places_name_uq", ["name"])
export class Place {
  @PrimaryGeneratedColumn()
  id: number;

  @Index()
  @Column({ type: "varchar" })
  name: string;

  @Column({ type: "enum", enum: ["city", "town"], default: "city" })
  kind: string;

  @ManyToOne(() => Code, { nullable: true })
  @JoinColumn({ name: "code" })
  code: Code | null;

  @ManyToOne(() => Country, { nullable: true })
  country: Country | null;

  @Column({ type: "varchar", length: 10, array: true, default: "{}" })
  tags: string[];

  @Column({ type: "boolean", default: false })
  open: boolean;

  @Column({ type: "bigint", default: 0 })
  visits: string;

  @ManyToMany(() => Place)
  @JoinTable({ name: "place_links", joinColumn: { name: "from_id" }, inverseJoinColumn: { name: "to_id" } })
  links: Place[];
}

@Entity({ name: "regions" })
@Tree("closure-table")
export class Region {
  @PrimaryGeneratedColumn()
  id: number;

  @TreeChildren()
  children: Region[];

  @TreeParent()
  parent: Region | null;
}

@ViewEntity({ name: "place_names", expression: `SELECT id, name FROM places` })
export class PlaceName {
  @ViewColumn()
  id: number;

  @ViewColumn()
  name: string;
}
