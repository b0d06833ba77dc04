import { Column, Entity, PrimaryColumn } from "typeorm";

/** v1 with note and payload dropped and kind retyped to varchar. */
@Entity({ name: "events" })
export class Event {
  @PrimaryColumn({ type: "int", primaryKeyConstraintName: "events_pkey" })
  id: number;

  @Column({ type: "varchar", length: 40, nullable: true })
  kind: string | null;
}
