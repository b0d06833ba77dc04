import { Column, Entity, JoinColumn, ManyToOne, OneToOne, PrimaryGeneratedColumn } from "typeorm";

export class Money {
  @Column({ type: "enum", enum: ["EUR", "USD"], default: "EUR" })
  currency: string;

  @Column({ type: "numeric", precision: 8, scale: 2, default: 0 })
  amount: string;
}

@Entity({ name: "users" })
export class User {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: "varchar", name: "first_name" })
  firstName: string;

  @Column({ type: "enum", enum: ["admin", "user"], enumName: "user_role" })
  role: string;

  @Column(() => Money, { prefix: "bal" })
  balance: Money;
}

@Entity({ name: "avatars" })
export class Avatar {
  @PrimaryGeneratedColumn()
  id: number;

  @OneToOne(() => User)
  @JoinColumn()
  user: User;
}
