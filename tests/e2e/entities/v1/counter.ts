import { Column, Entity, PrimaryGeneratedColumn } from "typeorm";

@Entity({ name: "counters" })
export class Counter {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: "bigint", default: 0 })
  value: string;
}
