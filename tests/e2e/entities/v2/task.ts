import { Column, CreateDateColumn, Entity, Index, JoinTable, ManyToMany, ManyToOne, PrimaryGeneratedColumn } from "typeorm";
import { Account } from "./account";
import { Label } from "./label";

// Edits from v1: index redefined (title only, partial); payload nullable -> not null with default;
// FK action changed (CASCADE -> SET NULL); new many-to-many with labels (join table).
@Entity({ name: "tasks" })
@Index("IDX_tasks_title_done", ["title"], { where: `"done" = false` })
export class Task {
  @PrimaryGeneratedColumn("uuid")
  id: string;

  @Column()
  title: string;

  @Column({ default: false })
  done: boolean;

  @Column({ type: "jsonb", default: () => "'{}'::jsonb" })
  payload: unknown;

  @Column("text", { array: true, default: () => "'{}'" })
  tags: string[];

  @ManyToOne(() => Account, (account) => account.tasks, { onDelete: "SET NULL" })
  owner: Account;

  @ManyToMany(() => Label)
  @JoinTable()
  labels: Label[];

  @CreateDateColumn()
  created: Date;
}
