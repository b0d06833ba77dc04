import { Check, Column, Entity, Index, OneToMany, PrimaryGeneratedColumn, Unique } from "typeorm";
import { Task } from "./task";

export enum AccountRole {
  Owner = "owner",
  Member = "member",
}

@Entity({ name: "accounts" })
@Unique("UQ_accounts_email", ["email"])
@Check("CHK_accounts_balance", `"balance" >= 0`)
export class Account {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: "varchar", length: 120 })
  email: string;

  @Column({ type: "varchar", length: 120, comment: "shown in the UI" })
  name: string;

  @Column({ type: "smallint", default: 1 })
  level: number;

  @Column({ type: "numeric", precision: 10, scale: 2, default: 0 })
  balance: string;

  @Column({ type: "enum", enum: AccountRole, default: AccountRole.Member })
  role: AccountRole;

  @Column({ nullable: true })
  nickname: string;

  @Index()
  @Column({ type: "varchar", length: 20, nullable: true })
  code: string | null;

  @Column({ type: "varchar", length: 40, nullable: true })
  obsolete: string | null;

  @Column({ type: "enum", enum: ["active", "suspended"], enumName: "account_status", default: "active" })
  status: string;

  @Column({ type: "timestamp", default: () => "now()" })
  joined: Date;

  @OneToMany(() => Task, (task) => task.owner)
  tasks: Task[];
}
