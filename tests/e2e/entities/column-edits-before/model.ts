import { Column, Entity, PrimaryGeneratedColumn } from "typeorm";

@Entity({ name: "items" })
export class Item {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: "numeric", precision: 10, scale: 2, default: 0 })
  price: string;

  @Column({ type: "varchar", length: 50 })
  code: string;

  @Column({ type: "int", default: 1 })
  qty: number;

  @Column({ type: "varchar", nullable: true })
  note: string | null;

  @Column({ type: "varchar", nullable: false, default: "x" })
  tag: string;

  @Column({ type: "timestamptz", default: () => "now()" })
  seen: Date;

  @Column({ type: "uuid", default: () => "gen_random_uuid()" })
  ref: string;

  @Column({ type: "simple-array", nullable: true })
  words: string[] | null;

  @Column({ type: "simple-json", nullable: true })
  blob: object | null;

  @Column({ type: "jsonb", default: {} })
  meta: object;

  @Column({ type: "varchar", length: 30, comment: "the title" })
  title: string;

  @Column({ type: "real" })
  score: number;
}
