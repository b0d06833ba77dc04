import { Column, Entity, ManyToMany, OneToMany, PrimaryColumn } from "typeorm";
import { Agent } from "./agent";
import { Ticket } from "./ticket";

/** A fixed-width character primary key, referenced by a join table's custom column. */
@Entity({ name: "queues", schema: "ops" })
export class Queue {
  @PrimaryColumn({ type: "char", length: 4 })
  code: string;

  @Column({ type: "varchar", length: 60, unique: true })
  label: string;

  @Column("smallint", { default: -1 })
  rank: number;

  @OneToMany(() => Ticket, (ticket) => ticket.queue)
  tickets: Ticket[];

  @ManyToMany(() => Agent, (agent) => agent.queues)
  agents: Agent[];
}
