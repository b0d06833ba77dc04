import { Column, Entity, PrimaryColumn } from "typeorm";

/** v1 with legacy dropped, humidity added and peaktemp's default changed. */
@Entity({ name: "measurement" })
export class Measurement {
  @PrimaryColumn({ type: "int", primaryKeyConstraintName: "measurement_pkey" })
  id: number;

  @PrimaryColumn({ type: "date", primaryKeyConstraintName: "measurement_pkey" })
  logdate: string;

  @Column({ type: "int", nullable: true, default: 5 })
  peaktemp: number | null;

  @Column({ type: "numeric", precision: 5, scale: 2, nullable: true })
  humidity: string | null;
}
