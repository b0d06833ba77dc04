import { Column, CreateDateColumn, Entity, Index, JoinTable, ManyToMany, PrimaryGeneratedColumn } from "typeorm";
import { Queue } from "./queue";

/** A uuid key (uuid-ossp, TypeORM's default) and the column types people reach for less often. */
@Entity({ name: "agents" })
@Index("IDX_agents_nick_lower", { synchronize: false })
export class Agent {
  @PrimaryGeneratedColumn("uuid")
  id: string;

  @Column({ type: "character", length: 2, default: "NZ" })
  country: string;

  @Column("inet", { nullable: true })
  lastIp: string | null;

  @Column("macaddr", { nullable: true })
  device: string | null;

  @Column("daterange", { nullable: true })
  leave: string | null;

  @Column("int4range", { nullable: true })
  shiftHours: string | null;

  @Column("point", { nullable: true })
  desk: string | null;

  @Column("xml", { nullable: true })
  profile: string | null;

  @Column("bytea", { nullable: true })
  avatar: Buffer | null;

  @Column("real", { default: 1.5 })
  load: number;

  @Column("double precision", { default: 0 })
  score: number;

  @Column("boolean", { default: () => "false" })
  away: boolean;

  @Column("time", { nullable: true })
  startsAt: string | null;

  @Column("timetz", { nullable: true })
  endsAt: string | null;

  @Column("interval", { default: () => "'00:30:00'" })
  breakLength: string;

  @CreateDateColumn({ type: "timestamp", precision: 3, default: () => "CURRENT_TIMESTAMP(3)" })
  joinedAt: Date;

  @ManyToMany(() => Queue, (queue) => queue.agents)
  @JoinTable({
    name: "agent_queues",
    joinColumn: { name: "agent", referencedColumnName: "id" },
    inverseJoinColumn: { name: "queue", referencedColumnName: "code" },
  })
  queues: Queue[];
}
