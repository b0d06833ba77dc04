import { Column, Entity, PrimaryColumn } from "typeorm";

/** Mapped to the parent of an inheritance child that no entity maps (events_archive). */
@Entity({ name: "events" })
export class Event {
  @PrimaryColumn({ type: "int", primaryKeyConstraintName: "events_pkey" })
  id: number;

  @Column({ type: "text", nullable: true })
  kind: string | null;

  @Column({ type: "text", nullable: true })
  note: string | null;

  @Column({ type: "text", nullable: true })
  payload: string | null;
}
