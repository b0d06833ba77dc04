import { Check, Column, Entity, Generated, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from "typeorm";
import { Agent } from "./agent";
import { Priority } from "./priority";
import { Queue } from "./queue";

@Entity({ name: "tickets" })
@Check(`"weight" BETWEEN 0 AND 100`)
@Index(["queue", "priority"])
export class Ticket {
  @PrimaryGeneratedColumn("identity", { generatedIdentity: "ALWAYS" })
  id: number;

  @Column({ type: "varchar", length: 20, unique: true })
  code: string;

  @Column({ type: "varchar", comment: `what it's about, "briefly"` })
  title: string;

  @Column({ type: "enum", enum: Priority, enumName: "priority_level", default: Priority.Normal })
  priority: Priority;

  @Column({ type: "enum", enum: Priority, enumName: "priority_level", array: true, default: [] })
  history: Priority[];

  @Column({ type: "jsonb", default: () => "'{}'::jsonb" })
  meta: Record<string, unknown>;

  @Column("text", { array: true, default: () => "'{}'" })
  tags: string[];

  @Column("uuid", { array: true, nullable: true })
  watchers: string[] | null;

  @Column("decimal", { precision: 12, scale: 4, nullable: true })
  cost: string | null;

  @Column({ type: "tsvector", select: false, nullable: true })
  search: string | null;

  @Column("int", { default: 1 })
  weight: number;

  @Column({ type: "int", generatedType: "STORED", asExpression: `"weight" * 10` })
  weightScore: number;

  @Column()
  @Generated("increment")
  seq: number;

  @ManyToOne(() => Queue, (queue) => queue.tickets, {
    nullable: true,
    onDelete: "SET NULL",
    onUpdate: "CASCADE",
    deferrable: "INITIALLY DEFERRED",
  })
  @JoinColumn({ name: "queue_code", foreignKeyConstraintName: "fk_ticket_queue" })
  queue: Queue | null;

  @ManyToOne(() => Agent, { nullable: true, createForeignKeyConstraints: false })
  agent: Agent | null;
}
