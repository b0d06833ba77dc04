import { Column, CreateDateColumn, Entity, Generated, JoinColumn, ManyToOne, PrimaryColumn, PrimaryGeneratedColumn } from "typeorm";

@Entity({ name: "widgets" })
export class Widget {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: "varchar" })
  count: string;

  @Column({ type: "int", default: 0 })
  flag: number;

  @Column({ type: "timestamp", nullable: true })
  at: Date | null;

  @Column({ type: "varchar", nullable: true })
  ref: string | null;

  @Column({ type: "hstore", nullable: true })
  attrs: Record<string, string> | null;

  @Column({ type: "citext" })
  email: string;

  @Column({ type: "enum", enum: ["p", "q"], default: "p" })
  mode: string;

  @Column({ type: "varchar", array: true, default: "{}" })
  labels: string[];

  @Column({ type: "int" })
  price: number;

  @Column({ type: "int", generatedType: "STORED", asExpression: `"price" * 2` })
  double: number;

  @Column({ type: "varchar", collation: "C", nullable: true })
  sortKey: string | null;

  @CreateDateColumn()
  created: Date;
}

@Entity({ name: "tokens" })
export class Token {
  @PrimaryColumn({ type: "uuid" })
  id: string;

  @Column({ type: "varchar" })
  @Generated("uuid")
  other: string;
}

@Entity({ name: "gadgets" })
export class Gadget {
  @PrimaryGeneratedColumn()
  id: number;
}

@Entity({ name: "parts" })
export class Part {
  @PrimaryGeneratedColumn()
  id: number;

  @ManyToOne(() => Gadget, { nullable: true })
  @JoinColumn({ name: "gadget_id" })
  gadget: Gadget | null;
}
