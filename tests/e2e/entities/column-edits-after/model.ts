import { Column, CreateDateColumn, DeleteDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from "typeorm";

@Entity({ name: "items" })
export class Item {
  @PrimaryGeneratedColumn()
  id: number;

  // precision and scale widened
  @Column({ type: "numeric", precision: 12, scale: 4, default: 0 })
  price: string;

  // shrunk (rows fit)
  @Column({ type: "varchar", length: 20 })
  code: string;

  // number -> string
  @Column({ default: "1" })
  qty: string;

  // NOT NULL with a default, rows holding NULL
  @Column({ type: "varchar", default: "" })
  note: string;

  // nullable, default dropped
  @Column({ type: "varchar", nullable: true })
  tag: string | null;

  @Column({ type: "timestamptz", default: () => "CURRENT_TIMESTAMP" })
  seen: Date;

  @Column({ type: "uuid", default: "00000000-0000-0000-0000-000000000000" })
  ref: string;

  @Column({ type: "simple-json", nullable: true })
  words: string[] | null;

  @Column({ type: "jsonb", nullable: true })
  blob: object | null;

  @Column({ type: "jsonb", default: { a: [1, 2] } })
  meta: object;

  @Column({ type: "varchar", length: 30, comment: "the title's new comment" })
  title: string;

  @Column({ type: "double precision", comment: "" })
  score: number;

  @CreateDateColumn()
  createdAt: Date;

  @UpdateDateColumn({ type: "timestamptz" })
  updatedAt: Date;

  @DeleteDateColumn()
  deletedAt: Date | null;
}
