import { Column, Entity, JoinColumn, ManyToOne, OneToOne, PrimaryGeneratedColumn } from "typeorm";

export class Money {
  @Column({ type: "enum", enum: ["EUR", "USD", "GBP"], default: "EUR" })
  currency: string;

  @Column({ type: "numeric", precision: 8, scale: 2, default: 0 })
  amount: string;
}

@Entity({ name: "users" })
export class User {
  @PrimaryGeneratedColumn()
  id: number;

  // column renamed through `name`
  @Column({ type: "varchar", name: "given_name" })
  firstName: string;

  // enum type renamed
  @Column({ type: "enum", enum: ["admin", "user"], enumName: "role_kind" })
  role: string;

  // embedded prefix changed: columns and the enum TypeORM names after them renamed
  @Column(() => Money, { prefix: "wallet" })
  balance: Money;

}

@Entity({ name: "avatars" })
export class Avatar {
  @PrimaryGeneratedColumn()
  id: number;

  // one-to-one made many-to-one: the unique constraint goes
  @ManyToOne(() => User)
  @JoinColumn()
  user: User;
}
