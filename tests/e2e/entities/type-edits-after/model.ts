import { Column, CreateDateColumn, Entity, Generated, JoinColumn, ManyToOne, PrimaryGeneratedColumn, VersionColumn } from "typeorm";

@Entity({ name: "widgets" })
export class Widget {
  @PrimaryGeneratedColumn()
  id: number;

  // varchar -> int (rows hold digits)
  @Column({ type: "int" })
  count: number;

  // int -> boolean
  @Column({ type: "boolean", default: false })
  flag: boolean;

  // timestamp -> timestamptz
  @Column({ type: "timestamptz", nullable: true })
  at: Date | null;

  // varchar -> uuid
  @Column({ type: "uuid", nullable: true })
  ref: string | null;

  @Column({ type: "hstore", nullable: true, default: () => "''::hstore" })
  attrs: Record<string, string> | null;

  @Column({ type: "citext", unique: true })
  email: string;

  // enum -> enum array
  @Column({ type: "enum", enum: ["p", "q"], array: true, default: ["p"] })
  mode: string[];

  @Column({ type: "varchar", array: true, default: () => "ARRAY['x']::varchar[]" })
  labels: string[];

  @Column({ type: "int" })
  price: number;

  @Column({ type: "int", generatedType: "STORED", asExpression: `"price" * 3` })
  double: number;

  @Column({ type: "varchar", collation: "POSIX", nullable: true })
  sortKey: string | null;

  @CreateDateColumn({ precision: 3 })
  created: Date;

  @VersionColumn({ default: 1 })
  version: number;
}

@Entity({ name: "tokens" })
export class Token {
  @PrimaryGeneratedColumn("uuid")
  id: string;

  @Column({ type: "varchar" })
  other: string;
}

// increment -> uuid under a foreign key (tables empty)
@Entity({ name: "gadgets" })
export class Gadget {
  @PrimaryGeneratedColumn("uuid")
  id: string;
}

@Entity({ name: "parts" })
export class Part {
  @PrimaryGeneratedColumn("identity", { generatedIdentity: "ALWAYS" })
  id: number;

  @ManyToOne(() => Gadget, { nullable: true })
  @JoinColumn({ name: "gadget_id" })
  gadget: Gadget | null;
}
