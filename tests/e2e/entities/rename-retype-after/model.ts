import { Column, Entity, Index, JoinColumn, JoinTable, ManyToMany, ManyToOne, PrimaryColumn, PrimaryGeneratedColumn, Tree, TreeChildren, TreeParent, Unique, ViewColumn, ViewEntity } from "typeorm";

// key widened under a foreign key
@Entity({ name: "codes" })
export class Code {
  @PrimaryColumn({ type: "varchar", length: 20 })
  code: string;
}

@Entity({ name: "countries" })
export class Country {
  @PrimaryColumn({ type: "varchar", length: 2 })
  iso: string;

  @PrimaryColumn({ type: "int" })
  year: number;
}

// table renamed (its enum, unique, index, view and join table follow)
@Entity({ name: "sites" })
@Unique("places_name_uq", ["title"])
export class Place {
  @PrimaryGeneratedColumn()
  id: number;

  // renamed and retyped at once
  @Index()
  @Column({ type: "varchar", length: 100 })
  title: string;

  @Column({ type: "enum", enum: ["city", "town", "village"], default: "village" })
  kind: string;

  @ManyToOne(() => Code, { nullable: true })
  @JoinColumn({ name: "code" })
  code: Code | null;

  // composite foreign key made NOT NULL... kept nullable, onDelete added
  @ManyToOne(() => Country, { nullable: true, onDelete: "SET NULL" })
  country: Country | null;

  @Column({ type: "varchar", length: 20, array: true, default: "{}" })
  tags: string[];

  @Column({ type: "boolean", default: true })
  open: boolean;

  @Column({ type: "bigint", default: "10" })
  visits: string;

  // join columns renamed
  @ManyToMany(() => Place)
  @JoinTable({ name: "place_links", joinColumn: { name: "source_id" }, inverseJoinColumn: { name: "target_id" } })
  links: Place[];
}

// table renamed: its closure table too
@Entity({ name: "areas" })
@Tree("closure-table")
export class Region {
  @PrimaryGeneratedColumn()
  id: number;

  @TreeChildren()
  children: Region[];

  @TreeParent()
  parent: Region | null;
}

@ViewEntity({ name: "place_names", expression: `SELECT id, title AS name FROM sites` })
export class PlaceName {
  @ViewColumn()
  id: number;

  @ViewColumn()
  name: string;
}
