import {
  ChildEntity,
  Column,
  CreateDateColumn,
  DeleteDateColumn,
  Entity,
  Generated,
  Index,
  PrimaryGeneratedColumn,
  TableInheritance,
  Unique,
  UpdateDateColumn,
  VersionColumn,
} from "typeorm";

export enum Diet {
  Herbivore = "herbivore",
  Carnivore = "carnivore",
  Omnivore = "omnivore",
}

export class Tag {
  @Column({ type: "varchar", length: 30, nullable: true })
  label: string | null;

  @Column({ type: "int", default: 0 })
  weight: number;
}

/** Single-table inheritance, embedded columns, a zoo of column types. */
@Entity({ name: "animals" })
@TableInheritance({ column: { type: "varchar", name: "kind" } })
@Unique("UQ_animals_name_born", ["name", "born"])
@Index(["diet", "born"])
export class Animal {
  @PrimaryGeneratedColumn("increment", { type: "bigint" })
  id: string;

  @Column({ type: "varchar", length: 80 })
  name: string;

  @Column({ type: "date", nullable: true })
  born: string | null;

  @Column({ type: "enum", enum: Diet, array: true, default: [Diet.Omnivore] })
  diet: Diet[];

  @Column({ type: "simple-enum", enum: ["s", "m", "l"], default: "m" })
  size: string;

  @Column("simple-array", { nullable: true })
  nicknames: string[] | null;

  @Column("simple-json", { nullable: true })
  profile: { a: number } | null;

  @Column({ type: "decimal", precision: 12, scale: 4, default: 0 })
  weightKg: string;

  @Column({ type: "double precision", nullable: true })
  speed: number | null;

  @Column({ type: "real", nullable: true })
  ratio: number | null;

  @Column({ type: "interval", nullable: true })
  gestation: string | null;

  @Column({ type: "time", nullable: true })
  feedingTime: string | null;

  @Column({ type: "bytea", nullable: true })
  photo: Buffer | null;

  @Column({ type: "inet", nullable: true })
  tracker: string | null;

  @Column({ type: "tsvector", nullable: true })
  search: string | null;

  @Column({ type: "int4range", nullable: true })
  ageRange: string | null;

  @Column({ type: "varchar", array: true, default: () => "ARRAY[]::varchar[]" })
  keepers: string[];

  @Column({ type: "uuid" })
  @Generated("uuid")
  publicId: string;

  @Column({ type: "timestamptz", default: () => "CURRENT_TIMESTAMP" })
  seenAt: Date;

  @Column(() => Tag)
  tag: Tag;

  @CreateDateColumn()
  createdAt: Date;

  @UpdateDateColumn()
  updatedAt: Date;

  @DeleteDateColumn()
  deletedAt: Date | null;

  @VersionColumn()
  version: number;
}

@ChildEntity("bird")
export class Bird extends Animal {
  @Column({ type: "smallint", nullable: true })
  wingspan: number | null;
}
