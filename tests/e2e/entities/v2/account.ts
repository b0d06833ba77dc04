import { Check, Column, Entity, Index, OneToMany, PrimaryGeneratedColumn } from "typeorm";
import { Task } from "./task";

export enum AccountRole {
  Owner = "owner",
  Admin = "admin",
  Member = "member",
}

// Edits from v1: unique on email dropped; check changed; email/name widened; name comment changed; level
// smallint -> int; balance default changed; enum label added in the middle; nickname now NOT NULL with a
// default; code varchar -> integer (USING cast), index on code dropped; obsolete dropped; plan added.
@Entity({ name: "accounts" })
@Check("CHK_accounts_balance", `"balance" >= -100`)
export class Account {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: "varchar", length: 200 })
  email: string;

  @Column({ type: "varchar", length: 200, comment: "the display name" })
  name: string;

  @Column({ type: "int", default: 1 })
  level: number;

  @Column({ type: "numeric", precision: 10, scale: 2, default: 5 })
  balance: string;

  @Column({ type: "enum", enum: AccountRole, default: AccountRole.Member })
  role: AccountRole;

  @Column({ default: "anon" })
  nickname: string;

  @Column({ type: "int", nullable: true })
  code: number | null;

  @Column({ type: "enum", enum: ["free", "pro"], enumName: "account_plan", default: "free" })
  plan: string;

  @Column({ type: "timestamp", default: () => "now()" })
  joined: Date;

  @OneToMany(() => Task, (task) => task.owner)
  tasks: Task[];
}
