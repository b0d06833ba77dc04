import { Column, CreateDateColumn, Entity, Index, ManyToOne, PrimaryGeneratedColumn } from "typeorm";
import { Account } from "./account";

@Entity({ name: "tasks" })
@Index("IDX_tasks_title_done", ["title", "done"])
export class Task {
  @PrimaryGeneratedColumn("uuid")
  id: string;

  @Column()
  title: string;

  @Column({ default: false })
  done: boolean;

  @Column({ type: "jsonb", nullable: true })
  payload: unknown;

  @Column("text", { array: true, default: () => "'{}'" })
  tags: string[];

  @ManyToOne(() => Account, (account) => account.tasks, { onDelete: "CASCADE" })
  owner: Account;

  @CreateDateColumn()
  created: Date;
}
