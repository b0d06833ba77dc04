import { Column, Entity, PrimaryColumn } from "typeorm";

/** Mapped to a table the database partitions by range of logdate (the entity cannot say so). */
@Entity({ name: "measurement" })
export class Measurement {
  @PrimaryColumn({ type: "int", primaryKeyConstraintName: "measurement_pkey" })
  id: number;

  @PrimaryColumn({ type: "date", primaryKeyConstraintName: "measurement_pkey" })
  logdate: string;

  @Column({ type: "int", nullable: true, default: 3 })
  peaktemp: number | null;

  @Column({ type: "text", nullable: true })
  legacy: string | null;
}
