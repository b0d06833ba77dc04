import { Check, Column, Entity, Index, JoinColumn, OneToOne, PrimaryGeneratedColumn } from "typeorm";
import { Priority } from "./priority";
import { Ticket } from "./ticket";

@Entity({ name: "alerts" })
@Check("CHK_alerts_attempts", `"attempts" >= 0`)
@Index("IDX_alerts_open", ["ticket"], { unique: true, where: `"closed" = false` })
export class Alert {
  @PrimaryGeneratedColumn("increment", { type: "bigint" })
  id: string;

  @Column({ type: "enum", enum: Priority, enumName: "priority_level" })
  level: Priority;

  @Column("smallint", { default: 0 })
  attempts: number;

  @Column({ default: false })
  closed: boolean;

  @OneToOne(() => Ticket, { onDelete: "CASCADE" })
  @JoinColumn()
  ticket: Ticket;
}
