import {
  Column,
  CreateDateColumn,
  DeleteDateColumn,
  Entity,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
  VersionColumn,
} from "typeorm";

/** Columns every audited entity shares, from an abstract base class (no table of its own). */
export abstract class Audited {
  @PrimaryGeneratedColumn("uuid")
  id: string;

  @CreateDateColumn({ type: "timestamptz" })
  createdAt: Date;

  @UpdateDateColumn({ type: "timestamptz" })
  updatedAt: Date;

  @DeleteDateColumn({ type: "timestamptz" })
  deletedAt: Date | null;

  @VersionColumn()
  version: number;
}

export class Geo {
  @Column("double precision", { nullable: true })
  lat: number | null;

  @Column("double precision", { nullable: true })
  lng: number | null;
}

export class Address {
  @Column({ length: 120 })
  street: string;

  @Column({ length: 60, default: "Wellington" })
  city: string;

  @Column(() => Geo)
  geo: Geo;
}

@Entity({ name: "customers" })
export class Customer extends Audited {
  @Column({ length: 80 })
  name: string;

  /** Embedded without a prefix: its columns sit beside the others. */
  @Column(() => Address, { prefix: false })
  address: Address;

  /** Embedded with a custom prefix. */
  @Column(() => Address, { prefix: "billing_" })
  billing: Address;
}

@Entity({ name: "suppliers" })
export class Supplier extends Audited {
  @Column({ length: 80, unique: true })
  name: string;
}
