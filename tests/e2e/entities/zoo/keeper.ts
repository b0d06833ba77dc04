import { Column, Entity, JoinColumn, ManyToOne, OneToOne, PrimaryColumn, Tree, TreeChildren, TreeParent, Entity as E2, PrimaryGeneratedColumn } from "typeorm";

/** Composite primary key, referenced by a composite foreign key. */
@Entity({ name: "enclosures" })
export class Enclosure {
  @PrimaryColumn({ type: "varchar", length: 10 })
  zone: string;

  @PrimaryColumn({ type: "int" })
  number: number;

  @Column({ type: "int", default: 1 })
  capacity: number;
}

@E2({ name: "badges" })
export class Badge {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: "varchar", length: 20, unique: true })
  code: string;
}

@Entity({ name: "keepers" })
export class Keeper {
  @PrimaryGeneratedColumn("uuid")
  id: string;

  @Column({ type: "varchar", length: 100 })
  name: string;

  @ManyToOne(() => Enclosure, { nullable: true, onDelete: "SET NULL", onUpdate: "CASCADE" })
  @JoinColumn([
    { name: "enclosure_zone", referencedColumnName: "zone" },
    { name: "enclosure_number", referencedColumnName: "number" },
  ])
  enclosure: Enclosure | null;

  @OneToOne(() => Badge, { cascade: true })
  @JoinColumn()
  badge: Badge;
}

/** A closure-table tree: TypeORM creates the closure table too. */
@Entity({ name: "regions" })
@Tree("closure-table")
export class Region {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: "varchar", length: 50 })
  name: string;

  @TreeChildren()
  children: Region[];

  @TreeParent()
  parent: Region | null;
}
